/**
 * Opens the SQLite database with the pragmas dondoc relies on and brings its schema up to date.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

export class MigrationError extends Error {
  constructor(
    readonly migration: string | null,
    cause: unknown,
  ) {
    super(`Database migration ${migration ?? "(unknown)"} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "MigrationError";
  }
}

export interface OpenOptions {
  /** `:memory:` for a throwaway database. */
  path: string;
  readonly?: boolean;
}

export function openDatabase({ path, readonly = false }: OpenOptions): Db {
  if (path !== ":memory:" && !readonly) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path, { readonly, fileMustExist: readonly });
  if (!readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Applies every pending migration; kysely's migrator reports errors instead of throwing. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === "Error");
  if (error || failed) throw new MigrationError(failed?.migrationName ?? null, error ?? "unknown error");
  return results.filter((result) => result.status === "Success").map((result) => result.migrationName);
}

export async function openMigratedDatabase(options: OpenOptions): Promise<Db> {
  const db = openDatabase(options);
  try {
    await migrateToLatest(db);
    return db;
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
