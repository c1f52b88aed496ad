/**
 * The reminder ledger as the planner reads and writes it: the cycles with a stage due, the
 * officers they go to, which due stages are already claimed, new claims, the recurring cycles
 * of the period, and the cycles the notices speak of.
 */
import type { PlanCycle } from "../domain/reminder-plan.js";
import type { Db } from "./database.js";
import { cyclesWithAssignments, remindedLeadCycles } from "./cycle-joins.js";
import { prepared } from "./prepared.js";

/**
 * Open dated cycles whose next unplanned stage is due, or not known ('': a new cycle, a new due
 * date, a new officer), by the partial index on cycles.next_stage_at; in due-date order. Each
 * is paired in memory with the active focal officers of its lead agency: joining people in SQL
 * would return cycles × officers rows.
 */
export async function findDueCycles(db: Db, now: string): Promise<PlanCycle[]> {
  const rows = await remindedLeadCycles(db)
    .select(["cycles.id", "cycles.due_on", "tasks.deadline_kind", "assignments.agency_id", "tasks.ladder"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.next_stage_at", "<=", now)
    .where("cycles.due_on", "is not", null)
    .orderBy("cycles.due_on")
    .orderBy("cycles.id")
    .execute();
  return rows.map((r) => ({
    cycleId: r.id,
    agencyId: r.agency_id,
    dueOn: r.due_on!,
    recurrence: r.deadline_kind === "monthly" ? "monthly" : "once",
    ladder: r.ladder,
  }));
}

/** Active focal officers by agency, by id (people_agency_idx order). */
export async function findFocalOfficersByAgency(db: Db): Promise<Map<number, number[]>> {
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

export async function findPeopleWithBacklogNotice(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom("notices").select("person_id").where("kind", "=", "backlog").execute();
  return new Set(rows.map((r) => r.person_id));
}

/**
 * Backlog summaries planned at or after `since`, by person: when, and the cycles each speaks for
 * (its payload). Older summaries cannot cover a stage inside the planner's look-back.
 */
export async function findRecentBacklogNotices(db: Db, since: string): Promise<Map<number, { at: string; cycles: Set<number> }>> {
  const rows = await db.selectFrom("notices").select(["person_id", "planned_at", "payload"]).where("kind", "=", "backlog").where("planned_at", ">=", since).execute();
  const notices = new Map<number, { at: string; cycles: Set<number> }>();
  for (const row of rows) {
    let cycles: unknown;
    try {
      cycles = (JSON.parse(row.payload) as { cycles?: unknown }).cycles;
    } catch {
      cycles = [];
    }
    notices.set(row.person_id, { at: row.planned_at, cycles: new Set(Array.isArray(cycles) ? cycles.filter((c): c is number => typeof c === "number") : []) });
  }
  return notices;
}

/**
 * Who was ever reminded of which of these cycles (a row not recorded as skipped, of any stage),
 * as "cycle|person": someone without one has never been told of the cycle.
 */
export async function findToldPairs(db: Db, cycleIds: readonly number[]): Promise<Set<string>> {
  const pairs = new Set<string>();
  for (let i = 0; i < cycleIds.length; i += idChunk) {
    const rows = await db
      .selectFrom("reminders")
      .select(["cycle_id", "person_id"])
      .distinct()
      .where("cycle_id", "in", cycleIds.slice(i, i + idChunk))
      .where("state", "!=", "skipped")
      .execute();
    for (const row of rows) pairs.add(`${row.cycle_id}|${row.person_id}`);
  }
  return pairs;
}

export interface NewReminder {
  cycle_id: number;
  person_id: number;
  stage: string;
  planned_at: string;
  state: "planned" | "skipped";
  created_at: string;
}

const insertReminder = prepared<NewReminder, never>((db, slot) =>
  db
    .insertInto("reminders")
    .values({ cycle_id: slot("cycle_id"), person_id: slot("person_id"), stage: slot("stage"), planned_at: slot("planned_at"), state: slot("state"), created_at: slot("created_at") })
    .onConflict((oc) => oc.columns(["cycle_id", "person_id", "stage"]).doNothing()),
);

/**
 * Claims each row under its unique key (cycle, recipient, stage); a row already there is kept.
 * One prepared single-row statement, bound per row: a multi-row insert built by kysely makes a
 * tree and an SQL string of thousands of values per chunk, garbage a national first tick
 * repeats fifty times.
 */
export async function insertReminders(db: Db, rows: readonly NewReminder[]): Promise<void> {
  for (const row of rows) await insertReminder(db, row);
}

/** Per cycle: "all" when every officer already has every due stage, else the recorded "person|stage". */
export type Recorded = Map<number, "all" | Set<string>>;

export interface DueWork {
  cycleId: number;
  /** the keys of its stages due by now (one list per due date and recurrence, shared) */
  keys: string[];
  officers: number;
}

const idChunk = 500;
/** cycles sharing one list of due stage keys counted together; smaller groups are merged */
const sharedKeysGroup = 100;

/**
 * Which due stages are already in the ledger (planned at or after `since`, as before), asked
 * only for the cycles that have due stages, by index (cycle, person, stage), instead of reading
 * every recent ledger row. A count per cycle of its current officers' recorded due stages
 * settles the usual cases, all or none (the key is unique); rows are read only for the rest.
 */
export async function findRecordedDueStages(db: Db, work: readonly DueWork[], since: string): Promise<Recorded> {
  const recorded: Recorded = new Map();
  const partial: DueWork[] = [];
  const settle = (item: DueWork, n: number) => {
    if (n === item.officers * item.keys.length) recorded.set(item.cycleId, "all");
    else if (n > 0) partial.push(item);
  };
  const counted = (ids: number[], stages: string[]) =>
    cyclesWithAssignments(db)
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
      const rows = await counted(
        chunk.map((c) => c.cycleId),
        keys,
      )
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
    const rows = await counted(
      chunk.map((c) => c.cycleId),
      [...new Set(chunk.flatMap((c) => c.keys))],
    )
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
      .where(
        "cycle_id",
        "in",
        chunk.map((c) => c.cycleId),
      )
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

export interface DeadlineRule {
  deadline_kind: string;
  deadline_date: string | null;
  deadline_month: number | null;
  deadline_day: number | null;
}

/** The distinct deadline rules of live recurring tasks (a plan has a handful). */
export async function findRecurringRules(db: Db): Promise<DeadlineRule[]> {
  return db
    .selectFrom("tasks")
    .select(["deadline_kind", "deadline_date", "deadline_month", "deadline_day"])
    .distinct()
    .where("deadline_kind", "in", ["annual", "semiannual", "quarterly", "monthly"])
    .where("removed_at", "is", null)
    .execute();
}

/**
 * Adds the period's cycle to every live lead assignment of the rule's tasks that lacks it, in
 * one insert-select: the rule's tasks first, then their assignments by the (task, agency,
 * role) index, then the (assignment, period) index. Returns how many it added.
 */
export async function insertMissingCycles(db: Db, rule: DeadlineRule, cycle: { period: string; due: string | null }, now: string): Promise<number> {
  const result = await db
    .insertInto("cycles")
    .columns(["assignment_id", "period", "original_due_on", "due_on", "completed_at", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("assignments")
        .select((s) => [
          "assignments.id",
          s.val(cycle.period).as("period"),
          s.val(cycle.due).as("original_due_on"),
          s.val(cycle.due).as("due_on"),
          s.val(null).as("completed_at"),
          s.val(now).as("created_at"),
        ])
        .where("assignments.task_id", "in", (t) =>
          t
            .selectFrom("tasks")
            .select("tasks.id")
            .where("tasks.deadline_kind", "=", rule.deadline_kind)
            .where("tasks.deadline_date", "is not distinct from", rule.deadline_date)
            .where("tasks.deadline_month", "is not distinct from", rule.deadline_month)
            .where("tasks.deadline_day", "is not distinct from", rule.deadline_day)
            .where("tasks.removed_at", "is", null)
            // a closed plan gets no new periods
            .where("tasks.plan_id", "in", (p) => p.selectFrom("plans").select("plans.id").where("plans.status", "=", "active")),
        )
        .where("assignments.role", "=", "lead")
        .where("assignments.removed_at", "is", null)
        .where((w) => w.not(w.exists(w.selectFrom("cycles").select("cycles.id").whereRef("cycles.assignment_id", "=", "assignments.id").where("cycles.period", "=", cycle.period)))),
    )
    .onConflict((oc) => oc.columns(["assignment_id", "period"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Open undated lead cycles, created before `quietSince`, with no standing update since then. */
export async function findQuietUndatedCycles(db: Db, quietSince: string): Promise<Array<{ cycleId: number; agencyId: number }>> {
  return remindedLeadCycles(db)
    .select(["cycles.id as cycleId", "assignments.agency_id as agencyId"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", "is", null)
    .where("cycles.created_at", "<=", quietSince)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("status_updates")
            .select("status_updates.id")
            .whereRef("status_updates.cycle_id", "=", "cycles.id")
            .where("status_updates.undone_at", "is", null)
            .where("status_updates.created_at", ">", quietSince),
        ),
      ),
    )
    .orderBy("tasks.position")
    .execute();
}

/** Open live lead cycles due in [from, before). */
export async function findOpenCyclesDueBetween(db: Db, from: string, before: string): Promise<Array<{ cycleId: number; due: string }>> {
  return remindedLeadCycles(db)
    .select(["cycles.id as cycleId", "cycles.due_on as due"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", ">=", from)
    .where("cycles.due_on", "<", before)
    .execute() as Promise<Array<{ cycleId: number; due: string }>>;
}
