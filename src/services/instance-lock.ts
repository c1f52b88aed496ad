/**
 * Only one bot process may run on one database (DESIGN.md §4). The lock is a row with a
 * heartbeat: a second process refuses while the holder is alive; a holder that died (its pid is
 * gone on this host, or its heartbeat is older than the timeout) is replaced.
 */
import { hostname } from "node:os";
import type { Db } from "../storage/database.js";

export const heartbeatTimeoutMs = 90_000;

/** This process lost the database to another one (after a freeze, a suspended VM): it must stop. */
export class LockLostError extends Error {
  constructor() {
    super("Another dondoc process took over this database; this one stops reading and sending.");
    this.name = "LockLostError";
  }
}

export class InstanceLockedError extends Error {
  constructor(readonly holder: { host: string; pid: number; heartbeatAt: string }) {
    super(`Another dondoc process (pid ${holder.pid} on ${holder.host}, last seen ${holder.heartbeatAt}) is running on this database; stop it first.`);
    this.name = "InstanceLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface InstanceLock {
  owner: string;
  /** false when another process has taken the lock (this one must stop sending) */
  heartbeat(now: Date): Promise<boolean>;
  /** whether this process still holds the lock (read only) */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export async function acquireInstanceLock(db: Db, owner: string, now: Date, self = { host: hostname(), pid: process.pid }): Promise<InstanceLock> {
  await db.transaction().execute(async (trx) => {
    const holder = await trx.selectFrom("instance_lock").selectAll().where("id", "=", 1).executeTakeFirst();
    if (holder && holder.owner !== owner) {
      const fresh = now.getTime() - Date.parse(holder.heartbeat_at) < heartbeatTimeoutMs;
      // On this host: a holder whose pid is gone, or is our own pid (a container restarted as pid 1), is dead.
      const deadHere = holder.host === self.host && (holder.pid === self.pid || !isAlive(holder.pid));
      if (fresh && !deadHere) throw new InstanceLockedError({ host: holder.host, pid: holder.pid, heartbeatAt: holder.heartbeat_at });
    }
    await trx
      .insertInto("instance_lock")
      .values({ id: 1, owner, host: self.host, pid: self.pid, heartbeat_at: now.toISOString() })
      .onConflict((oc) => oc.column("id").doUpdateSet({ owner, host: self.host, pid: self.pid, heartbeat_at: now.toISOString() }))
      .execute();
  });
  return {
    owner,
    async heartbeat(at) {
      const result = await db.updateTable("instance_lock").set({ heartbeat_at: at.toISOString() }).where("id", "=", 1).where("owner", "=", owner).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async isHeld() {
      const row = await db.selectFrom("instance_lock").select("owner").where("id", "=", 1).executeTakeFirst();
      return row?.owner === owner;
    },
    async release() {
      await db.deleteFrom("instance_lock").where("id", "=", 1).where("owner", "=", owner).execute();
    },
  };
}
