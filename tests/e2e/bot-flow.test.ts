/**
 * End to end: the real bot over real HTTP against the local Bot API emulator, on a real SQLite
 * file with the real migrations and the bundled plan imported on first start.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_GROUP_ID } from "../../src/tools/bot-api-emulator/emulator.js";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    h = await startBotHarness({ store });
  });
  afterEach(async () => {
    await h.stop();
  });

  async function join(userId: number, agency: string | null, role: "focal" | "coordinator" | "admin" = "focal", name = "Lan") {
    const user = h.emu.user(userId, { first_name: name, last_name: "Nguyễn" });
    const code = await h.invite(agency, role);
    user.sendCommand("/start", code);
    await h.settle();
    return user;
  }

  async function count(table: "status_updates" | "people" | "extension_requests"): Promise<number> {
    const row = await h.service.app.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  describe("a focal officer's first day", () => {
    it("joins by invite, reads tasks, replies to a card, and the coordinator sees it", async () => {
      const officer = await join(101, "STC");
      expect(officer.lastReceived()?.text).toContain("Đã đăng ký: Lan Nguyễn — cán bộ đầu mối của Sở Tài chính.");
      expect(officer.lastReceived()?.text).toContain("/tasks");

      officer.sendCommand("/tasks");
      await h.settle();
      const list = officer.lastReceived()!;
      expect(list.text).toContain("Sở Tài chính: chủ trì");
      expect(list.text!.indexOf("Chủ trì")).toBeLessThan(list.text!.indexOf("Phối hợp") === -1 ? Infinity : list.text!.indexOf("Phối hợp"));
      expect(list.text!.length).toBeLessThan(4096);

      // Open III.1.4.a.2 (the autonomy scheme, due 31/07/2022) from the list, paging if needed.
      let page = list;
      while (!JSON.stringify(page.replyMarkup).includes("III.1.4.a.2")) {
        officer.pressButton(page, buttonData(page, "Sau"));
        await h.settle();
        page = h.emu.sent(officer.id).find((m) => m.messageId === page.messageId)!;
      }
      officer.pressButton(page, buttonData(page, "III.1.4.a.2"));
      await h.settle();
      const card = officer.lastReceived()!;
      expect(card.text).toContain("III.1.4.a.2");
      expect(card.text).toContain("Hạn: 31/07/2022");
      expect(card.text).toContain("«trong tháng 7 năm 2022»");
      expect(card.text).toContain("Quá hạn");

      officer.sendText("đã hoàn thành 100%, báo cáo số 123/BC-STC", { replyToMessageId: card.messageId });
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho III.1.4.a.2: Hoàn thành 100%.");
      const update = await h.service.app.db.selectFrom("status_updates").selectAll().executeTakeFirstOrThrow();
      expect(update).toMatchObject({ kind: "done", percent: 100, source: "reply", text: "đã hoàn thành 100%, báo cáo số 123/BC-STC" });

      const coordinator = await join(201, "SKHDT", "coordinator", "Minh");
      coordinator.sendCommand("/status");
      await h.settle();
      // The text answer, then its chart.
      expect(coordinator.lastReceived()?.method).toBe("sendPhoto");
      const status = coordinator
        .inbox()
        .filter((m) => m.text !== undefined)
        .at(-1)!.text!;
      expect(status).toContain("Tình hình thực hiện");
      // Done on 27/11/2026 against a due date of 31/07/2022: done late.
      expect(status).toContain("✅ Hoàn thành đúng hạn: 0\n☑️ Hoàn thành quá hạn: 1\n");
      expect(status).toMatch(/1\. (SKHDT|SNNPTNT|STNMT) — .*: 🔴 2/);

      coordinator.sendCommand("/status", "STC");
      await h.settle();
      const agency = coordinator
        .inbox()
        .filter((m) => m.text !== undefined)
        .at(-1)!.text!;
      expect(agency).toContain("Sở Tài chính");
      expect(agency).toContain("☑️ III.1.4.a.2 — 31/07/2022");
      expect(agency).toContain("🔵 IV.2 — 30/11/2026");

      coordinator.sendCommand("/status", "III.1.4.a.2");
      await h.settle();
      const task = coordinator.lastReceived()!.text!;
      expect(task).toContain("STC");
      expect(task).toContain("Hoàn thành 100%");
    });

    it("records a button press, offers undo, and undoes it", async () => {
      const officer = await join(102, "SNNPTNT");
      const card = await h.openCard(officer, "III.5.1.a.1");
      officer.pressButton(card, buttonData(card, "Hoàn thành"));
      await h.settle();
      const confirmation = officer.lastReceived()!;
      expect(confirmation.text).toContain("Đã ghi nhận cho III.5.1.a.1: Hoàn thành");
      const cycle = await h.service.app.db.selectFrom("cycles").select(["completed_at", "completed_on"]).where("completed_at", "is not", null).executeTakeFirstOrThrow();
      expect(cycle.completed_on).toBe("2026-11-27");

      officer.pressButton(confirmation, buttonData(confirmation, "Hoàn tác"));
      await h.settle();
      expect(h.emu.sent(officer.id).find((m) => m.messageId === confirmation.messageId)?.text).toContain("Đã hoàn tác");
      expect(await h.service.app.db.selectFrom("cycles").select("id").where("completed_at", "is not", null).execute()).toEqual([]);
    });

    it("asks which task when a message is not a reply, then records the choice", async () => {
      const officer = await join(103, "SCT");
      officer.sendText("dang trien khai 60%");
      await h.settle();
      const question = officer.lastReceived()!;
      expect(question.text).toContain("nhiệm vụ nào");
      expect(await count("status_updates")).toBe(0);
      officer.pressButton(question, buttonData(question, "III.5.2.a.2"));
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho III.5.2.a.2: Đang thực hiện 60%.");
    });
  });

  describe("/help", () => {
    it("lists the commands each person may use, not those that would answer «for coordinators»", async () => {
      const officer = await join(111, "STC");
      officer.sendCommand("/help");
      await h.settle();
      const officerHelp = officer.lastReceived()!.text!;
      expect(officerHelp).toContain("/tasks — nhiệm vụ cơ quan chủ trì và phối hợp");
      expect(officerHelp).toContain("Báo cáo tiến độ: trả lời (Reply)");
      for (const command of ["/status", "/setdue", "/setlead", "/report", "/invite"]) expect(officerHelp).not.toContain(command);

      const coordinator = await join(211, "SKHDT", "coordinator", "Minh");
      coordinator.sendCommand("/help");
      await h.settle();
      const coordinatorHelp = coordinator.lastReceived()!.text!;
      expect(coordinatorHelp).toContain("/setlead <số TT> <mã mới> [mã cũ] — giao lại cơ quan chủ trì");
      expect(coordinatorHelp).not.toContain("Quản trị");

      const admin = await join(311, null, "admin", "An");
      admin.sendCommand("/help");
      await h.settle();
      expect(admin.lastReceived()!.text).toContain("Quản trị\n/invite <mã cơ quan> [focal|coordinator|admin] — tạo lời mời");
    });
  });

  describe("bad input", () => {
    it("registers a name and records a reply that hold a NUL character (PostgreSQL text cannot)", async () => {
      const officer = h.emu.user(112, { first_name: "Lan\u0000", last_name: "Nguyễn" });
      officer.sendCommand("/start", await h.invite("STC"));
      await h.settle();
      expect(officer.lastReceived()?.text?.replaceAll("\u0000", "")).toContain("Đã đăng ký: Lan Nguyễn — cán bộ đầu mối của Sở Tài chính.");
      officer.sendCommand("/tasks");
      await h.settle();
      const list = officer.lastReceived()!;
      officer.pressButton(list, buttonData(list, "III.1.4.a.2"));
      await h.settle();
      officer.sendText("đang triển khai 60%\u0000, chờ số liệu", { replyToMessageId: officer.lastReceived()!.messageId });
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho III.1.4.a.2: Đang thực hiện 60%.");
      const update = await h.service.app.db.selectFrom("status_updates").select(["kind", "percent", "text"]).executeTakeFirstOrThrow();
      expect({ ...update, text: update.text?.replaceAll("\u0000", "") }).toEqual({ kind: "progress", percent: 60, text: "đang triển khai 60%, chờ số liệu" });
    });

    it("gives a stranger only the onboarding text and stores nothing", async () => {
      const stranger = h.emu.user(666, { first_name: "X" });
      stranger.sendCommand("/status");
      stranger.sendCommand("/tasks");
      stranger.sendText("đã hoàn thành");
      await h.settle();
      const answers = stranger.inbox().map((m) => m.text);
      expect(answers).toHaveLength(3);
      for (const text of answers) expect(text).toContain("cần đường dẫn mời");
      expect(await count("people")).toBe(0);
      expect(await count("status_updates")).toBe(0);
    });

    it("refuses an expired invite and a reused one", async () => {
      const code = await h.invite("STC");
      h.setNow("2026-12-05T02:00:00Z");
      const late = h.emu.user(301, { first_name: "A" });
      late.sendCommand("/start", code);
      await h.settle();
      expect(late.lastReceived()?.text).toContain("hết hạn");

      h.setNow("2026-11-27T03:00:00Z");
      const fresh = await h.invite("STC");
      const first = h.emu.user(302, { first_name: "B" });
      first.sendCommand("/start", fresh);
      await h.settle();
      const second = h.emu.user(303, { first_name: "C" });
      second.sendCommand("/start", fresh);
      await h.settle();
      expect(first.lastReceived()?.text).toContain("Đã đăng ký");
      expect(second.lastReceived()?.text).toContain("đã được sử dụng");
      expect(await count("people")).toBe(1);
    });

    it("refuses a forged button for another agency's task", async () => {
      const stc = await join(104, "STC");
      const other = await h.service.app.db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("agencies", "agencies.id", "assignments.agency_id")
        .select("cycles.id")
        .where("agencies.code", "=", "SXD")
        .executeTakeFirstOrThrow();
      const anyMessage = stc.lastReceived()!;
      const press = stc.pressButton(anyMessage, `st:${other.id}:d`, { force: true });
      stc.pressButton(anyMessage, "st:99999999:d", { force: true });
      stc.pressButton(anyMessage, "garbage:!!", { force: true });
      await h.settle();
      expect(h.emu.callbackAnswer(press.callback_query.id)?.text).toContain("không có quyền");
      expect(await count("status_updates")).toBe(0);
    });

    it("records an update delivered twice only once", async () => {
      const officer = await join(105, "STC");
      const card = await h.openCard(officer, "IV.2");
      const update = officer.sendText("đang thực hiện 50%", { replyToMessageId: card.messageId });
      await h.settle();
      h.emu.pushUpdate(update);
      await h.settle();
      expect(await count("status_updates")).toBe(1);
    });

    it("copes with a 5,000-character message, a sticker and a group chat", async () => {
      const officer = await join(106, "STC");
      const card = await h.openCard(officer, "IV.2");
      officer.sendText(`đang thực hiện ${"rất ".repeat(1250)}`, { replyToMessageId: card.messageId });
      await h.settle();
      const stored = await h.service.app.db.selectFrom("status_updates").select("text").executeTakeFirstOrThrow();
      expect([...stored.text].length).toBe(4000);
      expect(officer.inbox().at(-1)?.text).toContain("quá dài");

      officer.sendSticker();
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("chưa xử lý được loại tin nhắn này");

      // A group that is not the coordinators' group: the bot leaves it rather than answer there.
      officer.sendCommand("/tasks", undefined, { chatType: "group" });
      await h.settle();
      expect(h.emu.callsOf("leaveChat").map((c) => Number(c.params.chat_id))).toEqual([DEFAULT_GROUP_ID]);
    });

    it("keeps going after Telegram fails on an answer", async () => {
      const officer = await join(107, "STC");
      h.emu.failNext("sendMessage", { kind: "status", code: 500 });
      officer.sendCommand("/whoami");
      await h.settle();
      officer.sendCommand("/whoami");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Sở Tài chính");
    });

    it("never writes the token into its logs", async () => {
      h.emu.failNext("sendMessage", { kind: "reset" });
      const officer = await join(108, "STC");
      officer.sendCommand("/help");
      await h.settle();
      const all = h.logs.join("");
      expect(all.length).toBeGreaterThan(0);
      expect(all).not.toContain(h.emu.token);
      expect(all).not.toContain(h.emu.token.split(":")[1]);
    });
  });

  describe("start-up", () => {
    it("imports the bundled plan, registers the command menu and prints one admin invite", async () => {
      const tasks = await h.service.app.db
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(Number(tasks.n)).toBe(101);
      expect(h.emu.myCommands().map((c) => c.command)).toEqual(["tasks", "whoami", "help"]);
      expect(h.announced[0]).toMatch(/https:\/\/t\.me\/\w+\?start=[A-Za-z0-9_-]{24}/);
      const admin = h.emu.user(900, { first_name: "Admin" });
      admin.sendCommand("/start", /start=([A-Za-z0-9_-]+)/.exec(h.announced[0]!)![1]);
      await h.settle();
      expect(admin.lastReceived()?.text).toContain("quản trị viên");
      expect(h.emu.myCommands({ type: "chat", chat_id: 900 }).map((c) => c.command)).toEqual([
        "status",
        "overdue",
        "upcoming",
        "report",
        "web",
        "history",
        "setdue",
        "plans",
        "agencies",
        "setlead",
        "addcoord",
        "rmcoord",
        "invite",
        "invites",
        "people",
        "plan",
        "agency",
        "merge",
        "tasks",
        "whoami",
        "help",
      ]);
      admin.sendCommand("/invite", "STC focal");
      await h.settle();
      expect(admin.lastReceived()?.text).toMatch(/^Lời mời cán bộ đầu mối của Sở Tài chính, dùng một lần, hết hạn 04\/12\/2026:\nhttps:\/\/t\.me\/\w+\?start=[A-Za-z0-9_-]{24}$/);
    });
  });
});
