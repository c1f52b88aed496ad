/**
 * The join most questions about a cycle start from: the cycle, its assignment and its task
 * (and the assignment's agency). "Live lead" cycles are those that count: a lead assignment,
 * neither it nor its task removed from the plan. Status updates, extension requests, reminders
 * and the bot's messages reach their task and agency through the same chain.
 *
 * The chain cycles → assignments → tasks is written here once. Each helper takes the database
 * (or a transaction); `cyclesWithAssignments` and `cyclesWithTasks` also take the expression
 * builder of an enclosing query, for a subquery that may then refer to the enclosing query's
 * tables (`whereRef("tasks.plan_id", "=", "plans.id")`).
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from "kysely";
import type { Db } from "./database.js";
import type { Database } from "./schema.js";

type Table = keyof Database;
/** The database, or the expression builder of an enclosing query over tables `TB`. */
type Source<TB extends Table> = Db | ExpressionBuilder<Database, TB>;
// biome-ignore lint/complexity/noBannedTypes: kysely's type of a query that selects nothing yet
type NothingSelected = {};
type Joined<TB extends Table> = SelectQueryBuilder<Database, TB, NothingSelected>;

/**
 * kysely cannot check a join on a query whose tables are a type parameter, so the joins are
 * written on the concrete tables and the result is given its tables back. Both sources build
 * the same query: an expression builder's `selectFrom` only adds the enclosing tables' types.
 */
function from<TB extends Table>(source: Source<TB>): Kysely<Database> {
  return source as Kysely<Database>;
}

function withAssignments<TB extends Table>(cycles: Joined<TB | "cycles">): Joined<TB | "cycles" | "assignments"> {
  return (cycles as Joined<"cycles">).innerJoin("assignments", "assignments.id", "cycles.assignment_id") as Joined<TB | "cycles" | "assignments">;
}

function withTasks<TB extends Table>(cycles: Joined<TB | "cycles">): Joined<TB | "cycles" | "assignments" | "tasks"> {
  return (withAssignments(cycles) as Joined<"cycles" | "assignments">).innerJoin("tasks", "tasks.id", "assignments.task_id") as Joined<TB | "cycles" | "assignments" | "tasks">;
}

/** A cycle with its assignment (for questions about the assignment's agency, role or task id). */
export function cyclesWithAssignments(db: Db): Joined<"cycles" | "assignments">;
export function cyclesWithAssignments<TB extends Table>(eb: ExpressionBuilder<Database, TB>): Joined<TB | "cycles" | "assignments">;
export function cyclesWithAssignments<TB extends Table>(source: Source<TB>): Joined<TB | "cycles" | "assignments"> {
  return withAssignments<TB>(from(source).selectFrom("cycles") as Joined<TB | "cycles">);
}

export function cyclesWithTasks(db: Db): Joined<"cycles" | "assignments" | "tasks">;
export function cyclesWithTasks<TB extends Table>(eb: ExpressionBuilder<Database, TB>): Joined<TB | "cycles" | "assignments" | "tasks">;
export function cyclesWithTasks<TB extends Table>(source: Source<TB>): Joined<TB | "cycles" | "assignments" | "tasks"> {
  return withTasks<TB>(from(source).selectFrom("cycles") as Joined<TB | "cycles">);
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

/** The tables whose rows belong to one cycle (`cycle_id`). */
export type CycleChild = "status_updates" | "extension_requests" | "reminders" | "bot_messages";

/** Rows of a table that belongs to cycles, with their cycle, assignment and task. */
export function cycleRowsWithTasks<T extends CycleChild>(db: Db, table: T): Joined<T | "cycles" | "assignments" | "tasks"> {
  const child = table as CycleChild;
  return withTasks<T>(db.selectFrom(child).innerJoin("cycles", "cycles.id", `${child}.cycle_id`) as Joined<T | "cycles">);
}

/** A status update with its cycle, assignment and task: the chain every reader of updates walks. */
export function statusUpdatesWithTasks(db: Db) {
  return cycleRowsWithTasks(db, "status_updates");
}

export function statusUpdatesWithAgencies(db: Db) {
  return statusUpdatesWithTasks(db).innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

/** An extension request with its cycle, assignment, task and the assignment's agency. */
export function extensionRequestsWithAgencies(db: Db) {
  return cycleRowsWithTasks(db, "extension_requests").innerJoin("agencies", "agencies.id", "assignments.agency_id");
}

/** A reminder with its cycle, assignment, task and the assignment's agency: what the sender says of it. */
export function remindersWithAgencies(db: Db) {
  return cycleRowsWithTasks(db, "reminders").innerJoin("agencies", "agencies.id", "assignments.agency_id");
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
