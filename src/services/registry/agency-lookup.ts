/**
 * Finds an agency from what a person types: its code, its name or an alias. A merged agency
 * answers with the one that carries its work now.
 */
import type { Agency } from "../../domain/model.js";
import type { AgencyMatcher } from "../../plan/agency-matcher.js";
import { findAgencyByCode, findAgencyById } from "../../storage/agency-repository.js";
import { successorIds } from "../../storage/registry-repository.js";
import type { Db } from "../../storage/database.js";

export async function findAgencyByQuery(db: Db, matcher: AgencyMatcher, query: string): Promise<Agency | null> {
  const text = query.trim();
  if (text === "") return null;
  const entity = matcher.find(text);
  const found = (await findAgencyByCode(db, text.toUpperCase())) ?? (entity?.type === "agency" ? await findAgencyByCode(db, entity.code) : null);
  if (!found) return null;
  const successor = (await successorIds(db, [found.id])).get(found.id)!;
  return successor === found.id ? found : findAgencyById(db, successor);
}
