/**
 * Plans sent to the bot as files wait here between the preview and the coordinator's answer
 * (Nhập / Huỷ): the parsed plan as it was shown, so what is imported is what was previewed,
 * and a button pressed twice, late, or by someone else is refused.
 */
import type { Kysely } from "kysely";
import { portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int, id } = portable(db);
  await db.schema
    .createTable("plan_uploads")
    .addColumn("id", int, id)
    .addColumn("telegram_user_id", int, (c) => c.notNull())
    .addColumn("chat_id", int, (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_hash", "text", (c) => c.notNull())
    .addColumn("parsed", "text", (c) => c.notNull())
    .addColumn("corrections", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_at", "text")
    .addColumn("decision", "text")
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("plan_uploads").execute();
}
