/**
 * Spreadsheet export benchmark (DESIGN.md §8: 100,000 assignments; resident memory bounded).
 * The synthetic national-size database of bench/tick-planning.ts (50 agencies, 10,000 officers,
 * 10,000 tasks × 10 lead agencies = 100,000 lead assignments, ~185,000 lead cycles), plus one
 * status update (and its audit entry) for every third cycle, some with files. Then the real
 * `writeXlsxExport` into a temporary file, timed, with the process's resident memory sampled.
 *
 * Target: the resident memory the export adds (its peak, sampled every 50 ms, minus the RSS
 * before it) under 150 MB, i.e. memory does not grow with the row count. The process's own peak
 * is printed beside it: it includes building the database and, under `npm run bench`, the
 * benchmarks that ran before.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { writeXlsxExport } from "../src/services/exports/spreadsheet-export.js";
import { openMigratedDatabase } from "../src/storage/database.js";
import { defaults, populate } from "./tick-planning.js";

const TIME_ZONE = "Asia/Ho_Chi_Minh";
const TODAY = "2026-11-16";
const TARGET_GROWTH_MB = 150;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** One report (and its audit entry) for every third lead cycle, dated before TODAY. */
function addReports(file: string): number {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  let count = 0;
  db.transaction(() => {
    const cycles = db.prepare("SELECT cycles.id, assignments.agency_id FROM cycles JOIN assignments ON assignments.id = cycles.assignment_id WHERE cycles.id % 3 = 0").all() as Array<{
      id: number;
      agency_id: number;
    }>;
    const person = (agencyId: number) => (agencyId - 1) * defaults.officersPerAgency + 1; // the agency's first officer
    const update = db.prepare("INSERT INTO status_updates (cycle_id, person_id, kind, percent, text, file_ids, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'reply', ?, ?)");
    const audit = db.prepare("INSERT INTO audit (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, 'status_update.recorded', 'cycle', ?, '{\"completed_at\":null}', ?)");
    for (const cycle of cycles) {
      const at = new Date(Date.parse("2026-01-05T02:00:00Z") + count * 60_000).toISOString();
      const percent = (cycle.id * 7) % 100;
      const files = cycle.id % 5 === 0 ? JSON.stringify([`BQACAgUAAxkBAAI${cycle.id}`]) : "[]";
      const row = update.run(cycle.id, person(cycle.agency_id), "progress", percent, `Đã triển khai ${percent}% khối lượng công việc, đang hoàn thiện báo cáo`, files, at, at);
      audit.run(at, `person:${person(cycle.agency_id)}`, cycle.id, JSON.stringify({ status_update: Number(row.lastInsertRowid), kind: "progress", percent }));
      count++;
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return count;
}

export async function benchExport(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-export-"));
  const file = join(dir, "dondoc.sqlite");
  try {
    await (await openMigratedDatabase({ path: file })).destroy(); // the real migrations
    const shape = populate(file, defaults);
    const reports = addReports(file);
    const db = await openMigratedDatabase({ path: file });
    try {
      const out = join(dir, "bao-cao.xlsx");
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const start = performance.now();
      const counts = await writeXlsxExport(db, { today: TODAY, timeZone: TIME_ZONE, out });
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const rows = counts.agencies + counts.assignments + counts.overdue + counts.history;
      return {
        name: "xlsx_export",
        rows,
        seconds: Number(seconds.toFixed(1)),
        peak_rss_mb: mb(peak),
        target: { rss_growth_mb: TARGET_GROWTH_MB, applies_to: "the resident memory the export adds: its peak (sampled every 50 ms) minus the RSS before it" },
        ok: mb(peak - rssBefore) < TARGET_GROWTH_MB,
        rows_by_sheet: counts,
        rows_per_second: Math.round(rows / seconds),
        rss_before_export_mb: mb(rssBefore),
        rss_growth_mb: mb(peak - rssBefore),
        process_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), // includes building the database
        file_mb: Number((statSync(out).size / 2 ** 20).toFixed(1)),
        data: { lead_assignments: shape.assignments.lead, lead_cycles: shape.cycles.total, status_updates: reports, audit_entries: reports },
      };
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchExport(), null, 2));
}
