/**
 * The numbers behind /status, computed in SQL so they stay fast at 100,000 assignments. A
 * cycle's status at a date follows the official taxonomy (domain/task-status.ts); the same
 * rule is written here as SQL, and the tests hold the two to the same answers.
 */
import { sql, type Expression, type SqlBool } from "kysely";
import type { CycleLine } from "../domain/model.js";
import { taskLabel } from "../domain/plan-code.js";
import type { CycleStatus } from "../domain/task-status.js";
import { liveLeadCyclesWithAgencies, statusUpdatesWithAgencies } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { countActivePlans } from "./plan-catalog-repository.js";

export type StatusCounts = Record<CycleStatus, number>;

export interface AgencyCounts extends StatusCounts {
  agencyId: number;
  code: string;
  name: string;
}

function statusCase(today: string) {
  return sql<CycleStatus>`case
    when cycles.completed_on is not null and cycles.completed_on <= ${today}
      then case when cycles.due_on is null or cycles.completed_on <= cycles.due_on then 'done_on_time' else 'done_late' end
    when cycles.due_on is null then 'no_deadline'
    when ${today} <= cycles.due_on then 'in_progress'
    else 'overdue' end`;
}

/**
 * Counts per agency in registry order (agencies with lead cycles only), from the cycles'
 * own agency and in-force flag (migration 0005): one pass over a covering index.
 */
export async function countByAgency(db: Db, today: string, agencyId?: number, planId?: number): Promise<AgencyCounts[]> {
  let query = db
    .selectFrom("cycles")
    .select((eb) => ["cycles.agency_id", statusCase(today).as("status"), eb.fn.countAll<number>().as("n")])
    .where("cycles.in_force", "=", 1)
    .groupBy(["cycles.agency_id", "status"]);
  if (agencyId !== undefined) query = query.where("cycles.agency_id", "=", agencyId);
  if (planId !== undefined)
    query = query.where("cycles.assignment_id", "in", (eb) =>
      eb.selectFrom("assignments").innerJoin("tasks", "tasks.id", "assignments.task_id").select("assignments.id").where("tasks.plan_id", "=", planId),
    );
  const rows = await query.execute();
  const counts = new Map<number, StatusCounts>();
  for (const row of rows) {
    if (row.agency_id === null) continue;
    let of = counts.get(row.agency_id);
    if (!of) counts.set(row.agency_id, (of = { done_on_time: 0, done_late: 0, in_progress: 0, overdue: 0, no_deadline: 0 }));
    of[row.status] += Number(row.n);
  }
  if (counts.size === 0) return [];
  const agencies = await db
    .selectFrom("agencies")
    .select(["id", "code", "name"])
    .where("id", "in", [...counts.keys()])
    .orderBy("position")
    .orderBy("id")
    .execute();
  return agencies.map((a) => ({ agencyId: a.id, code: a.code, name: a.name, ...counts.get(a.id)! }));
}

export type { CycleLine } from "../domain/model.js";

export interface CycleFilter {
  today: string;
  agencyId?: number;
  taskId?: number;
  planId?: number;
  /** only cycles of active plans (what notices speak of) */
  activePlans?: boolean;
  status?: CycleStatus;
  dueBetween?: [string, string];
  limit?: number;
}

export async function findCycleLines(db: Db, filter: CycleFilter): Promise<CycleLine[]> {
  const status = statusCase(filter.today);
  let query = liveLeadCyclesWithAgencies(db)
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select([
      "cycles.id as cycle_id",
      "cycles.assignment_id",
      "tasks.id as task_id",
      "tasks.ref",
      "plans.short_code",
      "tasks.text",
      "tasks.section",
      "agencies.id as agency_id",
      "agencies.code as agency_code",
      "agencies.name as agency_name",
      "cycles.period",
      "cycles.due_on",
      "cycles.original_due_on",
      "cycles.completed_on",
      status.as("status"),
    ]);
  const where: Array<Expression<SqlBool>> = [];
  if (filter.agencyId !== undefined) query = query.where("agencies.id", "=", filter.agencyId);
  if (filter.taskId !== undefined) query = query.where("tasks.id", "=", filter.taskId);
  if (filter.planId !== undefined) query = query.where("tasks.plan_id", "=", filter.planId);
  if (filter.activePlans) query = query.where("plans.status", "=", "active");
  if (filter.status !== undefined) where.push(sql<SqlBool>`${status} = ${filter.status}`);
  if (filter.dueBetween) query = query.where("cycles.due_on", ">=", filter.dueBetween[0]).where("cycles.due_on", "<=", filter.dueBetween[1]);
  for (const condition of where) query = query.where(condition);
  query = query.orderBy("cycles.due_on").orderBy("agencies.position").orderBy("tasks.position");
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  const rows = await query.execute();
  const qualify = (await countActivePlans(db)) > 1;
  return rows.map((r) => ({
    cycleId: r.cycle_id,
    assignmentId: r.assignment_id,
    taskId: r.task_id,
    ref: r.ref,
    planCode: r.short_code,
    label: taskLabel({ ref: r.ref, planCode: r.short_code }, qualify),
    text: r.text,
    section: r.section,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    period: r.period,
    due: r.due_on,
    originalDue: r.original_due_on,
    completedOn: r.completed_on,
    status: r.status,
  }));
}

export interface ObstacleLine {
  ref: string;
  taskText: string;
  agencyName: string;
  due: string | null;
  reporter: string | null;
  text: string;
}

/** The latest obstacle reported on a cycle since `since` and not taken back, with its task. */
export async function findLatestObstacle(db: Db, cycleId: number, since: string): Promise<ObstacleLine | null> {
  const row = await statusUpdatesWithAgencies(db)
    .leftJoin("people", "people.id", "status_updates.person_id")
    .select(["tasks.ref", "tasks.text as task_text", "agencies.name", "cycles.due_on", "people.display_name", "status_updates.text"])
    .where("status_updates.cycle_id", "=", cycleId)
    .where("status_updates.kind", "=", "blocked")
    .where("status_updates.undone_at", "is", null)
    .where("status_updates.created_at", ">=", since)
    .orderBy("status_updates.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { ref: row.ref, taskText: row.task_text, agencyName: row.name, due: row.due_on, reporter: row.display_name, text: row.text } : null;
}
