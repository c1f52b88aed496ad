/**
 * Extension requests (DESIGN.md §3): coordinators approve or reject; an approval moves the
 * cycle's due date (the original stays for the statistics) and the reminder ladder follows the
 * new date; the requester is told either way. Coordinators also set dates for undated tasks.
 */
import { DomainError } from "../../domain/errors.js";
import type { ExtensionDecision } from "../../domain/notice-kinds.js";
import { isWithinDateWindow } from "../../domain/local-date.js";
import { isCoordinator, type Actor } from "../../domain/person.js";
import type { Db } from "../../storage/database.js";
import { findCoordinatorIds, findPeopleShownNotice, planNotice } from "../../storage/notice-repository.js";
import { pendingExtension } from "../reminders/coordinator-notices.js";
import { labelOfCycle, lookUpTask, withTaskLabels, type TaskChoice } from "../plans/plan-lifecycle.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { extendCycleDue, findOpenLeadCyclesOfTask, setCycleDue } from "../../storage/cycle-repository.js";
import { findRequestToDecide, recordExtensionDecision, withdrawPendingRequest, withdrawPendingRequestsOfCycle } from "../../storage/extension-repository.js";

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
  await withdrawPendingRequest(db, requestId);
  const at = now.toISOString();
  for (const personId of await findPeopleShownNotice(db, `extension-${requestId}`)) {
    await planNotice(
      db,
      {
        personId,
        key: `extension-withdrawn-${requestId}`,
        kind: "extension_withdrawn",
        payload: { request: requestId, ref: info.ref, agency_name: info.agencyName, proposedDue: info.proposedDue },
      },
      at,
    );
  }
  return { proposedDue: info.proposedDue };
}

export type { ExtensionDecision };

export async function decideExtension(db: Db, actor: Actor, requestId: number, approve: boolean, now: Date): Promise<ExtensionDecision> {
  if (!isCoordinator(actor)) throw new DomainError("not_allowed", { request: requestId });
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const request = await findRequestToDecide(trx, requestId);
    if (request?.state !== "pending") throw new DomainError("extension_decided", { request: requestId });
    if (approve && request.cycleCompletedAt !== null) throw new DomainError("cycle_completed", { request: requestId });
    // A request stored before dates were bounded: approving it would give the cycle a date no planner can use.
    if (approve && !isWithinDateWindow(request.proposedDue)) throw new DomainError("date_out_of_window", { date: request.proposedDue });
    await recordExtensionDecision(trx, requestId, { approved: approve, byPersonId: actor.person?.id ?? null }, at);
    if (approve) {
      await extendCycleDue(trx, request.cycleId, request.proposedDue); // the ladder follows the new date
      await withdrawPendingRequestsOfCycle(trx, request.cycleId);
    }
    await insertAudit(trx, {
      at,
      actor: actor.person ? `person:${actor.person.id}` : `telegram:${actor.telegramUserId}`,
      action: approve ? "extension.approved" : "extension.rejected",
      entity: "cycle",
      entityId: request.cycleId,
      before: { due_on: request.due },
      after: { due_on: approve ? request.proposedDue : request.due, request: requestId },
    });
    const ref = await labelOfCycle(trx, request.cycleId, request.ref);
    const decision = { requestId, ref, agencyName: request.agencyName, approved: approve, proposedDue: request.proposedDue, originalDue: request.originalDue };
    await planNotice(trx, { personId: request.requesterId, key: `extension-decided-${requestId}`, kind: "extension_decided", payload: decision }, at);
    return decision;
  });
}

export type SetDueResult = { kind: "set"; ref: string; cycles: number } | { kind: "ambiguous"; ref: string; choices: TaskChoice[] };

/**
 * `/setdue <ref> <date>`: a date for a task without one (or a corrected one), for every lead
 * agency. The task is a ref as typed (a bare ref several active plans share is not guessed: the
 * choices come back) or a task id (a choice made).
 */
export async function setTaskDue(db: Db, actor: Actor, task: string | { taskId: number }, due: string, now: Date): Promise<SetDueResult> {
  const shownRef = typeof task === "string" ? task : String(task.taskId);
  if (!isCoordinator(actor)) throw new DomainError("not_allowed", { ref: shownRef });
  if (!isWithinDateWindow(due)) throw new DomainError("date_out_of_window", { date: due });
  let taskId: number;
  if (typeof task === "string") {
    const found = await lookUpTask(db, task);
    if (found.kind === "ambiguous") return { kind: "ambiguous", ref: found.ref, choices: found.choices };
    if (found.kind === "none") throw new DomainError("ref_unknown", { ref: task });
    taskId = found.task.id;
  } else taskId = task.taskId;
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const cycles = await findOpenLeadCyclesOfTask(trx, taskId);
    if (cycles.length === 0) throw new DomainError("ref_unknown", { ref: shownRef });
    const [labelled] = await withTaskLabels(trx, [{ taskId, ref: cycles[0]!.ref }]);
    const ref = labelled!.ref;
    // Dated and recurring tasks move by extension requests, which keep the original date.
    if (cycles.some((c) => c.deadlineKind !== "conditional" && c.deadlineKind !== "none")) throw new DomainError("task_has_deadline", { ref });
    for (const cycle of cycles) {
      await setCycleDue(trx, cycle.id, due);
      await insertAudit(trx, {
        at,
        actor: actor.person ? `person:${actor.person.id}` : `telegram:${actor.telegramUserId}`,
        action: "cycle.due_set",
        entity: "cycle",
        entityId: cycle.id,
        before: { due_on: cycle.due },
        after: { due_on: due },
      });
    }
    return { kind: "set" as const, ref, cycles: new Set(cycles.map((c) => c.agencyId)).size };
  });
}
