/** The typed per-update context: who is speaking and a logger scoped to the update. */
import { Context } from "telegraf";
import type { Message } from "telegraf/types";
import type { Actor } from "../domain/person.js";
import type { BotMessageLink } from "../services/replies/conversation.js";
import type { Logger } from "../logger.js";

export class BotContext extends Context {
  actor: Actor = { telegramUserId: 0, person: null, isConfigAdmin: false };
  log!: Logger;
  /** answers to this update are held back (the chat sent too much too fast): nothing is sent */
  muted = false;
  /** false while Telegram's 429 for this chat holds (checked at each answer, not once per update) */
  mayAnswer: () => boolean = () => true;
  /** bot messages sent while handling this update that are about a task; saved when it ends */
  readonly links: BotMessageLink[] = [];

  /** A reply to `sent` will be about this cycle (`purpose`: what the message was or asked). */
  remember(sent: Message | null, cycleId: number, purpose: string): void {
    if (sent === null) return; // not sent: the answer was held back
    this.links.push({ chatId: sent.chat.id, messageId: sent.message_id, cycleId, purpose });
  }
}
