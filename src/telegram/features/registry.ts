/**
 * The registry in chat. Admins: /agency (add, rename, alias, unalias, parent, kind) and /merge.
 * Coordinators and admins: /agencies, /setlead, /addcoord, /rmcoord. Each change is one service
 * call, audited there; the officers whose work moves are told by a notice.
 */
import { formatVietnameseDate, parseTypedDate } from "../../domain/local-date.js";
import { isAdmin, isCoordinator } from "../../domain/person.js";
import type { AgencyEdit } from "../../services/registry/registry-admin.js";
import { RegistryChangeError } from "../../domain/registry-errors.js";
import { registryErrorTexts, registryTexts as t } from "../../texts/registry.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { escapeHtml } from "../views/html.js";
import { agencyListView } from "../views/registry-view.js";

/** The words of a command's payload, and the rest of the text after the first `n` of them. */
function words(payload: string, n: number): { head: string[]; rest: string } {
  const parts = payload.trim().split(/\s+/).filter(Boolean);
  return { head: parts.slice(0, n), rest: parts.slice(n).join(" ") };
}

export function registryErrorText(error: RegistryChangeError): string {
  const details = Object.fromEntries(Object.entries(error.details).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v]));
  return registryErrorTexts[error.code](details);
}

const commands = {
  agencies: { menu: "coordinators" },
  agency: { menu: "admins" },
  merge: { menu: "admins" },
  setlead: { menu: "coordinators" },
  addcoord: { menu: "coordinators" },
  rmcoord: { menu: "coordinators" },
} as const satisfies CommandSpecs;

export const registryFeature = defineFeature({ name: "registry", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  const actorOf = (ctx: BotContext) => (ctx.actor.person ? `person:${ctx.actor.person.id}` : `telegram:${ctx.from?.id ?? 0}`);
  const admins = async (ctx: BotContext, next: () => Promise<void>) => (isAdmin(ctx.actor) ? next() : void (await answer(ctx, t.adminsOnly())));
  const coordinators = async (ctx: BotContext, next: () => Promise<void>) => (isCoordinator(ctx.actor) ? next() : void (await answer(ctx, t.coordinatorsOnly())));
  const run = async (ctx: BotContext, work: () => Promise<string>) => {
    try {
      await answer(ctx, await work());
    } catch (error) {
      if (error instanceof RegistryChangeError) await answer(ctx, registryErrorText(error));
      else await answerOrThrow(ctx, error);
    }
  };

  feature.command("agencies", async (ctx) => {
    if (!isCoordinator(ctx.actor)) return void (await answer(ctx, texts.coordinatorsOnly()));
    await answer(ctx, agencyListView(await deps.services.registry.listAgencies()));
  });

  feature.command("agency", admins, async (ctx) => {
    const { head, rest } = words(ctx.payload, 2);
    const [verb, code] = head;
    const edits: Record<string, (text: string) => AgencyEdit | null> = {
      rename: (text) => (text ? { kind: "rename", name: text } : null),
      alias: (text) => (text ? { kind: "alias", alias: text } : null),
      unalias: (text) => (text ? { kind: "unalias", alias: text } : null),
      parent: (text) => (text ? { kind: "parent", parent: text === "-" ? null : text } : null),
      kind: (text) => (text ? { kind: "kind", agencyKind: text } : null),
    };
    if (verb === "add" && code) {
      const {
        head: [kind],
        rest: name,
      } = words(rest, 1);
      if (!kind || !name) return void (await answer(ctx, t.agencyUsage()));
      return run(ctx, async () => {
        const added = await deps.services.registry.addAgency(actorOf(ctx), { code, kind, name });
        return t.added(escapeHtml(added.code), escapeHtml(added.name));
      });
    }
    const edit = verb && code ? edits[verb]?.(rest) : null;
    if (!edit || !code) return void (await answer(ctx, t.agencyUsage()));
    await run(ctx, async () => {
      const changed = await deps.services.registry.editAgency(actorOf(ctx), code, edit);
      return t.changed(escapeHtml(changed.code), escapeHtml([changed.name, ...changed.aliases].join("; ")));
    });
  });

  feature.command("merge", admins, async (ctx) => {
    const { head, rest } = words(ctx.payload, 3);
    const [from, into, date] = head;
    const on = date ? parseTypedDate(date) : null;
    if (!from || !into || !date) return void (await answer(ctx, t.agencyUsage()));
    if (!on) return void (await answer(ctx, registryErrorTexts.date_invalid({ date: escapeHtml(date) })));
    await run(ctx, async () => {
      const report = await deps.services.registry.mergeAgencies(actorOf(ctx), { from, into, effectiveOn: on, source: rest || null });
      return t.merged({
        from: escapeHtml(report.from.name),
        into: escapeHtml(report.into.name),
        on: formatVietnameseDate(report.effectiveOn),
        assignments: report.assignments,
        cycles: report.openCycles,
        people: report.people.length,
      });
    });
  });

  feature.command("setlead", coordinators, async (ctx) => {
    const { head, rest } = words(ctx.payload, 3);
    const [ref, to, from] = head;
    if (!ref || !to || rest) return void (await answer(ctx, t.setleadUsage()));
    await run(ctx, async () => {
      const change = await deps.services.registry.setLead(actorOf(ctx), { ref, to, ...(from !== undefined && { from }) });
      return t.leadSet(escapeHtml(change.ref), escapeHtml(change.from.name), escapeHtml(change.to.name), change.openCycles);
    });
  });

  for (const [command, remove] of [
    ["addcoord", false],
    ["rmcoord", true],
  ] as const) {
    feature.command(command, coordinators, async (ctx) => {
      const { head, rest } = words(ctx.payload, 2);
      const [ref, agency] = head;
      if (!ref || !agency || rest) return void (await answer(ctx, t.coordUsage(command)));
      await run(ctx, async () => {
        const change = await deps.services.registry.changeCoordinator(actorOf(ctx), { ref, agency, remove });
        return (remove ? t.coordinateRemoved : t.coordinateAdded)(escapeHtml(change.ref), escapeHtml(change.agency.name));
      });
    });
  }
}
