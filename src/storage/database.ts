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
  /**
   * For the long-running service: checkpoint the WAL from a timer every this many ms instead of
   * on the commit that crosses SQLite's 1,000-page threshold. A checkpoint syncs the database
   * file; done on a reply's commit it costs that reply milliseconds, done every few seconds it
   * copies each hot page once. SQLite's own threshold stays as a backstop at 16,000 pages
   * (64 MB) in case the timer cannot keep up.
   */
  backgroundCheckpointMs?: number;
}

/**
 * better-sqlite3 prepares a statement on every `prepare` call, and kysely calls it for every
 * query: on the hot paths that is a fifth of the CPU. Statements are reused by their SQL text.
 */
function withStatementCache(sqlite: SQLite.Database, onClose: () => void, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  const close = () => {
    onClose();
    return sqlite.close();
  };
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === "close") return close;
      if (property !== "prepare") {
        const value: unknown = Reflect.get(target, property, target);
        // Native methods must be called on the real object, not the proxy.
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          statement = prepare(source);
          if (cache.size >= limit) cache.delete(cache.keys().next().value!);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

export function openDatabase({ path, readonly = false, backgroundCheckpointMs }: OpenOptions): Db {
  if (path !== ":memory:" && !readonly) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path, { readonly, fileMustExist: readonly });
  if (!readonly) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  let timer: NodeJS.Timeout | undefined;
  if (backgroundCheckpointMs !== undefined && !readonly && path !== ":memory:") {
    sqlite.pragma("wal_autocheckpoint = 16000");
    timer = setInterval(() => {
      // PASSIVE never waits for readers or writers; a busy database is checkpointed next time.
      try {
        sqlite.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // SQLITE_BUSY or a closing database: the next interval (or the backstop) catches up.
      }
    }, backgroundCheckpointMs).unref();
  }
  const database = withStatementCache(sqlite, () => clearInterval(timer));
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
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
