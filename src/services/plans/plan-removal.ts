/**
 * `plan remove <code>`: takes an imported plan away with everything it created (tasks,
 * assignments, cycles, their reports, reminders, extension requests and message links, and
 * the agencies added for its unregistered names), in one transaction, audited with the counts.
 */
import type { Db } from "../../storage/database.js";
import { deletePlan, findPlanIdByTypedCode, type RemovedCounts } from "../../storage/plan-catalog-repository.js";
import { findPlanByCode, insertAudit } from "../../storage/plan-repository.js";

export interface RemovedPlan {
  code: string;
  title: string;
  removed: RemovedCounts;
}

/** null when no plan has that code (or the number matches several). */
export async function removePlan(db: Db, typedCode: string, now: Date, actor: string): Promise<RemovedPlan | null> {
  return db.transaction().execute(async (trx) => {
    const found = await findPlanIdByTypedCode(trx, typedCode);
    if (!found) return null;
    const plan = (await findPlanByCode(trx, found.code))!;
    const removed = await deletePlan(trx, plan.id);
    await insertAudit(trx, { at: now.toISOString(), actor, action: "plan.removed", entity: "plan", entityId: plan.id, before: plan, after: removed });
    return { code: plan.code, title: plan.title, removed };
  });
}
