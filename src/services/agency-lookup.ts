/** Finds an agency from what a person types: its code, its name or an alias. */
import type { Agency } from "../domain/model.js";
import type { AgencyMatcher } from "../plan/agency-matcher.js";
import { findAgencyByCode } from "../storage/agency-repository.js";
import type { Db } from "../storage/database.js";

export async function findAgencyByQuery(db: Db, matcher: AgencyMatcher, query: string): Promise<Agency | null> {
  const text = query.trim();
  if (text === "") return null;
  const byCode = await findAgencyByCode(db, text.toUpperCase());
  if (byCode) return byCode;
  const entity = matcher.find(text);
  return entity?.type === "agency" ? findAgencyByCode(db, entity.code) : null;
}
