// The worker of bench/status-memory.ts, in plain JavaScript on the compiled build (dist/), so
// that it measures what `npm start` runs: Node and dondoc, no TypeScript loader.
// Usage: node bench/status-memory-worker.mjs <database file>
import { performance } from "node:perf_hooks";
import { defaultLadder } from "../dist/domain/reminder-ladder.js";
import { readCalendarFile } from "../dist/services/plans/plan-files.js";
import { planReminders } from "../dist/services/reminders/reminder-planner.js";
import { agencyCycles, planStatus } from "../dist/services/status/status-summary.js";
import { openMigratedDatabase } from "../dist/storage/database.js";
import { agencyStatusView, planStatusView } from "../dist/telegram/views/status-view.js";

const NOW = new Date("2026-11-16T01:00:00Z");
const TODAY = "2026-11-16";
const round = (n) => Number(n.toFixed(1));
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const mb = (bytes) => Math.round(bytes / 1024 / 1024);

const db = await openMigratedDatabase({ path: process.argv[2] });
let heapPeak = 0;
const sampleHeap = () => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed));
try {
  const idleRss = process.memoryUsage().rss;
  const calendar = await readCalendarFile("seeds/calendar-vn.json");
  const status = [];
  let agencies = 0;
  for (let i = 0; i < 21; i++) {
    const start = performance.now();
    const result = await planStatus(db, TODAY);
    const text = planStatusView(result);
    status.push(performance.now() - start);
    agencies = result.agencies.length;
    if (text.length === 0) throw new Error("empty /status");
    sampleHeap();
  }
  const agency = [];
  for (let id = 1; id <= 10; id++) {
    const start = performance.now();
    const result = await planStatus(db, TODAY, id);
    agencyStatusView(result, `Cơ quan số ${id}`, await agencyCycles(db, TODAY, id));
    agency.push(performance.now() - start);
    sampleHeap();
  }
  const ticks = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    await planReminders(db, { now: new Date(NOW.getTime() + i * 60_000), timeZone: "Asia/Ho_Chi_Minh", calendar, ladder: defaultLadder });
    ticks.push(performance.now() - start);
    sampleHeap();
  }
  console.log(
    JSON.stringify({
      status_median_ms: round(median(status)),
      status_max_ms: round(Math.max(...status)),
      agencies,
      status_agency_median_ms: round(median(agency)),
      planning_ticks: ticks.length,
      planning_tick_max_ms: round(Math.max(...ticks)),
      rss_after_open_mb: mb(idleRss),
      heap_used_peak_mb: mb(heapPeak),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
} finally {
  await db.destroy();
}
