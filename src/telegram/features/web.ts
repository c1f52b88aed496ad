/**
 * The coordinators' Mini App in the chat: /web (a one-time login link for a browser outside
 * Telegram), the "open" button under /status, and the chat's menu button, set per chat as the
 * command menus are (coordinators and admins get the app; others the command list).
 */
import type { Telegram } from "telegraf";
import type { InlineKeyboardMarkup } from "telegraf/types";
import { isCoordinator, type PersonRole } from "../../domain/person.js";
import { loginLinkMinutes } from "../../services/web/web-access.js";
import { loginLinkUrl, webAppBase } from "../../web/urls.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer } from "../reply.js";
import { buttons, texts } from "../texts.js";
import { escapeHtml } from "../views/html.js";

/** The menu button of one chat, by role; failures are logged and change nothing else. */
export async function setWebMenuButton(telegram: Telegram, chatId: number, role: PersonRole | "config_admin", webAppUrl: string | null): Promise<void> {
  const opensApp = webAppUrl !== null && role !== "focal";
  await telegram.setChatMenuButton({
    chatId,
    menuButton: opensApp ? { type: "web_app", text: buttons.webApp, web_app: { url: webAppBase(webAppUrl).toString() } } : { type: "commands" },
  });
}

/** The button under /status that opens the app (private chats only: Telegram refuses web_app buttons in groups). */
export function webAppKeyboard(ctx: BotContext, webAppUrl: string | null): InlineKeyboardMarkup | undefined {
  if (webAppUrl === null || ctx.chat?.type !== "private") return undefined;
  return { inline_keyboard: [[{ text: buttons.webApp, web_app: { url: webAppBase(webAppUrl).toString() } }]] };
}

// Active focal officers may open the dashboard too (services/web/web-access.ts); their menu stays short.
const commands = { web: { menu: "coordinators", help: "everyone" } } as const satisfies CommandSpecs;

export const webFeature = defineFeature({ name: "web", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  /** chats whose menu button this process has set: once each is enough */
  const menuSet = new Set<number>();

  async function ensureMenuButton(ctx: BotContext): Promise<void> {
    const webAppUrl = deps.config.webAppUrl;
    if (webAppUrl === null || ctx.chat?.type !== "private" || !isCoordinator(ctx.actor) || menuSet.has(ctx.chat.id)) return;
    menuSet.add(ctx.chat.id);
    await setWebMenuButton(ctx.telegram, ctx.chat.id, ctx.actor.person?.role ?? "config_admin", webAppUrl).catch((error: unknown) => {
      menuSet.delete(ctx.chat!.id);
      ctx.log.warn({ err: error }, "could not set the chat's menu button");
    });
  }

  // /status in a private chat also gives a coordinator's chat the app on its menu button.
  // (a hook, not a command of its own: /status is the coordinators' feature's, composed after this one)
  feature.composer.command("status", async (ctx, next) => {
    await ensureMenuButton(ctx);
    return next();
  });

  feature.command("web", async (ctx) => {
    const webAppUrl = deps.config.webAppUrl;
    if (webAppUrl === null) return void (await answer(ctx, texts.webOff()));
    const link = await deps.services.web.createLoginLink(ctx.actor);
    if (!link) return void (await answer(ctx, texts.webNotAllowed()));
    await ensureMenuButton(ctx);
    await answer(ctx, texts.webLink(escapeHtml(loginLinkUrl(webAppUrl, link.code)), loginLinkMinutes), { keyboard: webAppKeyboard(ctx, webAppUrl) });
  });
}
