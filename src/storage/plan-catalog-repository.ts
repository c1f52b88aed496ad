/** The imported plans with their counts, and taking one plan away with everything it made. */
import { sql, type ExpressionBuilder } from "kysely";
import type { Db } from "./database.js";
import type { Database } from "./schema.js";

export interface PlanSummary {
  id: number;
  code: string;
  title: string;
  issuedOn: string | null;
  importedAt: string;
  sourceFile: string;
  tasks: number;
  assignments: number;
  open: number;
  overdue: number;
}

/** The plan's open lead cycles in force (a subquery of a query on plans). */
function openCyclesOf(eb: ExpressionBuilder<Database, "plans">) {
  return eb
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .whereRef("tasks.plan_id", "=", "plans.id")
    .where("cycles.in_force", "=", 1)
    .where("cycles.completed_at", "is", null);
}

/** Every plan, oldest import first, with its live tasks, assignments, open and overdue lead cycles. */
export async function findPlanSummaries(db: Db, today: string): Promise<PlanSummary[]> {
  const rows = await db
    .selectFrom("plans")
    .select((eb) => [
      "plans.id",
      "plans.code",
      "plans.title",
      "plans.issued_on",
      "plans.imported_at",
      "plans.source_file",
      eb.selectFrom("tasks").whereRef("tasks.plan_id", "=", "plans.id").where("tasks.removed_at", "is", null).select((e) => e.fn.countAll<number>().as("n")).as("tasks"),
      eb
        .selectFrom("assignments")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .whereRef("tasks.plan_id", "=", "plans.id")
        .where("tasks.removed_at", "is", null)
        .where("assignments.removed_at", "is", null)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("assignments"),
      openCyclesOf(eb)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("open"),
      openCyclesOf(eb)
        .where("cycles.due_on", "<", today)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("overdue"),
    ])
    .orderBy("plans.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    issuedOn: r.issued_on,
    importedAt: r.imported_at,
    sourceFile: r.source_file,
    tasks: Number(r.tasks ?? 0),
    assignments: Number(r.assignments ?? 0),
    open: Number(r.open ?? 0),
    overdue: Number(r.overdue ?? 0),
  }));
}

/** A plan by its code as typed: exact, any case, or its number alone ("1861") when only one plan has it. */
export async function findPlanIdByTypedCode(db: Db, typed: string): Promise<{ id: number; code: string } | null> {
  const text = typed.trim();
  if (text === "") return null;
  const exact = await db.selectFrom("plans").select(["id", "code"]).where(sql<boolean>`lower(code) = lower(${text})`).execute();
  if (exact.length === 1) return exact[0]!;
  if (!/^\d+$/.test(text)) return null;
  const byNumber = await db.selectFrom("plans").select(["id", "code"]).where(sql<boolean>`code = ${text} or code like ${`${text}/%`}`).execute();
  return byNumber.length === 1 ? byNumber[0]! : null;
}

export interface RemovedCounts {
  tasks: number;
  assignments: number;
  cycles: number;
  status_updates: number;
  reminders: number;
  extension_requests: number;
  bot_messages: number;
  agencies: number;
}

async function countUnder(trx: Db, table: "status_updates" | "reminders" | "extension_requests" | "bot_messages", planId: number): Promise<number> {
  const row = await trx
    .selectFrom(table)
    .innerJoin("cycles", "cycles.id", `${table}.cycle_id`)
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .where("tasks.plan_id", "=", planId)
    .select((e) => e.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Deletes the plan; its tasks, assignments, cycles and their ledger rows go with it (foreign
 * keys cascade). Agencies the import added for names outside the registry go too when nothing
 * else uses them. Returns what was deleted.
 */
export async function deletePlan(trx: Db, planId: number): Promise<RemovedCounts> {
  const count = async (query: Promise<{ n: number | string | bigint } | undefined>) => Number((await query)?.n ?? 0);
  const tasks = await count(trx.selectFrom("tasks").where("plan_id", "=", planId).select((e) => e.fn.countAll<number>().as("n")).executeTakeFirst());
  const assignmentRows = await trx.selectFrom("assignments").innerJoin("tasks", "tasks.id", "assignments.task_id").where("tasks.plan_id", "=", planId).select(["assignments.id", "assignments.agency_id"]).execute();
  const cycles = await count(
    trx.selectFrom("cycles").innerJoin("assignments", "assignments.id", "cycles.assignment_id").innerJoin("tasks", "tasks.id", "assignments.task_id").where("tasks.plan_id", "=", planId).select((e) => e.fn.countAll<number>().as("n")).executeTakeFirst(),
  );
  const counts = {
    tasks,
    assignments: assignmentRows.length,
    cycles,
    status_updates: await countUnder(trx, "status_updates", planId),
    reminders: await countUnder(trx, "reminders", planId),
    extension_requests: await countUnder(trx, "extension_requests", planId),
    bot_messages: await countUnder(trx, "bot_messages", planId),
    agencies: 0,
  };
  await trx.deleteFrom("plans").where("id", "=", planId).execute();
  const agencyIds = [...new Set(assignmentRows.map((a) => a.agency_id))];
  if (agencyIds.length > 0) {
    const orphans = await trx
      .deleteFrom("agencies")
      .where("id", "in", agencyIds)
      .where("kind", "=", "unregistered")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("assignments").whereRef("assignments.agency_id", "=", "agencies.id").select("assignments.id"))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom("people").whereRef("people.agency_id", "=", "agencies.id").select("people.id"))))
      .where((eb) => eb.not(eb.exists(eb.selectFrom("invites").whereRef("invites.agency_id", "=", "agencies.id").select("invites.id"))))
      .executeTakeFirst();
    counts.agencies = Number(orphans.numDeletedRows);
  }
  return counts;
}
