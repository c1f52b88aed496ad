/**
 * One scheduler pass, `tick(now)`: make sure recurring tasks have this period's cycle, plan
 * what should have been sent by `now`, and deliver it. The cron job is only a clock; the CLI's
 * `tick --at` runs the same pass as if the clock read another instant.
 */
import { localDateOf } from "../../domain/local-date.js";
import type { LadderConfig, WorkingDays } from "../../domain/reminder-ladder.js";
import type { Db } from "../../storage/database.js";
import type { Fence } from "../../storage/lease-repository.js";
import { deliverDue, type DeliveryLine, type Messenger } from "./delivery.js";
import { ensureRecurringCycles, planReminders, type PlannedLine, type SetAsideCycle } from "./reminder-planner.js";

export interface TickDeps {
  db: Db;
  messenger: Messenger;
  calendar: WorkingDays;
  ladder: LadderConfig;
  timeZone: string;
  /** the time outcomes are recorded at (the real clock; `now` may be a simulated instant) */
  clock?: () => Date;
  /** the scheduler leader's fence when several instances share the database (services/runtime/scheduler-lease.ts) */
  fence?: Fence;
}

export interface TickOutcome {
  at: string;
  cyclesCreated: number;
  planned: PlannedLine[];
  backlogs: number;
  /** cycles the planner could not use (a date outside the window): logged, shown by doctor */
  setAside: SetAsideCycle[];
  delivered: DeliveryLine[];
}

export async function tick(deps: TickDeps, now: Date): Promise<TickOutcome> {
  const cyclesCreated = await ensureRecurringCycles(deps.db, localDateOf(now, deps.timeZone), now);
  const plan = await planReminders(deps.db, { now, timeZone: deps.timeZone, calendar: deps.calendar, ladder: deps.ladder });
  const delivered = await deliverDue(deps.db, deps.messenger, { now, timeZone: deps.timeZone, ...(deps.clock && { clock: deps.clock }), ...(deps.fence && { fence: deps.fence }) });
  return { at: now.toISOString(), cyclesCreated, planned: plan.lines, backlogs: plan.backlogs, setAside: plan.setAside, delivered };
}
