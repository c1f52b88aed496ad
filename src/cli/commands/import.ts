/** `import <file> [--dry-run] [--json]` */
import { bundledFiles } from "../../app.js";
import { planToJson } from "../../plan/plan-json.js";
import type { ParsedPlan } from "../../plan/types.js";
import { importPlan } from "../../services/plan-import.js";
import { readPlanFile, readRegistryFile } from "../../services/plan-files.js";
import { printJson, type CliContext, type CliIo } from "../context.js";
import { withApp } from "../open.js";
import { renderTable } from "../table.js";
import { cliTexts, deadlineLabel, headers } from "../texts.js";

export interface ImportArgs {
  file: string;
  dryRun: boolean;
  json: boolean;
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

export async function runImport(context: CliContext, args: ImportArgs): Promise<void> {
  const { io } = context;
  if (args.dryRun) {
    const registry = await readRegistryFile(context.registryFile ?? bundledFiles.registry);
    const { parsed } = await readPlanFile(args.file, registry);
    if (args.json) printJson(io, planToJson(parsed));
    else printParsed(io, parsed);
    return;
  }
  await withApp(context, async (app) => {
    const planFile = await readPlanFile(args.file, app.registry);
    const report = await importPlan({ db: app.db, timeZone: app.config.timeZone }, planFile.parsed, { file: args.file, hash: planFile.hash }, app.clock.now(), "cli");
    if (args.json) {
      printJson(io, { ...report, warnings: planFile.parsed.warnings });
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
    printWarnings(io, planFile.parsed);
  });
}
