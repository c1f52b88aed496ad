/** Issue 11, item 4: `invites` lists pending invites without their codes; `invite revoke <id>` ends one. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redeemInvite } from "../../src/services/people/people.js";
import { openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;

describe.each(stores)("on $name", (store) => {
  beforeEach(() => {
    cli = createCliHarness(undefined, undefined, store);
  });
  afterEach(() => cli.cleanup());

  interface InviteJson {
    code: string;
    agency: string;
  }
  interface PendingJson {
    id: number;
    agency: string | null;
    role: string;
    expires_at: string;
    created_by: string;
  }

  describe("invites", () => {
    it("lists only pending invites, never a code, and revokes one (audited); the revoked link no longer works", async () => {
      const stc = await cli.json<InviteJson>("invite", "STC");
      const skhdt = await cli.json<InviteJson>("invite", "SKHDT", "--role", "coordinator");
      const pending = await cli.json<PendingJson[]>("invites");
      expect(pending.map((p) => [p.agency, p.role, p.expires_at, p.created_by])).toEqual([
        ["STC", "focal", "2026-12-04T02:00:00.000Z", "cli"],
        ["SKHDT", "coordinator", "2026-12-04T02:00:00.000Z", "cli"],
      ]);
      const table = await cli.run("invites");
      expect(table.code).toBe(0);
      for (const output of [JSON.stringify(pending), table.out]) {
        expect(output).not.toContain(stc.code);
        expect(output).not.toContain(skhdt.code);
      }
      expect(table.out).toContain("cán bộ đầu mối");

      const revoked = await cli.run("invite", "revoke", String(pending[0]!.id));
      expect(revoked.code).toBe(0);
      expect(revoked.out).toContain(`Đã thu hồi lời mời #${pending[0]!.id}`);
      expect((await cli.json<PendingJson[]>("invites")).map((p) => p.agency)).toEqual(["SKHDT"]);
      const again = await cli.run("invite", "revoke", String(pending[0]!.id));
      expect(again.code).toBe(1);
      expect(again.err).toContain("Không có lời mời chưa dùng mang số này");

      const app = await openApp(loadConfig(await cli.databaseEnv()), { now: () => new Date("2026-11-27T03:00:00Z") }, { actor: "test" });
      try {
        await expect(redeemInvite(app.db, stc.code, { telegramUserId: 5, chatId: 5, displayName: "Lan" }, new Date("2026-11-27T03:00:00Z"))).rejects.toThrow("invite_expired");
        const audit = await app.db.selectFrom("audit").select(["action", "actor", "entity_id"]).where("action", "=", "invite.revoked").execute();
        expect(audit).toEqual([{ action: "invite.revoked", actor: "cli", entity_id: pending[0]!.id }]);
      } finally {
        await app.close();
      }
    });

    it.each([[["invite", "revoke"]], [["invite", "revoke", "abc"]], [["invite", "STC", "extra"]], [["invites", "x"]]])("%j is a usage error (exit 2)", async (argv) => {
      const result = await cli.run(...argv);
      expect(result.code).toBe(2);
      expect(result.err).not.toBe("");
    });
  });
});
