/**
 * Registry changes by hand (CLI and admins in chat): add an agency, rename it, add or drop
 * aliases, set its parent and kind. Each change is one transaction with an audit line
 * (who, when, before, after) and marks the agency edited, so the seed file leaves it alone.
 */
import { isAgencyKind } from "../../domain/agency-kind.js";
import { nameKey } from "../../plan/text.js";
import type { Db } from "../../storage/database.js";
import { insertAudit } from "../../storage/audit-repository.js";
import { findManagedAgencies, insertManagedAgency, updateManagedAgency, type AgencyChanges, type ManagedAgency } from "../../storage/registry-repository.js";
import { RegistryChangeError } from "../../domain/registry-errors.js";

export interface ChangeContext {
  db: Db;
  actor: string;
  now: Date;
}

/** An agency from what a person types: its code (any case), its name or an alias. */
export function findAgencyIn(agencies: readonly ManagedAgency[], typed: string): ManagedAgency | null {
  const text = typed.trim();
  const code = text.toUpperCase();
  const byCode = agencies.find((a) => a.code === code);
  if (byCode) return byCode;
  const key = nameKey(text);
  return key === "" ? null : (agencies.find((a) => [a.name, ...a.aliases].some((n) => nameKey(n) === key)) ?? null);
}

/** The whole registry as people manage it, merged agencies included. */
export async function listAgencies(db: Db): Promise<ManagedAgency[]> {
  return findManagedAgencies(db);
}

export async function requireAgency(db: Db, typed: string, options: { allowMerged?: boolean } = {}): Promise<ManagedAgency> {
  const agencies = await findManagedAgencies(db);
  const agency = findAgencyIn(agencies, typed);
  if (!agency) throw new RegistryChangeError("agency_unknown", { code: typed });
  if (agency.mergedIntoCode && !options.allowMerged) {
    throw new RegistryChangeError("agency_merged", { name: agency.name, into: agencies.find((a) => a.code === agency.mergedIntoCode)?.name ?? agency.mergedIntoCode });
  }
  return agency;
}

function checkName(name: string, agencies: readonly ManagedAgency[], self: string | null): string {
  const clean = name.normalize("NFC").replace(/\s+/g, " ").trim();
  if (clean.length < 2 || clean.length > 200) throw new RegistryChangeError("name_invalid");
  const owner = agencies.find((a) => a.code !== self && [a.name, ...a.aliases].some((n) => nameKey(n) === nameKey(clean)));
  if (owner) throw new RegistryChangeError("name_taken", { name: clean, owner: owner.code });
  return clean;
}

export interface NewAgency {
  code: string;
  name: string;
  kind: string;
  aliases?: string[];
  parent?: string | null;
}

export async function addAgency(context: ChangeContext, input: NewAgency): Promise<ManagedAgency> {
  const code = input.code.trim().toUpperCase();
  if (!/^[A-Z0-9-]{2,24}$/.test(code)) throw new RegistryChangeError("code_invalid", { code: input.code });
  if (!isAgencyKind(input.kind)) throw new RegistryChangeError("kind_invalid", { kind: input.kind });
  const kind = input.kind;
  const at = context.now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const agencies = await findManagedAgencies(trx);
    if (agencies.some((a) => a.code === code)) throw new RegistryChangeError("code_taken", { code });
    const name = checkName(input.name, agencies, null);
    const aliases = dedupe((input.aliases ?? []).map((a) => checkName(a, agencies, null)));
    const parent = input.parent ? await requireAgency(trx, input.parent) : null;
    const id = await insertManagedAgency(trx, { code, name, kind, aliases, parentId: parent?.id ?? null }, at);
    await insertAudit(trx, { at, actor: context.actor, action: "agency.added", entity: "agency", entityId: id, after: { code, name, kind, aliases, parent: parent?.code ?? null } });
    return (await findManagedAgencies(trx)).find((a) => a.id === id)!;
  });
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(nameKey(n)) && seen.add(nameKey(n)));
}

export type AgencyEdit =
  | { kind: "rename"; name: string }
  | { kind: "alias"; alias: string }
  | { kind: "unalias"; alias: string }
  | { kind: "parent"; parent: string | null }
  | { kind: "kind"; agencyKind: string };

const editActions: Record<AgencyEdit["kind"], string> = {
  rename: "agency.renamed",
  alias: "agency.alias_added",
  unalias: "agency.alias_removed",
  parent: "agency.parent_set",
  kind: "agency.kind_set",
};

/** One change to an existing agency, audited with the agency before and after. */
export async function editAgency(context: ChangeContext, typed: string, edit: AgencyEdit): Promise<ManagedAgency> {
  const at = context.now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const agencies = await findManagedAgencies(trx);
    const agency = await requireAgency(trx, typed, { allowMerged: edit.kind === "rename" || edit.kind === "alias" || edit.kind === "unalias" });
    const changes: AgencyChanges = {};
    switch (edit.kind) {
      case "rename": {
        const name = checkName(edit.name, agencies, agency.code);
        changes.name = name;
        // The old name stays findable: documents of earlier years use it.
        if (nameKey(name) !== nameKey(agency.name)) changes.aliases = dedupe([...agency.aliases.filter((a) => nameKey(a) !== nameKey(name)), agency.name]);
        break;
      }
      case "alias":
        changes.aliases = dedupe([...agency.aliases, checkName(edit.alias, agencies, agency.code)]);
        break;
      case "unalias": {
        const kept = agency.aliases.filter((a) => nameKey(a) !== nameKey(edit.alias));
        if (kept.length === agency.aliases.length) throw new RegistryChangeError("alias_unknown", { code: agency.code, alias: edit.alias });
        changes.aliases = kept;
        break;
      }
      case "parent": {
        const parent = edit.parent === null ? null : await requireAgency(trx, edit.parent);
        for (let at: ManagedAgency | undefined = parent ?? undefined; at; at = agencies.find((a) => a.code === at!.parentCode)) {
          if (at.code === agency.code) throw new RegistryChangeError("parent_cycle");
        }
        changes.parentId = parent?.id ?? null;
        break;
      }
      case "kind":
        if (!isAgencyKind(edit.agencyKind)) throw new RegistryChangeError("kind_invalid", { kind: edit.agencyKind });
        changes.kind = edit.agencyKind;
        break;
    }
    await updateManagedAgency(trx, agency.id, changes, at);
    const after = (await findManagedAgencies(trx)).find((a) => a.id === agency.id)!;
    await insertAudit(trx, { at, actor: context.actor, action: editActions[edit.kind], entity: "agency", entityId: agency.id, before: snapshot(agency), after: snapshot(after) });
    return after;
  });
}

export function snapshot(a: ManagedAgency) {
  return { code: a.code, name: a.name, kind: a.kind, aliases: a.aliases, parent: a.parentCode, merged_into: a.mergedIntoCode, merged_on: a.mergedOn };
}
