/**
 * Leases for what only one of several instances may do (the scheduler and its sender): who
 * holds each, until when, and a fencing token that grows by one at every change of holder.
 */
import type { Kysely } from "kysely";
import { portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int } = portable(db);
  await db.schema
    .createTable("leases")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text", (c) => c.notNull())
    .addColumn("fencing_token", int, (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("renewed_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("leases").execute();
}
