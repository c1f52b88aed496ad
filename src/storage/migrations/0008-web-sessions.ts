/**
 * The coordinators' Mini App (src/web/): browser sessions, one-time login links sent by /web,
 * and the Telegram initData already used (a replay window). Only hashes of the secrets are kept.
 */
import type { Kysely } from "kysely";
import { portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int } = portable(db);
  await db.schema
    .createTable("web_sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("telegram_user_id", int, (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("web_sessions_expires_idx").on("web_sessions").column("expires_at").execute();
  await db.schema
    .createTable("web_login_links")
    .addColumn("code_hash", "text", (c) => c.primaryKey())
    .addColumn("telegram_user_id", int, (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("web_login_links_expires_idx").on("web_login_links").column("expires_at").execute();
  await db.schema
    .createTable("web_init_data_seen")
    .addColumn("hash", "text", (c) => c.primaryKey())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("web_init_data_seen_expires_idx").on("web_init_data_seen").column("expires_at").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("web_init_data_seen").execute();
  await db.schema.dropTable("web_login_links").execute();
  await db.schema.dropTable("web_sessions").execute();
}
