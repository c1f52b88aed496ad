/** Plans, tasks, their assignments and cycles. */
import type { Assignment, AssignmentRole, Cycle, Plan, Task } from "../domain/model.js";
import { sql, type SqlBool } from "kysely";
import type { Deadline } from "../domain/deadline.js";
import type { Db } from "./database.js";
import { forgetPlanning } from "./planning-repository.js";
import type { CycleRow, TaskRow } from "./schema.js";
import { cyclesWithTasks } from "./cycle-joins.js";

// The audit trail has its own repository; this re-export keeps older imports working.
export { insertAudit } from "./audit-repository.js";

export function deadlineOfRow(row: Pick<TaskRow, "deadline_kind" | "deadline_date" | "deadline_month" | "deadline_day" | "deadline_phrase">): Deadline {
  const phrase = row.deadline_phrase ?? "";
  switch (row.deadline_kind) {
    case "date":
    case "horizon":
      return { kind: row.deadline_kind, date: row.deadline_date!, phrase };
    case "annual":
    case "semiannual":
      return { kind: row.deadline_kind, ...(row.deadline_month !== null && { month: row.deadline_month }), ...(row.deadline_day !== null && { day: row.deadline_day }), phrase };
    case "quarterly":
    case "monthly":
      return { kind: row.deadline_kind, ...(row.deadline_day !== null && { day: row.deadline_day }), phrase };
    case "conditional":
      return { kind: "conditional", phrase };
    default:
      return { kind: "none", phrase: row.deadline_phrase };
  }
}

export function deadlineColumns(deadline: Deadline) {
  return {
    deadline_kind: deadline.kind,
    deadline_date: "date" in deadline ? deadline.date : null,
    deadline_month: "month" in deadline ? (deadline.month ?? null) : null,
    deadline_day: "day" in deadline ? (deadline.day ?? null) : null,
    deadline_phrase: deadline.phrase,
  };
}

export function taskRowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    planId: row.plan_id,
    ref: row.ref,
    section: row.section,
    text: row.text,
    leadNames: JSON.parse(row.lead_names) as string[],
    coordinateNames: JSON.parse(row.coordinate_names) as string[],
    isGroup: row.is_group === 1,
    deadline: deadlineOfRow(row),
    sourceLine: row.source_line,
    position: row.position,
    removedAt: row.removed_at,
  };
}

export function cycleRowToCycle(row: CycleRow): Cycle {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    period: row.period,
    originalDueOn: row.original_due_on,
    dueOn: row.due_on,
    completedAt: row.completed_at,
  };
}

export async function findPlanByCode(db: Db, code: string): Promise<Plan | null> {
  const row = await db.selectFrom("plans").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? { id: row.id, code: row.code, title: row.title, issuedOn: row.issued_on, sourceFile: row.source_file, sourceHash: row.source_hash, importedAt: row.imported_at } : null;
}

/** A plan's columns as an import writes them (and its audit entry records them). */
export interface PlanColumns {
  title: string;
  issued_on: string | null;
  issuer: string | null;
  source_file: string;
  source_hash: string;
  /** JSON */
  targets: string;
}

export async function insertPlan(trx: Db, code: string, values: PlanColumns, importedAt: string): Promise<number> {
  const row = await trx
    .insertInto("plans")
    .values({ code, ...values, imported_at: importedAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlan(trx: Db, planId: number, values: PlanColumns, importedAt: string): Promise<void> {
  await trx
    .updateTable("plans")
    .set({ ...values, imported_at: importedAt })
    .where("id", "=", planId)
    .execute();
}

export async function countPlans(db: Db): Promise<number> {
  const row = await db
    .selectFrom("plans")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTasksOfPlan(db: Db, planId: number): Promise<Task[]> {
  const rows = await db.selectFrom("tasks").selectAll().where("plan_id", "=", planId).orderBy("position").execute();
  return rows.map(taskRowToTask);
}

/** A task's columns as an import writes them (and its audit entries record them). */
export type TaskColumns = Pick<TaskRow, "ref" | "section" | "text" | "lead_names" | "coordinate_names" | "is_group" | "source_line" | "position"> & ReturnType<typeof deadlineColumns>;

export async function insertTask(trx: Db, planId: number, values: TaskColumns, at: string): Promise<number> {
  const row = await trx
    .insertInto("tasks")
    .values({ plan_id: planId, ...values, removed_at: null, created_at: at, updated_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a task's new columns; a task that was removed is restored. */
export async function updateTask(trx: Db, taskId: number, values: TaskColumns, at: string): Promise<void> {
  await trx
    .updateTable("tasks")
    .set({ ...values, removed_at: null, updated_at: at })
    .where("id", "=", taskId)
    .execute();
}

/** A task gone from the plan document: kept, marked removed. */
export async function markTaskRemoved(trx: Db, taskId: number, at: string): Promise<void> {
  await trx.updateTable("tasks").set({ removed_at: at, updated_at: at }).where("id", "=", taskId).execute();
}

/** Gives a task another ref (a re-import moving tasks; the (plan, ref) key stays unique). */
export async function setTaskRef(trx: Db, taskId: number, ref: string): Promise<void> {
  await trx.updateTable("tasks").set({ ref }).where("id", "=", taskId).execute();
}

/**
 * Parks a task that a re-import moves under a ref no document has, so that (plan, ref) stays
 * unique while refs are handed round; setTaskRef gives it its new one. A control character marks
 * it (a plan's text has none), but not NUL: PostgreSQL's text cannot hold it.
 */
export async function parkTaskRef(trx: Db, taskId: number): Promise<void> {
  await setTaskRef(trx, taskId, `\u0001moving-${taskId}`);
}

export async function findAssignmentsOfPlan(db: Db, planId: number): Promise<Assignment[]> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["assignments.id", "assignments.task_id", "assignments.agency_id", "assignments.role", "assignments.removed_at"])
    .where("tasks.plan_id", "=", planId)
    .execute();
  return rows.map((r) => ({ id: r.id, taskId: r.task_id, agencyId: r.agency_id, role: r.role, removedAt: r.removed_at }));
}

export async function findCyclesOfPlan(db: Db, planId: number): Promise<Cycle[]> {
  const rows = await cyclesWithTasks(db).selectAll("cycles").where("tasks.plan_id", "=", planId).execute();
  return rows.map(cycleRowToCycle);
}

export async function insertAssignment(trx: Db, taskId: number, agencyId: number, role: AssignmentRole, now: string): Promise<number> {
  const row = await trx.insertInto("assignments").values({ task_id: taskId, agency_id: agencyId, role, removed_at: null, created_at: now }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function setAssignmentRemoved(trx: Db, assignmentId: number, removedAt: string | null): Promise<void> {
  await trx.updateTable("assignments").set({ removed_at: removedAt }).where("id", "=", assignmentId).execute();
}

export async function insertCycle(trx: Db, cycle: { assignmentId: number; period: string; dueOn: string | null }, now: string): Promise<void> {
  await trx
    .insertInto("cycles")
    .values({ assignment_id: cycle.assignmentId, period: cycle.period, original_due_on: cycle.dueOn, due_on: cycle.dueOn, completed_at: null, created_at: now })
    .onConflict((oc) => oc.columns(["assignment_id", "period"]).doNothing())
    .execute();
}

/**
 * A task reference as a person types it: "iv.2" finds IV.2, "III.1.4.A.2" finds III.1.4.a.2.
 * Refs are ASCII (SQLite's lower() folds ASCII only), and no plan has two refs that differ only
 * in case. lower() rather than SQLite's NOCASE: PostgreSQL has no such collation.
 */
export function refIs(column: "ref" | "tasks.ref", ref: string) {
  return sql<SqlBool>`lower(${sql.ref(column)}) = lower(${ref.trim()})`;
}

/** The newest live task with this ref, with its own reminder ladder (JSON, or null). */
export async function findLiveTaskLadder(db: Db, ref: string): Promise<{ id: number; ref: string; ladder: string | null } | undefined> {
  return db.selectFrom("tasks").select(["id", "ref", "ladder"]).where(refIs("ref", ref)).where("removed_at", "is", null).orderBy("id", "desc").executeTakeFirst();
}

/** One live task's ladder, by id (a ref already resolved to its plan's task). */
export async function findLiveTaskLadderById(db: Db, taskId: number): Promise<{ id: number; ref: string; ladder: string | null } | undefined> {
  return db.selectFrom("tasks").select(["id", "ref", "ladder"]).where("id", "=", taskId).where("removed_at", "is", null).executeTakeFirst();
}

/** A task's own ladder changed: its cycles have other stages, the next tick plans them again. */
export async function updateTaskLadder(db: Db, taskId: number, ladder: string | null, now: string): Promise<void> {
  await db.updateTable("tasks").set({ ladder, updated_at: now }).where("id", "=", taskId).execute();
  await forgetPlanning(db, { taskId });
}
