/** /start with an invite code, /help, /whoami. */
import { actingRole } from "../../domain/person.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder, type FeatureKit } from "../feature.js";
import { answer, answerOrThrow, displayNameOf } from "../reply.js";
import { roleLabels, texts } from "../texts.js";
import { setWebMenuButton } from "./web.js";
import { escapeHtml } from "../views/html.js";

const invitePayload = /^[A-Za-z0-9_-]{16,64}$/;

const nextStepsOf = { admin: texts.nextStepsAdmin, coordinator: texts.nextStepsCoordinator, focal: texts.nextStepsFocal };

function nextSteps(ctx: BotContext): string {
  return nextStepsOf[actingRole(ctx.actor)]();
}

const commands = { start: {}, help: { menu: "everyone", inGroup: true }, whoami: { menu: "everyone", inGroup: true } } as const satisfies CommandSpecs;

export const onboardingFeature = defineFeature({ name: "onboarding", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps, kit: FeatureKit): void {
  feature.command("start", async (ctx) => {
    const code = ctx.payload.trim();
    if (code === "") {
      const person = ctx.actor.person;
      if (!person && !ctx.actor.isConfigAdmin) return void (await answer(ctx, texts.stranger()));
      if (person?.state === "left" && !ctx.actor.isConfigAdmin) return void (await answer(ctx, texts.left()));
      return void (await answer(ctx, `${texts.alreadyRegistered()}\n${nextSteps(ctx)}`));
    }
    if (!invitePayload.test(code)) return void (await answer(ctx, texts.stranger()));
    try {
      const person = await deps.services.people.redeemInvite(code, { telegramUserId: ctx.from.id, chatId: ctx.chat.id, displayName: displayNameOf(ctx.from) });
      ctx.actor = { ...ctx.actor, person };
      ctx.log.info({ person: person.id, agency: person.agencyCode, role: person.role }, "person registered");
      // The menu of this chat follows the role; a failure here must not undo the registration.
      await ctx.telegram
        .setMyCommands(kit.menuFor(person.role), { scope: { type: "chat", chat_id: ctx.chat.id } })
        .catch((error: unknown) => ctx.log.warn({ err: error }, "could not set the chat's menu"));
      if (deps.config.webAppUrl !== null)
        await setWebMenuButton(ctx.telegram, ctx.chat.id, person.role, deps.config.webAppUrl).catch((error: unknown) => ctx.log.warn({ err: error }, "could not set the chat's menu button"));
      await answer(ctx, `${texts.registered(escapeHtml(person.displayName), roleLabels[person.role], person.agencyName && escapeHtml(person.agencyName))}\n${nextSteps(ctx)}`);
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.command("help", async (ctx) => {
    await answer(ctx, kit.helpFor(actingRole(ctx.actor), ctx.chat.type !== "private"));
  });

  feature.command("whoami", async (ctx) => {
    const person = ctx.actor.person;
    if (!person) return void (await answer(ctx, texts.whoamiConfigAdmin(ctx.from.id)));
    await answer(ctx, texts.whoami(escapeHtml(person.displayName), roleLabels[person.role], person.agencyName && escapeHtml(person.agencyName), ctx.from.id));
  });
}
