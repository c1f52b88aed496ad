/** What a notice listing cycles (backlog summary, check-in) shows when it is sent: the cycles still open. */
import { cyclesWithTasks } from "./cycle-joins.js";
import type { Db } from "./database.js";

export interface OpenCycleItem {
  /** the task's id, to show its ref qualified by plan */
  taskId: number;
  ref: string;
  text: string;
  due: string | null;
  assignmentId: number;
}

/** The listed cycles still open, by due date. */
export async function findOpenCycleItems(db: Db, cycleIds: readonly number[]): Promise<OpenCycleItem[]> {
  if (cycleIds.length === 0) return [];
  const rows = await cyclesWithTasks(db)
    .select(["tasks.id as task_id", "tasks.ref", "tasks.text", "cycles.due_on", "assignments.id as assignment_id"])
    .where("cycles.id", "in", cycleIds)
    .where("cycles.completed_at", "is", null)
    .orderBy("cycles.due_on")
    .execute();
  return rows.map((r) => ({ taskId: r.task_id, ref: r.ref, text: r.text, due: r.due_on, assignmentId: r.assignment_id }));
}

/** The listed cycles still open and still undated (a coordinator may have set a date meanwhile), in plan order. */
export async function findOpenUndatedCycleItems(db: Db, cycleIds: readonly number[]): Promise<Array<Omit<OpenCycleItem, "due">>> {
  if (cycleIds.length === 0) return [];
  const rows = await cyclesWithTasks(db)
    .select(["tasks.id as task_id", "tasks.ref", "tasks.text", "assignments.id as assignment_id"])
    .where("cycles.id", "in", cycleIds)
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", "is", null)
    .where("tasks.removed_at", "is", null)
    .orderBy("tasks.position")
    .execute();
  return rows.map((r) => ({ taskId: r.task_id, ref: r.ref, text: r.text, assignmentId: r.assignment_id }));
}
