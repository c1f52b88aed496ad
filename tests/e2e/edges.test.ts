/**
 * Issue 11, item 12: a real user's confusions. The only admin who taps a focal invite they made
 * stays admin and is told why; a deactivated person's /start says so; the bot leaves groups it
 * was not configured for instead of answering every command there.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deactivatePerson } from "../../src/services/people/people.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;

const inviteCodeIn = (text: string | undefined) => /\?start=([A-Za-z0-9_-]+)/.exec(text ?? "")?.[1] ?? "";

describe.each(stores)("on $name", (store) => {
  afterEach(async () => {
    await h.stop();
  });

  describe("the last admin taps a focal invite they made", () => {
    it("refuses and explains, and they stay admin; the invite is still usable by the officer", async () => {
      h = await startBotHarness({ store });
      const admin = h.emu.user(901, { first_name: "Quản trị" });
      admin.sendCommand("/start", await h.invite(null, "admin"));
      await h.settle();
      admin.sendCommand("/invite", "STC");
      await h.settle();
      const code = inviteCodeIn(admin.lastReceived()?.text);
      expect(code).not.toBe("");

      admin.sendCommand("/start", code);
      await h.settle();
      expect(admin.lastReceived()?.text).toContain("quản trị viên duy nhất");
      const db = h.service.app.db;
      expect(await db.selectFrom("people").select(["role", "state"]).where("telegram_user_id", "=", 901).executeTakeFirstOrThrow()).toEqual({ role: "admin", state: "active" });
      admin.sendCommand("/people");
      await h.settle();
      expect(admin.lastReceived()?.text).not.toContain("dành cho quản trị viên");

      const officer = h.emu.user(902, { first_name: "Lan" });
      officer.sendCommand("/start", code);
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Sở Tài chính");
    });

    it("lets an admin take a focal role when another admin remains", async () => {
      h = await startBotHarness({ store });
      const first = h.emu.user(911, { first_name: "Một" });
      const second = h.emu.user(912, { first_name: "Hai" });
      first.sendCommand("/start", await h.invite(null, "admin"));
      second.sendCommand("/start", await h.invite(null, "admin"));
      await h.settle();
      first.sendCommand("/start", await h.invite("STC"));
      await h.settle();
      expect(first.lastReceived()?.text).toContain("Sở Tài chính");
    });
  });

  describe("a deactivated person", () => {
    it("is told the account was stopped, not that they are registered", async () => {
      h = await startBotHarness({ store });
      const officer = h.emu.user(921, { first_name: "Bình" });
      officer.sendCommand("/start", await h.invite("STC"));
      await h.settle();
      const person = await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", 921).executeTakeFirstOrThrow();
      await deactivatePerson(h.service.app.db, { personId: person.id, actor: "test", now: h.now() });
      officer.sendCommand("/start");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("đã ngừng hoạt động");
      expect(officer.lastReceived()?.text).not.toContain("đã được đăng ký");
    });
  });

  describe("groups", () => {
    const groupId = -4_100_000_001;

    it("leaves a group it was added to that is not the coordinators' group", async () => {
      h = await startBotHarness({ store, env: { COORDINATOR_CHAT_ID: "-4123456789" } });
      const someone = h.emu.user(931, { first_name: "Ai đó" });
      h.emu.pushUpdate({
        update_id: 990_001,
        my_chat_member: {
          chat: { id: groupId, type: "group", title: "Nhóm lạ" },
          from: { id: 931, is_bot: false, first_name: "Ai đó" },
          date: Math.floor(h.now().getTime() / 1000),
          old_chat_member: { user: h.emu.botUser, status: "left" },
          new_chat_member: { user: h.emu.botUser, status: "member" },
        },
      });
      await h.settle();
      expect(h.emu.callsOf("leaveChat").map((c) => Number(c.params.chat_id))).toEqual([groupId]);

      someone.sendCommand("/status", undefined, { chatId: groupId, chatTitle: "Nhóm lạ" });
      someone.sendCommand("/help", undefined, { chatId: groupId, chatTitle: "Nhóm lạ" });
      await h.settle();
      // No command is answered there; it leaves again (the group still shows it as a member).
      expect(h.emu.sent(groupId).filter((m) => !m.text?.includes("rời nhóm"))).toEqual([]);
      expect(h.emu.sent(groupId).length).toBeLessThanOrEqual(1);
      expect(h.emu.callsOf("leaveChat").every((c) => Number(c.params.chat_id) === groupId)).toBe(true);
    });

    it("stays in the configured coordinators' group", async () => {
      h = await startBotHarness({ store, env: { COORDINATOR_CHAT_ID: String(groupId) } });
      const coordinator = h.emu.user(941, { first_name: "Điều phối" });
      coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      coordinator.sendCommand("/status", undefined, { chatId: groupId });
      await h.settle();
      expect(h.emu.callsOf("leaveChat")).toEqual([]);
      expect(h.emu.sent(groupId).length).toBeGreaterThan(0);
    });
  });
});
