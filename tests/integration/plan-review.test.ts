/**
 * The review round trip through the real CLI: `import --review` writes the parsed plan as a
 * workbook; a coordinator corrects leads and deadlines in it (here with exceljs, as Excel
 * would save it); `import <workbook>` imports the plan with the corrections winning, audited.
 * A bad correction names its row and column and nothing is written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { samplePlanDocx, sampleTaskCount } from "../support/plan-documents.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;

async function reviewOf(): Promise<string> {
  const docx = join(cli.dir, "plan.docx");
  writeFileSync(docx, await samplePlanDocx());
  const out = join(cli.dir, "review.xlsx");
  const result = await cli.run("import", "--review", docx, "--out", out);
  expect(result.code).toBe(0);
  expect(result.out).toContain(`(${sampleTaskCount} nhiệm vụ; 0 chưa có cơ quan chủ trì, 0 chưa có thời hạn): ${out}`);
  return out;
}

/** The row of each task in the workbook's tasks sheet, by ref. */
async function rowsOf(file: string): Promise<Map<string, number>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows = new Map<string, number>();
  workbook.getWorksheet("Nhiệm vụ")!.eachRow((row, n) => {
    if (n > 1) rows.set(String(row.getCell(1).value), n);
  });
  return rows;
}

/** Opens the workbook, lets `edit` change the tasks sheet by ref, saves it. */
async function edit(file: string, changes: Record<string, Partial<Record<"lead" | "deadline" | "text", ExcelJS.CellValue>>>): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet("Nhiệm vụ")!;
  const columns = { text: 2, lead: 3, deadline: 5 };
  sheet.eachRow((row, n) => {
    const change = changes[String(row.getCell(1).value)];
    if (n === 1 || !change) return;
    for (const [key, value] of Object.entries(change)) row.getCell(columns[key as keyof typeof columns]).value = value;
  });
  await workbook.xlsx.writeFile(file);
}

const query = <T>(sql: string) => cli.query<T>(sql);

describe.each(stores)("import --review and the corrected workbook on $name", (store) => {
  beforeEach(() => {
    cli = createCliHarness("2026-04-01T02:00:00Z", undefined, store);
  });
  afterEach(() => cli.cleanup());

  it("writes one row per task with the reading of the document", async () => {
    const file = await reviewOf();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet("Nhiệm vụ")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "Số TT",
      "Nội dung nhiệm vụ",
      "Cơ quan chủ trì",
      "Cơ quan phối hợp",
      "Thời hạn",
      "Thời hạn theo văn bản",
      "Cảnh báo",
      "Mục",
      "Dòng trong văn bản",
      "Dữ liệu gốc (không sửa)",
    ]);
    expect(sheet.rowCount).toBe(sampleTaskCount + 1);
    // The body's task first (Sở Nội vụ's report), then the table's rows in order.
    expect([2, 3, 4, 6].map((n) => sheet.getRow(n).getCell(1).value)).toEqual(["II.1", "I.1", "I.2", "II.1-2"]);
    const row = sheet.getRow(4);
    expect(row.getCell(3).value).toBe("Sở Nội vụ");
    expect(row.getCell(4).value).toBe("Sở Tư pháp; Sở Tài chính");
    expect(row.getCell(5).value).toEqual(new Date("2026-09-30T00:00:00Z"));
    expect(row.getCell(6).value).toBe("Tháng 9/2026");
    expect(workbook.getWorksheet("Kế hoạch")!.getCell("B1").value).toBe("88/KH-UBND");
    // A review reads and writes the workbook only: the database is not even opened.
    expect(await cli.untouched()).toBe(true);
  });

  it("imports an untouched workbook as the document itself", async () => {
    const file = await reviewOf();
    const fromWorkbook = await cli.json<{ created: string[]; corrections: number }>("import", file);
    expect(fromWorkbook).toMatchObject({ corrections: 0 });
    expect(fromWorkbook.created).toHaveLength(sampleTaskCount);
    const docx = join(cli.dir, "plan.docx");
    const again = await cli.json<{ unchanged: number; updated: unknown[] }>("import", docx);
    expect(again).toMatchObject({ unchanged: sampleTaskCount, updated: [] });
  });

  it("lets the workbook's leads and deadlines win, keeps unknown names, audits each correction", async () => {
    const file = await reviewOf();
    const rows = await rowsOf(file);
    await edit(file, {
      "I.3": { lead: "Sở Tài chính" },
      "II.2": { deadline: new Date("2026-10-15T00:00:00Z") },
      "II.3": { lead: "Sở Nội vụ; Ban Quản lý dự án ABC", deadline: "hằng năm, 30/11" },
      "I.1": { deadline: "15/06/2026" },
    });
    const result = await cli.run("import", file);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`dòng ${rows.get("II.3")}: cơ quan "Ban Quản lý dự án ABC" không có trong danh mục; giữ nguyên tên như đã ghi.`);
    expect(result.out).toContain("5 chỗ sửa trong bảng rà soát");
    const tasks =
      await cli.json<Array<{ ref: string; lead_codes: string[]; due: string | null; deadline: { kind: string; date?: string; month?: number; day?: number; phrase: string } }>>("tasks");
    const byRef = new Map(tasks.map((t) => [t.ref, t]));
    expect(byRef.get("I.3")!.lead_codes).toEqual(["STC"]);
    expect(byRef.get("II.2")!.deadline).toEqual({ kind: "date", date: "2026-10-15", phrase: "Hằng quý" });
    expect(byRef.get("II.3")!.deadline).toMatchObject({ kind: "annual", month: 11, day: 30 });
    expect(byRef.get("I.1")!).toMatchObject({ due: "2026-06-15" });
    const leads = await query<{ name: string }>(
      "select ag.name from assignments a join agencies ag on ag.id = a.agency_id join tasks t on t.id = a.task_id where t.ref = 'II.3' and a.role = 'lead' order by ag.name",
    );
    expect(leads.map((l) => l.name)).toEqual(["Ban Quản lý dự án ABC", "Sở Nội vụ"]);
    const audit = await query<{ before: string; after: string }>("select before, after from audit where action = 'task.review_corrected' order by id");
    expect(audit).toHaveLength(5);
    expect(audit.map((a) => JSON.parse(a.after))).toContainEqual({ lead: ["Sở Tài chính"] });
    expect(audit.map((a) => JSON.parse(a.before))).toContainEqual({ row: rows.get("I.3"), lead: ["Sở Nội vụ"] });
  });

  it("names the row and column of each bad correction and writes nothing", async () => {
    const file = await reviewOf();
    const rows = await rowsOf(file);
    await edit(file, { "I.2": { deadline: "31/02/2026" }, "II.1": { deadline: new Date("2999-01-01T00:00:00Z") }, "II.2": { deadline: "sớm nhất có thể" } });
    const result = await cli.run("import", file);
    expect(result.code).toBe(1);
    expect(result.err.split("\n")[0]).toBe(`${file}: Bảng rà soát có 3 lỗi, không nhập gì:`);
    expect(result.err).toContain(`dòng ${rows.get("I.2")}, cột E (Thời hạn): "31/02/2026" không phải ngày có thật`);
    expect(result.err).toContain(`dòng ${rows.get("II.1")}, cột E (Thời hạn): ngày 01/01/2999 nằm ngoài khoảng 01/01/2000 – 31/12/2100`);
    expect(result.err).toContain(`dòng ${rows.get("II.2")}, cột E (Thời hạn): không hiểu thời hạn "sớm nhất có thể"`);
    expect(await query("select count(*) as n from plans")).toEqual([{ n: 0 }]);
    expect(await query("select count(*) as n from tasks")).toEqual([{ n: 0 }]);
  });

  it("refuses a workbook that is not a review workbook", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Sheet1").addRow(["TT", "Nhiệm vụ"]);
    const file = join(cli.dir, "other.xlsx");
    await workbook.xlsx.writeFile(file);
    const result = await cli.run("import", file);
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toBe(`${file}: tệp Excel này không phải bảng rà soát kế hoạch của dondoc (cần trang "Nhiệm vụ" và "Kế hoạch" do lệnh import --review tạo ra).`);
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });
});
