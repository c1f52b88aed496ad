/**
 * The admin's view of an import, through the real CLI, on a real database (a SQLite file, and
 * PostgreSQL) with the real migrations: the contract JSON, idempotent re-imports, corrected
 * documents, bad files.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const plan = "seeds/qd-1861-2022-thanh-hoa.txt";
let cli: CliHarness;

describe.each(stores)("on $name", (store) => {
  beforeEach(() => {
    cli = createCliHarness(undefined, undefined, store);
  });
  afterEach(() => cli.cleanup());

  function writePlan(name: string, text: string): string {
    const file = join(cli.dir, name);
    writeFileSync(file, text);
    return file;
  }

  describe("import --dry-run --json", () => {
    it("prints the contract's JSON for the whole plan and writes nothing", async () => {
      const parsed = await cli.json<{ plan: { code: string }; tasks: Array<Record<string, unknown>>; warnings: unknown[] }>("import", plan, "--dry-run");
      expect(parsed.plan.code).toBe("1861/QĐ-UBND");
      expect(parsed.tasks).toHaveLength(101);
      expect(parsed.tasks.find((t) => t.ref === "III.1.4.a.2")).toMatchObject({
        section: "Cơ cấu lại các đơn vị sự nghiệp công lập",
        lead: ["Sở Tài chính"],
        lead_codes: ["STC"],
        coordinate: ["các đơn vị liên quan"],
        group: false,
        deadline: { kind: "date", date: "2022-07-31", phrase: "trong tháng 7 năm 2022" },
        line: 68,
      });
      expect(parsed.tasks.find((t) => t.ref === "III.5.1.a.1")).toMatchObject({
        lead: ["Sở Nông nghiệp và Phát triển nông thôn"],
        deadline: { kind: "date", date: "2022-12-31", phrase: "Quý IV năm 2022" },
      });
      expect(parsed.tasks.find((t) => t.ref === "IV.2")).toMatchObject({
        group: true,
        lead: ["Các sở, ban, ngành, đơn vị cấp tỉnh", "UBND các huyện, thị xã, thành phố"],
        deadline: { kind: "annual", month: 11, day: 30 },
      });
      expect(await cli.untouched()).toBe(true);
    });

    it("prints a readable table without --json", async () => {
      const result = await cli.run("import", plan, "--dry-run");
      expect(result.code).toBe(0);
      expect(result.out).toContain("III.1.4.a.2");
      expect(result.out).toContain("31/07/2022");
      expect(result.out).toContain("101 nhiệm vụ");
    });
  });

  describe("import", () => {
    it("writes tasks, assignments and first cycles; a second import changes nothing", async () => {
      const first = await cli.json<{ created: string[]; cycles_created: number }>("import", plan);
      expect(first.created).toHaveLength(101);
      const before = await cli.dump();
      expect(before.tasks).toHaveLength(101);
      // Part IV's annual report: one lead assignment and one 2026 cycle per agency.
      const reportCycles = await cli.query<{ period: string; due_on: string }>(
        "select c.period, c.due_on from cycles c join assignments a on a.id = c.assignment_id join tasks t on t.id = a.task_id where t.ref = 'IV.2'",
      );
      expect(reportCycles).toHaveLength(59);
      expect(new Set(reportCycles.map((c) => `${c.period} ${c.due_on}`))).toEqual(new Set(["2026 2026-11-30"]));

      cli.setNow("2026-11-28T09:00:00Z");
      const second = await cli.json<{ created: string[]; unchanged: number; updated: unknown[]; removed: string[] }>("import", plan);
      expect(second).toMatchObject({ created: [], updated: [], removed: [], unchanged: 101 });
      expect(await cli.dump()).toEqual(before);
    });

    it("updates a corrected document in place, keeps history, reports removed tasks", async () => {
      await cli.run("import", plan);
      const [{ id: taskId }] = (await cli.query<{ id: number }>("select id from tasks where ref = 'III.5.2.c'")) as [{ id: number }];
      const [cycle] = (await cli.query<{ id: number }>("select c.id from cycles c join assignments a on a.id = c.assignment_id where a.task_id = ?", taskId)) as [{ id: number }];
      await cli.query("update cycles set completed_at = '2022-11-20T03:00:00.000Z' where id = ?", cycle.id);
      await cli.query("insert into status_updates (cycle_id, kind, text, source, created_at, updated_at) values (?, 'done', 'đã trình', 'cli', 'x', 'x')", cycle.id);

      const original = readFileSync(plan, "utf8");
      const corrected = original
        .replace("báo cáo UBND tỉnh trong tháng 7 năm 2022", "báo cáo UBND tỉnh trong tháng 8 năm 2022")
        .replace(/^- Tham mưu các giải pháp để phát triển Khu nông nghiệp công nghệ cao.*\n/m, "")
        .replace("chủ trì, phối hợp với các đơn vị liên quan tham mưu xây dựng Đề án di dời", "chủ trì, phối hợp với các đơn vị liên quan khẩn trương tham mưu xây dựng Đề án di dời");
      const report = await cli.json<{ updated: Array<{ ref: string; fields: string[] }>; removed: string[] }>("import", writePlan("corrected.txt", corrected));
      expect(report.removed).toEqual(["III.5.1.a.5"]);
      expect(report.updated).toEqual(
        expect.arrayContaining([
          { ref: "III.1.4.a.2", fields: ["text", "deadline"] },
          { ref: "III.5.2.c", fields: ["text"] },
        ]),
      );

      expect(await cli.query("select id from tasks where ref = 'III.5.2.c'")).toEqual([{ id: taskId }]);
      expect(await cli.query("select completed_at from cycles where id = ?", cycle.id)).toEqual([{ completed_at: "2022-11-20T03:00:00.000Z" }]);
      expect(await cli.query("select count(*) as n from status_updates where cycle_id = ?", cycle.id)).toEqual([{ n: 1 }]);
      expect(await cli.query("select ref from tasks where ref = 'III.5.1.a.5' and removed_at is not null")).toEqual([{ ref: "III.5.1.a.5" }]);
      const moved = await cli.query(
        "select c.original_due_on, c.due_on from cycles c join assignments a on a.id = c.assignment_id join tasks t on t.id = a.task_id where t.ref = 'III.1.4.a.2'",
      );
      expect(moved).toEqual([{ original_due_on: "2022-08-31", due_on: "2022-08-31" }]);

      const text = await cli.run("import", plan);
      expect(text.out).toContain("1 khôi phục");
    });

    it("keeps a task's id and history when an item is inserted above it", async () => {
      await cli.run("import", plan);
      const [{ id }] = (await cli.query<{ id: number }>("select id from tasks where ref = 'III.1.2.2'")) as [{ id: number }];
      const original = readFileSync(plan, "utf8");
      const inserted = original.replace(/^(- Tham mưu tổ triển khai thực hiện hiệu quả Nghị quyết số 176)/m, "- Tổ chức hội nghị triển khai Kế hoạch.\n$1");
      const report = await cli.json<{ created: string[] }>("import", writePlan("inserted.txt", inserted));
      expect(report.created).toEqual(["III.1.2.1"]);
      expect(await cli.query("select ref from tasks where id = ?", id)).toEqual([{ ref: "III.1.2.3" }]);
    });

    it.each([
      ["an empty file", "", "tệp trống"],
      ["a file of blank lines", "\n  \n\t\n", "tệp trống"],
      ["text with no plan in it", "Kính gửi các đồng chí.\nĐề nghị xem xét.\n", "không có nhiệm vụ"],
    ])("refuses %s with a clear error and writes nothing", async (_label, text, message) => {
      const result = await cli.run("import", writePlan("bad.txt", text));
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/bad\.txt:(\d+:)? /);
      expect(result.err).toContain(message);
      expect(await cli.query("select count(*) as n from plans")).toEqual([{ n: 0 }]);
    });

    it("refuses a binary file", async () => {
      const file = join(cli.dir, "scan.bin");
      writeFileSync(file, Buffer.from([0x25, 0x50, 0x44, 0xff, 0xfe, 0x00, 0x81]));
      const result = await cli.run("import", file);
      expect(result).toMatchObject({ code: 1 });
      expect(result.err).toContain("không phải văn bản UTF-8");
    });

    it("says which file is missing", async () => {
      const result = await cli.run("import", "nowhere/plan.txt");
      expect(result).toEqual({ code: 1, out: "", err: "nowhere/plan.txt: không tìm thấy tệp", note: expect.stringContaining("Cơ sở dữ liệu: ") });
    });
  });

  describe("tasks and agencies", () => {
    it("lists one agency's tasks with due dates and status", async () => {
      await cli.run("import", plan);
      const tasks = await cli.json<Array<{ ref: string; due: string | null; status: string; role: string }>>("tasks", "--agency", "STC");
      expect(tasks.find((t) => t.ref === "III.1.4.a.2")).toMatchObject({ due: "2022-07-31", status: "overdue", role: "lead" });
      expect(tasks.find((t) => t.ref === "IV.2")).toMatchObject({ due: "2026-11-30", status: "in_progress", role: "lead" });
      expect(tasks.find((t) => t.ref === "III.2.2.a.5")).toMatchObject({ role: "coordinate" });
      expect(tasks.every((t) => t.role)).toBe(true);

      const table = await cli.run("tasks", "--agency", "Sở Tài chính");
      expect(table.code).toBe(0);
      expect(table.out).toContain("30/11/2026");
      expect(table.out).toContain("còn 3 ngày");
    });

    it("lists the registry as the contract says", async () => {
      const agencies = await cli.json<Array<{ code: string; name: string; kind: string; aliases: string[] }>>("agencies");
      expect(agencies.filter((a) => a.kind === "district")).toHaveLength(27);
      expect(agencies.find((a) => a.code === "SKHDT")).toMatchObject({ name: "Sở Kế hoạch và Đầu tư", kind: "department" });
      expect(Object.keys(agencies[0]!)).toEqual(["code", "name", "kind", "aliases", "parent", "merged_into", "merged_on"]);
    });

    it.each([
      [["tasks", "--agency", "KHONGCO"], 1, "Không có cơ quan"],
      [["tasks", "--agnecy", "STC"], 2, "Tham số không hợp lệ"],
      [["import"], 2, "Thiếu đường dẫn"],
      [["import", "a.txt", "b.txt"], 2, "Thừa tham số"],
      [["frobnicate"], 2, 'Lệnh "frobnicate" không có'],
      [[], 2, "Chưa nhập lệnh"],
    ])("answers %j with exit %i and a one-line reason", async (argv, code, message) => {
      const result = await cli.run(...argv);
      expect(result.code).toBe(code);
      expect(result.err.split("\n")[0]).toContain(message);
    });
  });
});
