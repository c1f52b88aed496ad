/**
 * Delivery: per-person notices (backlog summaries, check-ins, escalations, digests, extension
 * decisions) beside the per-cycle reminder ledger, retry timing for both, and the lock that
 * keeps a second bot process off the same database.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int, id } = portable(db);
  await db.schema
    .createTable("notices")
    .addColumn("id", int, id)
    .addColumn("person_id", int, (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("planned_at", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("planned").check(sql`state in ('planned', 'sending', 'sent', 'failed', 'skipped')`))
    .addColumn("attempts", int, (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("last_error", "text")
    .addColumn("telegram_message_id", int)
    .addColumn("sent_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notices_person_key_unique", ["person_id", "key"])
    .execute();
  await db.schema.createIndex("notices_state_idx").on("notices").columns(["state", "planned_at"]).execute();

  await db.schema.alterTable("reminders").addColumn("next_attempt_at", "text").execute();

  await db.schema
    .createTable("instance_lock")
    .addColumn("id", int, (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", int, (c) => c.notNull())
    .addColumn("heartbeat_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("instance_lock").execute();
  await db.schema.alterTable("reminders").dropColumn("next_attempt_at").execute();
  await db.schema.dropTable("notices").execute();
}
