/**
 * `report [--format xlsx|csv] [--out FILE] [--at <instant>]`: the coordinators' spreadsheet.
 * A sub-verb (`report <verb> …`) picks another report; without one, the plan-wide export.
 * `report annual [<year>] [--out FILE] [--at <instant>]`: the annual consolidated report (.docx).
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { localDateOf } from "../../domain/local-date.js";
import { annualReportFileName, buildAnnualReport, firstReportYear, lastReportYear, parseReportYear } from "../../services/exports/annual-report.js";
import { exportFileName, exportFormats, writeCsvExport, writeXlsxExport, type ExportFormat } from "../../services/exports/spreadsheet-export.js";
import { callerFolder, CliError, type CliContext } from "../context.js";
import { parseInstant, withApp } from "../open.js";
import { cliTexts } from "../texts.js";
import { planOf } from "./plans.js";

export interface ReportArgs {
  verb: string | undefined;
  /** the positionals after the verb */
  rest: string[];
  format: string | undefined;
  out: string | undefined;
  at: string | undefined;
  /** only this plan (its short code or number) */
  plan?: string | undefined;
}

export async function runReport(context: CliContext, args: ReportArgs): Promise<void> {
  if (args.verb === "annual") return runAnnual(context, args);
  if (args.verb !== undefined) throw new CliError(cliTexts.reportUsage(), 2);
  await runExport(context, args);
}

function instantOf(context: CliContext, at: string | undefined): Date {
  const instant = at === undefined ? context.clock.now() : parseInstant(at);
  if (Number.isNaN(instant.getTime())) throw new CliError(cliTexts.badInstant(at ?? ""), 2);
  return instant;
}

async function runAnnual(context: CliContext, args: ReportArgs): Promise<void> {
  if (args.format !== undefined || args.plan !== undefined || args.rest.length > 1) throw new CliError(cliTexts.reportUsage(), 2);
  const instant = instantOf(context, args.at);
  await withApp(context, async (app) => {
    const { timeZone } = app.config;
    const today = localDateOf(instant, timeZone);
    const year = parseReportYear(args.rest[0], today);
    if (year === null) throw new CliError(cliTexts.badReportYear(args.rest[0] ?? "", firstReportYear, lastReportYear(today)), 2);
    const file = resolve(callerFolder(context), args.out ?? annualReportFileName(year));
    const bytes = await buildAnnualReport(app.db, { year, today, timeZone });
    await writeFile(file, bytes);
    context.io.out(cliTexts.annualReportWritten(year, file));
  });
}

async function runExport(context: CliContext, args: ReportArgs): Promise<void> {
  const format = (args.format ?? "xlsx") as ExportFormat;
  if (!exportFormats.includes(format)) throw new CliError(cliTexts.badReportFormat(args.format ?? ""), 2);
  const instant = instantOf(context, args.at);
  await withApp(context, async (app) => {
    const { timeZone } = app.config;
    const today = localDateOf(instant, timeZone);
    const plan = args.plan === undefined ? undefined : await planOf(app.db, args.plan);
    const file = resolve(callerFolder(context), args.out ?? exportFileName(today, format, plan?.shortCode));
    const write = format === "xlsx" ? writeXlsxExport : writeCsvExport;
    const { assignments } = await write(app.db, { today, timeZone, out: file, ...(plan && { planId: plan.id }) });
    context.io.out(cliTexts.reportWritten(file, assignments));
  });
}
