/** The CLI's invite, people and status commands, on a real database (SQLite and PostgreSQL). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redeemInvite } from "../../src/services/people/people.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;

describe.each(stores)("on $name", (store) => {
  afterEach(() => cli.cleanup());

  describe("invite", () => {
    let emu: BotApiEmulator;
    beforeEach(async () => {
      emu = await startBotApiEmulator({ botUser: { username: "dondoc_th_bot" } });
      cli = createCliHarness("2026-11-27T02:00:00Z", { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url }, store);
    });
    afterEach(() => emu.stop());

    it("prints the contract's JSON with a deep link to the bot, and stores only the code's hash", async () => {
      const invite = await cli.json<{ code: string; link: string; agency: string; role: string; expires_at: string }>("invite", "STC", "--role", "focal");
      expect(invite).toEqual({
        code: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
        link: `https://t.me/dondoc_th_bot?start=${invite.code}`,
        agency: "STC",
        role: "focal",
        expires_at: "2026-12-04T02:00:00.000Z",
      });
      const stored = await cli.query<{ code_hash: string }>("select code_hash from invites");
      expect(stored).toHaveLength(1);
      expect(stored[0]!.code_hash).not.toContain(invite.code);
    });

    it.each([
      [["invite", "NOPE"], 1, "Không có cơ quan này"],
      [["invite", "STC", "--role", "boss"], 2, "Vai trò"],
      [["invite"], 2, "Thiếu mã cơ quan"],
    ])("refuses %j", async (argv, code, message) => {
      const result = await cli.run(...argv);
      expect(result.code).toBe(code);
      expect(result.err).toContain(message);
    });
  });

  describe("people and status", () => {
    beforeEach(() => {
      cli = createCliHarness(undefined, undefined, store);
    });

    it("lists, moves and deactivates people", async () => {
      const invite = await cli.json<{ code: string }>("invite", "STC");
      const person = await redeemInvite(await cli.db(), invite.code, { telegramUserId: 77, chatId: 77, displayName: "Hoa" }, new Date("2026-11-27T03:00:00Z"));
      expect((await cli.json<Array<{ agency: string }>>("people"))[0]).toMatchObject({ id: person.id, name: "Hoa", agency: "STC", role: "focal", state: "active" });
      expect((await cli.run("people", "move", String(person.id), "SXD")).out).toContain("Sở Xây dựng");
      expect((await cli.json<Array<{ agency: string }>>("people"))[0]!.agency).toBe("SXD");
      expect((await cli.run("people", "off", String(person.id))).code).toBe(0);
      expect(await cli.json("people")).toEqual([]);
      expect((await cli.run("people", "off", "999")).err).toContain("Không có người dùng này");
    });

    it("prints what /status shows, as the contract's JSON, at any instant", async () => {
      await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt");
      const now = await cli.json<{ at: string; totals: Record<string, number>; agencies: Array<Record<string, unknown>> }>("status");
      expect(now.at).toBe("2026-11-27T02:00:00.000Z");
      expect(now.totals).toMatchObject({ done_on_time: 0, done_late: 0, overdue: 9 });
      expect(Object.keys(now.agencies[0]!)).toEqual(["code", "name", "done_on_time", "done_late", "in_progress", "overdue", "no_deadline"]);
      // Before 06/6/2022 nothing of 2022 was overdue yet.
      const early = await cli.json<{ totals: Record<string, number> }>("status", "--at", "2022-06-01T08:00:00+07:00");
      expect(early.totals.overdue).toBe(0);
      const stc = await cli.json<{ agencies: Array<{ code: string; overdue: number }> }>("status", "--agency", "Sở Tài chính");
      expect(stc.agencies).toEqual([expect.objectContaining({ code: "STC", overdue: 1 })]);
      expect((await cli.run("status", "--at", "yesterday")).code).toBe(2);
      // Without an offset the server's own zone would decide: refused.
      expect((await cli.run("status", "--at", "2026-11-30T08:00:00")).err).toContain("ISO-8601");
    });
  });
});
