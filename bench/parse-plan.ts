/**
 * Parse benchmark: reads the bundled plan N times and prints JSON with the median and p95 time
 * of one parse (registry matcher built once, as the importer does). Target: well under 50 ms.
 * Then parses a generated plan of about 5 MB (75,000 items: long bullet lists, repeated
 * numbers, agency headings, deadlines) once, to show that parsing grows linearly. Target: a few
 * seconds.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createAgencyMatcher } from "../src/plan/agency-matcher.js";
import { parsePlan } from "../src/plan/parse-plan.js";
import { parseRegistry } from "../src/plan/registry.js";

const agencies = ["Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Y tế", "Công an tỉnh", "Sở Công Thương"];
const verbs = ["Rà soát", "Tham mưu", "Xây dựng", "Tổ chức", "Kiểm tra", "Hướng dẫn"];
const deadlines = ["trong tháng 7 năm 2026", "trước ngày 15/12/2026", "định kỳ hằng năm (trước ngày 30/11)", "Quý IV/2026", "thường xuyên"];

/**
 * A Thanh Hóa plan of about `items` items, about 5 MB at 75,000: a fifth in ordinary items with
 * bullets, half as one flat list of bullets under one heading, the rest as one-line items all
 * numbered "1." (a document renumbered by hand: every ref repeats).
 */
export function generatedPlan(items = 75_000): string {
  const out = ["ỦY BAN NHÂN DÂN TỈNH THANH HÓA", "Số: 9999/KH-UBND", "Thanh Hóa, ngày 01 tháng 12 năm 2026", "KẾ HOẠCH", "Thực hiện một chương trình rất dài", ""];
  let n = 0;
  const bullet = () => `- ${verbs[n % verbs.length]} nội dung ${n}, báo cáo ${deadlines[n % deadlines.length]}.`;
  out.push("I. NHIỆM VỤ, GIẢI PHÁP");
  for (let item = 1; n < items * 0.2; item++) {
    out.push(`${item}. ${agencies[item % agencies.length]} chủ trì, phối hợp với các đơn vị liên quan:`);
    n++;
    for (let b = 0; b < 500; b++, n++) out.push(bullet());
  }
  out.push("II. NHIỆM VỤ THƯỜNG XUYÊN", "1. Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành:");
  for (; n < items * 0.7; n++) out.push(bullet());
  out.push("III. TỔ CHỨC THỰC HIỆN");
  for (; n < items; n++) out.push(`1. ${agencies[n % agencies.length]} chủ trì ${verbs[n % verbs.length]!.toLowerCase()} nội dung ${n}, ${deadlines[n % deadlines.length]}.`);
  return out.join("\n");
}

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
  const coldMs = performance.now() - coldStart;

  const big = generatedPlan();
  const bigStart = performance.now();
  const bigTasks = parsePlan(big, matcher, { fallbackCode: "x" }).tasks.length;
  const bigMs = performance.now() - bigStart;
  return {
    name: "parse_plan_1861",
    tasks,
    iterations,
    median_ms: at(0.5),
    p95_ms: at(0.95),
    with_new_matcher_ms: Number(coldMs.toFixed(2)),
    target_ms: 50,
    generated_plan: {
      bytes: Buffer.byteLength(big),
      lines: big.split("\n").length,
      tasks: bigTasks,
      parse_ms: Math.round(bigMs),
      target_ms: 10_000,
      ok: bigMs < 10_000,
    },
    ok: at(0.95) < 50 && bigMs < 10_000,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(benchParsePlan(), null, 2));
}
