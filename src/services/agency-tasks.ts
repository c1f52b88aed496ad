/**
 * A focal officer's view: the agency's lead tasks first, then the tasks it coordinates, and
 * one task's card. Everything is checked against who asks (DESIGN.md §5).
 */
import { currentCycle } from "../domain/cycles.js";
import { daysBetween } from "../domain/local-date.js";
import { DomainError } from "../domain/errors.js";
import { isCoordinator, type Actor } from "../domain/person.js";
import { cycleStatus, type CycleStatus } from "../domain/task-status.js";
import type { Db } from "../storage/database.js";
import { deadlineOfRow } from "../storage/plan-repository.js";
import type { Deadline } from "../domain/deadline.js";
import { updatesOfCycles, type UpdateLine } from "./status-report.js";

export interface AssignmentItem {
  assignmentId: number;
  taskId: number;
  ref: string;
  section: string;
  text: string;
  role: "lead" | "coordinate";
  deadline: Deadline;
  /** the lead cycle that matters now (lead role only) */
  cycleId: number | null;
  due: string | null;
  status: CycleStatus | null;
  daysLeft: number | null;
}

const itemColumns = [
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

interface Row {
  assignment_id: number;
  task_id: number;
  ref: string;
  section: string;
  text: string;
  role: "lead" | "coordinate";
  position: number;
  deadline_kind: string;
  deadline_date: string | null;
  deadline_month: number | null;
  deadline_day: number | null;
  deadline_phrase: string | null;
}

interface CycleRow {
  id: number;
  assignmentId: number;
  taskId: number;
  due: string | null;
  originalDue: string | null;
  completedOn: string | null;
}

/** Lead cycles, of some assignments or of every lead of some tasks. */
async function leadCyclesWhere(db: Db, filter: { assignmentIds: number[] } | { taskIds: number[] }): Promise<CycleRow[]> {
  const byAssignment = "assignmentIds" in filter;
  const ids = byAssignment ? filter.assignmentIds : filter.taskIds;
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .select(["cycles.id", "cycles.assignment_id", "assignments.task_id", "cycles.due_on", "cycles.original_due_on", "cycles.completed_on"])
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where(byAssignment ? "assignments.id" : "assignments.task_id", "in", ids)
    .execute();
  return rows.map((r) => ({ id: r.id, assignmentId: r.assignment_id, taskId: r.task_id, due: r.due_on, originalDue: r.original_due_on, completedOn: r.completed_on }));
}

function toItem(row: Row, cycle: CycleRow | undefined, today: string): AssignmentItem {
  const due = cycle?.due ?? null;
  return {
    assignmentId: row.assignment_id,
    taskId: row.task_id,
    ref: row.ref,
    section: row.section,
    text: row.text,
    role: row.role,
    deadline: deadlineOfRow(row),
    cycleId: row.role === "lead" ? (cycle?.id ?? null) : null,
    due,
    status: cycle ? cycleStatus({ due, completedOn: cycle.completedOn }, today) : null,
    daysLeft: due ? daysBetween(today, due) : null,
  };
}

const order: Record<CycleStatus, number> = { overdue: 0, in_progress: 1, no_deadline: 2, done_late: 3, done_on_time: 4 };

export async function listAgencyAssignments(db: Db, agencyId: number, today: string): Promise<AssignmentItem[]> {
  const rows: Row[] = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(itemColumns)
    .where("assignments.agency_id", "=", agencyId)
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .orderBy("tasks.plan_id")
    .orderBy("tasks.position")
    .execute();
  // A lead assignment shows its own cycle; a coordinated task the lead agencies' nearest one.
  const cycles = await leadCyclesWhere(db, { taskIds: [...new Set(rows.map((r) => r.task_id))] });
  const items = rows.map((row) =>
    toItem(row, currentCycle(cycles.filter((c) => (row.role === "lead" ? c.assignmentId === row.assignment_id : c.taskId === row.task_id))), today),
  );
  const rank = (item: AssignmentItem) => (item.role === "lead" ? 0 : 10) + (item.status ? order[item.status] : 5);
  return items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i).map(({ item }) => item);
}

export interface TaskCard extends AssignmentItem {
  agencyCode: string;
  agencyName: string;
  originalDue: string | null;
  leadNames: string[];
  coordinateNames: string[];
  /** the agency this assignment was moved from (a merge, a reassigned lead), shown "trước đây: …" */
  formerAgencyName: string | null;
  updates: UpdateLine[];
  /** whether the viewer may record updates on it */
  canUpdate: boolean;
}

/** One assignment's card, if the actor may see it: their own agency's, or anything for coordinators. */
export async function taskCard(db: Db, actor: Actor, assignmentId: number, today: string, timeZone: string): Promise<TaskCard> {
  const row = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .leftJoin("agencies as former", "former.id", "assignments.moved_from_agency_id")
    .select([...itemColumns, "assignments.agency_id", "tasks.lead_names", "tasks.coordinate_names", "agencies.code", "agencies.name", "former.name as former_name"])
    .where("assignments.id", "=", assignmentId)
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new DomainError("task_unknown", { assignment: assignmentId });
  const ownAgency = actor.person?.state === "active" && actor.person.agencyId === row.agency_id;
  if (!ownAgency && !isCoordinator(actor)) throw new DomainError("not_allowed", { assignment: assignmentId });
  const cycles = await leadCyclesWhere(db, row.role === "lead" ? { assignmentIds: [row.assignment_id] } : { taskIds: [row.task_id] });
  const current = currentCycle(cycles);
  const item = toItem(row, current, today);
  return {
    ...item,
    agencyCode: row.code,
    agencyName: row.name,
    originalDue: current?.originalDue ?? null,
    leadNames: JSON.parse(row.lead_names) as string[],
    coordinateNames: JSON.parse(row.coordinate_names) as string[],
    formerAgencyName: row.former_name,
    updates: await updatesOfCycles(db, cycles.map((c) => c.id), timeZone, 3),
    canUpdate: row.role === "lead" && ownAgency && actor.person?.role === "focal",
  };
}
