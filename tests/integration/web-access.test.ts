/** Who gets into the Mini App: initData once and fresh, one-time login links, sessions that end, roles re-read. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deactivatePerson, movePerson } from "../../src/services/people/people.js";
import { createLoginLink, loginWithInitData, loginWithLink, viewerOfSession } from "../../src/services/web/web-access.js";
import { testStores } from "../support/postgres.js";
import { openWebFixture, signedInitData, TEST_BOT_TOKEN, type WebFixture } from "../support/web-fixtures.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let f: WebFixture;
describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    f = await openWebFixture(undefined, undefined, store);
  });
  afterEach(() => f.close());

  const at = (offsetMinutes: number) => ({ adminIds: [9001], now: new Date(f.now.getTime() + offsetMinutes * 60_000) });

  describe("initData login", () => {
    it("gives a coordinator a session; the same initData a second time is refused (replay)", async () => {
      await f.join(501, "coordinator", null, "Điều phối Lan");
      const initData = signedInitData({ id: 501 }, f.now);
      const first = await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, at(1));
      expect(first).toMatchObject({ ok: true, viewer: { role: "coordinator", name: "Điều phối Lan" } });
      expect(await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, at(2))).toEqual({ ok: false, reason: "replay" });
    });

    it("takes the same initData again only from the person holding the session it gave (a reload inside Telegram)", async () => {
      await f.join(510, "coordinator", null);
      await f.join(511, "coordinator", null);
      const initData = signedInitData({ id: 510 }, f.now);
      const first = await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, at(1));
      const other = await loginWithInitData(f.app.db, signedInitData({ id: 511 }, f.now), TEST_BOT_TOKEN, at(1));
      if (!first.ok || !other.ok) throw new Error("login refused");
      expect(await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, { ...at(2), currentSession: first.token })).toMatchObject({ ok: true, token: first.token });
      expect(await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, { ...at(2), currentSession: other.token })).toEqual({ ok: false, reason: "replay" });
      expect(await loginWithInitData(f.app.db, initData, TEST_BOT_TOKEN, { ...at(2), currentSession: null })).toEqual({ ok: false, reason: "replay" });
    });

    it("refuses forged and stale initData, strangers and deactivated people", async () => {
      const officer = await f.join(502, "focal", "STC");
      expect(await loginWithInitData(f.app.db, signedInitData({ id: 502 }, f.now, "7000000001:AAHsomeoneElsesToken_0123456789abcd"), TEST_BOT_TOKEN, at(0))).toEqual({
        ok: false,
        reason: "bad_hash",
      });
      expect(await loginWithInitData(f.app.db, signedInitData({ id: 502 }, new Date(f.now.getTime() - 2 * 3_600_000)), TEST_BOT_TOKEN, at(0))).toEqual({ ok: false, reason: "stale" });
      expect(await loginWithInitData(f.app.db, signedInitData({ id: 777 }, f.now), TEST_BOT_TOKEN, at(0))).toEqual({ ok: false, reason: "stranger" });
      await deactivatePerson(f.app.db, { personId: officer.id, actor: "test", now: f.now });
      expect(await loginWithInitData(f.app.db, signedInitData({ id: 502 }, f.now), TEST_BOT_TOKEN, at(0))).toEqual({ ok: false, reason: "stranger" });
    });

    it("lets an admin named in the configuration in without a person record", async () => {
      expect(await loginWithInitData(f.app.db, signedInitData({ id: 9001 }, f.now), TEST_BOT_TOKEN, at(0))).toMatchObject({ ok: true, viewer: { role: "coordinator", isAdmin: true } });
    });
  });

  describe("sessions", () => {
    it("re-read the person at every request: a focal officer sees one agency, a deactivated one nothing", async () => {
      const officer = await f.join(503, "focal", "STC");
      const login = await loginWithInitData(f.app.db, signedInitData({ id: 503 }, f.now), TEST_BOT_TOKEN, at(0));
      if (!login.ok) throw new Error(login.reason);
      expect(await viewerOfSession(f.app.db, login.token, at(5))).toMatchObject({ role: "focal", agencyId: officer.agencyId });
      await movePerson(f.app.db, { personId: officer.id, agencyCode: "SKHDT", role: "coordinator", actor: "test", now: f.now });
      expect(await viewerOfSession(f.app.db, login.token, at(6))).toMatchObject({ role: "coordinator" });
      await deactivatePerson(f.app.db, { personId: officer.id, actor: "test", now: f.now });
      expect(await viewerOfSession(f.app.db, login.token, at(7))).toBeNull();
    });

    it("expire after eight hours, and are stored as hashes only", async () => {
      await f.join(504, "coordinator", null);
      const login = await loginWithInitData(f.app.db, signedInitData({ id: 504 }, f.now), TEST_BOT_TOKEN, at(0));
      if (!login.ok) throw new Error(login.reason);
      expect(await viewerOfSession(f.app.db, login.token, at(8 * 60 - 1))).not.toBeNull();
      expect(await viewerOfSession(f.app.db, login.token, at(8 * 60))).toBeNull();
      expect(await viewerOfSession(f.app.db, "not-a-session-token-at-all-xyz", at(0))).toBeNull();
      const stored = JSON.stringify(await f.app.db.selectFrom("web_sessions").selectAll().execute());
      expect(stored).not.toContain(login.token);
    });
  });

  describe("login links from /web", () => {
    it("work once, for ten minutes, and only for people who may see the app", async () => {
      const coordinator = await f.join(505, "coordinator", null);
      const actor = { telegramUserId: 505, person: coordinator, isConfigAdmin: false };
      const link = (await createLoginLink(f.app.db, actor, f.now))!;
      expect(await loginWithLink(f.app.db, link.code, at(9))).toMatchObject({ ok: true, viewer: { role: "coordinator" } });
      expect(await loginWithLink(f.app.db, link.code, at(9))).toEqual({ ok: false, reason: "link_invalid" });
      const late = (await createLoginLink(f.app.db, actor, f.now))!;
      expect(await loginWithLink(f.app.db, late.code, at(10))).toEqual({ ok: false, reason: "link_invalid" });
      expect(await createLoginLink(f.app.db, { telegramUserId: 888, person: null, isConfigAdmin: false }, f.now)).toBeNull();
    });
  });
});
