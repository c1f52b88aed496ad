/** What one task's status screen and the task lists read: status updates of cycles, a task by id, tasks with their assignments and cycles. */
import { cyclesWithAssignments, statusUpdatesWithAgencies } from "./cycle-joins.js";
import type { Deadline } from "../domain/deadline.js";
import type { Db } from "./database.js";
import { deadlineOfRow } from "./plan-repository.js";

export interface UpdateRow {
  id: number;
  cycleId: number;
  agencyCode: string;
  kind: string;
  percent: number | null;
  text: string;
  fileIds: string;
  who: string | null;
  at: string;
}

/** The latest updates (not taken back) of these cycles, newest first. */
export async function findUpdatesOfCycles(db: Db, cycleIds: readonly number[], limit: number): Promise<UpdateRow[]> {
  if (cycleIds.length === 0) return [];
  const rows = await statusUpdatesWithAgencies(db)
    .leftJoin("people", "people.id", "status_updates.person_id")
    .select([
      "status_updates.id",
      "status_updates.cycle_id",
      "agencies.code",
      "status_updates.kind",
      "status_updates.percent",
      "status_updates.text",
      "status_updates.file_ids",
      "people.display_name",
      "status_updates.created_at",
    ])
    .where("status_updates.cycle_id", "in", [...cycleIds])
    .where("status_updates.undone_at", "is", null)
    .orderBy("status_updates.created_at", "desc")
    .orderBy("status_updates.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, cycleId: r.cycle_id, agencyCode: r.code, kind: r.kind, percent: r.percent, text: r.text, fileIds: r.file_ids, who: r.display_name, at: r.created_at }));
}

export interface TaskHead {
  id: number;
  ref: string;
  /** its plan's short code */
  planCode: string;
  text: string;
  section: string;
  isGroup: boolean;
  deadlinePhrase: string | null;
  leadNames: string[];
}

export async function findTaskHead(db: Db, taskId: number): Promise<TaskHead | null> {
  const task = await db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["tasks.id", "tasks.ref", "plans.short_code", "tasks.text", "tasks.section", "tasks.is_group", "tasks.deadline_phrase", "tasks.lead_names"])
    .where("tasks.id", "=", taskId)
    .where("tasks.removed_at", "is", null)
    .executeTakeFirst();
  return task
    ? {
        id: task.id,
        ref: task.ref,
        planCode: task.short_code,
        text: task.text,
        section: task.section,
        isGroup: task.is_group === 1,
        deadlinePhrase: task.deadline_phrase,
        leadNames: JSON.parse(task.lead_names) as string[],
      }
    : null;
}

/** A live task as the task lists show it. */
export interface ListedTask {
  id: number;
  ref: string;
  /** its plan's short code */
  planCode: string;
  text: string;
  section: string;
  deadline: Deadline;
}

/** Live tasks in plan and document order, with their plan's short code; of one plan when given. */
export async function findListedTasks(db: Db, planId?: number): Promise<ListedTask[]> {
  let query = db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select([
      "tasks.id",
      "tasks.ref",
      "tasks.text",
      "tasks.section",
      "tasks.deadline_kind",
      "tasks.deadline_date",
      "tasks.deadline_month",
      "tasks.deadline_day",
      "tasks.deadline_phrase",
      "plans.short_code",
    ])
    .where("tasks.removed_at", "is", null);
  if (planId !== undefined) query = query.where("tasks.plan_id", "=", planId);
  const rows = await query.orderBy("plans.id").orderBy("tasks.position").execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, planCode: r.short_code, text: r.text, section: r.section, deadline: deadlineOfRow(r) }));
}

/** An assignment in force: its task, role and agency. */
export interface ListedAssignment {
  taskId: number;
  role: "lead" | "coordinate";
  agencyCode: string;
}

/** Assignments in force with their agency's code, in registry order. */
export async function findListedAssignments(db: Db): Promise<ListedAssignment[]> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .select(["assignments.task_id", "assignments.role", "agencies.code"])
    .where("assignments.removed_at", "is", null)
    .orderBy("agencies.position")
    .execute();
  return rows.map((r) => ({ taskId: r.task_id, role: r.role, agencyCode: r.code }));
}

/** A cycle of an assignment in force: its task, agency and dates. */
export interface ListedCycle {
  taskId: number;
  agencyCode: string;
  due: string | null;
  completedOn: string | null;
}

/** Every cycle of the assignments in force, with its agency's code. */
export async function findListedCycles(db: Db): Promise<ListedCycle[]> {
  const rows = await cyclesWithAssignments(db)
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .select(["assignments.task_id", "agencies.code", "cycles.due_on", "cycles.completed_on"])
    .where("assignments.removed_at", "is", null)
    .execute();
  return rows.map((r) => ({ taskId: r.task_id, agencyCode: r.code, due: r.due_on, completedOn: r.completed_on }));
}
