/**
 * The whole domain model of DESIGN.md §3. Frozen: never edit a migration that has shipped;
 * add a new one. It imports nothing from the application.
 */
import { sql, type Kysely } from "kysely";
import { portable } from "./portable.js";

type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { int, id, now } = portable(db);
  await db.schema
    .createTable("agencies")
    .addColumn("id", int, id)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("position", int, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable("collectives")
    .addColumn("id", int, id)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();

  await db.schema
    .createTable("collective_members")
    .addColumn("collective_id", int, (c) => c.notNull().references("collectives.id").onDelete("cascade"))
    .addColumn("agency_id", int, (c) => c.notNull().references("agencies.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("collective_members_pk", ["collective_id", "agency_id"])
    .execute();

  await db.schema
    .createTable("plans")
    .addColumn("id", int, id)
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("issued_on", "text")
    .addColumn("source_file", "text", (c) => c.notNull())
    .addColumn("source_hash", "text", (c) => c.notNull())
    .addColumn("targets", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("imported_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tasks")
    .addColumn("id", int, id)
    .addColumn("plan_id", int, (c) => c.notNull().references("plans.id").onDelete("cascade"))
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("section", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("lead_names", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("coordinate_names", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("is_group", int, (c) => c.notNull().defaultTo(0))
    .addColumn("deadline_kind", "text", (c) => c.notNull())
    .addColumn("deadline_date", "text")
    .addColumn("deadline_month", int)
    .addColumn("deadline_day", int)
    .addColumn("deadline_phrase", "text")
    .addColumn("source_line", int, (c) => c.notNull())
    .addColumn("position", int, (c) => c.notNull())
    .addColumn("removed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("tasks_plan_ref_unique", ["plan_id", "ref"])
    .execute();

  await db.schema
    .createTable("assignments")
    .addColumn("id", int, id)
    .addColumn("task_id", int, (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("agency_id", int, (c) => c.notNull().references("agencies.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('lead', 'coordinate')`))
    .addColumn("removed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("assignments_task_agency_role_unique", ["task_id", "agency_id", "role"])
    .execute();
  await db.schema.createIndex("assignments_agency_idx").on("assignments").column("agency_id").execute();

  await db.schema
    .createTable("cycles")
    .addColumn("id", int, id)
    .addColumn("assignment_id", int, (c) => c.notNull().references("assignments.id").onDelete("cascade"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("original_due_on", "text")
    .addColumn("due_on", "text")
    .addColumn("completed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("cycles_assignment_period_unique", ["assignment_id", "period"])
    .execute();
  await db.schema.createIndex("cycles_due_idx").on("cycles").columns(["due_on", "completed_at"]).execute();

  await db.schema
    .createTable("people")
    .addColumn("id", int, id)
    .addColumn("telegram_user_id", int, (c) => c.notNull().unique())
    .addColumn("chat_id", int, (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("agency_id", int, (c) => c.references("agencies.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('focal', 'coordinator', 'admin')`))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("active").check(sql`state in ('active', 'unreachable', 'left')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("people_agency_idx").on("people").column("agency_id").execute();

  await db.schema
    .createTable("invites")
    .addColumn("id", int, id)
    .addColumn("code_hash", "text", (c) => c.notNull().unique())
    .addColumn("agency_id", int, (c) => c.references("agencies.id"))
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('focal', 'coordinator', 'admin')`))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("used_by_person_id", int, (c) => c.references("people.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("status_updates")
    .addColumn("id", int, id)
    .addColumn("cycle_id", int, (c) => c.notNull().references("cycles.id").onDelete("cascade"))
    .addColumn("person_id", int, (c) => c.references("people.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('progress', 'done', 'blocked', 'extension_request', 'note')`))
    .addColumn("percent", int, (c) => c.check(sql`percent between 0 and 100`))
    .addColumn("text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("file_ids", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('reply', 'button', 'command', 'cli')`))
    .addColumn("telegram_update_id", int, (c) => c.unique())
    .addColumn("telegram_message_id", int)
    .addColumn("undone_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("status_updates_cycle_idx").on("status_updates").column("cycle_id").execute();

  await db.schema
    .createTable("reminders")
    .addColumn("id", int, id)
    .addColumn("cycle_id", int, (c) => c.notNull().references("cycles.id").onDelete("cascade"))
    .addColumn("person_id", int, (c) => c.notNull().references("people.id"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("planned_at", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("planned").check(sql`state in ('planned', 'sending', 'sent', 'failed', 'skipped')`))
    .addColumn("attempts", int, (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("telegram_message_id", int)
    .addColumn("sent_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("reminders_cycle_person_stage_unique", ["cycle_id", "person_id", "stage"])
    .execute();
  await db.schema.createIndex("reminders_state_idx").on("reminders").columns(["state", "planned_at"]).execute();
  await db.schema.createIndex("reminders_message_idx").on("reminders").columns(["person_id", "telegram_message_id"]).execute();

  await db.schema
    .createTable("extension_requests")
    .addColumn("id", int, id)
    .addColumn("cycle_id", int, (c) => c.notNull().references("cycles.id").onDelete("cascade"))
    .addColumn("requester_person_id", int, (c) => c.notNull().references("people.id"))
    .addColumn("proposed_due_on", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("state", "text", (c) => c.notNull().defaultTo("pending").check(sql`state in ('pending', 'approved', 'rejected', 'withdrawn')`))
    .addColumn("decided_by_person_id", int, (c) => c.references("people.id"))
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit")
    .addColumn("id", int, id)
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", int)
    .addColumn("before", "text")
    .addColumn("after", "text")
    .execute();
  await db.schema.createIndex("audit_entity_idx").on("audit").columns(["entity", "entity_id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "audit",
    "extension_requests",
    "reminders",
    "status_updates",
    "invites",
    "people",
    "cycles",
    "assignments",
    "tasks",
    "plans",
    "collective_members",
    "collectives",
    "agencies",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
