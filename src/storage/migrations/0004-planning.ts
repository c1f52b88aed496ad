/**
 * Planning that touches only what is due: each open cycle carries the instant of its next
 * reminder stage not yet planned ('' — before every instant — to plan it at the next tick), so a steady tick reads a
 * handful of rows instead of every open cycle. Tasks may carry their own reminder ladder, and
 * a small key–value table keeps the planner's latest instant (to notice the clock going back).
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("cycles")
    .addColumn("next_stage_at", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`create index cycles_next_stage_idx on cycles (next_stage_at) where completed_at is null`.execute(db);
  await db.schema.alterTable("tasks").addColumn("ladder", "text").execute();
  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("settings").execute();
  await db.schema.alterTable("tasks").dropColumn("ladder").execute();
  await db.schema.dropIndex("cycles_next_stage_idx").execute();
  await db.schema.alterTable("cycles").dropColumn("next_stage_at").execute();
}
