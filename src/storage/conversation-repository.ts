/**
 * The bot's conversation bookkeeping on the hot path of every update: handled update ids and
 * the task each bot message was about. Prepared once (prepared.ts).
 */
import { prepared } from "./prepared.js";

export const selectHandledUpdate = prepared<{ updateId: number }, { update_id: number }>((db, slot) =>
  db.selectFrom("handled_updates").select("update_id").where("update_id", "=", slot("updateId")),
);

export const insertHandledUpdate = prepared<{ updateId: number; at: string }, never>((db, slot) =>
  db.insertInto("handled_updates").values({ update_id: slot("updateId"), handled_at: slot("at") }).onConflict((oc) => oc.doNothing()),
);

export const upsertBotMessage = prepared<{ chatId: number; messageId: number; cycleId: number; purpose: string; at: string }, never>((db, slot) =>
  db
    .insertInto("bot_messages")
    .values({ chat_id: slot("chatId"), message_id: slot("messageId"), cycle_id: slot("cycleId"), purpose: slot("purpose"), created_at: slot("at") })
    .onConflict((oc) => oc.columns(["chat_id", "message_id"]).doUpdateSet((eb) => ({ cycle_id: eb.ref("excluded.cycle_id"), purpose: eb.ref("excluded.purpose") }))),
);

export const selectBotMessage = prepared<{ chatId: number; messageId: number }, { cycle_id: number; purpose: string }>((db, slot) =>
  db.selectFrom("bot_messages").select(["cycle_id", "purpose"]).where("chat_id", "=", slot("chatId")).where("message_id", "=", slot("messageId")),
);

export const selectReminderByMessage = prepared<{ chatId: number; messageId: number }, { cycle_id: number }>((db, slot) =>
  db
    .selectFrom("reminders")
    .innerJoin("people", "people.id", "reminders.person_id")
    .select("reminders.cycle_id")
    .where("people.chat_id", "=", slot("chatId"))
    .where("reminders.telegram_message_id", "=", slot("messageId"))
    .limit(1),
);

/** A notice (backlog summary, check-in) sent as this message: what it was and what it listed. */
export const selectNoticeByMessage = prepared<{ chatId: number; messageId: number }, { kind: string; payload: string }>((db, slot) =>
  db
    .selectFrom("notices")
    .innerJoin("people", "people.id", "notices.person_id")
    .select(["notices.kind", "notices.payload"])
    .where("people.chat_id", "=", slot("chatId"))
    .where("notices.telegram_message_id", "=", slot("messageId"))
    .limit(1),
);

/** The person's latest message still waiting for "which task?", if one came after `since`. */
export const selectLatestOpenPendingReply = prepared<{ personId: number; since: string }, { id: number }>((db, slot) =>
  db
    .selectFrom("pending_replies")
    .select("id")
    .where("person_id", "=", slot("personId"))
    .where("resolved_at", "is", null)
    .where("created_at", ">=", slot("since"))
    .orderBy("id", "desc")
    .limit(1),
);

export const selectOpenPendingReply = prepared<{ id: number; personId: number }, { id: number }>((db, slot) =>
  db.selectFrom("pending_replies").select("id").where("id", "=", slot("id")).where("person_id", "=", slot("personId")).where("resolved_at", "is", null),
);

export const selectTaskTextOfCycle = prepared<{ cycleId: number }, { text: string }>((db, slot) =>
  db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select("tasks.text")
    .where("cycles.id", "=", slot("cycleId")),
);
