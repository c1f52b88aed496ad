import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, openMigratedDatabase, type Db } from "../../src/storage/database.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let db: Db;
let close: () => Promise<void>;

// Pragmas and a read-only file handle exist on SQLite only.
describe("the SQLite database", () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dondoc-db-"));
    db = await openMigratedDatabase({ path: join(dir, "nested", "dondoc.sqlite") });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs with WAL, NORMAL sync, foreign keys and a busy timeout", async () => {
    const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(1);
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(5000);
  });

  it("opens an existing file read-only without creating anything", async () => {
    const ro = openDatabase({ path: join(dir, "nested", "dondoc.sqlite"), readonly: true });
    await expect(ro.selectFrom("plans").selectAll().execute()).resolves.toEqual([]);
    await ro.destroy();
  });
});

describe.each(stores)("the database on $name", (store) => {
  beforeEach(async () => ({ db, close } = await store.open()));
  afterEach(async () => await close());

  it("holds the whole domain model and migrates only once", async () => {
    const tables = (await db.introspection.getTables())
      .map((t) => t.name)
      .filter((name) => !name.startsWith("kysely_"))
      .sort();
    expect(tables).toEqual([
      "agencies",
      "assignments",
      "audit",
      "bot_messages",
      "collective_members",
      "collectives",
      "cycles",
      "extension_requests",
      "handled_updates",
      "instance_lock",
      "invites",
      "leases",
      "notices",
      "pending_replies",
      "people",
      "plan_uploads",
      "plans",
      "reminders",
      "settings",
      "status_updates",
      "tasks",
      "web_init_data_seen",
      "web_login_links",
      "web_sessions",
    ]);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it("refuses what the model forbids", async () => {
    const now = "2026-11-27T00:00:00.000Z";
    await expect(db.insertInto("assignments").values({ task_id: 999, agency_id: 999, role: "lead", removed_at: null, created_at: now }).execute()).rejects.toThrow(/foreign key/i);
    await expect(
      db
        .insertInto("people")
        .values({ telegram_user_id: 1, chat_id: 1, display_name: "A", agency_id: null, role: "king" as never, created_at: now, updated_at: now })
        .execute(),
    ).rejects.toThrow(/check/i);
  });

  it("stores a Telegram update once", async () => {
    const now = "2026-11-27T00:00:00.000Z";
    const agency = await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const plan = await db
      .insertInto("plans")
      .values({ code: "P", title: "P", issued_on: null, source_file: "f", source_hash: "h", imported_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = await insertTaskRow(db, { plan_id: plan.id, ref: "1", text: "t", at: now });
    const assignment = await db
      .insertInto("assignments")
      .values({ task_id: task.id, agency_id: agency.id, role: "lead", removed_at: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cycle = await db
      .insertInto("cycles")
      .values({ assignment_id: assignment.id, period: "open", original_due_on: null, due_on: null, completed_at: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const update = {
      cycle_id: cycle.id,
      person_id: null,
      kind: "note" as const,
      percent: null,
      source: "reply" as const,
      telegram_update_id: 42,
      telegram_message_id: null,
      undone_at: null,
      chat_id: null,
      previous_completed_at: null,
      created_at: now,
      updated_at: now,
    };
    await db.insertInto("status_updates").values(update).execute();
    await expect(db.insertInto("status_updates").values(update).execute()).rejects.toThrow(/unique/i);
  });
});
