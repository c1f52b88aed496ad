/**
 * The coordinators' spreadsheet on a real SQLite file: a small plan imported and reported on
 * through the real services, exported, then read back with exceljs (and csv-parse) and held
 * to what the database and planStatus() say for the same day.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/person.js";
import { decideExtension } from "../../src/services/replies/extensions.js";
import { createInvite, redeemInvite, resolveActor } from "../../src/services/people/people.js";
import { readPlanFile, readRegistryFile } from "../../src/services/plans/plan-files.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { onTimeRate, exportFileName, writeCsvExport, writeXlsxExport } from "../../src/services/exports/spreadsheet-export.js";
import { planStatus, totalOf } from "../../src/services/status/status-summary.js";
import { recordStatusUpdate, undoStatusUpdate, type NewStatusUpdate } from "../../src/services/replies/status-updates.js";
import type { Db } from "../../src/storage/database.js";
import { statusLabels } from "../../src/texts/labels.js";
import { assignmentHeaders, historyHeaders, sheetNames, summaryHeaders } from "../../src/texts/spreadsheet.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();
import { cycleIdOf } from "../support/cycles.js";

const TZ = "Asia/Ho_Chi_Minh";
const TODAY = "2026-11-30";
/** 09:00 local time on a date */
const on = (date: string, time = "09:00") => new Date(`${date}T${time}:00+07:00`);

const plan = `ỦY BAN NHÂN DÂN TỈNH THANH HÓA

Số: 99/KH-UBND

Thanh Hóa, ngày 05 tháng 01 năm 2026

**KẾ HOẠCH**

**Thử nghiệm báo cáo tổng hợp năm 2026**

| **TT** | **Nhiệm vụ** | **Cơ quan chủ trì** | **Cơ quan phối hợp** | **Thời gian hoàn thành** |
|:---:|---|---|---|:---:|
| **I** | **Nhiệm vụ chung** | | | |
| 1 | Ban hành quy chế phối hợp | Sở Tài chính | Sở Tư pháp | Trước 30/6/2026 |
| 2 | Rà soát thủ tục hành chính | Sở Xây dựng | Văn phòng UBND tỉnh | Tháng 3/2026 |
| 3 | Xây dựng bộ chỉ số đánh giá | Sở Nội vụ | | Quý I/2026 |
| 4 | Tham mưu cơ chế hỗ trợ chuyển đổi số | Sở Tài chính, Sở Kế hoạch và Đầu tư | Sở Nội vụ | Trước 31/12/2026 |
| 5 | Số hóa hồ sơ bệnh án | Sở Y tế | Sở Tài chính | Trước 30/9/2026 |
| 6 | Tuyên truyền về cải cách hành chính | Sở Công Thương | | Thường xuyên |
| 7 | Báo cáo kết quả cải cách hành chính | UBND các huyện, thị xã, thành phố | Sở Nội vụ | Trước 15/11/2026 |
`;

let dir: string;
let db: Db;
let close: () => Promise<void>;
let xlsxFile: string;
let book: ExcelJS.Workbook;

// Setup happens minute by minute on 06/01, so every record is written in time order.
let minute = 0;
const setupTime = () => new Date(Date.parse("2026-01-06T02:00:00Z") + minute++ * 60_000);

async function person(agencyCode: string, id: number, name: string, role: "focal" | "coordinator" = "focal"): Promise<Actor> {
  const invite = await createInvite(db, { agencyCode, role, createdBy: "cli", now: setupTime() });
  await redeemInvite(db, invite.code, { telegramUserId: id, chatId: id, displayName: name }, setupTime());
  return resolveActor(db, id, []);
}

const cycleOf = (ref: string, agency: string) => cycleIdOf(db, ref, agency);

let updateId = 1000;
async function report(actor: Actor, ref: string, when: Date, update: Partial<NewStatusUpdate> & Pick<NewStatusUpdate, "kind">) {
  const cycleId = await cycleOf(ref, actor.person!.agencyCode!);
  const input: NewStatusUpdate = {
    cycleId,
    percent: null,
    text: "",
    fileIds: [],
    source: "reply",
    telegramUpdateId: ++updateId,
    telegramMessageId: updateId,
    chatId: actor.telegramUserId,
    ...update,
  };
  return recordStatusUpdate(db, actor, input, when, TZ);
}

/** On time, late, overdue, extended, undated, blocked, a two-lead task and a collective's. */
async function buildScenario(): Promise<void> {
  await seedRegistry(db, await readRegistryFile("seeds/agencies.json"), on("2026-01-05"), "cli");
  const file = join(dir, "ke-hoach.md");
  writeFileSync(file, plan);
  const parsed = await readPlanFile(file, await readRegistryFile("seeds/agencies.json"));
  await importPlan({ db, timeZone: TZ }, parsed.parsed, { file, hash: parsed.hash }, on("2026-01-05"), "cli");

  const stc = await person("STC", 11, "Nguyễn Thị Hoa");
  const sxd = await person("SXD", 12, "Trần Văn Nam");
  const snv = await person("SNV", 13, "Lê Minh");
  const skhdt = await person("SKHDT", 14, "Phạm Lan");
  const syt = await person("SYT", 15, "Đỗ Hùng");
  const sct = await person("SCT", 16, "Vũ Thu");
  const thanhHoa = await person("UB-TPTHANHHOA", 17, "Hoàng Anh");
  const samSon = await person("UB-SAMSON", 18, "Bùi Quang");
  const coordinator = await person("SKHDT", 19, "Điều phối viên Mai", "coordinator");

  // In the order it happened.
  await report(snv, "I.3", on("2026-03-20"), { kind: "blocked", text: "Chưa có hướng dẫn của Bộ" });
  await report(sxd, "I.2", on("2026-04-10"), { kind: "done", text: "Báo cáo rà soát đã gửi" });
  await report(stc, "I.1", on("2026-05-10"), { kind: "progress", percent: 50, text: "Đã xong dự thảo" });
  await report(stc, "I.1", on("2026-06-20"), { kind: "done", text: "Đã ban hành Quyết định", fileIds: ["file-qd-01"] });
  const asked = await report(syt, "I.5", on("2026-09-20"), { kind: "extension_request", text: "Xin gia hạn", proposedDate: "2026-12-31" });
  await decideExtension(db, coordinator, asked.extensionRequestId!, true, on("2026-09-21"));
  await report(sct, "I.6", on("2026-10-01"), { kind: "blocked", text: '=HYPERLINK("x") thiếu kinh phí' });
  await report(skhdt, "I.4", on("2026-10-15"), { kind: "done", text: "Hoàn thành", fileIds: ["file-a", "file-b"] });
  await report(stc, "I.4", on("2026-11-01"), { kind: "progress", percent: 40, text: "Đang lấy ý kiến" });
  const slip = await report(stc, "I.4", on("2026-11-02"), { kind: "progress", percent: 90, text: "nhầm" });
  await undoStatusUpdate(db, stc, slip.id, on("2026-11-02", "09:05"));
  await report(thanhHoa, "I.7", on("2026-11-10"), { kind: "done", text: "Đã gửi báo cáo" });
  await report(snv, "I.3", on("2026-11-25"), { kind: "extension_request", text: "Chờ hướng dẫn", proposedDate: "2026-12-15" });
  // Done after the report's day: still overdue on 30/11.
  await report(samSon, "I.7", on("2026-12-01"), { kind: "done", text: "Gửi muộn" });
}

describe.each(stores)("on $name", (store) => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dondoc-report-"));
    ({ db, close } = await store.open());
    minute = 0;
    updateId = 1000;
    await buildScenario();
    xlsxFile = join(dir, exportFileName(TODAY, "xlsx"));
    await writeXlsxExport(db, { today: TODAY, timeZone: TZ, out: xlsxFile });
    book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxFile);
  });
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  type Cell = ExcelJS.CellValue;
  function rowsOf(name: string): Cell[][] {
    const sheet = book.getWorksheet(name)!;
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value)));
    return rows;
  }
  /** Data rows as objects keyed by header. */
  function records(name: string, count?: number): Array<Record<string, Cell>> {
    const [header, ...rows] = rowsOf(name);
    return rows.slice(0, count).map((row) => Object.fromEntries(header!.map((h, i) => [String(h), row[i] ?? null])));
  }
  const day = (date: string) => new Date(`${date}T00:00:00Z`);
  const A = assignmentHeaders;

  async function leadCycleCount(): Promise<number> {
    const row = await db
      .selectFrom("cycles")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("assignments.role", "=", "lead")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  describe("the xlsx report", () => {
    it("has the four sheets, each with Vietnamese headers, a frozen header row, an autofilter over its rows and A4 landscape printing", async () => {
      expect(book.worksheets.map((s) => s.name)).toEqual([sheetNames.summary, sheetNames.assignments, sheetNames.overdue, sheetNames.history]);
      const headers: Record<string, string[]> = {
        [sheetNames.summary]: Object.values(summaryHeaders),
        [sheetNames.assignments]: [
          A.ref,
          A.task,
          A.leadCode,
          A.lead,
          A.coordinators,
          A.period,
          A.due,
          A.originalDue,
          A.completedOn,
          A.status,
          A.percent,
          A.lastUpdate,
          A.lastUpdateOn,
          A.reporter,
          A.evidence,
          A.blocked,
          A.extensionRequested,
        ],
        [sheetNames.overdue]: [
          A.ref,
          A.task,
          A.leadCode,
          A.lead,
          A.coordinators,
          A.period,
          A.due,
          A.originalDue,
          A.completedOn,
          A.status,
          A.daysOverdue,
          A.percent,
          A.lastUpdate,
          A.lastUpdateOn,
          A.reporter,
          A.evidence,
          A.blocked,
          A.extensionRequested,
        ],
        [sheetNames.history]: Object.values(historyHeaders),
      };
      for (const sheet of book.worksheets) {
        expect(rowsOf(sheet.name)[0]).toEqual(headers[sheet.name]);
        expect(headers[sheet.name]!.map((_, i) => sheet.getRow(1).getCell(i + 1).font?.bold)).not.toContain(undefined);
        expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToWidth: 1 });
        expect(sheet.getColumn(2).width).toBeGreaterThan(20);
      }
      // The filter covers the header and the data rows, not the summary's totals below them.
      const agencies = (await planStatus(db, TODAY)).agencies.length;
      expect(book.getWorksheet(sheetNames.summary)!.autoFilter).toBe(`A1:I${agencies + 1}`);
      expect(book.getWorksheet(sheetNames.assignments)!.autoFilter).toBe(`A1:Q${records(sheetNames.assignments).length + 1}`);
    });

    it("sums up each agency exactly as /status does for the same day", async () => {
      const status = await planStatus(db, TODAY);
      const rows = records(sheetNames.summary);
      const agencyRows = rows.slice(0, status.agencies.length);
      expect(agencyRows.map((r) => r[summaryHeaders.code])).toEqual(status.agencies.map((a) => a.code));
      for (const [i, agency] of status.agencies.entries()) {
        const row = agencyRows[i]!;
        for (const key of ["done_on_time", "done_late", "in_progress", "overdue", "no_deadline"] as const) expect(row[summaryHeaders[key]]).toBe(agency[key]);
        expect(row[summaryHeaders.total]).toBe(totalOf(agency));
        expect(row[summaryHeaders.onTimeRate]).toBe(onTimeRate(agency));
      }
      const totals = rows[status.agencies.length]!;
      expect(totals[summaryHeaders.agency]).toBe("Tổng cộng");
      expect(totals[summaryHeaders.overdue]).toBe(status.totals.overdue);
      expect(totals[summaryHeaders.total]).toBe(totalOf(status.totals));
      expect(status.totals).toEqual({ done_on_time: 3, done_late: 1, in_progress: 2, overdue: 27, no_deadline: 1 });
      expect(rows.some((r) => r[summaryHeaders.code] === "Số liệu tính đến hết ngày 30/11/2026.")).toBe(true);
    });

    it("lists every lead assignment cycle once, with the statuses the summary counts", async () => {
      const rows = records(sheetNames.assignments);
      expect(rows).toHaveLength(await leadCycleCount());
      const tally = new Map<string, number>();
      for (const r of rows) tally.set(`${r[A.leadCode]}|${r[A.status]}`, (tally.get(`${r[A.leadCode]}|${r[A.status]}`) ?? 0) + 1);
      for (const agency of (await planStatus(db, TODAY)).agencies) {
        for (const key of ["done_on_time", "done_late", "in_progress", "overdue", "no_deadline"] as const) expect(tally.get(`${agency.code}|${statusLabels[key]}`) ?? 0).toBe(agency[key]);
      }
      const find = (ref: string, code: string) => rows.find((r) => r[A.ref] === ref && r[A.leadCode] === code)!;
      expect(find("I.1", "STC")).toMatchObject({
        [A.task]: "Ban hành quy chế phối hợp",
        [A.lead]: "Sở Tài chính",
        [A.coordinators]: "Sở Tư pháp",
        [A.due]: day("2026-06-30"),
        [A.originalDue]: null,
        [A.completedOn]: day("2026-06-20"),
        [A.status]: "Hoàn thành đúng hạn",
        [A.percent]: 100,
        [A.lastUpdate]: "Đã ban hành Quyết định",
        [A.lastUpdateOn]: day("2026-06-20"),
        [A.reporter]: "Nguyễn Thị Hoa",
        [A.evidence]: "file-qd-01",
      });
      expect(find("I.2", "SXD")[A.status]).toBe("Hoàn thành quá hạn");
      expect(find("I.3", "SNV")).toMatchObject({ [A.status]: "Quá hạn", [A.blocked]: null, [A.extensionRequested]: "Có", [A.lastUpdate]: "Chờ hướng dẫn" });
      // The taken-back 90% does not count; the two leads of I.4 each have their own line.
      expect(find("I.4", "STC")).toMatchObject({ [A.status]: "Đang thực hiện trong hạn", [A.percent]: 40, [A.lastUpdate]: "Đang lấy ý kiến" });
      expect(find("I.4", "SKHDT")).toMatchObject({ [A.status]: "Hoàn thành đúng hạn", [A.evidence]: "file-a; file-b" });
      expect(find("I.5", "SYT")).toMatchObject({ [A.due]: day("2026-12-31"), [A.originalDue]: day("2026-09-30"), [A.status]: "Đang thực hiện trong hạn", [A.extensionRequested]: null });
      expect(find("I.6", "SCT")).toMatchObject({ [A.due]: null, [A.status]: "Không có hạn", [A.blocked]: "Có" });
      expect(find("I.7", "UB-SAMSON")).toMatchObject({ [A.status]: "Quá hạn", [A.completedOn]: null, [A.lastUpdate]: null });
      expect(rows.filter((r) => r[A.ref] === "I.7")).toHaveLength(27);
      expect(book.getWorksheet(sheetNames.assignments)!.getCell("G2").numFmt).toBe("dd/mm/yyyy");
    });

    it("lists the overdue cycles with how many days late they are", () => {
      const overdue = records(sheetNames.overdue);
      const expected = records(sheetNames.assignments).filter((r) => r[A.status] === "Quá hạn");
      expect(overdue.map((r) => `${r[A.ref]} ${r[A.leadCode]}`)).toEqual(expected.map((r) => `${r[A.ref]} ${r[A.leadCode]}`));
      expect(overdue.find((r) => r[A.ref] === "I.3")![A.daysOverdue]).toBe(244);
      expect(overdue.find((r) => r[A.leadCode] === "UB-SAMSON")![A.daysOverdue]).toBe(15);
    });

    it("keeps the history of reports and changes in time order, with names instead of ids", async () => {
      const rows = records(sheetNames.history);
      const updates = await db.selectFrom("status_updates").select("id").execute();
      const audit = await db.selectFrom("audit").select("id").where("at", "<", "2026-11-30T17:00:00.000Z").execute();
      expect(rows).toHaveLength(updates.length + audit.length - 1); // Sầm Sơn's report of 01/12 is after the day
      const times = rows.map((r) => (r[historyHeaders.at] as Date).getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
      expect(rows.find((r) => r[historyHeaders.activity] === "Duyệt gia hạn")).toMatchObject({
        [historyHeaders.at]: new Date("2026-09-21T09:00:00Z"),
        [historyHeaders.actor]: "Điều phối viên Mai",
        [historyHeaders.agency]: "Sở Y tế",
        [historyHeaders.ref]: "I.5",
      });
      expect(rows.find((r) => r[historyHeaders.activity] === "Báo cáo tiến độ (đã rút lại)")).toMatchObject({ [historyHeaders.percent]: 90, [historyHeaders.actor]: "Nguyễn Thị Hoa" });
      expect(rows.find((r) => r[historyHeaders.activity] === "Báo cáo hoàn thành" && r[historyHeaders.agency] === "Sở Kế hoạch và Đầu tư")![historyHeaders.text]).toBe(
        "Hoàn thành\nTệp: file-a; file-b",
      );
      expect(rows.find((r) => r[historyHeaders.activity] === "Đăng ký người dùng")![historyHeaders.subject]).toBe("Người dùng #1 (Nguyễn Thị Hoa)");
    });

    it("writes Trước and Sau of the history sheet as readable Vietnamese, not stored JSON", () => {
      const rows = records(sheetNames.history);
      expect(rows.find((r) => r[historyHeaders.activity] === "Duyệt gia hạn")).toMatchObject({
        [historyHeaders.before]: "Hạn: 30/09/2026",
        [historyHeaders.after]: "Hạn: 31/12/2026",
      });
      const recorded = rows.find((r) => r[historyHeaders.activity] === "Ghi nhận báo cáo" && r[historyHeaders.ref] === "I.2")!;
      expect(recorded[historyHeaders.before]).toBe("Trạng thái: chưa hoàn thành");
      expect(recorded[historyHeaders.after]).toBe("Trạng thái: đã hoàn thành");
      const added = rows.find((r) => r[historyHeaders.activity] === "Thêm nhiệm vụ" && r[historyHeaders.subject] === "Nhiệm vụ #1")!;
      expect(added[historyHeaders.after]).toBe(
        "Số thứ tự: I.1\nMục: Nhiệm vụ chung\nNội dung: Ban hành quy chế phối hợp\nCơ quan chủ trì: Sở Tài chính\nCơ quan phối hợp: Sở Tư pháp\nThời hạn theo văn bản: Trước 30/6/2026",
      );
      for (const row of rows) {
        for (const cell of [row[historyHeaders.before], row[historyHeaders.after]]) {
          if (cell !== null && cell !== undefined) expect(String(cell)).not.toMatch(/[{}"]|_id|_at\b/);
        }
      }
    });

    it("reports an earlier day as /status saw it then", async () => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      const counts = await writeXlsxExport(db, { today: "2026-06-01", timeZone: TZ, out });
      const early = new ExcelJS.Workbook();
      await early.xlsx.load(Buffer.concat(chunks) as never);
      const status = await planStatus(db, "2026-06-01");
      const totals = early.getWorksheet(sheetNames.summary)!.getRow(status.agencies.length + 2);
      expect(totals.getCell(6).value).toBe(status.totals.overdue);
      expect(status.totals).toMatchObject({ overdue: 1, done_late: 1, done_on_time: 0 });
      expect(counts).toMatchObject({ assignments: await leadCycleCount(), overdue: 1 });
      // What was known by the end of that day: I.1 was half done.
      const sheet = early.getWorksheet(sheetNames.assignments)!;
      const header = (sheet.getRow(1).values as Cell[]).map(String);
      let i1: ExcelJS.Row | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === "I.1") i1 = row;
      });
      const cell = (name: string) => i1!.getCell(header.indexOf(name)).value;
      expect([cell(A.status), cell(A.percent), cell(A.lastUpdate), cell(A.completedOn), cell(A.evidence)]).toEqual(["Đang thực hiện trong hạn", 50, "Đã xong dự thảo", null, null]);
    });
  });

  describe("the csv report", () => {
    it("is the assignments sheet, UTF-8 with a BOM, that csv-parse reads back to the same rows", async () => {
      const file = join(dir, exportFileName(TODAY, "csv"));
      expect(await writeCsvExport(db, { today: TODAY, timeZone: TZ, out: file })).toEqual({ assignments: await leadCycleCount() });
      const bytes = readFileSync(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const parsed = parse(bytes, { bom: true }) as string[][];
      const text = (v: Cell) => (v === null ? "" : v instanceof Date ? v.toISOString().slice(0, 10).split("-").reverse().join("/") : String(v));
      // A reported text Excel would run as a formula is kept as text.
      const sheet = rowsOf(sheetNames.assignments).map((row) => row.map((v) => (typeof v === "string" && v.startsWith("=") ? `'${v}` : text(v))));
      expect(parsed).toEqual(sheet);
      expect(parsed.find((r) => r[0] === "I.5")!.slice(6, 8)).toEqual(["31/12/2026", "30/09/2026"]);
    });
  });

  describe("the report command", () => {
    let cli: CliHarness;
    beforeAll(() => {
      cli = createCliHarness("2026-11-30T03:00:00Z", undefined, store);
    });
    afterAll(() => cli.cleanup());

    it("writes the file asked for and says where", async () => {
      expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
      const out = join(cli.dir, "tong-hop.csv");
      const result = await cli.run("report", "--format", "csv", "--out", out);
      expect(result).toMatchObject({ code: 0, err: "" });
      expect(result.out).toContain(out);
      const rows = parse(readFileSync(out), { bom: true }) as string[][];
      const status = await cli.json<{ totals: Record<string, number> }>("status");
      expect(rows.length - 1).toBe(Object.values(status.totals).reduce((n, v) => n + v, 0));
      expect(rows.filter((r) => r[9] === "Quá hạn")).toHaveLength(status.totals.overdue!);

      const xlsx = join(cli.dir, "bao-cao.xlsx");
      expect((await cli.run("report", "--out", xlsx, "--at", "2022-06-01T08:00:00+07:00")).code).toBe(0);
      const early = new ExcelJS.Workbook();
      await early.xlsx.readFile(xlsx);
      expect(early.worksheets.map((s) => s.name)).toContain("Quá hạn");
      expect(early.getWorksheet("Quá hạn")!.rowCount).toBe(1);

      const nowhere = await cli.run("report", "--out", join(cli.dir, "khong-co", "x.xlsx"));
      expect(nowhere.code).toBe(1);
      expect(nowhere.err).toContain("ENOENT");
    });

    it("names the file after the day, safely for Windows", () => {
      expect(exportFileName("2026-11-30", "xlsx")).toBe("bao-cao-2026-11-30.xlsx");
      expect(exportFileName("2026-11-30", "csv")).toBe("bao-cao-2026-11-30.csv");
    });

    it("keeps a plan code's letters in the file name, Đ as D", () => {
      expect(exportFileName("2026-11-30", "xlsx", "1861/QĐ-UBND")).toBe("bao-cao-1861QD-UBND-2026-11-30.xlsx");
      expect(exportFileName("2026-11-30", "csv", "KH đô thị")).toBe("bao-cao-KHdothi-2026-11-30.csv");
    });

    it.each([
      [["report", "--format", "pdf"], "pdf"],
      [["report", "--at", "yesterday"], "ISO-8601"],
      [["report", "monthly"], "report"],
    ])("refuses %j as a usage error", async (argv, message) => {
      const result = await cli.run(...argv);
      expect(result.code).toBe(2);
      expect(result.err).toContain(message);
      expect(existsSync(join(process.cwd(), exportFileName("2026-11-30", "xlsx")))).toBe(false);
    });
  });
});
