/**
 * Status updates: recording one (on the hot path of every reply: prepared once, prepared.ts),
 * finding it again to undo or revise it, and changing it.
 */
import type { ReplyKind } from "../domain/reply-intent.js";
import type { Db } from "./database.js";
import { prepared } from "./prepared.js";
import type { StatusUpdateTable } from "./schema.js";
import { liveLeadCyclesWithAgencies, statusUpdatesWithTasks } from "./cycle-joins.js";

interface UpdatableCycleRow {
  id: number;
  completed_at: string | null;
  due_on: string | null;
  ref: string;
  agency_id: number;
  agency_code: string;
}

/** A lead cycle of a task and an assignment still in force, with what recording needs. */
const selectLiveLeadCycle = prepared<{ cycleId: number }, UpdatableCycleRow>((db, slot) =>
  liveLeadCyclesWithAgencies(db)
    .select(["cycles.id", "cycles.completed_at", "cycles.due_on", "tasks.ref", "assignments.agency_id", "agencies.code as agency_code"])
    .where("cycles.id", "=", slot("cycleId")),
);

/** A cycle a status update may be recorded on, with the lead agency that may record it. */
export interface UpdatableCycle {
  id: number;
  completedAt: string | null;
  dueOn: string | null;
  ref: string;
  agencyId: number;
  agencyCode: string;
}

export async function findLiveLeadCycle(db: Db, cycleId: number): Promise<UpdatableCycle | null> {
  const [row] = await selectLiveLeadCycle(db, { cycleId });
  return row ? { id: row.id, completedAt: row.completed_at, dueOn: row.due_on, ref: row.ref, agencyId: row.agency_id, agencyCode: row.agency_code } : null;
}

export interface NewStatusUpdateRow {
  cycle_id: number;
  person_id: number;
  kind: StatusUpdateTable["kind"];
  percent: number | null;
  text: string;
  /** JSON (storage/evidence.ts) */
  file_ids: string;
  source: StatusUpdateTable["source"];
  telegram_update_id: number | null;
  telegram_message_id: number | null;
  chat_id: number | null;
  previous_completed_at: string | null;
  created_at: string;
}

/** Inserts the update; none when Telegram delivered its update twice (the update id is unique). */
export const insertStatusUpdateRow = prepared<NewStatusUpdateRow, { id: number }>((db, slot) =>
  db
    .insertInto("status_updates")
    .values({
      cycle_id: slot("cycle_id"),
      person_id: slot("person_id"),
      kind: slot("kind"),
      percent: slot("percent"),
      text: slot("text"),
      file_ids: slot("file_ids"),
      source: slot("source"),
      telegram_update_id: slot("telegram_update_id"),
      telegram_message_id: slot("telegram_message_id"),
      chat_id: slot("chat_id"),
      undone_at: null,
      previous_completed_at: slot("previous_completed_at"),
      created_at: slot("created_at"),
      updated_at: slot("created_at"),
    })
    .onConflict((oc) => oc.column("telegram_update_id").doNothing())
    .returning("id"),
);

/** The update recorded under this Telegram update id (a second delivery of the same update). */
export async function findStatusUpdateByTelegramUpdate(db: Db, telegramUpdateId: number | null): Promise<{ id: number; kind: ReplyKind; percent: number | null }> {
  return db.selectFrom("status_updates").select(["id", "kind", "percent"]).where("telegram_update_id", "=", telegramUpdateId).executeTakeFirstOrThrow();
}

/** A status update with what undoing it must check and restore. */
export interface UndoableUpdate {
  id: number;
  personId: number | null;
  kind: ReplyKind;
  createdAt: string;
  undoneAt: string | null;
  previousCompletedAt: string | null;
  cycleId: number;
  cycleCompletedAt: string | null;
  ref: string;
}

export async function findUndoableUpdate(db: Db, statusUpdateId: number): Promise<UndoableUpdate | null> {
  const row = await statusUpdatesWithTasks(db)
    .select([
      "status_updates.id",
      "status_updates.person_id",
      "status_updates.kind",
      "status_updates.created_at",
      "status_updates.undone_at",
      "status_updates.previous_completed_at",
      "status_updates.cycle_id",
      "cycles.completed_at",
      "tasks.ref",
    ])
    .where("status_updates.id", "=", statusUpdateId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        personId: row.person_id,
        kind: row.kind,
        createdAt: row.created_at,
        undoneAt: row.undone_at,
        previousCompletedAt: row.previous_completed_at,
        cycleId: row.cycle_id,
        cycleCompletedAt: row.completed_at,
        ref: row.ref,
      }
    : null;
}

export async function markStatusUpdateUndone(trx: Db, statusUpdateId: number, at: string): Promise<void> {
  await trx.updateTable("status_updates").set({ undone_at: at, updated_at: at }).where("id", "=", statusUpdateId).execute();
}

/** Whether another "done" on the cycle, not taken back, keeps it completed. */
export async function hasOtherStandingDone(db: Db, cycleId: number, exceptId: number): Promise<boolean> {
  const other = await db
    .selectFrom("status_updates")
    .select("id")
    .where("cycle_id", "=", cycleId)
    .where("kind", "=", "done")
    .where("undone_at", "is", null)
    .where("id", "!=", exceptId)
    .executeTakeFirst();
  return other !== undefined;
}

/** A recorded update an edit of its Telegram message may still change. */
export interface EditableUpdate {
  id: number;
  cycleId: number;
  kind: ReplyKind;
  percent: number | null;
  text: string;
  personId: number | null;
  previousCompletedAt: string | null;
  createdAt: string;
}

/** The live update recorded from this chat message, if recorded at or after `since`. */
export async function findEditableUpdate(db: Db, message: { chatId: number; messageId: number }, since: string): Promise<EditableUpdate | null> {
  const row = await db
    .selectFrom("status_updates")
    .select(["id", "cycle_id", "kind", "percent", "text", "person_id", "previous_completed_at", "created_at"])
    .where("chat_id", "=", message.chatId)
    .where("telegram_message_id", "=", message.messageId)
    .where("undone_at", "is", null)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        cycleId: row.cycle_id,
        kind: row.kind,
        percent: row.percent,
        text: row.text,
        personId: row.person_id,
        previousCompletedAt: row.previous_completed_at,
        createdAt: row.created_at,
      }
    : null;
}

export async function reviseStatusUpdateRow(trx: Db, statusUpdateId: number, revised: { kind: ReplyKind; percent: number | null; text: string }, at: string): Promise<void> {
  await trx.updateTable("status_updates").set({ kind: revised.kind, percent: revised.percent, text: revised.text, updated_at: at }).where("id", "=", statusUpdateId).execute();
}
