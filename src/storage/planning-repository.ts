/**
 * The planner's bookkeeping: each open cycle's next unplanned stage instant (cycles.next_stage_at)
 * and the latest instant a tick planned for. Whatever changes which stages a cycle has, or who
 * receives them, forgets the cycle's marker so that the next tick plans it again from the ledger.
 */
import type { Db } from "./database.js";

export type PlanningScope = { all: true } | { cycleIds: readonly number[] } | { agencyId: number } | { taskId: number };

export async function forgetPlanning(db: Db, scope: PlanningScope): Promise<void> {
  let query = db.updateTable("cycles").set({ next_stage_at: "" }).where("completed_at", "is", null).where("next_stage_at", "!=", "");
  if ("cycleIds" in scope) {
    if (scope.cycleIds.length === 0) return;
    query = query.where("id", "in", scope.cycleIds);
  } else if ("agencyId" in scope) {
    query = query.where("assignment_id", "in", (eb) => eb.selectFrom("assignments").select("id").where("agency_id", "=", scope.agencyId));
  } else if ("taskId" in scope) {
    query = query.where("assignment_id", "in", (eb) => eb.selectFrom("assignments").select("id").where("task_id", "=", scope.taskId));
  }
  await query.execute();
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
