/** What the task lists show: each task with its lead agencies, current due date and status. */
import { currentCycle } from "../../domain/cycles.js";
import { cycleStatus, worstStatus, type CycleStatus } from "../../domain/task-status.js";
import type { Deadline } from "../../domain/deadline.js";
import { taskLabel } from "../../domain/plan-code.js";
import type { Db } from "../../storage/database.js";
import { deadlineOfRow } from "../../storage/plan-repository.js";
import { findListedAssignments, findListedCycles, findListedTasks } from "../../storage/task-status-repository.js";
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

interface CycleLine {
  taskId: number;
  agencyCode: string;
  due: string | null;
  completedOn: string | null;
}

export async function listTasks(db: Db, options: { today: string; agencyCode?: string; planId?: number }): Promise<TaskListItem[]> {
  const tasks = await findListedTasks(db, options.planId);
  const assignments = await findListedAssignments(db);
  const cycles = await findListedCycles(db);
  const qualify = await refsQualified(db);
  const cyclesByTask = new Map<number, CycleLine[]>();
  for (const c of cycles) {
    const line = { taskId: c.task_id, agencyCode: c.code, due: c.due_on, completedOn: c.completed_on };
    cyclesByTask.set(c.task_id, [...(cyclesByTask.get(c.task_id) ?? []), line]);
  }
  const items: TaskListItem[] = [];
  for (const task of tasks) {
    const own = assignments.filter((a) => a.task_id === task.id);
    const role = options.agencyCode ? own.find((a) => a.code === options.agencyCode)?.role : undefined;
    if (options.agencyCode && !role) continue;
    const leadCodes = own.filter((a) => a.role === "lead").map((a) => a.code);
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
      plan: task.plan_code,
      label: taskLabel({ ref: task.ref, planCode: task.plan_code }, qualify),
      text: task.text,
      section: task.section,
      lead_codes: leadCodes,
      deadline: deadlineOfRow(task),
      due: dues[0] ?? null,
      status: worstStatus(statuses),
      ...(role && { role }),
    });
  }
  return items;
}
