/** What reminders, backlog summaries and alerts look like in the chat. */
import { formatVietnameseDate } from "../../domain/local-date.js";
import type { BacklogMessage, ReminderMessage, UnreachableMessage } from "../../services/delivery.js";
import { buttons, texts } from "../texts.js";
import { escapeHtml, shorten } from "./html.js";
import { button, keyboard } from "./keyboard.js";
import { statusButtons, type View } from "./tasks-view.js";

export function reminderView(message: ReminderMessage): View {
  const lines = [
    texts.reminderTitle(escapeHtml(message.ref)),
    escapeHtml(shorten(message.text, 300)),
    texts.reminderAgency(escapeHtml(message.agencyName)),
    `${texts.due(formatVietnameseDate(message.due))} — ${texts.daysLeft(message.daysLeft)}`,
    "",
    texts.cardReplyHint(),
  ];
  return { text: lines.join("\n"), keyboard: keyboard(statusButtons(message.cycleId)) };
}

const backlogShown = 15;

export function backlogView(message: BacklogMessage): View {
  const lines = [texts.backlogTitle(escapeHtml(message.agencyName), message.items.length), ""];
  for (const item of message.items.slice(0, backlogShown)) {
    lines.push(`🔴 <b>${escapeHtml(item.ref)}</b> — ${texts.due(formatVietnameseDate(item.due))} (${texts.daysLeft(-item.daysLate)}): ${escapeHtml(shorten(item.text, 100))}`);
  }
  if (message.items.length > backlogShown) lines.push(texts.andMore(message.items.length - backlogShown));
  lines.push("", texts.backlogHint());
  const open = message.items.slice(0, 8).map((item) => button(buttons.open(item.ref), { action: "card", assignmentId: item.assignmentId }));
  const rows = [];
  for (let i = 0; i < open.length; i += 2) rows.push(open.slice(i, i + 2));
  return { text: lines.join("\n"), keyboard: keyboard(rows) };
}

export function unreachableView(message: UnreachableMessage): View {
  return { text: texts.unreachableAlert(escapeHtml(message.personName), message.agencyName && escapeHtml(message.agencyName)), keyboard: keyboard([]) };
}
