/**
 * Leases (the scheduler leader's): a row per lease naming its holder, until when it holds it,
 * and a fencing token that grows by one at every change of holder. Taking, renewing and
 * checking a lease is one transaction on the lease row: PostgreSQL locks the row (`FOR UPDATE`
 * to change it, `FOR SHARE` to check it before a fenced write), SQLite's transactions take the
 * database's write lock first (database.ts), so both serialize the same way.
 *
 * A row rather than pg_try_advisory_lock: an advisory lock belongs to one pooled connection
 * (held as long as that connection lives, even by a frozen process), carries no token a write
 * could be checked against, and does not exist on SQLite; the row does the same on both stores.
 */
import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Db } from "./database.js";
import type { Database } from "./schema.js";

/** A lease as one holder got it: the token its fenced writes carry. */
export interface LeaseGrant {
  readonly name: string;
  readonly holder: string;
  readonly token: number;
  readonly expiresAt: string;
}

/** What taking a lease gave: the grant, or who holds it until when. */
export type LeaseOutcome = { readonly granted: true; readonly lease: LeaseGrant } | { readonly granted: false; readonly holder: string; readonly expiresAt: string };

/** What a fenced write checks: the lease still carries this token (no one took it since). */
export interface Fence {
  readonly lease: string;
  readonly token: number;
}

function onPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Takes the lease `name` for `holder` until `expiresAt` when it is free, expired at `now`, or
 * already `holder`'s (then it is renewed with the same token). A new holder gets the next token.
 * Times are ISO instants as the application writes them (they compare as text).
 */
export async function takeLease(db: Db, name: string, holder: string, now: string, expiresAt: string): Promise<LeaseOutcome> {
  return db.transaction().execute(async (trx) => {
    // An expired row with token 0 the first time, so that two first takers meet on one row.
    await trx
      .insertInto("leases")
      .values({ name, holder: "", fencing_token: 0, expires_at: "", renewed_at: "" })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const row = await trx
      .selectFrom("leases")
      .selectAll()
      .where("name", "=", name)
      .$if(onPostgres(trx), (qb) => qb.forUpdate())
      .executeTakeFirstOrThrow();
    const ours = row.holder === holder && row.fencing_token > 0;
    if (!ours && row.expires_at > now) return { granted: false, holder: row.holder, expiresAt: row.expires_at };
    const token = ours ? row.fencing_token : row.fencing_token + 1;
    await trx.updateTable("leases").set({ holder, fencing_token: token, expires_at: expiresAt, renewed_at: now }).where("name", "=", name).execute();
    return { granted: true, lease: { name, holder, token, expiresAt } };
  });
}

/**
 * Moves the lease's expiry on while `fence` still holds it (its token is the lease's): false
 * once another holder took it. A lease that expired but that no one took is still this token's.
 */
export async function renewLease(db: Db, fence: Fence, now: string, expiresAt: string): Promise<boolean> {
  const result = await db.updateTable("leases").set({ expires_at: expiresAt, renewed_at: now }).where("name", "=", fence.lease).where("fencing_token", "=", fence.token).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Frees the lease at once (on a clean stop) if `fence` still holds it; the token stays, the next holder gets the one after. */
export async function releaseLease(db: Db, fence: Fence): Promise<void> {
  await db.updateTable("leases").set({ expires_at: "" }).where("name", "=", fence.lease).where("fencing_token", "=", fence.token).execute();
}

/** The lease's holder, token and expiry (null before anyone took it). */
export async function findLease(db: Db, name: string): Promise<LeaseGrant | null> {
  const row = await db.selectFrom("leases").selectAll().where("name", "=", name).where("fencing_token", ">", 0).executeTakeFirst();
  return row ? { name: row.name, holder: row.holder, token: row.fencing_token, expiresAt: row.expires_at } : null;
}

/**
 * Inside a transaction: whether `fence` still holds its lease. On PostgreSQL the lease row is
 * share-locked until the transaction ends, so a takeover (FOR UPDATE) waits for the fenced write
 * to commit and then sees it, and a fenced write after a takeover sees the new token.
 */
export async function holdsFence(trx: Db, fence: Fence): Promise<boolean> {
  const row = await trx
    .selectFrom("leases")
    .select("fencing_token")
    .where("name", "=", fence.lease)
    .$if(onPostgres(trx), (qb) => qb.forShare())
    .executeTakeFirst();
  return row?.fencing_token === fence.token;
}

/**
 * Runs `work` while no other instance on this database runs work under the same `name`: on
 * PostgreSQL under a session advisory lock held on one pooled connection (several instances
 * starting together seed the registry and import the bundled plan one after the other, so the
 * second finds the first's work done); on SQLite, where one process runs, as it is.
 */
export async function exclusively<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (!onPostgres(db)) return work();
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext(${name}))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(connection);
    }
  });
}
