/**
 * Planning (DESIGN.md §4): "what should have been sent by now and was not". Each due stage is
 * claimed in the ledger under its unique key (cycle, recipient, stage) with insert-or-ignore,
 * so two ticks, a restart or two processes can never plan it twice. Stale stages are recorded
 * as skipped; a person new to an agency with overdue cycles gets one summary of them all instead.
 */
import { recurringCycleAt } from "../../domain/cycles.js";
import { localDateOf } from "../../domain/local-date.js";
import {
  backlogCoverage,
  createCycleLadders,
  createSummaryCoverage,
  cyclesWithMissedReminders,
  lookBackSince,
  sendsStage,
  type PlanCycle,
  type PlanningContext,
} from "../../domain/reminder-plan.js";
import type { Db } from "../../storage/database.js";
import {
  findDueCycles,
  findFocalOfficersByAgency,
  findPeopleWithBacklogNotice,
  findRecentBacklogNotices,
  findRecordedDueStages,
  findRecurringRules,
  findToldPairs,
  insertMissingCycles,
  insertReminders,
  type DueWork,
  type NewReminder,
} from "../../storage/ledger-repository.js";
import { planNotice } from "../../storage/notice-repository.js";
import { deadlineOfRow } from "../../storage/plan-repository.js";
import { followPlannerClock, setNextStages } from "../../storage/planning-repository.js";
import { planCheckIns, planCoordinatorNotices } from "./notice-planner.js";

export type { PlanningContext };

export interface PlannedLine {
  cycleId: number;
  personId: number;
  stage: string;
  decision: "send" | "skip";
}

/** A cycle whose stored date breaks date code (31/12/9999 from before dates were bounded). */
export interface SetAsideCycle {
  cycleId: number;
  dueOn: string | null;
  error: string;
}

/**
 * The marker of a set-aside cycle: never reached by the clock, so it is not read again until
 * something forgets its planning (a new date, a restart), and one bad cycle costs one log line.
 */
export const setAsideMarker = "9999-12-31T23:59:59.999Z";

export interface PlanResult {
  lines: PlannedLine[];
  backlogs: number;
  /** cycles left out of this pass because their date breaks the ladder; the rest is planned */
  setAside: SetAsideCycle[];
  /** cycles left for the next tick because this one reached its row limit */
  deferred: number;
}

/**
 * Ledger rows one tick writes at most (about half a second of SQLite work). A first start on a
 * national plan would otherwise hold the database for a minute; the cycles not reached keep
 * their markers and are planned a minute later, well inside the 24-hour catch-up window.
 */
export const maxRowsPerTick = 20_000;

/** candidate cycles whose recorded stages are read at once */
const planningChunk = 2_000;

/**
 * Recurring tasks get the cycle of the period they are in (the next 30/11 report, this month's).
 * The period depends only on the deadline rule, and a plan has few distinct rules: one
 * insert-select per rule adds the missing cycles, so a tick that finds them all present reads
 * an index, not every recurring assignment.
 */
export async function ensureRecurringCycles(db: Db, today: string, now: Date): Promise<number> {
  let created = 0;
  for (const rule of await findRecurringRules(db)) {
    const cycle = recurringCycleAt(deadlineOfRow({ ...rule, deadline_phrase: null }), today);
    if (cycle) created += await insertMissingCycles(db, rule, cycle, now.toISOString());
  }
  return created;
}

/**
 * One planning pass, in one transaction: the bot's handlers (which share the connection) cannot
 * forget a marker between the read of the candidates and the write of their new markers.
 */
export async function planReminders(db: Db, context: PlanningContext): Promise<PlanResult> {
  return db.transaction().execute((trx) => planInTransaction(trx, context));
}

async function planInTransaction(db: Db, context: PlanningContext): Promise<PlanResult> {
  const { now, timeZone } = context;
  const today = localDateOf(now, timeZone);
  const at = now.toISOString();
  await followPlannerClock(db, now);
  const candidates = await findDueCycles(db, at);
  const officersOf = await findFocalOfficersByAgency(db);
  const hasBacklog = await findPeopleWithBacklogNotice(db);
  const ladderOf = createCycleLadders(context, today);

  // One cycle whose date the ladder cannot use must not stop the planning of all the others.
  const markers = new Map<string, number[]>();
  const cycles: PlanCycle[] = [];
  const setAside: SetAsideCycle[] = [];
  for (const cycle of candidates) {
    try {
      ladderOf(cycle);
      cycles.push(cycle);
    } catch (error) {
      setAside.push({ cycleId: cycle.cycleId, dueOn: cycle.dueOn, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (setAside.length > 0)
    markers.set(
      setAsideMarker,
      setAside.map((c) => c.cycleId),
    );

  const untoldIds = cyclesWithMissedReminders(cycles, ladderOf, today);
  const told = untoldIds.length > 0 ? await findToldPairs(db, untoldIds) : new Set<string>();
  const backlog = backlogCoverage({ cycles, ladderOf, today, officersOf, hasBacklog, wasTold: (cycleId, personId) => told.has(`${cycleId}|${personId}`) });

  const since = lookBackSince(today, timeZone);
  // A summary speaks for the overdue stages, up to its own time, of the cycles it lists: this
  // tick's, and those of a recent tick that reached the row limit before these cycles.
  const anyOverdueDue = cycles.some((cycle) => ladderOf(cycle).due.some((stage) => stage.overdue));
  const earlier = anyOverdueDue ? await findRecentBacklogNotices(db, since) : new Map<number, { at: string; cycles: Set<number> }>();
  const coveredBySummary = createSummaryCoverage(backlog, earlier);
  const lines: PlannedLine[] = [];
  const reminders: NewReminder[] = [];
  const maxRows = context.maxRows ?? maxRowsPerTick;
  let reached = 0;
  while (reached < cycles.length && reminders.length < maxRows) {
    const chunk = cycles.slice(reached, reached + planningChunk);
    const work: DueWork[] = [];
    for (const cycle of chunk) {
      const officers = officersOf.get(cycle.agencyId)?.length ?? 0;
      const { keys } = ladderOf(cycle);
      if (officers > 0 && keys.length > 0) work.push({ cycleId: cycle.cycleId, keys, officers });
    }
    const recorded = await findRecordedDueStages(db, work, since);
    for (const cycle of chunk) {
      if (reminders.length >= maxRows) break;
      reached++;
      const { due } = ladderOf(cycle);
      const seen = recorded.get(cycle.cycleId);
      if (due.length === 0 || seen === "all") continue;
      for (const personId of officersOf.get(cycle.agencyId) ?? []) {
        for (const stage of due) {
          if (seen?.has(`${personId}|${stage.key}`)) continue;
          const send = sendsStage(stage, coveredBySummary(personId, cycle.cycleId, stage.plannedAt));
          reminders.push({ cycle_id: cycle.cycleId, person_id: personId, stage: stage.key, planned_at: stage.plannedAt, state: send ? "planned" : "skipped", created_at: at });
          lines.push({ cycleId: cycle.cycleId, personId, stage: stage.key, decision: send ? "send" : "skip" });
        }
      }
    }
  }
  await insertReminders(db, reminders);
  for (const [personId, cycleIds] of backlog) {
    await planNotice(db, { personId, key: "backlog", kind: "backlog", payload: { cycles: cycleIds } }, at);
  }
  for (const cycle of cycles.slice(0, reached)) {
    const { nextAt } = ladderOf(cycle);
    const ids = markers.get(nextAt);
    if (ids) ids.push(cycle.cycleId);
    else markers.set(nextAt, [cycle.cycleId]);
  }
  await setNextStages(db, markers);
  await planCoordinatorNotices(db, context, today);
  await planCheckIns(db, context, today);
  return { lines, backlogs: backlog.size, setAside, deferred: cycles.length - reached };
}
