/**
 * Parse benchmark: reads the bundled plan N times and prints JSON with the median and p95 time
 * of one parse (registry matcher built once, as the importer does). Target: well under 50 ms.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createAgencyMatcher } from "../src/plan/agency-matcher.js";
import { parsePlan } from "../src/plan/parse-plan.js";
import { parseRegistry } from "../src/plan/registry.js";

export function benchParsePlan(iterations = 200): Record<string, unknown> {
  const registry = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
  const document = readFileSync("seeds/qd-1861-2022-thanh-hoa.txt", "utf8");
  const matcher = createAgencyMatcher(registry);
  let tasks = 0;
  for (let i = 0; i < 10; i++) tasks = parsePlan(document, matcher, { fallbackCode: "x" }).tasks.length; // warm-up
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    parsePlan(document, matcher, { fallbackCode: "x" });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
  const coldStart = performance.now();
  parsePlan(document, createAgencyMatcher(registry), { fallbackCode: "x" });
  return {
    name: "parse_plan_1861",
    tasks,
    iterations,
    median_ms: at(0.5),
    p95_ms: at(0.95),
    with_new_matcher_ms: Number((performance.now() - coldStart).toFixed(2)),
    target_ms: 50,
    ok: at(0.95) < 50,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchParsePlan(), null, 2));
}
