/**
 * The registry as data people manage (issue 12): an agency may have a parent, be merged into
 * another from a date (kept, never deleted), and be edited by hand (`edited_at`: the seed file
 * then leaves it alone). An assignment remembers the agency it was moved from (a merge or a
 * reassigned lead) and whether a person set it by hand (a re-import keeps it). Until now an
 * assignment's agency never changed; a trigger now keeps its cycles' agency in step.
 * Frozen: it imports nothing from the application.
 */
import { sql, type Kysely } from "kysely";
import { createPgTrigger, dropPgTrigger, isPostgres, portable } from "./portable.js";

type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int } = portable(db);
  await db.schema
    .alterTable("agencies")
    .addColumn("parent_id", int, (c) => c.references("agencies.id"))
    .execute();
  await db.schema
    .alterTable("agencies")
    .addColumn("merged_into_id", int, (c) => c.references("agencies.id"))
    .execute();
  await db.schema.alterTable("agencies").addColumn("merged_on", "text").execute();
  await db.schema.alterTable("agencies").addColumn("merge_source", "text").execute();
  await db.schema.alterTable("agencies").addColumn("edited_at", "text").execute();
  await db.schema
    .alterTable("assignments")
    .addColumn("moved_from_agency_id", int, (c) => c.references("agencies.id"))
    .execute();
  await db.schema.alterTable("assignments").addColumn("moved_on", "text").execute();
  await db.schema
    .alterTable("assignments")
    .addColumn("manual", int, (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) {
    await createPgTrigger(db, "assignments_agency", "after update of agency_id on assignments", "update cycles set agency_id = new.agency_id where assignment_id = new.id; return null;");
    return;
  }
  await sql
    .raw(
      `create trigger assignments_agency after update of agency_id on assignments begin
         update cycles set agency_id = new.agency_id where assignment_id = new.id;
       end`,
    )
    .execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await dropPgTrigger(db, "assignments_agency", "assignments");
  else await sql.raw(`drop trigger assignments_agency`).execute(db);
  for (const column of ["manual", "moved_on", "moved_from_agency_id"]) await db.schema.alterTable("assignments").dropColumn(column).execute();
  for (const column of ["edited_at", "merge_source", "merged_on", "merged_into_id", "parent_id"]) await db.schema.alterTable("agencies").dropColumn(column).execute();
}
