/**
 * Status updates: what an officer reports on a cycle, by button, reply or command. Stored under
 * the Telegram update id (unique), so an update delivered twice is recorded once. "Done"
 * completes the cycle; a short-lived undo restores exactly what was there before.
 */
import { DomainError } from "../../domain/errors.js";
import { addDaysToInstant, addMinutesToInstant, isWithinDateWindow, localDateOf } from "../../domain/local-date.js";
import type { Attachment } from "../../domain/model.js";
import { updatableAgencyId, type Actor } from "../../domain/person.js";
import type { ReplyKind } from "../../domain/reply-intent.js";
import type { Db } from "../../storage/database.js";
import { serializeAttachments } from "../../storage/evidence.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { completeCycle, findCycleRef, reopenCycle } from "../../storage/cycle-repository.js";
import { findPendingRequestIds, findPendingRequestOfUpdate, insertExtensionRequest, setExtensionReason } from "../../storage/extension-repository.js";
import {
  findEditableUpdate,
  findLiveLeadCycle,
  findStatusUpdateByTelegramUpdate,
  findUndoableUpdate,
  hasOtherStandingDone,
  insertStatusUpdateRow,
  markStatusUpdateUndone,
  reviseStatusUpdateRow,
  type UpdatableCycle,
} from "../../storage/status-update-repository.js";
import { announceObstacle } from "../reminders/coordinator-notices.js";
import { announceExtensionRequest, withdrawExtensionRequest } from "./extensions.js";

export type { UpdatableCycle } from "../../storage/status-update-repository.js";

export const undoWindowMinutes = 10;

export interface NewStatusUpdate {
  cycleId: number;
  kind: ReplyKind;
  percent: number | null;
  text: string;
  /** files sent as evidence: with their names, or (older callers) bare Telegram file ids */
  fileIds: ReadonlyArray<string | Attachment>;
  source: "reply" | "button" | "command";
  telegramUpdateId: number | null;
  telegramMessageId: number | null;
  chatId: number | null;
  /** extension requests: the date asked for */
  proposedDate?: string | null;
}

export interface RecordedUpdate {
  id: number;
  duplicate: boolean;
  kind: ReplyKind;
  percent: number | null;
  ref: string;
  agencyCode: string;
  cycleCompleted: boolean;
  extensionRequestId: number | null;
}

/** The cycle, if the actor is a focal officer of the agency that leads it. */
export async function findUpdatableCycle(db: Db, actor: Actor, cycleId: number): Promise<UpdatableCycle> {
  const cycle = await findLiveLeadCycle(db, cycleId);
  if (!cycle) throw new DomainError("cycle_unknown", { cycle: cycleId });
  if (updatableAgencyId(actor) !== cycle.agencyId) throw new DomainError("not_allowed", { cycle: cycleId });
  return cycle;
}

export async function recordStatusUpdate(db: Db, actor: Actor, input: NewStatusUpdate, now: Date, timeZone: string): Promise<RecordedUpdate> {
  const at = now.toISOString();
  const today = localDateOf(now, timeZone);
  if (input.proposedDate && !isWithinDateWindow(input.proposedDate)) throw new DomainError("date_out_of_window", { date: input.proposedDate });
  if (input.proposedDate && input.proposedDate < today) throw new DomainError("date_in_past", { date: input.proposedDate });
  return db.transaction().execute(async (trx) => {
    const cycle = await findUpdatableCycle(trx, actor, input.cycleId);
    const personId = actor.person!.id;
    const completes = input.kind === "done" && cycle.completedAt === null;
    // Telegram may deliver an update twice: the update id is unique, the second is a no-op.
    const [inserted] = await insertStatusUpdateRow(trx, {
      cycle_id: cycle.id,
      person_id: personId,
      kind: input.kind,
      percent: input.kind === "done" ? (input.percent ?? 100) : input.percent,
      text: input.text,
      file_ids: serializeAttachments(input.fileIds),
      source: input.source,
      telegram_update_id: input.telegramUpdateId,
      telegram_message_id: input.telegramMessageId,
      chat_id: input.chatId,
      previous_completed_at: cycle.completedAt,
      created_at: at,
    });
    if (!inserted) {
      const existing = await findStatusUpdateByTelegramUpdate(trx, input.telegramUpdateId);
      return {
        id: existing.id,
        duplicate: true,
        kind: existing.kind,
        percent: existing.percent,
        ref: cycle.ref,
        agencyCode: cycle.agencyCode,
        cycleCompleted: cycle.completedAt !== null,
        extensionRequestId: null,
      };
    }
    if (completes) await completeCycle(trx, cycle.id, at, today);
    let extensionRequestId: number | null = null;
    if (input.kind === "extension_request" && input.proposedDate) {
      extensionRequestId = await openExtensionRequest(trx, { cycleId: cycle.id, personId, proposedDate: input.proposedDate, reason: input.text }, now);
    }
    // An obstacle or a deadline at risk: the coordinators hear of it.
    if (input.kind === "blocked") await announceObstacle(trx, cycle.id, today, now);
    await insertAudit(trx, {
      at,
      actor: `person:${personId}`,
      action: "status_update.recorded",
      entity: "cycle",
      entityId: cycle.id,
      before: { completed_at: cycle.completedAt },
      after: { status_update: inserted.id, kind: input.kind, percent: input.percent, completed: completes || cycle.completedAt !== null, extension_request: extensionRequestId },
    });
    return {
      id: inserted.id,
      duplicate: false,
      kind: input.kind,
      percent: input.percent,
      ref: cycle.ref,
      agencyCode: cycle.agencyCode,
      cycleCompleted: completes || cycle.completedAt !== null,
      extensionRequestId,
    };
  });
}

/** A pending extension request, announced to the coordinators at the next tick. */
async function openExtensionRequest(trx: Db, input: { cycleId: number; personId: number; proposedDate: string; reason: string }, now: Date): Promise<number> {
  const requestId = await insertExtensionRequest(trx, input, now.toISOString());
  await announceExtensionRequest(trx, requestId, now);
  return requestId;
}

/** Takes back a status update within the undo window, restoring the cycle as it was. */
export async function undoStatusUpdate(db: Db, actor: Actor, statusUpdateId: number, now: Date): Promise<{ ref: string }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const update = await findUndoableUpdate(trx, statusUpdateId);
    if (!update || update.undoneAt !== null) throw new DomainError("undo_not_found", { status_update: statusUpdateId });
    if (update.personId !== actor.person?.id) throw new DomainError("not_allowed", { status_update: statusUpdateId });
    if (addMinutesToInstant(new Date(update.createdAt), undoWindowMinutes) < now) throw new DomainError("undo_expired", { status_update: statusUpdateId });
    await markStatusUpdateUndone(trx, update.id, at);
    if (update.kind === "done" && update.previousCompletedAt === null && update.cycleCompletedAt !== null && !(await hasOtherStandingDone(trx, update.cycleId, update.id))) {
      await reopenCycle(trx, update.cycleId);
    }
    if (update.kind === "extension_request") {
      for (const requestId of await findPendingRequestIds(trx, update.cycleId, update.personId)) await withdrawExtensionRequest(trx, requestId, now);
    }
    await insertAudit(trx, {
      at,
      actor: `person:${actor.person!.id}`,
      action: "status_update.undone",
      entity: "cycle",
      entityId: update.cycleId,
      before: { status_update: update.id, completed_at: update.cycleCompletedAt },
    });
    return { ref: update.ref };
  });
}

/** How long after sending an edit still changes the record. */
export const editWindowDays = 7;

export interface RevisedUpdate {
  ref: string;
  kind: ReplyKind;
  percent: number | null;
  /** the date of the extension request the edit withdrew */
  withdrawnExtension: string | null;
  /** the date of the extension request the edit opened */
  openedExtension: string | null;
}

/**
 * An officer edited a message that was recorded: the update follows the new words, and so does
 * its extension request — withdrawn when the words no longer ask for one (or ask for another
 * date), opened when they now do.
 */
export async function reviseStatusUpdate(
  db: Db,
  actor: Actor,
  input: { chatId: number; messageId: number; kind: ReplyKind; percent: number | null; text: string; proposedDate?: string | null },
  now: Date,
  timeZone: string,
): Promise<RevisedUpdate | null> {
  const at = now.toISOString();
  const proposedDate = input.kind === "extension_request" ? (input.proposedDate ?? null) : null;
  if (proposedDate !== null && proposedDate < localDateOf(now, timeZone)) throw new DomainError("date_in_past", { date: proposedDate });
  return db.transaction().execute(async (trx) => {
    const update = await findEditableUpdate(trx, { chatId: input.chatId, messageId: input.messageId }, addDaysToInstant(now, -editWindowDays).toISOString());
    if (!update || update.personId !== actor.person?.id) return null;
    const cycle = await findUpdatableCycle(trx, actor, update.cycleId);
    await reviseStatusUpdateRow(trx, update.id, { kind: input.kind, percent: input.percent, text: input.text }, at);
    if (update.kind !== "done" && input.kind === "done" && cycle.completedAt === null) {
      await completeCycle(trx, cycle.id, at, localDateOf(now, timeZone));
    } else if (update.kind === "done" && input.kind !== "done" && update.previousCompletedAt === null && !(await hasOtherStandingDone(trx, cycle.id, update.id))) {
      await reopenCycle(trx, cycle.id);
    }
    const pending = update.kind === "extension_request" ? await findPendingRequestOfUpdate(trx, { cycleId: update.cycleId, personId: actor.person!.id, createdAt: update.createdAt }) : null;
    let withdrawnExtension: string | null = null;
    let openedExtension: string | null = null;
    if (pending && pending.proposedDue === proposedDate) {
      await setExtensionReason(trx, pending.id, input.text);
    } else {
      if (pending) withdrawnExtension = (await withdrawExtensionRequest(trx, pending.id, now))?.proposedDue ?? null;
      if (proposedDate !== null) {
        // Stored at the update's own instant: a later edit finds it as this update's request.
        await openExtensionRequest(trx, { cycleId: cycle.id, personId: actor.person!.id, proposedDate, reason: input.text }, new Date(update.createdAt));
        openedExtension = proposedDate;
      }
    }
    await insertAudit(trx, {
      at,
      actor: `person:${actor.person!.id}`,
      action: "status_update.edited",
      entity: "cycle",
      entityId: cycle.id,
      before: { kind: update.kind, percent: update.percent, text: update.text, ...(withdrawnExtension && { extension_request: withdrawnExtension }) },
      after: { kind: input.kind, percent: input.percent, text: input.text, ...(openedExtension && { extension_request: openedExtension }) },
    });
    return { ref: cycle.ref, kind: input.kind, percent: input.percent, withdrawnExtension, openedExtension };
  });
}

export async function refOfCycle(db: Db, cycleId: number): Promise<string | null> {
  return findCycleRef(db, cycleId);
}
