/**
 * "Which task?" for a message that is not a reply: the agency's open lead tasks as buttons,
 * a page at a time, labels cut between words; the officer may also type the ref.
 */
import type { InlineKeyboardButton } from "telegraf/types";
import { buttons, texts } from "../texts.js";
import { escapeHtml, shorten } from "./html.js";
import { dropButton, pickButton, pickPageButton } from "../features/status-replies-buttons.js";
import { button, keyboard } from "./keyboard.js";
import type { View } from "./tasks-view.js";

export const pickPageSize = 8;
const labelTextLength = 48;

export interface PickItem {
  ref: string;
  text: string;
  cycleId: number;
}

export function whichTaskView(items: readonly PickItem[], pendingId: number, page: number): View {
  const pages = Math.max(1, Math.ceil(items.length / pickPageSize));
  const index = Math.min(Math.max(page, 0), pages - 1);
  const shown = items.slice(index * pickPageSize, (index + 1) * pickPageSize);
  const rows: InlineKeyboardButton[][] = shown.map((item) => [button(`${item.ref} — ${shorten(item.text, labelTextLength)}`, pickButton.encode({ pendingId, cycleId: item.cycleId }))]);
  const nav: InlineKeyboardButton[] = [];
  if (index > 0) nav.push(button(buttons.previous, pickPageButton.encode({ pendingId, page: index - 1 })));
  if (index < pages - 1) nav.push(button(buttons.next, pickPageButton.encode({ pendingId, page: index + 1 })));
  rows.push(nav, [button(buttons.none, dropButton.encode({ pendingId }))]);
  const lines = [texts.askWhichTask(items.length, escapeHtml(items[0]?.ref ?? ""))];
  if (pages > 1) lines.push(texts.page(index + 1, pages));
  return { text: lines.join("\n"), keyboard: keyboard(rows) };
}
