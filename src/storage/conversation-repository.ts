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
