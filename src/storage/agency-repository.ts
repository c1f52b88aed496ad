/** Agencies and collectives: the registry as stored. */
import type { Agency, Collective } from "../domain/model.js";
import type { AgencyKind } from "../domain/agency-kind.js";
import type { AgencyRegistry } from "../plan/types.js";
import type { Db } from "./database.js";
import type { AgencyRow } from "./schema.js";

function agencyRowToAgency(row: AgencyRow): Agency {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind as AgencyKind, aliases: JSON.parse(row.aliases) as string[] };
}

export async function findAgencies(db: Db): Promise<Agency[]> {
  const rows = await db.selectFrom("agencies").selectAll().orderBy("position").orderBy("id").execute();
  return rows.map(agencyRowToAgency);
}

export async function findAgencyByCode(db: Db, code: string): Promise<Agency | null> {
  const row = await db.selectFrom("agencies").selectAll().where("code", "=", code).executeTakeFirst();
  return row ? agencyRowToAgency(row) : null;
}

/** The ids of the agencies with these codes (codes not found are left out). */
export async function findAgencyIdsByCodes(db: Db, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom("agencies").select(["id", "code"]).where("code", "in", codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function findAgencyById(db: Db, id: number): Promise<Agency | null> {
  const row = await db.selectFrom("agencies").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? agencyRowToAgency(row) : null;
}

export async function findCollectives(db: Db): Promise<Collective[]> {
  const rows = await db.selectFrom("collectives").selectAll().orderBy("id").execute();
  const members = await db
    .selectFrom("collective_members")
    .innerJoin("agencies", "agencies.id", "collective_members.agency_id")
    .select(["collective_members.collective_id", "agencies.code"])
    .orderBy("agencies.position")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    aliases: JSON.parse(row.aliases) as string[],
    memberCodes: members.filter((m) => m.collective_id === row.id).map((m) => m.code),
  }));
}

/** The registry as stored, in the shape the plan reader takes (registered agencies only). */
export async function loadStoredRegistry(db: Db): Promise<AgencyRegistry> {
  const agencies = (await findAgencies(db)).filter((a) => a.kind !== "unregistered");
  const collectives = await findCollectives(db);
  return {
    agencies: agencies.map(({ code, name, kind, aliases }) => ({ code, name, kind, aliases })),
    collectives: collectives.map(({ code, name, aliases, memberCodes }) => ({ code, name, aliases, members: memberCodes })),
  };
}

export interface RegistrySyncResult {
  added: string[];
  updated: string[];
}

/**
 * Brings the stored registry in line with the registry file. Agencies missing from the file
 * are kept: people and history may hang on them. Agencies people edited or merged (CLI, chat,
 * import) are left as they are: the file only adds what is missing and corrects what nobody
 * touched, so a restart never undoes a person's change. A collective's member that was merged
 * counts as its successor.
 */
export async function syncRegistry(trx: Db, registry: AgencyRegistry, now: string): Promise<RegistrySyncResult> {
  const result: RegistrySyncResult = { added: [], updated: [] };
  const existing = new Map((await trx.selectFrom("agencies").selectAll().execute()).map((row) => [row.code, row]));
  for (const [position, agency] of registry.agencies.entries()) {
    const aliases = JSON.stringify(agency.aliases);
    const row = existing.get(agency.code);
    if (!row) {
      await trx.insertInto("agencies").values({ code: agency.code, name: agency.name, kind: agency.kind, aliases, position, created_at: now, updated_at: now }).execute();
      result.added.push(agency.code);
    } else if (row.edited_at !== null || row.merged_into_id !== null) {
    } else if (row.name !== agency.name || row.kind !== agency.kind || row.aliases !== aliases || row.position !== position) {
      await trx.updateTable("agencies").set({ name: agency.name, kind: agency.kind, aliases, position, updated_at: now }).where("id", "=", row.id).execute();
      result.updated.push(agency.code);
    }
  }
  const stored = await trx.selectFrom("agencies").select(["id", "code", "merged_into_id"]).execute();
  const ids = new Map(stored.map((r) => [r.code, r.id]));
  const mergedInto = new Map(stored.map((r) => [r.id, r.merged_into_id]));
  const successor = (id: number) => {
    for (let hops = 0; hops < 50 && mergedInto.get(id) != null; hops++) id = mergedInto.get(id)!;
    return id;
  };
  for (const collective of registry.collectives) {
    const aliases = JSON.stringify(collective.aliases);
    const row = await trx.selectFrom("collectives").selectAll().where("code", "=", collective.code).executeTakeFirst();
    const id = row ? row.id : (await trx.insertInto("collectives").values({ code: collective.code, name: collective.name, aliases }).returning("id").executeTakeFirstOrThrow()).id;
    if (row && (row.name !== collective.name || row.aliases !== aliases)) {
      await trx.updateTable("collectives").set({ name: collective.name, aliases }).where("id", "=", id).execute();
    }
    const members = (await trx.selectFrom("collective_members").select("agency_id").where("collective_id", "=", id).execute()).map((m) => m.agency_id);
    const wanted = [...new Set(collective.members.map((code) => successor(ids.get(code)!)))];
    const same = members.length === wanted.length && wanted.every((w) => members.includes(w));
    if (!same) {
      await trx.deleteFrom("collective_members").where("collective_id", "=", id).execute();
      await trx
        .insertInto("collective_members")
        .values(wanted.map((agency_id) => ({ collective_id: id, agency_id })))
        .execute();
    }
    if (!row) result.added.push(collective.code);
    else if (!same || row.name !== collective.name || row.aliases !== aliases) result.updated.push(collective.code);
  }
  return result;
}

/** An agency the plan names but the registry does not know, kept under the name as written. */
export async function ensureUnregisteredAgency(trx: Db, name: string, code: string, now: string): Promise<number> {
  const byName = await trx.selectFrom("agencies").select("id").where("name", "=", name).executeTakeFirst();
  if (byName) return byName.id;
  let unique = code;
  for (let n = 2; await trx.selectFrom("agencies").select("id").where("code", "=", unique).executeTakeFirst(); n++) {
    unique = `${code}-${n}`;
  }
  const position = 100_000;
  const inserted = await trx
    .insertInto("agencies")
    .values({ code: unique, name, kind: "unregistered", aliases: "[]", position, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}
