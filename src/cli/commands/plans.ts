/** `plans [--json]`, `plan close|archive|reopen <code>`, `plan code <code> <new>` and `plan remove <code>` */
import { formatVietnameseDate, localDateOf } from "../../domain/local-date.js";
import type { PlanState } from "../../domain/plan-code.js";
import { findPlan, listPlans, setPlanShortCode, setPlanStatus } from "../../services/plans/plan-lifecycle.js";
import type { Db } from "../../storage/database.js";
import type { PlanRef } from "../../storage/plan-catalog-repository.js";
import { removePlan } from "../../services/plans/plan-removal.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { withApp } from "../open.js";
import { renderTable } from "../table.js";
import { cliTexts, headers, planStatusLabels } from "../texts.js";

/** The plan a `--plan` option names, or a clear error. */
export async function planOf(db: Db, typed: string): Promise<PlanRef> {
  const plan = await findPlan(db, typed);
  if (!plan) throw new CliError(cliTexts.unknownPlan(typed));
  return plan;
}

export async function runPlans(context: CliContext, args: { json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    const plans = await listPlans(app.db, localDateOf(app.clock.now(), app.config.timeZone));
    if (args.json) {
      printJson(
        context.io,
        plans.map((p) => ({
          code: p.code,
          short_code: p.shortCode,
          status: p.status,
          issuer: p.issuer,
          title: p.title,
          issued_on: p.issuedOn,
          imported_at: p.importedAt,
          source_file: p.sourceFile,
          tasks: p.tasks,
          assignments: p.assignments,
          open: p.open,
          overdue: p.overdue,
        })),
      );
      return;
    }
    if (plans.length === 0) return void context.io.out(cliTexts.noPlans());
    const rows = plans.map((p) => [
      p.shortCode,
      p.code,
      planStatusLabels[p.status],
      p.issuer ?? "",
      p.title,
      p.issuedOn ? formatVietnameseDate(p.issuedOn) : "",
      String(p.tasks),
      String(p.assignments),
      String(p.open),
      String(p.overdue),
    ]);
    context.io.out(renderTable(headers.plans, rows, [10, 16, 14, 24, 50, 10, 8, 9, 8, 8]));
    context.io.out(cliTexts.count(plans.length));
  });
}

const statusOfVerb: Record<string, PlanState> = { close: "closed", archive: "archived", reopen: "active" };

export async function runPlan(context: CliContext, args: { verb: string | undefined; code: string | undefined; value?: string | undefined; json: boolean }): Promise<void> {
  const { verb, code } = args;
  if (!verb || !code) throw new CliError(cliTexts.planUsage(), 2);
  if (verb !== "code" && args.value !== undefined) throw new CliError(cliTexts.tooManyArguments(args.value), 2);
  if (verb === "remove") {
    await withApp(context, async (app) => {
      const removed = await removePlan(app.db, code, app.clock.now(), "cli");
      if (!removed) throw new CliError(cliTexts.unknownPlan(code));
      if (args.json) printJson(context.io, removed);
      else context.io.out(cliTexts.planRemoved(removed.code, removed.removed));
    });
    return;
  }
  if (verb === "code") {
    const wanted = args.value;
    if (!wanted) throw new CliError(cliTexts.planUsage(), 2);
    await withApp(context, async (app) => {
      const result = await setPlanShortCode(app.db, code, wanted, app.clock.now(), "cli");
      if (result.kind === "unknown") throw new CliError(cliTexts.unknownPlan(code));
      if (result.kind === "invalid") throw new CliError(cliTexts.planCodeInvalid(wanted), 2);
      if (result.kind === "taken") throw new CliError(cliTexts.planCodeTaken(wanted));
      if (args.json) printJson(context.io, { code: result.plan.code, short_code: result.plan.shortCode, previous: result.from });
      else context.io.out(cliTexts.planCodeChanged(result.from, result.plan.shortCode));
    });
    return;
  }
  const status = statusOfVerb[verb];
  if (!status) throw new CliError(cliTexts.planUsage(), 2);
  await withApp(context, async (app) => {
    const result = await setPlanStatus(app.db, code, status, app.clock.now(), "cli");
    if (result.kind === "unknown") throw new CliError(cliTexts.unknownPlan(code));
    if (args.json) {
      printJson(context.io, {
        code: result.plan.code,
        short_code: result.plan.shortCode,
        status,
        changed: result.kind === "changed",
        ...(result.kind === "changed" && { cancelled: result.cancelled }),
      });
      return;
    }
    if (result.kind === "unchanged") context.io.out(cliTexts.planStatusUnchanged(result.plan.shortCode, status));
    else context.io.out(cliTexts.planStatusChanged(result.plan.shortCode, status, result.cancelled.reminders, result.cancelled.notices));
  });
}
