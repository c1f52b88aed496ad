/**
 * Merging agency A into B from a date, and reassigning a task's lead. Both move assignments the
 * same way: the assignment changes agency and remembers where it came from ("trước đây: A"),
 * its cycles go with it with their due dates, reports, ledger and audit lines untouched. When B
 * already has the same role on the task, there are never two: A's cycles for periods B lacks
 * join B's assignment, A's assignment is retired, and the cycles B already has stay where they
 * are with their history (shown by /history). Officers who move or gain or lose work are told
 * by a notice the next tick delivers.
 */
import { isWithinDateWindow, localDateOf, type LocalDate } from "../../domain/local-date.js";
import type { Db } from "../../storage/database.js";
import { planNotice } from "../../storage/notice-repository.js";
import { insertAudit } from "../../storage/audit-repository.js";
import {
  findActiveFocalIds,
  findActivePeopleIds,
  findAssignmentsOfTask,
  findCyclesOfAssignment,
  findLiveAssignmentsOfAgency,
  findManagedAgencies,
  findOpenDue,
  findPeopleOfAgency,
  insertManualAssignment,
  markAgencyMerged,
  moveAssignment,
  moveCycles,
  keepManualLead,
  movePeopleAndInvites,
  replaceCollectiveMember,
  setAssignmentState,
  type ManagedAgency,
  type StoredAssignment,
  type TaskByRef,
} from "../../storage/registry-repository.js";
import type { AgencyNotice } from "../../domain/notice-kinds.js";
import { requireAgency, snapshot } from "./registry-admin.js";
import { lookUpTask } from "../plans/plan-lifecycle.js";
import { RegistryChangeError } from "../../domain/registry-errors.js";

export interface MoveContext {
  db: Db;
  actor: string;
  now: Date;
  timeZone: string;
}

export interface MergeReport {
  from: { code: string; name: string };
  into: { code: string; name: string };
  effectiveOn: LocalDate;
  assignments: number;
  openCycles: number;
  people: Array<{ id: number; name: string }>;
}

interface MoveResult {
  openCycles: number;
}

/**
 * Moves assignment `x` to agency `to` (a lead or coordinating role), keeping one assignment
 * per (task, agency, role). Cycles move with their history; open ones get a "moved" audit line.
 */
async function transfer(
  trx: Db,
  x: StoredAssignment,
  from: ManagedAgency,
  to: ManagedAgency,
  movedOn: LocalDate,
  audit: { at: string; actor: string },
  manual: boolean,
): Promise<MoveResult> {
  const onTask = await findAssignmentsOfTask(trx, x.taskId);
  const same = onTask.find((a) => a.agencyId === to.id && a.role === x.role);
  const toLeads = onTask.some((a) => a.agencyId === to.id && a.role === "lead" && a.removedAt === null);
  const cycles = await findCyclesOfAssignment(trx, x.id);
  const movedOpen = async (ids: number[]) => {
    for (const id of ids) await insertAudit(trx, { ...audit, action: "cycle.moved", entity: "cycle", entityId: id, before: { agency: from.name }, after: { agency: to.name } });
    return ids.length;
  };
  if (x.role === "coordinate") {
    if (same && same.removedAt !== null && !toLeads) await setAssignmentState(trx, same.id, { removedAt: null });
    if (same || toLeads) await setAssignmentState(trx, x.id, { removedAt: audit.at });
    else await moveAssignment(trx, x, to.id, movedOn, manual);
    return { openCycles: 0 };
  }
  // A lead role: B stops coordinating the task it now leads.
  const coordinating = onTask.find((a) => a.agencyId === to.id && a.role === "coordinate" && a.removedAt === null);
  if (coordinating) await setAssignmentState(trx, coordinating.id, { removedAt: audit.at });
  if (!same) {
    await moveAssignment(trx, x, to.id, movedOn, manual);
    return { openCycles: await movedOpen(cycles.filter((c) => c.completedAt === null).map((c) => c.id)) };
  }
  if (same.removedAt !== null) await setAssignmentState(trx, same.id, { removedAt: null });
  const taken = new Set((await findCyclesOfAssignment(trx, same.id)).map((c) => c.period));
  const joining = cycles.filter((c) => !taken.has(c.period));
  await moveCycles(
    trx,
    joining.map((c) => c.id),
    same.id,
    to.id,
  );
  await setAssignmentState(trx, x.id, { removedAt: audit.at, ...(manual && { manual: true }) });
  for (const kept of cycles.filter((c) => taken.has(c.period))) {
    await insertAudit(trx, { ...audit, action: "cycle.joined", entity: "cycle", entityId: kept.id, before: { agency: from.name }, after: { agency: to.name } });
  }
  return { openCycles: await movedOpen(joining.filter((c) => c.completedAt === null).map((c) => c.id)) };
}

function checkDate(effectiveOn: string, today: LocalDate): LocalDate {
  if (!isWithinDateWindow(effectiveOn)) throw new RegistryChangeError("date_invalid", { date: effectiveOn });
  if (effectiveOn > today) throw new RegistryChangeError("date_future");
  return effectiveOn;
}

export async function mergeAgencies(context: MoveContext, input: { from: string; into: string; effectiveOn: LocalDate; source?: string | null }): Promise<MergeReport> {
  const at = context.now.toISOString();
  const effectiveOn = checkDate(input.effectiveOn, localDateOf(context.now, context.timeZone));
  return context.db.transaction().execute(async (trx) => {
    const from = await requireAgency(trx, input.from);
    const into = await requireAgency(trx, input.into);
    if (from.id === into.id) throw new RegistryChangeError("merge_self");
    const audit = { at, actor: context.actor };
    const assignments = await findLiveAssignmentsOfAgency(trx, from.id);
    let openCycles = 0;
    for (const x of assignments) openCycles += (await transfer(trx, x, from, into, effectiveOn, audit, false)).openCycles;
    const people = await findPeopleOfAgency(trx, from.id);
    const told = await findActivePeopleIds(trx, from.id);
    await movePeopleAndInvites(trx, from.id, into.id, at);
    await replaceCollectiveMember(trx, from.id, into.id);
    await markAgencyMerged(trx, from.id, { id: into.id, on: effectiveOn, source: input.source ?? null }, at);
    const leadTasks = new Set(assignments.filter((a) => a.role === "lead").map((a) => a.taskId)).size;
    const notice: AgencyNotice = { event: "merged", from: from.name, into: into.name, on: effectiveOn, tasks: leadTasks };
    for (const personId of told) {
      await planNotice(trx, { personId, key: `merged-${from.code}-${into.code}`, kind: "agency_notice", payload: notice }, at);
    }
    const report: MergeReport = {
      from: { code: from.code, name: from.name },
      into: { code: into.code, name: into.name },
      effectiveOn,
      assignments: assignments.length,
      openCycles,
      people,
    };
    await insertAudit(trx, {
      at,
      actor: context.actor,
      action: "agency.merged",
      entity: "agency",
      entityId: from.id,
      before: snapshot(from),
      after: { merged_into: into.code, merged_on: effectiveOn, source: input.source ?? null, assignments: assignments.length, open_cycles: openCycles, people: people.map((p) => p.id) },
    });
    return report;
  });
}

/**
 * A task from what a person types: "III.1.4.a.2", or "1861/III.1.4.a.2" when refs collide
 * (plan-lifecycle.ts decides; its label is the ref as shown).
 */
export async function resolveTask(db: Db, typed: string): Promise<TaskByRef & { label: string }> {
  const found = await lookUpTask(db, typed);
  if (found.kind === "none") throw new RegistryChangeError("ref_unknown", { ref: typed.trim() });
  if (found.kind === "ambiguous") {
    throw new RegistryChangeError("ref_ambiguous", { ref: typed.trim(), plans: found.choices.map((c) => c.planCode).join(", "), example: found.choices[0]!.label });
  }
  const { task } = found;
  return { id: task.id, ref: task.ref, text: task.text, planCode: task.planCode, label: found.label };
}

export interface LeadChange {
  ref: string;
  from: { code: string; name: string };
  to: { code: string; name: string };
  openCycles: number;
}

export async function setLead(context: MoveContext, input: { ref: string; to: string; from?: string }): Promise<LeadChange> {
  const at = context.now.toISOString();
  const today = localDateOf(context.now, context.timeZone);
  return context.db.transaction().execute(async (trx) => {
    const task = await resolveTask(trx, input.ref);
    const to = await requireAgency(trx, input.to);
    const agencies = await findManagedAgencies(trx);
    const leads = (await findAssignmentsOfTask(trx, task.id)).filter((a) => a.role === "lead" && a.removedAt === null);
    const codeOf = (id: number) => agencies.find((a) => a.id === id)!;
    let x: StoredAssignment | undefined;
    if (input.from !== undefined) {
      const from = await requireAgency(trx, input.from, { allowMerged: true });
      x = leads.find((a) => a.agencyId === from.id);
      if (!x) throw new RegistryChangeError("not_lead", { agency: from.code, ref: task.label });
    } else if (leads.length === 1) {
      x = leads[0];
    } else {
      const other = leads.find((a) => a.agencyId !== to.id);
      throw new RegistryChangeError("lead_choice", {
        ref: task.label,
        leads: leads.map((a) => codeOf(a.agencyId).code).join(", "),
        example: `${to.code} ${other ? codeOf(other.agencyId).code : ""}`.trim(),
      });
    }
    if (!x) throw new RegistryChangeError("ref_unknown", { ref: input.ref });
    const from = codeOf(x.agencyId);
    if (from.id === to.id) throw new RegistryChangeError("lead_unchanged", { agency: to.code, ref: task.label });
    const fromFocal = await findActiveFocalIds(trx, from.id);
    const result = await transfer(trx, x, from, to, today, { at, actor: context.actor }, true);
    const kept = (await findAssignmentsOfTask(trx, task.id)).find((a) => a.agencyId === to.id && a.role === "lead" && a.removedAt === null)!;
    await keepManualLead(trx, kept);
    await insertAudit(trx, { at, actor: context.actor, action: "task.lead_set", entity: "task", entityId: task.id, before: { lead_names: from.name }, after: { lead_names: to.name } });
    const due = await findOpenDue(trx, kept.id);
    for (const personId of fromFocal)
      await planNotice(trx, { personId, key: `lead-lost-${task.id}-${at}`, kind: "agency_notice", payload: { event: "lead_lost", ref: task.label, to: to.name } satisfies AgencyNotice }, at);
    for (const personId of await findActiveFocalIds(trx, to.id)) {
      await planNotice(
        trx,
        {
          personId,
          key: `lead-gained-${task.id}-${at}`,
          kind: "agency_notice",
          payload: { event: "lead_gained", ref: task.label, from: from.name, text: task.text, due } satisfies AgencyNotice,
        },
        at,
      );
    }
    return { ref: task.label, from: { code: from.code, name: from.name }, to: { code: to.code, name: to.name }, openCycles: result.openCycles };
  });
}

export async function changeCoordinator(context: MoveContext, input: { ref: string; agency: string; remove: boolean }): Promise<{ ref: string; agency: { code: string; name: string } }> {
  const at = context.now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const task = await resolveTask(trx, input.ref);
    const agency = await requireAgency(trx, input.agency, { allowMerged: input.remove });
    const onTask = (await findAssignmentsOfTask(trx, task.id)).filter((a) => a.agencyId === agency.id);
    const live = onTask.find((a) => a.removedAt === null);
    const coordinate = onTask.find((a) => a.role === "coordinate");
    let notice: AgencyNotice;
    if (input.remove) {
      if (live?.role !== "coordinate") throw new RegistryChangeError("coordinate_missing", { agency: agency.code, ref: task.label });
      await setAssignmentState(trx, live.id, { removedAt: at, manual: true });
      notice = { event: "coordinate_removed", ref: task.label, agency: agency.name };
    } else {
      if (live) throw new RegistryChangeError("coordinate_exists", { agency: agency.code, ref: task.label });
      if (coordinate) await setAssignmentState(trx, coordinate.id, { removedAt: null, manual: true });
      else await insertManualAssignment(trx, task.id, agency.id, "coordinate", at);
      notice = { event: "coordinate_added", ref: task.label, agency: agency.name, text: task.text };
    }
    await insertAudit(trx, {
      at,
      actor: context.actor,
      action: input.remove ? "task.coordinate_removed" : "task.coordinate_added",
      entity: "task",
      entityId: task.id,
      before: { coordinate_names: input.remove ? agency.name : null },
      after: { coordinate_names: input.remove ? null : agency.name },
    });
    for (const personId of await findActiveFocalIds(trx, agency.id)) {
      await planNotice(trx, { personId, key: `${notice.event}-${task.id}-${at}`, kind: "agency_notice", payload: notice }, at);
    }
    return { ref: task.label, agency: { code: agency.code, name: agency.name } };
  });
}
