/** The seed step: the registry file into the database, on first start and whenever it changes. */
import type { AgencyRegistry } from "../plan/types.js";
import { syncRegistry, type RegistrySyncResult } from "../storage/agency-repository.js";
import type { Db } from "../storage/database.js";
import { insertAudit } from "../storage/plan-repository.js";

export async function seedRegistry(db: Db, registry: AgencyRegistry, now: Date, actor: string): Promise<RegistrySyncResult> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const result = await syncRegistry(trx, registry, at);
    if (result.added.length > 0 || result.updated.length > 0) {
      await insertAudit(trx, { at, actor, action: "registry.synced", entity: "registry", entityId: null, after: result });
    }
    return result;
  });
}
