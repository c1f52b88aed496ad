/**
 * `report [--format xlsx|csv] [--out FILE] [--at <instant>]`: the coordinators' spreadsheet.
 * A sub-verb (`report <verb> …`) picks another report; without one, the plan-wide export.
 */
import { resolve } from "node:path";
import { localDateOf } from "../../domain/local-date.js";
import { reportFileName, reportFormats, writeCsvReport, writeXlsxReport, type ReportFormat } from "../../services/report-export.js";
import { CliError, type CliContext } from "../context.js";
import { parseInstant, withApp } from "../open.js";
import { cliTexts } from "../texts.js";

export interface ReportArgs {
  verb: string | undefined;
  /** the positionals after the verb */
  rest: string[];
  format: string | undefined;
  out: string | undefined;
  at: string | undefined;
}

export async function runReport(context: CliContext, args: ReportArgs): Promise<void> {
  if (args.verb !== undefined) throw new CliError(cliTexts.reportUsage(), 2);
  await runExport(context, args);
}

async function runExport(context: CliContext, args: ReportArgs): Promise<void> {
  const format = (args.format ?? "xlsx") as ReportFormat;
  if (!reportFormats.includes(format)) throw new CliError(cliTexts.badReportFormat(args.format ?? ""), 2);
  const instant = args.at === undefined ? context.clock.now() : parseInstant(args.at);
  if (Number.isNaN(instant.getTime())) throw new CliError(cliTexts.badInstant(args.at ?? ""), 2);
  await withApp(context, async (app) => {
    const { timeZone } = app.config;
    const today = localDateOf(instant, timeZone);
    const file = resolve(args.out ?? reportFileName(today, format));
    const write = format === "xlsx" ? writeXlsxReport : writeCsvReport;
    const { assignments } = await write(app.db, { today, timeZone, out: file });
    context.io.out(cliTexts.reportWritten(file, assignments));
  });
}
