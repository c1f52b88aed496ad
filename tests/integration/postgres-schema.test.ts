/**
 * One set of migrations builds the same schema on SQLite and on PostgreSQL (DATABASE_URL), and
 * the triggers that keep /status counts right behave alike on both. Runs against the run's
 * throwaway PostgreSQL server (tests/support/postgres.ts).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest, openMigratedDatabase, type Db } from "../../src/storage/database.js";
import { createPostgresDatabase, postgresOrSkip, testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

const stores = await testStores();
const postgres = stores.find((store) => store.name === "PostgreSQL");

interface ColumnShape {
  name: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
  autoIncrement: boolean;
  primaryKey: boolean;
}

/** Primary-key columns as "table.column". */
async function primaryKeys(db: Db, pg: boolean): Promise<Set<string>> {
  const query = pg
    ? sql<{ key: string }>`select tc.table_name || '.' || k.column_name as key from information_schema.table_constraints tc
        join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name and k.table_schema = tc.table_schema and k.table_name = tc.table_name
        where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public'`
    : sql<{ key: string }>`select m.name || '.' || p.name as key from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.pk > 0`;
  return new Set((await query.execute(db)).rows.map((r) => r.key));
}

/** Tables declared with SQLite's AUTOINCREMENT (an `integer primary key` without it is a plain rowid). */
async function sqliteAutoIncrementTables(db: Db): Promise<Set<string>> {
  const rows = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql like '%autoincrement%'`.execute(db)).rows;
  return new Set(rows.map((r) => r.name));
}

/**
 * Tables and columns as kysely's introspection sees them, with the dialects' words made one:
 * integer is bigint on PostgreSQL, and SQLite reports a primary-key column as nullable and
 * every `integer primary key` as autoincrementing.
 */
async function shape(db: Db, pg: boolean): Promise<Record<string, ColumnShape[]>> {
  const sameType: Record<string, string> = { int8: "integer", bigint: "integer", integer: "integer", text: "text" };
  const keys = await primaryKeys(db, pg);
  const autoIncrement = pg ? null : await sqliteAutoIncrementTables(db);
  const tables = await db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((table) => !table.name.startsWith("kysely_"))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((table) => [
        table.name,
        table.columns
          .map((c) => {
            const primaryKey = keys.has(`${table.name}.${c.name}`);
            const increments = c.isAutoIncrementing && (autoIncrement?.has(table.name) ?? true);
            return {
              name: c.name,
              type: sameType[c.dataType.toLowerCase()] ?? c.dataType,
              nullable: c.isNullable && !primaryKey,
              hasDefault: c.hasDefaultValue || increments,
              autoIncrement: increments,
              primaryKey,
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name)),
      ]),
  );
}

describe.runIf(postgres)("migrations on PostgreSQL", () => {
  let sqlite: Db;
  let pg: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    sqlite = await openMigratedDatabase({ path: ":memory:" });
    const created = await createPostgresDatabase((await postgresOrSkip())!);
    drop = created.drop;
    pg = await openMigratedDatabase({ url: created.url });
  });
  afterAll(async () => {
    await sqlite?.destroy();
    await pg?.destroy();
    await drop?.();
  });

  it("build the same tables and columns as on SQLite", async () => {
    const [onSqlite, onPostgres] = await Promise.all([shape(sqlite, false), shape(pg, true)]);
    expect(Object.keys(onPostgres)).toEqual(Object.keys(onSqlite));
    expect(Object.keys(onSqlite)).toContain("cycles");
    expect(onPostgres).toEqual(onSqlite);
  });

  it("run once: a second migration finds nothing to do", async () => {
    expect(await migrateToLatest(pg)).toEqual([]);
  });
});

describe.each(stores)("the schema on $name", (store) => {
  let db: Db;
  let close: () => Promise<void>;
  const now = "2026-11-27T00:00:00.000Z";

  beforeAll(async () => ({ db, close } = await store.open()));
  afterAll(async () => await close?.());

  it("keeps a cycle's agency and whether it counts in step with its assignment and task", async () => {
    const { id: agency } = await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const { id: other } = await db.insertInto("agencies").values({ code: "SYT", name: "Sở Y tế", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const { id: plan } = await db
      .insertInto("plans")
      .values({ code: "P", title: "P", issued_on: null, source_file: "f", source_hash: "h", imported_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: taskId } = await insertTaskRow(db, { plan_id: plan, ref: "1", text: "t", at: now });
    const { id: lead } = await db
      .insertInto("assignments")
      .values({ task_id: taskId, agency_id: agency, role: "lead", removed_at: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: coordinate } = await db
      .insertInto("assignments")
      .values({ task_id: taskId, agency_id: other, role: "coordinate", removed_at: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cycle = (assignment: number) => ({ assignment_id: assignment, period: "open", original_due_on: null, due_on: null, completed_at: null, created_at: now });
    await db
      .insertInto("cycles")
      .values([cycle(lead), cycle(coordinate)])
      .execute();
    const cycles = async () => await db.selectFrom("cycles").select(["assignment_id", "agency_id", "in_force"]).orderBy("assignment_id").execute();

    // only the lead's cycle counts; each carries its assignment's agency
    expect(await cycles()).toEqual([
      { assignment_id: lead, agency_id: agency, in_force: 1 },
      { assignment_id: coordinate, agency_id: other, in_force: 0 },
    ]);
    await db.updateTable("assignments").set({ agency_id: other }).where("id", "=", lead).execute();
    expect((await cycles())[0]).toEqual({ assignment_id: lead, agency_id: other, in_force: 1 });
    await db.updateTable("tasks").set({ removed_at: now }).where("id", "=", taskId).execute();
    expect((await cycles()).map((c) => c.in_force)).toEqual([0, 0]);
    await db.updateTable("tasks").set({ removed_at: null }).where("id", "=", taskId).execute();
    await db.updateTable("assignments").set({ removed_at: now }).where("id", "=", lead).execute();
    expect((await cycles()).map((c) => c.in_force)).toEqual([0, 0]);
  });

  it("stamps a new agency with the UTC instant in the application's format, and keeps Telegram ids whole", async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const { id } = await db.insertInto("agencies").values({ code: "SXD", name: "Sở Xây dựng", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const row = await db.selectFrom("agencies").select(["created_at", "updated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(row.created_at >= before && row.created_at <= new Date(Date.now() + 1000).toISOString()).toBe(true);

    // a supergroup chat id and a user id past 2^32: integers on SQLite, bigint on PostgreSQL
    const person = { telegram_user_id: 7_012_345_678, chat_id: -1_001_234_567_890, display_name: "Chị Lan", agency_id: id, role: "focal" as const, created_at: now, updated_at: now };
    await db.insertInto("people").values(person).execute();
    expect(await db.selectFrom("people").select(["telegram_user_id", "chat_id"]).executeTakeFirstOrThrow()).toEqual({ telegram_user_id: 7_012_345_678, chat_id: -1_001_234_567_890 });
    const { count } = await db
      .selectFrom("people")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(count).toBe(1);
  });

  it("refuses what the model forbids", async () => {
    await expect(db.insertInto("assignments").values({ task_id: 999, agency_id: 999, role: "lead", removed_at: null, created_at: now }).execute()).rejects.toThrow(/foreign key/i);
    await expect(
      db
        .insertInto("people")
        .values({ telegram_user_id: 1, chat_id: 1, display_name: "A", agency_id: null, role: "king" as never, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/check/i);
  });
});
