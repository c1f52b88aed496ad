/**
 * Writes a parsed plan into the database in one transaction (DESIGN.md §3). Re-importing the
 * same or a corrected document is idempotent: tasks are matched by ref and text, so unchanged
 * tasks keep their ids, statuses and history; changed ones are updated and listed; tasks gone
 * from the document are marked removed and listed, never deleted.
 */
import { firstCycle } from "../../domain/cycles.js";
import { localDateOf } from "../../domain/local-date.js";
import type { Cycle, Task } from "../../domain/model.js";
import type { ParsedPlan, ParsedTask } from "../../plan/types.js";
import { ensureUnregisteredAgency, findAgencyIdsByCodes } from "../../storage/agency-repository.js";
import { findPlanAssignments, successorIds } from "../../storage/registry-repository.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { correctCycleDue } from "../../storage/cycle-repository.js";
import type { Db } from "../../storage/database.js";
import {
  deadlineColumns,
  findCyclesOfPlan,
  findPlanByCode,
  findTasksOfPlan,
  insertAssignment,
  insertCycle,
  insertPlan,
  insertTask,
  markTaskRemoved,
  parkTaskRef,
  setAssignmentRemoved,
  setTaskRef,
  updatePlan,
  updateTask,
  type PlanColumns,
  type TaskColumns,
} from "../../storage/plan-repository.js";
import type { ReviewCorrection } from "./plan-review.js";
import { matchTasks } from "./task-matching.js";
import { unregisteredCode } from "../registry/unregistered-code.js";

export interface ImportSource {
  file: string;
  hash: string;
  /** what a reviewed workbook corrected: each is audited against its task */
  corrections?: readonly ReviewCorrection[];
}

export interface ImportReport {
  plan: { id: number; code: string; title: string; created: boolean };
  created: string[];
  updated: Array<{ ref: string; fields: string[] }>;
  unchanged: number;
  removed: string[];
  restored: string[];
  assignments: { added: number; removed: number };
  cycles_created: number;
  unregistered_agencies: string[];
}

interface Deps {
  db: Db;
  timeZone: string;
}

const comparedFields = ["ref", "section", "text", "lead_names", "coordinate_names", "is_group", "deadline", "source_line", "position"] as const;

function taskValues(task: ParsedTask, position: number): TaskColumns {
  return {
    ref: task.ref,
    section: task.section,
    text: task.text,
    lead_names: JSON.stringify(task.leads.map((p) => p.name)),
    coordinate_names: JSON.stringify(task.coordinates.map((p) => p.name)),
    is_group: (task.group ? 1 : 0) as 0 | 1,
    ...deadlineColumns(task.deadline),
    source_line: task.line,
    position,
  };
}

function changedFields(stored: Task, next: ParsedTask, position: number): string[] {
  const before = { ...taskValues({ ...next, ...storedAsParsed(stored) }, stored.position), deadline: JSON.stringify(deadlineColumns(stored.deadline)) };
  const after = { ...taskValues(next, position), deadline: JSON.stringify(deadlineColumns(next.deadline)) };
  return comparedFields.filter((field) => String(before[field]) !== String(after[field]));
}

/** The stored task in the parsed shape, so both sides go through the same `taskValues`. */
function storedAsParsed(task: Task): Partial<ParsedTask> {
  const party = (name: string) => ({ name, codes: [], collective: null, generic: false, written: name });
  return {
    ref: task.ref,
    section: task.section,
    text: task.text,
    leads: task.leadNames.map(party),
    coordinates: task.coordinateNames.map(party),
    group: task.isGroup,
    deadline: task.deadline,
    line: task.sourceLine,
  };
}

export async function importPlan(deps: Deps, parsed: ParsedPlan, source: ImportSource, now: Date, actor: string): Promise<ImportReport> {
  const at = now.toISOString();
  const today = localDateOf(now, deps.timeZone);
  return deps.db.transaction().execute(async (trx) => {
    const existingPlan = await findPlanByCode(trx, parsed.plan.code);
    const planValues: PlanColumns = {
      title: parsed.plan.title,
      issued_on: parsed.plan.issued_on,
      issuer: parsed.plan.issuer ?? null,
      source_file: source.file,
      source_hash: source.hash,
      targets: JSON.stringify(parsed.targets),
    };
    let planId: number;
    if (!existingPlan) {
      planId = await insertPlan(trx, parsed.plan.code, planValues, at);
      await insertAudit(trx, { at, actor, action: "plan.created", entity: "plan", entityId: planId, after: { code: parsed.plan.code, ...planValues } });
    } else {
      planId = existingPlan.id;
      if (existingPlan.sourceHash !== source.hash || existingPlan.title !== parsed.plan.title || existingPlan.issuedOn !== parsed.plan.issued_on) {
        await updatePlan(trx, planId, planValues, at);
        await insertAudit(trx, { at, actor, action: "plan.reimported", entity: "plan", entityId: planId, before: existingPlan, after: planValues });
      }
    }

    const report: ImportReport = {
      plan: { id: planId, code: parsed.plan.code, title: parsed.plan.title, created: !existingPlan },
      created: [],
      updated: [],
      unchanged: 0,
      removed: [],
      restored: [],
      assignments: { added: 0, removed: 0 },
      cycles_created: 0,
      unregistered_agencies: [],
    };

    const stored = await findTasksOfPlan(trx, planId);
    const { pairs, removed } = matchTasks(stored, parsed.tasks);
    // Moved tasks change ref; park them first so the (plan, ref) key never collides midway.
    for (const { stored: task, parsed: next } of pairs) {
      if (task && task.ref !== next.ref) await parkTaskRef(trx, task.id);
    }
    // A task gone from the document gives up a ref the document now uses for another task
    // (a body item II.1 taken away: the table's "II.1-2" is II.1 again). It keeps its ref with
    // its id after a "~", a mark the parser never writes, and is found by its text if it returns.
    const wantedRefs = new Set(parsed.tasks.map((task) => task.ref));
    const vacated = new Set<Task>();
    for (const task of removed) {
      if (!wantedRefs.has(task.ref)) continue;
      vacated.add(task);
      await setTaskRef(trx, task.id, `${task.ref}~${task.id}`);
    }
    const taskIds = new Map<ParsedTask, number>();
    for (const [position, { stored: task, parsed: next }] of pairs.entries()) {
      const values = taskValues(next, position);
      if (!task) {
        const taskId = await insertTask(trx, planId, values, at);
        taskIds.set(next, taskId);
        report.created.push(next.ref);
        await insertAudit(trx, { at, actor, action: "task.created", entity: "task", entityId: taskId, after: values });
        continue;
      }
      taskIds.set(next, task.id);
      const fields = changedFields(task, next, position);
      const restored = task.removedAt !== null;
      if (fields.length > 0 || restored) {
        await updateTask(trx, task.id, values, at);
        await insertAudit(trx, { at, actor, action: restored ? "task.restored" : "task.updated", entity: "task", entityId: task.id, before: task, after: values });
      }
      if (restored) report.restored.push(next.ref);
      const meaningful = fields.filter((f) => f !== "position" && f !== "source_line");
      if (meaningful.length > 0) report.updated.push({ ref: next.ref, fields: meaningful });
      else if (!restored) report.unchanged++;
    }
    for (const task of removed) {
      if (task.removedAt !== null) continue;
      await markTaskRemoved(trx, task.id, at);
      const ref = vacated.has(task) ? `${task.ref}~${task.id}` : task.ref;
      await insertAudit(trx, { at, actor, action: "task.removed", entity: "task", entityId: task.id, before: task, ...(ref !== task.ref && { after: { ref } }) });
      report.removed.push(task.ref);
    }

    await syncAssignments(trx, planId, parsed.tasks, taskIds, { at, today, actor }, report);
    const byRef = new Map(parsed.tasks.map((task) => [task.ref, taskIds.get(task) ?? null]));
    for (const c of source.corrections ?? []) {
      await insertAudit(trx, {
        at,
        actor,
        action: "task.review_corrected",
        entity: "task",
        entityId: byRef.get(c.ref) ?? null,
        before: { row: c.row, [c.field]: c.before },
        after: { [c.field]: c.after },
      });
    }
    return report;
  });
}

async function agencyIdsFor(trx: Db, task: ParsedTask, role: "lead" | "coordinate", at: string, report: ImportReport): Promise<number[]> {
  const parties = role === "lead" ? task.leads : task.coordinates;
  const ids: number[] = [];
  const codes = parties.flatMap((p) => p.codes);
  const byCode = await findAgencyIdsByCodes(trx, codes);
  for (const code of codes) if (byCode.has(code)) ids.push(byCode.get(code)!);
  for (const party of parties) {
    if (party.codes.length > 0 || party.generic) continue;
    const id = await ensureUnregisteredAgency(trx, party.name, unregisteredCode(party.name), at);
    if (!report.unregistered_agencies.includes(party.name)) report.unregistered_agencies.push(party.name);
    ids.push(id);
  }
  // An agency merged into another: its successor carries the work.
  const successors = await successorIds(trx, ids);
  return [...new Set(ids.map((id) => successors.get(id) ?? id))];
}

async function syncAssignments(
  trx: Db,
  planId: number,
  tasks: readonly ParsedTask[],
  taskIds: Map<ParsedTask, number>,
  context: { at: string; today: string; actor: string },
  report: ImportReport,
): Promise<void> {
  const existing = await findPlanAssignments(trx, planId);
  const cycles = await findCyclesOfPlan(trx, planId);
  const wantedIds = new Set<number>();
  for (const task of tasks) {
    const taskId = taskIds.get(task)!;
    const leads = await agencyIdsFor(trx, task, "lead", context.at, report);
    const coordinates = (await agencyIdsFor(trx, task, "coordinate", context.at, report)).filter((id) => !leads.includes(id));
    for (const [role, agencyIds] of [
      ["lead", leads],
      ["coordinate", coordinates],
    ] as const) {
      for (const agencyId of agencyIds) {
        // A lead reassigned by hand stands for the agency the document names; one taken back by hand stays so.
        const found = existing.find((a) => a.taskId === taskId && a.role === role && (a.agencyId === agencyId || a.movedFromAgencyId === agencyId));
        if (found?.manual && found.removedAt !== null) continue;
        let assignmentId: number;
        if (found) {
          assignmentId = found.id;
          if (found.removedAt !== null) await setAssignmentRemoved(trx, found.id, null);
        } else {
          assignmentId = await insertAssignment(trx, taskId, agencyId, role, context.at);
          report.assignments.added++;
        }
        wantedIds.add(assignmentId);
        if (role === "lead") report.cycles_created += await ensureCycle(trx, assignmentId, task, cycles, context);
      }
    }
  }
  for (const assignment of existing) {
    if (wantedIds.has(assignment.id) || assignment.removedAt !== null || assignment.manual) continue;
    await setAssignmentRemoved(trx, assignment.id, context.at);
    report.assignments.removed++;
  }
}

/** The first cycle of a lead assignment, or the open cycle moved to a corrected deadline. */
async function ensureCycle(trx: Db, assignmentId: number, task: ParsedTask, cycles: readonly Cycle[], context: { at: string; today: string; actor: string }): Promise<number> {
  const wanted = firstCycle(task.deadline, context.today);
  const own = cycles.filter((c) => c.assignmentId === assignmentId);
  if (own.some((c) => c.period === wanted.period && (c.originalDueOn === wanted.due || c.completedAt !== null))) return 0;
  const open = own.find((c) => c.period === wanted.period && c.completedAt === null);
  // An undated task whose date a coordinator set (/setdue) keeps it: the document has none to correct.
  if (open && wanted.due === null && open.dueOn !== null) return 0;
  if (open) {
    // The document's date was corrected: the cycle follows it unless an extension moved it.
    const extended = open.dueOn !== open.originalDueOn;
    await correctCycleDue(trx, open.id, wanted.due, { keepDue: extended });
    await insertAudit(trx, { at: context.at, actor: context.actor, action: "cycle.due_corrected", entity: "cycle", entityId: open.id, before: open, after: wanted });
    return 0;
  }
  if (own.some((c) => c.period !== "once" && c.period !== "open" && wanted.period !== "once" && wanted.period !== "open")) return 0;
  await insertCycle(trx, { assignmentId, period: wanted.period, dueOn: wanted.due }, context.at);
  return 1;
}
