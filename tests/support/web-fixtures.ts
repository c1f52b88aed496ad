/**
 * For the Mini App's tests: a real database with the bundled plan and its registry, people who
 * joined by invite, and launch data signed as Telegram signs it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, bundledFiles, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { fixedClock } from "../../src/domain/clock.js";
import type { Person, PersonRole } from "../../src/domain/person.js";
import { importBundledPlanIfEmpty } from "../../src/services/runtime/first-run.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { signInitDataFields } from "../../src/services/web/web-init-data.js";
import { onPostgres } from "../../src/storage/database.js";
import { sqliteTestStore, type TestStore } from "./postgres.js";

export const TEST_BOT_TOKEN = "7000000001:AAHemulatorTestToken_0123456789abcd";

export interface WebFixture {
  app: App;
  dir: string;
  now: Date;
  join(telegramUserId: number, role: PersonRole, agencyCode: string | null, displayName?: string): Promise<Person>;
  close(): Promise<void>;
}

/** The app on a fresh database of `store` (SQLite unless told) with the bundled plan imported. */
export async function openWebFixture(now = new Date("2026-11-27T02:00:00Z"), env: Record<string, string> = {}, store: TestStore = sqliteTestStore): Promise<WebFixture> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-web-"));
  const database = await store.database(dir);
  const config = loadConfig({ BOT_TOKEN: TEST_BOT_TOKEN, ...database.env, LOG_LEVEL: "silent", ...env });
  const app = await openApp(config, fixedClock(now), { actor: "test" });
  if (onPostgres(app.db) !== (store.name === "PostgreSQL")) throw new Error(`the app did not open the ${store.name} database it was given`);
  await importBundledPlanIfEmpty({ db: app.db, timeZone: config.timeZone, registry: app.registry }, bundledFiles.plan, now);
  return {
    app,
    dir,
    now,
    async join(telegramUserId, role, agencyCode, displayName = `Người dùng ${telegramUserId}`) {
      const invite = await createInvite(app.db, { agencyCode, role, createdBy: "test", now });
      return redeemInvite(app.db, invite.code, { telegramUserId, chatId: telegramUserId, displayName }, now);
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** initData as Telegram builds it: URL-encoded fields and their hash under the bot's token. */
export function signedInitData(user: { id: number; first_name?: string }, authDate: Date, token = TEST_BOT_TOKEN, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    auth_date: String(Math.floor(authDate.getTime() / 1000)),
    query_id: `AAH${user.id}`,
    user: JSON.stringify({ id: user.id, first_name: user.first_name ?? "Lan", language_code: "vi", allows_write_to_pm: true }),
    ...extra,
  };
  return new URLSearchParams({ ...fields, hash: signInitDataFields(fields, token) }).toString();
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The service's environment for the Mini App on its own port (polling mode). */
export async function webEnv(): Promise<{ env: Record<string, string>; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/web/`;
  return { env: { WEB_APP_URL: base, WEB_PORT: String(port) }, base };
}

/** The session cookie of a login answer, ready for a Cookie header. */
export function sessionCookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /dondoc_session=([^;]+)/.exec(header);
  if (!match) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return `dondoc_session=${match[1]}`;
}
