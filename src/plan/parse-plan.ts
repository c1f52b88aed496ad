/**
 * A plan document (plain text or Markdown) → plan metadata, tasks, targets and warnings.
 * Pure: the caller reads the file and the registry.
 */
import { createAgencyMatcher, type AgencyMatcher } from "./agency-matcher.js";
import { readLines, type DocumentLine } from "./document-lines.js";
import { isAppendixTitle, selectPlanLines } from "./document-parts.js";
import { readMetadata } from "./plan-metadata.js";
import { readProsePlan } from "./prose-plan.js";
import { readHeader, readTablePlan } from "./table-plan.js";
import { createRefAllocator } from "./task-refs.js";
import { foldWords } from "../domain/text.js";
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
  if (document.includes("\u0000") || isMostlyUnreadable(document)) throw new PlanDocumentError(1, planTexts.notText());
  const all = readLines(document);
  if (all.length === 0) throw new PlanDocumentError(1, planTexts.empty());
  const lines = selectPlanLines(all).lines;
  const start = firstTaskLine(lines);
  if (!start) throw new PlanDocumentError(all[0]!.line, planTexts.noTasks());

  const warnings: PlanWarning[] = unreadableLines(all);
  const plan = readMetadata(lines.slice(0, start.index), options.fallbackCode, warnings);
  const year = plan.issued_on ? Number(plan.issued_on.slice(0, 4)) : undefined;
  // Another issuer's "Công an tỉnh" is not ours: the registry names only its own province.
  const reader = issuedAtHome(all, matcher) ? matcher : registryFree;
  const body = lines.slice(start.index);
  // Body items and table rows share one set of refs: the stored plan keys its tasks by ref.
  const uniqueRef = createRefAllocator(warnings);
  const prose = readProsePlan(
    // An appendix title is no words of the body item above it.
    body.filter((line) => line.kind !== "table" && !isAppendixTitle(line)),
    reader,
    year,
    warnings,
    start.shape === "table",
    uniqueRef,
  );
  const table = start.shape === "table" ? readTablePlan(body, reader, year, warnings, uniqueRef) : [];
  const tasks = [...prose.tasks, ...table];
  if (tasks.length === 0) throw new PlanDocumentError(lines[start.index]!.line, planTexts.noTasks());
  return { plan, shape: start.shape, tasks, targets: prose.targets, warnings: uniqueWarnings(warnings) };
}

const registryFree = createAgencyMatcher({ agencies: [], collectives: [] });

const replacement = "\ufffd";

/**
 * A text with U+FFFD at every turn is a binary or mis-decoded file. A few are what a PDF reader
 * gives for glyphs without a Unicode mapping (a bullet of a symbol font): the plan is read, and
 * each such line is named so the coordinator checks it against the original.
 */
function isMostlyUnreadable(document: string): boolean {
  let unreadable = 0;
  for (const character of document) if (character === replacement) unreadable++;
  return unreadable > 0 && unreadable * 50 > document.replace(/\s/g, "").length;
}

function unreadableLines(lines: readonly DocumentLine[]): PlanWarning[] {
  return lines.filter((line) => line.raw.includes(replacement)).map((line) => ({ line: line.line, message: planTexts.unreadableCharacters() }));
}

const issuerLine = /^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+(?:tinh|thanh pho)\s+([a-z ]+?)\s*(?:-{2,}.*)?$/;
const centralIssuer = /^(?:thu tuong|chinh phu|bo\s|van phong chinh phu)/;

/**
 * Whether the document comes from the registry's own province. Unknown (no issuer line): yes,
 * as before. The header names the issuer in its first lines, one line or one table cell each.
 */
function issuedAtHome(lines: readonly DocumentLine[], matcher: AgencyMatcher): boolean {
  if (matcher.homePlaces.length === 0) return true;
  for (const line of lines.slice(0, 40)) {
    for (const cell of line.raw.split("|")) {
      const text = foldWords(cell.replace(/[*_#]/g, "").trim());
      const province = issuerLine.exec(text);
      if (province) return matcher.homePlaces.some((place) => province[1]!.trim().startsWith(place));
      if (centralIssuer.test(text) && text === text.toLowerCase() && cell.trim() === cell.trim().toUpperCase()) return false;
    }
  }
  return true;
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
