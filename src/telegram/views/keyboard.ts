/** Inline keyboards; a button's data is written by its kind (`defineCallback`, callback-data.ts). */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "telegraf/types";

/** A button: `data` from the `encode` of the kind that handles it, e.g. `cardButton.encode({ assignmentId })`. */
export function button(text: string, data: string): InlineKeyboardButton {
  return { text, callback_data: data };
}

export function keyboard(rows: InlineKeyboardButton[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.filter((row) => row.length > 0) };
}
