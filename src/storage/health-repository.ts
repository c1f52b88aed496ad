/** The read-only queries behind `doctor`: the database's own health and what is stuck in it. */
import { PostgresAdapter, sql } from "kysely";
import { DATE_WINDOW } from "../domain/local-date.js";
import { cyclesWithAgencies } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { migrationProvider } from "./migrations/index.js";

function onPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** PostgreSQL: the database's size on disk, in bytes (pg_database_size). */
export async function postgresDatabaseSize(db: Db): Promise<number> {
  const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}

/** `pragma integrity_check`: ["ok"] for a sound file, else up to `limit` problem lines. */
export async function checkIntegrity(db: Db, limit = 10): Promise<string[]> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check(${sql.raw(String(limit))})`.execute(db);
  return rows.map((row) => row.integrity_check);
}

export interface MigrationState {
  applied: string[];
  /** in the code, not yet in the database */
  pending: string[];
  /** in the database, unknown to this code (a newer version migrated it) */
  unknown: string[];
}

/** Reads kysely's migration table directly: the Migrator would create its tables if missing. */
export async function findMigrationState(db: Db): Promise<MigrationState> {
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  const { rows: tables } = onPostgres(db)
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  const applied = tables.length === 0 ? [] : (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
  const appliedSet = new Set(applied);
  const knownSet = new Set(known);
  return { applied, pending: known.filter((name) => !appliedSet.has(name)), unknown: applied.filter((name) => !knownSet.has(name)) };
}

export interface DeliveryCounts {
  reminders: number;
  notices: number;
}

/**
 * Messages left in "sending" since before `before`. The ledger keeps no claim time; a row is
 * claimed only once both its planned time and its retry time have passed, so the later of
 * the two bounds the claim from below.
 */
export async function countStuckSending(db: Db, before: string): Promise<DeliveryCounts> {
  const count = async (table: "reminders" | "notices") => {
    const row = await db
      .selectFrom(table as "reminders")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "sending")
      .where(onPostgres(db) ? sql<string>`greatest(planned_at, coalesce(next_attempt_at, ''))` : sql<string>`max(planned_at, coalesce(next_attempt_at, ''))`, "<", before)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { reminders: await count("reminders"), notices: await count("notices") };
}

export async function countFailedDeliveries(db: Db): Promise<DeliveryCounts> {
  const count = async (table: "reminders" | "notices") => {
    const row = await db
      .selectFrom(table as "reminders")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "failed")
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { reminders: await count("reminders"), notices: await count("notices") };
}

export interface PersonLabel {
  name: string;
  agencyCode: string | null;
  agencyName: string | null;
}

export async function findUnreachablePeople(db: Db): Promise<PersonLabel[]> {
  const rows = await db
    .selectFrom("people")
    .leftJoin("agencies", "agencies.id", "people.agency_id")
    .select(["people.display_name", "agencies.code", "agencies.name"])
    .where("people.state", "=", "unreachable")
    .orderBy("people.id")
    .execute();
  return rows.map((row) => ({ name: row.display_name, agencyCode: row.code, agencyName: row.name }));
}

export interface AgencyLabel {
  code: string;
  name: string;
}

/** Agencies that lead a live task but have no active focal officer to remind. */
export async function findLeadAgenciesWithoutFocal(db: Db): Promise<AgencyLabel[]> {
  return db
    .selectFrom("agencies")
    .select(["agencies.code", "agencies.name"])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("assignments")
          .innerJoin("tasks", "tasks.id", "assignments.task_id")
          .select("assignments.id")
          .whereRef("assignments.agency_id", "=", "agencies.id")
          .where("assignments.role", "=", "lead")
          .where("assignments.removed_at", "is", null)
          .where("tasks.removed_at", "is", null),
      ),
    )
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom("people").select("people.id").whereRef("people.agency_id", "=", "agencies.id").where("people.role", "=", "focal").where("people.state", "=", "active"))),
    )
    .orderBy("agencies.position")
    .execute();
}

export { findLockHolder, type LockHolder } from "./lock-repository.js";
export { findLease, type LeaseGrant } from "./lease-repository.js";

export interface BadDateCycle {
  cycleId: number;
  ref: string;
  agencyCode: string;
  dueOn: string;
}

/**
 * Open cycles whose date lies outside the window dates are entered in (or is no date at all):
 * written before dates were bounded, or by hand. The planner sets them aside.
 */
export async function findCyclesWithBadDates(db: Db, limit = 50): Promise<BadDateCycle[]> {
  const rows = await cyclesWithAgencies(db)
    .select(["cycles.id", "cycles.due_on", "tasks.ref", "agencies.code"])
    .where("cycles.completed_at", "is", null)
    .where("cycles.due_on", "is not", null)
    .where((eb) =>
      eb.or([
        eb("cycles.due_on", "<", DATE_WINDOW.first),
        eb("cycles.due_on", ">", DATE_WINDOW.last),
        eb(sql`length(cycles.due_on)`, "!=", 10),
        onPostgres(db) ? eb.not(sql<boolean>`cycles.due_on ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$'`) : eb(sql`cycles.due_on glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`, "=", 0),
      ]),
    )
    .orderBy("cycles.id")
    .limit(limit)
    .execute();
  return rows.map((row) => ({ cycleId: row.id, ref: row.ref, agencyCode: row.code, dueOn: row.due_on! }));
}
