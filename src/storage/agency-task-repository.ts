/** An agency's own view of its work: its assignments with their tasks, one assignment's card, and lead cycles. */
import type { AssignmentRole } from "../domain/model.js";
import type { Deadline } from "../domain/deadline.js";
import { cyclesWithAssignments } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { deadlineOfRow } from "./plan-repository.js";

/** An assignment with its task, as an agency's list and a task card show it. */
export interface AssignmentLine {
  assignmentId: number;
  taskId: number;
  ref: string;
  section: string;
  text: string;
  role: AssignmentRole;
  deadline: Deadline;
}

/** One assignment's card: the line, its agency (and the one it was moved from) and the task's named parties. */
export interface AssignmentCardLine extends AssignmentLine {
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  formerAgencyName: string | null;
  leadNames: string[];
  coordinateNames: string[];
}

/** A lead cycle, with its task. */
export interface LeadCycle {
  id: number;
  assignmentId: number;
  taskId: number;
  due: string | null;
  originalDue: string | null;
  completedOn: string | null;
}

const lineColumns = [
  "assignments.id as assignment_id",
  "tasks.id as task_id",
  "tasks.ref",
  "tasks.section",
  "tasks.text",
  "assignments.role",
  "tasks.position",
  "tasks.deadline_kind",
  "tasks.deadline_date",
  "tasks.deadline_month",
  "tasks.deadline_day",
  "tasks.deadline_phrase",
] as const;

function liveAssignmentsWithTasks(db: Db) {
  return db.selectFrom("assignments").innerJoin("tasks", "tasks.id", "assignments.task_id").where("assignments.removed_at", "is", null).where("tasks.removed_at", "is", null);
}

function toLine(row: {
  assignment_id: number;
  task_id: number;
  ref: string;
  section: string;
  text: string;
  role: AssignmentRole;
  deadline_kind: string;
  deadline_date: string | null;
  deadline_month: number | null;
  deadline_day: number | null;
  deadline_phrase: string | null;
}): AssignmentLine {
  return { assignmentId: row.assignment_id, taskId: row.task_id, ref: row.ref, section: row.section, text: row.text, role: row.role, deadline: deadlineOfRow(row) };
}

/** The agency's live assignments (lead and coordinate) of live tasks, in plan order. */
export async function findAgencyAssignmentLines(db: Db, agencyId: number): Promise<AssignmentLine[]> {
  const rows = await liveAssignmentsWithTasks(db).select(lineColumns).where("assignments.agency_id", "=", agencyId).orderBy("tasks.plan_id").orderBy("tasks.position").execute();
  return rows.map(toLine);
}

/** One live assignment of a live task, with what its card shows. */
export async function findAssignmentCardLine(db: Db, assignmentId: number): Promise<AssignmentCardLine | null> {
  const row = await liveAssignmentsWithTasks(db)
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .leftJoin("agencies as former", "former.id", "assignments.moved_from_agency_id")
    .select([...lineColumns, "assignments.agency_id", "tasks.lead_names", "tasks.coordinate_names", "agencies.code", "agencies.name", "former.name as former_name"])
    .where("assignments.id", "=", assignmentId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toLine(row),
    agencyId: row.agency_id,
    agencyCode: row.code,
    agencyName: row.name,
    formerAgencyName: row.former_name,
    leadNames: JSON.parse(row.lead_names) as string[],
    coordinateNames: JSON.parse(row.coordinate_names) as string[],
  };
}

/** Lead cycles, of some assignments or of every live lead of some tasks. */
export async function findLeadCycles(db: Db, filter: { assignmentIds: number[] } | { taskIds: number[] }): Promise<LeadCycle[]> {
  const byAssignment = "assignmentIds" in filter;
  const ids = byAssignment ? filter.assignmentIds : filter.taskIds;
  if (ids.length === 0) return [];
  const rows = await cyclesWithAssignments(db)
    .select(["cycles.id", "cycles.assignment_id", "assignments.task_id", "cycles.due_on", "cycles.original_due_on", "cycles.completed_on"])
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where(byAssignment ? "assignments.id" : "assignments.task_id", "in", ids)
    .execute();
  return rows.map((r) => ({ id: r.id, assignmentId: r.assignment_id, taskId: r.task_id, due: r.due_on, originalDue: r.original_due_on, completedOn: r.completed_on }));
}
