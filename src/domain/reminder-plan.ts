/**
 * The decisions of a planning pass, without the ledger (services/reminders/reminder-planner.ts reads and
 * writes it): which stages of a cycle are due by now and whether each still goes out, when the
 * cycle is next looked at, which officers get a first summary of their agency's overdue cycles
 * instead of overdue reminders, and which overdue stages such a summary speaks for.
 */
import {
  decideStages,
  ladderStages,
  ladderWith,
  lookBackDays,
  nextStageInstant,
  parseLadderOverride,
  shiftDate,
  stageInstant,
  type LadderConfig,
  type Stage,
  type WorkingDays,
} from "./reminder-ladder.js";

export interface PlanningContext {
  now: Date;
  timeZone: string;
  calendar: WorkingDays;
  ladder: LadderConfig;
  /** ledger rows one tick writes at most (default maxRowsPerTick) */
  maxRows?: number;
}

/** An open cycle with a due date, as the planner sees it. */
export interface PlanCycle {
  cycleId: number;
  agencyId: number;
  dueOn: string;
  recurrence: "once" | "monthly";
  /** the task's own ladder (JSON), if it has one */
  ladder: string | null;
}

export interface DueStage {
  key: string;
  plannedAt: string;
  /** the catch-up decision when the stage is not yet recorded */
  send: boolean;
  overdue: boolean;
}

/** What the ladder says for a cycle at this pass. */
export interface CycleLadder {
  /** stages due by now, in order */
  due: DueStage[];
  keys: string[];
  /** the first overdue working day is before the look-back: new officers get a backlog summary */
  overdueBeforeWindow: boolean;
  /** the instant of the first stage after now: the cycle is not looked at again before it */
  nextAt: string;
}

/** The first day of the look-back: stages before it are not planned any more. */
export function lookBackFrom(today: string): string {
  return shiftDate(today, -lookBackDays);
}

/** Recorded stages are read from this instant on: midnight (local) at the start of the look-back. */
export function lookBackSince(today: string, timeZone: string): string {
  return stageInstant(lookBackFrom(today), { hour: 0, minute: 0 }, timeZone).toISOString();
}

/**
 * The ladder of each cycle at `now` (`today` is its local date). It depends only on the due
 * date, the recurrence and the task's own ladder, so thousands of cycles share one and it is
 * computed once for each. Throws for a due date the ladder cannot use.
 */
export function createCycleLadders(context: PlanningContext, today: string): (cycle: PlanCycle) => CycleLadder {
  const { now, timeZone, calendar, ladder } = context;
  const from = lookBackFrom(today);
  // With nothing recorded, decideStages returns every due stage with its decision (a recorded
  // stage only drops out of that list), and it reads nothing of a stage but its day and place:
  // one call per list of days, whatever the due dates (the window has only eleven days).
  const decisionsByDays = new Map<string, Array<{ index: number; plannedAt: string; send: boolean }>>();
  const dueStages = (stages: Stage[]): DueStage[] => {
    const days = stages.map((s) => s.date).join(" ");
    let decisions = decisionsByDays.get(days);
    if (!decisions) {
      decisions = decideStages(stages, new Set(), now, ladder, timeZone).map((d) => ({ index: stages.indexOf(d.stage), plannedAt: d.at.toISOString(), send: d.decision === "send" }));
      decisionsByDays.set(days, decisions);
    }
    return decisions.map((d) => ({ key: stages[d.index]!.key, plannedAt: d.plannedAt, send: d.send, overdue: stages[d.index]!.kind === "overdue" }));
  };
  const ladders = new Map<string, CycleLadder>();
  return (cycle) => {
    const memoKey = `${cycle.dueOn}|${cycle.recurrence}|${cycle.ladder ?? ""}`;
    let found = ladders.get(memoKey);
    if (!found) {
      const config = ladderWith(ladder, parseLadderOverride(cycle.ladder));
      const due = dueStages(ladderStages(cycle.dueOn, cycle.recurrence, config, calendar, { from, until: today }));
      found = {
        due,
        keys: due.map((d) => d.key),
        overdueBeforeWindow: calendar.nextWorkingDay(shiftDate(cycle.dueOn, 1)) < from,
        nextAt: nextStageInstant(cycle.dueOn, cycle.recurrence, config, calendar, now, timeZone, today).toISOString(),
      };
      ladders.set(memoKey, found);
    }
    return found;
  };
}

/** The cycle has overdue stages due and none of them is sent now: they were all missed. */
export function staleOverdue(ladder: CycleLadder): boolean {
  return ladder.due.some((stage) => stage.overdue) && !ladder.due.some((stage) => stage.overdue && stage.send);
}

/**
 * Overdue cycles within the look-back whose overdue reminders were all missed: a new officer
 * gets a summary of them unless already told of them (the planner asks the ledger).
 */
export function cyclesWithMissedReminders(cycles: readonly PlanCycle[], ladderOf: (cycle: PlanCycle) => CycleLadder, today: string): number[] {
  return cycles.filter((c) => c.dueOn < today && !ladderOf(c).overdueBeforeWindow && staleOverdue(ladderOf(c))).map((c) => c.cycleId);
}

export interface BacklogInput {
  cycles: readonly PlanCycle[];
  ladderOf: (cycle: PlanCycle) => CycleLadder;
  today: string;
  /** focal officers by agency */
  officersOf: ReadonlyMap<number, readonly number[]>;
  /** people who already got their summary */
  hasBacklog: ReadonlySet<number>;
  /** whether the person was ever told of the cycle (a reminder sent) */
  wasTold: (cycleId: number, personId: number) => boolean;
}

/**
 * Who gets a first summary now, and of which cycles. A person new to an agency with overdue
 * cycles gets one summary of every overdue cycle of the agency (even those this tick does not
 * reach), and it speaks for their overdue reminders. It is due when a cycle is overdue since
 * before the look-back, or when its overdue reminders are all stale and the person was never
 * told of it.
 */
export function backlogCoverage({ cycles, ladderOf, today, officersOf, hasBacklog, wasTold }: BacklogInput): Map<number, number[]> {
  const overdueByAgency = new Map<number, number[]>();
  for (const cycle of cycles) {
    if (cycle.dueOn >= today) continue;
    const ids = overdueByAgency.get(cycle.agencyId);
    if (ids) ids.push(cycle.cycleId);
    else overdueByAgency.set(cycle.agencyId, [cycle.cycleId]);
  }
  const backlog = new Map<number, number[]>();
  for (const cycle of cycles) {
    if (cycle.dueOn >= today) continue;
    const ladder = ladderOf(cycle);
    for (const personId of officersOf.get(cycle.agencyId) ?? []) {
      if (hasBacklog.has(personId) || backlog.has(personId)) continue;
      if (ladder.overdueBeforeWindow || (staleOverdue(ladder) && !wasTold(cycle.cycleId, personId))) backlog.set(personId, overdueByAgency.get(cycle.agencyId)!);
    }
  }
  return backlog;
}

/** A summary planned by an earlier tick: when, and the cycles it listed. */
export interface EarlierSummary {
  at: string;
  cycles: ReadonlySet<number>;
}

/**
 * Whether an overdue stage is spoken for by a summary: this tick's, or that of a recent tick
 * (one that reached the row limit before this cycle) up to the summary's own time.
 */
export function createSummaryCoverage(
  backlog: ReadonlyMap<number, readonly number[]>,
  earlier: ReadonlyMap<number, EarlierSummary>,
): (personId: number, cycleId: number, plannedAt: string) => boolean {
  return (personId, cycleId, plannedAt) => {
    if (backlog.get(personId)?.includes(cycleId)) return true;
    const notice = earlier.get(personId);
    return notice?.cycles.has(cycleId) === true && plannedAt <= notice.at;
  };
}

/** A due stage goes out unless it is missed, or overdue and spoken for by a summary (a reminder before a due date still goes). */
export function sendsStage(stage: DueStage, coveredBySummary: boolean): boolean {
  return stage.send && !(stage.overdue && coveredBySummary);
}
