/**
 * The scheduler leader among several instances on one database (issue 13): one instance holds
 * the "scheduler" lease and runs the scheduler and the sender; every instance calls `beat` each
 * `heartbeatMs`, which renews the leader's lease and lets another take it once it expired.
 * The leader's claims carry its fence (storage/delivery-repository.ts), so an ex-leader that was
 * paused past its lease claims nothing after another took over.
 *
 * Takeover: a leader that dies right after renewing holds the lease `ttlMs` longer, and the
 * others look every `heartbeatMs`, so another leads within ttlMs + heartbeatMs (40 s by
 * default), leaving 20 s of the 60 s target for clock differences between hosts (the expiry is
 * written with the leader's clock and read against the others').
 *
 * SQLite keeps its single instance and its instance lock (services/runtime/instance-lock.ts); the lease
 * works on it too (the tests run it on both stores).
 */
import type { Db } from "../../storage/database.js";
import { recoverInterrupted } from "../reminders/delivery.js";
import { renewLease, releaseLease, takeLease, type Fence } from "../../storage/lease-repository.js";

export const schedulerLeaseName = "scheduler";

export interface LeaseTiming {
  /** how long a lease holds without renewal */
  readonly ttlMs: number;
  /** how often every instance renews (the leader) or tries to take it (the others) */
  readonly heartbeatMs: number;
}

export const defaultLeaseTiming: LeaseTiming = { ttlMs: 30_000, heartbeatMs: 10_000 };

/** The longest a dead leader can keep the others waiting. */
export function worstTakeoverMs(timing: LeaseTiming): number {
  return timing.ttlMs + timing.heartbeatMs;
}

/** A timing that cannot work: the leader would lose its lease between two renewals, or takeover would exceed 60 s. */
export function leaseTimingProblem(timing: LeaseTiming): string | null {
  if (!(timing.heartbeatMs > 0) || !(timing.ttlMs > 0)) return "the lease TTL and heartbeat must be positive";
  if (timing.heartbeatMs * 2 > timing.ttlMs) return `the heartbeat (${timing.heartbeatMs} ms) must be at most half the lease TTL (${timing.ttlMs} ms)`;
  if (worstTakeoverMs(timing) > 60_000) return `a takeover could take ${worstTakeoverMs(timing)} ms (TTL + heartbeat), more than 60 s`;
  return null;
}

/** What one beat found: whether this instance leads, and the fence its claims carry. */
export type LeaseState =
  | { readonly leading: true; readonly fence: Fence /** this beat took the lease (a new token) rather than renewed it */; readonly took: boolean }
  | { readonly leading: false; readonly holder: string; readonly expiresAt: string };

export interface SchedulerLease {
  readonly holder: string;
  /** renews the lease if this instance leads, takes it if it is free or expired; call every heartbeatMs */
  beat(now: Date): Promise<LeaseState>;
  /** the fence of the last beat that led (null when this instance does not lead) */
  fence(): Fence | null;
  /** frees the lease for the others at once (a clean stop) */
  release(): Promise<void>;
}

export function schedulerLease(db: Db, holder: string, timing: LeaseTiming = defaultLeaseTiming, name = schedulerLeaseName): SchedulerLease {
  const problem = leaseTimingProblem(timing);
  if (problem) throw new Error(`Scheduler lease: ${problem}.`);
  let current: Fence | null = null;
  /** the token this instance last held (a release keeps it: taking the lease back after is no takeover) */
  let lastToken: number | null = null;
  const expiry = (now: Date) => new Date(now.getTime() + timing.ttlMs).toISOString();
  return {
    holder,
    async beat(now) {
      if (current && (await renewLease(db, current, now.toISOString(), expiry(now)))) return { leading: true, fence: current, took: false };
      const previous = lastToken;
      current = null;
      const outcome = await takeLease(db, name, holder, now.toISOString(), expiry(now));
      if (!outcome.granted) return { leading: false, holder: outcome.holder, expiresAt: outcome.expiresAt };
      const took = previous !== outcome.lease.token;
      current = { lease: name, token: outcome.lease.token };
      lastToken = outcome.lease.token;
      return { leading: true, fence: current, took };
    },
    fence: () => current,
    async release() {
      if (current) await releaseLease(db, current);
      current = null;
    },
  };
}

/**
 * One heartbeat of an instance among several: renews or takes the scheduler lease, and when this
 * beat made it the leader, puts back what the leader before it left claimed ("sending" →
 * "planned"), so that it goes out again: at most the ex-leader's in-flight messages twice.
 * The scheduler then runs its pass only while `leading`, with `fence` in its tick deps.
 */
export async function leaderBeat(db: Db, lease: SchedulerLease, now: Date): Promise<LeaseState & { readonly requeued: number }> {
  const state = await lease.beat(now);
  const requeued = state.leading && state.took ? await recoverInterrupted(db, state.fence) : 0;
  return { ...state, requeued };
}

/** What the running service hears from its part in the lease. */
export interface LeadershipEvents {
  /** this instance took the lease; `requeued`: messages the leader before it left claimed, put back */
  onLead(state: { readonly fence: Fence; readonly requeued: number }): void;
  /** this instance led and does not any more: `holder` took the lease (null: it could not renew in time) */
  onLose(holder: string | null): void;
  /** a beat failed (the database out of reach): logged, the next beat tries again */
  onError(error: unknown): void;
}

/** An instance's part in the scheduler lease while the service runs. */
export interface Leadership {
  readonly holder: string;
  readonly timing: LeaseTiming;
  /**
   * Whether this instance leads now: its last beat led, and the lease that beat renewed has not
   * run out since (measured on this host's monotonic clock, so a leader whose beats fail stops
   * on its own before anyone else may take over).
   */
  leading(): boolean;
  /** the fence its claims carry while it leads (null whenever `leading()` is false) */
  fence(): Fence | null;
  /** one beat now (the timer beats every heartbeatMs; beats never overlap) */
  beat(): Promise<void>;
  /** stops beating; a clean stop (`release`) frees the lease so that another leads at once */
  stop(options: { release: boolean }): Promise<void>;
}

/**
 * Beats the scheduler lease every `timing.heartbeatMs` (times written to the database are wall
 * time: the lease is about processes, not the simulated instants a test or `tick --at` plans at).
 */
export function startLeadership(db: Db, holder: string, timing: LeaseTiming, events: LeadershipEvents, wallClock: () => Date = () => new Date()): Leadership {
  const lease = schedulerLease(db, holder, timing);
  let leadingUntil = -Infinity;
  let leads = false;
  let stopped = false;
  let beating: Promise<void> | null = null;
  const lose = (to: string | null) => {
    if (!leads) return;
    leads = false;
    leadingUntil = -Infinity;
    events.onLose(to);
  };
  const beat = () => {
    beating ??= (async () => {
      // The lease runs ttlMs from the moment it was renewed; counted from before the round trip.
      const started = performance.now();
      try {
        const state = await leaderBeat(db, lease, wallClock());
        if (stopped) return;
        if (!state.leading) return lose(state.holder);
        leadingUntil = started + timing.ttlMs;
        if (!leads || state.took) {
          leads = true;
          events.onLead({ fence: state.fence, requeued: state.requeued });
        }
      } catch (error) {
        events.onError(error);
        if (leads && performance.now() >= leadingUntil) lose(null);
      } finally {
        beating = null;
      }
    })();
    return beating;
  };
  const timer = setInterval(() => void beat(), timing.heartbeatMs);
  timer.unref();
  const leading = () => leads && !stopped && performance.now() < leadingUntil;
  return {
    holder,
    timing,
    leading,
    fence: () => (leading() ? lease.fence() : null),
    beat,
    async stop({ release }) {
      stopped = true;
      clearInterval(timer);
      await beating;
      leads = false;
      if (release) await lease.release();
    },
  };
}
