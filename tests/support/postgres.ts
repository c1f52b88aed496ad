/**
 * PostgreSQL for the test files: the run's server (started by globalSetup, tests/support/
 * postgres-setup.ts and postgres-server.ts), a fresh database per test file or test, and the
 * stores a storage test runs on (SQLite always, PostgreSQL where its server runs).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, openMigratedDatabase, type Db, type OpenOptions } from "../../src/storage/database.js";
import type { PostgresStatus } from "./postgres-server.js";

/** What globalSetup hands the test files: where the server will listen, and the file that says when it does (or why it cannot). */
export interface PostgresProvided {
  adminUrl: string;
  statusFile: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: PostgresProvided;
  }
}

type RunServer = { adminUrl: string; version: string; template: string } | { reason: string };
let known: Promise<RunServer> | null = null;

/** Waits for the run's server (globalSetup starts it in the background). */
async function runServer(): Promise<RunServer> {
  const { adminUrl, statusFile } = inject("postgres");
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (existsSync(statusFile)) {
      const status = JSON.parse(readFileSync(statusFile, "utf8")) as PostgresStatus;
      return status.ready ? { adminUrl, version: status.version, template: status.template } : { reason: status.reason };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { reason: "the server did not start within 120 s" };
}

/**
 * The admin URL of the run's server, or null with the reason printed (the PostgreSQL tests
 * then do not run); under CI=true a server that cannot run fails the test file instead.
 */
export async function postgresOrSkip(): Promise<string | null> {
  known ??= runServer();
  const server = await known;
  if ("adminUrl" in server) return server.adminUrl;
  if (process.env.CI === "true") throw new Error(`PostgreSQL is required under CI=true: ${server.reason}`);
  console.warn(`PostgreSQL tests skipped: ${server.reason}`);
  return null;
}

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database on the run's server (a copy of `template` when given): its URL and how to drop it. */
export async function createPostgresDatabase(adminUrl: string, template?: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `dondoc_${randomBytes(6).toString("hex")}`;
  // file_copy: for a small template, copying its files beats writing them through the WAL
  await admin(adminUrl, (client) => client.query(`create database ${name}${template ? ` template ${template} strategy file_copy` : ""}`));
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: async () => void (await admin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`))),
  };
}

/** A database of a store for a test that runs the CLI, the app or the service on it itself. */
export interface StoreDatabase {
  /** what names it to the configuration: DATABASE_PATH on SQLite, DATABASE_URL on PostgreSQL */
  readonly env: Record<string, string>;
  /** how the test opens it too (storage/database.ts) */
  readonly options: OpenOptions;
  /** drops it (PostgreSQL); on SQLite the file goes with its folder */
  drop(): Promise<void>;
}

/** A store a storage test runs on: each `open` gives a fresh, migrated, empty database. */
export interface TestStore {
  readonly name: "SQLite" | "PostgreSQL";
  /** `url`: PostgreSQL's, for a test that opens a second pool on the same database */
  open(): Promise<{ db: Db; close: () => Promise<void>; url?: string }>;
  /**
   * A fresh database for the CLI or the service to open: on SQLite a file `dondoc.sqlite` in
   * `dir` that does not exist yet (the first command creates it), on PostgreSQL an empty,
   * migrated database of its own.
   */
  database(dir: string): Promise<StoreDatabase>;
}

const sqliteStore: TestStore = {
  name: "SQLite",
  async open() {
    // a file, as the service has it (WAL, a second connection may open it)
    const dir = mkdtempSync(join(tmpdir(), "dondoc-db-"));
    const db = await openMigratedDatabase({ path: join(dir, "dondoc.sqlite") });
    return {
      db,
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  async database(dir) {
    const path = join(dir, "dondoc.sqlite");
    return { env: { DATABASE_PATH: path }, options: { path }, drop: async () => {} };
  },
};

function postgresStore(adminUrl: string, template: string): TestStore {
  // Each test's database is a copy of the run's migrated template (tens of ms; globalSetup migrates it once).
  return {
    name: "PostgreSQL",
    async open() {
      const { url, drop } = await createPostgresDatabase(adminUrl, template);
      const db = openDatabase({ url });
      return {
        db,
        url,
        close: async () => {
          await db.destroy();
          await drop();
        },
      };
    },
    async database() {
      const { url, drop } = await createPostgresDatabase(adminUrl, template);
      return { env: { DATABASE_URL: url }, options: { url }, drop };
    },
  };
}

/** SQLite: what a test runs on when it names no store. */
export const sqliteTestStore = sqliteStore;

/** SQLite, and PostgreSQL where the run's server runs (see postgresOrSkip). */
export async function testStores(): Promise<TestStore[]> {
  const adminUrl = await postgresOrSkip();
  const server = await known!;
  return adminUrl && "template" in server ? [sqliteStore, postgresStore(adminUrl, server.template)] : [sqliteStore];
}
