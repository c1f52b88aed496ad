/** People and invites. */
import { sql } from "kysely";
import type { Person, PersonRole } from "../domain/person.js";
import type { Db } from "./database.js";
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
  return row.id;
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
  return rows.map((r) => ({ id: r.id, agencyCode: r.code, agencyName: r.name, role: r.role, expiresAt: r.expires_at, createdAt: r.created_at, createdBy: r.created_by, creatorName: r.display_name }));
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
