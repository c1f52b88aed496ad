/**
 * The Telegram bot: telegraf wiring in order — scoped logger, duplicate-update guard, who is
 * speaking, where (private chat or the coordinators' group), strangers, the features, button
 * routing, and the catch-all last. The features (features/index.ts) declare their commands and
 * buttons; the group's commands and buttons and the button routing come from them. Handlers stay
 * thin: services do the work.
 */
import { Telegraf, TelegramError } from "telegraf";
import { isRegistered } from "../domain/person.js";
import { decodeCallback } from "./callback-data.js";
import { BotContext } from "./context.js";
import type { BotDeps, WiredDeps } from "./deps.js";
import { composeFeatures } from "./feature.js";
import { leaveUnknownGroup } from "./groups.js";
import { features } from "./features/index.js";
import { apiTimeouts, withCallTimeout, type ApiTimeouts } from "./api-timeout.js";
import { answer } from "./reply.js";
import { texts } from "./texts.js";
import { createAnswerThrottle, throttleAnswers } from "./throttle.js";

export { commandMenu } from "./features/index.js";

function commandOf(ctx: BotContext): string | null {
  const text = ctx.message && "text" in ctx.message ? ctx.message.text : null;
  const match = text ? /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)/.exec(text) : null;
  return match ? match[1]!.toLowerCase() : null;
}

export function createBot(token: string, given: BotDeps, options: { timeouts?: ApiTimeouts } = {}): Telegraf<BotContext> {
  const deps: WiredDeps = { ...given, journal: given.journal ?? given.services.updates.newJournal() };
  // Refuses, before anything runs, a command or a button that two features claim.
  const { composers, routes, groupCommands } = composeFeatures(features, deps);
  const bot = new Telegraf<BotContext>(token, {
    contextType: BotContext,
    telegram: { apiRoot: deps.config.telegramApiRoot },
    handlerTimeout: 60_000,
  });
  // Every Bot API call has a deadline: the bot's own, and each update's answers (telegraf
  // builds a new Telegram per update).
  const timeouts = options.timeouts ?? apiTimeouts;
  withCallTimeout(bot.telegram, timeouts);
  bot.use((ctx, next) => {
    withCallTimeout(ctx.telegram, timeouts);
    return next();
  });

  bot.use(async (ctx, next) => {
    ctx.log = deps.logger.child({ update_id: ctx.update.update_id, from: ctx.from?.id });
    // Counted in flight until its bookkeeping is handed over: a stop waits for it.
    const done = deps.journal.begin();
    try {
      if (await deps.journal.wasHandled(ctx.update.update_id)) {
        ctx.log.info("duplicate update ignored");
        return;
      }
      try {
        await next();
      } finally {
        await deps.journal.finish(ctx.update.update_id, ctx.links, deps.clock.now());
      }
    } finally {
      done();
    }
  });

  bot.use(async (ctx, next) => {
    if (!ctx.from || ctx.from.is_bot) return;
    ctx.actor = await deps.services.people.resolveActor(ctx.from.id);
    // Only what they write or press in their chat with the bot shows they are back: a join
    // request elsewhere, or my_chat_member "kicked" (blocking the bot again), does not.
    const wroteToBot = (ctx.message !== undefined || ctx.editedMessage !== undefined || ctx.callbackQuery !== undefined) && ctx.chat?.type === "private";
    if (ctx.actor.person?.state === "unreachable" && wroteToBot) {
      // They blocked the bot once and are back: reminders resume.
      await deps.services.people.markReachable(ctx.actor.person.id);
      ctx.actor = await deps.services.people.resolveActor(ctx.from.id);
    }
    return next();
  });

  // How often one chat is answered: a flood is recorded, not answered message by message.
  const throttle = createAnswerThrottle(deps.clock);
  bot.use(throttleAnswers(throttle));

  // Private chats only, except the coordinators' group for a few read-only commands.
  bot.use(async (ctx, next) => {
    if (!ctx.chat || ctx.chat.type === "private") return next();
    if (ctx.chat.id !== deps.config.coordinatorChatId) return leaveUnknownGroup(ctx);
    const command = commandOf(ctx);
    if (ctx.chat.id === deps.config.coordinatorChatId && command !== null && groupCommands.has(command)) return next();
    const pressed = ctx.callbackQuery && "data" in ctx.callbackQuery ? decodeCallback(ctx.callbackQuery.data) : null;
    if (ctx.chat.id === deps.config.coordinatorChatId && pressed && routes.get(pressed.kind.prefix)?.inGroup) return next();
    if (command !== null) await answer(ctx, texts.privateOnly());
    else if (ctx.callbackQuery) await ctx.answerCbQuery(texts.privateOnly(), { show_alert: true });
  });

  // Strangers get the onboarding text and nothing else; /start with a code is how they join.
  bot.use(async (ctx, next) => {
    if (isRegistered(ctx.actor) || commandOf(ctx) === "start") return next();
    const text = ctx.actor.person?.state === "left" ? texts.left() : texts.stranger();
    if (ctx.callbackQuery) await ctx.answerCbQuery(text, { show_alert: true });
    else if (ctx.message) await answer(ctx, text);
  });

  for (const composer of composers) bot.use(composer);

  bot.on("callback_query", async (ctx) => {
    const data = "data" in ctx.callbackQuery ? ctx.callbackQuery.data : "";
    const press = decodeCallback(data);
    // The bot's buttons sit on messages in a chat; a press without one (an inline message: this
    // bot has no inline mode) has nowhere to answer and is refused before anything is recorded.
    if (!ctx.callbackQuery.message) return void (await ctx.answerCbQuery(texts.staleButton()));
    if (!press) {
      ctx.log.warn({ data: data.slice(0, 64) }, "unreadable button data");
      return void (await ctx.answerCbQuery(texts.staleButton()));
    }
    const route = routes.get(press.kind.prefix);
    if (route) await route.handle(ctx, press.value);
    else await ctx.answerCbQuery(texts.staleButton());
  });

  // Last: what nobody handled.
  bot.on("message", async (ctx) => {
    await answer(ctx, commandOf(ctx) !== null ? texts.unknownCommand() : texts.unsupported());
  });

  bot.catch(async (error, ctx) => {
    // Once: pino's error() returns nothing, so "ctx.log?.error(…) ?? logger.error(…)" logged twice.
    if (ctx.log) ctx.log.error({ err: error }, "update failed");
    else deps.logger.error({ err: error, update_id: ctx.update.update_id }, "update failed");
    // Telegram refused to take more for this chat: an apology would be refused too (one more 429).
    if (error instanceof TelegramError && error.code === 429) {
      if (ctx.chat) throttle.holdOff(ctx.chat.id, error.parameters?.retry_after ?? 60);
      return;
    }
    if (ctx.muted) return;
    try {
      if (ctx.callbackQuery) await ctx.answerCbQuery(texts.sorry());
      else if (ctx.chat) await answer(ctx, texts.sorry());
    } catch (replyError) {
      deps.logger.warn({ err: replyError }, "could not send the apology");
    }
  });

  return bot;
}
