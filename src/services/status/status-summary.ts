/**
 * What coordinators ask: the plan in the official taxonomy with agencies ranked by overdue
 * count, one agency's cycles, one task's per-agency progress and history, what is overdue and
 * what falls due soon. The same numbers for the bot, the CLI and (later) the exports.
 */
import { addDaysToDate, localDateOf } from "../../domain/local-date.js";
import { cycleStatuses, type CycleStatus } from "../../domain/task-status.js";
import type { Db } from "../../storage/database.js";
import { parseAttachments } from "../../storage/evidence.js";
import { countByAgency, findCycleLines, type AgencyCounts, type CycleLine, type StatusCounts } from "../../storage/status-repository.js";
import { findTaskHead, findUpdatesOfCycles, type TaskHead } from "../../storage/task-status-repository.js";
import { taskLabel } from "../../domain/plan-code.js";
import { lookUpTask, refsQualified, type TaskChoice } from "../plans/plan-lifecycle.js";

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
  const ranked = agencies
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.overdue - x.a.overdue || x.i - y.i)
    .map(({ a }) => a);
  return { at: today, totals: sum(agencies), agencies: ranked };
}

export function totalOf(counts: StatusCounts): number {
  return cycleStatuses.reduce((n, s) => n + counts[s], 0);
}

export async function agencyCycles(db: Db, today: string, agencyId: number, planId?: number): Promise<CycleLine[]> {
  return findCycleLines(db, { today, agencyId, ...(planId !== undefined && { planId }) });
}

export async function overdueCycles(db: Db, today: string, limit?: number, planId?: number): Promise<CycleLine[]> {
  return findCycleLines(db, { today, status: "overdue", ...(limit !== undefined && { limit }), ...(planId !== undefined && { planId }) });
}

export async function upcomingCycles(db: Db, today: string, days: number, planId?: number): Promise<CycleLine[]> {
  const until = addDaysToDate(today, days);
  const lines = await findCycleLines(db, { today, dueBetween: [today, until], ...(planId !== undefined && { planId }) });
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
  const rows = await findUpdatesOfCycles(db, cycleIds, limit);
  return rows.map((r) => ({
    id: r.id,
    cycleId: r.cycleId,
    agencyCode: r.agencyCode,
    kind: r.kind,
    percent: r.percent,
    text: r.text,
    fileCount: parseAttachments(r.fileIds).length,
    who: r.who,
    at: r.at,
    on: localDateOf(new Date(r.at), timeZone),
  }));
}

export interface TaskStatus {
  /** `label`: the ref as shown (`1861/III.1.1` while several plans are active) */
  task: TaskHead & { label: string };
  cycles: CycleLine[];
  counts: StatusCounts;
  updates: UpdateLine[];
}

/**
 * One task's status from a typed ref (`III.1.1` or `1861/III.1.1`): null when no task has it,
 * the qualified refs to choose from when it is in several active plans.
 */
export async function taskStatus(db: Db, today: string, typed: string, timeZone: string): Promise<TaskStatus | { ambiguous: TaskChoice[] } | null> {
  const found = await lookUpTask(db, typed);
  if (found.kind === "none") return null;
  if (found.kind === "ambiguous") return { ambiguous: found.choices };
  return taskStatusById(db, today, found.task.id, timeZone);
}

/** One task's status by its id (a button chosen among the plans that share a ref). */
export async function taskStatusById(db: Db, today: string, taskId: number, timeZone: string): Promise<TaskStatus | null> {
  const task = await findTaskHead(db, taskId);
  if (!task) return null;
  const label = taskLabel({ ref: task.ref, planCode: task.planCode }, await refsQualified(db));
  const cycles = await findCycleLines(db, { today, taskId: task.id });
  const counts = emptyCounts();
  for (const cycle of cycles) counts[cycle.status as CycleStatus]++;
  return {
    task: { ...task, label },
    cycles,
    counts,
    updates: await updatesOfCycles(
      db,
      cycles.map((c) => c.cycleId),
      timeZone,
    ),
  };
}
