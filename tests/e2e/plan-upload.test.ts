/**
 * A plan sent to the bot as a file, end to end over the Bot API emulator (getFile and the file
 * endpoint for the download, sendDocument for the review workbook): preview, Nhập / Huỷ,
 * the Excel round trip in chat, bad files in one line each with nothing written, buttons that
 * are forged, someone else's or a day old, and the documents of officers and strangers.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";
import type { SentMessage, SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { damagedDocx, samplePlanDocx, samplePlanPdf, samplePlanText, sampleRows, sampleTaskCount, scannedPdf } from "../support/plan-documents.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
let coordinator: SimulatedUser;
let admin: SimulatedUser;
let officer: SimulatedUser;

async function register(userId: number, agency: string | null, role: "focal" | "coordinator" | "admin", name: string) {
  const user = h.emu.user(userId, { first_name: name, last_name: "Trần" });
  user.sendCommand("/start", await h.invite(agency, role));
  await h.settle();
  return user;
}

/** What the bot sent back to one document. */
async function send(user: SimulatedUser, name: string, bytes: Buffer | string): Promise<SentMessage[]> {
  const before = user.inbox().length;
  user.sendDocument(name, bytes);
  await h.settle();
  return user.inbox().slice(before);
}

async function press(user: SimulatedUser, message: SentMessage | { chatId: number; messageId: number }, data: string, force = false): Promise<string | undefined> {
  const update = user.pressButton(message, data, { force });
  await h.settle();
  return h.emu.callbackAnswer(update.callback_query.id)?.text as string | undefined;
}

async function count(table: "plans" | "plan_uploads" | "tasks"): Promise<number> {
  const row = await h.service.app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function tasksOf(code: string) {
  return h.service.app.db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["tasks.ref", "tasks.lead_names", "tasks.deadline_date"])
    .where("plans.code", "=", code)
    .orderBy("tasks.position")
    .execute();
}

describe.each(stores)("on $name", (store) => {
  beforeAll(async () => {
    h = await startBotHarness({ now: "2026-04-01T02:00:00Z", store });
    coordinator = await register(301, "SKHDT", "coordinator", "Minh");
    admin = await register(302, null, "admin", "Hoa");
    officer = await register(303, "STC", "focal", "Lan");
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  describe("a coordinator sends a plan file", () => {
    let workbook: Buffer;

    it("gets the review workbook and a preview, and nothing is written before Nhập", async () => {
      const plansBefore = await count("plans");
      const answers = await send(coordinator, "Kế hoạch 88.docx", await samplePlanDocx());
      expect(h.emu.callsOf("getFile").length).toBeGreaterThan(0);
      expect(answers.map((m) => m.method)).toEqual(["sendDocument", "sendMessage"]);
      const [file, preview] = answers as [SentMessage, SentMessage];
      expect(file.document!.fileName).toBe("88-KH-UBND-ra-soat.xlsx");
      expect(file.caption).toBe(`Bảng rà soát kế hoạch (${sampleTaskCount} nhiệm vụ).`);
      expect(preview.text).toContain("Kế hoạch 88/KH-UBND: Kế hoạch cải cách hành chính");
      expect(preview.text).toContain(`Đọc được ${sampleTaskCount} nhiệm vụ: 0 chưa có cơ quan chủ trì, 0 chưa có thời hạn`);
      expect(preview.text).toContain("I.1 Rà soát, đề xuất bãi bỏ các văn bản quy phạm pháp luật");
      expect(preview.text).toContain("— Sở Tư pháp — 30/06/2026");
      // Five tasks shown (the body's report first, then the table's), the rest counted.
      expect(preview.text).toContain("II.1 Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả thực hiện Kế hoạch");
      expect(preview.text).toContain(`… và ${sampleTaskCount - 5} mục khác.`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.document!.bytes as unknown as ArrayBuffer);
      expect(book.getWorksheet("Nhiệm vụ")!.rowCount).toBe(sampleTaskCount + 1);
      workbook = file.document!.bytes;
      expect(await count("plans")).toBe(plansBefore);
      expect(await tasksOf("88/KH-UBND")).toEqual([]);

      expect(await press(coordinator, preview, buttonData(preview, "Nhập"))).toBeUndefined();
      expect(coordinator.lastReceived()!.text).toBe(`Đã nhập kế hoạch 88/KH-UBND: ${sampleTaskCount} nhiệm vụ mới, 0 sửa đổi, 0 không đổi, 0 không còn trong văn bản.`);
      expect(await tasksOf("88/KH-UBND")).toHaveLength(sampleTaskCount);
      // The buttons are gone; a replayed press imports nothing more.
      expect(h.emu.sent(coordinator.id).find((m) => m.messageId === preview.messageId)!.replyMarkup).toBeUndefined();
      expect(await press(coordinator, preview, buttonData(preview, "Nhập"), true)).toBe("Tệp này đã được nhập hoặc huỷ rồi.");
      expect(await tasksOf("88/KH-UBND")).toHaveLength(sampleTaskCount);
    });

    it("sends the corrected workbook back; its corrections win and are audited", async () => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(workbook as unknown as ArrayBuffer);
      const sheet = book.getWorksheet("Nhiệm vụ")!;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === "I.3") row.getCell(3).value = "Sở Tài chính";
        if (row.getCell(1).value === "II.1") row.getCell(5).value = new Date("2026-08-31T00:00:00Z");
      });
      const corrected = Buffer.from(await book.xlsx.writeBuffer());
      const [, preview] = (await send(coordinator, "88-sua.xlsx", corrected)) as [SentMessage, SentMessage];
      expect(preview.text).toContain("Bảng rà soát có 2 chỗ sửa");
      expect(preview.text).toContain("Kế hoạch này đã có trong hệ thống");
      await press(coordinator, preview, buttonData(preview, "Nhập"));
      expect(coordinator.lastReceived()!.text).toContain("0 nhiệm vụ mới, 2 sửa đổi");
      expect(coordinator.lastReceived()!.text).toContain("2 chỗ sửa trong bảng rà soát đã được áp dụng.");
      const tasks = await tasksOf("88/KH-UBND");
      expect(JSON.parse(tasks.find((t) => t.ref === "I.3")!.lead_names)).toEqual(["Sở Tài chính"]);
      expect(tasks.find((t) => t.ref === "II.1")!.deadline_date).toBe("2026-08-31");
      const audit = await h.service.app.db.selectFrom("audit").select(["actor", "after"]).where("action", "=", "task.review_corrected").execute();
      expect(audit).toHaveLength(2);
      expect(audit.every((a) => a.actor === `telegram:${coordinator.id}`)).toBe(true);
    });

    it("imports a plan with odd but valid characters (emoji, zero-width space, decomposed letters, tab) the same on each store", async () => {
      const odd = `${"Số hóa".normalize("NFD")} hồ sơ 📄 tại\u200bTrung tâm\tPhục vụ — “Cổng”`;
      const rows = sampleRows.map((r) => (r[0] === "1" && r[2] === "Văn phòng UBND tỉnh" ? [r[0], odd, ...r.slice(2)] : r));
      const text = samplePlanText(rows).replaceAll("88/KH-UBND", "90/KH-UBND");
      const [, preview] = (await send(coordinator, "ke-hoach-90.txt", text)) as [SentMessage, SentMessage];
      expect(preview.text).toContain("Kế hoạch 90/KH-UBND");
      await press(coordinator, preview, buttonData(preview, "Nhập"));
      expect(coordinator.lastReceived()!.text).toContain(`Đã nhập kế hoạch 90/KH-UBND: ${sampleTaskCount} nhiệm vụ mới`);
      const stored = await h.service.app.db.selectFrom("tasks").innerJoin("plans", "plans.id", "tasks.plan_id").select("tasks.text").where("plans.code", "=", "90/KH-UBND").execute();
      // As the parser reads it on either store: letters composed (NFC), the zero-width space and
      // the tab one space each; the emoji, dash and quotes as sent.
      expect(stored.map((t) => t.text)).toContain("Số hóa hồ sơ 📄 tại Trung tâm Phục vụ — “Cổng”");
    });

    it("cancels with Huỷ and writes nothing", async () => {
      const plansBefore = await count("plans");
      const other = samplePlanText().replaceAll("88/KH-UBND", "89/KH-UBND");
      const [, preview] = (await send(admin, "ke-hoach-89.txt", other)) as [SentMessage, SentMessage];
      expect(preview.text).toContain("Kế hoạch 89/KH-UBND");
      await press(admin, preview, buttonData(preview, "Huỷ"));
      expect(admin.lastReceived()!.text).toBe("Đã huỷ: không nhập kế hoạch 89/KH-UBND.");
      expect(await count("plans")).toBe(plansBefore);
      expect(await press(admin, preview, buttonData(preview, "Nhập"), true)).toBe("Tệp này đã được nhập hoặc huỷ rồi.");
      expect(await count("plans")).toBe(plansBefore);
    });

    it("refuses forged, someone else's and day-old buttons", async () => {
      const [, preview] = (await send(admin, "plan.pdf", await samplePlanPdf())) as [SentMessage, SentMessage];
      const data = buttonData(preview, "Nhập");
      const own = coordinator.inbox().at(-1)!;
      expect(await press(coordinator, own, data, true)).toBe("Chỉ người đã gửi tệp mới nhập hoặc huỷ được.");
      expect(await press(coordinator, own, "pl:99999:i", true)).toBe("Nút này không còn hiệu lực.");
      expect(await press(coordinator, own, "pl:1:x", true)).toBe("Nút này không còn hiệu lực.");
      expect(await press(officer, officer.inbox().at(-1)!, data, true)).toBe("Nút này không còn hiệu lực.");
      h.setNow("2026-04-02T03:00:00Z");
      expect(await press(admin, preview, data)).toBe("Bản xem trước đã quá một ngày; vui lòng gửi lại tệp.");
      h.setNow("2026-04-01T02:00:00Z");
    });
  });

  describe("files that are not a readable plan", () => {
    const cases: Array<[string, string, () => Promise<Buffer>, string]> = [
      ["the project's README", "README.md", async () => readFileSync("README.md"), "Văn bản này không giống một kế hoạch: không có phần đầu văn bản"],
      ["an empty file", "trong.txt", async () => Buffer.alloc(0), "Không đọc được tệp: tệp trống"],
      ["a scanned PDF", "scan.pdf", scannedPdf, "Không đọc được tệp: tệp PDF là bản chụp (không có lớp chữ)"],
      ["a damaged .docx", "ke-hoach.docx", damagedDocx, "Không đọc được tệp: tệp Word (.docx) bị hỏng"],
      ["a 50 MB file", "lon.txt", async () => Buffer.alloc(50 * 1024 * 1024, 0x41), "Không đọc được tệp: tệp quá lớn (50 MB; tối đa 20 MB)"],
      // PostgreSQL text cannot hold U+0000: such a file must be refused before anything is stored.
      [
        "a text file with a NUL character",
        "ke-hoach-nul.txt",
        async () => Buffer.from(samplePlanText().replace("Rà soát", "Rà\u0000soát")),
        "Không đọc được tệp: tệp không phải văn bản UTF-8",
      ],
    ];

    it.each(cases)("answers %s in one line and writes nothing", async (_label, name, make, message) => {
      const before = { plans: await count("plans"), uploads: await count("plan_uploads"), tasks: await count("tasks"), getFile: h.emu.callsOf("getFile").length };
      const answers = await send(coordinator, name, await make());
      expect(answers).toHaveLength(1);
      expect(answers[0]!.text!.split("\n")).toHaveLength(1);
      expect(answers[0]!.text).toContain(message);
      expect({ plans: await count("plans"), uploads: await count("plan_uploads"), tasks: await count("tasks") }).toEqual({
        plans: before.plans,
        uploads: before.uploads,
        tasks: before.tasks,
      });
      // The size is checked before anything is fetched.
      if (name === "lon.txt") expect(h.emu.callsOf("getFile")).toHaveLength(before.getFile);
    });
  });

  describe("documents of others", () => {
    it("keeps an officer's document as a report and tells a stranger how to join", async () => {
      const uploads = await count("plan_uploads");
      const answers = await send(officer, "bao-cao.docx", await samplePlanDocx());
      expect(answers).toHaveLength(1);
      expect(answers[0]!.text).toContain("Anh/chị đang báo cáo cho nhiệm vụ nào");
      const stranger = h.emu.user(399, { first_name: "Khách" });
      const reply = await send(stranger, "ke-hoach.docx", await samplePlanDocx());
      expect(reply[0]!.text).toContain("cần đường dẫn mời");
      expect(await count("plan_uploads")).toBe(uploads);
    });
  });
});
