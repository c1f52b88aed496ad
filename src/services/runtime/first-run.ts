/** What the service does on an empty database: import the bundled plan. */
import type { Db } from "../../storage/database.js";
import type { AgencyRegistry } from "../../plan/types.js";
import { hasAnyPerson, hasPendingAdminInvite } from "../../storage/people-repository.js";
import { countPlans } from "../../storage/plan-repository.js";
import { readPlanFile } from "../plans/plan-files.js";
import { importPlan, type ImportReport } from "../plans/plan-import.js";

export async function importBundledPlanIfEmpty(deps: { db: Db; timeZone: string; registry: AgencyRegistry }, file: string, now: Date): Promise<ImportReport | null> {
  if ((await countPlans(deps.db)) > 0) return null;
  const planFile = await readPlanFile(file, deps.registry);
  return importPlan({ db: deps.db, timeZone: deps.timeZone }, planFile.parsed, { file, hash: planFile.hash }, now, "first-start");
}

/** True when nobody has joined and no admin invite is waiting: the service prints one. */
export async function needsFirstAdmin(db: Db, now: Date): Promise<boolean> {
  return !(await hasAnyPerson(db)) && !(await hasPendingAdminInvite(db, now.toISOString()));
}
