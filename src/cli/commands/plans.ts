/** `plans [--json]` and `plan remove <code>` */
import { formatVietnameseDate, localDateOf } from "../../domain/local-date.js";
import { removePlan } from "../../services/plan-removal.js";
import { findPlanSummaries } from "../../storage/plan-catalog-repository.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { renderTable } from "../table.js";
import { cliTexts, headers } from "../texts.js";

export async function runPlans(context: CliContext, args: { json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const plans = await findPlanSummaries(app.db, localDateOf(app.clock.now(), app.config.timeZone));
    if (args.json) {
      printJson(
        context.io,
        plans.map((p) => ({ code: p.code, title: p.title, issued_on: p.issuedOn, imported_at: p.importedAt, source_file: p.sourceFile, tasks: p.tasks, assignments: p.assignments, open: p.open, overdue: p.overdue })),
      );
      return;
    }
    if (plans.length === 0) return void context.io.out(cliTexts.noPlans());
    const rows = plans.map((p) => [p.code, p.title, p.issuedOn ? formatVietnameseDate(p.issuedOn) : "", String(p.tasks), String(p.assignments), String(p.open), String(p.overdue)]);
    context.io.out(renderTable(headers.plans, rows, [18, 60, 10, 8, 9, 8, 8]));
    context.io.out(cliTexts.count(plans.length));
  });
}

export async function runPlan(context: CliContext, args: { verb: string | undefined; code: string | undefined; json: boolean }): Promise<void> {
  if (args.verb !== "remove" || !args.code) throw new CliError(cliTexts.planUsage(), 2);
  const code = args.code;
  await withApp(context, async (app) => {
    const removed = await removePlan(app.db, code, app.clock.now(), "cli");
    if (!removed) throw new CliError(cliTexts.unknownPlan(code));
    if (args.json) printJson(context.io, removed);
    else context.io.out(cliTexts.planRemoved(removed.code, removed.removed));
  });
}
