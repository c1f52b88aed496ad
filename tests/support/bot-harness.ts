/**
 * The real service (the same startService as `npm start`) on a fresh database, talking over
 * real HTTP to the local Bot API emulator. The clock is fixed and can be moved. The database is
 * a SQLite file, or a PostgreSQL database of the run's server when given that store
 * (tests/support/postgres.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/domain/clock.js";
import { createLogger } from "../../src/logger.js";
import { startService, type Service } from "../../src/service.js";
import { onPostgres } from "../../src/storage/database.js";
import { createInvite } from "../../src/services/people/people.js";
import type { PersonRole } from "../../src/domain/person.js";
import { startBotApiEmulator, type BotApiEmulator, type SentMessage, type SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { cycleIdOf } from "./cycles.js";
import { sqliteTestStore, type TestStore } from "./postgres.js";

export interface BotHarness {
  emu: BotApiEmulator;
  service: Service;
  dir: string;
  /** DATABASE_PATH or DATABASE_URL of the service's database, for another process on it */
  databaseEnv: Record<string, string>;
  logs: string[];
  announced: string[];
  setNow(instant: string): void;
  now(): Date;
  invite(agencyCode: string | null, role?: PersonRole): Promise<string>;
  /** waits until the bot has handled everything sent so far */
  settle(): Promise<void>;
  /** stops the service and starts it again on the same database (a restart) */
  restart(): Promise<void>;
  /** the user sends /tasks and opens the card of `ref` from the first page */
  openCard(user: SimulatedUser, ref: string): Promise<SentMessage>;
  /** the id of the cycle of `ref` led by `agencyCode` */
  cycleIdOf(ref: string, agencyCode: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startBotHarness(options: { now?: string; env?: Record<string, string>; store?: TestStore } = {}): Promise<BotHarness> {
  const emu = await startBotApiEmulator();
  const dir = mkdtempSync(join(tmpdir(), "dondoc-e2e-"));
  const database = await (options.store ?? sqliteTestStore).database(dir);
  let current = new Date(options.now ?? "2026-11-27T02:00:00Z");
  const clock: Clock = { now: () => new Date(current) };
  const config = loadConfig({
    BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.url,
    ...database.env,
    LOG_LEVEL: "debug",
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const announced: string[] = [];
  const start = () =>
    startService({
      config: { ...config, botToken: config.botToken! },
      clock,
      logger: createLogger(config, { destination }),
      announce: (line) => announced.push(line),
      schedule: false,
      // settle() means "the bot asked for the next batch": in production a batch waits at most
      // 1 s for a slow chat (tests/robustness/slow-chat.test.ts); here it waits for every handler.
      polling: { batchWaitMs: 120_000 },
    });
  let service = await start();
  const store = options.store ?? sqliteTestStore;
  if (onPostgres(service.app.db) !== (store.name === "PostgreSQL")) throw new Error(`the service did not open the ${store.name} database it was given`);
  return {
    emu,
    get service() {
      return service;
    },
    dir,
    databaseEnv: database.env,
    logs,
    announced,
    setNow(instant) {
      current = new Date(instant);
    },
    now: () => new Date(current),
    async invite(agencyCode, role = "focal") {
      const invite = await createInvite(service.app.db, { agencyCode, role, createdBy: "test", now: clock.now() });
      return invite.code;
    },
    settle: () => emu.idle(10_000),
    async openCard(user, ref) {
      user.sendCommand("/tasks");
      await emu.idle(10_000);
      const list = user.lastReceived()!;
      user.pressButton(list, buttonData(list, ref));
      await emu.idle(10_000);
      return user.lastReceived()!;
    },
    cycleIdOf: (ref, agencyCode) => cycleIdOf(service.app.db, ref, agencyCode),
    async restart() {
      await service.stop("restart");
      service = await start();
    },
    async stop() {
      await service.stop("test");
      await emu.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The callback data of the first button whose label contains `label`. */
export function buttonData(message: SentMessage | undefined, label: string): string {
  const rows = ((message?.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat();
  const found = rows.find((b) => b.text.includes(label));
  if (!found?.callback_data) throw new Error(`no button "${label}" in ${JSON.stringify(rows.map((b) => b.text))}`);
  return found.callback_data;
}
