/**
 * Opens the database and brings its schema up to date: SQLite (a file, the default) with the
 * pragmas dondoc relies on, or PostgreSQL when given a `postgres://` URL (DATABASE_URL).
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from "kysely";
import { createRequire } from "node:module";
import type * as Pg from "pg";
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

export type OpenOptions = SqliteOptions | PostgresOptions;

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** connections in the pool (default 10) */
  poolSize?: number;
  /** how long the server lets a session sit idle inside a transaction before ending it (default 30 s) */
  idleInTransactionMs?: number;
  /**
   * A connection the server ended or lost between queries (a restart, a timeout): told here,
   * never thrown (pg would otherwise crash the process). The pool drops that connection and the
   * next query opens a new one. Default: a process warning on stderr.
   */
  onConnectionError?: (error: Error) => void;
}

export interface SqliteOptions {
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

/**
 * Transactions begin IMMEDIATE: they take the write lock first, waiting out another writer (the
 * CLI in a second process) with the busy timeout. A deferred one reads first and then fails at
 * once with SQLITE_BUSY when its write finds that another connection wrote in between.
 * SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR): then
 * there is nothing to roll back, and trying would hide that error behind "no transaction is active".
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly sqlite: SQLite.Database,
  ) {
    super(settings);
  }

  override createDriver(): Driver {
    const sqlite = this.sqlite;
    return new (class extends SqliteDriver {
      override async beginTransaction(connection: DatabaseConnection): Promise<void> {
        await connection.executeQuery(CompiledQuery.raw("begin immediate"));
      }

      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (sqlite.open && sqlite.inTransaction) await super.rollbackTransaction(connection);
      }
    })(this.settings);
  }
}

/** The database cannot be opened for writing: said once, with its path, instead of a stack trace. */
export class DatabaseAccessError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    cause?: unknown,
  ) {
    super(
      `Không ghi được cơ sở dữ liệu ${path}: ${reason}. Hãy kiểm tra quyền ghi tệp và thư mục chứa nó, chỗ trống trên đĩa, hoặc đặt DATABASE_PATH khác.\n(English: cannot write the database ${path}: ${cause instanceof Error ? cause.message : reason}.)`,
      { cause },
    );
    this.name = "DatabaseAccessError";
  }
}

const accessReasons: Array<[RegExp, string]> = [
  [/^SQLITE_READONLY_DIRECTORY$/, "thư mục chứa nó chỉ cho đọc"],
  [/^SQLITE_READONLY/, "tệp chỉ cho đọc"],
  [/^SQLITE_CANTOPEN/, "không mở được tệp (thư mục không có hoặc không có quyền)"],
  [/^(SQLITE_PERM|SQLITE_AUTH|EACCES|EPERM|EROFS)$/, "không có quyền"],
  [/^SQLITE_FULL$|^ENOSPC$/, "đĩa đã đầy"],
  // mkdir -p through a regular file fails with EEXIST, opening through one with ENOTDIR
  [/^(ENOTDIR|EEXIST)$/, "một phần của đường dẫn là tệp chứ không phải thư mục"],
  [/^EISDIR$/, "đường dẫn là một thư mục, không phải tệp"],
  [/^SQLITE_IOERR/, "lỗi đọc ghi đĩa"],
];

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** An error of opening the file, as a DatabaseAccessError; anything else as it was. */
function asAccessError(path: string, error: unknown): unknown {
  const found = [error, (error as { cause?: unknown } | null)?.cause].find((e) => typeof (e as { code?: unknown } | null)?.code === "string");
  const code = (found as { code?: string } | undefined)?.code ?? "";
  const reason = accessReasons.find(([pattern]) => pattern.test(code))?.[1];
  return reason ? new DatabaseAccessError(path, reason, found) : error;
}

/**
 * PostgreSQL returns 64-bit integers (bigint columns, count(*)) and numerics (sum, avg) as
 * strings, since they may exceed a JavaScript number; dondoc's ids, Telegram ids and counts all
 * fit in 2^53, and the repositories expect numbers as SQLite gives them.
 */
function pgTypes(pg: typeof Pg): Pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: "text" | "binary") => {
      if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    }) as Pg.CustomTypesConfig["getTypeParser"],
  };
}

const warnConnectionError = (error: Error) => process.emitWarning(`PostgreSQL connection error: ${error.message}`);

function openPostgres({ url, poolSize = 10, idleInTransactionMs = 30_000, onConnectionError = warnConnectionError }: PostgresOptions): Db {
  // Loaded only for PostgreSQL: pg costs a SQLite service ~15 MB of resident memory otherwise.
  const pg = createRequire(import.meta.url)("pg") as typeof Pg;
  // A process frozen (SIGSTOP, a suspended VM) inside a transaction would keep its row locks:
  // claimed reminders stay locked, skipped by the new leader's SKIP LOCKED claims. The server
  // ends such a session after 30 s, rolling the claim back (dondoc never waits on Telegram
  // inside a transaction, so a live one is never idle that long).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes(pg), application_name: "dondoc", idle_in_transaction_session_timeout: idleInTransactionMs });
  // An 'error' event without a listener is thrown. Each connection tells its first error once
  // (checked out or idle): a session the server ends sends its reason, and the socket's close
  // may follow as "Connection terminated unexpectedly", which says nothing new. The pool
  // repeats an idle one's, already told.
  pool.on("connect", (client) => {
    let told = false;
    client.on("error", (error) => {
      if (told) return;
      told = true;
      onConnectionError(error);
    });
  });
  pool.on("error", () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool, onCreateConnection: async (connection) => withoutNulParameters(connection) }) });
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can): a Telegram name or a reply with one
 * would fail its whole write ("invalid byte sequence for encoding UTF8: 0x00"). The character
 * means nothing in any text dondoc keeps, so strings bound on a PostgreSQL connection lose it —
 * every query, built or prepared (prepared.ts binds after kysely's plugins have run).
 */
function withoutNulParameters(connection: DatabaseConnection): void {
  const execute = connection.executeQuery.bind(connection);
  connection.executeQuery = (query) => execute(query.parameters.some(hasNul) ? { ...query, parameters: query.parameters.map((p) => (hasNul(p) ? p.replaceAll("\u0000", "") : p)) } : query);
}

const hasNul = (value: unknown): value is string => typeof value === "string" && value.includes("\u0000");

/** Whether the database is PostgreSQL: for the few queries storage/ writes per dialect. */
export function onPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function isPostgresOptions(options: OpenOptions): options is PostgresOptions {
  return "url" in options;
}

export function openDatabase(options: OpenOptions): Db {
  if (isPostgresOptions(options)) return openPostgres(options);
  const { path, readonly = false, backgroundCheckpointMs } = options;
  let sqlite: SQLite.Database | null = null;
  try {
    if (path !== ":memory:" && !readonly) {
      mkdirSync(dirname(path), { recursive: true });
      // SQLite opens a file it may not write read-only without a word; the first write would fail.
      if (existsSync(path) && !isWritable(path)) throw Object.assign(new Error("the file is read-only"), { code: "SQLITE_READONLY" });
    }
    sqlite = new SQLite(path, { readonly, fileMustExist: readonly });
    if (!readonly) {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = NORMAL");
    }
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
  } catch (error) {
    sqlite?.close();
    throw path === ":memory:" ? error : asAccessError(path, error);
  }
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
  return new Kysely<Database>({ dialect: readonly ? new SqliteDialect({ database }) : new ImmediateSqliteDialect({ database }, sqlite) });
}

/** Which file a path names now: device and inode, or null when nothing is there. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export function fileIdentityOf(path: string): FileIdentity | null {
  try {
    const stats = statSync(path);
    return { dev: stats.dev, ino: stats.ino };
  } catch {
    return null;
  }
}

/**
 * Whether the path still names the file this process opened: a database deleted or replaced
 * under a running service keeps taking writes into the old, unlinked file, which are lost.
 */
export function isSameFile(opened: FileIdentity, path: string): boolean {
  const now = fileIdentityOf(path);
  return now !== null && now.dev === opened.dev && now.ino === opened.ino;
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
    throw isPostgresOptions(options) || options.path === ":memory:" ? error : asAccessError(options.path, error);
  }
}
