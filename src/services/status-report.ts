/**
 * What coordinators ask: the plan in the official taxonomy with agencies ranked by overdue
 * count, one agency's cycles, one task's per-agency progress and history, what is overdue and
 * what falls due soon. The same numbers for the bot, the CLI and (later) the exports.
 */
import { addDaysToDate, localDateOf } from "../domain/local-date.js";
import { cycleStatuses, type CycleStatus } from "../domain/task-status.js";
import type { Db } from "../storage/database.js";
import { refIs } from "../storage/plan-repository.js";
import { parseAttachments } from "../storage/evidence.js";
import { countByAgency, findCycleLines, type AgencyCounts, type CycleLine, type StatusCounts } from "../storage/status-repository.js";

export interface PlanStatus {
  at: string;
  totals: StatusCounts;
  agencies: AgencyCounts[];
}

function emptyCounts(): StatusCounts {
  return { done_on_time: 0, done_late: 0, in_progress: 0, overdue: 0, no_deadline: 0 };
}

function sum(rows: readonly StatusCounts[]): StatusCounts {
  const totals = emptyCounts();
  for (const row of rows) for (const status of cycleStatuses) totals[status] += row[status];
  return totals;
}

/** Agencies with the most overdue cycles first; ties keep the registry's order. */
export async function planStatus(db: Db, today: string, agencyId?: number, planId?: number): Promise<PlanStatus> {
  const agencies = await countByAgency(db, today, agencyId, planId);
  const ranked = agencies.map((a, i) => ({ a, i })).sort((x, y) => y.a.overdue - x.a.overdue || x.i - y.i).map(({ a }) => a);
  return { at: today, totals: sum(agencies), agencies: ranked };
}

export function totalOf(counts: StatusCounts): number {
  return cycleStatuses.reduce((n, s) => n + counts[s], 0);
}

export async function agencyCycles(db: Db, today: string, agencyId: number): Promise<CycleLine[]> {
  return findCycleLines(db, { today, agencyId });
}

export async function overdueCycles(db: Db, today: string, limit?: number): Promise<CycleLine[]> {
  return findCycleLines(db, { today, status: "overdue", ...(limit !== undefined && { limit }) });
}

export async function upcomingCycles(db: Db, today: string, days: number): Promise<CycleLine[]> {
  const until = addDaysToDate(today, days);
  const lines = await findCycleLines(db, { today, dueBetween: [today, until] });
  return lines.filter((line) => line.status === "in_progress");
}

export interface UpdateLine {
  id: number;
  cycleId: number;
  agencyCode: string;
  kind: string;
  percent: number | null;
  text: string;
  fileCount: number;
  who: string | null;
  at: string;
  /** the local date it was reported on */
  on: string;
}

export async function updatesOfCycles(db: Db, cycleIds: readonly number[], timeZone: string, limit = 20): Promise<UpdateLine[]> {
  if (cycleIds.length === 0) return [];
  const rows = await db
    .selectFrom("status_updates")
    .innerJoin("cycles", "cycles.id", "status_updates.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .leftJoin("people", "people.id", "status_updates.person_id")
    .select([
      "status_updates.id",
      "status_updates.cycle_id",
      "agencies.code",
      "status_updates.kind",
      "status_updates.percent",
      "status_updates.text",
      "status_updates.file_ids",
      "people.display_name",
      "status_updates.created_at",
    ])
    .where("status_updates.cycle_id", "in", [...cycleIds])
    .where("status_updates.undone_at", "is", null)
    .orderBy("status_updates.created_at", "desc")
    .orderBy("status_updates.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycle_id,
    agencyCode: r.code,
    kind: r.kind,
    percent: r.percent,
    text: r.text,
    fileCount: parseAttachments(r.file_ids).length,
    who: r.display_name,
    at: r.created_at,
    on: localDateOf(new Date(r.created_at), timeZone),
  }));
}

export interface TaskStatus {
  task: { id: number; ref: string; text: string; section: string; isGroup: boolean; deadlinePhrase: string | null; leadNames: string[] };
  cycles: CycleLine[];
  counts: StatusCounts;
  updates: UpdateLine[];
}

export async function taskStatus(db: Db, today: string, ref: string, timeZone: string): Promise<TaskStatus | null> {
  const task = await db
    .selectFrom("tasks")
    .select(["id", "ref", "text", "section", "is_group", "deadline_phrase", "lead_names"])
    .where(refIs("ref", ref))
    .where("removed_at", "is", null)
    .orderBy("plan_id", "desc")
    .executeTakeFirst();
  if (!task) return null;
  const cycles = await findCycleLines(db, { today, taskId: task.id });
  const counts = emptyCounts();
  for (const cycle of cycles) counts[cycle.status as CycleStatus]++;
  return {
    task: { id: task.id, ref: task.ref, text: task.text, section: task.section, isGroup: task.is_group === 1, deadlinePhrase: task.deadline_phrase, leadNames: JSON.parse(task.lead_names) as string[] },
    cycles,
    counts,
    updates: await updatesOfCycles(db, cycles.map((c) => c.cycleId), timeZone),
  };
}
