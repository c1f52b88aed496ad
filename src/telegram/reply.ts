/** Small helpers every feature uses to answer: HTML mode, domain errors as words. */
import type { InlineKeyboardMarkup, Message } from "telegraf/types";
import { DomainError } from "../domain/errors.js";
import type { BotContext } from "./context.js";
import { errorTexts } from "./texts.js";

export interface AnswerOptions {
  keyboard?: InlineKeyboardMarkup;
  replyTo?: number;
}

/** Sends the answer, or nothing (null) when the chat's answers are held back (telegram/throttle.ts). */
export async function answer(ctx: BotContext, html: string, options: AnswerOptions = {}): Promise<Message.TextMessage | null> {
  if (ctx.muted || !ctx.mayAnswer()) return null;
  return ctx.reply(html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(options.keyboard && { reply_markup: options.keyboard }),
    ...(options.replyTo !== undefined && { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }),
  });
}

/** Domain errors become their sentence; anything else goes on to bot.catch. */
export function domainErrorText(error: unknown): string | null {
  return error instanceof DomainError ? errorTexts[error.code] : null;
}

export async function answerOrThrow(ctx: BotContext, error: unknown): Promise<void> {
  const text = domainErrorText(error);
  if (text === null) throw error;
  if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
  else await answer(ctx, text);
}

export function displayNameOf(from: { first_name: string; last_name?: string; username?: string }): string {
  const name = [from.first_name, from.last_name].filter(Boolean).join(" ").trim();
  return (name || from.username || "—").slice(0, 128);
}
