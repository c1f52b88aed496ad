/**
 * Coordinators' reports end to end: /report (xlsx, csv, annual .docx) sent as documents and read
 * back, /status with its chart, /history of a task, who may ask; and the CLI's annual report.
 * One bot for the file: the scenario is set up once, each test only asks.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import type { SentMessage, SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { createCliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
let coordinator: SimulatedUser;
let stc: SimulatedUser;
let sct: SimulatedUser;
let photoMessageId: number;
const group = -4123456789;

async function register(userId: number, agency: string, role: "focal" | "coordinator", name: string) {
  const user = h.emu.user(userId, { first_name: name, last_name: "Nguyễn" });
  user.sendCommand("/start", await h.invite(agency, role));
  await h.settle();
  return user;
}

/** What the bot sent to the user in answer to one command. */
async function ask(user: SimulatedUser, command: string, args?: string): Promise<SentMessage[]> {
  const before = user.inbox().length;
  user.sendCommand(command, args);
  await h.settle();
  return user.inbox().slice(before);
}

describe.each(stores)("on $name", (store) => {
  beforeAll(async () => {
    h = await startBotHarness({ store, now: "2026-11-27T02:00:00Z", env: { COORDINATOR_CHAT_ID: String(group) } });
    coordinator = await register(201, "SKHDT", "coordinator", "Minh");
    stc = await register(101, "STC", "focal", "Lan");
    sct = await register(102, "SCT", "focal", "Hà");
    // 09:00 local: STC reports IV.2 done with its file.
    const card = await h.openCard(stc, "IV.2");
    stc.sendDocument("Báo cáo 77-BC-STC.pdf", Buffer.from("%PDF-1.4 báo cáo"), { caption: "đã hoàn thành, báo cáo số 77/BC-STC", replyToMessageId: card.messageId });
    await h.settle();
    photoMessageId = stc.sendPhoto(undefined, { caption: "ảnh buổi làm việc", replyToMessageId: card.messageId }).message.message_id;
    await h.settle();
    // 09:30: SCT asks for more time; 10:00 the coordinator approves.
    h.setNow("2026-11-27T02:30:00Z");
    const sctCard = await h.openCard(sct, "IV.2");
    sct.sendText("xin gia hạn đến 15/12 vì chờ số liệu", { replyToMessageId: sctCard.messageId });
    await h.settle();
    h.setNow("2026-11-27T03:00:00Z");
    await h.service.tick();
    await h.settle();
    const request = coordinator.inbox().find((m) => m.text?.includes("Đề nghị gia hạn IV.2"))!;
    coordinator.pressButton(request, buttonData(request, "Đồng ý"));
    await h.settle();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  describe("/report", () => {
    it("sends the spreadsheet with the numbers of /status and the evidence by name", async () => {
      const status = (await ask(coordinator, "/status"))[0]!.text!;
      const answers = await ask(coordinator, "/report");
      expect(h.emu.callsOf("sendChatAction").at(-1)?.params.action).toBe("upload_document");
      expect(answers).toHaveLength(1);
      const document = answers[0]!.document!;
      expect(document.fileName).toMatch(/^bao-cao-\d{4}-\d{2}-\d{2}\.xlsx$/);
      expect(document.fileName).toBe("bao-cao-2026-11-27.xlsx");

      const book = new ExcelJS.Workbook();
      await book.xlsx.load(document.bytes as unknown as ArrayBuffer);
      const summary = book.getWorksheet("Tổng hợp")!;
      const total = summary.getSheetValues().find((row) => Array.isArray(row) && row.includes("Tổng cộng")) as ExcelJS.CellValue[];
      const shown = (label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(status)![1]);
      expect(total.slice(3, 8)).toEqual([shown("Hoàn thành đúng hạn"), shown("Hoàn thành quá hạn"), shown("Đang thực hiện trong hạn"), shown("Quá hạn"), shown("Không có hạn")]);

      const assignments = book.getWorksheet("Nhiệm vụ")!;
      const header = assignments.getRow(1).values as ExcelJS.CellValue[];
      const evidence = header.indexOf("Tài liệu kèm theo");
      const rows = assignments.getSheetValues().filter((row): row is ExcelJS.CellValue[] => Array.isArray(row));
      expect(rows.find((row) => row[1] === "IV.2" && row[3] === "STC")?.[evidence]).toBe(`Báo cáo 77-BC-STC.pdf; anh-${photoMessageId}.jpg`);
    });

    it("sends the CSV and the annual Word report, and explains a bad year", async () => {
      const csv = (await ask(coordinator, "/report", "csv"))[0]!.document!;
      expect(csv.fileName).toBe("bao-cao-2026-11-27.csv");
      const records = parse(csv.bytes, { bom: true }) as string[][];
      expect(records[0]).toContain("Nội dung nhiệm vụ");

      const docx = (await ask(coordinator, "/report", "annual 2026"))[0]!.document!;
      expect(docx.fileName).toBe("bao-cao-tong-hop-nam-2026.docx");
      const { value } = await mammoth.extractRawText({ buffer: docx.bytes });
      expect(value).toContain("Báo cáo tổng hợp kết quả thực hiện Kế hoạch hành động năm 2026");
      expect(value).toContain("Báo cáo 77-BC-STC.pdf");

      expect((await ask(coordinator, "/report", "annual 20x6"))[0]?.text).toContain("Năm không hợp lệ");
      expect((await ask(coordinator, "/report", "pdf"))[0]?.text).toContain("Cách dùng: /report");
    });

    it("apologises when the file cannot be sent, and keeps running", async () => {
      h.emu.failNext("sendDocument", { kind: "status", code: 500 });
      const answers = await ask(coordinator, "/report", "csv");
      expect(answers.map((m) => m.text)).toEqual(["Xin lỗi, chưa tạo được báo cáo do lỗi hệ thống. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, báo quản trị viên."]);
      expect(h.logs.join("")).toContain("report failed");
      expect((await ask(coordinator, "/report", "csv"))[0]?.document?.fileName).toBe("bao-cao-2026-11-27.csv");
    });

    it("refuses a focal officer and tells a stranger only how to join", async () => {
      expect((await ask(stc, "/report"))[0]?.text).toContain("dành cho điều phối viên");
      const stranger = h.emu.user(666, { first_name: "X" });
      const answers = await ask(stranger, "/report", "annual 2026");
      expect(answers).toHaveLength(1);
      expect(answers[0]?.text).toContain("cần đường dẫn mời");
      expect(answers[0]?.document).toBeUndefined();
    });
  });

  function expectPng(message: SentMessage | undefined) {
    expect(message?.method).toBe("sendPhoto");
    const bytes = message!.photo!.bytes;
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const png = PNG.sync.read(bytes);
    expect(png.width).toBe(1000);
    expect(png.height).toBeGreaterThan(100);
    expect(png.width + png.height).toBeLessThanOrEqual(10_000);
  }

  describe("/status with its chart", () => {
    it("sends the text first, then one picture, for the plan, an agency and a group task", async () => {
      const plan = await ask(coordinator, "/status");
      expect(plan.map((m) => m.method)).toEqual(["sendMessage", "sendPhoto"]);
      expect(plan[0]?.text).toContain("Tình hình thực hiện");
      expectPng(plan[1]);
      const agency = await ask(coordinator, "/status", "STC");
      expect(agency.map((m) => m.method)).toEqual(["sendMessage", "sendPhoto"]);
      expectPng(agency[1]);
      const group = await ask(coordinator, "/status", "IV.2");
      expect(group.map((m) => m.method)).toEqual(["sendMessage", "sendPhoto"]);
      // One lead agency: the text says it all.
      expect((await ask(coordinator, "/status", "III.1.4.a.2")).map((m) => m.method)).toEqual(["sendMessage"]);
    });

    it("keeps the text answer when the picture cannot be sent", async () => {
      h.emu.failNext("sendPhoto", { kind: "status", code: 400, description: "Bad Request: PHOTO_INVALID_DIMENSIONS" });
      const answers = await ask(coordinator, "/status");
      expect(answers.map((m) => m.method)).toEqual(["sendMessage"]);
      expect(answers[0]?.text).toContain("Tình hình thực hiện");
      expect(h.logs.join("")).toContain("status chart failed");
      expect((await ask(coordinator, "/whoami"))[0]?.text).toContain("Minh Nguyễn");
    });
  });

  describe("/history", () => {
    it("shows who changed what and when, newest first, with before and after", async () => {
      const [answer] = await ask(coordinator, "/history", "IV.2");
      const text = answer!.text!;
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(text).toContain("Lịch sử nhiệm vụ IV.2");
      // The approval (10:00) comes before the report (09:00).
      const approval = text.indexOf("27/11/2026 10:00 · Minh Nguyễn · SCT");
      const report = text.indexOf("27/11/2026 09:00 · Lan Nguyễn · STC");
      expect(approval).toBeGreaterThan(-1);
      expect(report).toBeGreaterThan(approval);
      expect(text).toContain("Duyệt gia hạn\nHạn: 30/11/2026 → 15/12/2026");
      expect(text).toContain("Ghi nhận báo cáo: Hoàn thành 100% «đã hoàn thành, báo cáo số 77/BC-STC» 📎 Báo cáo 77-BC-STC.pdf\nTrạng thái: chưa hoàn thành → đã hoàn thành");
    });

    it("shows a focal officer only the agency's own cycles, and refuses other agencies' tasks", async () => {
      const [own] = await ask(stc, "/history", "IV.2");
      expect(own?.text).toContain("chỉ các kỳ của STC");
      expect(own?.text).toContain("Lan Nguyễn");
      expect(own?.text).not.toContain("Duyệt gia hạn");
      const sctTasks = await h.service.app.db
        .selectFrom("assignments")
        .innerJoin("agencies", "agencies.id", "assignments.agency_id")
        .select("assignments.task_id")
        .where("agencies.code", "=", "SCT")
        .execute();
      const other = await h.service.app.db
        .selectFrom("tasks")
        .select("ref")
        .where(
          "id",
          "not in",
          sctTasks.map((t) => t.task_id),
        )
        .executeTakeFirstOrThrow();
      expect((await ask(sct, "/history", other.ref))[0]?.text).toContain("không có quyền");
      expect((await ask(sct, "/history", "IX.99"))[0]?.text).toContain("Không tìm thấy nhiệm vụ «IX.99»");
      expect((await ask(sct, "/history"))[0]?.text).toContain("Cách dùng: /history");
    });
  });

  describe("the coordinators' group", () => {
    it("takes /report and /history there, with the history's page buttons", async () => {
      coordinator.sendCommand("/report", "csv", { chatType: "group", chatId: group });
      await h.settle();
      expect(h.emu.sent(group).at(-1)?.document?.fileName).toBe("bao-cao-2026-11-27.csv");
      coordinator.sendCommand("/history", "IV.2", { chatType: "group", chatId: group });
      await h.settle();
      const history = h.emu.sent(group).at(-1)!;
      expect(history.text).toContain("Lịch sử nhiệm vụ IV.2");
      const taskId = (await h.service.app.db.selectFrom("tasks").select("id").where("ref", "=", "IV.2").executeTakeFirstOrThrow()).id;
      const press = coordinator.pressButton(history, `hs:${taskId}:0`, { force: true });
      await h.settle();
      expect(h.emu.callbackAnswer(press.callback_query.id)).toBeDefined();
      expect(h.emu.callbackAnswer(press.callback_query.id)?.text).toBeUndefined();
    });
  });

  describe("the evidence", () => {
    it("keeps a document's name and a photo's generated one", async () => {
      const rows = await h.service.app.db.selectFrom("status_updates").select("file_ids").where("file_ids", "!=", "[]").orderBy("id").execute();
      expect(rows.map((r) => JSON.parse(r.file_ids))).toEqual([
        [{ file_id: expect.stringMatching(/^BQAC/), file_name: "Báo cáo 77-BC-STC.pdf" }],
        [{ file_id: expect.stringMatching(/^AgAC/), file_name: `anh-${photoMessageId}.jpg` }],
      ]);
    });
  });

  describe("CLI report annual", () => {
    it("writes a .docx that mammoth reads, and names a missing plan", async () => {
      const cli = createCliHarness("2026-12-05T02:00:00Z", undefined, store);
      try {
        const out = join(cli.dir, "nam-2026.docx");
        const empty = await cli.run("report", "annual", "2026", "--out", out);
        expect(empty.code).toBe(1);
        expect(empty.err).toContain("Chưa có kế hoạch nào để lập báo cáo");
        expect(existsSync(out)).toBe(false);
        expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
        const done = await cli.run("report", "annual", "2026", "--out", out);
        expect(done).toMatchObject({ code: 0, out: `Đã ghi báo cáo tổng hợp năm 2026: ${out}` });
        const { value } = await mammoth.extractRawText({ buffer: readFileSync(out) });
        expect(value).toContain("Báo cáo tổng hợp kết quả thực hiện Kế hoạch hành động năm 2026");
        expect((await cli.run("report", "annual", "26")).code).toBe(2);
      } finally {
        await cli.cleanup();
      }
    });
  });
});
