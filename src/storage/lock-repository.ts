/**
 * The instance lock: one row (id 1) naming the process that may read and send on this
 * database, with its heartbeat. Whether a holder is still alive is the service's decision.
 */
import type { Db } from "./database.js";

export interface LockHolder {
  owner: string;
  host: string;
  pid: number;
  heartbeatAt: string;
}

export async function findLockHolder(db: Db): Promise<LockHolder | null> {
  const row = await db.selectFrom("instance_lock").selectAll().where("id", "=", 1).executeTakeFirst();
  return row ? { owner: row.owner, host: row.host, pid: row.pid, heartbeatAt: row.heartbeat_at } : null;
}

/** Writes `holder` as the lock's holder, whoever held it before. */
export async function takeLock(db: Db, holder: LockHolder): Promise<void> {
  const values = { owner: holder.owner, host: holder.host, pid: holder.pid, heartbeat_at: holder.heartbeatAt };
  await db
    .insertInto("instance_lock")
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet(values))
    .execute();
}

/** Moves the heartbeat on while `owner` holds the lock; false when another holds it (or none). */
export async function refreshLockHeartbeat(db: Db, owner: string, at: string): Promise<boolean> {
  const result = await db.updateTable("instance_lock").set({ heartbeat_at: at }).where("id", "=", 1).where("owner", "=", owner).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Frees the lock if `owner` still holds it. */
export async function releaseLock(db: Db, owner: string): Promise<void> {
  await db.deleteFrom("instance_lock").where("id", "=", 1).where("owner", "=", owner).execute();
}
