/**
 * Delivery of what the planner claimed. Each message is claimed (planned → sending) right
 * before it goes out and marked sent after, so a crash in between repeats at most that one
 * message and never loses it (`recoverInterrupted` puts it back on start). Blocked chats mark
 * the person unreachable and tell the coordinators; other failures back off and retry, and a
 * message that keeps failing is recorded as failed, never dropped silently. What a notice says
 * is composed by its kind (services/notice-composers.ts); a notice of a kind this version does
 * not know is recorded as failed at once, with its reason.
 */
import { addSeconds } from "date-fns";
import { daysBetween, localDateOf } from "../domain/local-date.js";
import { catchUpWindowMs } from "../domain/reminder-ladder.js";
import type { Db } from "../storage/database.js";
import { findCoordinatorIds, planNotice } from "../storage/notice-repository.js";
import { insertAudit } from "../storage/plan-repository.js";
import type { MessageOf, OutgoingMessage } from "../domain/notice-kinds.js";
import { composeNotice, isNoticeKind } from "./notice-composers.js";

// The messages by kind live in domain/notice-kinds.ts; these names stay for the code that sends them.
export type { OutgoingMessage };
export type ReminderMessage = MessageOf<"reminder">;
export type CheckInMessage = MessageOf<"checkin">;

/** Why a send failed, as the delivery rules need it. */
export class DeliveryError extends Error {
  constructor(
    /** permanent: this message can never go out (its kind is unknown here), so it is not retried */
    readonly kind: "blocked" | "retry" | "permanent",
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** The port to Telegram: paced, retries 429s itself, throws DeliveryError for the rest. */
export interface Messenger {
  send(message: OutgoingMessage): Promise<{ messageId: number }>;
}

export const maxAttempts = 8;

function backoffSeconds(attempts: number): number {
  const base = Math.min(30 * 2 ** (attempts - 1), 3600);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export interface DeliveryLine {
  table: "reminders" | "notices";
  id: number;
  personId: number;
  outcome: "sent" | "retry" | "failed" | "skipped";
  error?: string;
}

/** After a crash: what was being sent when the process died goes out again (at most once more). */
export async function recoverInterrupted(db: Db): Promise<number> {
  const reminders = await db.updateTable("reminders").set({ state: "planned" }).where("state", "=", "sending").executeTakeFirst();
  const notices = await db.updateTable("notices").set({ state: "planned" }).where("state", "=", "sending").executeTakeFirst();
  return Number(reminders.numUpdatedRows) + Number(notices.numUpdatedRows);
}

async function claim(db: Db, table: "reminders" | "notices", id: number): Promise<boolean> {
  const result = await db
    .updateTable(table)
    .set((eb) => ({ state: "sending", attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .where("state", "=", "planned")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

interface Due {
  table: "reminders" | "notices";
  id: number;
  personId: number;
  attempts: number;
}

async function dueMessages(db: Db, now: string, limit: number): Promise<Due[]> {
  const ready = <T extends "reminders" | "notices">(table: T) =>
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

/** Builds the message for a claimed row; null when it should no longer go out. */
async function compose(db: Db, due: Due, today: string, now: Date): Promise<OutgoingMessage | { unknownKind: string } | null> {
  const person = await db
    .selectFrom("people")
    .leftJoin("agencies", "agencies.id", "people.agency_id")
    .select(["people.chat_id", "people.state", "people.display_name", "agencies.name as agency_name"])
    .where("people.id", "=", due.personId)
    .executeTakeFirst();
  if (!person || person.state !== "active") return null;
  if (due.table === "reminders") {
    const row = await db
      .selectFrom("reminders")
      .innerJoin("cycles", "cycles.id", "reminders.cycle_id")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .innerJoin("agencies", "agencies.id", "assignments.agency_id")
      .select(["reminders.stage", "reminders.planned_at", "cycles.id as cycle_id", "cycles.due_on", "cycles.completed_at", "tasks.ref", "tasks.text", "tasks.removed_at", "assignments.removed_at as assignment_removed", "agencies.name"])
      .where("reminders.id", "=", due.id)
      .executeTakeFirstOrThrow();
    // A cycle that is done (or a task gone from the plan) gets no more reminders.
    if (row.completed_at !== null || row.removed_at !== null || row.assignment_removed !== null || row.due_on === null) return null;
    // A stage planned for an earlier due date (before an extension) is void.
    if (!row.stage.endsWith(`@${row.due_on}`)) return null;
    // Held back (by a crash or by retries) for more than a day: stale, like any missed stage.
    if (now.getTime() - Date.parse(row.planned_at) > catchUpWindowMs) return null;
    return { kind: "reminder", chatId: person.chat_id, cycleId: row.cycle_id, ref: row.ref, text: row.text, agencyName: row.name, due: row.due_on, daysLeft: daysBetween(today, row.due_on), stage: row.stage };
  }
  const notice = await db.selectFrom("notices").select(["kind", "payload"]).where("id", "=", due.id).executeTakeFirstOrThrow();
  // Written by a newer version: not shown as some other kind, but failed with its reason.
  if (!isNoticeKind(notice.kind)) return { unknownKind: notice.kind };
  return composeNotice(notice.kind, JSON.parse(notice.payload), person.chat_id, { db, today, agencyName: person.agency_name });
}

function unknownKindError(kind: string): DeliveryError {
  return new DeliveryError("permanent", `notice kind "${kind}" is unknown to this version of dondoc: not sent`);
}

/** The person cannot be reached: mark them and tell every active coordinator once. */
async function markUnreachable(db: Db, personId: number, error: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .leftJoin("agencies", "agencies.id", "people.agency_id")
      .select(["people.state", "people.display_name", "agencies.name as agency_name"])
      .where("people.id", "=", personId)
      .executeTakeFirstOrThrow();
    if (person.state === "unreachable") return;
    await trx.updateTable("people").set({ state: "unreachable", updated_at: at }).where("id", "=", personId).execute();
    await insertAudit(trx, { at, actor: "system", action: "person.unreachable", entity: "person", entityId: personId, before: { state: person.state }, after: { state: "unreachable", error } });
    const payload = { person: personId, person_name: person.display_name, agency_name: person.agency_name, error };
    for (const coordinatorId of await findCoordinatorIds(trx)) {
      await planNotice(trx, { personId: coordinatorId, key: `unreachable-${personId}-${at.slice(0, 10)}`, kind: "unreachable", payload }, at);
    }
  });
}

/**
 * Only the claimer settles a row, and only while it is still claimed ("sending"): a process
 * that was frozen and has lost the database to another must not overwrite what that one did.
 */
async function settle(db: Db, due: Due, outcome: { sent: number } | { skipped: true } | { error: DeliveryError }, now: Date): Promise<DeliveryLine> {
  const at = now.toISOString();
  const line = { table: due.table, id: due.id, personId: due.personId };
  if ("sent" in outcome) {
    await db.updateTable(due.table).set({ state: "sent", telegram_message_id: outcome.sent, sent_at: at, last_error: null }).where("id", "=", due.id).where("state", "=", "sending").execute();
    return { ...line, outcome: "sent" };
  }
  if ("skipped" in outcome) {
    await db.updateTable(due.table).set({ state: "skipped" }).where("id", "=", due.id).where("state", "=", "sending").execute();
    return { ...line, outcome: "skipped" };
  }
  const { error } = outcome;
  if (error.kind === "blocked") {
    await db.updateTable(due.table).set({ state: "failed", last_error: error.message }).where("id", "=", due.id).where("state", "=", "sending").execute();
    await markUnreachable(db, due.personId, error.message, now);
    return { ...line, outcome: "failed", error: error.message };
  }
  const attempts = due.attempts + 1;
  if (attempts >= maxAttempts || error.kind === "permanent") {
    await db.updateTable(due.table).set({ state: "failed", last_error: error.message }).where("id", "=", due.id).where("state", "=", "sending").execute();
    return { ...line, outcome: "failed", error: error.message };
  }
  const wait = error.retryAfterSeconds ?? backoffSeconds(attempts);
  await db.updateTable(due.table).set({ state: "planned", last_error: error.message, next_attempt_at: addSeconds(now, wait).toISOString() }).where("id", "=", due.id).where("state", "=", "sending").execute();
  return { ...line, outcome: "retry", error: error.message };
}

/**
 * Sends everything due by `now` through the messenger (which paces and may send several at
 * once), and records each outcome. `clock` gives the time each outcome is recorded at.
 */
export async function deliverDue(db: Db, messenger: Messenger, options: { now: Date; timeZone: string; clock?: () => Date; limit?: number }): Promise<DeliveryLine[]> {
  const clock = options.clock ?? (() => options.now);
  const today = localDateOf(options.now, options.timeZone);
  const due = await dueMessages(db, options.now.toISOString(), options.limit ?? 5000);
  return Promise.all(
    due.map(async (item) => {
      if (!(await claim(db, item.table, item.id))) return { table: item.table, id: item.id, personId: item.personId, outcome: "skipped" as const };
      const message = await compose(db, item, today, options.now);
      if (!message) return settle(db, item, { skipped: true }, clock());
      if ("unknownKind" in message) return settle(db, item, { error: unknownKindError(message.unknownKind) }, clock());
      try {
        const { messageId } = await messenger.send(message);
        return settle(db, item, { sent: messageId }, clock());
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError("retry", error instanceof Error ? error.message : String(error));
        return settle(db, item, { error: failure }, clock());
      }
    }),
  );
}
