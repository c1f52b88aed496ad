/**
 * `/status` and resident memory at national size (DESIGN.md §8: "/status under 100 ms …
 * resident memory under 200 MB"). The synthetic database of bench/tick-planning.ts (100,000
 * lead assignments, 10,000 officers) is built first; then a fresh process — nothing of the
 * build in its heap — does what the service does with it: opens it with the real migrations,
 * answers `/status` (planStatus + its view) and `/status <agency>`, and runs planning ticks
 * (the capped first ticks, then steady ones). It reports the timings, its V8 heap and its own
 * peak RSS. The worker (status-memory-worker.mjs) runs the compiled build, as `npm start` does.
 *
 * Run: `npx tsx bench/status-memory.ts` (prints JSON). Targets: /status median < 100 ms; peak
 * RSS of the worker < 200 MB.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openMigratedDatabase } from "../src/storage/database.js";
import { defaults, populate } from "./tick-planning.js";

const TARGET = { status_ms: 100, rss_mb: 200 };

/** The node flags of `npm start` (package.json), so the worker runs as the service does. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

export async function benchStatusMemory(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-status-"));
  const file = join(dir, "dondoc.sqlite");
  try {
    await (await openMigratedDatabase({ path: file })).destroy();
    const shape = populate(file, { ...defaults });
    // The worker runs the compiled build, as `npm start` does: build it first.
    const build = spawnSync("npm", ["run", "--silent", "build"], { encoding: "utf8" });
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    const worker = fileURLToPath(new URL("./status-memory-worker.mjs", import.meta.url));
    const child = spawnSync(process.execPath, [...startFlags(), worker, file], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`worker failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { status_median_ms: number; peak_rss_mb: number };
    return {
      name: "status_and_memory",
      data: { lead_assignments: shape.assignments.lead, cycles: shape.cycles.total, people: shape.people },
      node_flags: startFlags(),
      measured: "a fresh process on the database: /status (planStatus + view) ×21, /status <agency> ×10, 30 planning ticks a minute apart from 08:00 on the d14 day of the 30/11 report",
      ...result,
      target: TARGET,
      ok: result.status_median_ms < TARGET.status_ms && result.peak_rss_mb < TARGET.rss_mb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchStatusMemory(), null, 2));
}
