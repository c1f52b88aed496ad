/** Recording a status update, on the hot path of every reply: prepared once (prepared.ts). */
import { prepared } from "./prepared.js";
import type { StatusUpdateTable } from "./schema.js";
import { liveLeadCyclesWithAgencies } from "./cycle-joins.js";

export interface UpdatableCycleRow {
  id: number;
  completed_at: string | null;
  due_on: string | null;
  ref: string;
  agency_id: number;
  agency_code: string;
}

/** A lead cycle of a task and an assignment still in force, with what recording needs. */
export const selectLiveLeadCycle = prepared<{ cycleId: number }, UpdatableCycleRow>((db, slot) =>
  liveLeadCyclesWithAgencies(db)
    .select(["cycles.id", "cycles.completed_at", "cycles.due_on", "tasks.ref", "assignments.agency_id", "agencies.code as agency_code"])
    .where("cycles.id", "=", slot("cycleId")),
);

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
