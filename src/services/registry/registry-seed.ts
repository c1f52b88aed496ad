/**
 * The seed step: the registry file into the database, on every start. The database is the
 * registry people manage; the file only adds agencies and collectives it lacks and corrects
 * those nobody edited by hand (storage/agency-repository.ts, syncRegistry), so a restart never
 * undoes a rename, an alias or a merge. A dated registry (`province`, `valid_from`) may carry a
 * merge map: each merge whose old agency is still in the database and whose date has come is
 * made as `merge` makes it (work and officers move, history stays), once.
 */
import { localDateOf } from "../../domain/local-date.js";
import type { AgencyRegistry } from "../../plan/types.js";
import { syncRegistry, type RegistrySyncResult } from "../../storage/agency-repository.js";
import type { Db } from "../../storage/database.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { writeSetting } from "../../storage/planning-repository.js";
import { findManagedAgencies } from "../../storage/registry-repository.js";
import { mergeAgencies } from "./registry-merge.js";

export interface SeedResult extends RegistrySyncResult {
  /** merges of the file's merge map made by this seed ("SKHDT→STC") */
  merged: string[];
}

export async function seedRegistry(db: Db, registry: AgencyRegistry, now: Date, actor: string, timeZone = "Asia/Ho_Chi_Minh"): Promise<SeedResult> {
  const at = now.toISOString();
  const synced = await db.transaction().execute(async (trx) => {
    const result = await syncRegistry(trx, registry, at);
    if (result.added.length > 0 || result.updated.length > 0) {
      await insertAudit(trx, { at, actor, action: "registry.synced", entity: "registry", entityId: null, after: result });
    }
    if (registry.province !== undefined) await writeSetting(trx, "registry.province", registry.province);
    if (registry.validFrom !== undefined) await writeSetting(trx, "registry.valid_from", registry.validFrom);
    return result;
  });
  const merged: string[] = [];
  const today = localDateOf(now, timeZone);
  for (const merge of registry.merges ?? []) {
    const agencies = await findManagedAgencies(db);
    const from = agencies.find((a) => a.code === merge.from);
    if (!from || from.mergedIntoCode !== null || merge.on > today) continue;
    await mergeAgencies({ db, actor, now, timeZone }, { from: merge.from, into: merge.into, effectiveOn: merge.on, source: merge.source });
    merged.push(`${merge.from}→${merge.into}`);
  }
  return { ...synced, merged };
}
