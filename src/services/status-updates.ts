/**
 * Status updates: what an officer reports on a cycle, by button, reply or command. Stored under
 * the Telegram update id (unique), so an update delivered twice is recorded once. "Done"
 * completes the cycle; a short-lived undo restores exactly what was there before.
 */
import { addMinutes } from "date-fns";
import { DomainError } from "../domain/errors.js";
import { isWithinDateWindow, localDateOf } from "../domain/local-date.js";
import { updatableAgencyId, type Actor } from "../domain/person.js";
import type { ReplyKind } from "../domain/reply-intent.js";
import type { Db } from "../storage/database.js";
import { serializeAttachments, type Attachment } from "../storage/evidence.js";
import { insertAudit } from "../storage/audit-repository.js";
import { insertStatusUpdateRow, selectLiveLeadCycle, type UpdatableCycleRow } from "../storage/status-update-repository.js";
import { announceObstacle } from "./coordinator-notices.js";
import { announceExtensionRequest, withdrawExtensionRequest } from "./extensions.js";
import { cyclesWithTasks } from "../storage/cycle-joins.js";

export type { Attachment } from "../storage/evidence.js";

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
export async function findUpdatableCycle(db: Db, actor: Actor, cycleId: number): Promise<UpdatableCycleRow> {
  const [cycle] = await selectLiveLeadCycle(db, { cycleId });
  if (!cycle) throw new DomainError("cycle_unknown", { cycle: cycleId });
  if (updatableAgencyId(actor) !== cycle.agency_id) throw new DomainError("not_allowed", { cycle: cycleId });
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
    const completes = input.kind === "done" && cycle.completed_at === null;
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
      previous_completed_at: cycle.completed_at,
      created_at: at,
    });
    if (!inserted) {
      const existing = await trx.selectFrom("status_updates").select(["id", "kind", "percent"]).where("telegram_update_id", "=", input.telegramUpdateId).executeTakeFirstOrThrow();
      return { id: existing.id, duplicate: true, kind: existing.kind, percent: existing.percent, ref: cycle.ref, agencyCode: cycle.agency_code, cycleCompleted: cycle.completed_at !== null, extensionRequestId: null };
    }
    if (completes) {
      await trx.updateTable("cycles").set({ completed_at: at, completed_on: today }).where("id", "=", cycle.id).execute();
    }
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
      before: { completed_at: cycle.completed_at },
      after: { status_update: inserted.id, kind: input.kind, percent: input.percent, completed: completes || cycle.completed_at !== null, extension_request: extensionRequestId },
    });
    return { id: inserted.id, duplicate: false, kind: input.kind, percent: input.percent, ref: cycle.ref, agencyCode: cycle.agency_code, cycleCompleted: completes || cycle.completed_at !== null, extensionRequestId };
  });
}

/** A pending extension request, announced to the coordinators at the next tick. */
async function openExtensionRequest(trx: Db, input: { cycleId: number; personId: number; proposedDate: string; reason: string }, now: Date): Promise<number> {
  const request = await trx
    .insertInto("extension_requests")
    .values({ cycle_id: input.cycleId, requester_person_id: input.personId, proposed_due_on: input.proposedDate, reason: input.reason, state: "pending", decided_by_person_id: null, decided_at: null, created_at: now.toISOString() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await announceExtensionRequest(trx, request.id, now);
  return request.id;
}

/** The request a status update opened, if it is still pending (same cycle, requester and instant). */
async function pendingRequestOf(trx: Db, update: { cycle_id: number; person_id: number; created_at: string }) {
  return trx
    .selectFrom("extension_requests")
    .select(["id", "proposed_due_on"])
    .where("cycle_id", "=", update.cycle_id)
    .where("requester_person_id", "=", update.person_id)
    .where("created_at", "=", update.created_at)
    .where("state", "=", "pending")
    .executeTakeFirst();
}

/** Takes back a status update within the undo window, restoring the cycle as it was. */
export async function undoStatusUpdate(db: Db, actor: Actor, statusUpdateId: number, now: Date): Promise<{ ref: string }> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const update = await trx
      .selectFrom("status_updates")
      .innerJoin("cycles", "cycles.id", "status_updates.cycle_id")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .select(["status_updates.id", "status_updates.person_id", "status_updates.kind", "status_updates.created_at", "status_updates.undone_at", "status_updates.previous_completed_at", "status_updates.cycle_id", "cycles.completed_at", "tasks.ref"])
      .where("status_updates.id", "=", statusUpdateId)
      .executeTakeFirst();
    if (!update || update.undone_at !== null) throw new DomainError("undo_not_found", { status_update: statusUpdateId });
    if (update.person_id !== actor.person?.id) throw new DomainError("not_allowed", { status_update: statusUpdateId });
    if (addMinutes(new Date(update.created_at), undoWindowMinutes) < now) throw new DomainError("undo_expired", { status_update: statusUpdateId });
    await trx.updateTable("status_updates").set({ undone_at: at, updated_at: at }).where("id", "=", update.id).execute();
    if (update.kind === "done" && update.previous_completed_at === null && update.completed_at !== null && !(await otherDoneStands(trx, update.cycle_id, update.id))) {
      // Reopened: planned again at the next tick (its marker may predate a new ladder or officer).
      await trx.updateTable("cycles").set({ completed_at: null, completed_on: null, next_stage_at: "" }).where("id", "=", update.cycle_id).execute();
    }
    if (update.kind === "extension_request") {
      const pending = await trx.selectFrom("extension_requests").select("id").where("cycle_id", "=", update.cycle_id).where("state", "=", "pending").where("requester_person_id", "=", update.person_id).execute();
      for (const request of pending) await withdrawExtensionRequest(trx, request.id, now);
    }
    await insertAudit(trx, { at, actor: `person:${actor.person!.id}`, action: "status_update.undone", entity: "cycle", entityId: update.cycle_id, before: { status_update: update.id, completed_at: update.completed_at } });
    return { ref: update.ref };
  });
}

/** Another "done" on the cycle that was not taken back keeps it completed. */
async function otherDoneStands(trx: Db, cycleId: number, exceptId: number): Promise<boolean> {
  const other = await trx.selectFrom("status_updates").select("id").where("cycle_id", "=", cycleId).where("kind", "=", "done").where("undone_at", "is", null).where("id", "!=", exceptId).executeTakeFirst();
  return other !== undefined;
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
    const update = await trx
      .selectFrom("status_updates")
      .select(["id", "cycle_id", "kind", "percent", "text", "person_id", "previous_completed_at", "created_at"])
      .where("chat_id", "=", input.chatId)
      .where("telegram_message_id", "=", input.messageId)
      .where("undone_at", "is", null)
      .where("created_at", ">=", new Date(now.getTime() - editWindowDays * 86_400_000).toISOString())
      .executeTakeFirst();
    if (!update || update.person_id !== actor.person?.id) return null;
    const cycle = await findUpdatableCycle(trx, actor, update.cycle_id);
    await trx.updateTable("status_updates").set({ kind: input.kind, percent: input.percent, text: input.text, updated_at: at }).where("id", "=", update.id).execute();
    if (update.kind !== "done" && input.kind === "done" && cycle.completed_at === null) {
      await trx.updateTable("cycles").set({ completed_at: at, completed_on: localDateOf(now, timeZone) }).where("id", "=", cycle.id).execute();
    } else if (update.kind === "done" && input.kind !== "done" && update.previous_completed_at === null && !(await otherDoneStands(trx, cycle.id, update.id))) {
      await trx.updateTable("cycles").set({ completed_at: null, completed_on: null, next_stage_at: "" }).where("id", "=", cycle.id).execute();
    }
    const pending = update.kind === "extension_request" ? await pendingRequestOf(trx, { ...update, person_id: actor.person!.id }) : undefined;
    let withdrawnExtension: string | null = null;
    let openedExtension: string | null = null;
    if (pending && pending.proposed_due_on === proposedDate) {
      await trx.updateTable("extension_requests").set({ reason: input.text }).where("id", "=", pending.id).execute();
    } else {
      if (pending) withdrawnExtension = (await withdrawExtensionRequest(trx, pending.id, now))?.proposedDue ?? null;
      if (proposedDate !== null) {
        // Stored at the update's own instant: a later edit finds it as this update's request.
        await openExtensionRequest(trx, { cycleId: cycle.id, personId: actor.person!.id, proposedDate, reason: input.text }, new Date(update.created_at));
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
  const row = await cyclesWithTasks(db)
    .select("tasks.ref")
    .where("cycles.id", "=", cycleId)
    .executeTakeFirst();
  return row?.ref ?? null;
}
