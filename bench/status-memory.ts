/**
 * `/status` and resident memory at national size (DESIGN.md §8: "/status under 100 ms …
 * resident memory under 200 MB"). The synthetic database of bench/tick-planning.ts (100,000
 * lead assignments, 10,000 officers) is built first; then a fresh process — nothing of the
 * build in its heap — does what the service does with it: opens it with the real migrations,
 * answers `/status` (planStatus + its view) and `/status <agency>`, and runs planning ticks
 * (the capped first ticks, then steady ones). It reports the timings and its own peak RSS.
 *
 * Run: `npx tsx bench/status-memory.ts` (prints JSON). Targets: /status median < 100 ms; peak
 * RSS of the worker < 200 MB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { defaultLadder } from "../src/domain/reminder-ladder.js";
import { readCalendarFile } from "../src/services/plan-files.js";
import { planReminders } from "../src/services/reminder-planner.js";
import { agencyCycles, planStatus } from "../src/services/status-report.js";
import { openMigratedDatabase } from "../src/storage/database.js";
import { agencyStatusView, planStatusView } from "../src/telegram/views/status-view.js";
import { defaults, populate } from "./tick-planning.js";

const TARGET = { status_ms: 100, rss_mb: 200 };
const NOW = new Date("2026-11-16T01:00:00Z");
const TODAY = "2026-11-16";
const round = (n: number) => Number(n.toFixed(1));
const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

/** The worker: runs in its own process on an existing database file. */
async function work(file: string): Promise<Record<string, unknown>> {
  const db = await openMigratedDatabase({ path: file });
  try {
    const calendar = await readCalendarFile("seeds/calendar-vn.json");
    const status: number[] = [];
    let agencies = 0;
    for (let i = 0; i < 21; i++) {
      const start = performance.now();
      const result = await planStatus(db, TODAY);
      const text = planStatusView(result);
      status.push(performance.now() - start);
      agencies = result.agencies.length;
      if (text.length === 0) throw new Error("empty /status");
    }
    const agency: number[] = [];
    for (let id = 1; id <= 10; id++) {
      const start = performance.now();
      const result = await planStatus(db, TODAY, id);
      agencyStatusView(result, `Cơ quan số ${id}`, await agencyCycles(db, TODAY, id));
      agency.push(performance.now() - start);
    }
    const ticks: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      await planReminders(db, { now: new Date(NOW.getTime() + i * 60_000), timeZone: "Asia/Ho_Chi_Minh", calendar, ladder: defaultLadder });
      ticks.push(performance.now() - start);
    }
    return {
      status_median_ms: round(median(status)),
      status_max_ms: round(Math.max(...status)),
      agencies,
      status_agency_median_ms: round(median(agency)),
      planning_ticks: ticks.length,
      planning_tick_max_ms: round(Math.max(...ticks)),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await db.destroy();
  }
}

export async function benchStatusMemory(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-status-"));
  const file = join(dir, "dondoc.sqlite");
  try {
    await (await openMigratedDatabase({ path: file })).destroy();
    const shape = populate(file, { ...defaults });
    const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--worker", file], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`worker failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { status_median_ms: number; peak_rss_mb: number };
    return {
      name: "status_and_memory",
      data: { lead_assignments: shape.assignments.lead, cycles: shape.cycles.total, people: shape.people },
      measured: "a fresh process on the database: /status (planStatus + view) ×21, /status <agency> ×10, 30 planning ticks a minute apart from 08:00 on the d14 day of the 30/11 report",
      ...result,
      target: TARGET,
      ok: result.status_median_ms < TARGET.status_ms && result.peak_rss_mb < TARGET.rss_mb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--worker") {
  console.log(JSON.stringify(await work(process.argv[3]!)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStatusMemory(), null, 2));
}
