/**
 * The coordinators' spreadsheet: the summary by agency (the numbers of /status for the same
 * day), every lead assignment cycle, the overdue ones and the update history, streamed row by
 * row so 100,000 assignments export in bounded memory. Also the assignments as CSV.
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { TZDate } from "@date-fns/tz";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { addDaysToDate, daysBetween, formatVietnameseDate, formatVietnameseDateTime, localDateTimeOf, parseLocalDate } from "../../domain/local-date.js";
import type { Db } from "../../storage/database.js";
import {
  findAssignmentExportRows,
  findAuditEntries,
  findStatusUpdateEntries,
  type AssignmentExportRow,
  type AuditEntry,
  type ExportWindow,
  type StatusUpdateEntry,
} from "../../storage/export-repository.js";
import type { StatusCounts } from "../../storage/status-repository.js";
import { statusLabels } from "../../texts/labels.js";
import { historySides } from "../status/history-sides.js";
import {
  actorLabels,
  assignmentHeaders as a,
  auditActionLabels,
  entityLabels,
  historyHeaders as h,
  periodLabel,
  spreadsheetTexts,
  sheetNames,
  summaryHeaders as s,
  updateKindLabels,
} from "../../texts/spreadsheet.js";
import { planStatus, totalOf } from "../status/status-summary.js";
import { refsQualified } from "../plans/plan-lifecycle.js";
import { taskLabel } from "../../domain/plan-code.js";
import { stripDiacritics } from "../../domain/text.js";

export type ExportFormat = "xlsx" | "csv";
export const exportFormats: readonly ExportFormat[] = ["xlsx", "csv"];

export interface ExportOptions {
  /** the local date the export is as of */
  today: string;
  timeZone: string;
  /** a file path, or a stream the export is written to (and ended) */
  out: Writable | string;
  /** only this plan (its summary and assignments) */
  planId?: number;
}

export interface XlsxExportCounts {
  agencies: number;
  assignments: number;
  overdue: number;
  history: number;
}

/**
 * `bao-cao-2026-11-30.xlsx` (`bao-cao-1861-2026-11-30.xlsx` for one plan): ASCII, no characters
 * Windows refuses in a file name; the plan code's letters without diacritics ("QĐ" → "QD").
 */
export function exportFileName(today: string, format: ExportFormat, planCode?: string): string {
  const plan = planCode ? `${stripDiacritics(planCode).replace(/[^A-Za-z0-9_-]/g, "")}-` : "";
  return `bao-cao-${plan}${today}.${format}`;
}

type Value = string | number | null;
/** date: `YYYY-MM-DD`; datetime: local wall time `YYYY-MM-DDTHH:mm:ss`; rate: a fraction */
type Kind = "text" | "number" | "date" | "datetime" | "rate";

interface Column<Row> {
  header: string;
  width: number;
  kind?: Kind;
  value(row: Row): Value;
}

const numFmts: Partial<Record<Kind, string>> = { date: "dd/mm/yyyy", datetime: "dd/mm/yyyy hh:mm", rate: "0.0%" };
/** Excel's limit for one cell's text. */
const maxCellText = 32_767;

// Excel stores dates as wall-clock serials without a zone: a UTC Date with the local fields.
function xlsxValue(kind: Kind, value: Value): ExcelJS.CellValue {
  if (value === null || value === "") return null;
  if (kind === "date") return new Date(`${value}T00:00:00Z`);
  if (kind === "datetime") return new Date(`${value}Z`);
  return typeof value === "string" && value.length > maxCellText ? `${value.slice(0, maxCellText - 1)}…` : value;
}

function csvValue(kind: Kind, value: Value): Value {
  if (value === null || value === "") return "";
  if (kind === "date") return formatVietnameseDate(String(value));
  if (kind === "datetime") return formatVietnameseDateTime(String(value));
  // A cell starting with = + - @ is a formula to Excel: reported text must stay text.
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const yes = (flag: boolean) => (flag ? spreadsheetTexts.yes : null);

const assignmentColumns: Array<Column<AssignmentExportRow>> = [
  { header: a.ref, width: 14, value: (r) => r.ref },
  { header: a.task, width: 60, value: (r) => r.text },
  { header: a.leadCode, width: 12, value: (r) => r.agencyCode },
  { header: a.lead, width: 36, value: (r) => r.agencyName },
  { header: a.coordinators, width: 36, value: (r) => r.coordinators.join("; ") },
  { header: a.period, width: 12, value: (r) => periodLabel(r.period) },
  { header: a.due, width: 14, kind: "date", value: (r) => r.due },
  { header: a.originalDue, width: 14, kind: "date", value: (r) => r.originalDue },
  { header: a.completedOn, width: 14, kind: "date", value: (r) => r.completedOn },
  { header: a.status, width: 26, value: (r) => statusLabels[r.status] },
  { header: a.percent, width: 10, kind: "number", value: (r) => r.percent },
  { header: a.lastUpdate, width: 48, value: (r) => r.lastUpdate?.text ?? null },
  { header: a.lastUpdateOn, width: 14, kind: "date", value: (r) => r.lastUpdate?.on ?? null },
  { header: a.reporter, width: 24, value: (r) => r.lastUpdate?.who ?? null },
  { header: a.evidence, width: 30, value: (r) => r.evidence.join("; ") },
  { header: a.blocked, width: 11, value: (r) => yes(r.blocked) },
  { header: a.extensionRequested, width: 14, value: (r) => yes(r.extensionRequested) },
];

/** The assignments' columns with the days overdue after the status. */
function overdueColumns(today: string): Array<Column<AssignmentExportRow>> {
  const at = assignmentColumns.findIndex((c) => c.header === a.status) + 1;
  const days: Column<AssignmentExportRow> = { header: a.daysOverdue, width: 12, kind: "number", value: (r) => (r.due === null ? null : daysBetween(r.due, today)) };
  return [...assignmentColumns.slice(0, at), days, ...assignmentColumns.slice(at)];
}

/** Done on time out of everything that was due or done: the cycles still within their deadline or without one are not judged yet. */
export function onTimeRate(counts: StatusCounts): number | null {
  const judged = counts.done_on_time + counts.done_late + counts.overdue;
  return judged === 0 ? null : counts.done_on_time / judged;
}

type SummaryRow = StatusCounts & { code: string; name: string };
const summaryColumns: Array<Column<SummaryRow>> = [
  { header: s.code, width: 12, value: (r) => r.code },
  { header: s.agency, width: 44, value: (r) => r.name },
  ...(["done_on_time", "done_late", "in_progress", "overdue", "no_deadline"] as const).map(
    (status): Column<SummaryRow> => ({ header: s[status], width: 14, kind: "number", value: (r) => r[status] }),
  ),
  { header: s.total, width: 10, kind: "number", value: (r) => totalOf(r) },
  { header: s.onTimeRate, width: 14, kind: "rate", value: (r) => onTimeRate(r) },
];

interface HistoryLine {
  /** the instant, for ordering */
  at: string;
  local: string;
  actor: string;
  agency: string | null;
  ref: string | null;
  activity: string;
  subject: string;
  percent: number | null;
  text: string;
  before: string | null;
  after: string | null;
}

const historyColumns: Array<Column<HistoryLine>> = [
  { header: h.at, width: 17, kind: "datetime", value: (r) => r.local },
  { header: h.actor, width: 24, value: (r) => r.actor },
  { header: h.agency, width: 32, value: (r) => r.agency },
  { header: h.ref, width: 14, value: (r) => r.ref },
  { header: h.activity, width: 26, value: (r) => r.activity },
  { header: h.subject, width: 26, value: (r) => r.subject },
  { header: h.percent, width: 10, kind: "number", value: (r) => r.percent },
  { header: h.text, width: 48, value: (r) => r.text },
  { header: h.before, width: 30, value: (r) => r.before },
  { header: h.after, width: 30, value: (r) => r.after },
];

/** A ref as shown: qualified by its plan's short code while several plans are active. */
const shownRef = (ref: string, planCode: string | null, qualify: boolean) => (planCode === null ? ref : taskLabel({ ref, planCode }, qualify));

function updateLine(u: StatusUpdateEntry, timeZone: string, qualify: boolean): HistoryLine {
  const kind = updateKindLabels[u.kind] ?? u.kind;
  const text = [u.text, ...(u.files.length > 0 ? [spreadsheetTexts.files(u.files)] : [])].filter((t) => t !== "").join("\n");
  return {
    at: u.at,
    local: localDateTimeOf(u.at, timeZone),
    actor: u.who ?? "",
    agency: u.agencyName,
    ref: shownRef(u.ref, u.planCode, qualify),
    activity: u.undone ? spreadsheetTexts.undone(kind) : kind,
    subject: `${entityLabels.status_update} #${u.id}`,
    percent: u.percent,
    text,
    before: null,
    after: null,
  };
}

function auditLine(e: AuditEntry, timeZone: string, qualify: boolean): HistoryLine {
  const subject = [entityLabels[e.entity] ?? e.entity, e.entityId === null ? "" : `#${e.entityId}`, e.name === null ? "" : `(${e.name})`].filter((p) => p !== "").join(" ");
  const { before, after } = historySides(e, timeZone);
  return {
    at: e.at,
    local: localDateTimeOf(e.at, timeZone),
    actor: e.actorName ?? actorLabels[e.actor] ?? e.actor,
    agency: e.agencyName,
    ref: e.ref === null ? null : shownRef(e.ref, e.planCode, qualify),
    activity: auditActionLabels[e.action] ?? e.action,
    subject,
    percent: null,
    text: "",
    before,
    after,
  };
}

async function* mapEach<T, U>(source: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield map(item);
}

/** Two time-ordered streams as one; on a tie the left one first. */
async function* mergeByTime(left: AsyncIterable<HistoryLine>, right: AsyncIterable<HistoryLine>): AsyncGenerator<HistoryLine> {
  const lefts = left[Symbol.asyncIterator]();
  const rights = right[Symbol.asyncIterator]();
  let x = await lefts.next();
  let y = await rights.next();
  while (!x.done || !y.done) {
    if (!x.done && (y.done || x.value.at <= y.value.at)) {
      yield x.value;
      x = await lefts.next();
    } else if (!y.done) {
      yield y.value;
      y = await rights.next();
    }
  }
}

/** Status updates and the audit log, in the order they happened; for one plan, what is about that plan. */
function historyLines(db: Db, window: ExportWindow, qualify: boolean): AsyncIterable<HistoryLine> {
  const { planId } = window;
  return mergeByTime(
    mapEach(findStatusUpdateEntries(db, window.until, undefined, planId), (u) => updateLine(u, window.timeZone, qualify)),
    mapEach(ofPlan(findAuditEntries(db, window.until), planId), (e) => auditLine(e, window.timeZone, qualify)),
  );
}

async function* ofPlan(entries: AsyncIterable<AuditEntry>, planId: number | undefined): AsyncGenerator<AuditEntry> {
  for await (const entry of entries) if (planId === undefined || entry.planId === planId) yield entry;
}

/** The assignment rows with refs as shown (qualified by plan while several plans are active). */
function assignmentRows(db: Db, window: ExportWindow, qualify: boolean, filter: { overdueOnly?: boolean } = {}): AsyncIterable<AssignmentExportRow> {
  return mapEach(findAssignmentExportRows(db, window, filter), (r) => ({ ...r, ref: taskLabel(r, qualify) }));
}

/** The export counts what was recorded up to the end of `today` in the zone. */
function windowOf(options: ExportOptions): ExportWindow {
  const { year, month, day } = parseLocalDate(addDaysToDate(options.today, 1));
  const until = new Date(new TZDate(year, month - 1, day, 0, 0, 0, options.timeZone).getTime()).toISOString();
  return { today: options.today, until, timeZone: options.timeZone, ...(options.planId !== undefined && { planId: options.planId }) };
}

// The workbook writer has no back-pressure: letting the event loop turn now and then lets the
// zip and the file catch up instead of queueing the whole workbook in memory.
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

/** One sheet: a bold, frozen header row, the rows committed as they come, an autofilter over them. */
async function writeSheet<Row>(workbook: Workbook, name: string, columns: ReadonlyArray<Column<Row>>, rows: AsyncIterable<Row> | Iterable<Row>, footer: Value[][] = []): Promise<number> {
  // Printed as Vietnamese offices print: A4 landscape, all columns on the page width, the header on every page.
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  // exceljs looks a cell's style up by object identity first: one shared object per column,
  // instead of the fresh copy each cell gets, more than halves the export's time.
  const styles: Array<Partial<ExcelJS.Style>> = columns.map((c) => (numFmts[c.kind ?? "text"] ? { numFmt: numFmts[c.kind ?? "text"]! } : {}));
  const add = (values: ExcelJS.CellValue[], style = (i: number) => styles[i]!) => {
    const row = sheet.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell, i) => (cell.style = style(i - 1)));
    row.commit();
  };
  // Headers wrap inside their column ("Hoàn thành đúng hạn" is wider than its numbers).
  const header: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { wrapText: true, vertical: "middle" } };
  add(
    columns.map((c) => c.header),
    () => header,
  );
  let count = 0;
  for await (const row of rows) {
    add(columns.map((c) => xlsxValue(c.kind ?? "text", c.value(row))));
    if (++count % 25 === 0) await breathe();
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: columns.length } };
  for (const values of footer) add(values.map((v, i) => xlsxValue(columns[i]?.kind ?? "text", v)));
  sheet.commit();
  return count;
}

function summaryFooter(totals: StatusCounts, today: string): Value[][] {
  const total: SummaryRow = { ...totals, code: "", name: spreadsheetTexts.total };
  return [summaryColumns.map((c) => c.value(total)), [], [spreadsheetTexts.asOf(formatVietnameseDate(today))], [spreadsheetTexts.onTimeRateNote()]];
}

/** Writes to the stream, or to the file (created, or replaced); a file left half written by a failure is removed. */
async function writeTo<T>(target: Writable | string, write: (out: Writable) => Promise<T>): Promise<T> {
  if (typeof target !== "string") return write(target);
  const out = createWriteStream(target);
  await once(out, "open"); // a missing folder or a refused permission fails here, before any work
  try {
    return await write(out);
  } catch (error) {
    out.destroy();
    await rm(target, { force: true });
    throw error;
  }
}

export async function writeXlsxExport(db: Db, options: ExportOptions): Promise<XlsxExportCounts> {
  const window = windowOf(options);
  const status = await planStatus(db, options.today, undefined, options.planId);
  const qualify = await refsQualified(db);
  return writeTo(options.out, async (stream) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    await writeSheet(workbook, sheetNames.summary, summaryColumns, status.agencies, summaryFooter(status.totals, options.today));
    const assignments = await writeSheet(workbook, sheetNames.assignments, assignmentColumns, assignmentRows(db, window, qualify));
    const overdue = await writeSheet(workbook, sheetNames.overdue, overdueColumns(options.today), assignmentRows(db, window, qualify, { overdueOnly: true }));
    const history = await writeSheet(workbook, sheetNames.history, historyColumns, historyLines(db, window, qualify));
    await workbook.commit();
    return { agencies: status.agencies.length, assignments, overdue, history };
  });
}

/** The assignments sheet as CSV: UTF-8 with a BOM (so Excel reads the diacritics), the same headers. */
export async function writeCsvExport(db: Db, options: ExportOptions): Promise<{ assignments: number }> {
  let assignments = 0;
  const qualify = await refsQualified(db);
  async function* records(): AsyncGenerator<Value[]> {
    yield assignmentColumns.map((c) => c.header);
    for await (const row of assignmentRows(db, windowOf(options), qualify)) {
      assignments++;
      yield assignmentColumns.map((c) => csvValue(c.kind ?? "text", c.value(row)));
    }
  }
  await writeTo(options.out, (out) => pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: "windows" }), out));
  return { assignments };
}
