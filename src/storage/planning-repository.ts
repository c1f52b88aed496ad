/**
 * The planner's bookkeeping: each open cycle's next unplanned stage instant (cycles.next_stage_at)
 * and the latest instant a tick planned for. Whatever changes which stages a cycle has, or who
 * receives them, forgets the cycle's marker so that the next tick plans it again from the ledger.
 * The repository write that makes such a change calls `forgetPlanning` itself, in the caller's
 * transaction: services never forget a marker (a test in tests/integration/cycle-writes.test.ts
 * holds each write to it).
 */
import type { Db } from "./database.js";

export type PlanningScope = { all: true } | { cycleIds: readonly number[] } | { assignmentId: number } | { agencyId: number } | { taskId: number } | { planId: number };

/** Forgets the markers of the open cycles in scope: the next tick plans them again. */
export async function forgetPlanning(db: Db, scope: PlanningScope): Promise<void> {
  let query = db.updateTable("cycles").set({ next_stage_at: "" }).where("completed_at", "is", null).where("next_stage_at", "!=", "");
  if ("cycleIds" in scope) {
    if (scope.cycleIds.length === 0) return;
    query = query.where("id", "in", scope.cycleIds);
  } else if ("assignmentId" in scope) {
    query = query.where("assignment_id", "=", scope.assignmentId);
  } else if ("agencyId" in scope) {
    query = query.where("assignment_id", "in", (eb) => eb.selectFrom("assignments").select("id").where("agency_id", "=", scope.agencyId));
  } else if ("taskId" in scope) {
    query = query.where("assignment_id", "in", (eb) => eb.selectFrom("assignments").select("id").where("task_id", "=", scope.taskId));
  } else if ("planId" in scope) {
    query = query.where("assignment_id", "in", (eb) =>
      eb.selectFrom("assignments").innerJoin("tasks", "tasks.id", "assignments.task_id").select("assignments.id").where("tasks.plan_id", "=", scope.planId),
    );
  }
  await query.execute();
}

/**
 * A service starting: the ladder or the calendar (configuration, not the database) may have
 * changed since the last run, so every open cycle is planned afresh from the ledger.
 */
export async function replanAllCycles(db: Db): Promise<void> {
  await forgetPlanning(db, { all: true });
}

const plannerInstantKey = "planner.latest_now";

/**
 * Records the instant a tick plans for. Markers are instants: if the clock went back (a
 * corrected system clock, `tick --at` in the past), stages before them were never looked at for
 * that time, so every marker is forgotten.
 */
export async function followPlannerClock(db: Db, now: Date): Promise<void> {
  const at = now.toISOString();
  const latest = await readSetting(db, plannerInstantKey);
  if (latest !== null && at < latest) await forgetPlanning(db, { all: true });
  if (latest === null || at !== latest) await writeSetting(db, plannerInstantKey, at);
}

/** Sets each cycle's marker; `byInstant` maps an instant to the cycles it is the next stage of. */
export async function setNextStages(db: Db, byInstant: ReadonlyMap<string, readonly number[]>, chunk = 500): Promise<void> {
  for (const [instant, ids] of byInstant) {
    for (let i = 0; i < ids.length; i += chunk) {
      await db
        .updateTable("cycles")
        .set({ next_stage_at: instant })
        .where("id", "in", ids.slice(i, i + chunk))
        .execute();
    }
  }
}

export async function readSetting(db: Db, key: string): Promise<string | null> {
  return (await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value ?? null;
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}
