/** The typed per-update context: who is speaking and a logger scoped to the update. */
import { Context } from "telegraf";
import type { Actor } from "../domain/person.js";
import type { Logger } from "../logger.js";

export class BotContext extends Context {
  actor: Actor = { telegramUserId: 0, person: null, isConfigAdmin: false };
  log!: Logger;
}
