/**
 * Plans as first-class (issue 12): close, archive and reopen a plan, change its short code, and
 * find a task from what a person types (`III.1.1`, or `1861/III.1.1` when refs collide).
 * Closing a plan stops its reminders: the planner reads only active plans, and what was
 * planned and not yet sent is recorded as skipped. Its history stays.
 */
import { shortCodePattern, splitTypedRef, taskLabel, type PlanState } from "../../domain/plan-code.js";
import type { Db } from "../../storage/database.js";
import {
  cancelPendingOfPlan,
  countActivePlans,
  findLiveTasksWithRef,
  findPlanCodesOfTasks,
  findPlanSummaries,
  findTaskOfCycle,
  findPlanIdByTypedCode,
  shortCodeTaken,
  updatePlanShortCode,
  updatePlanStatus,
  type PlanRef,
  type PlanSummary,
  type PlanTask,
} from "../../storage/plan-catalog-repository.js";
import { countPlans, insertAudit } from "../../storage/plan-repository.js";

/** Whether refs are shown qualified by plan: more than one plan is active. */
export async function refsQualified(db: Db): Promise<boolean> {
  return (await countActivePlans(db)) > 1;
}

export async function findPlan(db: Db, typed: string): Promise<PlanRef | null> {
  return findPlanIdByTypedCode(db, typed);
}

export type PlanChangeResult =
  | { kind: "unknown" }
  | { kind: "unchanged"; plan: PlanRef }
  | { kind: "changed"; plan: PlanRef; from: PlanState; cancelled: { reminders: number; notices: number } };

/** Sets a plan's status; closing or archiving cancels what was planned and not sent. Audited. */
export async function setPlanStatus(db: Db, typedCode: string, status: PlanState, now: Date, actor: string): Promise<PlanChangeResult> {
  return db.transaction().execute(async (trx) => {
    const plan = await findPlanIdByTypedCode(trx, typedCode);
    if (!plan) return { kind: "unknown" };
    if (plan.status === status) return { kind: "unchanged", plan };
    const at = now.toISOString();
    await updatePlanStatus(trx, plan.id, status, at);
    const cancelled = status === "active" ? { reminders: 0, notices: 0 } : await cancelPendingOfPlan(trx, plan.id, `plan ${status}`);
    await insertAudit(trx, {
      at,
      actor,
      action: `plan.${status === "active" ? "reopened" : status}`,
      entity: "plan",
      entityId: plan.id,
      before: { status: plan.status },
      after: { status, cancelled },
    });
    return { kind: "changed", plan: { ...plan, status }, from: plan.status, cancelled };
  });
}

export type ShortCodeResult = { kind: "unknown" } | { kind: "invalid" } | { kind: "taken" } | { kind: "changed"; plan: PlanRef; from: string };

/** Gives a plan another short code (letters, digits, "-", "_", "."; unique in any case). Audited. */
export async function setPlanShortCode(db: Db, typedCode: string, newCode: string, now: Date, actor: string): Promise<ShortCodeResult> {
  const wanted = newCode.normalize("NFC").trim();
  if (!shortCodePattern.test(wanted)) return { kind: "invalid" };
  return db.transaction().execute(async (trx) => {
    const plan = await findPlanIdByTypedCode(trx, typedCode);
    if (!plan) return { kind: "unknown" };
    if (await shortCodeTaken(trx, wanted, plan.id)) return { kind: "taken" };
    await updatePlanShortCode(trx, plan.id, wanted);
    await insertAudit(trx, {
      at: now.toISOString(),
      actor,
      action: "plan.code_changed",
      entity: "plan",
      entityId: plan.id,
      before: { short_code: plan.shortCode },
      after: { short_code: wanted },
    });
    return { kind: "changed", plan: { ...plan, shortCode: wanted }, from: plan.shortCode };
  });
}

export interface TaskChoice {
  taskId: number;
  planCode: string;
  label: string;
  text: string;
}

export type TaskLookup = { kind: "found"; task: PlanTask; label: string } | { kind: "ambiguous"; ref: string; choices: TaskChoice[] } | { kind: "none" };

/**
 * A task from what a person types. A qualified ref names its plan (short code, or the plan's
 * number); a bare ref is the task when one plan has it, or when only one of the plans that
 * have it is active; otherwise the person chooses among the qualified refs.
 */
export async function lookUpTask(db: Db, typed: string): Promise<TaskLookup> {
  const { plan, ref } = splitTypedRef(typed);
  if (ref === "") return { kind: "none" };
  let found = await findLiveTasksWithRef(db, ref);
  if (plan !== null) {
    const named = await findPlanIdByTypedCode(db, plan);
    found = named ? found.filter((t) => t.planId === named.id) : [];
  }
  if (found.length > 1) {
    const active = found.filter((t) => t.planStatus === "active");
    if (active.length === 1) found = active;
  }
  if (found.length === 0) return { kind: "none" };
  if (found.length > 1) return { kind: "ambiguous", ref, choices: found.map((t) => ({ taskId: t.id, planCode: t.planCode, label: taskLabel(t, true), text: t.text })) };
  const task = found[0]!;
  return { kind: "found", task, label: taskLabel(task, await refsQualified(db)) };
}

/**
 * Items that carry a task's bare ref, with `ref` replaced by the ref as shown (qualified by
 * plan while several plans are active): for views built from services that know only refs.
 */
export async function withTaskLabels<T extends { taskId: number; ref: string }>(db: Db, items: readonly T[]): Promise<T[]> {
  if (items.length === 0 || !(await refsQualified(db))) return [...items];
  const codes = await findPlanCodesOfTasks(db, [...new Set(items.map((i) => i.taskId))]);
  return items.map((item) => {
    const planCode = codes.get(item.taskId);
    return planCode === undefined ? item : { ...item, ref: taskLabel({ ref: item.ref, planCode }, true) };
  });
}

/** A cycle's task ref as shown (for messages built from a bare ref and a cycle id). */
export async function labelOfCycle(db: Db, cycleId: number, ref: string): Promise<string> {
  // One plan active (the usual case): the bare ref, without looking the task up.
  if (!(await refsQualified(db))) return ref;
  const taskId = await findTaskOfCycle(db, cycleId);
  if (taskId === null) return ref;
  const [labelled] = await withTaskLabels(db, [{ taskId, ref }]);
  return labelled!.ref;
}

/** Every plan with its short code, status, issuer and counts (`/plans`, CLI `plans`). */
export async function listPlans(db: Db, today: string): Promise<PlanSummary[]> {
  return findPlanSummaries(db, today);
}

/** The plans `/status` adds a line for: all of them when there are several, none otherwise. */
export async function plansForStatus(db: Db, today: string): Promise<PlanSummary[]> {
  return (await countPlans(db)) > 1 ? findPlanSummaries(db, today) : [];
}
