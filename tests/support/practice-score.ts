/**
 * Scores the importer against the hand-checked expected task lists of the practice plans
 * (`tests/fixtures/practice/<plan>.expected.json`, format and rules in that folder's README).
 *
 * A parsed task matches an expected one when its line lies inside the expected `lines`; among
 * several candidates the one whose deadline kind and text agree best wins, each task used once.
 * Names compare after folding case, diacritics (đ → d), spacing, end punctuation and
 * "Ủy ban nhân dân" ≡ "UBND".
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { planToJson, type TaskJson } from "../../src/plan/plan-json.js";
import { parseRegistry } from "../../src/plan/registry.js";
import { foldDiacritics } from "../../src/domain/text.js";

export const practiceDir = "../shared/plans/practice";
export const expectedDir = "tests/fixtures/practice";

export interface ExpectedDeadline {
  kind: string;
  date?: string;
  month?: number;
  day?: number;
}

export interface ExpectedTask {
  lines: [number, number];
  text: string;
  lead: string[];
  coordinate?: string[];
  deadline: ExpectedDeadline;
  phrase?: string | null;
  source?: string;
}

export interface ExpectedPlan {
  file: string;
  tasks: ExpectedTask[];
}

export interface PlanScore {
  plan: string;
  expected: number;
  found: number;
  matched: number;
  leadRight: number;
  /** matched tasks whose expected deadline is dated or periodic */
  deadlineScored: number;
  deadlineRight: number;
  /** expected tasks no parsed task matched, and parsed tasks matching none */
  missed: ExpectedTask[];
  extra: TaskJson[];
  wrongLead: Array<{ expected: ExpectedTask; parsed: TaskJson }>;
  wrongDeadline: Array<{ expected: ExpectedTask; parsed: TaskJson }>;
}

export interface Totals {
  expected: number;
  found: number;
  matched: number;
  recall: number;
  precision: number;
  lead: number;
  deadline: number;
}

/** The twelve plans, by name (file name without `.txt`), from the practice manifest. */
export function practicePlanNames(): string[] {
  const manifest = JSON.parse(readFileSync(join(practiceDir, "manifest.json"), "utf8")) as Array<{ name: string }>;
  return manifest.map((m) => m.name);
}

export function expectedPath(name: string): string {
  return join(expectedDir, `${name}.expected.json`);
}

export function hasExpected(name: string): boolean {
  return existsSync(expectedPath(name));
}

export function foldName(name: string): string {
  return foldDiacritics(name.normalize("NFC"))
    .replace(/uy ban nhan dan/g, "ubnd")
    .replace(/\s+/g, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "")
    .trim();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(foldName));
  const right = new Set(b.map(foldName));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/** Lead names as written when the parser gives them, else the canonical ones. */
function parsedLeads(task: TaskJson): string[] {
  return task.lead_text ?? task.lead;
}

const periodic = new Set(["date", "horizon", "annual", "semiannual", "quarterly", "monthly"]);

function deadlineRight(expected: ExpectedDeadline, parsed: TaskJson["deadline"]): boolean {
  const dated = (kind: string) => kind === "date" || kind === "horizon";
  if (dated(expected.kind)) return dated(parsed.kind) && "date" in parsed && parsed.date === expected.date;
  if (parsed.kind !== expected.kind) return false;
  const p = parsed as { month?: number; day?: number };
  return (p.month ?? null) === (expected.month ?? null) && (p.day ?? null) === (expected.day ?? null);
}

function textAgreement(expected: ExpectedTask, parsed: TaskJson): number {
  const a = foldName(expected.text).slice(0, 40);
  const b = foldName(parsed.text);
  return b.includes(a.slice(0, 25)) ? 1 : 0;
}

export function scorePlan(name: string, expected: ExpectedPlan, tasks: readonly TaskJson[]): PlanScore {
  const used = new Set<number>();
  const score: PlanScore = {
    plan: name,
    expected: expected.tasks.length,
    found: tasks.length,
    matched: 0,
    leadRight: 0,
    deadlineScored: 0,
    deadlineRight: 0,
    missed: [],
    extra: [],
    wrongLead: [],
    wrongDeadline: [],
  };
  // Narrow ranges first: a task on one line should not lose its parsed task to a wide block.
  const order = expected.tasks.map((_, i) => i).sort((i, j) => span(expected.tasks[i]!) - span(expected.tasks[j]!) || i - j);
  for (const index of order) {
    const want = expected.tasks[index]!;
    const candidates = tasks.map((task, i) => ({ task, i })).filter(({ task, i }) => !used.has(i) && task.line >= want.lines[0] && task.line <= want.lines[1]);
    if (candidates.length === 0) {
      score.missed.push(want);
      continue;
    }
    const rank = (t: TaskJson) => (deadlineRight(want.deadline, t.deadline) ? 2 : 0) + (t.deadline.kind === want.deadline.kind ? 1 : 0) + textAgreement(want, t);
    candidates.sort((x, y) => rank(y.task) - rank(x.task) || x.i - y.i);
    const { task, i } = candidates[0]!;
    used.add(i);
    score.matched++;
    if (sameSet(want.lead, parsedLeads(task))) score.leadRight++;
    else score.wrongLead.push({ expected: want, parsed: task });
    if (periodic.has(want.deadline.kind)) {
      score.deadlineScored++;
      if (deadlineRight(want.deadline, task.deadline)) score.deadlineRight++;
      else score.wrongDeadline.push({ expected: want, parsed: task });
    }
  }
  score.extra = tasks.filter((_, i) => !used.has(i));
  return score;
}

function span(task: ExpectedTask): number {
  return task.lines[1] - task.lines[0];
}

let matcherCache: ReturnType<typeof createAgencyMatcher> | null = null;

export function parsePractice(name: string): TaskJson[] {
  matcherCache ??= createAgencyMatcher(parseRegistry(readFileSync("seeds/agencies.json", "utf8")));
  const document = readFileSync(join(practiceDir, `${name}.txt`), "utf8");
  return planToJson(parsePlan(document, matcherCache, { fallbackCode: basename(name) })).tasks;
}

export function scorePractice(name: string): PlanScore {
  const expected = JSON.parse(readFileSync(expectedPath(name), "utf8")) as ExpectedPlan;
  return scorePlan(name, expected, parsePractice(name));
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function totals(scores: readonly PlanScore[]): Totals {
  const sum = (f: (s: PlanScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const matched = sum((s) => s.matched);
  return {
    expected: sum((s) => s.expected),
    found: sum((s) => s.found),
    matched,
    recall: ratio(
      matched,
      sum((s) => s.expected),
    ),
    precision: ratio(
      matched,
      sum((s) => s.found),
    ),
    lead: ratio(
      sum((s) => s.leadRight),
      matched,
    ),
    deadline: ratio(
      sum((s) => s.deadlineRight),
      sum((s) => s.deadlineScored),
    ),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/** The per-plan table, as Markdown (the README shows it). */
export function scoreTable(scores: readonly PlanScore[]): string {
  const rows = scores.map(
    (s) =>
      `| ${s.plan} | ${s.expected} | ${s.found} | ${pct(ratio(s.matched, s.expected))} | ${pct(ratio(s.matched, s.found))} | ${pct(ratio(s.leadRight, s.matched))} | ${pct(ratio(s.deadlineRight, s.deadlineScored))} |`,
  );
  const t = totals(scores);
  return [
    "| plan | tasks expected | tasks found | recall | precision | correct lead | correct deadline |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    `| **all ${scores.length}** | ${t.expected} | ${t.found} | ${pct(t.recall)} | ${pct(t.precision)} | ${pct(t.lead)} | ${pct(t.deadline)} |`,
  ].join("\n");
}

/** What went wrong, plan by plan: for reading when a score drops. */
export function scoreDetails(scores: readonly PlanScore[]): string {
  const out: string[] = [];
  const show = (d: unknown) => JSON.stringify(d);
  for (const s of scores) {
    out.push(`## ${s.plan}`);
    for (const m of s.missed) out.push(`  missed ${m.lines.join("-")}: ${m.text.slice(0, 60)}`);
    for (const e of s.extra) out.push(`  extra ${e.line} ${e.ref}: ${e.text.slice(0, 60).replace(/\n/g, " ")}`);
    for (const w of s.wrongLead) out.push(`  lead ${w.parsed.line}: want ${show(w.expected.lead)} got ${show(parsedLeads(w.parsed))}`);
    for (const w of s.wrongDeadline) out.push(`  deadline ${w.parsed.line}: want ${show(w.expected.deadline)} got ${show(w.parsed.deadline)}`);
  }
  return out.join("\n");
}
