/**
 * The registry from the CLI on a real database (SQLite and PostgreSQL): add, rename, alias, parent and kind; export
 * and import as .xlsx and CSV (errors name row and column, nothing is deleted, --dry-run writes
 * nothing); merge, setlead and coord; every change audited, and a restart's seed keeps it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;

type AgencyJson = { code: string; name: string; kind: string; aliases: string[] };
const agency = async (code: string) => (await cli.json<AgencyJson[]>("agencies")).find((a) => a.code === code);
const audit = () =>
  cli.query<{ actor: string; action: string; before: string | null; after: string | null }>("select actor, action, before, after from audit where entity = 'agency' order by id");

describe.each(stores)("on $name", (store) => {
  beforeEach(() => {
    cli = createCliHarness("2026-11-27T02:00:00Z", undefined, store);
  });
  afterEach(() => cli.cleanup());

  describe("agency", () => {
    it("adds, renames, aliases, parents and re-kinds an agency; each change audited and kept across restarts", async () => {
      expect((await cli.run("agency", "add", "snnmt", "department", "Sở Nông nghiệp và Môi trường", "--alias", "Sở NN&MT", "--alias", "SNNMT")).code).toBe(0);
      expect(await agency("SNNMT")).toMatchObject({ code: "SNNMT", name: "Sở Nông nghiệp và Môi trường", kind: "department", aliases: ["Sở NN&MT", "SNNMT"] });
      const renamed = await cli.run("agency", "rename", "SXD", "Sở Xây dựng tỉnh Thanh Hóa mới");
      expect(renamed.out).toContain("Đã lưu SXD: Sở Xây dựng tỉnh Thanh Hóa mới");
      await cli.run("agency", "alias", "SXD", "Sở XD");
      await cli.run("agency", "unalias", "SXD", "SXD");
      await cli.run("agency", "parent", "SNNMT", "SXD");
      await cli.run("agency", "kind", "SNNMT", "board");
      // Every command opens the app, which seeds the registry file again: the edits stay.
      const sxd = await agency("SXD");
      expect(sxd?.name).toBe("Sở Xây dựng tỉnh Thanh Hóa mới");
      expect(sxd?.aliases).toEqual(expect.arrayContaining(["Sở XD", "Sở Xây dựng"]));
      expect(sxd?.aliases).not.toContain("SXD");
      expect((await agency("SNNMT"))?.kind).toBe("board");
      const lines = await audit();
      expect(lines.map((l) => l.action)).toEqual(["agency.added", "agency.renamed", "agency.alias_added", "agency.alias_removed", "agency.parent_set", "agency.kind_set"]);
      expect(lines.every((l) => l.actor === "cli")).toBe(true);
      expect(JSON.parse(lines[1]!.before!).name).toBe("Sở Xây dựng");
      expect(JSON.parse(lines[1]!.after!).name).toBe("Sở Xây dựng tỉnh Thanh Hóa mới");
    });

    it.each([
      [["agency", "add", "S X", "department", "Sở Mới"], 'Mã cơ quan "S X" không hợp lệ'],
      [["agency", "add", "STC", "department", "Sở Mới"], 'Mã "STC" đã có trong danh mục.'],
      [["agency", "add", "SMOI", "ministry", "Sở Mới"], 'Loại "ministry" không hợp lệ'],
      [["agency", "add", "SMOI", "department", "Sở KH&ĐT"], "đã là tên hoặc tên gọi khác của SKHDT"],
      [["agency", "rename", "NOPE", "Sở Mới"], 'Không có cơ quan "NOPE"'],
      [["agency", "parent", "STC", "STC"], "vòng lặp"],
      [["merge", "SKHDT", "STC", "--on", "31/02/2025"], 'Ngày "31/02/2025" không hợp lệ'],
      [["merge", "SKHDT", "STC", "--on", "01/03/2027"], "Ngày hợp nhất chưa tới"],
      [["merge", "STC", "STC", "--on", "01/03/2025"], "chính nó"],
    ])("refuses %j and changes nothing", async (argv, message) => {
      const before = await cli.json<AgencyJson[]>("agencies");
      const result = await cli.run(...argv);
      expect(result.code).not.toBe(0);
      expect(result.err).toContain(message);
      expect(await cli.json<AgencyJson[]>("agencies")).toEqual(before);
    });
  });

  describe("agencies --export / --import", () => {
    it("round-trips the registry through .xlsx and CSV, adds and updates, never deletes", async () => {
      const xlsx = join(cli.dir, "danh-muc.xlsx");
      expect((await cli.run("agencies", "--export", xlsx)).out).toMatch(/^Đã xuất \d+ cơ quan ra /);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsx);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.getRow(1).values).toEqual([undefined, "code", "name", "kind", "aliases", "parent", "merged_into", "merged_on"]);
      const total = (await cli.json<AgencyJson[]>("agencies")).length;
      // Unchanged file: nothing to do.
      expect((await cli.run("agencies", "--import", xlsx)).out).toContain(`0 cơ quan mới, 0 sửa đổi, ${total} không đổi`);
      // An office's edits: one new agency, one renamed, one row dropped (kept in the database).
      sheet.addRow(["UBND-XA-DONGSON", "UBND xã Đông Sơn", "district", "xã Đông Sơn", "", "", ""]);
      sheet.getRow(5).getCell(2).value = "Sở Tài chính tỉnh Thanh Hóa (mới)";
      const dropped = String(sheet.getRow(3).getCell(1).value);
      sheet.spliceRows(3, 1);
      await workbook.xlsx.writeFile(xlsx);
      const renamedCode = String(sheet.getRow(4).getCell(1).value);
      const dry = await cli.run("agencies", "--import", xlsx, "--dry-run");
      expect(dry.out).toContain("1 cơ quan mới, 1 sửa đổi");
      expect(dry.out).toContain("--dry-run");
      expect(await agency("UBND-XA-DONGSON")).toBeUndefined();
      const done = await cli.run("agencies", "--import", xlsx);
      expect(done.out).toContain(`  thêm UBND-XA-DONGSON`);
      expect(done.out).toContain(`  sửa ${renamedCode}: name`);
      expect(done.out).toContain(`không có trong tệp (giữ nguyên): ${dropped}`);
      expect((await agency("UBND-XA-DONGSON"))?.name).toBe("UBND xã Đông Sơn");
      expect(await agency(dropped)).toBeDefined();
      expect((await cli.json<AgencyJson[]>("agencies")).length).toBe(total + 1);

      const csv = join(cli.dir, "danh-muc.csv");
      await cli.run("agencies", "--export", csv);
      const text = readFileSync(csv, "utf8");
      expect(text.startsWith("\ufeffcode,name,kind,aliases,parent,merged_into,merged_on")).toBe(true);
      expect(text).toContain("UBND-XA-DONGSON,UBND xã Đông Sơn,district,xã Đông Sơn");
    });

    it("names the row and column of every problem and writes nothing", async () => {
      const csv = join(cli.dir, "sai.csv");
      writeFileSync(
        csv,
        [
          "code,name,kind,aliases,parent",
          "SMOI,Sở Mới,department,,",
          "s x,Sở Khác,department,,",
          "SHAI,Sở Hai,ministry,,",
          "SBA,Sở Ba,department,Sở Tài chính,",
          "SBON,Sở Bốn,department,,NOPE",
        ].join("\n"),
      );
      const before = await cli.json<AgencyJson[]>("agencies");
      const result = await cli.run("agencies", "--import", csv);
      expect(result.code).toBe(1);
      expect(result.err.split("\n")).toEqual([
        `${csv}: dòng 3, cột code: mã "s x" không hợp lệ (2–24 ký tự A-Z, 0-9, -)`,
        `${csv}: dòng 4, cột kind: loại "ministry" không hợp lệ (department, board, bank, center, office, inspectorate, union, branch, district, commune)`,
        `${csv}: dòng 5, cột aliases: tên "Sở Tài chính" trùng với STC`,
        `${csv}: dòng 6, cột parent: không có cơ quan mã "NOPE"`,
      ]);
      expect(await cli.json<AgencyJson[]>("agencies")).toEqual(before);
      writeFileSync(csv, "ma,ten\nX,Y");
      expect((await cli.run("agencies", "--import", csv)).err).toContain('dòng 1, cột code: thiếu cột "code"');
      expect((await cli.run("agencies", "--import", join(cli.dir, "x.txt"))).err).toContain("phải có đuôi .xlsx hoặc .csv");
    });
  });

  describe("merge, setlead, coord", () => {
    it("merges from the shell and reassigns a lead; a second merge of the same agency is refused", async () => {
      expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
      const merged = await cli.json<{ assignments: number; openCycles: number; effectiveOn: string }>("merge", "SKHDT", "STC", "--on", "01/03/2025", "--source", "Nghị quyết HĐND tỉnh");
      expect(merged.effectiveOn).toBe("2025-03-01");
      expect(merged.assignments).toBeGreaterThan(0);
      expect((await cli.json<Array<AgencyJson & { merged_into: string | null; merged_on: string | null }>>("agencies")).find((a) => a.code === "SKHDT")).toMatchObject({
        merged_into: "STC",
        merged_on: "2025-03-01",
      });
      expect((await cli.run("agencies")).out).toContain("Sở Kế hoạch và Đầu tư (đã hợp nhất vào STC từ 01/03/2025)");
      const again = await cli.run("merge", "SKHDT", "STC", "--on", "01/03/2025");
      expect(again.err).toBe("Sở Kế hoạch và Đầu tư đã hợp nhất vào Sở Tài chính; hãy dùng cơ quan mới.");
      const tasks = await cli.json<Array<{ ref: string; lead_codes: string[] }>>("tasks");
      expect(tasks.some((t) => t.lead_codes.includes("SKHDT"))).toBe(false);
      const lead = await cli.run("setlead", "III.1.4.a.2", "SNV");
      expect(lead.out).toBe("Đã giao nhiệm vụ III.1.4.a.2 cho Sở Nội vụ chủ trì (thay Sở Tài chính); chuyển 1 kỳ chưa hoàn thành cùng hạn và lịch sử.");
      expect((await cli.run("coord", "add", "III.1.4.a.2", "SXD")).out).toBe("Đã thêm Sở Xây dựng phối hợp nhiệm vụ III.1.4.a.2.");
      expect((await cli.run("coord", "add", "III.1.4.a.2", "SXD")).err).toBe("SXD đã tham gia nhiệm vụ III.1.4.a.2.");
      const sxd = await cli.json<Array<{ ref: string; role?: string }>>("tasks", "--agency", "SXD");
      expect(sxd.find((t) => t.ref === "III.1.4.a.2")?.role).toBe("coordinate");
      expect((await cli.run("coord", "remove", "III.1.4.a.2", "SXD")).code).toBe(0);
      expect((await cli.json<Array<{ ref: string }>>("tasks", "--agency", "SXD")).some((t) => t.ref === "III.1.4.a.2")).toBe(false);
    });
  });

  describe("a ref in two plans", () => {
    const second = [
      "KẾ HOẠCH",
      "Thực hiện Chương trình cải cách hành chính năm 2026",
      "(Kèm theo Quyết định số 78/QĐ-UBND ngày 15 tháng 1 năm 2026 của Ủy ban nhân dân tỉnh Thanh Hóa)",
      "I. MỤC ĐÍCH",
      "Nâng cao hiệu quả.",
      "II. YÊU CẦU",
      "Bảo đảm tiến độ.",
      "III. NHIỆM VỤ",
      "1. Cải cách thể chế",
      "1.4. Đơn vị sự nghiệp",
      "a) Sở Tài chính chủ trì:",
      "- Rà soát danh mục dịch vụ sự nghiệp công, hoàn thành trước ngày 18/12/2026.",
      "- Tham mưu xây dựng kế hoạch giao quyền tự chủ tài chính, hoàn thành trước ngày 30/12/2026.",
    ].join("\n");

    it("asks for the plan, and takes a plan-qualified ref", async () => {
      const file = join(cli.dir, "kh-78.txt");
      writeFileSync(file, second);
      expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
      expect((await cli.run("import", file)).code).toBe(0);
      const ambiguous = await cli.run("setlead", "III.1.4.a.2", "SNV");
      expect(ambiguous.err).toBe('Số thứ tự "III.1.4.a.2" có trong nhiều kế hoạch (1861, 78); gõ kèm số kế hoạch, ví dụ 1861/III.1.4.a.2.');
      expect((await cli.run("setlead", "78/III.1.4.a.2", "SNV")).out).toBe(
        "Đã giao nhiệm vụ 78/III.1.4.a.2 cho Sở Nội vụ chủ trì (thay Sở Tài chính); chuyển 1 kỳ chưa hoàn thành cùng hạn và lịch sử.",
      );
      const leads = await cli.query(
        "select p.code as plan, g.code as agency from assignments a join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id join agencies g on g.id = a.agency_id where t.ref = 'III.1.4.a.2' and a.role = 'lead' and a.removed_at is null order by p.id",
      );
      expect(leads).toEqual([
        { plan: "1861/QĐ-UBND", agency: "STC" },
        { plan: "78/QĐ-UBND", agency: "SNV" },
      ]);
    });
  });
});
