/**
 * A plan document (plain text or Markdown) → plan metadata, tasks, targets and warnings.
 * Pure: the caller reads the file and the registry.
 */
import type { AgencyMatcher } from "./agency-matcher.js";
import { readLines, type DocumentLine } from "./document-lines.js";
import { readMetadata } from "./plan-metadata.js";
import { readProsePlan } from "./prose-plan.js";
import { readHeader, readTablePlan } from "./table-plan.js";
import type { ParsedPlan, PlanWarning } from "./types.js";
import { planTexts } from "./warnings.js";

export class PlanDocumentError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "PlanDocumentError";
  }
}

export interface ParseOptions {
  /** used as the plan's code when the document does not state one (e.g. the file name) */
  fallbackCode: string;
}

/** Where the tasks start. An appendix table, when there is one, holds the tasks. */
function firstTaskLine(lines: readonly DocumentLine[]): { index: number; shape: "prose" | "table" } | null {
  const table = lines.findIndex((line) => line.kind === "table" && readHeader(line) !== null);
  const part = lines.findIndex((line) => line.kind === "part");
  if (table >= 0) return { index: part >= 0 ? Math.min(part, table) : table, shape: "table" };
  return part >= 0 ? { index: part, shape: "prose" } : null;
}

/** Throws PlanDocumentError when the text is not a plan at all; otherwise warns and goes on. */
export function parsePlan(document: string, matcher: AgencyMatcher, options: ParseOptions): ParsedPlan {
  if (document.includes("\u0000") || document.includes("\ufffd")) throw new PlanDocumentError(1, planTexts.notText());
  const lines = readLines(document);
  if (lines.length === 0) throw new PlanDocumentError(1, planTexts.empty());
  const start = firstTaskLine(lines);
  if (!start) throw new PlanDocumentError(lines[0]!.line, planTexts.noTasks());

  const warnings: PlanWarning[] = [];
  const plan = readMetadata(lines.slice(0, start.index), options.fallbackCode, warnings);
  const year = plan.issued_on ? Number(plan.issued_on.slice(0, 4)) : undefined;
  const body = lines.slice(start.index);
  const { tasks, targets } =
    start.shape === "prose"
      ? readProsePlan(body, matcher, year, warnings)
      : { tasks: readTablePlan(body, matcher, year, warnings), targets: [] };
  if (tasks.length === 0) throw new PlanDocumentError(lines[start.index]!.line, planTexts.noTasks());
  return { plan, shape: start.shape, tasks, targets, warnings: uniqueWarnings(warnings) };
}

/** One warning per line and message (a heading's problem is seen again by each of its items). */
function uniqueWarnings(warnings: readonly PlanWarning[]): PlanWarning[] {
  const seen = new Set<string>();
  return warnings
    .filter((w) => {
      const key = `${w.line}\u0000${w.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line);
}
