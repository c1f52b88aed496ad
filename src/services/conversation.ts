/**
 * The bot's memory of a conversation, kept in the database so it survives restarts: which
 * task each bot message was about, which updates were handled, and messages waiting for the
 * officer to say which task they meant.
 */
import { insertHandledUpdate, selectBotMessage, selectHandledUpdate, selectReminderByMessage, upsertBotMessage } from "../storage/conversation-repository.js";
import type { Db } from "../storage/database.js";
import { parseAttachments, serializeAttachments, type Attachment } from "../storage/evidence.js";

export interface BotMessageLink {
  chatId: number;
  messageId: number;
  cycleId: number;
  purpose: string;
}

export async function linkBotMessage(db: Db, link: BotMessageLink, now: Date): Promise<void> {
  await upsertBotMessage(db, { ...link, at: now.toISOString() });
}

export interface MessageLink {
  cycleId: number;
  /** "card", "reminder", "confirmation", or the question it asked: "extension", "blocked" */
  purpose: string;
}

/** The cycle a bot message (task card, reminder, confirmation, question) was about. */
export async function findCycleOfMessage(db: Db, chatId: number, messageId: number): Promise<MessageLink | null> {
  const [link] = await selectBotMessage(db, { chatId, messageId });
  if (link) return { cycleId: link.cycle_id, purpose: link.purpose };
  const [reminder] = await selectReminderByMessage(db, { chatId, messageId });
  return reminder ? { cycleId: reminder.cycle_id, purpose: "reminder" } : null;
}

export async function wasHandled(db: Db, updateId: number): Promise<boolean> {
  return (await selectHandledUpdate(db, { updateId })).length > 0;
}

export async function markHandled(db: Db, updateId: number, now: Date): Promise<void> {
  await insertHandledUpdate(db, { updateId, at: now.toISOString() });
}

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
    .values({ person_id: pending.personId, telegram_update_id: pending.telegramUpdateId, telegram_message_id: pending.telegramMessageId, text: pending.text, file_ids: serializeAttachments(pending.fileIds), resolved_at: null, created_at: now.toISOString() })
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
