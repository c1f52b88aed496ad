/**
 * Only one bot process may run on one database (DESIGN.md §4). The lock is a row with a
 * heartbeat: a second process refuses while the holder is alive; a holder that died (its pid is
 * gone on this host, or its heartbeat is older than the timeout) is replaced.
 */
import { hostname } from "node:os";
import type { Db } from "../../storage/database.js";
import { findLockHolder, refreshLockHeartbeat, releaseLock, takeLock } from "../../storage/lock-repository.js";

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
    const holder = await findLockHolder(trx);
    if (holder && holder.owner !== owner) {
      const fresh = now.getTime() - Date.parse(holder.heartbeatAt) < heartbeatTimeoutMs;
      // On this host: a holder whose pid is gone, or is our own pid (a container restarted as pid 1), is dead.
      const deadHere = holder.host === self.host && (holder.pid === self.pid || !isAlive(holder.pid));
      if (fresh && !deadHere) throw new InstanceLockedError({ host: holder.host, pid: holder.pid, heartbeatAt: holder.heartbeatAt });
    }
    await takeLock(trx, { owner, host: self.host, pid: self.pid, heartbeatAt: now.toISOString() });
  });
  return {
    owner,
    async heartbeat(at) {
      return refreshLockHeartbeat(db, owner, at.toISOString());
    },
    async isHeld() {
      return (await findLockHolder(db))?.owner === owner;
    },
    async release() {
      await releaseLock(db, owner);
    },
  };
}
