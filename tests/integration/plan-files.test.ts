/**
 * Plans as they arrive, through the real CLI on a real database (SQLite and PostgreSQL): the same plan as text,
 * Word (a real table, a merged lead cell) and PDF (a text layer, a drawn table with wrapped
 * cells) reads to the same tasks; bad files each get one line and write nothing; a non-plan is
 * refused unless --force; `plans` lists and `plan remove` takes a plan away, audited.
 */
import { closeSync, openSync, writeFileSync, ftruncateSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";
import { damagedDocx, longerRows, samplePlanDocx, samplePlanPdf, samplePlanText, sampleTaskCount, scannedPdf, zipBombDocx } from "../support/plan-documents.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;
afterEach(() => cli.cleanup());

function write(name: string, bytes: string | Buffer): string {
  const file = join(cli.dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function count(table: string): Promise<number> {
  return (await cli.query<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n;
}

interface TaskJson {
  ref: string;
  line: number;
  lead_codes: string[];
  deadline: { kind: string; date?: string };
}

const withoutLine = ({ line: _line, ...task }: TaskJson) => task;

// Dry runs read files only and never open the database: once, on SQLite.
describe("one plan, three formats (dry runs)", () => {
  beforeEach(() => {
    cli = createCliHarness("2026-04-01T02:00:00Z");
  });

  it("reads the same tasks from .txt, .docx and .pdf", async () => {
    const files = [write("plan.txt", samplePlanText()), write("plan.docx", await samplePlanDocx()), write("plan.pdf", await samplePlanPdf())];
    const [text, word, pdf] = await Promise.all(files.map((f) => cli.json<{ plan: { code: string; issued_on: string }; tasks: TaskJson[] }>("import", f, "--dry-run")));
    expect(text!.plan).toMatchObject({ code: "88/KH-UBND", issued_on: "2026-03-10" });
    expect(text!.tasks).toHaveLength(sampleTaskCount);
    // The merged lead cell: I.3 is led by the agency above it.
    expect(text!.tasks.find((t) => t.ref === "I.3")).toMatchObject({ lead_codes: ["SNV"], deadline: { kind: "date", date: "2026-12-31" } });
    expect(text!.tasks.find((t) => t.ref === "II.2")).toMatchObject({ lead_codes: ["STTTT"], deadline: { kind: "quarterly" } });
    expect(word!.plan).toEqual(text!.plan);
    expect(pdf!.plan).toEqual(text!.plan);
    expect(word!.tasks.map(withoutLine)).toEqual(text!.tasks.map(withoutLine));
    expect(pdf!.tasks.map(withoutLine)).toEqual(text!.tasks.map(withoutLine));
  });

  it("follows a PDF table over several pages, its numbers at the top of a row or centred in it", async () => {
    const rows = longerRows(40);
    const [text, pdf] = await Promise.all(
      [write("long.txt", samplePlanText(rows)), write("long.pdf", await samplePlanPdf(rows))].map((f) => cli.json<{ tasks: TaskJson[] }>("import", f, "--dry-run")),
    );
    expect(text!.tasks).toHaveLength(sampleTaskCount + 40);
    expect(pdf!.tasks.map(withoutLine)).toEqual(text!.tasks.map(withoutLine));
    const centred = await cli.json<{ tasks: TaskJson[] }>("import", write("centred.pdf", await samplePlanPdf(rows, { centred: true })), "--dry-run");
    expect(centred.tasks.map(withoutLine)).toEqual(text!.tasks.map(withoutLine));
  });

  it("knows a Word file by its content whatever its name, and reads text saved as UTF-16", async () => {
    const parsed = await cli.json<{ tasks: unknown[] }>("import", write("ke-hoach.txt", await samplePlanDocx()), "--dry-run");
    expect(parsed.tasks).toHaveLength(sampleTaskCount);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(samplePlanText(), "utf16le")]);
    const notepad = await cli.json<{ tasks: unknown[] }>("import", write("notepad.txt", utf16), "--dry-run");
    expect(notepad.tasks).toEqual((await cli.json<{ tasks: unknown[] }>("import", write("plan.txt", samplePlanText()), "--dry-run")).tasks);
  });
});

describe.each(stores)("on $name", (store) => {
  beforeEach(() => {
    cli = createCliHarness("2026-04-01T02:00:00Z", undefined, store);
  });

  describe("one plan, three formats", () => {
    it("imports the Word file, and the PDF of the same plan changes nothing", async () => {
      const first = await cli.json<{ created: string[] }>("import", write("plan.docx", await samplePlanDocx()));
      expect(first.created).toHaveLength(sampleTaskCount);
      const again = await cli.json<{ created: string[]; updated: unknown[]; unchanged: number }>("import", write("plan.pdf", await samplePlanPdf()));
      expect(again).toMatchObject({ created: [], updated: [], unchanged: sampleTaskCount });
    });

    it("takes a body item away and gives its ref to the table row that had the suffix, keeping that row's id", async () => {
      const full = await cli.json<{ created: string[] }>("import", write("plan.txt", samplePlanText()));
      expect(full.created).toEqual(["II.1", "I.1", "I.2", "I.3", "II.1-2", "II.2", "II.3"]);
      const idOf = async (text: string) =>
        (await cli.query<{ id: number; ref: string; removed_at: string | null }>("select id, ref, removed_at from tasks where text like ?", `${text}%`))[0]!;
      const digitised = await idOf("Số hóa hồ sơ");
      const report = await idOf("Sở Nội vụ theo dõi");
      // The draft without the body's assignment: the table's row is II.1 again.
      const draft = samplePlanText().replace(/^1\. Sở Nội vụ theo dõi.*\n/m, "");
      const without = await cli.json<{ created: string[]; removed: string[]; updated: Array<{ ref: string; fields: string[] }> }>("import", write("draft.txt", draft));
      expect(without).toMatchObject({ created: [], removed: ["II.1"], updated: [{ ref: "II.1", fields: ["ref"] }] });
      expect(await idOf("Số hóa hồ sơ")).toMatchObject({ id: digitised.id, ref: "II.1", removed_at: null });
      expect(await idOf("Sở Nội vụ theo dõi")).toMatchObject({ id: report.id, removed_at: expect.any(String) });
      // And back: the body's task returns under its own ref, the row takes its suffix again.
      const back = await cli.json<{ created: string[]; restored: string[] }>("import", write("plan.txt", samplePlanText()));
      expect(back).toMatchObject({ created: [], restored: ["II.1"] });
      expect(await idOf("Sở Nội vụ theo dõi")).toMatchObject({ id: report.id, ref: "II.1", removed_at: null });
      expect(await idOf("Số hóa hồ sơ")).toMatchObject({ id: digitised.id, ref: "II.1-2" });
    });
  });

  describe("files that are not a readable plan", () => {
    const cases: Array<[string, () => Promise<string>, string]> = [
      ["an empty file", async () => write("empty.txt", ""), "tệp trống"],
      ["a scanned PDF", async () => write("scan.pdf", await scannedPdf()), "bản chụp (không có lớp chữ)"],
      ["a damaged .docx", async () => write("plan.docx", await damagedDocx()), "tệp Word (.docx) bị hỏng"],
      ["a .docx that unzips to 300 MB", async () => write("bomb.docx", zipBombDocx()), "khi giải nén lớn hơn 200 MB"],
      [
        "a 50 MB file",
        async () => {
          const file = join(cli.dir, "huge.txt");
          const fd = openSync(file, "w");
          ftruncateSync(fd, 50 * 1024 * 1024);
          closeSync(fd);
          return file;
        },
        "tệp quá lớn (50 MB; tối đa 20 MB)",
      ],
      ["an endless device", async () => "/dev/zero", "tệp quá lớn"],
      ["the project's README", async () => "README.md", "không giống một kế hoạch"],
    ];

    it.each(cases)("answers %s with one line and writes nothing", async (_label, make, message) => {
      const file = await make();
      const result = await cli.run("import", file);
      expect(result.code).toBe(1);
      expect(result.err.split("\n")).toHaveLength(1);
      expect(result.err).toContain(`${file}: `);
      expect(result.err).toContain(message);
      expect(result.out).toBe("");
      expect(await count("plans")).toBe(0);
      expect(await count("tasks")).toBe(0);
    });

    it("imports a non-plan with --force", async () => {
      const forced = await cli.json<{ created: string[] }>("import", "README.md", "--force");
      expect(forced.created.length).toBeGreaterThan(0);
    });
  });

  describe("plans and plan remove", () => {
    it("lists imported plans with their counts and removes one with all it created, audited", async () => {
      // A failed import would show only as a plan missing below: say so here.
      expect(await cli.run("import", write("plan.docx", await samplePlanDocx()))).toMatchObject({ code: 0, err: "" });
      expect(await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).toMatchObject({ code: 0, err: "" });
      const plans = await cli.json<Array<{ code: string; tasks: number; assignments: number; open: number; overdue: number; issued_on: string }>>("plans");
      expect(plans.map((p) => p.code)).toEqual(["88/KH-UBND", "1861/QĐ-UBND"]);
      // Each task has one lead, the quarterly one open for Q2; I.1 (Quý II/2026) not yet overdue on 1/4/2026.
      expect(plans[0]).toMatchObject({ tasks: sampleTaskCount, issued_on: "2026-03-10", overdue: 0 });
      expect(plans[0]!.open).toBe(sampleTaskCount);
      expect(plans[0]!.assignments).toBeGreaterThan(sampleTaskCount);
      const [cycle] = (await cli.query<{ id: number }>(
        "select c.id from cycles c join assignments a on a.id = c.assignment_id join tasks t on t.id = a.task_id where t.ref = 'I.1' and t.plan_id = (select id from plans where code = '88/KH-UBND')",
      )) as [{ id: number }];
      await cli.query("insert into status_updates (cycle_id, kind, text, source, created_at, updated_at) values (?, 'progress', 'đang làm', 'cli', 'x', 'x')", cycle.id);
      const before1861 = await cli.query("select count(*) as n from tasks where plan_id = (select id from plans where code = '1861/QĐ-UBND')");

      const removed = await cli.run("plan", "remove", "88");
      expect(removed.code).toBe(0);
      expect(removed.out).toContain(`Đã gỡ bỏ kế hoạch 88/KH-UBND: ${sampleTaskCount} nhiệm vụ`);
      expect(removed.out).toContain("1 báo cáo");
      expect(await cli.query("select code from plans")).toEqual([{ code: "1861/QĐ-UBND" }]);
      expect(await cli.query("select count(*) as n from tasks where plan_id = (select id from plans where code = '1861/QĐ-UBND')")).toEqual(before1861);
      expect(await cli.query("select count(*) as n from tasks where plan_id not in (select id from plans)")).toEqual([{ n: 0 }]);
      expect(await cli.query("select count(*) as n from assignments where task_id not in (select id from tasks)")).toEqual([{ n: 0 }]);
      expect(await cli.query("select count(*) as n from cycles where assignment_id not in (select id from assignments)")).toEqual([{ n: 0 }]);
      expect(await cli.query("select count(*) as n from status_updates")).toEqual([{ n: 0 }]);
      const [audit] = (await cli.query<{ actor: string; after: string }>("select actor, after from audit where action = 'plan.removed'")) as [{ actor: string; after: string }];
      expect(audit.actor).toBe("cli");
      expect(JSON.parse(audit.after)).toMatchObject({ tasks: sampleTaskCount, status_updates: 1 });

      const unknown = await cli.run("plan", "remove", "88");
      expect(unknown).toMatchObject({ code: 1 });
      expect(unknown.err).toContain('Không có kế hoạch "88"');
    });
  });
});
