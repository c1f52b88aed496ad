/**
 * A focal officer's view: the agency's lead tasks first, then the tasks it coordinates, and
 * one task's card. Everything is checked against who asks (DESIGN.md §5).
 */
import { currentCycle } from "../../domain/cycles.js";
import { daysBetween } from "../../domain/local-date.js";
import { DomainError } from "../../domain/errors.js";
import { isCoordinator, type Actor } from "../../domain/person.js";
import { cycleStatus, type CycleStatus } from "../../domain/task-status.js";
import { findAgencyAssignmentLines, findAssignmentCardLine, findLeadCycles, type AssignmentLine, type LeadCycle } from "../../storage/agency-task-repository.js";
import type { Db } from "../../storage/database.js";
import type { Deadline } from "../../domain/deadline.js";
import { updatesOfCycles, type UpdateLine } from "./status-summary.js";

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

function toItem(line: AssignmentLine, cycle: LeadCycle | undefined, today: string): AssignmentItem {
  const due = cycle?.due ?? null;
  return {
    assignmentId: line.assignmentId,
    taskId: line.taskId,
    ref: line.ref,
    section: line.section,
    text: line.text,
    role: line.role,
    deadline: line.deadline,
    cycleId: line.role === "lead" ? (cycle?.id ?? null) : null,
    due,
    status: cycle ? cycleStatus({ due, completedOn: cycle.completedOn }, today) : null,
    daysLeft: due ? daysBetween(today, due) : null,
  };
}

const order: Record<CycleStatus, number> = { overdue: 0, in_progress: 1, no_deadline: 2, done_late: 3, done_on_time: 4 };

export async function listAgencyAssignments(db: Db, agencyId: number, today: string): Promise<AssignmentItem[]> {
  const lines = await findAgencyAssignmentLines(db, agencyId);
  // A lead assignment shows its own cycle; a coordinated task the lead agencies' nearest one.
  const cycles = await findLeadCycles(db, { taskIds: [...new Set(lines.map((l) => l.taskId))] });
  const items = lines.map((line) => toItem(line, currentCycle(cycles.filter((c) => (line.role === "lead" ? c.assignmentId === line.assignmentId : c.taskId === line.taskId))), today));
  const rank = (item: AssignmentItem) => (item.role === "lead" ? 0 : 10) + (item.status ? order[item.status] : 5);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i)
    .map(({ item }) => item);
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
  const line = await findAssignmentCardLine(db, assignmentId);
  if (!line) throw new DomainError("task_unknown", { assignment: assignmentId });
  const ownAgency = actor.person?.state === "active" && actor.person.agencyId === line.agencyId;
  if (!ownAgency && !isCoordinator(actor)) throw new DomainError("not_allowed", { assignment: assignmentId });
  const cycles = await findLeadCycles(db, line.role === "lead" ? { assignmentIds: [line.assignmentId] } : { taskIds: [line.taskId] });
  const current = currentCycle(cycles);
  const item = toItem(line, current, today);
  return {
    ...item,
    agencyCode: line.agencyCode,
    agencyName: line.agencyName,
    originalDue: current?.originalDue ?? null,
    leadNames: line.leadNames,
    coordinateNames: line.coordinateNames,
    formerAgencyName: line.formerAgencyName,
    updates: await updatesOfCycles(
      db,
      cycles.map((c) => c.id),
      timeZone,
      3,
    ),
    canUpdate: line.role === "lead" && ownAgency && actor.person?.role === "focal",
  };
}
