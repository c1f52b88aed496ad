/**
 * A task's change history in the chat: one block per change (when, who, what, before → after),
 * newest first, cut into pages that stay well inside Telegram's 4096 characters.
 */
import { formatVietnameseDate, formatVietnameseDateTime } from "../../domain/local-date.js";
import type { HistoryChange, HistoryEntry, StatusUpdateSummary, TaskHistory } from "../../services/status/task-history.js";
import { historyFieldLabels, historyTexts as t } from "../../texts/history.js";
import { registryTexts } from "../../texts/registry.js";
import { actorLabels, auditActionLabels, periodLabel } from "../../texts/spreadsheet.js";
import { buttons, kindLabels, texts } from "../texts.js";
import { escapeHtml, messageLimit, shorten } from "./html.js";
import { historyButton } from "../features/history-buttons.js";
import { button, keyboard } from "./keyboard.js";
import type { View } from "./tasks-view.js";

/** Room left on a page for the header, the page number and the "older" line. */
const pageBudget = messageLimit - 700;

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
/** shorten() on the start only: status updates run to 4,000 characters and every page renders them all */
const brief = (text: string, max: number) => shorten(text.slice(0, max * 4), max);

function statusUpdateText(update: StatusUpdateSummary): string {
  const kind = kindLabels[update.kind as keyof typeof kindLabels] ?? update.kind;
  const percent = update.percent !== null ? ` ${update.percent}%` : "";
  const words = update.text.trim() !== "" ? ` «${escapeHtml(brief(update.text, 160))}»` : "";
  const files = update.files?.length ? ` ${t.files(update.files.map((name) => escapeHtml(brief(name ?? t.unnamedFile, 80))))}` : "";
  return `${escapeHtml(kind)}${percent}${words}${files}`;
}

function valueText(value: string | null): string {
  if (value === null || value.trim() === "") return t.nothing;
  return isDate(value) ? formatVietnameseDate(value) : escapeHtml(brief(value, 120));
}

function changeLine(change: HistoryChange): string {
  const label = historyFieldLabels[change.kind === "value" ? change.field : change.kind] ?? escapeHtml(change.kind === "value" ? change.field : change.kind);
  switch (change.kind) {
    case "due": {
      const [before, after] = [change.before, change.after].map((d) => (d === null ? t.noDue : formatVietnameseDate(d))) as [string, string];
      return change.before === change.after ? `${label}: ${t.unchanged(after)}` : t.change(label, before, after);
    }
    case "completed":
      return t.change(label, t.completed(change.before), t.completed(change.after));
    case "statusUpdate":
      return t.change(label, change.before ? statusUpdateText(change.before) : t.nothing, change.after ? statusUpdateText(change.after) : t.withdrawn);
    case "value":
      return t.change(label, valueText(change.before), valueText(change.after));
  }
}

export function historyBlock(entry: HistoryEntry): string {
  const who = escapeHtml(entry.who ?? actorLabels[entry.actor] ?? t.unknownActor(entry.actor));
  const agency = entry.agencyCode && entry.formerAgencyCode ? `${entry.agencyCode} (${registryTexts.formerly(entry.formerAgencyCode)})` : entry.agencyCode;
  const place = [agency, entry.period === null ? "" : periodLabel(entry.period)].filter((p) => p !== null && p !== "").join(", ");
  const action = escapeHtml(auditActionLabels[entry.action] ?? entry.action);
  return [
    `🕘 <b>${formatVietnameseDateTime(entry.local)}</b> · ${t.by(who, place === "" ? null : escapeHtml(place))}`,
    `${action}${entry.statusUpdate ? `: ${statusUpdateText(entry.statusUpdate)}` : ""}`,
    ...entry.changes.map(changeLine),
  ].join("\n");
}

/** The entries' blocks cut into pages by size. */
export function historyPages(entries: readonly HistoryEntry[]): string[][] {
  const pages: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const block of entries.map(historyBlock)) {
    if (current.length > 0 && length + block.length + 2 > pageBudget) {
      pages.push(current);
      current = [];
      length = 0;
    }
    current.push(block);
    length += block.length + 2;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

export function historyView(history: TaskHistory, page: number): View {
  const pages = historyPages(history.entries);
  const index = Math.min(Math.max(page, 0), Math.max(pages.length - 1, 0));
  const lines = [t.header(escapeHtml(history.task.ref), history.total)];
  if (history.agencyCode) lines.push(t.agencyOnly(escapeHtml(history.agencyCode)));
  if (history.task.removed) lines.push(t.removed);
  lines.push("");
  lines.push(pages.length === 0 ? t.none : pages[index]!.join("\n\n"));
  const last = index >= pages.length - 1;
  if (last && history.total > history.entries.length) lines.push("", t.older(history.total - history.entries.length));
  if (pages.length > 1) lines.push("", texts.page(index + 1, pages.length));
  const nav = [];
  if (index > 0) nav.push(button(buttons.previous, historyButton.encode({ taskId: history.task.id, page: index - 1 })));
  if (!last) nav.push(button(buttons.next, historyButton.encode({ taskId: history.task.id, page: index + 1 })));
  return { text: lines.join("\n"), keyboard: keyboard([nav]) };
}
