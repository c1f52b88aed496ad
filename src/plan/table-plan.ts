/**
 * Reads the appendix-table shape of the genre:
 * `TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | …`
 * as a Markdown pipe table or tab-separated text. A row with an empty TT continues the row
 * above (a cell Word split across rows); a row whose lead cell is empty shares the lead of the
 * row above (a merged cell). Rows numbered I, II … with no lead are section headings.
 */
import type { AgencyMatcher } from "./agency-matcher.js";
import { isAgencyLike, readPartyCell } from "./assignment-clause.js";
import { parseDeadlineCell } from "./deadline-phrase.js";
import type { DocumentLine } from "./document-lines.js";
import { buildTask } from "./task-builder.js";
import { foldDiacritics } from "../domain/text.js";
import { cleanLine } from "./text.js";
import { createRefAllocator, type RefAllocator } from "./task-refs.js";
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
  /** the agency of the group row above ("| | Sở Tài chính | | |"), for rows that name no lead */
  groupLead: string;
}

const ttLike = /^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}(?:\.\d{1,2})*|[a-zđ])[.)]?$/;

/** A row that only names an agency, in the task column: the lead of the rows under it. */
function agencyGroup(values: Map<Column, string>, matcher: AgencyMatcher): string | null {
  const filled = [...values].filter(([column, value]) => column !== "tt" && value !== "");
  const task = filled.length === 1 ? filled[0]![1] : "";
  if (!task || task.length > 150) return null;
  const parties = readPartyCell(task, matcher);
  const named = parties.reduce((n, p) => n + p.text.length, 0);
  return parties.length > 0 && parties.every(isAgencyLike) && named >= task.replace(/[;,.\s]+/g, "").length * 0.7 ? task : null;
}

function cell(cells: readonly string[], columns: Map<Column, number>, column: Column): string {
  const index = columns.get(column);
  return index === undefined ? "" : (cells[index] ?? "");
}

function collectRows(lines: readonly DocumentLine[], matcher: AgencyMatcher, warnings: PlanWarning[]): Row[] {
  const rows: Row[] = [];
  let columns: Map<Column, number> | null = null;
  let headerWidth = 0;
  let groupLead = "";
  let section = "";
  let sectionLabel = "";
  // A section row was the last row read: an empty-TT row under it continues its title.
  let afterSection = false;
  for (const line of lines) {
    if (line.kind !== "table") continue;
    const header = readHeader(line);
    if (header) {
      columns = header;
      headerWidth = splitCells(line.raw).length;
      groupLead = "";
      continue;
    }
    let cells = splitCells(line.raw);
    if (!columns || isSeparatorRow(cells)) continue;
    if (cells.length < columns.size) warnings.push({ line: line.line, message: planTexts.tableCellCount(cells.length, columns.size) });
    // A row of a cell merged down (rowspan) reaches the text without the merged cells, which are
    // the first ones: "| Sở Y | 2026 |" under "| 1 | Nhiệm vụ | Sở X | 2025 |" fills the last columns.
    if (columns.has("tt") && cells.length < headerWidth && cells.length > 1 && !ttLike.test(cells[0]!) && rows.length > 0) {
      cells = [...Array<string>(headerWidth - cells.length).fill(""), ...cells];
    }
    const values = new Map<Column, string>();
    for (const column of columns.keys()) values.set(column, cell(cells, columns, column));
    const tt = values.get("tt") ?? "";
    if ((tt === "" || /^[A-ZĐ]\.?$/.test(tt)) && columns.has("tt")) {
      const group = agencyGroup(values, matcher);
      if (group) {
        groupLead = group;
        continue;
      }
    }
    // "I", "III.1", "III.1.2": group rows (a section and its sub-groups) when they name no lead
    const filled = [...values].filter(([column, value]) => column !== "tt" && value !== "");
    if (/^[IVX]{1,5}(?:\.\d{1,2})*\.?$/.test(tt) && (!values.get("lead") || filled.length === 1)) {
      // the title lands in whichever column comes first ("| I | NHÓM … |" under "STT | CHỦ TRÌ | NHIỆM VỤ")
      section = values.get("task") || (filled[0]?.[1] ?? "");
      sectionLabel = tt.replace(/\.$/, "");
      afterSection = true;
      groupLead = "";
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
        // names in a party column are separate parties; other words go on with the cell's text
        const separator = column === "lead" || column === "coordinate" ? "; " : " ";
        if (value) previous.cells.set(column, [previous.cells.get(column), value].filter(Boolean).join(separator));
      }
      continue;
    }
    if (tt === "" && columns.has("tt")) {
      warnings.push({ line: line.line, message: planTexts.tableContinuationWithoutRow() });
      continue;
    }
    rows.push({ line: line.line, tt: tt.replace(/\.$/, ""), cells: values, section, sectionLabel, groupLead });
    afterSection = false;
  }
  return rows;
}

export function readTablePlan(
  lines: readonly DocumentLine[],
  matcher: AgencyMatcher,
  year: number | undefined,
  warnings: PlanWarning[],
  uniqueRef: RefAllocator = createRefAllocator(warnings),
): ParsedTask[] {
  const tasks: ParsedTask[] = [];
  let previousLead = "";
  let previousCoordinate = "";
  let previousSection: string | null = null;
  let previousGroup = "";
  collectRows(lines, matcher, warnings).forEach((row, index) => {
    // a merged lead cell does not reach across an agency group row either
    if (row.groupLead !== previousGroup) {
      previousLead = "";
      previousCoordinate = "";
      previousGroup = row.groupLead;
    }
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
      lead = previousLead || row.groupLead;
      coordinate ||= previousCoordinate;
    }
    previousLead = lead;
    previousCoordinate = coordinate;
    const number = row.tt || String(index + 1);
    const ref = uniqueRef(row.sectionLabel ? `${row.sectionLabel}.${number}` : number, row.line);
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
