/** `import <file> [--dry-run] [--force] [--json]` and `import --review <file> [--out FILE]` */
import { writeFile } from "node:fs/promises";
import { bundledFiles } from "../../app.js";
import { planToJson } from "../../plan/plan-json.js";
import type { ParsedPlan } from "../../plan/types.js";
import { importPlan } from "../../services/plans/plan-import.js";
import { readPlanFile, readRegistryFile, type PlanFile } from "../../services/plans/plan-files.js";
import { reviewFileName, writeReviewWorkbook } from "../../services/plans/plan-review.js";
import { notPlanReasons, planFileTexts } from "../../texts/plan-files.js";
import { CliError, printJson, type CliContext, type CliIo } from "../context.js";
import { withApp } from "../open.js";
import { renderTable } from "../table.js";
import { cliTexts, deadlineLabel, headers } from "../texts.js";

export interface ImportArgs {
  file: string;
  dryRun: boolean;
  json: boolean;
  force?: boolean;
  review?: boolean;
  out?: string;
}

function printWarnings(io: CliIo, parsed: ParsedPlan): void {
  if (parsed.warnings.length === 0) return;
  io.out(cliTexts.warningsHeader(parsed.warnings.length));
  for (const w of parsed.warnings) io.out(cliTexts.warningLine(w.line, w.message));
}

function printParsed(io: CliIo, parsed: ParsedPlan): void {
  const rows = parsed.tasks.map((t) => [t.ref, String(t.line), t.leads.map((p) => p.name).join("; "), deadlineLabel(t.deadline), t.text]);
  io.out(`${parsed.plan.code} — ${parsed.plan.title}`);
  io.out(renderTable(headers.parsed, rows, [14, 5, 48, 22, 60]));
  printWarnings(io, parsed);
  io.out(cliTexts.dryRunSummary(parsed.plan.code, parsed.tasks.length, parsed.warnings.length));
}

/** A document that does not look like a plan is refused unless --force. */
function checkIsPlan(planFile: PlanFile, args: ImportArgs): void {
  if (planFile.detection.isPlan || args.force) return;
  throw new CliError(`${args.file}: ${planFileTexts.notPlan(planFile.detection.missing.map((sign) => notPlanReasons[sign]))}`);
}

async function writeReview(io: CliIo, planFile: PlanFile, args: ImportArgs): Promise<void> {
  const { parsed } = planFile;
  const out = args.out ?? reviewFileName(parsed.plan.code);
  const bytes = await writeReviewWorkbook(parsed, args.file);
  try {
    await writeFile(out, bytes);
  } catch (error) {
    throw new CliError(cliTexts.reviewUnwritable(out, (error as Error).message));
  }
  const noLead = parsed.tasks.filter((t) => t.leads.length === 0).length;
  const noDeadline = parsed.tasks.filter((t) => t.deadline.kind === "none").length;
  if (args.json) printJson(io, { file: out, tasks: parsed.tasks.length, without_lead: noLead, without_deadline: noDeadline, warnings: parsed.warnings.length });
  else io.out(cliTexts.reviewWritten(out, parsed.tasks.length, noLead, noDeadline));
}

export async function runImport(context: CliContext, args: ImportArgs): Promise<void> {
  const { io } = context;
  if (args.dryRun || args.review) {
    const registry = await readRegistryFile(context.registryFile ?? bundledFiles.registry);
    const planFile = await readPlanFile(args.file, registry);
    checkIsPlan(planFile, args);
    if (args.review) return writeReview(io, planFile, args);
    if (args.json) printJson(io, planToJson(planFile.parsed));
    else printParsed(io, planFile.parsed);
    return;
  }
  await withApp(context, async (app) => {
    const planFile = await readPlanFile(args.file, app.registry);
    checkIsPlan(planFile, args);
    const source = { file: args.file, hash: planFile.hash, corrections: planFile.corrections };
    const report = await importPlan({ db: app.db, timeZone: app.config.timeZone }, planFile.parsed, source, app.clock.now(), "cli");
    if (args.json) {
      printJson(io, { ...report, warnings: planFile.parsed.warnings, corrections: planFile.corrections.length });
      return;
    }
    io.out(
      cliTexts.importSummary({
        code: report.plan.code,
        created: report.created.length,
        updated: report.updated.length,
        unchanged: report.unchanged,
        removed: report.removed.length,
        restored: report.restored.length,
      }),
    );
    for (const u of report.updated) io.out(cliTexts.updatedLine(u.ref, u.fields));
    for (const ref of report.removed) io.out(cliTexts.removedLine(ref));
    for (const name of report.unregistered_agencies) io.out(cliTexts.unregisteredLine(name));
    if (planFile.corrections.length > 0) io.out(cliTexts.correctionsApplied(planFile.corrections.length));
    printWarnings(io, planFile.parsed);
  });
}
