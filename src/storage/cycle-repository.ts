/**
 * Writes that change a cycle. A change that alters which reminder stages an open cycle has
 * (reopened, a new due date) forgets its planning marker (cycles.next_stage_at, see
 * planning-repository.ts) in the same statement, so the next tick plans it again from the
 * ledger; no caller has to remember to.
 */
import type { Db } from "./database.js";
import { cyclesWithTasks, liveLeadCycles } from "./cycle-joins.js";
import { refIs } from "./plan-repository.js";
import type { LocalDate } from "../domain/local-date.js";

/** "Done": completed now. A completed cycle is no longer planned, so its marker stays as it is. */
export async function completeCycle(trx: Db, cycleId: number, at: string, today: LocalDate): Promise<void> {
  await trx.updateTable("cycles").set({ completed_at: at, completed_on: today }).where("id", "=", cycleId).execute();
}

/** A "done" taken back: open again, and planned again at the next tick (its marker may predate a new ladder or officer). */
export async function reopenCycle(trx: Db, cycleId: number): Promise<void> {
  await trx.updateTable("cycles").set({ completed_at: null, completed_on: null, next_stage_at: "" }).where("id", "=", cycleId).execute();
}

/** An approved extension: the due date moves (the original stays for the statistics), the ladder follows. */
export async function extendCycleDue(trx: Db, cycleId: number, due: LocalDate): Promise<void> {
  await trx.updateTable("cycles").set({ due_on: due, next_stage_at: "" }).where("id", "=", cycleId).execute();
}

/** A date set by a coordinator (`/setdue`): both the due and the original date, the ladder follows. */
export async function setCycleDue(trx: Db, cycleId: number, due: LocalDate): Promise<void> {
  await trx.updateTable("cycles").set({ due_on: due, original_due_on: due, next_stage_at: "" }).where("id", "=", cycleId).execute();
}

/** The plan document's date was corrected: the original date follows it, the due date too unless an extension moved it. */
export async function correctCycleDue(trx: Db, cycleId: number, originalDue: LocalDate | null, options: { keepDue: boolean }): Promise<void> {
  await trx
    .updateTable("cycles")
    .set({ original_due_on: originalDue, ...(options.keepDue ? {} : { due_on: originalDue }), next_stage_at: "" })
    .where("id", "=", cycleId)
    .execute();
}

export interface OpenLeadCycle {
  id: number;
  due: LocalDate | null;
  ref: string;
  deadlineKind: string;
  agencyId: number;
}

/** The open cycles of the live lead assignments of the task with this ref (as a person types it). */
export async function findOpenLeadCyclesOfRef(db: Db, ref: string): Promise<OpenLeadCycle[]> {
  const rows = await liveLeadCycles(db)
    .select(["cycles.id", "cycles.due_on", "tasks.ref", "tasks.deadline_kind", "assignments.agency_id"])
    .where(refIs("tasks.ref", ref))
    .where("cycles.completed_at", "is", null)
    .execute();
  return rows.map((r) => ({ id: r.id, due: r.due_on, ref: r.ref, deadlineKind: r.deadline_kind, agencyId: r.agency_id }));
}

/** The open cycles of the live lead assignments of one task (a ref resolved to its plan's task). */
export async function findOpenLeadCyclesOfTask(db: Db, taskId: number): Promise<OpenLeadCycle[]> {
  const rows = await liveLeadCycles(db)
    .select(["cycles.id", "cycles.due_on", "tasks.ref", "tasks.deadline_kind", "assignments.agency_id"])
    .where("tasks.id", "=", taskId)
    .where("cycles.completed_at", "is", null)
    .execute();
  return rows.map((r) => ({ id: r.id, due: r.due_on, ref: r.ref, deadlineKind: r.deadline_kind, agencyId: r.agency_id }));
}

/** The ref of the cycle's task, if the cycle exists. */
export async function findCycleRef(db: Db, cycleId: number): Promise<string | null> {
  const row = await cyclesWithTasks(db).select("tasks.ref").where("cycles.id", "=", cycleId).executeTakeFirst();
  return row?.ref ?? null;
}
