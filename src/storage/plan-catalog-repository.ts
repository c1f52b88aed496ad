/** The imported plans with their counts, and taking one plan away with everything it made. */
import { sql, type ExpressionBuilder } from "kysely";
import { cycleRowsWithTasks, cyclesWithAssignments, cyclesWithTasks, type CycleChild } from "./cycle-joins.js";
import { onPostgres, type Db } from "./database.js";
import { refIs } from "./plan-repository.js";
import { forgetPlanning } from "./planning-repository.js";
import type { PlanRef, PlanSummary } from "../domain/plan-code.js";
import type { Database, PlanStatus } from "./schema.js";

export type { PlanRef, PlanSummary } from "../domain/plan-code.js";

/** The plan's open lead cycles in force (a subquery of a query on plans). */
function openCyclesOf(eb: ExpressionBuilder<Database, "plans">) {
  return cyclesWithTasks(eb).whereRef("tasks.plan_id", "=", "plans.id").where("cycles.in_force", "=", 1).where("cycles.completed_at", "is", null);
}

/** Every plan, oldest import first, with its live tasks, assignments, open and overdue lead cycles. */
export async function findPlanSummaries(db: Db, today: string): Promise<PlanSummary[]> {
  const rows = await db
    .selectFrom("plans")
    .select((eb) => [
      "plans.id",
      "plans.code",
      "plans.short_code",
      "plans.status",
      "plans.status_changed_at",
      "plans.issuer",
      "plans.title",
      "plans.issued_on",
      "plans.imported_at",
      "plans.source_file",
      eb
        .selectFrom("tasks")
        .whereRef("tasks.plan_id", "=", "plans.id")
        .where("tasks.removed_at", "is", null)
        .select((e) => e.fn.countAll<number>().as("n"))
        .as("tasks"),
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
    shortCode: r.short_code,
    status: r.status,
    statusChangedAt: r.status_changed_at,
    issuer: r.issuer,
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

/**
 * A plan by its code as typed: its short code (any case), its full code, or its number alone
 * ("1861") when only one plan has it.
 */
export async function findPlanIdByTypedCode(db: Db, typed: string): Promise<PlanRef | null> {
  const text = typed.normalize("NFC").trim();
  if (text === "") return null;
  const columns = ["id", "code", "short_code", "status"] as const;
  const toRef = (r: { id: number; code: string; short_code: string; status: PlanStatus }): PlanRef => ({ id: r.id, code: r.code, shortCode: r.short_code, status: r.status });
  const short = await db.selectFrom("plans").select(columns).where(sql<boolean>`lower(short_code) = lower(${text})`).executeTakeFirst();
  if (short) return toRef(short);
  const exact = await db.selectFrom("plans").select(columns).where(sql<boolean>`lower(code) = lower(${text})`).execute();
  if (exact.length === 1) return toRef(exact[0]!);
  if (!/^\d+$/.test(text)) return null;
  const byNumber = await db
    .selectFrom("plans")
    .select(columns)
    .where(sql<boolean>`code = ${text} or code like ${`${text}/%`}`)
    .execute();
  return byNumber.length === 1 ? toRef(byNumber[0]!) : null;
}

/** How many plans are active: refs are qualified by plan as soon as there are two. */
export async function countActivePlans(db: Db): Promise<number> {
  const row = await db
    .selectFrom("plans")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The short codes of the active plans, oldest import first. */
export async function findActivePlanCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("plans").select("short_code").where("status", "=", "active").orderBy("id").execute();
  return rows.map((r) => r.short_code);
}

/**
 * Sets a plan's status. A plan active again has its open cycles planned afresh at the next tick:
 * their markers were set while it was active and its stages since were never looked at.
 */
export async function updatePlanStatus(db: Db, planId: number, status: PlanStatus, at: string): Promise<void> {
  await db.updateTable("plans").set({ status, status_changed_at: at }).where("id", "=", planId).execute();
  if (status === "active") await forgetPlanning(db, { planId });
}

/** Whether another plan has this short code (any case). */
export async function shortCodeTaken(db: Db, shortCode: string, exceptPlanId: number): Promise<boolean> {
  const row = await db.selectFrom("plans").select("id").where(sql<boolean>`lower(short_code) = lower(${shortCode})`).where("id", "!=", exceptPlanId).executeTakeFirst();
  return row !== undefined;
}

export async function updatePlanShortCode(db: Db, planId: number, shortCode: string): Promise<void> {
  await db.updateTable("plans").set({ short_code: shortCode }).where("id", "=", planId).execute();
}

export async function updatePlanIssuer(db: Db, planId: number, issuer: string | null): Promise<void> {
  await db.updateTable("plans").set({ issuer }).where("id", "=", planId).execute();
}

/**
 * A closed plan's reminders not yet sent are recorded as skipped ("plan closed"), and so are the
 * pending notices that speak only of its cycles. Returns how many of each.
 */
export async function cancelPendingOfPlan(db: Db, planId: number, reason: string): Promise<{ reminders: number; notices: number }> {
  const reminders = await db
    .updateTable("reminders")
    .set({ state: "skipped", last_error: reason })
    .where("state", "=", "planned")
    .where("cycle_id", "in", (eb) => cyclesWithTasks(eb).where("tasks.plan_id", "=", planId).select("cycles.id"))
    .executeTakeFirst();
  // The payload's cycle ids as rows `j(value)`: SQLite's json_each; PostgreSQL's jsonb elements
  // (none when `cycles` is missing or not an array, as json_each gives), compared as jsonb.
  const postgres = onPostgres(db);
  const cycleIds = postgres
    ? sql`(select value from jsonb_array_elements(case when jsonb_typeof(notices.payload::jsonb -> 'cycles') = 'array' then notices.payload::jsonb -> 'cycles' end)) j`
    : sql`json_each(notices.payload, '$.cycles') j`;
  const ofPlan = cyclesWithTasks(db)
    .where("tasks.plan_id", "=", planId)
    .select((postgres ? sql`to_jsonb(cycles.id)` : sql`cycles.id`).as("id"));
  const notices = await db
    .updateTable("notices")
    .set({ state: "skipped", last_error: reason })
    .where("state", "=", "planned")
    .where(sql<boolean>`exists (select 1 from ${cycleIds})`)
    .where(sql<boolean>`not exists (select 1 from ${cycleIds} where j.value not in ${ofPlan})`)
    .executeTakeFirst();
  return { reminders: Number(reminders.numUpdatedRows), notices: Number(notices.numUpdatedRows) };
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

async function countUnder(trx: Db, table: CycleChild, planId: number): Promise<number> {
  const row = await cycleRowsWithTasks(trx, table)
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
  const tasks = await count(
    trx
      .selectFrom("tasks")
      .where("plan_id", "=", planId)
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirst(),
  );
  const assignmentRows = await trx
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .where("tasks.plan_id", "=", planId)
    .select(["assignments.id", "assignments.agency_id"])
    .execute();
  const cycles = await count(
    cyclesWithTasks(trx)
      .where("tasks.plan_id", "=", planId)
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirst(),
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

export interface PlanTask {
  id: number;
  ref: string;
  text: string;
  planId: number;
  planCode: string;
  planStatus: PlanStatus;
}

/** Live tasks with that ref (any case), in every plan, oldest plan first, with their plan's short code. */
export async function findLiveTasksWithRef(db: Db, ref: string): Promise<PlanTask[]> {
  const rows = await db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["tasks.id", "tasks.ref", "tasks.text", "tasks.plan_id", "plans.short_code", "plans.status"])
    .where(refIs("tasks.ref", ref))
    .where("tasks.removed_at", "is", null)
    .orderBy("plans.id")
    .execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, text: r.text, planId: r.plan_id, planCode: r.short_code, planStatus: r.status }));
}

/** The short code of each task's plan, by task id. */
export async function findPlanCodesOfTasks(db: Db, taskIds: readonly number[]): Promise<Map<number, string>> {
  const codes = new Map<number, string>();
  for (let i = 0; i < taskIds.length; i += 500) {
    const rows = await db
      .selectFrom("tasks")
      .innerJoin("plans", "plans.id", "tasks.plan_id")
      .select(["tasks.id", "plans.short_code"])
      .where("tasks.id", "in", taskIds.slice(i, i + 500))
      .execute();
    for (const row of rows) codes.set(row.id, row.short_code);
  }
  return codes;
}

/** The task id of a cycle, or null. */
export async function findTaskOfCycle(db: Db, cycleId: number): Promise<number | null> {
  const row = await cyclesWithAssignments(db).select("assignments.task_id").where("cycles.id", "=", cycleId).executeTakeFirst();
  return row?.task_id ?? null;
}
