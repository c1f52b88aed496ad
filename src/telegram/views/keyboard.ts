/** Inline keyboards, with every button's data encoded by callback-data.ts. */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";
import { encodeCallback, type Callback } from "../callback-data.js";

export function button(text: string, callback: Callback): InlineKeyboardButton {
  return { text, callback_data: encodeCallback(callback) };
}

export function keyboard(rows: InlineKeyboardButton[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.filter((row) => row.length > 0) };
}
