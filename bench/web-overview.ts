/**
 * The coordinators' Mini App at national size (DESIGN.md §8 data: 100,000 lead assignments,
 * 50 agencies, 10,000 officers; the database of bench/tick-planning.ts `populate`), served by
 * the real web app over loopback HTTP with a real session.
 *
 * Measured: the overview page's server time (request to last byte, its chart drawn inline;
 * median and p95 of 20 after 3 warm-ups; target < 300 ms), and — when Debian's Chromium is installed — the time
 * to interactive in headless Chromium: from navigation start until the page's script has
 * attached its handlers (median of 5 fresh page loads with the session cookie; target < 1 s).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PassThrough } from "node:stream";
import { fixedClock } from "../src/domain/clock.js";
import { createLogger } from "../src/logger.js";
import { loadConfig } from "../src/config.js";
import { loginWithInitData } from "../src/services/web/web-access.js";
import { overviewOf } from "../src/services/web/web-dashboard.js";
import { openMigratedDatabase } from "../src/storage/database.js";
import { createWebApp, startWebServer } from "../src/web/server.js";
import { browserMissing, launchChromium } from "../tests/support/browser.js";
import { freePort, signedInitData, TEST_BOT_TOKEN } from "../tests/support/web-fixtures.js";
import { defaults, populate } from "./tick-planning.js";

const NOW = new Date("2026-11-16T01:00:00Z");
const TIME_ZONE = "Asia/Ho_Chi_Minh";
const SERVER_TARGET_MS = 300;
const INTERACTIVE_TARGET_MS = 1000;
/** the first coordinator of populate(): after agencies × officers focal officers */
const COORDINATOR_ID = 900_000_000 + defaults.agencies * defaults.officersPerAgency;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;
const round = (n: number) => Number(n.toFixed(1));

async function timeRequests(url: string, cookie: string, warmups: number, runs: number): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warmups + runs; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= warmups) times.push(performance.now() - start);
    bytes = body.byteLength;
  }
  return { times, bytes };
}

export async function benchWebOverview(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-web-"));
  const file = join(dir, "dondoc.sqlite");
  try {
    await (await openMigratedDatabase({ path: file })).destroy(); // the real migrations
    const shape = populate(file, defaults);
    const db = await openMigratedDatabase({ path: file });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}/web/`;
    const config = loadConfig({ LOG_LEVEL: "silent" });
    const logger = createLogger(config, { destination: new PassThrough() });
    const clock = fixedClock(NOW);
    const app = createWebApp({
      db,
      clock,
      logger,
      botToken: TEST_BOT_TOKEN,
      webAppUrl: base,
      timeZone: TIME_ZONE,
      adminTelegramIds: [],
      files: { open: () => Promise.reject(new Error("no files here")) },
    });
    const server = await startWebServer(app, port, logger);
    try {
      const login = await loginWithInitData(db, signedInitData({ id: COORDINATOR_ID }, NOW), TEST_BOT_TOKEN, { adminIds: [], now: NOW });
      if (!login.ok) throw new Error(`login refused: ${login.reason}`);
      const cookie = `dondoc_session=${login.token}`;

      const serviceTimes: number[] = [];
      for (let i = 0; i < 13; i++) {
        const start = performance.now();
        await overviewOf(db, "2026-11-16", null);
        if (i >= 3) serviceTimes.push(performance.now() - start);
      }
      const overview = await timeRequests(`${base}overview`, cookie, 3, 20);
      const serverMs = median(overview.times);

      let interactive: Record<string, unknown> = { skipped: browserMissing() };
      let interactiveOk = true;
      if (browserMissing() === null) {
        const browser = await launchChromium();
        try {
          const times: number[] = [];
          const shellTimes: number[] = [];
          const responseEnds: number[] = [];
          const resources: string[] = [];
          for (let i = 0; i < 6; i++) {
            const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
            await context.addCookies([{ name: "dondoc_session", value: login.token, url: base }]);
            const page = await context.newPage();
            // Inside Telegram the entry page comes first (cold: it loads the style sheet and script), then the overview.
            await page.goto(base, { waitUntil: "commit" });
            await page.waitForSelector("html[data-ready]", { state: "attached" });
            const shellMs = await page.evaluate<number>("performance.now()");
            await page.goto(`${base}overview`, { waitUntil: "commit" });
            await page.waitForSelector("html[data-ready]", { state: "attached" });
            // Navigation start to the script's "ready": the browser's own clock.
            const ms = await page.evaluate<number>("performance.now()");
            const responseEnd = await page.evaluate<number>("performance.getEntriesByType('navigation')[0].responseEnd");
            if (process.env.BENCH_DEBUG)
              resources.push(
                await page.evaluate<string>("JSON.stringify(performance.getEntriesByType('resource').map(e => [e.name.slice(-12), Math.round(e.startTime), Math.round(e.responseEnd)]))"),
              );
            if (i > 0) {
              times.push(ms);
              shellTimes.push(shellMs);
              responseEnds.push(responseEnd);
            }
            await context.close();
          }
          if (process.env.BENCH_DEBUG) console.error(resources.join("\n"));
          interactive = {
            median_ms: round(median(times)),
            max_ms: round(Math.max(...times)),
            html_received_ms: round(median(responseEnds)),
            entry_page_cold_ms: round(median(shellTimes)),
            runs: times.length,
            viewport: "390x844",
          };
          interactiveOk = median(times) < INTERACTIVE_TARGET_MS;
        } finally {
          await browser.close();
        }
      }
      return {
        name: "web_overview",
        target: {
          server_ms: SERVER_TARGET_MS,
          interactive_ms: INTERACTIVE_TARGET_MS,
          applies_to: "overview page (all agencies, all plans): server time over loopback HTTP; time to interactive in headless Chromium",
        },
        ok: serverMs < SERVER_TARGET_MS && interactiveOk,
        overview_server_ms: { median: round(serverMs), p95: round(p95(overview.times)), runs: overview.times.length, html_kb: round(overview.bytes / 1024) },
        overview_service_ms: { median: round(median(serviceTimes)), applies_to: "overviewOf(): the counts and the plan list, without HTTP or rendering" },
        time_to_interactive: interactive,
        load_average_1m: round(loadavg()[0]!),
        data: { lead_assignments: shape.assignments.lead, lead_cycles: shape.cycles.total, agencies: defaults.agencies },
      };
    } finally {
      await server.close();
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchWebOverview(), null, 2));
}
