/**
 * The registry as a spreadsheet an office can edit and load (`agencies --export/--import`):
 * `.xlsx` (first sheet) or CSV (UTF-8, BOM), one agency a row, columns
 * `code | name | kind | aliases | parent | merged_into | merged_on` (aliases separated by ";").
 * An import adds new agencies and updates changed ones; it never deletes (agencies missing from
 * the file are counted and left), never merges (that is `merge`, which moves work), and checks
 * every row first: a problem names its row and column, and then nothing is written.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { nameKey } from "../../plan/text.js";
import { isAgencyKind, type AgencyKind } from "../../domain/agency-kind.js";
import type { Db } from "../../storage/database.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { findManagedAgencies, insertManagedAgency, updateManagedAgency, type ManagedAgency } from "../../storage/registry-repository.js";

export const registryColumns = ["code", "name", "kind", "aliases", "parent", "merged_into", "merged_on"] as const;
type Column = (typeof registryColumns)[number];

export type RegistryFormat = "xlsx" | "csv";

export function registryFormatOf(file: string): RegistryFormat | null {
  const lower = file.toLowerCase();
  return lower.endsWith(".xlsx") ? "xlsx" : lower.endsWith(".csv") ? "csv" : null;
}

function rowsOf(agencies: readonly ManagedAgency[]): string[][] {
  return agencies.filter((a) => a.kind !== "unregistered").map((a) => [a.code, a.name, a.kind, a.aliases.join("; "), a.parentCode ?? "", a.mergedIntoCode ?? "", a.mergedOn ?? ""]);
}

export async function exportRegistry(db: Db, format: RegistryFormat): Promise<{ bytes: Buffer; count: number }> {
  const rows = rowsOf(await findManagedAgencies(db));
  if (format === "csv") return { bytes: Buffer.from(stringify([[...registryColumns], ...rows], { bom: true, record_delimiter: "windows" })), count: rows.length };
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh mục cơ quan");
  sheet.columns = registryColumns.map((key) => ({ header: key, key, width: key === "name" ? 50 : key === "aliases" ? 70 : 14 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), count: rows.length };
}

/** A problem in the file: its 1-based row (the header is row 1) and column. */
export interface RegistryFileProblem {
  row: number;
  column: string | null;
  message: string;
}

export class RegistryFileError extends Error {
  constructor(readonly problems: readonly RegistryFileProblem[]) {
    super(problems.map((p) => `${p.row}:${p.column ?? ""} ${p.message}`).join("\n"));
    this.name = "RegistryFileError";
  }
}

interface FileRow {
  row: number;
  values: Partial<Record<Column, string>>;
}

async function readTable(bytes: Buffer, format: RegistryFormat): Promise<string[][]> {
  if (format === "csv") {
    try {
      return parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 1;
      throw new RegistryFileError([{ row: line, column: null, message: (error as Error).message }]);
    }
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new RegistryFileError([{ row: 1, column: null, message: `không đọc được tệp Excel (${(error as Error).message})` }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? "";
    });
    table[number - 1] = Array.from(cells, (c) => c ?? "");
  });
  return Array.from(table, (r) => r ?? []);
}

async function readRows(bytes: Buffer, format: RegistryFormat): Promise<FileRow[]> {
  const table = await readTable(bytes, format);
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = (["code", "name", "kind"] as const).filter((c) => !header.includes(c));
  if (missing.length > 0) throw new RegistryFileError(missing.map((c) => ({ row: 1, column: c, message: `thiếu cột "${c}" ở dòng tiêu đề` })));
  const rows: FileRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => (c ?? "").trim() === "")) return;
    const values: FileRow["values"] = {};
    for (const column of registryColumns) {
      const at = header.indexOf(column);
      if (at >= 0) values[column] = (cells[at] ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
    }
    rows.push({ row: i + 2, values });
  });
  return rows;
}

export interface RegistryImportReport {
  added: string[];
  updated: Array<{ code: string; fields: string[] }>;
  unchanged: number;
  /** agencies in the database the file does not list: kept */
  notInFile: string[];
  /** rows whose merged_into / merged_on differ from the database: merges are made with `merge` */
  mergesIgnored: string[];
  dryRun: boolean;
}

interface Planned {
  code: string;
  name: string;
  kind: AgencyKind;
  aliases: string[];
  parent: string | null;
  row: number;
}

function checkRows(rows: readonly FileRow[], stored: readonly ManagedAgency[]): Planned[] {
  const problems: RegistryFileProblem[] = [];
  const planned: Planned[] = [];
  const codes = new Map<string, number>();
  const names = new Map<string, { code: string; row: number | null }>();
  const fileCodes = new Set(rows.map((r) => (r.values.code ?? "").toUpperCase()));
  for (const a of stored) if (!fileCodes.has(a.code)) for (const n of [a.name, ...a.aliases]) names.set(nameKey(n), { code: a.code, row: null });
  for (const { row, values } of rows) {
    const problem = (column: Column, message: string) => problems.push({ row, column, message });
    const code = (values.code ?? "").toUpperCase();
    if (!/^[A-Z0-9-]{2,24}$/.test(code)) problem("code", `mã "${values.code ?? ""}" không hợp lệ (2–24 ký tự A-Z, 0-9, -)`);
    else if (codes.has(code)) problem("code", `mã "${code}" trùng với dòng ${codes.get(code)}`);
    codes.set(code, row);
    const name = values.name ?? "";
    if (name.length < 2 || name.length > 200) problem("name", "tên cần từ 2 đến 200 ký tự");
    const kind = values.kind ?? "";
    if (!isAgencyKind(kind)) problem("kind", `loại "${kind}" không hợp lệ (department, board, bank, center, office, inspectorate, union, branch, district, commune)`);
    const aliases = (values.aliases ?? "")
      .split(";")
      .map((a) => a.trim())
      .filter((a) => a !== "");
    for (const label of [name, ...aliases]) {
      if (label === "") continue;
      const owner = names.get(nameKey(label));
      if (owner && owner.code !== code) problem(label === name ? "name" : "aliases", `tên "${label}" trùng với ${owner.code}${owner.row ? ` (dòng ${owner.row})` : ""}`);
      names.set(nameKey(label), { code, row });
    }
    const parent = (values.parent ?? "").toUpperCase() || null;
    if (parent !== null && !fileCodes.has(parent) && !stored.some((a) => a.code === parent)) problem("parent", `không có cơ quan mã "${parent}"`);
    if (parent === code) problem("parent", "cơ quan không thể là cấp trên của chính nó");
    if (values.merged_on && !/^\d{4}-\d{2}-\d{2}$/.test(values.merged_on)) problem("merged_on", `ngày "${values.merged_on}" không hợp lệ (YYYY-MM-DD)`);
    planned.push({ code, name, kind: kind as AgencyKind, aliases, parent, row });
  }
  if (problems.length > 0) throw new RegistryFileError(problems);
  return planned;
}

export async function importRegistry(context: { db: Db; actor: string; now: Date }, bytes: Buffer, format: RegistryFormat, options: { dryRun: boolean }): Promise<RegistryImportReport> {
  const rows = await readRows(bytes, format);
  const at = context.now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const stored = await findManagedAgencies(trx);
    const planned = checkRows(rows, stored);
    const report: RegistryImportReport = { added: [], updated: [], unchanged: 0, notInFile: [], mergesIgnored: [], dryRun: options.dryRun };
    const inFile = new Set(planned.map((p) => p.code));
    report.notInFile = stored.filter((a) => a.kind !== "unregistered" && !inFile.has(a.code)).map((a) => a.code);
    for (const { row, values } of rows) {
      const agency = stored.find((a) => a.code === (values.code ?? "").toUpperCase());
      if ((values.merged_into ?? "") !== (agency?.mergedIntoCode ?? "") || (values.merged_on ?? "") !== (agency?.mergedOn ?? "")) report.mergesIgnored.push(`${row}`);
    }
    // Parents may name agencies added further down: add everything first, then set parents.
    const ids = new Map(stored.map((a) => [a.code, a.id]));
    for (const p of planned) {
      const agency = stored.find((a) => a.code === p.code);
      if (!agency) {
        report.added.push(p.code);
        if (!options.dryRun) ids.set(p.code, await insertManagedAgency(trx, { code: p.code, name: p.name, kind: p.kind, aliases: p.aliases, parentId: null }, at));
        continue;
      }
      const fields = [
        agency.name !== p.name && "name",
        agency.kind !== p.kind && "kind",
        agency.aliases.join("\u0000") !== p.aliases.join("\u0000") && "aliases",
        (agency.parentCode ?? null) !== p.parent && "parent",
      ].filter((f): f is string => f !== false);
      if (fields.length === 0) report.unchanged++;
      else report.updated.push({ code: p.code, fields });
    }
    if (options.dryRun) return report;
    for (const p of planned) {
      const changed = report.updated.find((u) => u.code === p.code);
      const added = report.added.includes(p.code);
      if (!changed && !(added && p.parent)) continue;
      const parentId = p.parent ? ids.get(p.parent)! : null;
      const before = stored.find((a) => a.code === p.code);
      await updateManagedAgency(trx, ids.get(p.code)!, { name: p.name, kind: p.kind, aliases: p.aliases, parentId }, at);
      if (changed)
        await insertAudit(trx, {
          at,
          actor: context.actor,
          action: "agency.imported",
          entity: "agency",
          entityId: ids.get(p.code)!,
          before: before && { name: before.name, kind: before.kind, aliases: before.aliases, parent: before.parentCode },
          after: { name: p.name, kind: p.kind, aliases: p.aliases, parent: p.parent },
        });
    }
    for (const code of report.added) {
      const p = planned.find((x) => x.code === code)!;
      await insertAudit(trx, {
        at,
        actor: context.actor,
        action: "agency.added",
        entity: "agency",
        entityId: ids.get(code)!,
        after: { code, name: p.name, kind: p.kind, aliases: p.aliases, parent: p.parent },
      });
    }
    await insertAudit(trx, {
      at,
      actor: context.actor,
      action: "registry.imported",
      entity: "registry",
      entityId: null,
      after: { added: report.added, updated: report.updated.map((u) => u.code), not_in_file: report.notInFile },
    });
    return report;
  });
}
