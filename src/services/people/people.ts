/**
 * Onboarding and the people register: single-use invites (≥128 random bits, stored hashed,
 * expiring), redeeming one binds a Telegram user to an agency and role; admins list, move and
 * deactivate people. Every change is audited.
 */
import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "../../domain/errors.js";
import { addDaysToInstant } from "../../domain/local-date.js";
import type { Actor, Person, PersonRole } from "../../domain/person.js";
import { findAgencyByCode } from "../../storage/agency-repository.js";
import type { Db } from "../../storage/database.js";
import {
  claimInvite,
  countOtherActiveAdmins,
  expireInvite,
  findInviteByCodeHash,
  findPendingInvites,
  findPeople,
  findPersonById,
  findPersonByTelegramId,
  insertInvite,
  markPersonLeft,
  markPersonReachable,
  movePersonToAgency,
  upsertPerson,
  type PendingInvite,
} from "../../storage/people-repository.js";
import { insertAudit } from "../../storage/audit-repository.js";

export const inviteValidityDays = 7;

export function hashInviteCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/** The deep link that opens the bot with the code (DESIGN.md §5). */
export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

export interface Invite {
  code: string;
  agencyCode: string | null;
  agencyName: string | null;
  role: PersonRole;
  expiresAt: string;
}

/** A new invite. Focal officers need an agency; coordinators and admins may have one. */
export async function createInvite(db: Db, input: { agencyCode: string | null; role: PersonRole; createdBy: string; now: Date }): Promise<Invite> {
  const agency = input.agencyCode ? await findAgencyByCode(db, input.agencyCode.toUpperCase()) : null;
  if (input.agencyCode && !agency) throw new DomainError("agency_unknown", { code: input.agencyCode });
  if (input.role === "focal" && !agency) throw new DomainError("agency_unknown", { code: null });
  const code = randomBytes(18).toString("base64url"); // 144 bits, 24 characters, deep-link safe
  const expiresAt = addDaysToInstant(input.now, inviteValidityDays).toISOString();
  const at = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const inviteId = await insertInvite(trx, { codeHash: hashInviteCode(code), agencyId: agency?.id ?? null, role: input.role, createdBy: input.createdBy, expiresAt }, at);
    await insertAudit(trx, {
      at,
      actor: input.createdBy,
      action: "invite.created",
      entity: "invite",
      entityId: inviteId,
      after: { agency: agency?.code ?? null, role: input.role, expires_at: expiresAt },
    });
  });
  return { code, agencyCode: agency?.code ?? null, agencyName: agency?.name ?? null, role: input.role, expiresAt };
}

export interface TelegramIdentity {
  telegramUserId: number;
  chatId: number;
  displayName: string;
}

/**
 * Redeems an invite: one transaction, so two people racing for one code cannot both win. The
 * last admin (no other active admin, none named in the configuration) cannot take a lesser
 * role by tapping a link: nobody would be left to manage the bot; the invite stays unused.
 */
export async function redeemInvite(db: Db, code: string, who: TelegramIdentity, now: Date, options: { configAdminIds?: readonly number[] } = {}): Promise<Person> {
  const at = now.toISOString();
  const personId = await db.transaction().execute(async (trx) => {
    const invite = await findInviteByCodeHash(trx, hashInviteCode(code));
    if (!invite) throw new DomainError("invite_unknown");
    if (invite.usedAt !== null) throw new DomainError("invite_used", { invite: invite.id });
    if (invite.expiresAt <= at) throw new DomainError("invite_expired", { invite: invite.id });
    const before = await findPersonByTelegramId(trx, who.telegramUserId);
    if (
      before?.role === "admin" &&
      before.state === "active" &&
      invite.role !== "admin" &&
      (options.configAdminIds ?? []).length === 0 &&
      (await countOtherActiveAdmins(trx, before.id)) === 0
    ) {
      throw new DomainError("last_admin", { person: before.id, invite: invite.id });
    }
    const id = await upsertPerson(trx, { ...who, agencyId: invite.agencyId, role: invite.role }, at);
    if (!(await claimInvite(trx, invite.id, id, at))) throw new DomainError("invite_used", { invite: invite.id });
    await insertAudit(trx, {
      at,
      actor: `telegram:${who.telegramUserId}`,
      action: "person.registered",
      entity: "person",
      entityId: id,
      before,
      after: { agency_id: invite.agencyId, role: invite.role, invite: invite.id },
    });
    return id;
  });
  return (await findPersonById(db, personId))!;
}

export type { PendingInvite } from "../../storage/people-repository.js";

/** Invites not used yet and not expired, oldest first (never their codes: only hashes are kept). */
export async function listPendingInvites(db: Db, now: Date): Promise<PendingInvite[]> {
  return findPendingInvites(db, now.toISOString());
}

/** Revokes a pending invite: from now on its link says it expired. Audited. */
export async function revokeInvite(db: Db, input: { inviteId: number; actor: string; now: Date }): Promise<PendingInvite> {
  const at = input.now.toISOString();
  return db.transaction().execute(async (trx) => {
    const [invite] = await findPendingInvites(trx, at, input.inviteId);
    if (!invite || !(await expireInvite(trx, invite.id, at))) throw new DomainError("invite_not_pending", { invite: input.inviteId });
    await insertAudit(trx, {
      at,
      actor: input.actor,
      action: "invite.revoked",
      entity: "invite",
      entityId: invite.id,
      before: { agency: invite.agencyCode, role: invite.role, expires_at: invite.expiresAt },
      after: { expires_at: at },
    });
    return invite;
  });
}

export async function listPeople(db: Db): Promise<Person[]> {
  return findPeople(db);
}

/** Moves a person to another agency (and optionally role). */
export async function movePerson(db: Db, input: { personId: number; agencyCode: string; role?: PersonRole; actor: string; now: Date }): Promise<Person> {
  const agency = await findAgencyByCode(db, input.agencyCode.toUpperCase());
  if (!agency) throw new DomainError("agency_unknown", { code: input.agencyCode });
  const at = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await findPersonById(trx, input.personId);
    if (!before) throw new DomainError("person_unknown", { person: input.personId });
    await movePersonToAgency(trx, input.personId, agency.id, input.role, at);
    await insertAudit(trx, {
      at,
      actor: input.actor,
      action: "person.moved",
      entity: "person",
      entityId: input.personId,
      before,
      after: { agency: agency.code, role: input.role ?? before.role },
    });
  });
  return (await findPersonById(db, input.personId))!;
}

/** A person who left: kept for history, no longer reminded or allowed in. */
export async function deactivatePerson(db: Db, input: { personId: number; actor: string; now: Date }): Promise<Person> {
  const at = input.now.toISOString();
  await db.transaction().execute(async (trx) => {
    const before = await findPersonById(trx, input.personId);
    if (!before) throw new DomainError("person_unknown", { person: input.personId });
    await markPersonLeft(trx, input.personId, at);
    await insertAudit(trx, { at, actor: input.actor, action: "person.deactivated", entity: "person", entityId: input.personId, before });
  });
  return (await findPersonById(db, input.personId))!;
}

/** Someone marked unreachable wrote to the bot again: they can be reached. */
export async function markReachable(db: Db, personId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if (await markPersonReachable(trx, personId, at)) {
      await insertAudit(trx, { at, actor: "system", action: "person.reachable", entity: "person", entityId: personId, before: { state: "unreachable" }, after: { state: "active" } });
    }
  });
}

/** Who sent an update: their person record, and whether the configuration names them admin. */
export async function resolveActor(db: Db, telegramUserId: number, adminIds: readonly number[]): Promise<Actor> {
  return { telegramUserId, person: await findPersonByTelegramId(db, telegramUserId), isConfigAdmin: adminIds.includes(telegramUserId) };
}
