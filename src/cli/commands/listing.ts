/** `agencies [--json]` and `tasks [--agency CODE] [--json]` */
import { daysBetween, formatVietnameseDate, localDateOf } from "../../domain/local-date.js";
import { createAgencyMatcher } from "../../plan/agency-matcher.js";
import { findManagedAgencies } from "../../storage/registry-repository.js";
import { findAgencyByQuery } from "../../services/registry/agency-lookup.js";
import { listTasks } from "../../services/status/task-query.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { planOf } from "./plans.js";
import { renderTable } from "../table.js";
import { cliTexts, daysLeftLabel, headers, kindLabels, registryCliTexts, statusLabels } from "../texts.js";

export async function runAgencies(context: CliContext, args: { json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const agencies = await findManagedAgencies(app.db);
    if (args.json) {
      printJson(
        context.io,
        agencies.map(({ code, name, kind, aliases, parentCode, mergedIntoCode, mergedOn }) => ({
          code,
          name,
          kind,
          aliases,
          parent: parentCode,
          merged_into: mergedIntoCode,
          merged_on: mergedOn,
        })),
      );
      return;
    }
    const merged = (a: (typeof agencies)[number]) => (a.mergedIntoCode ? ` ${registryCliTexts.mergedInto(a.mergedIntoCode, formatVietnameseDate(a.mergedOn!))}` : "");
    context.io.out(
      renderTable(
        headers.agencies,
        agencies.map((a) => [a.code, `${a.name}${merged(a)}`, kindLabels[a.kind] ?? a.kind]),
      ),
    );
    context.io.out(cliTexts.count(agencies.length));
  });
}

export async function runTasks(context: CliContext, args: { json: boolean; agency: string | undefined; plan?: string | undefined }): Promise<void> {
  await withApp(context, async (app) => {
    let agencyCode: string | undefined;
    if (args.agency !== undefined) {
      const agency = await findAgencyByQuery(app.db, createAgencyMatcher(app.registry), args.agency);
      if (!agency) throw new CliError(cliTexts.unknownAgency(args.agency));
      agencyCode = agency.code;
    }
    const today = localDateOf(app.clock.now(), app.config.timeZone);
    const plan = args.plan === undefined ? undefined : await planOf(app.db, args.plan);
    const items = await listTasks(app.db, { today, agencyCode, ...(plan && { planId: plan.id }) });
    if (args.json) {
      printJson(
        context.io,
        items.map(({ ref, plan, label, text, lead_codes, deadline, due, status, role }) => ({ ref, plan, label, text, lead_codes, deadline, due, status, ...(role && { role }) })),
      );
      return;
    }
    if (items.length === 0) {
      context.io.out(cliTexts.noTasks());
      return;
    }
    const rows = items.map((t) => [
      t.role === "coordinate" ? `${t.label} (phối hợp)` : t.label,
      t.lead_codes.length > 3 ? `${t.lead_codes.slice(0, 3).join(", ")} +${t.lead_codes.length - 3}` : t.lead_codes.join(", "),
      t.due ? formatVietnameseDate(t.due) : "",
      daysLeftLabel(t.due ? daysBetween(today, t.due) : null),
      t.status ? statusLabels[t.status] : "",
      t.text,
    ]);
    context.io.out(renderTable(headers.tasks, rows, [24, 30, 10, 14, 24, 60]));
    context.io.out(cliTexts.count(items.length));
  });
}
