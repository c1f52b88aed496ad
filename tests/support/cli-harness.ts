/**
 * Runs the real CLI in-process against a fresh database, capturing what it prints: a SQLite file
 * (the default), or a PostgreSQL database of the run's server when given that store
 * (tests/support/postgres.ts).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CompiledQuery } from "kysely";
import { runCli } from "../../src/cli/run.js";
import { databaseLabel } from "../../src/config.js";
import { fixedClock } from "../../src/domain/clock.js";
import { isPostgresOptions, openDatabase, type Db } from "../../src/storage/database.js";
import { sqliteTestStore, type StoreDatabase, type TestStore } from "./postgres.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** the line naming the database and Bot API (stderr in a terminal) */
  note: string;
}

export interface CliHarness {
  dir: string;
  /** the SQLite file the CLI uses (on PostgreSQL: where it would be, never created) */
  databasePath: string;
  /** the database as the CLI names it: the file's path, or the PostgreSQL URL without its password */
  readonly databaseLabel: string;
  run(...argv: string[]): Promise<CliRun>;
  /** the same with more environment variables */
  runWith(env: Record<string, string>, ...argv: string[]): Promise<CliRun>;
  json<T = unknown>(...argv: string[]): Promise<T>;
  setNow(instant: string): void;
  /** DATABASE_PATH or DATABASE_URL, for a second harness or the app on the same database */
  databaseEnv(): Promise<Record<string, string>>;
  /** the CLI's database, opened by the test too (closed by cleanup) */
  db(): Promise<Db>;
  /** SQL on the CLI's database, on either store (`?` placeholders); its rows */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  /** every row of every table (rows sorted), for "nothing changed" comparisons */
  dump(): Promise<Record<string, unknown[]>>;
  /** whether no command has written anything yet: no file on SQLite, only empty tables on PostgreSQL */
  untouched(): Promise<boolean>;
  cleanup(): Promise<void>;
}

export function createCliHarness(now = "2026-11-27T02:00:00Z", env: Record<string, string> = {}, store: TestStore = sqliteTestStore): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-cli-"));
  const databasePath = join(dir, "dondoc.sqlite");
  let clock = fixedClock(now);
  let database: Promise<StoreDatabase> | null = null;
  let db: Db | null = null;
  const storeDatabase = () => (database ??= store.database(dir));
  const open = async () => (db ??= openDatabase((await storeDatabase()).options));
  const tables = async () => (await (await open()).introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort();
  let label = databasePath;
  const harness: CliHarness = {
    dir,
    databasePath,
    get databaseLabel() {
      return label;
    },
    run: (...argv) => harness.runWith({}, ...argv),
    async runWith(more, ...argv) {
      const out: string[] = [];
      const err: string[] = [];
      const note: string[] = [];
      const databaseEnv = await harness.databaseEnv();
      const code = await runCli(argv, {
        io: { out: (t) => out.push(t), err: (t) => err.push(t), note: (t) => note.push(t) },
        env: { TIMEZONE: "Asia/Ho_Chi_Minh", ...databaseEnv, ...env, ...more },
        clock,
      });
      return { code, out: out.join("\n"), err: err.join("\n"), note: note.join("\n") };
    },
    async json<T>(...argv: string[]) {
      const result = await harness.run(...argv, "--json");
      if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.err}`);
      return JSON.parse(result.out) as T;
    },
    setNow(instant) {
      clock = fixedClock(instant);
    },
    async databaseEnv() {
      const { env: databaseEnv } = await storeDatabase();
      label = databaseLabel({ databasePath, databaseUrl: databaseEnv.DATABASE_URL ?? null });
      return databaseEnv;
    },
    db: open,
    async query<T>(text: string, ...params: unknown[]) {
      const connection = await open();
      const postgres = isPostgresOptions((await storeDatabase()).options);
      let n = 0;
      const compiled = CompiledQuery.raw(postgres ? text.replace(/\?/g, () => `$${++n}`) : text, params);
      return (await connection.executeQuery<T>(compiled)).rows;
    },
    async dump() {
      const all: Record<string, unknown[]> = {};
      for (const name of await tables()) {
        const rows = await harness.query(`select * from "${name}"`);
        all[name] = rows.map((row) => JSON.stringify(row)).sort();
      }
      return all;
    },
    async untouched() {
      if (!isPostgresOptions((await storeDatabase()).options)) return !existsSync(databasePath);
      for (const name of await tables()) {
        if (name.startsWith("kysely_")) continue;
        const [row] = await harness.query<{ n: number }>(`select count(*) as n from "${name}"`);
        if (row!.n !== 0) return false;
      }
      return true;
    },
    cleanup() {
      // Nothing to close or drop (SQLite, no query made): done at once, for callers that do not wait.
      if (db === null && store === sqliteTestStore) return Promise.resolve(rmSync(dir, { recursive: true, force: true }));
      return (async () => {
        await db?.destroy();
        await (await database)?.drop();
        rmSync(dir, { recursive: true, force: true });
      })();
    },
  };
  return harness;
}
