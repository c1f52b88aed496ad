/**
 * Extension requests (DESIGN.md §3): coordinators approve or reject; an approval moves the
 * cycle's due date (the original stays for the statistics) and the reminder ladder follows the
 * new date; the requester is told either way. Coordinators also set dates for undated tasks.
 */
import { DomainError } from "../domain/errors.js";
import { isWithinDateWindow } from "../domain/local-date.js";
import { isCoordinator, type Actor } from "../domain/person.js";
import type { Db } from "../storage/database.js";
import { findCoordinatorIds, findPeopleShownNotice, planNotice } from "../storage/notice-repository.js";
import { pendingExtension } from "./coordinator-notices.js";
import { insertAudit } from "../storage/audit-repository.js";
import { refIs } from "../storage/plan-repository.js";
import { forgetPlanning } from "../storage/planning-repository.js";
import { liveLeadCycles } from "../storage/cycle-joins.js";

/** Every active coordinator (and admin) hears of a new request at the next tick. */
export async function announceExtensionRequest(db: Db, requestId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const coordinatorId of await findCoordinatorIds(db)) {
    await planNotice(db, { personId: coordinatorId, key: `extension-${requestId}`, kind: "extension", payload: { request: requestId } }, at);
  }
}

/**
 * A pending request its officer took back (an edit, an undo): it can no longer be approved.
 * Coordinators who were shown it hear that it was withdrawn; to those not shown it yet, the
 * request is never sent (it is no longer pending when its notice goes out).
 */
export async function withdrawExtensionRequest(db: Db, requestId: number, now: Date): Promise<{ proposedDue: string } | null> {
  const info = await pendingExtension(db, requestId);
  if (!info) return null;
  await db.updateTable("extension_requests").set({ state: "withdrawn" }).where("id", "=", requestId).where("state", "=", "pending").execute();
  const at = now.toISOString();
  for (const personId of await findPeopleShownNotice(db, `extension-${requestId}`)) {
    await planNotice(db, { personId, key: `extension-withdrawn-${requestId}`, kind: "extension_withdrawn", payload: { request: requestId, ref: info.ref, agency_name: info.agencyName, proposedDue: info.proposedDue } }, at);
  }
  return { proposedDue: info.proposedDue };
}

export interface ExtensionDecision {
  requestId: number;
  ref: string;
  agencyName: string;
  approved: boolean;
  proposedDue: string;
  originalDue: string | null;
}

export async function decideExtension(db: Db, actor: Actor, requestId: number, approve: boolean, now: Date): Promise<ExtensionDecision> {
  if (!isCoordinator(actor)) throw new DomainError("not_allowed", { request: requestId });
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const request = await trx
      .selectFrom("extension_requests")
      .innerJoin("cycles", "cycles.id", "extension_requests.cycle_id")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .innerJoin("agencies", "agencies.id", "assignments.agency_id")
      .select(["extension_requests.id", "extension_requests.state", "extension_requests.proposed_due_on", "extension_requests.requester_person_id", "cycles.id as cycle_id", "cycles.due_on", "cycles.original_due_on", "cycles.completed_at", "tasks.ref", "agencies.name"])
      .where("extension_requests.id", "=", requestId)
      .executeTakeFirst();
    if (!request || request.state !== "pending") throw new DomainError("extension_decided", { request: requestId });
    if (approve && request.completed_at !== null) throw new DomainError("cycle_completed", { request: requestId });
    // A request stored before dates were bounded: approving it would give the cycle a date no planner can use.
    if (approve && !isWithinDateWindow(request.proposed_due_on)) throw new DomainError("date_out_of_window", { date: request.proposed_due_on });
    await trx
      .updateTable("extension_requests")
      .set({ state: approve ? "approved" : "rejected", decided_by_person_id: actor.person?.id ?? null, decided_at: at })
      .where("id", "=", requestId)
      .execute();
    if (approve) {
      await trx.updateTable("cycles").set({ due_on: request.proposed_due_on }).where("id", "=", request.cycle_id).execute();
      await forgetPlanning(trx, { cycleIds: [request.cycle_id] }); // the ladder follows the new date
      // One decision per cycle: other requests still waiting are answered by this one.
      await trx.updateTable("extension_requests").set({ state: "withdrawn" }).where("cycle_id", "=", request.cycle_id).where("state", "=", "pending").execute();
    }
    await insertAudit(trx, {
      at,
      actor: actor.person ? `person:${actor.person.id}` : `telegram:${actor.telegramUserId}`,
      action: approve ? "extension.approved" : "extension.rejected",
      entity: "cycle",
      entityId: request.cycle_id,
      before: { due_on: request.due_on },
      after: { due_on: approve ? request.proposed_due_on : request.due_on, request: requestId },
    });
    const decision = { requestId, ref: request.ref, agencyName: request.name, approved: approve, proposedDue: request.proposed_due_on, originalDue: request.original_due_on };
    await planNotice(trx, { personId: request.requester_person_id, key: `extension-decided-${requestId}`, kind: "extension_decided", payload: decision }, at);
    return decision;
  });
}

/** `/setdue <ref> <date>`: a date for a task without one (or a corrected one), for every lead agency. */
export async function setTaskDue(db: Db, actor: Actor, ref: string, due: string, now: Date): Promise<{ ref: string; cycles: number }> {
  if (!isCoordinator(actor)) throw new DomainError("not_allowed", { ref });
  if (!isWithinDateWindow(due)) throw new DomainError("date_out_of_window", { date: due });
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const cycles = await liveLeadCycles(trx)
      .select(["cycles.id", "cycles.due_on", "tasks.ref", "tasks.deadline_kind", "assignments.agency_id"])
      .where(refIs("tasks.ref", ref))
      .where("cycles.completed_at", "is", null)
      .execute();
    if (cycles.length === 0) throw new DomainError("ref_unknown", { ref });
    // Dated and recurring tasks move by extension requests, which keep the original date.
    if (cycles.some((c) => c.deadline_kind !== "conditional" && c.deadline_kind !== "none")) throw new DomainError("task_has_deadline", { ref });
    await forgetPlanning(trx, { cycleIds: cycles.map((c) => c.id) });
    for (const cycle of cycles) {
      await trx.updateTable("cycles").set({ due_on: due, original_due_on: due }).where("id", "=", cycle.id).execute();
      await insertAudit(trx, { at, actor: actor.person ? `person:${actor.person.id}` : `telegram:${actor.telegramUserId}`, action: "cycle.due_set", entity: "cycle", entityId: cycle.id, before: { due_on: cycle.due_on }, after: { due_on: due } });
    }
    return { ref: cycles[0]!.ref, cycles: new Set(cycles.map((c) => c.agency_id)).size };
  });
}
