/** What the task lists show: each task with its lead agencies, current due date and status. */
import { currentCycle } from "../../domain/cycles.js";
import { cycleStatus, worstStatus, type CycleStatus } from "../../domain/task-status.js";
import type { Deadline } from "../../domain/deadline.js";
import { taskLabel } from "../../domain/plan-code.js";
import type { Db } from "../../storage/database.js";
import { findListedAssignments, findListedCycles, findListedTasks, type ListedCycle } from "../../storage/task-status-repository.js";
import { refsQualified } from "../plans/plan-lifecycle.js";

export interface TaskListItem {
  ref: string;
  /** the plan's short code, and the ref as shown (`1861/III.1.1` while several plans are active) */
  plan: string;
  label: string;
  text: string;
  section: string;
  lead_codes: string[];
  deadline: Deadline;
  due: string | null;
  status: CycleStatus | null;
  /** with an agency filter: how that agency takes part */
  role?: "lead" | "coordinate";
}

export async function listTasks(db: Db, options: { today: string; agencyCode?: string; planId?: number }): Promise<TaskListItem[]> {
  const tasks = await findListedTasks(db, options.planId);
  const assignments = await findListedAssignments(db);
  const cycles = await findListedCycles(db);
  const qualify = await refsQualified(db);
  const cyclesByTask = new Map<number, ListedCycle[]>();
  for (const c of cycles) cyclesByTask.set(c.taskId, [...(cyclesByTask.get(c.taskId) ?? []), c]);
  const items: TaskListItem[] = [];
  for (const task of tasks) {
    const own = assignments.filter((a) => a.taskId === task.id);
    const role = options.agencyCode ? own.find((a) => a.agencyCode === options.agencyCode)?.role : undefined;
    if (options.agencyCode && !role) continue;
    const leadCodes = own.filter((a) => a.role === "lead").map((a) => a.agencyCode);
    const taskCycles = cyclesByTask.get(task.id) ?? [];
    const relevant = role === "lead" ? taskCycles.filter((c) => c.agencyCode === options.agencyCode) : taskCycles;
    const perAgency = leadCodes.map((code) => currentCycle(relevant.filter((c) => c.agencyCode === code))).filter((c) => c !== undefined);
    const statuses = perAgency.map((c) => cycleStatus({ due: c.due, completedOn: c.completedOn }, options.today));
    const dues = perAgency
      .map((c) => c.due)
      .filter((d): d is string => d !== null)
      .sort();
    items.push({
      ref: task.ref,
      plan: task.planCode,
      label: taskLabel(task, qualify),
      text: task.text,
      section: task.section,
      lead_codes: leadCodes,
      deadline: task.deadline,
      due: dues[0] ?? null,
      status: worstStatus(statuses),
      ...(role && { role }),
    });
  }
  return items;
}
