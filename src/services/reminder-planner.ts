/**
 * Planning (DESIGN.md §4): "what should have been sent by now and was not". Each due stage is
 * claimed in the ledger under its unique key (cycle, recipient, stage) with insert-or-ignore,
 * so two ticks, a restart or two processes can never plan it twice. Stale stages are recorded
 * as skipped; a person whose agency has a backlog of overdue cycles gets one summary instead.
 */
import { recurringCycleAt } from "../domain/cycles.js";
import { localDateOf } from "../domain/local-date.js";
import { decideStages, ladderStages, ladderWith, nextStageInstant, shiftDate, stageInstant, type LadderConfig, type LadderOverride, type Stage, type WorkingDays } from "../domain/reminder-ladder.js";
import type { Db } from "../storage/database.js";
import { findCoordinatorIds, planNotice } from "../storage/notice-repository.js";
import { deadlineOfRow } from "../storage/plan-repository.js";
import { forgetPlanning, readSetting, setNextStages, writeSetting } from "../storage/planning-repository.js";

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

export interface PlanResult {
  lines: PlannedLine[];
  backlogs: number;
  /** cycles left for the next tick because this one reached its row limit */
  deferred: number;
}

/**
 * Ledger rows one tick writes at most (about half a second of SQLite work). A first start on a
 * national plan would otherwise hold the database for a minute; the cycles not reached keep
 * their markers and are planned a minute later, well inside the 24-hour catch-up window.
 */
export const maxRowsPerTick = 20_000;

/** Days before "today" the planner looks back: a week of overdue stages plus holiday shifts. */
const lookBackDays = 10;

/**
 * Recurring tasks get the cycle of the period they are in (the next 30/11 report, this month's).
 * The period depends only on the deadline rule, and a plan has few distinct rules: one
 * insert-select per rule adds the missing cycles, so a tick that finds them all present reads
 * an index, not every recurring assignment.
 */
export async function ensureRecurringCycles(db: Db, today: string, now: Date): Promise<number> {
  const rules = await db
    .selectFrom("tasks")
    .select(["deadline_kind", "deadline_date", "deadline_month", "deadline_day"])
    .distinct()
    .where("deadline_kind", "in", ["annual", "quarterly", "monthly"])
    .where("removed_at", "is", null)
    .execute();
  let created = 0;
  for (const rule of rules) {
    const cycle = recurringCycleAt(deadlineOfRow({ ...rule, deadline_phrase: null }), today);
    if (!cycle) continue;
    const result = await db
      .insertInto("cycles")
      .columns(["assignment_id", "period", "original_due_on", "due_on", "completed_at", "created_at"])
      .expression((eb) =>
        eb
          .selectFrom("assignments")
          .select((s) => ["assignments.id", s.val(cycle.period).as("period"), s.val(cycle.due).as("original_due_on"), s.val(cycle.due).as("due_on"), s.val(null).as("completed_at"), s.val(now.toISOString()).as("created_at")])
          // the rule's tasks first, then their assignments by the (task, agency, role) index
          .where("assignments.task_id", "in", (t) =>
            t
              .selectFrom("tasks")
              .select("tasks.id")
              .where("tasks.deadline_kind", "=", rule.deadline_kind)
              .where("tasks.deadline_date", "is", rule.deadline_date)
              .where("tasks.deadline_month", "is", rule.deadline_month)
              .where("tasks.deadline_day", "is", rule.deadline_day)
              .where("tasks.removed_at", "is", null),
          )
          .where("assignments.role", "=", "lead")
          .where("assignments.removed_at", "is", null)
          .where((w) => w.not(w.exists(w.selectFrom("cycles").select("cycles.id").whereRef("cycles.assignment_id", "=", "assignments.id").where("cycles.period", "=", cycle.period)))),
      )
      .onConflict((oc) => oc.columns(["assignment_id", "period"]).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

interface CandidateCycle {
  cycle_id: number;
  due_on: string;
  deadline_kind: string;
  agency_id: number;
  ladder: string | null;
}

/**
 * Open dated cycles whose next unplanned stage is due, or not known ('': a new cycle, a new due
 * date, a new officer), by the partial index on cycles.next_stage_at; in due-date order. Each
 * is paired in memory with the active focal officers of its lead agency: joining people in SQL
 * would return cycles × officers rows.
 */
async function candidateCycles(db: Db, now: string): Promise<CandidateCycle[]> {
  return db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["cycles.id as cycle_id", "cycles.due_on", "tasks.deadline_kind", "assignments.agency_id", "tasks.ladder"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.next_stage_at", "<=", now)
    .where("cycles.due_on", "is not", null)
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .orderBy("cycles.due_on")
    .orderBy("cycles.id")
    .execute() as Promise<CandidateCycle[]>;
}

function parseOverride(json: string | null): LadderOverride | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as LadderOverride;
  } catch {
    return null;
  }
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

/** Active focal officers by agency, by id (people_agency_idx order). */
async function focalOfficersByAgency(db: Db): Promise<Map<number, number[]>> {
  const rows = await db
    .selectFrom("people")
    .select(["id", "agency_id"])
    .where("role", "=", "focal")
    .where("state", "=", "active")
    .where("agency_id", "is not", null)
    .orderBy("agency_id")
    .orderBy("id")
    .execute();
  const byAgency = new Map<number, number[]>();
  for (const row of rows) {
    const officers = byAgency.get(row.agency_id!);
    if (officers) officers.push(row.id);
    else byAgency.set(row.agency_id!, [row.id]);
  }
  return byAgency;
}

async function peopleWithBacklogNotice(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom("notices").select("person_id").where("kind", "=", "backlog").execute();
  return new Set(rows.map((r) => r.person_id));
}

async function insertChunked<T>(items: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/** What the ladder says for every cycle with one due date and recurrence: computed once a tick. */
interface CycleLadder {
  /** stages due by now, in order; `send` is the catch-up decision when not yet recorded */
  due: Array<{ key: string; plannedAt: string; send: boolean }>;
  keys: string[];
  /** the first overdue working day is before the look-back: new officers get a backlog summary */
  overdueBeforeWindow: boolean;
  /** the instant of the first stage after now: the cycle is not looked at again before it */
  nextAt: string;
}

/** Per cycle: "all" when every officer already has every due stage, else the recorded "person|stage". */
type Recorded = Map<number, "all" | Set<string>>;

interface DueWork {
  cycleId: number;
  /** the keys of its stages due by now (one list per due date and recurrence, shared) */
  keys: string[];
  officers: number;
}

const idChunk = 500;
/** candidate cycles whose recorded stages are read at once */
const planningChunk = 2_000;
/** cycles sharing one list of due stage keys counted together; smaller groups are merged */
const sharedKeysGroup = 100;

/**
 * Which due stages are already in the ledger (planned at or after `since`, as before), asked
 * only for the cycles that have due stages, by index (cycle, person, stage), instead of reading
 * every recent ledger row. A count per cycle of its current officers' recorded due stages
 * settles the usual cases, all or none (the key is unique); rows are read only for the rest.
 */
async function recordedDueStages(db: Db, work: readonly DueWork[], since: string): Promise<Recorded> {
  const recorded: Recorded = new Map();
  const partial: DueWork[] = [];
  const settle = (item: DueWork, n: number) => {
    if (n === item.officers * item.keys.length) recorded.set(item.cycleId, "all");
    else if (n > 0) partial.push(item);
  };
  const counted = (ids: number[], stages: string[]) =>
    db
      .selectFrom("cycles")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("reminders", "reminders.cycle_id", "cycles.id")
      .innerJoin("people", "people.id", "reminders.person_id")
      .where("cycles.id", "in", ids)
      .where("reminders.stage", "in", stages)
      .where("reminders.planned_at", ">=", since)
      .whereRef("people.agency_id", "=", "assignments.agency_id")
      .where("people.role", "=", "focal")
      .where("people.state", "=", "active");

  const groups = new Map<string[], DueWork[]>();
  for (const item of work) {
    const group = groups.get(item.keys);
    if (group) group.push(item);
    else groups.set(item.keys, [item]);
  }
  const mixed: DueWork[] = [];
  for (const [keys, group] of groups) {
    if (group.length < sharedKeysGroup) {
      mixed.push(...group);
      continue;
    }
    for (let i = 0; i < group.length; i += idChunk) {
      const chunk = group.slice(i, i + idChunk);
      const rows = await counted(chunk.map((c) => c.cycleId), keys)
        .select((eb) => ["cycles.id", eb.fn.countAll<number>().as("n")])
        .groupBy("cycles.id")
        .execute();
      const countOf = new Map(rows.map((r) => [r.id, Number(r.n)]));
      for (const item of chunk) settle(item, countOf.get(item.cycleId) ?? 0);
    }
  }
  // Cycles with other due dates in one query: counted by stage, each keeps only its own keys.
  for (let i = 0; i < mixed.length; i += idChunk) {
    const chunk = mixed.slice(i, i + idChunk);
    const rows = await counted(chunk.map((c) => c.cycleId), [...new Set(chunk.flatMap((c) => c.keys))])
      .select((eb) => ["cycles.id", "reminders.stage", eb.fn.countAll<number>().as("n")])
      .groupBy(["cycles.id", "reminders.stage"])
      .execute();
    const countOf = new Map<number, number>();
    const byId = new Map(chunk.map((c) => [c.cycleId, c]));
    for (const row of rows) if (byId.get(row.id)!.keys.includes(row.stage)) countOf.set(row.id, (countOf.get(row.id) ?? 0) + Number(row.n));
    for (const item of chunk) settle(item, countOf.get(item.cycleId) ?? 0);
  }
  for (let i = 0; i < partial.length; i += idChunk) {
    const chunk = partial.slice(i, i + idChunk);
    const rows = await db
      .selectFrom("reminders")
      .select(["cycle_id", "person_id", "stage"])
      .where("cycle_id", "in", chunk.map((c) => c.cycleId))
      .where("stage", "in", [...new Set(chunk.flatMap((c) => c.keys))])
      .where("planned_at", ">=", since)
      .execute();
    for (const row of rows) {
      let seen = recorded.get(row.cycle_id);
      if (seen === undefined || seen === "all") recorded.set(row.cycle_id, (seen = new Set()));
      seen.add(`${row.person_id}|${row.stage}`);
    }
  }
  return recorded;
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
  const cycles = await candidateCycles(db, at);
  const officersOf = await focalOfficersByAgency(db);
  const hasBacklog = await peopleWithBacklogNotice(db);

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
    return decisions.map((d) => ({ key: stages[d.index]!.key, plannedAt: d.plannedAt, send: d.send }));
  };
  // The ladder depends only on the due date, the recurrence and the task's own ladder, if it
  // has one: thousands of cycles share one.
  const ladders = new Map<string, CycleLadder>();
  const ladderOf = (cycle: CandidateCycle): CycleLadder => {
    const recurrence = cycle.deadline_kind === "monthly" ? "monthly" : "once";
    const memoKey = `${cycle.due_on}|${recurrence}|${cycle.ladder ?? ""}`;
    let found = ladders.get(memoKey);
    if (!found) {
      const config = ladderWith(ladder, parseOverride(cycle.ladder));
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

  // A person new to an agency with cycles overdue since before the look-back: one summary of
  // them all (even those this tick does not reach), and it speaks for their overdue reminders.
  const backlog = new Map<number, number[]>();
  for (const cycle of cycles) {
    if (!ladderOf(cycle).overdueBeforeWindow) continue;
    for (const personId of officersOf.get(cycle.agency_id) ?? []) {
      if (hasBacklog.has(personId)) continue;
      const cycleIds = backlog.get(personId);
      if (cycleIds) cycleIds.push(cycle.cycle_id);
      else backlog.set(personId, [cycle.cycle_id]);
    }
  }

  const since = stageInstant(from, { hour: 0, minute: 0 }, timeZone).toISOString();
  const lines: PlannedLine[] = [];
  const reminders: Array<{ cycle_id: number; person_id: number; stage: string; planned_at: string; state: "planned" | "skipped"; created_at: string }> = [];
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
    const recorded = await recordedDueStages(db, work, since);
    for (const cycle of chunk) {
      if (reminders.length >= maxRows) break;
      reached++;
      const { due } = ladderOf(cycle);
      const seen = recorded.get(cycle.cycle_id);
      if (due.length === 0 || seen === "all") continue;
      for (const personId of officersOf.get(cycle.agency_id) ?? []) {
        for (const stage of due) {
          if (seen?.has(`${personId}|${stage.key}`)) continue;
          const send = stage.send && !backlog.has(personId);
          reminders.push({ cycle_id: cycle.cycle_id, person_id: personId, stage: stage.key, planned_at: stage.plannedAt, state: send ? "planned" : "skipped", created_at: at });
          lines.push({ cycleId: cycle.cycle_id, personId, stage: stage.key, decision: send ? "send" : "skip" });
        }
      }
    }
  }
  await insertChunked(reminders, 400, (chunk) =>
    db.insertInto("reminders").values(chunk).onConflict((oc) => oc.columns(["cycle_id", "person_id", "stage"]).doNothing()).execute(),
  );
  for (const [personId, cycleIds] of backlog) {
    await planNotice(db, { personId, key: "backlog", kind: "backlog", payload: { cycles: cycleIds } }, at);
  }
  const markers = new Map<string, number[]>();
  for (const cycle of cycles.slice(0, reached)) {
    const { nextAt } = ladderOf(cycle);
    const ids = markers.get(nextAt);
    if (ids) ids.push(cycle.cycle_id);
    else markers.set(nextAt, [cycle.cycle_id]);
  }
  await setNextStages(db, markers);
  await planCoordinatorNotices(db, context, today);
  await planCheckIns(db, context, today);
  return { lines, backlogs: backlog.size, deferred: cycles.length - reached };
}

const checkInKey = "planner.checkin_month";
/** an undated task with nothing reported for this long is asked about */
const checkInAfterDays = 30;

/**
 * Undated tasks ("thường xuyên"): once a month, on the first working day the planner sees from
 * 08:00, each focal officer is asked about their agency's open undated tasks with nothing
 * reported (and not imported) in the last 30 days — one message for all of them.
 */
async function planCheckIns(db: Db, context: PlanningContext, today: string): Promise<void> {
  const { now, timeZone, calendar, ladder } = context;
  const month = today.slice(0, 7);
  if (!calendar.isWorkingDay(today) || now < stageInstant(today, ladder, timeZone)) return;
  if ((await readSetting(db, checkInKey)) === month) return;
  const at = now.toISOString();
  const quietSince = new Date(now.getTime() - checkInAfterDays * 86_400_000).toISOString();
  const quiet = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["cycles.id", "assignments.agency_id"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", "is", null)
    .where("cycles.created_at", "<=", quietSince)
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("status_updates").select("status_updates.id").whereRef("status_updates.cycle_id", "=", "cycles.id").where("status_updates.undone_at", "is", null).where("status_updates.created_at", ">", quietSince))),
    )
    .orderBy("tasks.position")
    .execute();
  const byAgency = new Map<number, number[]>();
  for (const row of quiet) {
    const ids = byAgency.get(row.agency_id);
    if (ids) ids.push(row.id);
    else byAgency.set(row.agency_id, [row.id]);
  }
  const officers = await focalOfficersByAgency(db);
  for (const [agencyId, cycleIds] of byAgency) {
    for (const personId of officers.get(agencyId) ?? []) {
      await planNotice(db, { personId, key: `checkin-${month}`, kind: "checkin", payload: { cycles: cycleIds } }, at);
    }
  }
  await writeSetting(db, checkInKey, month);
}

/**
 * Coordinators hear of every cycle on its first overdue working day (one message a day for all
 * of them), and get a digest every Monday, both from 08:00 local.
 */
async function planCoordinatorNotices(db: Db, context: PlanningContext, today: string): Promise<void> {
  const { now, timeZone, calendar, ladder } = context;
  if (now < stageInstant(today, ladder, timeZone)) return;
  const at = now.toISOString();
  const coordinators = await findCoordinatorIds(db);
  if (coordinators.length === 0) return;
  const notices: Array<{ key: string; kind: string; payload: unknown }> = [];
  // Cycles whose first overdue working day is today: due on the last working day or a holiday before it.
  const window = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["cycles.id", "cycles.due_on"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", ">=", shiftDate(today, -lookBackDays))
    .where("cycles.due_on", "<", today)
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .execute();
  const newlyOverdue = window.filter((c) => calendar.nextWorkingDay(shiftDate(c.due_on!, 1)) === today).map((c) => c.id);
  if (newlyOverdue.length > 0) notices.push({ key: `escalation-${today}`, kind: "escalation", payload: { cycles: newlyOverdue } });
  if (new Date(`${today}T00:00:00Z`).getUTCDay() === 1) notices.push({ key: `digest-${today}`, kind: "digest", payload: { date: today } });
  for (const coordinator of coordinators) {
    for (const notice of notices) {
      await planNotice(db, { personId: coordinator, ...notice }, at);
    }
  }
}
