/**
 * Reminders end to end: the real planner, ledger and sender, through telegraf over HTTP to the
 * local Bot API emulator, with the clock pinned to the instants that matter.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createLogger } from "../../src/logger.js";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function officer(id: number, agency: string) {
  const user = h.emu.user(id, { first_name: `Cán bộ ${agency}` });
  user.sendCommand("/start", await h.invite(agency));
  await h.settle();
  return user;
}

/** Ticks at a local Vietnamese time ("2026-11-16 08:00") and returns what the user received. */
async function tickAt(local: string, userId?: number): Promise<string[]> {
  const before = userId === undefined ? h.emu.sent().length : h.emu.sent(userId).length;
  h.setNow(`${local.replace(" ", "T")}:00+07:00`);
  await h.service.tick();
  const after = userId === undefined ? h.emu.sent() : h.emu.sent(userId);
  return after.slice(before).map((m) => m.text ?? "");
}

/** A reminder claimed for sending when the process died: state "sending", never settled. */
async function leaveClaimed(cycleId: number, personId: number, stage: string, plannedAt: string): Promise<void> {
  await h.service.app.db
    .insertInto("reminders")
    .values({
      cycle_id: cycleId,
      person_id: personId,
      stage,
      planned_at: plannedAt,
      state: "sending",
      attempts: 1,
      last_error: null,
      telegram_message_id: null,
      sent_at: null,
      next_attempt_at: null,
      created_at: plannedAt,
    })
    .execute();
}

const reportReminders = (texts: string[]) => texts.filter((t) => t.includes("Nhắc việc — IV.2"));

describe.each(stores)("on $name", (store) => {
  describe("the annual report before 30/11", () => {
    it.each([
      // [year, the working days the ladder lands on]: 30/11/2024 is a Saturday, 2025 a Sunday.
      ["2024", ["2024-11-15", "2024-11-22", "2024-11-27", "2024-11-29"]],
      ["2025", ["2025-11-14", "2025-11-21", "2025-11-27", "2025-11-28"]],
      ["2026", ["2026-11-16", "2026-11-23", "2026-11-27", "2026-11-30"]],
    ])("%s: reminds at 08:00 on the right working days, once each", async (year, days) => {
      h = await startBotHarness({ store, now: `${year}-11-01T02:00:00Z` });
      const user = await officer(701, "SCT");
      await tickAt(`${year}-11-02 09:00`, user.id); // the backlog summary of older overdue work
      const received: string[] = [];
      for (let day = 1; day <= 30; day++) {
        const date = `${year}-11-${String(day).padStart(2, "0")}`;
        if (reportReminders(await tickAt(`${date} 07:59`, user.id)).length > 0) received.push(`${date} early`);
        if (reportReminders(await tickAt(`${date} 08:00`, user.id)).length > 0) received.push(date);
        if (reportReminders(await tickAt(`${date} 08:01`, user.id)).length > 0) received.push(`${date} again`);
      }
      expect(received).toEqual(days);
      const last = reportReminders(h.emu.sent(user.id).map((m) => m.text ?? "")).at(-1)!;
      expect(last).toContain(`Hạn: 30/11/${year}`);
    });
  });

  describe("reminders that never miss and never spam", () => {
    it("sends a new officer one backlog summary instead of a flood", async () => {
      h = await startBotHarness({ store });
      const user = await officer(702, "STNMT");
      const first = await tickAt("2026-11-27 09:00", user.id);
      // One summary for the old overdue work, and today's reminder of the 30/11 report, which is not overdue.
      expect(first).toHaveLength(2);
      expect(first.filter((text) => text.includes("có 2 nhiệm vụ đã quá hạn"))).toHaveLength(1);
      expect(first.filter((text) => text.includes("IV.2") && text.includes("còn 3 ngày"))).toHaveLength(1);
      expect(await tickAt("2026-11-27 09:05", user.id)).toEqual([]);
    });

    it("after 10 hours down sends the missed stage once; after 3 days skips stale stages and records them", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(703, "STC");
      await tickAt("2026-11-10 09:00", user.id);
      expect(reportReminders(await tickAt("2026-11-16 18:00", user.id))).toHaveLength(1); // d14, 10 hours late
      expect(reportReminders(await tickAt("2026-11-16 18:01", user.id))).toHaveLength(0);
      expect(reportReminders(await tickAt("2026-11-26 12:00", user.id))).toHaveLength(0); // d7 (23/11) is 3 days stale
      const skipped = await h.service.app.db.selectFrom("reminders").select(["stage", "state"]).where("state", "=", "skipped").execute();
      expect(skipped.map((r) => r.stage)).toContain("d7@2026-11-30");
    });

    it("sends nothing twice when two ticks run at once", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(704, "SXD");
      await tickAt("2026-11-10 09:00", user.id);
      h.setNow("2026-11-16T01:00:00Z");
      await Promise.all([h.service.tick(), h.service.tick()]);
      const { tick } = await import("../../src/services/reminders/tick.js");
      const { createNotifier } = await import("../../src/telegram/notifier.js");
      const { defaultLadder } = await import("../../src/domain/reminder-ladder.js");
      const deps = {
        db: h.service.app.db,
        messenger: createNotifier(h.service.bot.telegram, createLogger({ logLevel: "silent", botToken: null, webhookSecret: null })),
        calendar: h.service.app.calendar,
        ladder: defaultLadder,
        timeZone: "Asia/Ho_Chi_Minh",
      };
      await Promise.all([tick(deps, h.now()), tick(deps, h.now())]);
      expect(reportReminders(h.emu.sent(user.id).map((m) => m.text ?? ""))).toHaveLength(1);
    });

    it("stops reminding a cycle that is done", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(705, "SYT");
      await tickAt("2026-11-10 09:00", user.id);
      const [reminder] = reportReminders(await tickAt("2026-11-16 08:00", user.id));
      expect(reminder).toBeDefined();
      const message = h.emu.sent(user.id).find((m) => m.text?.includes("Nhắc việc — IV.2"))!;
      user.sendText("đã hoàn thành, đã gửi báo cáo", { replyToMessageId: message.messageId });
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Hoàn thành");
      expect(reportReminders(await tickAt("2026-11-23 08:00", user.id))).toEqual([]);
      expect(reportReminders(await tickAt("2026-12-01 08:00", user.id))).toEqual([]);
    });

    it("waits out a 429 storm and still delivers", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(706, "SGDDT");
      await tickAt("2026-11-10 09:00", user.id);
      h.emu.failNext("sendMessage", { kind: "status", code: 429, retryAfter: 1 }, 3);
      const received = reportReminders(await tickAt("2026-11-16 08:00", user.id));
      expect(received).toHaveLength(1);
      expect(h.emu.calls.filter((c) => c.fault?.kind === "status").length).toBe(3);
    });

    it("marks a blocked officer unreachable and tells the coordinators", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const coordinator = h.emu.user(800, { first_name: "Điều phối" });
      coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      const user = await officer(707, "SNGV");
      await tickAt("2026-11-10 09:00", user.id);
      h.emu.failWhen((call) => call.method === "sendMessage" && call.params.chat_id === user.id, { kind: "status", code: 403 });
      await tickAt("2026-11-16 08:00");
      const person = await h.service.app.db.selectFrom("people").select("state").where("telegram_user_id", "=", user.id).executeTakeFirstOrThrow();
      expect(person.state).toBe("unreachable");
      await tickAt("2026-11-16 08:01");
      expect(coordinator.lastReceived()?.text).toContain("Không gửi được nhắc việc cho Cán bộ SNGV");
      const failed = await h.service.app.db.selectFrom("reminders").select(["state", "last_error"]).where("state", "=", "failed").execute();
      expect(failed).toEqual([{ state: "failed", last_error: expect.stringContaining("blocked") }]);
    });

    it("sends again what a crash interrupted, and a second process refuses to start", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(708, "SVHTTDL");
      await tickAt("2026-11-10 09:00", user.id);
      // A second process on the same database (here the CLI's tick) refuses, naming the first.
      // The harness's clock is pinned in the past; the other process reads the real clock, so
      // the first process's heartbeat is brought up to real time, as its timer would.
      await h.service.app.db.updateTable("instance_lock").set({ heartbeat_at: new Date().toISOString() }).execute();
      const second = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), "src/cli/index.ts", "tick"], {
        env: { PATH: process.env.PATH ?? "", BOT_TOKEN: h.emu.token, TELEGRAM_API_ROOT: h.emu.url, ...h.databaseEnv },
        encoding: "utf8",
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`Một tiến trình dondoc khác (pid ${process.pid}`);
      // A reminder claimed for sending when the process died is sent by the next process.
      const cycle = { id: await h.cycleIdOf("IV.2", "SVHTTDL") };
      const person = await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", user.id).executeTakeFirstOrThrow();
      await leaveClaimed(cycle.id, person.id, "d14@2026-11-30", "2026-11-16T01:00:00.000Z");
      await h.restart();
      expect(reportReminders(await tickAt("2026-11-16 08:05", user.id))).toHaveLength(1);
    });

    it("plans the same instants whatever the server's own time zone", async () => {
      const original = process.env.TZ;
      try {
        process.env.TZ = "America/New_York";
        h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
        const user = await officer(709, "STP");
        await tickAt("2026-11-10 09:00", user.id);
        expect(reportReminders(await tickAt("2026-11-16 07:59", user.id))).toHaveLength(0);
        expect(reportReminders(await tickAt("2026-11-16 08:00", user.id))).toHaveLength(1);
        const row = await h.service.app.db.selectFrom("reminders").select("planned_at").where("stage", "=", "d14@2026-11-30").executeTakeFirstOrThrow();
        expect(row.planned_at).toBe("2026-11-16T01:00:00.000Z");
      } finally {
        process.env.TZ = original;
      }
    });
  });

  describe("replying to a reminder", () => {
    it("records the status update against the reminder's cycle", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(710, "SNV");
      await tickAt("2026-11-10 09:00", user.id);
      await tickAt("2026-11-16 08:00", user.id);
      const reminder = h.emu.sent(user.id).find((m) => m.text?.includes("Nhắc việc — IV.2"))!;
      user.pressButton(reminder, buttonData(reminder, "Đang thực hiện"));
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Đang thực hiện");
    });
  });

  describe("coordinators: escalation, digest, extensions and dates", () => {
    async function coordinatorUser(id = 900) {
      const user = h.emu.user(id, { first_name: "Điều phối" });
      user.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      return user;
    }

    it("escalates on the first overdue working day and sends a Monday digest", async () => {
      h = await startBotHarness({ store, now: "2026-11-25T02:00:00Z" });
      const coordinator = await coordinatorUser();
      await officer(711, "STC");
      await tickAt("2026-11-25 09:00");
      // IV.2 is due Monday 30/11/2026: its first overdue working day is Tuesday 1/12.
      const escalation = (await tickAt("2026-12-01 08:00", coordinator.id)).find((t) => t.includes("mới quá hạn"));
      // IV.2 for 59 agencies, and SKHDT's monthly III.3.2.a.3 for November.
      expect(escalation).toContain("Hôm nay có 60 nhiệm vụ mới quá hạn");
      expect(escalation).toContain("IV.2");
      expect((await tickAt("2026-12-01 08:30", coordinator.id)).filter((t) => t.includes("mới quá hạn"))).toEqual([]);
      const digest = (await tickAt("2026-12-07 08:00", coordinator.id)).find((t) => t.includes("Tổng hợp tuần"));
      expect(digest).toContain("Quá hạn: ");
      // 59 agencies of the collectives and 2 named as written lead tasks; only STC has an officer.
      expect(digest).toContain("Cơ quan chưa có cán bộ đầu mối: 60");
      expect(digest).toContain("Quá hạn: 69");
      // Agencies by name, never by the short codes made up for unregistered ones (X-…).
      expect(digest).not.toMatch(/\bX-[A-Z]/);
      expect(digest!.length).toBeLessThan(4096);
      expect(digest).toContain("Sở Kế hoạch và Đầu tư: 4");
      expect(digest).toContain("các Ban Quản lý dự án đầu tư xây dựng chuyên ngành và khu vực");
      expect(escalation).not.toMatch(/\bX-[A-Z]/);
    });

    it("moves the ladder when a coordinator approves an extension, and tells both sides", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const coordinator = await coordinatorUser();
      const user = await officer(712, "SCT");
      await tickAt("2026-11-20 09:00");
      const card = await h.openCard(user, "IV.2");
      user.sendText("xin gia hạn đến 15/12 vì chờ số liệu", { replyToMessageId: card.messageId });
      await h.settle();
      await tickAt("2026-11-20 09:01");
      const request = coordinator.lastReceived()!;
      expect(request.text).toContain("Đề nghị gia hạn IV.2");
      expect(request.text).toContain("30/11/2026 → đề nghị: 15/12/2026");
      coordinator.pressButton(request, buttonData(request, "Đồng ý"));
      await h.settle();
      expect(h.emu.sent(coordinator.id).find((m) => m.messageId === request.messageId)?.text).toContain("Đã đồng ý gia hạn IV.2");
      await tickAt("2026-11-20 09:02");
      expect(user.lastReceived()?.text).toContain("hạn mới 15/12/2026 (hạn ban đầu 30/11/2026)");
      // The old ladder is void; the new one runs to 15/12.
      expect(reportReminders(await tickAt("2026-11-30 08:00", user.id))).toEqual([]);
      const d3 = reportReminders(await tickAt("2026-12-11 08:00", user.id)); // 12/12 is a Saturday
      expect(d3).toHaveLength(1);
      expect(d3[0]).toContain("Hạn: 15/12/2026");
      // A forged or second press changes nothing.
      coordinator.pressButton(request, `xr:${/xa:(\d+)/.exec(JSON.stringify(request.replyMarkup))![1]}`, { force: true });
      await h.settle();
      const cycle = await h.service.app.db.selectFrom("cycles").select(["due_on", "original_due_on"]).where("due_on", "=", "2026-12-15").executeTakeFirstOrThrow();
      expect(cycle).toEqual({ due_on: "2026-12-15", original_due_on: "2026-11-30" });
    });

    it("gives a coordinator who joins the extension requests still waiting for a decision", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const user = await officer(714, "SCT");
      const card = await h.openCard(user, "IV.2");
      user.sendText("xin gia hạn đến 15/12 vì chờ số liệu", { replyToMessageId: card.messageId });
      await h.settle();
      await tickAt("2026-11-20 09:01"); // nobody to tell yet
      const coordinator = await coordinatorUser(901);
      const received = await tickAt("2026-11-20 10:00", coordinator.id);
      expect(received.filter((t) => t.includes("Đề nghị gia hạn IV.2"))).toHaveLength(1);
      expect((await tickAt("2026-11-20 10:01", coordinator.id)).filter((t) => t.includes("Đề nghị gia hạn"))).toEqual([]);
      // A second coordinator joining after the decision gets nothing to decide.
      const request = coordinator.lastReceived()!;
      coordinator.pressButton(request, buttonData(request, "Đồng ý"));
      await h.settle();
      const second = await coordinatorUser(902);
      expect((await tickAt("2026-11-20 10:05", second.id)).filter((t) => t.includes("Đề nghị gia hạn"))).toEqual([]);
    });

    it("lets coordinators set a date on a conditional task, and not officers", async () => {
      h = await startBotHarness({ store });
      const coordinator = await coordinatorUser();
      coordinator.sendCommand("/setdue", "III.5.3.g 31/03/2027");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("Đã đặt hạn 31/03/2027 cho III.5.3.g (1 cơ quan chủ trì).");
      const user = await officer(713, "SKHDT");
      user.sendCommand("/setdue", "III.5.3.g 01/01/2030");
      await h.settle();
      expect(user.lastReceived()?.text).toContain("dành cho điều phối viên");
      coordinator.sendCommand("/setdue", "III.5.3.g 31/02/2027");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("Cách dùng");
    });
  });

  describe("what review found", () => {
    it("skips a reminder held back by a crash for more than a day", async () => {
      h = await startBotHarness({ store, now: "2026-11-10T02:00:00Z" });
      const user = await officer(720, "SKHCN");
      await tickAt("2026-11-10 09:00", user.id);
      const person = await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", user.id).executeTakeFirstOrThrow();
      const cycle = { id: await h.cycleIdOf("IV.2", "SKHCN") };
      await leaveClaimed(cycle.id, person.id, "d14@2026-11-30", "2026-11-16T01:00:00.000Z");
      await h.restart();
      const received = reportReminders(await tickAt("2026-11-23 08:00", user.id));
      expect(received).toHaveLength(1); // d7 only; the week-old d14 is not sent on top of it
      expect(received[0]).toContain("còn 7 ngày");
    });

    it("takes a bare date in answer to the extension question, and asks again when there is none", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const user = await officer(721, "SGTVT");
      const card = await h.openCard(user, "IV.2");
      user.sendText("xin gia hạn thêm 1 tháng", { replyToMessageId: card.messageId });
      await h.settle();
      const asked = user.lastReceived()!;
      expect(asked.text).toContain("Chưa rõ ngày đề nghị gia hạn");
      user.sendText("20/12/2026", { replyToMessageId: asked.messageId });
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đề nghị gia hạn đến 20/12/2026 đã gửi điều phối viên.");
      expect(await h.service.app.db.selectFrom("extension_requests").select("proposed_due_on").execute()).toEqual([{ proposed_due_on: "2026-12-20" }]);
    });

    it("brings back an officer who was unreachable as soon as they write", async () => {
      h = await startBotHarness({ store });
      const user = await officer(722, "SNV");
      await h.service.app.db.updateTable("people").set({ state: "unreachable" }).where("telegram_user_id", "=", user.id).execute();
      user.sendCommand("/tasks");
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Sở Nội vụ: chủ trì");
      const person = await h.service.app.db.selectFrom("people").select("state").where("telegram_user_id", "=", user.id).executeTakeFirstOrThrow();
      expect(person.state).toBe("active");
    });

    it("refuses /setdue on a task the document dates, and keeps a set date across a re-import", async () => {
      h = await startBotHarness({ store });
      const coordinator = h.emu.user(901, { first_name: "Điều phối" });
      coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      coordinator.sendCommand("/setdue", "IV.2 30/06/2027");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("đã có hạn trong văn bản");
      coordinator.sendCommand("/setdue", "III.1.1.a.1 30/09/2027");
      await h.settle();
      const { importPlan } = await import("../../src/services/plans/plan-import.js");
      const { readPlanFile } = await import("../../src/services/plans/plan-files.js");
      const file = await readPlanFile("seeds/qd-1861-2022-thanh-hoa.txt", h.service.app.registry);
      await importPlan({ db: h.service.app.db, timeZone: "Asia/Ho_Chi_Minh" }, file.parsed, { file: "x", hash: "changed" }, h.now(), "test");
      const due = await h.service.app.db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .select("cycles.due_on")
        .where("tasks.ref", "=", "III.1.1.a.1")
        .executeTakeFirstOrThrow();
      expect(due.due_on).toBe("2027-09-30");
    });
  });
});
