/**
 * The join most questions about a cycle start from: the cycle, its assignment and its task
 * (and the assignment's agency). "Live lead" cycles are those that count: a lead assignment,
 * neither it nor its task removed from the plan.
 */
import type { Db } from "./database.js";

export function cyclesWithTasks(db: Db) {
  return db.selectFrom("cycles").innerJoin("assignments", "assignments.id", "cycles.assignment_id").innerJoin("tasks", "tasks.id", "assignments.task_id");
}

export function cyclesWithAgencies(db: Db) {
  return cyclesWithTasks(db).innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

export function liveLeadCycles(db: Db) {
  return cyclesWithTasks(db).where("assignments.role", "=", "lead").where("assignments.removed_at", "is", null).where("tasks.removed_at", "is", null);
}

export function liveLeadCyclesWithAgencies(db: Db) {
  return cyclesWithAgencies(db).where("assignments.role", "=", "lead").where("assignments.removed_at", "is", null).where("tasks.removed_at", "is", null);
}

/** Live lead cycles of active plans: the ones reminders, check-ins and escalations speak of. */
export function remindedLeadCycles(db: Db) {
  return liveLeadCycles(db).where("tasks.plan_id", "in", (eb) => eb.selectFrom("plans").select("plans.id").where("plans.status", "=", "active"));
}
