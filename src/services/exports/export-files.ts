/**
 * The coordinators' report files as something to send: the spreadsheet (.xlsx), its assignments
 * as CSV, or the annual Word report. Spreadsheets are streamed to a temporary file (the export
 * keeps memory bounded at 100,000 assignments); the Word report is small and stays in memory.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../../storage/database.js";
import { annualReportFileName, buildAnnualReport } from "./annual-report.js";
import { exportFileName, writeCsvExport, writeXlsxExport } from "./spreadsheet-export.js";

/** `plan`: only that plan's work (its id and short code) */
export type ExportRequest = { kind: "xlsx"; plan?: { id: number; code: string } } | { kind: "csv"; plan?: { id: number; code: string } } | { kind: "annual"; year: number };

/** The file to send: written to a temporary path, or held in memory. */
export type ExportFile = {
  fileName: string;
  /** lead assignment cycles in the spreadsheet; null for the Word report */
  assignments: number | null;
} & ({ path: string } | { bytes: Buffer });

export interface ExportFileOptions {
  today: string;
  timeZone: string;
}

/**
 * Builds the report, hands it to `use` (which sends it) and removes the temporary file
 * afterwards, whether sending worked or not.
 */
export async function withExportFile<T>(db: Db, request: ExportRequest, options: ExportFileOptions, use: (file: ExportFile) => Promise<T>): Promise<T> {
  if (request.kind === "annual") {
    const bytes = await buildAnnualReport(db, { year: request.year, today: options.today, timeZone: options.timeZone });
    return use({ fileName: annualReportFileName(request.year), bytes, assignments: null });
  }
  const dir = await mkdtemp(join(tmpdir(), "dondoc-report-"));
  try {
    const fileName = exportFileName(options.today, request.kind, request.plan?.code);
    const path = join(dir, fileName);
    const write = request.kind === "xlsx" ? writeXlsxExport : writeCsvExport;
    const { assignments } = await write(db, { today: options.today, timeZone: options.timeZone, out: path, ...(request.plan && { planId: request.plan.id }) });
    return await use({ fileName, path, assignments });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
