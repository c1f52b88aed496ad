/**
 * /status at national size: counting 200,000 cycles through three joins takes half a second.
 * Each cycle now carries its agency (an assignment's agency never changes) and whether it
 * counts (its assignment is a lead one and neither it nor its task was removed from the plan),
 * kept by triggers whatever path writes the rows; the counts read one covering index.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { createPgTrigger, dropPgTrigger, isPostgres, portable } from "./portable.js";

// Migrations must not depend on the evolving schema type.
type AnyDb = Kysely<any>;

const inForceOf = (assignment: string) =>
  `coalesce((select a.role = 'lead' and a.removed_at is null and t.removed_at is null from assignments a join tasks t on t.id = a.task_id where a.id = ${assignment}), 0)`;

/** PostgreSQL: a comparison is a boolean there, the column an integer. */
const pgInForceOf = (assignment: string) =>
  `coalesce((select (a.role = 'lead' and a.removed_at is null and t.removed_at is null)::int from assignments a join tasks t on t.id = a.task_id where a.id = ${assignment}), 0)`;

export async function up(db: AnyDb): Promise<void> {
  const { int } = portable(db);
  await db.schema
    .alterTable("cycles")
    .addColumn("agency_id", int, (c) => c.references("agencies.id"))
    .execute();
  await db.schema
    .alterTable("cycles")
    .addColumn("in_force", int, (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) return await upPostgres(db);
  await sql.raw(`update cycles set agency_id = (select agency_id from assignments where id = cycles.assignment_id), in_force = ${inForceOf("cycles.assignment_id")}`).execute(db);
  await sql`create index cycles_status_idx on cycles (in_force, agency_id, completed_on, due_on)`.execute(db);
  await sql
    .raw(
      `create trigger cycles_denormalize after insert on cycles begin
         update cycles set agency_id = (select agency_id from assignments where id = new.assignment_id), in_force = ${inForceOf("new.assignment_id")} where id = new.id;
       end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger assignments_in_force after update of removed_at on assignments begin
         update cycles set in_force = ${inForceOf("new.id")} where assignment_id = new.id;
       end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger tasks_in_force after update of removed_at on tasks begin
         update cycles set in_force = ${inForceOf("cycles.assignment_id")} where assignment_id in (select id from assignments where task_id = new.id);
       end`,
    )
    .execute(db);
}

async function upPostgres(db: AnyDb): Promise<void> {
  await sql.raw(`update cycles set agency_id = (select agency_id from assignments where id = cycles.assignment_id), in_force = ${pgInForceOf("cycles.assignment_id")}`).execute(db);
  await sql`create index cycles_status_idx on cycles (in_force, agency_id, completed_on, due_on)`.execute(db);
  // Before the insert rather than an update after it: the same row, one write.
  await createPgTrigger(
    db,
    "cycles_denormalize",
    "before insert on cycles",
    `new.agency_id := (select agency_id from assignments where id = new.assignment_id); new.in_force := ${pgInForceOf("new.assignment_id")}; return new;`,
  );
  await createPgTrigger(
    db,
    "assignments_in_force",
    "after update of removed_at on assignments",
    `update cycles set in_force = ${pgInForceOf("new.id")} where assignment_id = new.id; return null;`,
  );
  await createPgTrigger(
    db,
    "tasks_in_force",
    "after update of removed_at on tasks",
    `update cycles set in_force = ${pgInForceOf("cycles.assignment_id")} where assignment_id in (select id from assignments where task_id = new.id); return null;`,
  );
}

const triggerTables: Record<string, string> = { tasks_in_force: "tasks", assignments_in_force: "assignments", cycles_denormalize: "cycles" };

export async function down(db: AnyDb): Promise<void> {
  for (const [trigger, table] of Object.entries(triggerTables)) {
    if (isPostgres(db)) await dropPgTrigger(db, trigger, table);
    else await sql.raw(`drop trigger ${trigger}`).execute(db);
  }
  await db.schema.dropIndex("cycles_status_idx").execute();
  await db.schema.alterTable("cycles").dropColumn("in_force").execute();
  await db.schema.alterTable("cycles").dropColumn("agency_id").execute();
}
