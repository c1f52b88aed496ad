/** People and invites. */
import { sql } from "kysely";
import type { Person, PersonRole } from "../domain/person.js";
import type { Db } from "./database.js";
import { forgetPlanning } from "./planning-repository.js";
import { prepared } from "./prepared.js";

const personColumns = [
  "people.id",
  "people.telegram_user_id",
  "people.chat_id",
  "people.display_name",
  "people.agency_id",
  "people.role",
  "people.state",
  "agencies.code as agency_code",
  "agencies.name as agency_name",
] as const;

function peopleQuery(db: Db) {
  return db.selectFrom("people").leftJoin("agencies", "agencies.id", "people.agency_id").select(personColumns);
}

type PersonRow = Awaited<ReturnType<ReturnType<typeof peopleQuery>["executeTakeFirstOrThrow"]>>;

function personRowToPerson(row: PersonRow): Person {
  return {
    id: row.id,
    telegramUserId: row.telegram_user_id,
    chatId: row.chat_id,
    displayName: row.display_name,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    agencyName: row.agency_name,
    role: row.role,
    state: row.state,
  };
}

// Asked on every update (who is speaking): prepared once.
const selectPersonByTelegramId = prepared<{ telegramUserId: number }, PersonRow>((db, slot) => peopleQuery(db).where("people.telegram_user_id", "=", slot("telegramUserId")));

export async function findPersonByTelegramId(db: Db, telegramUserId: number): Promise<Person | null> {
  const [row] = await selectPersonByTelegramId(db, { telegramUserId });
  return row ? personRowToPerson(row) : null;
}

export async function findPersonById(db: Db, id: number): Promise<Person | null> {
  const row = await peopleQuery(db).where("people.id", "=", id).executeTakeFirst();
  return row ? personRowToPerson(row) : null;
}

export async function findPeople(db: Db, options: { includeLeft?: boolean } = {}): Promise<Person[]> {
  let query = peopleQuery(db).orderBy("agencies.position").orderBy("people.id");
  if (!options.includeLeft) query = query.where("people.state", "!=", "left");
  return (await query.execute()).map(personRowToPerson);
}

/** How many active admins there are besides `exceptPersonId`. */
export async function countOtherActiveAdmins(db: Db, exceptPersonId: number): Promise<number> {
  const row = await db
    .selectFrom("people")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("state", "=", "active")
    .where("id", "!=", exceptPersonId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findActivePeopleOfAgency(db: Db, agencyId: number): Promise<Person[]> {
  const rows = await peopleQuery(db).where("people.agency_id", "=", agencyId).where("people.state", "=", "active").execute();
  return rows.map(personRowToPerson);
}

/**
 * Registers a Telegram user (or registers them again) with an agency and role. An officer new to
 * an agency: its cycles are planned again at the next tick, for them too.
 */
export async function upsertPerson(
  trx: Db,
  person: { telegramUserId: number; chatId: number; displayName: string; agencyId: number | null; role: Person["role"] },
  now: string,
): Promise<number> {
  const row = await trx
    .insertInto("people")
    .values({
      telegram_user_id: person.telegramUserId,
      chat_id: person.chatId,
      display_name: person.displayName,
      agency_id: person.agencyId,
      role: person.role,
      state: "active",
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column("telegram_user_id").doUpdateSet({
        chat_id: person.chatId,
        display_name: person.displayName,
        agency_id: person.agencyId,
        role: person.role,
        state: "active",
        updated_at: now,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  if (person.agencyId !== null) await forgetPlanning(trx, { agencyId: person.agencyId });
  return row.id;
}

/** Moves a person to another agency (and optionally role), active again; that agency's cycles are planned again. */
export async function movePersonToAgency(trx: Db, personId: number, agencyId: number, role: PersonRole | undefined, at: string): Promise<void> {
  await trx
    .updateTable("people")
    .set({ agency_id: agencyId, ...(role && { role }), state: "active", updated_at: at })
    .where("id", "=", personId)
    .execute();
  await forgetPlanning(trx, { agencyId });
}

/** A person who left: kept for history, no longer reminded or allowed in. */
export async function markPersonLeft(trx: Db, personId: number, at: string): Promise<void> {
  await trx.updateTable("people").set({ state: "left", updated_at: at }).where("id", "=", personId).execute();
}

/**
 * Someone marked unreachable can be reached again: active, and their agency's cycles are
 * planned again (for them too). False when they were not unreachable.
 */
export async function markPersonReachable(trx: Db, personId: number, at: string): Promise<boolean> {
  const changed = await trx.updateTable("people").set({ state: "active", updated_at: at }).where("id", "=", personId).where("state", "=", "unreachable").executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  const person = await findPersonById(trx, personId);
  if (person?.agencyId != null) await forgetPlanning(trx, { agencyId: person.agencyId });
  return true;
}

/** An invite as redeeming it sees it, found by the hash of its code. */
export interface StoredInvite {
  id: number;
  agencyId: number | null;
  role: PersonRole;
  expiresAt: string;
  usedAt: string | null;
}

export async function insertInvite(trx: Db, invite: { codeHash: string; agencyId: number | null; role: PersonRole; createdBy: string; expiresAt: string }, at: string): Promise<number> {
  const row = await trx
    .insertInto("invites")
    .values({
      code_hash: invite.codeHash,
      agency_id: invite.agencyId,
      role: invite.role,
      created_by: invite.createdBy,
      expires_at: invite.expiresAt,
      used_at: null,
      used_by_person_id: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findInviteByCodeHash(db: Db, codeHash: string): Promise<StoredInvite | null> {
  const row = await db.selectFrom("invites").selectAll().where("code_hash", "=", codeHash).executeTakeFirst();
  return row ? { id: row.id, agencyId: row.agency_id, role: row.role, expiresAt: row.expires_at, usedAt: row.used_at } : null;
}

/** Marks the invite used by this person; false when someone used it first. */
export async function claimInvite(trx: Db, inviteId: number, personId: number, at: string): Promise<boolean> {
  const claimed = await trx.updateTable("invites").set({ used_at: at, used_by_person_id: personId }).where("id", "=", inviteId).where("used_at", "is", null).executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** An invite not used yet and not expired (its code is never stored, only its hash). */
export interface PendingInvite {
  id: number;
  agencyCode: string | null;
  agencyName: string | null;
  role: PersonRole;
  expiresAt: string;
  createdAt: string;
  /** "cli", "telegram:<id>", "first-run" … */
  createdBy: string;
  /** the name of the person who made it, when an admin made it in chat */
  creatorName: string | null;
}

export async function findPendingInvites(db: Db, at: string, id?: number): Promise<PendingInvite[]> {
  let query = db
    .selectFrom("invites")
    .leftJoin("agencies", "agencies.id", "invites.agency_id")
    .leftJoin("people", (join) => join.on(sql<boolean>`'telegram:' || people.telegram_user_id = invites.created_by`))
    .select(["invites.id", "invites.role", "invites.expires_at", "invites.created_at", "invites.created_by", "agencies.code", "agencies.name", "people.display_name"])
    .where("invites.used_at", "is", null)
    .where("invites.expires_at", ">", at)
    .orderBy("invites.id");
  if (id !== undefined) query = query.where("invites.id", "=", id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    agencyCode: r.code,
    agencyName: r.name,
    role: r.role,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    creatorName: r.display_name,
  }));
}

/** Ends a pending invite now (it reads as expired from then on); false when it was not pending. */
export async function expireInvite(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable("invites").set({ expires_at: at }).where("id", "=", id).where("used_at", "is", null).where("expires_at", ">", at).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function hasAnyPerson(db: Db): Promise<boolean> {
  return (await db.selectFrom("people").select("id").limit(1).executeTakeFirst()) !== undefined;
}

/** An admin invite not used and not expired at `at`. */
export async function hasPendingAdminInvite(db: Db, at: string): Promise<boolean> {
  const invite = await db.selectFrom("invites").select("id").where("role", "=", "admin").where("used_at", "is", null).where("expires_at", ">", at).limit(1).executeTakeFirst();
  return invite !== undefined;
}
