/**
 * What the coordinators' Mini App shows, as view data, with who-may-see-what decided here:
 * coordinators and admins see everything; a focal officer their agency, the tasks it leads
 * (its own cycles) or coordinates (all lead agencies' cycles), as the bot's task card does.
 */
import { DomainError } from "../../domain/errors.js";
import type { Attachment } from "../../domain/model.js";
import type { Db } from "../../storage/database.js";
import { findAgencyRoles } from "../../storage/history-repository.js";
import { findCycleLines, type CycleLine } from "../../storage/status-repository.js";
import { findAgencyNameById, findAttachmentsOfUpdates, findPlanChoices, findUpdateFiles, findWebTask, type PlanChoice, type WebTask } from "../../storage/web-repository.js";
import { agencyCycles, planStatus, updatesOfCycles, upcomingCycles, type PlanStatus, type UpdateLine } from "../status/status-summary.js";
import { taskHistory, type TaskHistory } from "../status/task-history.js";
import type { WebViewer } from "./web-access.js";

export type Access<T> = { ok: true; value: T } | { ok: false; reason: "not_found" | "forbidden" };

const statusOrder: Record<CycleLine["status"], number> = { overdue: 0, in_progress: 1, no_deadline: 2, done_late: 3, done_on_time: 4 };

/** Overdue first, then by due date (undated last), then by ref. */
export function byUrgency(a: CycleLine, b: CycleLine): number {
  return statusOrder[a.status] - statusOrder[b.status] || (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.ref.localeCompare(b.ref, "vi", { numeric: true });
}

export interface Overview {
  status: PlanStatus;
  plans: PlanChoice[];
  planId: number | null;
}

export async function overviewOf(db: Db, today: string, planId: number | null): Promise<Overview> {
  const plans = await findPlanChoices(db);
  const chosen = planId !== null && plans.some((p) => p.id === planId) ? planId : null;
  return { status: await planStatus(db, today, undefined, chosen ?? undefined), plans, planId: chosen };
}

export interface UpdateWithFiles extends UpdateLine {
  files: Attachment[];
}

async function withFiles(db: Db, updates: UpdateLine[]): Promise<UpdateWithFiles[]> {
  const files = await findAttachmentsOfUpdates(
    db,
    updates.filter((u) => u.fileCount > 0).map((u) => u.id),
  );
  return updates.map((u) => ({ ...u, files: files.get(u.id) ?? [] }));
}

export interface AgencyPage {
  agency: { id: number; code: string; name: string };
  status: PlanStatus;
  cycles: CycleLine[];
  updates: UpdateWithFiles[];
}

export async function agencyPageOf(db: Db, viewer: WebViewer, today: string, agencyId: number, timeZone: string): Promise<Access<AgencyPage>> {
  if (viewer.role === "focal" && viewer.agencyId !== agencyId) return { ok: false, reason: "forbidden" };
  const agency = await findAgencyNameById(db, agencyId);
  if (!agency) return { ok: false, reason: "not_found" };
  const cycles = (await agencyCycles(db, today, agencyId)).sort(byUrgency);
  const updates = await withFiles(
    db,
    await updatesOfCycles(
      db,
      cycles.map((c) => c.cycleId),
      timeZone,
      15,
    ),
  );
  return { ok: true, value: { agency, status: await planStatus(db, today, agencyId), cycles, updates } };
}

export interface TaskPage {
  today: string;
  task: WebTask;
  cycles: CycleLine[];
  updates: UpdateWithFiles[];
  history: TaskHistory;
}

export async function taskPageOf(db: Db, viewer: WebViewer, today: string, taskId: number, timeZone: string): Promise<Access<TaskPage>> {
  const task = await findWebTask(db, taskId);
  if (!task) return { ok: false, reason: "not_found" };
  let history: TaskHistory | null;
  try {
    // The same rule as /history: who may see the task, and which agency's cycles.
    history = await taskHistory(db, viewer.actor, { taskId }, timeZone);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_allowed") return { ok: false, reason: "forbidden" };
    throw error;
  }
  if (!history) return { ok: false, reason: "not_found" };
  const onlyAgency = history.agencyCode;
  const all = await findCycleLines(db, { today, taskId });
  const shown = (onlyAgency === null ? all : all.filter((c) => c.agencyCode === onlyAgency)).sort((a, b) => a.agencyCode.localeCompare(b.agencyCode) || a.period.localeCompare(b.period));
  const updates = await withFiles(
    db,
    await updatesOfCycles(
      db,
      shown.map((c) => c.cycleId),
      timeZone,
      30,
    ),
  );
  return { ok: true, value: { today, task, cycles: shown, updates, history } };
}

export async function upcomingOf(db: Db, viewer: WebViewer, today: string, days: number): Promise<CycleLine[]> {
  const lines = await upcomingCycles(db, today, days);
  return viewer.role === "focal" ? lines.filter((line) => line.agencyId === viewer.agencyId) : lines;
}

/** An evidence file of a status update, when the viewer may see that update. */
export async function evidenceFileOf(db: Db, viewer: WebViewer, updateId: number, index: number): Promise<Access<Attachment & { fileId: string }>> {
  const update = await findUpdateFiles(db, updateId);
  const file = update?.files[index];
  if (!update || !file || file.fileId === null) return { ok: false, reason: "not_found" };
  if (viewer.role === "focal" && update.agencyId !== viewer.agencyId) {
    // Another lead agency's report: visible only on a task the officer's agency coordinates.
    const roles = await findAgencyRoles(db, update.taskId, viewer.agencyId);
    if (roles.length === 0 || roles.includes("lead")) return { ok: false, reason: "forbidden" };
  }
  return { ok: true, value: { ...file, fileId: file.fileId } };
}
