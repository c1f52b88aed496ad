/**
 * The bot's conversation bookkeeping on the hot path of every update: handled update ids and
 * the task each bot message was about (prepared once, prepared.ts); the replies waiting for
 * their task.
 */
import { cyclesWithTasks } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { parseAttachments, serializeAttachments, type Attachment } from "./evidence.js";
import { prepared } from "./prepared.js";

export const selectHandledUpdate = prepared<{ updateId: number }, { update_id: number }>((db, slot) =>
  db.selectFrom("handled_updates").select("update_id").where("update_id", "=", slot("updateId")),
);

export const insertHandledUpdate = prepared<{ updateId: number; at: string }, never>((db, slot) =>
  db
    .insertInto("handled_updates")
    .values({ update_id: slot("updateId"), handled_at: slot("at") })
    .onConflict((oc) => oc.doNothing()),
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

export const selectTaskTextOfCycle = prepared<{ cycleId: number }, { text: string }>((db, slot) => cyclesWithTasks(db).select("tasks.text").where("cycles.id", "=", slot("cycleId")));

/** A reply the bot could not place yet ("which task?"), kept until the officer chooses. */
export interface PendingReply {
  id: number;
  personId: number;
  telegramUpdateId: number;
  telegramMessageId: number;
  text: string;
  /** the files sent with it (older rows: bare Telegram file ids) */
  fileIds: Array<string | Attachment>;
}

export async function savePendingReply(db: Db, pending: Omit<PendingReply, "id">, now: Date): Promise<number> {
  const row = await db
    .insertInto("pending_replies")
    .values({
      person_id: pending.personId,
      telegram_update_id: pending.telegramUpdateId,
      telegram_message_id: pending.telegramMessageId,
      text: pending.text,
      file_ids: serializeAttachments(pending.fileIds),
      resolved_at: null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column("telegram_update_id").doUpdateSet({ text: pending.text }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Claims a pending reply for its owner; null when it is not theirs or was already used. */
export async function claimPendingReply(db: Db, id: number, personId: number, now: Date): Promise<PendingReply | null> {
  const claimed = await db
    .updateTable("pending_replies")
    .set({ resolved_at: now.toISOString() })
    .where("id", "=", id)
    .where("person_id", "=", personId)
    .where("resolved_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return null;
  return {
    id: claimed.id,
    personId: claimed.person_id,
    telegramUpdateId: claimed.telegram_update_id,
    telegramMessageId: claimed.telegram_message_id,
    text: claimed.text,
    fileIds: parseAttachments(claimed.file_ids),
  };
}
