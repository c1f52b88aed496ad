/**
 * The review workbook: a parsed plan as `.xlsx`, one row per task (ref, text, lead,
 * coordinating agencies, deadline, the document's phrase, warnings), for a coordinator to
 * correct in Excel, and the same workbook read back as a parsed plan in which the corrections
 * win. Each row keeps the parser's own reading in a hidden column, so an untouched row imports
 * exactly as parsed and a touched one is a correction, listed for the audit.
 */
import ExcelJS from "exceljs";
import { addDaysToDate, DATE_WINDOW, formatVietnameseDate, isWithinDateWindow, parseTypedDate } from "../../domain/local-date.js";
import type { AgencyMatcher } from "../../plan/agency-matcher.js";
import type { Deadline } from "../../domain/deadline.js";
import { stripDiacritics } from "../../domain/text.js";
import type { ParsedPlan, ParsedTask, PlanTarget, PlanWarning, TaskParty } from "../../plan/types.js";
import { planFileTexts, reviewTexts as t } from "../../texts/plan-files.js";
import { PlanFileError } from "./plan-documents.js";

export type CorrectedField = "text" | "lead" | "coordinate" | "deadline";

export interface ReviewCorrection {
  ref: string;
  /** the workbook row */
  row: number;
  field: CorrectedField;
  before: unknown;
  after: unknown;
}

export interface ReviewedPlan {
  parsed: ParsedPlan;
  corrections: ReviewCorrection[];
}

/** A workbook that cannot be imported: every problem, each naming its row and column. */
export class ReviewError extends PlanFileError {
  constructor(readonly problems: string[]) {
    super(`${t.problems(problems.length)}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ReviewError";
  }
}

type Key = keyof typeof t.headers;
const columns: Array<{ key: Key; width: number }> = [
  { key: "ref", width: 14 },
  { key: "text", width: 70 },
  { key: "lead", width: 36 },
  { key: "coordinate", width: 36 },
  { key: "deadline", width: 18 },
  { key: "phrase", width: 28 },
  { key: "warning", width: 44 },
  { key: "section", width: 30 },
  { key: "line", width: 10 },
  { key: "original", width: 12 },
];
const column = (key: Key) => columns.findIndex((c) => c.key === key) + 1;
const letter = (key: Key) => String.fromCharCode(64 + column(key));

interface Original {
  text: string;
  section: string;
  line: number;
  group: boolean;
  leads: TaskParty[];
  coordinates: TaskParty[];
  deadline: Deadline;
  /** absent in workbooks written before tasks said where they came from */
  source?: "body" | "table";
}

const names = (parties: readonly TaskParty[]) => parties.map((p) => p.name).join("; ");

/** A deadline as the coordinator reads and writes it in the Thời hạn column. */
export function deadlineCell(deadline: Deadline): Date | string | null {
  const l = t.deadlineLabels;
  switch (deadline.kind) {
    case "date":
      return new Date(`${deadline.date}T00:00:00Z`);
    case "horizon":
      return `${l.horizon} ${formatVietnameseDate(deadline.date)}`;
    case "annual":
      return deadline.month && deadline.day ? `${l.annual}, ${deadline.day}/${deadline.month}` : l.annual;
    case "semiannual":
      return deadline.month && deadline.day ? `${l.semiannual}, ${deadline.day}/${deadline.month}` : l.semiannual;
    case "quarterly":
      return deadline.day ? `${l.quarterly}, ${l.day} ${deadline.day}` : l.quarterly;
    case "monthly":
      return deadline.day ? `${l.monthly}, ${l.day} ${deadline.day}` : l.monthly;
    case "conditional":
      return l.conditional;
    case "none":
      return null;
  }
}

export async function writeReviewWorkbook(parsed: ParsedPlan, sourceName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "dondoc";
  const sheet = workbook.addWorksheet(t.tasksSheet, {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" },
  });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const header = sheet.addRow(columns.map((c) => t.headers[c.key]));
  header.eachCell((cell) => (cell.style = { font: { bold: true }, alignment: { wrapText: true, vertical: "middle" } }));
  const warningsByLine = new Map<number, string[]>();
  for (const w of parsed.warnings) warningsByLine.set(w.line, [...(warningsByLine.get(w.line) ?? []), w.message]);
  for (const task of parsed.tasks) {
    const original: Original = {
      text: task.text,
      section: task.section,
      line: task.line,
      group: task.group,
      leads: task.leads,
      coordinates: task.coordinates,
      deadline: task.deadline,
      source: task.source,
    };
    const row = sheet.addRow({
      ref: task.ref,
      text: task.text,
      lead: names(task.leads),
      coordinate: names(task.coordinates),
      deadline: deadlineCell(task.deadline),
      phrase: task.deadline.phrase ?? "",
      warning: (warningsByLine.get(task.line) ?? []).join("\n"),
      section: task.section,
      line: task.line,
      original: JSON.stringify(original),
    });
    row.getCell(column("deadline")).numFmt = "dd/mm/yyyy";
    for (const key of ["text", "lead", "coordinate", "warning"] as const) row.getCell(column(key)).alignment = { wrapText: true, vertical: "top" };
  }
  sheet.getColumn(column("original")).hidden = true;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: parsed.tasks.length + 1, column: column("line") } };

  const plan = workbook.addWorksheet(t.planSheet);
  plan.columns = [{ width: 18 }, { width: 90 }];
  const f = t.planFields;
  plan.addRows([
    [f.code, parsed.plan.code],
    [f.title, parsed.plan.title],
    [f.issued, parsed.plan.issued_on ? new Date(`${parsed.plan.issued_on}T00:00:00Z`) : null],
    [f.source, sourceName],
    [f.tasks, parsed.tasks.length],
    [f.help, t.help],
    ["shape", parsed.shape],
    ["targets", JSON.stringify(parsed.targets)],
  ]);
  plan.getCell("B3").numFmt = "dd/mm/yyyy";
  plan.getCell("B6").alignment = { wrapText: true };
  plan.getColumn(1).font = { bold: true };
  plan.getRow(7).hidden = true;
  plan.getRow(8).hidden = true;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The text of a cell whatever Excel stored: rich text, a formula's result, a hyperlink. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return formatVietnameseDate(value.toISOString().slice(0, 10));
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    return "";
  }
  return String(value).trim();
}

/** A Date cell, an Excel date serial, or typed text → a local date (null when it is not a date). */
function cellDate(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === "number" && Number.isInteger(value) && value > 0 && value < 100_000) {
    return addDaysToDate("1899-12-30", value); // Excel counts days from 30/12/1899
  }
  return null;
}

const fold = (s: string) => s.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

/** The Thời hạn cell → a deadline, or a problem. `phrase`: the document's words, kept. */
function readDeadline(value: ExcelJS.CellValue, phrase: string | null): Deadline | string {
  const l = t.deadlineLabels;
  const text = cellText(value);
  const asDate = cellDate(value) ?? (/^\d/.test(text) ? parseTypedDate(text) : null);
  const checked = (date: string, kind: "date" | "horizon"): Deadline | string =>
    isWithinDateWindow(date)
      ? { kind, date, phrase: phrase ?? "" }
      : t.outOfWindow(formatVietnameseDate(date), formatVietnameseDate(DATE_WINDOW.first), formatVietnameseDate(DATE_WINDOW.last));
  if (asDate) return checked(asDate, "date");
  if (/^\d/.test(text)) return t.badDate(text);
  const folded = fold(text);
  if (folded === "") return { kind: "none", phrase };
  if (folded === l.conditional) return { kind: "conditional", phrase: phrase ?? "" };
  if (folded.startsWith(`${l.horizon} `)) {
    const date = parseTypedDate(folded.slice(l.horizon.length + 1));
    return date ? checked(date, "horizon") : t.badDate(text.slice(l.horizon.length + 1).trim());
  }
  for (const kind of ["annual", "semiannual"] as const) {
    const m = new RegExp(`^${l[kind]}(?:,\\s*(\\d{1,2})/(\\d{1,2}))?$`).exec(folded);
    if (!m) continue;
    if (!m[1]) return { kind, phrase: phrase ?? "" };
    const [day, month] = [Number(m[1]), Number(m[2])];
    // 29/2 is a real yearly date (leap years): check it against a leap year.
    if (!parseTypedDate(`${day}/${month}/2024`)) return t.badDate(text);
    return { kind, month, day, phrase: phrase ?? "" };
  }
  for (const kind of ["quarterly", "monthly"] as const) {
    const m = new RegExp(`^${l[kind]}(?:,\\s*${l.day}\\s*(\\d{1,2}))?$`).exec(folded);
    if (!m) continue;
    const day = m[1] ? Number(m[1]) : undefined;
    if (day !== undefined && (day < 1 || day > 31)) return t.badDeadline(text);
    return { kind, ...(day !== undefined && { day }), phrase: phrase ?? "" };
  }
  return t.badDeadline(text);
}

function splitNames(cell: string): string[] {
  return cell
    .split(/[;\n]/)
    .map((n) => n.replace(/\s+/g, " ").trim())
    .filter((n) => n !== "");
}

/** The names of a party cell: the original parties where the name is unchanged, else the registry's, else as written. */
function readParties(cell: string, original: readonly TaskParty[], matcher: AgencyMatcher, onUnknown: (name: string) => void): TaskParty[] {
  return splitNames(cell).map((name) => {
    const same = original.find((p) => fold(p.name) === fold(name));
    if (same) return same;
    const entity = matcher.find(name);
    if (entity) return { name: entity.name, written: name, codes: matcher.expand(entity), collective: entity.type === "collective" ? entity.code : null, generic: false };
    onUnknown(name);
    return { name, written: name, codes: [], collective: null, generic: false };
  });
}

function readOriginal(text: string): Original | null {
  if (text === "") return null;
  try {
    const value = JSON.parse(text) as Original;
    return typeof value.text === "string" && Array.isArray(value.leads) && Array.isArray(value.coordinates) && typeof value.deadline?.kind === "string" ? value : null;
  } catch {
    return null;
  }
}

const sameDeadline = (a: Deadline, b: Deadline) => JSON.stringify(deadlineCell(a)) === JSON.stringify(deadlineCell(b));

export async function readReviewWorkbook(bytes: Buffer, matcher: AgencyMatcher): Promise<ReviewedPlan> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new PlanFileError(planFileTexts.corruptXlsx());
  }
  const sheet = workbook.getWorksheet(t.tasksSheet);
  const planSheet = workbook.getWorksheet(t.planSheet);
  if (!sheet || !planSheet || cellText(sheet.getRow(1).getCell(1).value) !== t.headers.ref) throw new PlanFileError(t.notReview());
  const code = cellText(planSheet.getCell("B1").value);
  if (code === "") throw new PlanFileError(t.noCode());

  const problems: string[] = [];
  const warnings: PlanWarning[] = [];
  const corrections: ReviewCorrection[] = [];
  const tasks: ParsedTask[] = [];
  const seen = new Set<string>();
  const problem = (row: number, key: Key, text: string) => problems.push(t.cell(row, letter(key), t.headers[key], text));
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const value = (key: Key) => row.getCell(column(key)).value;
    const ref = cellText(value("ref"));
    const typed = cellText(value("text"));
    if (ref === "" && typed === "") return;
    if (ref === "") return void problem(number, "ref", t.noRef());
    if (typed === "") return void problem(number, "text", t.noText());
    if (seen.has(ref.toLowerCase())) return void problem(number, "ref", t.duplicateRef(ref));
    seen.add(ref.toLowerCase());
    const originalText = cellText(value("original"));
    const original = readOriginal(originalText);
    if (originalText !== "" && !original) return void problem(number, "original", t.badOriginal());
    // Excel may rewrap a long cell: only a change of words is a correction.
    const text = original && fold(original.text) === fold(typed) ? original.text : typed;
    const phrase = cellText(value("phrase")) || (original?.deadline.phrase ?? null);
    const unknown = (name: string) => warnings.push({ line: number, message: t.unknownLead(number, name) });
    const leads = readParties(cellText(value("lead")), original?.leads ?? [], matcher, unknown);
    const coordinates = readParties(cellText(value("coordinate")), original?.coordinates ?? [], matcher, unknown);
    const deadline = readDeadline(value("deadline"), phrase);
    if (typeof deadline === "string") return void problem(number, "deadline", deadline);
    const task: ParsedTask = {
      ref,
      section: cellText(value("section")) || (original?.section ?? ""),
      text,
      leads,
      coordinates,
      group: leads.some((p) => p.collective !== null),
      deadline: original && sameDeadline(original.deadline, deadline) ? original.deadline : deadline,
      line: original?.line ?? number,
      source: original?.source ?? "body",
    };
    tasks.push(task);
    const changed = (field: CorrectedField, before: unknown, after: unknown) => corrections.push({ ref, row: number, field, before, after });
    if (original && original.text !== text) changed("text", original.text, text);
    if (!original || names(original.leads) !== names(leads))
      changed(
        "lead",
        original ? original.leads.map((p) => p.name) : null,
        leads.map((p) => p.name),
      );
    if (!original || names(original.coordinates) !== names(coordinates))
      changed(
        "coordinate",
        original ? original.coordinates.map((p) => p.name) : null,
        coordinates.map((p) => p.name),
      );
    if (!original || !sameDeadline(original.deadline, task.deadline)) changed("deadline", original?.deadline ?? null, task.deadline);
  });
  if (problems.length === 0 && tasks.length === 0) problems.push(t.noTasks());
  if (problems.length > 0) throw new ReviewError(problems);

  const issued = cellDate(planSheet.getCell("B3").value) ?? parseTypedDate(cellText(planSheet.getCell("B3").value));
  let targets: PlanTarget[] = [];
  try {
    targets = JSON.parse(cellText(planSheet.getCell("B8").value) || "[]") as PlanTarget[];
  } catch {
    targets = [];
  }
  const shape = cellText(planSheet.getCell("B7").value) === "prose" ? "prose" : "table";
  return {
    parsed: { plan: { code, title: cellText(planSheet.getCell("B2").value) || code, issued_on: issued && isWithinDateWindow(issued) ? issued : null }, shape, tasks, targets, warnings },
    corrections,
  };
}

/** `1861-QD-UBND-ra-soat.xlsx`: the plan's code in ASCII, safe in any file system. */
export function reviewFileName(code: string): string {
  const ascii = stripDiacritics(code)
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${ascii || "ke-hoach"}-ra-soat.xlsx`;
}
