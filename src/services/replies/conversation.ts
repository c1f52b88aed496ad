/**
 * The bot's memory of a conversation, kept in the database so it survives restarts: which
 * task each bot message was about, which updates were handled, and messages waiting for the
 * officer to say which task they meant.
 */
import {
  insertHandledUpdate,
  selectBotMessage,
  selectHandledUpdate,
  selectLatestOpenPendingReply,
  selectNoticeByMessage,
  selectOpenPendingReply,
  selectReminderByMessage,
  selectTaskTextOfCycle,
  upsertBotMessage,
} from "../../storage/conversation-repository.js";

export { claimPendingReply, savePendingReply, type PendingReply } from "../../storage/conversation-repository.js";
import { addDaysToInstant } from "../../domain/local-date.js";
import { documentMismatch, type DocumentKind } from "../../domain/reply-intent.js";
import type { Db } from "../../storage/database.js";

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
  if (reminder) return { cycleId: reminder.cycle_id, purpose: "reminder" };
  // A backlog summary or check-in about exactly one task speaks for that task, like a card.
  const [notice] = await selectNoticeByMessage(db, { chatId, messageId });
  if (notice && (notice.kind === "backlog" || notice.kind === "checkin")) {
    const cycles = cyclesOfPayload(notice.payload);
    if (cycles.length === 1) return { cycleId: cycles[0]!, purpose: notice.kind };
  }
  return null;
}

function cyclesOfPayload(payload: string): number[] {
  try {
    const cycles = (JSON.parse(payload) as { cycles?: unknown }).cycles;
    return Array.isArray(cycles) ? cycles.filter((c): c is number => typeof c === "number") : [];
  } catch {
    return [];
  }
}

export async function wasHandled(db: Db, updateId: number): Promise<boolean> {
  return (await selectHandledUpdate(db, { updateId })).length > 0;
}

export async function markHandled(db: Db, updateId: number, now: Date): Promise<void> {
  await insertHandledUpdate(db, { updateId, at: now.toISOString() });
}

/** A typed ref answers the person's latest "which task?" of the last day, if one still waits. */
const pendingAnswerableDays = 1;

export async function findLatestOpenPendingReply(db: Db, personId: number, now: Date): Promise<number | null> {
  const [row] = await selectLatestOpenPendingReply(db, { personId, since: addDaysToInstant(now, -pendingAnswerableDays).toISOString() });
  return row?.id ?? null;
}

export async function isOpenPendingReply(db: Db, id: number, personId: number): Promise<boolean> {
  return (await selectOpenPendingReply(db, { id, personId })).length > 0;
}

/**
 * A reply read as "done" that names a paper of another kind than its task makes: what it names
 * and what the task makes, so the officer is asked; null when it can be recorded as done.
 */
export async function doneNeedsConfirmation(db: Db, cycleId: number, replyText: string): Promise<{ named: DocumentKind; product: DocumentKind } | null> {
  if (replyText.trim() === "") return null;
  const [task] = await selectTaskTextOfCycle(db, { cycleId });
  return task ? documentMismatch(replyText, task.text) : null;
}
