/**
 * Issue 11, item 4: invite codes never reach the logs. When the answer carrying an invite link
 * (or a list of people's names) fails to send, the error is logged without the message text;
 * admins list pending invites (never their codes) and revoke one, in chat.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;

const inviteCodeIn = (text: string | undefined) => /\?start=([A-Za-z0-9_-]+)/.exec(text ?? "")?.[1] ?? "";

async function admin() {
  const user = h.emu.user(951, { first_name: "Quản trị" });
  user.sendCommand("/start", await h.invite(null, "admin"));
  await h.settle();
  return user;
}

describe.each(stores)("on $name", (store) => {
  afterEach(async () => {
    await h.stop();
  });

  describe("logs", () => {
    it("hold no invite code and no message text when the answer to /invite fails", async () => {
      h = await startBotHarness({ store });
      const user = await admin();
      // The link is in the failed call's payload: every attempt at the answer fails.
      const stop = h.emu.failWhen(({ method, params }) => method === "sendMessage" && String(params.text ?? "").includes("?start="), {
        kind: "status",
        code: 400,
        description: "Bad Request: message is too long",
      });
      const logsBefore = h.logs.length;
      user.sendCommand("/invite", "STC");
      await h.settle();
      stop();
      const attempts = h.emu.calls.filter((c) => c.method === "sendMessage" && String(c.params.text ?? "").includes("?start="));
      expect(attempts.length).toBeGreaterThan(0);
      const code = inviteCodeIn(String(attempts[0]!.params.text));
      expect(code.length).toBeGreaterThanOrEqual(16);
      const logged = h.logs.slice(logsBefore).join("");
      expect(logged).toContain("update failed"); // the failure itself is logged…
      expect(logged).toContain("sendMessage"); // …with the method it was
      expect(logged).not.toContain(code);
      expect(logged).not.toContain("start=");
      expect(logged).not.toContain("Lời mời");
    });

    it("hold no people's names when the answer to /people fails", async () => {
      h = await startBotHarness({ store });
      const user = await admin();
      const officer = h.emu.user(952, { first_name: "Trần Thị Bí Mật" });
      officer.sendCommand("/start", await h.invite("STC"));
      await h.settle();
      h.emu.failNext("sendMessage", { kind: "status", code: 400, description: "Bad Request: can't parse entities" }, 2);
      const logsBefore = h.logs.length;
      user.sendCommand("/people");
      await h.settle();
      const logged = h.logs.slice(logsBefore).join("");
      expect(logged).toContain("update failed");
      expect(logged).not.toContain("Bí Mật");
    });
  });

  describe("/invites and /revoke_invite", () => {
    it("list pending invites without their codes, and a revoked invite no longer works", async () => {
      h = await startBotHarness({ store });
      const user = await admin();
      user.sendCommand("/invite", "STC");
      await h.settle();
      const code = inviteCodeIn(user.lastReceived()?.text);
      user.sendCommand("/invites");
      await h.settle();
      const list = user.lastReceived()?.text ?? "";
      // The first start's admin invite is still pending too.
      expect(list).toContain("Lời mời chưa dùng: 2");
      expect(list).toMatch(/#\d+ cán bộ đầu mối, Sở Tài chính — hết hạn 04\/12\/2026; người tạo: Quản trị/);
      expect(list).not.toContain(code);
      const id = Number(/#(\d+) cán bộ đầu mối/.exec(list)?.[1]);
      expect(id).toBeGreaterThan(0);

      user.sendCommand("/revoke_invite", String(id));
      await h.settle();
      expect(user.lastReceived()?.text).toContain(`Đã thu hồi lời mời #${id}`);
      const audit = await h.service.app.db.selectFrom("audit").select(["action", "entity_id"]).where("action", "=", "invite.revoked").execute();
      expect(audit).toEqual([{ action: "invite.revoked", entity_id: id }]);

      const officer = h.emu.user(953, { first_name: "Lan" });
      officer.sendCommand("/start", code);
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("hết hạn");
      expect(await h.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", 953).execute()).toEqual([]);

      user.sendCommand("/revoke_invite", String(id));
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Không có lời mời chưa dùng");
      user.sendCommand("/invites");
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Lời mời chưa dùng: 1");
      expect(user.lastReceived()?.text).not.toContain(`#${id} `);
    });

    it("are for admins only", async () => {
      h = await startBotHarness({ store });
      const officer = h.emu.user(954, { first_name: "Lan" });
      officer.sendCommand("/start", await h.invite("STC"));
      await h.settle();
      officer.sendCommand("/invites");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("dành cho quản trị viên");
      officer.sendCommand("/revoke_invite", "1");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("dành cho quản trị viên");
    });
  });
});
