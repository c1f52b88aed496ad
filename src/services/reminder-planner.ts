/**
 * Planning (DESIGN.md §4): "what should have been sent by now and was not". Each due stage is
 * claimed in the ledger under its unique key (cycle, recipient, stage) with insert-or-ignore,
 * so two ticks, a restart or two processes can never plan it twice. Stale stages are recorded
 * as skipped; a person new to an agency with overdue cycles gets one summary of them all instead.
 */
import { recurringCycleAt } from "../domain/cycles.js";
import { localDateOf } from "../domain/local-date.js";
import { decideStages, ladderStages, ladderWith, lookBackDays, nextStageInstant, parseLadderOverride, shiftDate, stageInstant, type LadderConfig, type Stage, type WorkingDays } from "../domain/reminder-ladder.js";
import type { Db } from "../storage/database.js";
import { findDueCycles, findFocalOfficersByAgency, findPeopleWithBacklogNotice, findRecentBacklogNotices, findRecordedDueStages, findRecurringRules, findToldPairs, insertMissingCycles, insertReminders, type CandidateCycle, type DueWork, type NewReminder } from "../storage/ledger-repository.js";
import { planNotice } from "../storage/notice-repository.js";
import { deadlineOfRow } from "../storage/plan-repository.js";
import { forgetPlanning, readSetting, setNextStages, writeSetting } from "../storage/planning-repository.js";
import { planCheckIns, planCoordinatorNotices } from "./notice-planner.js";

export interface PlanningContext {
  now: Date;
  timeZone: string;
  calendar: WorkingDays;
  ladder: LadderConfig;
  /** ledger rows one tick writes at most (default maxRowsPerTick) */
  maxRows?: number;
}

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

const plannerInstantKey = "planner.latest_now";

/**
 * Markers are instants: if the clock goes back (a corrected system clock, `tick --at` in the
 * past), stages before them were never looked at for that time, so every marker is forgotten.
 */
async function followClock(db: Db, now: Date): Promise<void> {
  const latest = await readSetting(db, plannerInstantKey);
  if (latest !== null && now.toISOString() < latest) await forgetPlanning(db, { all: true });
  if (latest === null || now.toISOString() !== latest) await writeSetting(db, plannerInstantKey, now.toISOString());
}

/** What the ladder says for every cycle with one due date and recurrence: computed once a tick. */
interface CycleLadder {
  /** stages due by now, in order; `send` is the catch-up decision when not yet recorded */
  due: Array<{ key: string; plannedAt: string; send: boolean; overdue: boolean }>;
  keys: string[];
  /** the first overdue working day is before the look-back: new officers get a backlog summary */
  overdueBeforeWindow: boolean;
  /** the instant of the first stage after now: the cycle is not looked at again before it */
  nextAt: string;
}

/** The cycle has overdue stages due and none of them is sent now: they were all missed. */
function staleOverdue(ladder: CycleLadder): boolean {
  return ladder.due.some((stage) => stage.overdue) && !ladder.due.some((stage) => stage.overdue && stage.send);
}

/**
 * One planning pass, in one transaction: the bot's handlers (which share the connection) cannot
 * forget a marker between the read of the candidates and the write of their new markers.
 */
export async function planReminders(db: Db, context: PlanningContext): Promise<PlanResult> {
  return db.transaction().execute((trx) => planInTransaction(trx, context));
}

async function planInTransaction(db: Db, context: PlanningContext): Promise<PlanResult> {
  const { now, timeZone, calendar, ladder } = context;
  const today = localDateOf(now, timeZone);
  const from = shiftDate(today, -lookBackDays);
  const at = now.toISOString();
  await followClock(db, now);
  const candidates = await findDueCycles(db, at);
  const officersOf = await findFocalOfficersByAgency(db);
  const hasBacklog = await findPeopleWithBacklogNotice(db);

  // With nothing recorded, decideStages returns every due stage with its decision (a recorded
  // stage only drops out of that list), and it reads nothing of a stage but its day and place:
  // one call per list of days, whatever the due dates (the window has only eleven days).
  const decisionsByDays = new Map<string, Array<{ index: number; plannedAt: string; send: boolean }>>();
  const dueStages = (stages: Stage[]): CycleLadder["due"] => {
    const days = stages.map((s) => s.date).join(" ");
    let decisions = decisionsByDays.get(days);
    if (!decisions) {
      decisions = decideStages(stages, new Set(), now, ladder, timeZone).map((d) => ({ index: stages.indexOf(d.stage), plannedAt: d.at.toISOString(), send: d.decision === "send" }));
      decisionsByDays.set(days, decisions);
    }
    return decisions.map((d) => ({ key: stages[d.index]!.key, plannedAt: d.plannedAt, send: d.send, overdue: stages[d.index]!.kind === "overdue" }));
  };
  // The ladder depends only on the due date, the recurrence and the task's own ladder, if it
  // has one: thousands of cycles share one.
  const ladders = new Map<string, CycleLadder>();
  const markers = new Map<string, number[]>();
  const ladderOf = (cycle: CandidateCycle): CycleLadder => {
    const recurrence = cycle.deadline_kind === "monthly" ? "monthly" : "once";
    const memoKey = `${cycle.due_on}|${recurrence}|${cycle.ladder ?? ""}`;
    let found = ladders.get(memoKey);
    if (!found) {
      const config = ladderWith(ladder, parseLadderOverride(cycle.ladder));
      const due = dueStages(ladderStages(cycle.due_on, recurrence, config, calendar, { from, until: today }));
      found = {
        due,
        keys: due.map((d) => d.key),
        overdueBeforeWindow: calendar.nextWorkingDay(shiftDate(cycle.due_on, 1)) < from,
        nextAt: nextStageInstant(cycle.due_on, recurrence, config, calendar, now, timeZone, today).toISOString(),
      };
      ladders.set(memoKey, found);
    }
    return found;
  };

  // One cycle whose date the ladder cannot use must not stop the planning of all the others.
  const cycles: CandidateCycle[] = [];
  const setAside: SetAsideCycle[] = [];
  for (const cycle of candidates) {
    try {
      ladderOf(cycle);
      cycles.push(cycle);
    } catch (error) {
      setAside.push({ cycleId: cycle.cycle_id, dueOn: cycle.due_on, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (setAside.length > 0) markers.set(setAsideMarker, setAside.map((c) => c.cycleId));

  // A person new to an agency with overdue cycles gets one summary of every overdue cycle of the
  // agency (even those this tick does not reach), and it speaks for their overdue reminders. It
  // is due when a cycle is overdue since before the look-back, or when its overdue reminders
  // are all stale (recorded as skipped) and the person was never told of it.
  const overdueByAgency = new Map<number, number[]>();
  const untoldIds: number[] = [];
  for (const cycle of cycles) {
    if (cycle.due_on >= today) continue;
    const ids = overdueByAgency.get(cycle.agency_id);
    if (ids) ids.push(cycle.cycle_id);
    else overdueByAgency.set(cycle.agency_id, [cycle.cycle_id]);
    if (!ladderOf(cycle).overdueBeforeWindow && staleOverdue(ladderOf(cycle))) untoldIds.push(cycle.cycle_id);
  }
  const told = untoldIds.length > 0 ? await findToldPairs(db, untoldIds) : new Set<string>();
  const backlog = new Map<number, number[]>();
  for (const cycle of cycles) {
    if (cycle.due_on >= today) continue;
    const { overdueBeforeWindow } = ladderOf(cycle);
    for (const personId of officersOf.get(cycle.agency_id) ?? []) {
      if (hasBacklog.has(personId) || backlog.has(personId)) continue;
      if (overdueBeforeWindow || (staleOverdue(ladderOf(cycle)) && !told.has(`${cycle.cycle_id}|${personId}`))) backlog.set(personId, overdueByAgency.get(cycle.agency_id)!);
    }
  }

  const since = stageInstant(from, { hour: 0, minute: 0 }, timeZone).toISOString();
  // A summary speaks for the overdue stages, up to its own time, of the cycles it lists: this
  // tick's, and those of a recent tick that reached the row limit before these cycles.
  const anyOverdueDue = cycles.some((cycle) => ladderOf(cycle).due.some((stage) => stage.overdue));
  const earlier = anyOverdueDue ? await findRecentBacklogNotices(db, since) : new Map<number, { at: string; cycles: Set<number> }>();
  const coveredBySummary = (personId: number, cycleId: number, plannedAt: string): boolean => {
    if (backlog.get(personId)?.includes(cycleId)) return true;
    const notice = earlier.get(personId);
    return notice !== undefined && notice.cycles.has(cycleId) && plannedAt <= notice.at;
  };
  const lines: PlannedLine[] = [];
  const reminders: NewReminder[] = [];
  const maxRows = context.maxRows ?? maxRowsPerTick;
  let reached = 0;
  while (reached < cycles.length && reminders.length < maxRows) {
    const chunk = cycles.slice(reached, reached + planningChunk);
    const work: DueWork[] = [];
    for (const cycle of chunk) {
      const officers = officersOf.get(cycle.agency_id)?.length ?? 0;
      const { keys } = ladderOf(cycle);
      if (officers > 0 && keys.length > 0) work.push({ cycleId: cycle.cycle_id, keys, officers });
    }
    const recorded = await findRecordedDueStages(db, work, since);
    for (const cycle of chunk) {
      if (reminders.length >= maxRows) break;
      reached++;
      const { due } = ladderOf(cycle);
      const seen = recorded.get(cycle.cycle_id);
      if (due.length === 0 || seen === "all") continue;
      for (const personId of officersOf.get(cycle.agency_id) ?? []) {
        for (const stage of due) {
          if (seen?.has(`${personId}|${stage.key}`)) continue;
          // Only overdue stages of the listed cycles: a reminder before a due date still goes.
          const send = stage.send && !(stage.overdue && coveredBySummary(personId, cycle.cycle_id, stage.plannedAt));
          reminders.push({ cycle_id: cycle.cycle_id, person_id: personId, stage: stage.key, planned_at: stage.plannedAt, state: send ? "planned" : "skipped", created_at: at });
          lines.push({ cycleId: cycle.cycle_id, personId, stage: stage.key, decision: send ? "send" : "skip" });
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
    if (ids) ids.push(cycle.cycle_id);
    else markers.set(nextAt, [cycle.cycle_id]);
  }
  await setNextStages(db, markers);
  await planCoordinatorNotices(db, context, today);
  await planCheckIns(db, context, today);
  return { lines, backlogs: backlog.size, setAside, deferred: cycles.length - reached };
}
