/**
 * The clock: node-cron ticks every minute and calls one service, `tick(now)`. Overlapping
 * ticks are skipped (a slow pass is not run twice at once); the database decides what is due.
 * With several instances on one database (PostgreSQL) every instance has a scheduler, but only
 * the one leading the scheduler lease runs its passes, and its claims carry the lease's fence
 * (services/runtime/scheduler-lease.ts).
 */
import cron from "node-cron";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { InstanceLock } from "../services/runtime/instance-lock.js";
import type { Leadership } from "../services/runtime/scheduler-lease.js";
import { pruneOldRecords } from "../services/runtime/maintenance.js";
import { tick, type TickDeps } from "../services/reminders/tick.js";

export interface Scheduler {
  /** one pass now (also run at start, to catch up after downtime) */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  cron: boolean;
  /** asked before each pass: false when this process must not send any more */
  fence?: () => Promise<boolean>;
  /** the heartbeat found the lock taken by another process */
  onLockLost?: () => void;
}

/**
 * What lets this process run passes: the instance lock (SQLite, and polling on PostgreSQL: one
 * process), whose heartbeat the scheduler keeps; the scheduler lease (PostgreSQL), whose beats
 * the service keeps: a pass runs only while it leads. Either or both.
 */
export interface SchedulerGuard {
  lock: InstanceLock | null;
  leadership: Leadership | null;
}

export function startScheduler(deps: TickDeps, clock: Clock, guard: SchedulerGuard, logger: Logger, options: SchedulerOptions = { cron: true }): Scheduler {
  const { lock, leadership } = guard;
  let running: Promise<void> | null = null;
  const runOnce = () => {
    if (lost) return Promise.resolve();
    // Another instance leads: it plans and sends; this one only answers updates.
    if (leadership && !leadership.leading()) return Promise.resolve();
    running ??= (async () => {
      const now = clock.now();
      const log = logger.child({ tick: now.toISOString() });
      try {
        // After a freeze (SIGSTOP, a suspended VM) the cron timer may fire first: the lock before planning.
        if (options.fence && !(await options.fence())) return;
        const fence = leadership?.fence();
        if (leadership && !fence) return;
        const report = await tick({ ...deps, clock: () => clock.now(), ...(fence && { fence }) }, now);
        for (const cycle of report.setAside) {
          log.error({ cycle: cycle.cycleId, due_on: cycle.dueOn, error: cycle.error }, "cycle with a date the planner cannot use: set aside (npm run cli -- doctor lists it)");
        }
        const sent = report.delivered.filter((d) => d.outcome === "sent").length;
        const failed = report.delivered.filter((d) => d.outcome === "failed").length;
        if (report.planned.length + report.delivered.length + report.cyclesCreated > 0) {
          log.info({ planned: report.planned.length, backlogs: report.backlogs, sent, failed, cycles_created: report.cyclesCreated }, "tick");
        }
      } catch (error) {
        log.error({ err: error }, "tick failed");
        if (!options.cron) throw error;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const task = options.cron ? cron.schedule("* * * * *", () => runOnce(), { name: "dondoc-tick", noOverlap: true }) : null;
  // Housekeeping, hourly: old update ids and "which task?" replies (services/runtime/maintenance.ts).
  const prune = options.cron
    ? cron.schedule(
        "17 * * * *",
        () =>
          (leadership && !leadership.leading() ? Promise.resolve({ handledUpdates: 0, pendingReplies: 0 }) : pruneOldRecords(deps.db, clock.now()))
            .then((r) => r.handledUpdates + r.pendingReplies > 0 && logger.info(r, "pruned"))
            .catch((error: unknown) => logger.error({ err: error }, "pruning failed")),
        { name: "dondoc-prune", noOverlap: true },
      )
    : null;
  let lost = false;
  const heartbeat =
    lock &&
    setInterval(() => {
      lock
        .heartbeat(clock.now())
        .then((held) => {
          if (!held && !lost) {
            logger.fatal("another process took over this database: reminders stop here");
            options.onLockLost?.();
          }
          lost ||= !held;
        })
        .catch((error: unknown) => logger.error({ err: error }, "heartbeat failed"));
    }, 20_000);
  heartbeat?.unref();
  return {
    runOnce,
    async stop() {
      await task?.stop();
      await task?.destroy();
      await prune?.stop();
      await prune?.destroy();
      if (heartbeat) clearInterval(heartbeat);
      await running;
    },
  };
}
