/**
 * What a migration writes differently on SQLite and on PostgreSQL, so that one set of
 * migrations builds the same tables on both. On SQLite every helper gives exactly what the
 * migrations wrote before PostgreSQL was supported (a shipped migration's SQL does not change).
 * Frozen like the migrations: change nothing here that a shipped migration uses.
 */
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from "kysely";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export function portable(db: AnyDb) {
  const pg = isPostgres(db);
  return {
    pg,
    /** whole numbers: Telegram user and chat ids exceed PostgreSQL's 32-bit integer */
    int: pg ? ("bigint" as const) : ("integer" as const),
    /** a table's own id: SQLite's autoincrementing rowid, a PostgreSQL identity */
    id: (c: ColumnDefinitionBuilder) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()),
    /** the current UTC instant as the application writes it: 2026-11-27T08:00:00.000Z */
    now: pg ? sql`(to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  };
}

/** A PostgreSQL row trigger runs a function: the bodies of SQLite's triggers, in PL/pgSQL. */
export async function createPgTrigger(db: AnyDb, name: string, timing: string, body: string): Promise<void> {
  await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} end $$`).execute(db);
  await sql.raw(`create trigger ${name} ${timing} for each row execute function ${name}()`).execute(db);
}

export async function dropPgTrigger(db: AnyDb, name: string, table: string): Promise<void> {
  await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
  await sql.raw(`drop function ${name}()`).execute(db);
}
