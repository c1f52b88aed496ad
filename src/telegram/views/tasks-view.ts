/**
 * The task list (paged, lead tasks first) and the task card. Pages are cut by size so no
 * message comes near Telegram's 4096-character limit, whatever the documents say.
 */
import type { InlineKeyboardButton } from "telegraf/types";
import { formatVietnameseDate } from "../../domain/local-date.js";
import type { AssignmentItem, TaskCard } from "../../services/status/agency-tasks.js";
import { registryTexts } from "../../texts/registry.js";
import { buttons, kindLabels, statusIcons, statusLabels, texts } from "../texts.js";
import { escapeHtml, messageLimit, shorten } from "./html.js";
import { statusButton } from "../features/status-replies-buttons.js";
import { cardButton, fullButton, pageButton } from "../features/tasks-buttons.js";
import { button, keyboard } from "./keyboard.js";

export interface View {
  text: string;
  keyboard: ReturnType<typeof keyboard>;
}

const pageSize = 8;
const lineTextLength = 140;

function dueLine(item: Pick<AssignmentItem, "due" | "daysLeft" | "status">): string {
  if (!item.due) return texts.noDue();
  const days = item.status === "overdue" || item.status === "in_progress" ? `, ${texts.daysLeft(item.daysLeft ?? 0)}` : "";
  return `${texts.due(formatVietnameseDate(item.due))}${days}`;
}

function itemLine(item: AssignmentItem): string {
  const icon = item.status ? statusIcons[item.status] : "⚪";
  return `${icon} <b>${escapeHtml(item.ref)}</b> — ${dueLine(item)}\n${escapeHtml(shorten(item.text, lineTextLength))}`;
}

/** Splits the list into pages of at most `pageSize` items that also fit in one message. */
export function paginate(items: readonly AssignmentItem[]): AssignmentItem[][] {
  const pages: AssignmentItem[][] = [];
  let current: AssignmentItem[] = [];
  let length = 0;
  for (const item of items) {
    const size = itemLine(item).length + 40;
    if (current.length > 0 && (current.length >= pageSize || length + size > messageLimit - 400)) {
      pages.push(current);
      current = [];
      length = 0;
    }
    current.push(item);
    length += size;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

export function taskListView(agencyName: string, items: readonly AssignmentItem[], page: number): View {
  const pages = paginate(items);
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  const shown = pages[index] ?? [];
  const lead = items.filter((i) => i.role === "lead").length;
  const lines = [texts.tasksHeader(escapeHtml(agencyName), lead, items.length - lead)];
  let section: string | null = null;
  for (const item of shown) {
    if (item.role !== section) {
      section = item.role;
      lines.push("", item.role === "lead" ? texts.leadSection() : texts.coordinateSection());
    }
    lines.push(itemLine(item));
  }
  if (pages.length > 1) lines.push("", texts.page(index + 1, pages.length));
  const open: InlineKeyboardButton[][] = [];
  for (let i = 0; i < shown.length; i += 2) {
    open.push(shown.slice(i, i + 2).map((item) => button(buttons.open(item.ref), cardButton.encode({ assignmentId: item.assignmentId }))));
  }
  const nav: InlineKeyboardButton[] = [];
  if (index > 0) nav.push(button(buttons.previous, pageButton.encode({ page: index - 1 })));
  if (index < pages.length - 1) nav.push(button(buttons.next, pageButton.encode({ page: index + 1 })));
  return { text: lines.join("\n"), keyboard: keyboard([...open, nav]) };
}

export function statusButtons(cycleId: number): InlineKeyboardButton[][] {
  return [
    [button(buttons.progress, statusButton.encode({ cycleId, kind: "progress" })), button(buttons.done, statusButton.encode({ cycleId, kind: "done" }))],
    [button(buttons.blocked, statusButton.encode({ cycleId, kind: "blocked" })), button(buttons.extension, statusButton.encode({ cycleId, kind: "extension" }))],
  ];
}

const cardTextLength = 700;

export function taskCardView(card: TaskCard, full: boolean): View {
  const textLimit = full ? messageLimit - 1200 : cardTextLength;
  const lines = [
    `<b>${escapeHtml(card.ref)}</b> · ${escapeHtml(card.section)}`,
    escapeHtml(shorten(card.text, textLimit)),
    "",
    `${dueLine(card)}${card.deadline.phrase ? ` ${escapeHtml(texts.fromPhrase(card.deadline.phrase))}` : ""}`,
  ];
  if (card.originalDue && card.due && card.originalDue !== card.due) lines.push(texts.extended(formatVietnameseDate(card.originalDue)));
  // "Không có hạn" is already the deadline line; the status would only say it again.
  if (card.status && card.status !== "no_deadline") lines.push(`${statusIcons[card.status]} ${statusLabels[card.status]}`);
  lines.push(`Chủ trì: ${escapeHtml(shorten(card.leadNames.join("; "), 300))}`);
  if (card.formerAgencyName) lines.push(registryTexts.assignedNow(escapeHtml(card.agencyName), escapeHtml(card.formerAgencyName)));
  lines.push("", texts.latestUpdates());
  if (card.updates.length === 0) lines.push(texts.noUpdates());
  for (const update of card.updates) {
    const kind = kindLabels[update.kind as keyof typeof kindLabels] ?? update.kind;
    const who = update.who ? ` — ${escapeHtml(update.who)}` : "";
    const percent = update.percent !== null ? ` ${update.percent}%` : "";
    const words = update.text ? `: ${escapeHtml(shorten(update.text, 160))}` : "";
    lines.push(`• ${formatVietnameseDate(update.on)} ${kind}${percent}${who}${words}`);
  }
  lines.push("", card.canUpdate ? texts.cardReplyHint() : card.role === "coordinate" ? texts.coordinateHint() : "");
  const rows: InlineKeyboardButton[][] = card.canUpdate && card.cycleId !== null ? statusButtons(card.cycleId) : [];
  if (!full && [...card.text].length > cardTextLength) rows.push([button(buttons.more, fullButton.encode({ assignmentId: card.assignmentId }))]);
  return { text: lines.join("\n").trim(), keyboard: keyboard(rows) };
}
