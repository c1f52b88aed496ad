/**
 * A task's own reminder ladder (DESIGN.md §4: "configurable globally and per task"): days
 * before the due date and the overdue interval, over the global ladder. Changing it forgets the
 * planner's markers for the task's cycles, so the next tick follows the new ladder.
 */
import { DomainError } from "../../domain/errors.js";
import { ladderOverrideProblem, ladderWith, parseLadderOverride, type LadderConfig, type LadderOverride } from "../../domain/reminder-ladder.js";
import type { Db } from "../../storage/database.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { findLiveTaskLadder, findLiveTaskLadderById, updateTaskLadder } from "../../storage/plan-repository.js";

export interface TaskLadder {
  ref: string;
  /** the task's own settings, or null when it follows the global ladder */
  own: LadderOverride | null;
  /** what its cycles are reminded by */
  effective: LadderConfig;
}

/** A task as a ref (the newest live task with it), or by id once a ref was resolved to one plan's task. */
export type LadderTask = string | { taskId: number };

async function findLiveTask(db: Db, ref: LadderTask) {
  const task = typeof ref === "string" ? await findLiveTaskLadder(db, ref) : await findLiveTaskLadderById(db, ref.taskId);
  if (!task) throw new DomainError("ref_unknown", { ref: typeof ref === "string" ? ref : String(ref.taskId) });
  return task;
}

export async function taskLadder(db: Db, ref: LadderTask, global: LadderConfig): Promise<TaskLadder> {
  const task = await findLiveTask(db, ref);
  const own = parseLadderOverride(task.ladder);
  return { ref: task.ref, own, effective: ladderWith(global, own) };
}

/** Sets (or, with null, removes) a task's own ladder; the change is audited. */
export async function setTaskLadder(db: Db, input: { ref: LadderTask; own: LadderOverride | null; actor: string; now: Date; global: LadderConfig }): Promise<TaskLadder> {
  if (input.own !== null) {
    const problem = ladderOverrideProblem(input.own);
    if (problem) throw new DomainError("ladder_invalid", { problem });
  }
  const own = input.own && Object.keys(input.own).length > 0 ? input.own : null;
  await db.transaction().execute(async (trx) => {
    const task = await findLiveTask(trx, input.ref);
    const ladder = own === null ? null : JSON.stringify(own);
    await updateTaskLadder(trx, task.id, ladder, input.now.toISOString());
    await insertAudit(trx, {
      at: input.now.toISOString(),
      actor: input.actor,
      action: "task.ladder_set",
      entity: "task",
      entityId: task.id,
      before: parseLadderOverride(task.ladder),
      after: own,
    });
  });
  return taskLadder(db, input.ref, input.global);
}
