/**
 * The annual consolidated report on a real SQLite file: a small plan of the QĐ 1861 genre
 * imported through the real reader and importer, reports recorded through the real services
 * (done, late, after an approved extension, with files, taken back, none at all), and the
 * .docx read back with mammoth.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mammoth from "mammoth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor, Person } from "../../src/domain/person.js";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseRegistry } from "../../src/plan/registry.js";
import { annualReportData, buildAnnualReport, isAgencyReportTask } from "../../src/services/exports/annual-report.js";
import { decideExtension } from "../../src/services/replies/extensions.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { recordStatusUpdate, undoStatusUpdate, type NewStatusUpdate } from "../../src/services/replies/status-updates.js";
import type { Db } from "../../src/storage/database.js";
import { cycleIdOf } from "../support/cycles.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const timeZone = "Asia/Ho_Chi_Minh";
const codes = ["SNV", "STP", "SKHDT", "STC", "SXD"];
const full = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
// The collective lists its members out of registry order: the report must follow the registry.
const registry = {
  agencies: full.agencies.filter((a) => codes.includes(a.code)),
  collectives: full.collectives.filter((c) => c.code === "CAP-TINH").map((c) => ({ ...c, members: [...codes].reverse() })),
};
const names = Object.fromEntries(registry.agencies.map((a) => [a.code, a.name])) as Record<string, string>;

const document = `KẾ HOẠCH
Thực hiện Chương trình cải cách hành chính năm 2026
(Kèm theo Quyết định số 77/QĐ-UBND ngày 15 tháng 1 năm 2026 của Ủy ban nhân dân tỉnh Thanh Hóa)
I. NHIỆM VỤ
1. Sở Xây dựng chủ trì, phối hợp với các đơn vị liên quan rà soát quy hoạch xây dựng, hoàn thành trong tháng 7 năm 2026.
2. Sở Tài chính chủ trì tổ chức kiểm tra việc sử dụng ngân sách định kỳ hằng năm.
II. TỔ CHỨC THỰC HIỆN
1. Giám đốc các Sở, Trưởng các ban, ngành, đơn vị cấp tỉnh định kỳ hằng năm (trước ngày 30/11), báo cáo Chủ tịch UBND tỉnh kết quả thực hiện; đồng thời gửi báo cáo về Sở Kế hoạch và Đầu tư để tổng hợp.
2. Giao Sở Kế hoạch và Đầu tư là cơ quan đầu mối, định kỳ hằng năm tổng hợp tình hình thực hiện Kế hoạch, báo cáo UBND tỉnh.
3. Sở Tài chính định kỳ hằng năm (trước ngày 15/12) báo cáo UBND tỉnh tình hình giải ngân vốn đầu tư công.
`;

let dir: string;
let db: Db;
let close: () => Promise<void>;
const focal = new Map<string, Actor>();
let coordinator: Actor;
let updateId = 1;

async function addPerson(agencyCode: string | null, role: Person["role"]): Promise<Actor> {
  const at = "2026-01-20T00:00:00.000Z";
  const agency = agencyCode ? await db.selectFrom("agencies").select(["id", "name"]).where("code", "=", agencyCode).executeTakeFirstOrThrow() : null;
  const telegramUserId = 1000 + updateId++;
  const row = await db
    .insertInto("people")
    .values({
      telegram_user_id: telegramUserId,
      chat_id: telegramUserId,
      display_name: `Người ${agencyCode ?? "điều phối"}`,
      agency_id: agency?.id ?? null,
      role,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person: Person = {
    id: row.id,
    telegramUserId,
    chatId: telegramUserId,
    displayName: "",
    agencyId: agency?.id ?? null,
    agencyCode,
    agencyName: agency?.name ?? null,
    role,
    state: "active",
  };
  return { telegramUserId, person, isConfigAdmin: false };
}

const cycleOf = (agencyCode: string, ref = "II.1") => cycleIdOf(db, ref, agencyCode, "2026");

async function report(agencyCode: string, at: string, input: Partial<NewStatusUpdate> & Pick<NewStatusUpdate, "kind" | "text">) {
  const update = { cycleId: await cycleOf(agencyCode), percent: null, fileIds: [], source: "reply" as const, telegramUpdateId: updateId++, telegramMessageId: null, chatId: null, ...input };
  return recordStatusUpdate(db, focal.get(agencyCode)!, update, new Date(at), timeZone);
}

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dondoc-annual-"));
    ({ db, close } = await store.open());
    const imported = new Date("2026-01-20T02:00:00Z");
    await seedRegistry(db, registry, imported, "test");
    const parsed = parsePlan(document, createAgencyMatcher(registry), { fallbackCode: "x" });
    await importPlan({ db, timeZone }, parsed, { file: "plan.txt", hash: "h" }, imported, "test");
    for (const code of codes) focal.set(code, await addPerson(code, "focal"));
    coordinator = await addPerson(null, "coordinator");

    // SNV: a progress note, then the report on time with a named file.
    await report("SNV", "2026-11-10T03:00:00Z", { kind: "progress", percent: 60, text: "Đang tổng hợp số liệu 10 tháng." });
    const snv = await report("SNV", "2026-11-20T03:00:00Z", { kind: "done", text: "Tăng trưởng GRDP năm 2026 ước đạt 9,5%.", fileIds: ["AgAD-snv"] });
    await db
      .updateTable("status_updates")
      .set({ file_ids: JSON.stringify([{ file_id: "AgAD-snv", file_name: "BC-SNV-2026.docx" }]) })
      .where("id", "=", snv.id)
      .execute();
    // STP: late, with a file whose name was not kept.
    await report("STP", "2026-12-02T03:00:00Z", { kind: "done", text: "Gửi muộn do chờ số liệu của các phòng.", fileIds: ["AgAD-stp"] });
    // SKHDT: asks for more time, gets it, reports within the new date.
    const asked = await report("SKHDT", "2026-11-25T03:00:00Z", { kind: "extension_request", text: "Chờ số liệu quý IV.", proposedDate: "2026-12-10" });
    await decideExtension(db, coordinator, asked.extensionRequestId!, true, new Date("2026-11-26T03:00:00Z"));
    await report("SKHDT", "2026-12-03T03:00:00Z", { kind: "done", text: "Báo cáo tổng hợp toàn ngành đã gửi." });
    // STC: pressed "done" by mistake and took it back; only a progress note stands.
    const mistaken = await report("STC", "2026-11-28T03:00:00Z", { kind: "done", text: "Nhầm." });
    await undoStatusUpdate(db, focal.get("STC")!, mistaken.id, new Date("2026-11-28T03:02:00Z"));
    await report("STC", "2026-11-29T03:00:00Z", { kind: "progress", text: "Đang hoàn thiện dự thảo." });
    // SXD: nothing at all.
  });
  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const options = { year: 2026, today: "2026-12-05", timeZone };

  describe("the annual report's data", () => {
    it("takes the plan's annual reports sent by agencies, each lead agency in registry order", async () => {
      const data = await annualReportData(db, options);
      expect(data.plan).toEqual({ code: "77/QĐ-UBND", title: "Kế hoạch thực hiện Chương trình cải cách hành chính năm 2026", issuedOn: "2026-01-15" });
      // I.2 is annual but no report; II.2 is the aggregator's own consolidation, which this document is.
      expect(data.sections.map((s) => s.ref)).toEqual(["II.1", "II.3"]);
      expect(data.sections[0]!.agencies.map((a) => a.agencyCode)).toEqual(codes);
      expect(data.sections[1]!.agencies).toMatchObject([{ agencyCode: "STC", due: "2026-12-15", timeliness: "pending" }]);
      expect(data.totals).toEqual({ expected: 6, submitted: 3, onTime: 2, late: 1, missing: 3 });
    });

    it("finds part IV.2 of QĐ 1861 and nothing else", () => {
      const plan = parsePlan(readFileSync("seeds/qd-1861-2022-thanh-hoa.txt", "utf8"), createAgencyMatcher(full), { fallbackCode: "x" });
      const tasks = plan.tasks.map((t) => ({ ref: t.ref, deadline: t.deadline, text: t.text, isGroup: t.group, leadNames: t.leads.map((l) => l.name) }));
      expect(tasks.filter((t) => t.deadline.kind === "annual").map((t) => t.ref)).toEqual(["IV.2", "IV.3"]);
      expect(tasks.filter(isAgencyReportTask).map((t) => t.ref)).toEqual(["IV.2"]);
    });

    it("says who sent what, when, and how that stands against the due date", async () => {
      const byCode = Object.fromEntries((await annualReportData(db, options)).sections[0]!.agencies.map((a) => [a.agencyCode, a]));
      expect(byCode.SNV).toMatchObject({
        due: "2026-11-30",
        originalDue: null,
        submittedOn: "2026-11-20",
        timeliness: "on_time",
        entries: [
          { on: "2026-11-20", text: "Tăng trưởng GRDP năm 2026 ước đạt 9,5%." },
          { on: "2026-11-10", text: "Đang tổng hợp số liệu 10 tháng." },
        ],
        fileNames: ["BC-SNV-2026.docx"],
        unnamedFiles: 0,
      });
      expect(byCode.STP).toMatchObject({ submittedOn: "2026-12-02", timeliness: "late", daysLate: 2, fileNames: [], unnamedFiles: 1 });
      expect(byCode.SKHDT).toMatchObject({ due: "2026-12-10", originalDue: "2026-11-30", submittedOn: "2026-12-03", timeliness: "on_time", daysLate: 0 });
      expect(byCode.SKHDT!.entries.map((e) => e.text)).toEqual(["Báo cáo tổng hợp toàn ngành đã gửi.", "Chờ số liệu quý IV."]);
      expect(byCode.STC).toMatchObject({ submittedOn: null, timeliness: "overdue", daysLate: 5, entries: [{ on: "2026-11-29", text: "Đang hoàn thiện dự thảo." }] });
      expect(byCode.SXD).toMatchObject({ submittedOn: null, timeliness: "overdue", daysLate: 5, entries: [], fileNames: [], unnamedFiles: 0 });
    });

    it("before the due date, an agency that has not sent is still within time", async () => {
      const data = await annualReportData(db, { ...options, today: "2026-11-22" });
      expect(data.sections[0]!.agencies.map((a) => [a.agencyCode, a.timeliness])).toEqual([
        ["SNV", "on_time"],
        ["STP", "pending"],
        ["SKHDT", "pending"],
        ["STC", "pending"],
        ["SXD", "pending"],
      ]);
    });

    it("expects every agency for a year whose cycles are not open yet, by the plan's date", async () => {
      const data = await annualReportData(db, { ...options, year: 2027 });
      expect(data.sections[0]!.agencies.map((a) => [a.agencyCode, a.due, a.timeliness])).toEqual(codes.map((c) => [c, "2027-11-30", "pending"]));
      expect(data.totals).toMatchObject({ expected: 6, submitted: 0, missing: 6 });
    });
  });

  describe("the annual report as a Word document", () => {
    async function documentText(): Promise<{ text: string; html: string }> {
      const buffer = await buildAnnualReport(db, options);
      expect(buffer.subarray(0, 2).toString()).toBe("PK");
      const text = (await mammoth.extractRawText({ buffer })).value;
      const html = (await mammoth.convertToHtml({ buffer })).value;
      return { text, html };
    }

    it("has the title, the plan, the headings and the signature block", async () => {
      const { text, html } = await documentText();
      expect(text).toContain("Báo cáo tổng hợp kết quả thực hiện Kế hoạch hành động năm 2026");
      expect(text).toContain("Văn bản số 77/QĐ-UBND ngày 15/01/2026 ban hành Kế hoạch thực hiện Chương trình cải cách hành chính năm 2026");
      expect(text).toContain("Số liệu tính đến ngày 05/12/2026.");
      expect(html).toContain("<h1>I. TÌNH HÌNH GỬI BÁO CÁO</h1>");
      expect(html).toContain("<h2>1. Nhiệm vụ II.1</h2>");
      expect(html).toContain("<h2>2. Nhiệm vụ II.3</h2>");
      expect(html).toContain("<table>");
      expect(text).toContain("Số cơ quan, đơn vị phải báo cáo: 6; đã gửi: 3 (đúng hạn: 2, trễ hạn: 1); chưa gửi: 3.");
      expect(text).toContain("NGƯỜI LẬP BÁO CÁO");
      // "Như trên" among the recipients refers to the addressee named under the title.
      expect(text).toContain("- Như trên;");
      const addressee = text.indexOf("Kính gửi: ");
      expect(addressee).toBeGreaterThan(text.indexOf("Số liệu tính đến ngày"));
      expect(addressee).toBeLessThan(text.indexOf("I. TÌNH HÌNH GỬI BÁO CÁO"));
      expect(text).not.toContain("Sở Tài chính chủ trì tổ chức kiểm tra");
      expect(text).not.toContain("là cơ quan đầu mối");
    });

    it("lists each agency in registry order with its date, timeliness and files", async () => {
      const { html } = await documentText();
      const table = html.slice(html.indexOf("<table>", html.indexOf("Nhiệm vụ II.1")), html.indexOf("</table>", html.indexOf("Nhiệm vụ II.1")));
      const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<p>(.*?)<\/p>/g)].map((p) => p[1]!.replace(/<[^>]+>/g, "")));
      expect(rows[0]).toEqual(["TT", "Cơ quan, đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng", "Tệp đính kèm"]);
      expect(rows.slice(1)).toEqual([
        ["1", names.SNV, "30/11/2026", "20/11/2026", "Đúng hạn", "BC-SNV-2026.docx"],
        ["2", names.STP, "30/11/2026", "02/12/2026", "Trễ hạn 2 ngày", "1 tệp (chưa rõ tên)"],
        ["3", names.SKHDT, "10/12/2026 (gia hạn; hạn ban đầu 30/11/2026)", "03/12/2026", "Đúng hạn", "—"],
        ["4", names.STC, "30/11/2026", "—", "Chưa gửi (quá hạn 5 ngày)", "—"],
        ["5", names.SXD, "30/11/2026", "—", "Chưa gửi (quá hạn 5 ngày)", "—"],
      ]);
    });

    it("quotes what each agency wrote, never what was taken back", async () => {
      const { text } = await documentText();
      const contents = text.slice(text.indexOf("Nội dung báo cáo"), text.indexOf("2. Nhiệm vụ II.3"));
      const order = [
        "Tăng trưởng GRDP năm 2026 ước đạt 9,5%.",
        "Đang tổng hợp số liệu 10 tháng.",
        "Gửi muộn do chờ số liệu",
        "Báo cáo tổng hợp toàn ngành đã gửi.",
        "Đang hoàn thiện dự thảo.",
      ];
      expect(order.map((s) => contents.indexOf(s))).toEqual([...order.map((s) => contents.indexOf(s))].sort((a, b) => a - b));
      expect(order.every((s) => contents.includes(s))).toBe(true);
      expect(contents).toContain("20/11/2026: Tăng trưởng GRDP năm 2026 ước đạt 9,5%.");
      expect(contents).toContain("Tệp đính kèm: BC-SNV-2026.docx");
      expect(contents).not.toContain("Nhầm.");
      expect(contents).not.toContain(names.SXD);
    });

    it("ends with the agencies that have not sent their report", async () => {
      const { text } = await documentText();
      const missing = text.slice(text.indexOf("III. CÁC CƠ QUAN, ĐƠN VỊ CHƯA GỬI BÁO CÁO"), text.indexOf("IV. ĐÁNH GIÁ"));
      const lines = missing.split("\n").filter((l) => /^\d+\. /.test(l));
      expect(lines).toEqual([
        `1. ${names.STC} (nhiệm vụ II.1): chưa gửi (quá hạn 5 ngày).`,
        `2. ${names.SXD} (nhiệm vụ II.1): chưa gửi (quá hạn 5 ngày).`,
        `3. ${names.STC} (nhiệm vụ II.3): chưa gửi (còn hạn).`,
      ]);
    });
  });
});
