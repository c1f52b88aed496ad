/**
 * The join most questions about a cycle start from: the cycle, its assignment and its task
 * (and the assignment's agency). "Live lead" cycles are those that count: a lead assignment,
 * neither it nor its task removed from the plan. Status updates and extension requests reach
 * their task and agency through the same chain.
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

/** A status update with its cycle, assignment and task: the chain every reader of updates walks. */
export function statusUpdatesWithTasks(db: Db) {
  return db
    .selectFrom("status_updates")
    .innerJoin("cycles", "cycles.id", "status_updates.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id");
}

export function statusUpdatesWithAgencies(db: Db) {
  return statusUpdatesWithTasks(db).innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

/** An extension request with its cycle, assignment, task and the assignment's agency. */
export function extensionRequestsWithAgencies(db: Db) {
  return db
    .selectFrom("extension_requests")
    .innerJoin("cycles", "cycles.id", "extension_requests.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

/** A reminder with its cycle, assignment, task and the assignment's agency: what the sender says of it. */
export function remindersWithAgencies(db: Db) {
  return db
    .selectFrom("reminders")
    .innerJoin("cycles", "cycles.id", "reminders.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

/**
 * Live lead cycles of active plans: the ones reminders, check-ins and escalations speak of.
 * The plan test is a correlated EXISTS on purpose: written as `plan_id in (active plans)`,
 * SQLite drives the whole join from tasks by plan and scans every cycle of the plan instead of
 * using the cycles' planning-marker index (the steady planning tick went from 97 to 1,326 ms).
 */
export function remindedLeadCycles(db: Db) {
  return liveLeadCycles(db).where((eb) => eb.exists(eb.selectFrom("plans").select("plans.id").whereRef("plans.id", "=", "tasks.plan_id").where("plans.status", "=", "active")));
}
