/**
 * Reads the appendix-table shape of the genre:
 * `TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | …`
 * as a Markdown pipe table or tab-separated text. A row with an empty TT continues the row
 * above (a cell Word split across rows); a row whose lead cell is empty shares the lead of the
 * row above (a merged cell). Rows numbered I, II … with no lead are section headings.
 */
import type { AgencyMatcher } from "./agency-matcher.js";
import { readPartyCell } from "./assignment-clause.js";
import { parseDeadlineCell } from "./deadline-phrase.js";
import type { DocumentLine } from "./document-lines.js";
import { buildTask } from "./task-builder.js";
import { cleanLine, foldDiacritics } from "./text.js";
import type { ParsedTask, PlanWarning } from "./types.js";
import { planTexts } from "./warnings.js";

type Column = "tt" | "task" | "lead" | "coordinate" | "deadline" | "output";

const columnPatterns: Array<[Column, RegExp]> = [
  ["tt", /^(s?tt|so thu tu|so tt)$/],
  ["lead", /chu tri/],
  ["coordinate", /phoi hop/],
  // before "deadline": "Sản phẩm hoàn thành" names the output, not the time
  ["output", /san pham|ket qua/],
  ["deadline", /thoi gian|thoi han|tien do|hoan thanh/],
  ["task", /nhiem vu|noi dung|ten (de an|nhiem vu)/],
];

/** Bold or italic that Word→Markdown export keeps: "**TT**", "**I**", "*Quý IV/2025*", "*Thanh Hóa, ngày …*". */
export function stripEmphasis(cell: string): string {
  return cell
    .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, "$2")
    .replace(/^([*_])(\S(?:.*\S)?)\1$/, "$2")
    .trim();
}

export function splitCells(line: string): string[] {
  const cells = line.includes("|") ? line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|") : line.split("\t");
  return cells.map((cell) => stripEmphasis(cleanLine(cell.replace(/<br\s*\/?>/gi, " "))));
}

function isSeparatorRow(cells: readonly string[]): boolean {
  return cells.every((cell) => /^:?-{2,}:?$/.test(cell) || cell === "");
}

/** The columns of a header row, or null when the row is not a task-table header. */
export function readHeader(line: DocumentLine): Map<Column, number> | null {
  const columns = new Map<Column, number>();
  splitCells(line.raw).forEach((cell, index) => {
    const folded = foldDiacritics(cell);
    const column = columnPatterns.find(([, pattern]) => pattern.test(folded))?.[0];
    if (column && !columns.has(column)) columns.set(column, index);
  });
  return columns.has("task") && columns.has("lead") ? columns : null;
}

interface Row {
  line: number;
  tt: string;
  cells: Map<Column, string>;
  section: string;
  sectionLabel: string;
}

function cell(cells: readonly string[], columns: Map<Column, number>, column: Column): string {
  const index = columns.get(column);
  return index === undefined ? "" : (cells[index] ?? "");
}

function collectRows(lines: readonly DocumentLine[], warnings: PlanWarning[]): Row[] {
  const rows: Row[] = [];
  let columns: Map<Column, number> | null = null;
  let section = "";
  let sectionLabel = "";
  // A section row was the last row read: an empty-TT row under it continues its title.
  let afterSection = false;
  for (const line of lines) {
    if (line.kind !== "table") continue;
    const header = readHeader(line);
    if (header) {
      columns = header;
      continue;
    }
    const cells = splitCells(line.raw);
    if (!columns || isSeparatorRow(cells)) continue;
    if (cells.length < columns.size) warnings.push({ line: line.line, message: planTexts.tableCellCount(cells.length, columns.size) });
    const values = new Map<Column, string>();
    for (const column of columns.keys()) values.set(column, cell(cells, columns, column));
    const tt = values.get("tt") ?? "";
    // "I", "III.1", "III.1.2": group rows (a section and its sub-groups) when they name no lead
    if (/^[IVX]{1,5}(?:\.\d{1,2})*\.?$/.test(tt) && !values.get("lead")) {
      section = values.get("task") ?? "";
      sectionLabel = tt.replace(/\.$/, "");
      afterSection = true;
      continue;
    }
    if (tt === "" && afterSection && columns.has("tt")) {
      const onlyTask = [...values].every(([column, value]) => column === "task" || value === "");
      if (onlyTask) section = [section, values.get("task")].filter(Boolean).join(" ");
      else warnings.push({ line: line.line, message: planTexts.tableContinuationWithoutRow() });
      continue;
    }
    if (tt === "" && rows.length > 0 && values.get("tt") !== undefined) {
      const previous = rows[rows.length - 1]!;
      for (const [column, value] of values) {
        if (value) previous.cells.set(column, [previous.cells.get(column), value].filter(Boolean).join(" "));
      }
      continue;
    }
    if (tt === "" && columns.has("tt")) {
      warnings.push({ line: line.line, message: planTexts.tableContinuationWithoutRow() });
      continue;
    }
    rows.push({ line: line.line, tt: tt.replace(/\.$/, ""), cells: values, section, sectionLabel });
    afterSection = false;
  }
  return rows;
}

export function readTablePlan(
  lines: readonly DocumentLine[],
  matcher: AgencyMatcher,
  year: number | undefined,
  warnings: PlanWarning[],
): ParsedTask[] {
  const tasks: ParsedTask[] = [];
  let previousLead = "";
  let previousCoordinate = "";
  const usedRefs = new Set<string>();
  let previousSection: string | null = null;
  collectRows(lines, warnings).forEach((row, index) => {
    // A merged lead cell cannot reach across a section row: a new section starts with no lead.
    if (row.sectionLabel !== previousSection) {
      previousLead = "";
      previousCoordinate = "";
      previousSection = row.sectionLabel;
    }
    const text = row.cells.get("task") ?? "";
    if (!text) {
      warnings.push({ line: row.line, message: planTexts.tableRowWithoutTask() });
      return;
    }
    let lead = row.cells.get("lead") ?? "";
    let coordinate = row.cells.get("coordinate") ?? "";
    if (!lead) {
      lead = previousLead;
      coordinate ||= previousCoordinate;
    }
    previousLead = lead;
    previousCoordinate = coordinate;
    const number = row.tt || String(index + 1);
    let ref = row.sectionLabel ? `${row.sectionLabel}.${number}` : number;
    if (usedRefs.has(ref)) {
      const unique = `${ref}-${row.line}`;
      warnings.push({ line: row.line, message: planTexts.duplicateRef(ref, unique) });
      ref = unique;
    }
    usedRefs.add(ref);
    const output = row.cells.get("output");
    tasks.push(
      buildTask(
        {
          ref,
          section: row.section,
          text: output ? `${text}\nSản phẩm: ${output}` : text,
          line: row.line,
          leads: readPartyCell(lead, matcher),
          coordinates: readPartyCell(coordinate, matcher),
          deadline: parseDeadlineCell(row.cells.get("deadline") ?? "", { year }),
          source: "table",
        },
        matcher,
        warnings,
      ),
    );
  });
  return tasks;
}
