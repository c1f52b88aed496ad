/**
 * What the bot needs to follow a conversation: which task each of its messages was about (so a
 * reply finds its cycle), updates already handled (Telegram may deliver one twice), and
 * messages waiting for the officer to say which task they meant.
 */
import type { Kysely } from "kysely";
import { portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int, id } = portable(db);
  await db.schema
    .createTable("bot_messages")
    .addColumn("chat_id", int, (c) => c.notNull())
    .addColumn("message_id", int, (c) => c.notNull())
    .addColumn("cycle_id", int, (c) => c.notNull().references("cycles.id").onDelete("cascade"))
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("bot_messages_pk", ["chat_id", "message_id"])
    .execute();

  await db.schema
    .createTable("handled_updates")
    .addColumn("update_id", int, (c) => c.primaryKey())
    .addColumn("handled_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("pending_replies")
    .addColumn("id", int, id)
    .addColumn("person_id", int, (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("telegram_update_id", int, (c) => c.notNull().unique())
    .addColumn("telegram_message_id", int, (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("file_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("resolved_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("status_updates").addColumn("chat_id", int).execute();
  await db.schema.createIndex("status_updates_message_idx").on("status_updates").columns(["chat_id", "telegram_message_id"]).execute();
  // The cycle's completion before a "done" update, so undoing it restores exactly that.
  await db.schema.alterTable("status_updates").addColumn("previous_completed_at", "text").execute();
  // The local date a cycle was completed on, fixed when it happens: "done on time" compares it
  // with the due date, whatever time zone the server runs in.
  await db.schema.alterTable("cycles").addColumn("completed_on", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("cycles").dropColumn("completed_on").execute();
  await db.schema.dropIndex("status_updates_message_idx").execute();
  await db.schema.alterTable("status_updates").dropColumn("previous_completed_at").execute();
  await db.schema.alterTable("status_updates").dropColumn("chat_id").execute();
  await db.schema.dropTable("pending_replies").execute();
  await db.schema.dropTable("handled_updates").execute();
  await db.schema.dropTable("bot_messages").execute();
}
