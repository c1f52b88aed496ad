/** Plans, tasks, their assignments and cycles. */
import type { Assignment, AssignmentRole, Cycle, Plan, Task } from "../domain/model.js";
import { sql, type SqlBool } from "kysely";
import type { Deadline } from "../plan/types.js";
import type { Db } from "./database.js";
import { prepared } from "./prepared.js";
import type { CycleRow, TaskRow } from "./schema.js";
import { cyclesWithTasks } from "./cycle-joins.js";

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
  return row
    ? { id: row.id, code: row.code, title: row.title, issuedOn: row.issued_on, sourceFile: row.source_file, sourceHash: row.source_hash, importedAt: row.imported_at }
    : null;
}

export async function countPlans(db: Db): Promise<number> {
  const row = await db.selectFrom("plans").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTasksOfPlan(db: Db, planId: number): Promise<Task[]> {
  const rows = await db.selectFrom("tasks").selectAll().where("plan_id", "=", planId).orderBy("position").execute();
  return rows.map(taskRowToTask);
}

/** Gives a task another ref (a re-import moving tasks; the (plan, ref) key stays unique). */
export async function setTaskRef(trx: Db, taskId: number, ref: string): Promise<void> {
  await trx.updateTable("tasks").set({ ref }).where("id", "=", taskId).execute();
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
  const rows = await cyclesWithTasks(db)
    .selectAll("cycles")
    .where("tasks.plan_id", "=", planId)
    .execute();
  return rows.map(cycleRowToCycle);
}

export async function insertAssignment(trx: Db, taskId: number, agencyId: number, role: AssignmentRole, now: string): Promise<number> {
  const row = await trx
    .insertInto("assignments")
    .values({ task_id: taskId, agency_id: agencyId, role, removed_at: null, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setAssignmentRemoved(trx: Db, assignmentId: number, removedAt: string | null): Promise<void> {
  await trx.updateTable("assignments").set({ removed_at: removedAt }).where("id", "=", assignmentId).execute();
}

export async function insertCycle(
  trx: Db,
  cycle: { assignmentId: number; period: string; dueOn: string | null },
  now: string,
): Promise<void> {
  await trx
    .insertInto("cycles")
    .values({ assignment_id: cycle.assignmentId, period: cycle.period, original_due_on: cycle.dueOn, due_on: cycle.dueOn, completed_at: null, created_at: now })
    .onConflict((oc) => oc.columns(["assignment_id", "period"]).doNothing())
    .execute();
}

const insertAuditRow = prepared<{ at: string; actor: string; action: string; entity: string; entityId: number | null; before: string | null; after: string | null }, never>((db, slot) =>
  db.insertInto("audit").values({ at: slot("at"), actor: slot("actor"), action: slot("action"), entity: slot("entity"), entity_id: slot("entityId"), before: slot("before"), after: slot("after") }),
);

/**
 * A task reference as a person types it: "iv.2" finds IV.2, "III.1.4.A.2" finds III.1.4.a.2.
 * Refs are ASCII (SQLite's lower() folds ASCII only), and no plan has two refs that differ only
 * in case. lower() rather than SQLite's NOCASE: PostgreSQL has no such collation.
 */
export function refIs(column: "ref" | "tasks.ref", ref: string) {
  return sql<SqlBool>`lower(${sql.ref(column)}) = lower(${ref.trim()})`;
}

export async function insertAudit(
  trx: Db,
  entry: { at: string; actor: string; action: string; entity: string; entityId: number | null; before?: unknown; after?: unknown },
): Promise<void> {
  await insertAuditRow(trx, {
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

/** The newest live task with this ref, with its own reminder ladder (JSON, or null). */
export async function findLiveTaskLadder(db: Db, ref: string): Promise<{ id: number; ref: string; ladder: string | null } | undefined> {
  return db.selectFrom("tasks").select(["id", "ref", "ladder"]).where(refIs("ref", ref)).where("removed_at", "is", null).orderBy("id", "desc").executeTakeFirst();
}

export async function updateTaskLadder(db: Db, taskId: number, ladder: string | null, now: string): Promise<void> {
  await db.updateTable("tasks").set({ ladder, updated_at: now }).where("id", "=", taskId).execute();
}
