/** `invite`, `people`, `status`: the admin's people register and coordinators' numbers from the shell. */
import { Telegram } from "telegraf";
import { formatVietnameseDate, localDateOf } from "../../domain/local-date.js";
import type { PersonRole } from "../../domain/person.js";
import { createAgencyMatcher } from "../../plan/agency-matcher.js";
import { findAgencyByQuery } from "../../services/registry/agency-lookup.js";
import { createInvite, deactivatePerson, inviteLink, listPeople, movePerson } from "../../services/people/people.js";
import { planStatus } from "../../services/status/status-summary.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { parseInstant, withApp } from "../open.js";
import { planOf } from "./plans.js";
import { renderTable } from "../table.js";
import { cliTexts, headers, roleLabels, statusLabels } from "../texts.js";

const roles = new Set<PersonRole>(["focal", "coordinator", "admin"]);

async function botUsername(token: string | null, apiRoot: string): Promise<string | null> {
  if (!token) return null;
  try {
    return (await new Telegram(token, { apiRoot }).getMe()).username;
  } catch {
    return null;
  }
}

export async function runInvite(context: CliContext, args: { agency: string; role: string | undefined; json: boolean }): Promise<void> {
  const role = (args.role ?? "focal") as PersonRole;
  if (!roles.has(role)) throw new CliError(cliTexts.badRole(args.role ?? ""), 2);
  await withApp(context, async (app) => {
    const invite = await createInvite(app.db, { agencyCode: args.agency === "-" ? null : args.agency, role, createdBy: "cli", now: app.clock.now() });
    const username = await botUsername(app.config.botToken, app.config.telegramApiRoot);
    if (!username) context.io.err(cliTexts.noBotUsername());
    const link = inviteLink(username ?? "<ten_bot>", invite.code);
    if (args.json) {
      printJson(context.io, { code: invite.code, link, agency: invite.agencyCode, role: invite.role, expires_at: invite.expiresAt });
      return;
    }
    context.io.out(cliTexts.inviteCreated(roleLabels[role], invite.agencyName, formatVietnameseDate(localDateOf(new Date(invite.expiresAt), app.config.timeZone))));
    context.io.out(link);
  });
}

export async function runPeople(context: CliContext, args: { verb: string | undefined; id: string | undefined; agency: string | undefined; json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const now = app.clock.now();
    if (args.verb === undefined) {
      const people = await listPeople(app.db);
      if (args.json) {
        printJson(
          context.io,
          people.map((p) => ({ id: p.id, telegram_user_id: p.telegramUserId, name: p.displayName, agency: p.agencyCode, role: p.role, state: p.state })),
        );
        return;
      }
      context.io.out(
        renderTable(
          headers.people,
          people.map((p) => [String(p.id), p.displayName, p.agencyCode ?? "", roleLabels[p.role], p.state]),
        ),
      );
      return;
    }
    const personId = Number(args.id);
    if (!Number.isInteger(personId) || personId <= 0) throw new CliError(cliTexts.peopleUsage(), 2);
    if (args.verb === "move" && args.agency) {
      const person = await movePerson(app.db, { personId, agencyCode: args.agency, actor: "cli", now });
      context.io.out(cliTexts.personMoved(person.displayName, person.agencyName ?? args.agency));
      return;
    }
    if (args.verb === "off") {
      const person = await deactivatePerson(app.db, { personId, actor: "cli", now });
      context.io.out(cliTexts.personOff(person.displayName));
      return;
    }
    throw new CliError(cliTexts.peopleUsage(), 2);
  });
}

export async function runStatus(context: CliContext, args: { agency: string | undefined; plan?: string | undefined; at: string | undefined; json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const instant = args.at === undefined ? app.clock.now() : parseInstant(args.at);
    if (Number.isNaN(instant.getTime())) throw new CliError(cliTexts.badInstant(args.at ?? ""), 2);
    const today = localDateOf(instant, app.config.timeZone);
    let agencyId: number | undefined;
    if (args.agency !== undefined) {
      const agency = await findAgencyByQuery(app.db, createAgencyMatcher(app.registry), args.agency);
      if (!agency) throw new CliError(cliTexts.unknownAgency(args.agency));
      agencyId = agency.id;
    }
    const plan = args.plan === undefined ? undefined : await planOf(app.db, args.plan);
    const status = await planStatus(app.db, today, agencyId, plan?.id);
    const agencies = status.agencies.map(({ code, name, done_on_time, done_late, in_progress, overdue, no_deadline }) => ({
      code,
      name,
      done_on_time,
      done_late,
      in_progress,
      overdue,
      no_deadline,
    }));
    if (args.json) {
      printJson(context.io, { at: instant.toISOString(), totals: status.totals, agencies });
      return;
    }
    context.io.out(cliTexts.statusHeader(formatVietnameseDate(today)));
    context.io.out(
      Object.entries(status.totals)
        .map(([key, n]) => `${statusLabels[key as keyof typeof statusLabels]}: ${n}`)
        .join(" · "),
    );
    context.io.out(
      renderTable(
        headers.status,
        agencies.map((a) => [a.code, a.name, String(a.done_on_time), String(a.done_late), String(a.in_progress), String(a.overdue), String(a.no_deadline)]),
        [12, 44],
      ),
    );
  });
}
