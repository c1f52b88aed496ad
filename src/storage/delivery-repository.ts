/**
 * The ledger as the sender reads and writes it: what is due, the claim (planned → sending) and
 * its settlement, and what a claimed reminder or notice needs to be written (its recipient, its
 * cycle, its payload). Only the claimer settles a row, and only while it is still claimed.
 */
import { PostgresAdapter } from "kysely";
import type { Db } from "./database.js";
import { cyclesWithAgencies, remindersWithAgencies } from "./cycle-joins.js";
import type { PersonLabel } from "./health-repository.js";
import { holdsFence, type Fence } from "./lease-repository.js";

/** The two ledgers the sender sends from. */
export type DeliveryLedger = "reminders" | "notices";

/** A ledger row ready to go out. */
export interface DueDelivery {
  readonly table: DeliveryLedger;
  readonly id: number;
  readonly personId: number;
  /** attempts before this one */
  readonly attempts: number;
}

async function requeue(db: Db): Promise<number> {
  const reminders = await db.updateTable("reminders").set({ state: "planned" }).where("state", "=", "sending").executeTakeFirst();
  const notices = await db.updateTable("notices").set({ state: "planned" }).where("state", "=", "sending").executeTakeFirst();
  return Number(reminders.numUpdatedRows) + Number(notices.numUpdatedRows);
}

/**
 * Puts back what was being sent when the process died ("sending" → "planned"); returns how many.
 * With a `fence`: a new scheduler leader putting back what the one before it left claimed, only
 * while it still holds the lease with that token.
 */
export async function requeueInterruptedDeliveries(db: Db, fence?: Fence): Promise<number> {
  if (!fence) return requeue(db);
  return db.transaction().execute(async (trx) => ((await holdsFence(trx, fence)) ? requeue(trx) : 0));
}

/**
 * Planned rows whose time has come and whose retry (if any) is due, up to `limit` of each
 * ledger in planned order: the notices first, then the reminders.
 */
export async function findDueDeliveries(db: Db, now: string, limit: number): Promise<DueDelivery[]> {
  const ready = <T extends DeliveryLedger>(table: T) =>
    db
      .selectFrom(table as "reminders")
      .select(["id", "person_id", "attempts", "planned_at"])
      .where("state", "=", "planned")
      .where("planned_at", "<=", now)
      .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
      .orderBy("planned_at")
      .limit(limit)
      .execute();
  const [reminders, notices] = await Promise.all([ready("reminders"), ready("notices")]);
  return [
    ...notices.map((r) => ({ table: "notices" as const, id: r.id, personId: r.person_id, attempts: r.attempts })),
    ...reminders.map((r) => ({ table: "reminders" as const, id: r.id, personId: r.person_id, attempts: r.attempts })),
  ];
}

async function claimRow(db: Db, table: DeliveryLedger, id: number): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set((eb) => ({ state: "sending", attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .where("state", "=", "planned")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims a planned row for sending (counting the attempt); false when another claimed it first,
 * or, with a `fence` (several instances, storage/lease-repository.ts), when the claimer no
 * longer holds the scheduler lease with that token: a paused ex-leader claims nothing.
 */
export async function claimDelivery(db: Db, table: DeliveryLedger, id: number, fence?: Fence): Promise<boolean> {
  if (!fence) return claimRow(db, table, id);
  return db.transaction().execute(async (trx) => (await holdsFence(trx, fence)) && claimRow(trx, table, id));
}

/**
 * Claims up to `limit` due rows of one ledger at once, in planned order, and returns them (with
 * their attempts before this one). On PostgreSQL the due rows are selected `FOR UPDATE SKIP
 * LOCKED`: concurrent claimers on other connections skip the rows being claimed and take the
 * next ones instead of waiting. On SQLite the transaction holds the write lock and each row is
 * claimed only while still planned, as claimDelivery does. With a `fence`, nothing is claimed
 * once the lease has another token.
 */
export async function claimDueDeliveries(db: Db, table: DeliveryLedger, now: string, limit: number, fence?: Fence): Promise<DueDelivery[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db.transaction().execute(async (trx) => {
    if (fence && !(await holdsFence(trx, fence))) return [];
    const due = await trx
      .selectFrom(table as "reminders")
      .select(["id", "planned_at"])
      .where("state", "=", "planned")
      .where("planned_at", "<=", now)
      .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
      .orderBy("planned_at")
      .orderBy("id")
      .limit(limit)
      .$if(postgres, (qb) => qb.forUpdate().skipLocked())
      .execute();
    if (due.length === 0) return [];
    const claimed = await trx
      .updateTable(table as "reminders")
      .set((eb) => ({ state: "sending", attempts: eb("attempts", "+", 1) }))
      .where(
        "id",
        "in",
        due.map((r) => r.id),
      )
      .where("state", "=", "planned")
      .returning(["id", "person_id", "attempts"])
      .execute();
    const order = new Map(due.map((r, i) => [r.id, i]));
    return claimed.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((r) => ({ table, id: r.id, personId: r.person_id, attempts: r.attempts - 1 }));
  });
}

/** How a claimed row ends: sent, no longer needed, given up on, or planned again for later. */
export type DeliverySettlement =
  | { readonly state: "sent"; readonly messageId: number; readonly at: string }
  | { readonly state: "skipped" }
  | { readonly state: "failed"; readonly error: string }
  | { readonly state: "planned"; readonly error: string; readonly nextAttemptAt: string };

function settlementValues(settlement: DeliverySettlement) {
  switch (settlement.state) {
    case "sent":
      return { state: "sent" as const, telegram_message_id: settlement.messageId, sent_at: settlement.at, last_error: null };
    case "skipped":
      return { state: "skipped" as const };
    case "failed":
      return { state: "failed" as const, last_error: settlement.error };
    case "planned":
      return { state: "planned" as const, last_error: settlement.error, next_attempt_at: settlement.nextAttemptAt };
  }
}

/**
 * Records how a claimed row ended, only while it is still claimed ("sending"): a process that
 * was frozen and has lost the database to another must not overwrite what that one did. With a
 * `fence` (a scheduler leader), only while it still leads: after a takeover the row may be the
 * new leader's claim, which an ex-leader's "try again later" would undo (a second send).
 */
export async function settleDelivery(db: Db, table: DeliveryLedger, id: number, settlement: DeliverySettlement, fence?: Fence): Promise<void> {
  const write = (conn: Db) => conn.updateTable(table).set(settlementValues(settlement)).where("id", "=", id).where("state", "=", "sending").execute();
  if (!fence) return void (await write(db));
  await db.transaction().execute(async (trx) => {
    if (await holdsFence(trx, fence)) await write(trx);
  });
}

/** The person a message goes to. */
export interface Recipient {
  readonly chatId: number;
  readonly state: "active" | "unreachable" | "left";
  readonly name: string;
  readonly agencyName: string | null;
}

export async function findRecipient(db: Db, personId: number): Promise<Recipient | null> {
  const row = await db
    .selectFrom("people")
    .leftJoin("agencies", "agencies.id", "people.agency_id")
    .select(["people.chat_id", "people.state", "people.display_name", "agencies.name as agency_name"])
    .where("people.id", "=", personId)
    .executeTakeFirst();
  return row ? { chatId: row.chat_id, state: row.state, name: row.display_name, agencyName: row.agency_name } : null;
}

/** Marks a person unreachable (Telegram refused to deliver to them). */
export async function markPersonUnreachable(db: Db, personId: number, at: string): Promise<void> {
  await db.updateTable("people").set({ state: "unreachable", updated_at: at }).where("id", "=", personId).execute();
}

/** A reminder row with its cycle and task as they stand now. */
export interface LedgerReminder {
  readonly stage: string;
  readonly plannedAt: string;
  readonly cycleId: number;
  readonly dueOn: string | null;
  readonly completed: boolean;
  /** the task, or the agency's part in it, was removed from the plan */
  readonly removedFromPlan: boolean;
  readonly ref: string;
  readonly text: string;
  readonly agencyName: string;
}

/** The reminder with this id (it must exist). */
export async function getLedgerReminder(db: Db, id: number): Promise<LedgerReminder> {
  const row = await remindersWithAgencies(db)
    .select([
      "reminders.stage",
      "reminders.planned_at",
      "cycles.id as cycle_id",
      "cycles.due_on",
      "cycles.completed_at",
      "tasks.ref",
      "tasks.text",
      "tasks.removed_at",
      "assignments.removed_at as assignment_removed",
      "agencies.name",
    ])
    .where("reminders.id", "=", id)
    .executeTakeFirstOrThrow();
  return {
    stage: row.stage,
    plannedAt: row.planned_at,
    cycleId: row.cycle_id,
    dueOn: row.due_on,
    completed: row.completed_at !== null,
    removedFromPlan: row.removed_at !== null || row.assignment_removed !== null,
    ref: row.ref,
    text: row.text,
    agencyName: row.name,
  };
}

/** A notice row: its kind and its payload (JSON text, as planned). */
export interface LedgerNotice {
  readonly kind: string;
  readonly payload: string;
}

/** The notice with this id (it must exist). */
export async function getLedgerNotice(db: Db, id: number): Promise<LedgerNotice> {
  return db.selectFrom("notices").select(["kind", "payload"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** What a delivered ledger row was: a reminder's cycle and stage, or a notice's kind. */
export type DeliveredRow = { readonly table: "reminders"; readonly cycleId: number; readonly stage: string } | { readonly table: "notices"; readonly kind: string };

/** The ledger row with this id (it must exist). */
export async function getDeliveredRow(db: Db, table: DeliveryLedger, id: number): Promise<DeliveredRow> {
  if (table === "reminders") {
    const row = await db.selectFrom("reminders").select(["cycle_id", "stage"]).where("id", "=", id).executeTakeFirstOrThrow();
    return { table, cycleId: row.cycle_id, stage: row.stage };
  }
  const row = await db.selectFrom("notices").select("kind").where("id", "=", id).executeTakeFirstOrThrow();
  return { table, kind: row.kind };
}

/** A cycle as a report line names it. */
export interface CycleLabel {
  readonly ref: string;
  readonly agencyCode: string;
  readonly dueOn: string | null;
}

export async function findCycleLabel(db: Db, cycleId: number): Promise<CycleLabel | null> {
  const row = await cyclesWithAgencies(db).select(["tasks.ref", "agencies.code", "cycles.due_on"]).where("cycles.id", "=", cycleId).executeTakeFirst();
  return row ? { ref: row.ref, agencyCode: row.code, dueOn: row.due_on } : null;
}

export async function findPersonLabel(db: Db, personId: number): Promise<PersonLabel | null> {
  const row = await db
    .selectFrom("people")
    .leftJoin("agencies", "agencies.id", "people.agency_id")
    .select(["people.display_name", "agencies.code", "agencies.name"])
    .where("people.id", "=", personId)
    .executeTakeFirst();
  return row ? { name: row.display_name, agencyCode: row.code, agencyName: row.name } : null;
}
