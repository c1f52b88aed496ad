/**
 * Planning (DESIGN.md §4): "what should have been sent by now and was not". Each due stage is
 * claimed in the ledger under its unique key (cycle, recipient, stage) with insert-or-ignore,
 * so two ticks, a restart or two processes can never plan it twice. Stale stages are recorded
 * as skipped; a person whose agency has a backlog of overdue cycles gets one summary instead.
 */
import { recurringCycleAt } from "../domain/cycles.js";
import { localDateOf } from "../domain/local-date.js";
import { decideStages, ladderStages, shiftDate, stageInstant, type LadderConfig, type WorkingDays } from "../domain/reminder-ladder.js";
import type { Db } from "../storage/database.js";
import { deadlineOfRow } from "../storage/plan-repository.js";

export interface PlanningContext {
  now: Date;
  timeZone: string;
  calendar: WorkingDays;
  ladder: LadderConfig;
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
}

/** Days before "today" the planner looks back: a week of overdue stages plus holiday shifts. */
const lookBackDays = 10;
/** The earliest a before-due stage can be: 14 days, plus a long holiday in front of it. */
const lookAheadDays = 25;

/** Recurring tasks get the cycle of the period they are in (the next 30/11 report, this month's). */
export async function ensureRecurringCycles(db: Db, today: string, now: Date): Promise<number> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["assignments.id", "tasks.deadline_kind", "tasks.deadline_date", "tasks.deadline_month", "tasks.deadline_day", "tasks.deadline_phrase"])
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .where("tasks.deadline_kind", "in", ["annual", "quarterly", "monthly"])
    .execute();
  let created = 0;
  for (const row of rows) {
    const cycle = recurringCycleAt(deadlineOfRow(row), today);
    if (!cycle) continue;
    const result = await db
      .insertInto("cycles")
      .values({ assignment_id: row.id, period: cycle.period, original_due_on: cycle.due, due_on: cycle.due, completed_at: null, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["assignment_id", "period"]).doNothing())
      .executeTakeFirst();
    created += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return created;
}

interface Candidate {
  cycle_id: number;
  due_on: string;
  deadline_kind: string;
  agency_id: number;
  person_id: number;
}

async function candidates(db: Db, today: string): Promise<Candidate[]> {
  return db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("people", "people.agency_id", "assignments.agency_id")
    .select(["cycles.id as cycle_id", "cycles.due_on", "tasks.deadline_kind", "assignments.agency_id", "people.id as person_id"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", "is not", null)
    .where("cycles.due_on", "<=", shiftDate(today, lookAheadDays))
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .where("tasks.removed_at", "is", null)
    .where("people.role", "=", "focal")
    .where("people.state", "=", "active")
    .execute() as Promise<Candidate[]>;
}

async function recordedStages(db: Db, since: string): Promise<Set<string>> {
  const rows = await db.selectFrom("reminders").select(["cycle_id", "person_id", "stage"]).where("planned_at", ">=", since).execute();
  return new Set(rows.map((r) => `${r.cycle_id}|${r.person_id}|${r.stage}`));
}

async function peopleWithBacklogNotice(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom("notices").select("person_id").where("kind", "=", "backlog").execute();
  return new Set(rows.map((r) => r.person_id));
}

async function insertChunked<T>(items: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

export async function planReminders(db: Db, context: PlanningContext): Promise<PlanResult> {
  const { now, timeZone, calendar, ladder } = context;
  const today = localDateOf(now, timeZone);
  const from = shiftDate(today, -lookBackDays);
  const at = now.toISOString();
  const rows = await candidates(db, today);
  const recorded = await recordedStages(db, stageInstant(from, { hour: 0, minute: 0 }, timeZone).toISOString());
  const hasBacklog = await peopleWithBacklogNotice(db);

  const lines: PlannedLine[] = [];
  const reminders: Array<{ cycle_id: number; person_id: number; stage: string; planned_at: string; state: "planned" | "skipped"; created_at: string }> = [];
  const backlog = new Map<number, number[]>();
  for (const row of rows) {
    const firstOverdueDay = calendar.nextWorkingDay(shiftDate(row.due_on, 1));
    // A person new to an agency with cycles overdue since before the look-back: one summary.
    if (!hasBacklog.has(row.person_id) && firstOverdueDay < from) {
      backlog.set(row.person_id, [...(backlog.get(row.person_id) ?? []), row.cycle_id]);
    }
    const stages = ladderStages(row.due_on, row.deadline_kind === "monthly" ? "monthly" : "once", ladder, calendar, { from, until: today });
    const mine = new Set<string>();
    for (const stage of stages) if (recorded.has(`${row.cycle_id}|${row.person_id}|${stage.key}`)) mine.add(stage.key);
    for (const decision of decideStages(stages, mine, now, ladder, timeZone)) {
      // The backlog summary speaks for this tick's overdue reminders of a new person.
      const send = decision.decision === "send" && !backlog.has(row.person_id);
      reminders.push({ cycle_id: row.cycle_id, person_id: row.person_id, stage: decision.stage.key, planned_at: decision.at.toISOString(), state: send ? "planned" : "skipped", created_at: at });
      lines.push({ cycleId: row.cycle_id, personId: row.person_id, stage: decision.stage.key, decision: send ? "send" : "skip" });
    }
  }
  await db.transaction().execute(async (trx) => {
    await insertChunked(reminders, 400, (chunk) =>
      trx.insertInto("reminders").values(chunk).onConflict((oc) => oc.columns(["cycle_id", "person_id", "stage"]).doNothing()).execute(),
    );
    for (const [personId, cycleIds] of backlog) {
      await trx
        .insertInto("notices")
        .values({ person_id: personId, key: "backlog", kind: "backlog", payload: JSON.stringify({ cycles: cycleIds }), planned_at: at, state: "planned", attempts: 0, next_attempt_at: null, last_error: null, telegram_message_id: null, sent_at: null, created_at: at })
        .onConflict((oc) => oc.columns(["person_id", "key"]).doNothing())
        .execute();
    }
  });
  await planCoordinatorNotices(db, context, today);
  return { lines, backlogs: backlog.size };
}

/**
 * Coordinators hear of every cycle on its first overdue working day (one message a day for all
 * of them), and get a digest every Monday, both from 08:00 local.
 */
async function planCoordinatorNotices(db: Db, context: PlanningContext, today: string): Promise<void> {
  const { now, timeZone, calendar, ladder } = context;
  if (now < stageInstant(today, ladder, timeZone)) return;
  const at = now.toISOString();
  const coordinators = await db.selectFrom("people").select("id").where("role", "in", ["coordinator", "admin"]).where("state", "=", "active").execute();
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
      await db
        .insertInto("notices")
        .values({ person_id: coordinator.id, key: notice.key, kind: notice.kind, payload: JSON.stringify(notice.payload), planned_at: at, state: "planned", attempts: 0, next_attempt_at: null, last_error: null, telegram_message_id: null, sent_at: null, created_at: at })
        .onConflict((oc) => oc.columns(["person_id", "key"]).doNothing())
        .execute();
    }
  }
}
