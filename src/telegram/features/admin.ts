/**
 * Admins: /invite <agency> [role], /invites (pending, never their codes), /revoke_invite <id>,
 * /people, /people move <id> <agency>, /people off <id>.
 */
import { formatVietnameseDate } from "../../domain/local-date.js";
import { isAdmin, type PersonRole } from "../../domain/person.js";
import { inviteLink } from "../../services/people/people.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { roleLabels, texts } from "../texts.js";
import { escapeHtml, messageLimit } from "../views/html.js";

const roles = new Set<PersonRole>(["focal", "coordinator", "admin"]);

const commands = { invite: { menu: "admins" }, invites: { menu: "admins" }, revoke_invite: {}, people: { menu: "admins" } } as const satisfies CommandSpecs;

export const adminFeature = defineFeature({ name: "admin", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  const onlyAdmins = async (ctx: BotContext, next: () => Promise<void>) => {
    if (isAdmin(ctx.actor)) return next();
    await answer(ctx, texts.adminsOnly());
  };
  const actorName = (ctx: BotContext) => `telegram:${ctx.from?.id ?? 0}`;

  feature.command("invite", onlyAdmins, async (ctx) => {
    const [agencyCode, role = "focal", ...extra] = ctx.payload.trim().split(/\s+/).filter(Boolean);
    if (!agencyCode || !roles.has(role as PersonRole) || extra.length > 0) return void (await answer(ctx, texts.inviteUsage()));
    try {
      const invite = await deps.services.people.createInvite({ agencyCode: agencyCode === "-" ? null : agencyCode, role: role as PersonRole, createdBy: actorName(ctx) });
      const expires = formatVietnameseDate(deps.services.localDate(invite.expiresAt));
      await answer(ctx, texts.inviteCreated(inviteLink(deps.botUsername(), invite.code), invite.agencyName && escapeHtml(invite.agencyName), roleLabels[invite.role], expires));
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  const dateOf = (instant: string) => formatVietnameseDate(deps.services.localDate(instant));

  feature.command("invites", onlyAdmins, async (ctx) => {
    const invites = await deps.services.people.listPendingInvites();
    const lines = [texts.invitesHeader(invites.length)];
    for (const i of invites) {
      const line = texts.inviteLine(i.id, roleLabels[i.role], i.agencyName && escapeHtml(i.agencyName), dateOf(i.expiresAt), escapeHtml(texts.inviteCreator(i.createdBy, i.creatorName)));
      if (lines.join("\n").length + line.length + 100 > messageLimit) break;
      lines.push(line);
    }
    if (invites.length > 0) lines.push(texts.invitesHint());
    await answer(ctx, lines.join("\n"));
  });

  feature.command("revoke_invite", onlyAdmins, async (ctx) => {
    const inviteId = Number(ctx.payload.trim());
    if (!Number.isInteger(inviteId) || inviteId <= 0) return void (await answer(ctx, texts.revokeInviteUsage()));
    try {
      const invite = await deps.services.people.revokeInvite({ inviteId, actor: actorName(ctx) });
      await answer(ctx, texts.inviteRevoked(invite.id, roleLabels[invite.role], invite.agencyName && escapeHtml(invite.agencyName)));
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.command("people", onlyAdmins, async (ctx) => {
    const [verb, id, agencyCode] = ctx.payload.trim().split(/\s+/).filter(Boolean);
    try {
      if (verb === undefined) {
        const people = await deps.services.people.listPeople();
        const lines = [texts.peopleHeader(people.length)];
        for (const p of people) {
          const line = texts.peopleLine(p.id, escapeHtml(p.displayName), roleLabels[p.role], p.agencyCode, p.state === "unreachable" ? texts.unreachable() : "");
          if (lines.join("\n").length + line.length > messageLimit) break;
          lines.push(line);
        }
        return void (await answer(ctx, lines.join("\n")));
      }
      const personId = Number(id);
      if (!Number.isInteger(personId) || personId <= 0) return void (await answer(ctx, texts.peopleUsage()));
      if (verb === "move" && agencyCode) {
        const person = await deps.services.people.movePerson({ personId, agencyCode, actor: actorName(ctx) });
        return void (await answer(ctx, texts.personMoved(escapeHtml(person.displayName), escapeHtml(person.agencyName ?? agencyCode))));
      }
      if (verb === "off") {
        const person = await deps.services.people.deactivatePerson({ personId, actor: actorName(ctx) });
        return void (await answer(ctx, texts.personOff(escapeHtml(person.displayName))));
      }
      await answer(ctx, texts.peopleUsage());
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });
}
