/**
 * What the annual consolidated report reads: the plan, its annual tasks, each lead agency's
 * cycle for one year (or none yet) and what the agency reported on it.
 */
import type { Plan, Task } from "../domain/model.js";
import type { Db } from "./database.js";
import { parseAttachments, type Attachment } from "./evidence.js";
import { taskRowToTask } from "./plan-repository.js";

/** The plan asked for, or the one imported last. */
export async function findReportPlan(db: Db, planId?: number): Promise<Plan | null> {
  let query = db.selectFrom("plans").selectAll().orderBy("id", "desc");
  if (planId !== undefined) query = query.where("id", "=", planId);
  const row = await query.executeTakeFirst();
  return row ? { id: row.id, code: row.code, title: row.title, issuedOn: row.issued_on, sourceFile: row.source_file, sourceHash: row.source_hash, importedAt: row.imported_at } : null;
}

export async function findAnnualTasks(db: Db, planId: number): Promise<Task[]> {
  const rows = await db.selectFrom("tasks").selectAll().where("plan_id", "=", planId).where("deadline_kind", "=", "annual").where("removed_at", "is", null).orderBy("position").execute();
  return rows.map(taskRowToTask);
}

export interface LeadCycleOfYear {
  taskId: number;
  agencyCode: string;
  agencyName: string;
  /** null when the year's cycle was never opened for this agency */
  cycleId: number | null;
  dueOn: string | null;
  originalDueOn: string | null;
  completedOn: string | null;
}

/** Every lead agency of the tasks, in registry order, with its cycle of the period if any. */
export async function findLeadCyclesOfPeriod(db: Db, taskIds: readonly number[], period: string): Promise<LeadCycleOfYear[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .leftJoin("cycles", (join) => join.onRef("cycles.assignment_id", "=", "assignments.id").on("cycles.period", "=", period))
    .select(["assignments.task_id", "agencies.code", "agencies.name", "cycles.id as cycle_id", "cycles.due_on", "cycles.original_due_on", "cycles.completed_on"])
    .where("assignments.task_id", "in", [...taskIds])
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .orderBy("agencies.position")
    .orderBy("agencies.id")
    .execute();
  return rows.map((r) => ({
    taskId: r.task_id,
    agencyCode: r.code,
    agencyName: r.name,
    cycleId: r.cycle_id,
    dueOn: r.due_on,
    originalDueOn: r.original_due_on,
    completedOn: r.completed_on,
  }));
}

export { parseAttachments, type Attachment } from "./evidence.js";

export interface ReportedUpdate {
  cycleId: number;
  kind: "progress" | "done" | "blocked" | "extension_request" | "note";
  text: string;
  attachments: Attachment[];
  createdAt: string;
}

/** Updates that were not taken back, newest first. */
export async function findStandingUpdates(db: Db, cycleIds: readonly number[]): Promise<ReportedUpdate[]> {
  if (cycleIds.length === 0) return [];
  const rows = await db
    .selectFrom("status_updates")
    .select(["cycle_id", "kind", "text", "file_ids", "created_at"])
    .where("cycle_id", "in", [...cycleIds])
    .where("undone_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({ cycleId: r.cycle_id, kind: r.kind, text: r.text, attachments: parseAttachments(r.file_ids), createdAt: r.created_at }));
}
