/**
 * A focal officer's view: the agency's lead tasks first, then the tasks it coordinates, and
 * one task's card. Everything is checked against who asks (DESIGN.md §5).
 */
import { daysBetween } from "../domain/local-date.js";
import { DomainError } from "../domain/errors.js";
import { isCoordinator, type Actor } from "../domain/person.js";
import { cycleStatus, type CycleStatus } from "../domain/task-status.js";
import type { Db } from "../storage/database.js";
import { deadlineOfRow } from "../storage/plan-repository.js";
import type { Deadline } from "../plan/types.js";
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

async function cyclesFor(db: Db, assignmentIds: number[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom("cycles")
    .select(["id", "assignment_id", "due_on", "completed_on"])
    .where("assignment_id", "in", assignmentIds)
    .execute();
}

type CycleRow = Awaited<ReturnType<typeof cyclesFor>>[number];

/** The cycle that matters now: the earliest open one, else the latest. */
export function currentCycle<T extends { due_on: string | null; completed_on: string | null }>(cycles: readonly T[]): T | undefined {
  const open = cycles.filter((c) => c.completed_on === null).sort((a, b) => (a.due_on ?? "9999").localeCompare(b.due_on ?? "9999"));
  return open[0] ?? [...cycles].sort((a, b) => (b.due_on ?? "").localeCompare(a.due_on ?? ""))[0];
}

function toItem(row: Row, cycle: CycleRow | undefined, today: string): AssignmentItem {
  const due = cycle?.due_on ?? null;
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
    status: cycle ? cycleStatus({ due, completedOn: cycle.completed_on }, today) : null,
    daysLeft: due ? daysBetween(today, due) : null,
  };
}

const order: Record<CycleStatus, number> = { overdue: 0, in_progress: 1, no_deadline: 2, done_late: 3, done_on_time: 4 };

export async function listAgencyAssignments(db: Db, agencyId: number, today: string): Promise<AssignmentItem[]> {
  const rows: Row[] = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select([
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
    ])
    .where("assignments.agency_id", "=", agencyId)
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .orderBy("tasks.plan_id")
    .orderBy("tasks.position")
    .execute();
  // A coordinated task shows the lead agencies' nearest cycle.
  const leadCycles = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .select(["cycles.id", "cycles.assignment_id", "cycles.due_on", "cycles.completed_on", "assignments.task_id"])
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("assignments.task_id", "in", rows.length > 0 ? rows.map((r) => r.task_id) : [-1])
    .execute();
  const own = await cyclesFor(db, rows.filter((r) => r.role === "lead").map((r) => r.assignment_id));
  const items = rows.map((row) =>
    toItem(
      row,
      currentCycle(row.role === "lead" ? own.filter((c) => c.assignment_id === row.assignment_id) : leadCycles.filter((c) => c.task_id === row.task_id)),
      today,
    ),
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
    .select([
      "assignments.id as assignment_id",
      "assignments.agency_id",
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
      "tasks.lead_names",
      "tasks.coordinate_names",
      "agencies.code",
      "agencies.name",
    ])
    .where("assignments.id", "=", assignmentId)
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new DomainError("task_unknown", { assignment: assignmentId });
  const ownAgency = actor.person?.state === "active" && actor.person.agencyId === row.agency_id;
  if (!ownAgency && !isCoordinator(actor)) throw new DomainError("not_allowed", { assignment: assignmentId });
  const cycles =
    row.role === "lead"
      ? await cyclesFor(db, [row.assignment_id])
      : await db
          .selectFrom("cycles")
          .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
          .select(["cycles.id", "cycles.assignment_id", "cycles.due_on", "cycles.completed_on"])
          .where("assignments.task_id", "=", row.task_id)
          .where("assignments.role", "=", "lead")
          .execute();
  const current = currentCycle(cycles);
  const original = current ? await db.selectFrom("cycles").select("original_due_on").where("id", "=", current.id).executeTakeFirst() : undefined;
  const item = toItem(row, current, today);
  return {
    ...item,
    agencyCode: row.code,
    agencyName: row.name,
    originalDue: original?.original_due_on ?? null,
    leadNames: JSON.parse(row.lead_names) as string[],
    coordinateNames: JSON.parse(row.coordinate_names) as string[],
    updates: await updatesOfCycles(db, cycles.map((c) => c.id), timeZone, 3),
    canUpdate: row.role === "lead" && ownAgency && actor.person?.role === "focal",
  };
}
