/**
 * Delivery of what the planner claimed. Each message is claimed (planned → sending) right
 * before it goes out and marked sent after, so a crash in between repeats at most that one
 * message and never loses it (`recoverInterrupted` puts it back on start). Blocked chats mark
 * the person unreachable and tell the coordinators; other failures back off and retry, and a
 * message that keeps failing is recorded as failed, never dropped silently. What a notice says
 * is composed by its kind (services/reminders/notice-composers.ts); a notice of a kind this version does
 * not know is recorded as failed at once, with its reason.
 */
import { addSeconds } from "date-fns";
import { daysBetween, localDateOf } from "../../domain/local-date.js";
import { catchUpWindowMs } from "../../domain/reminder-ladder.js";
import type { Db } from "../../storage/database.js";
import {
  claimDelivery,
  findDueDeliveries,
  findRecipient,
  getLedgerNotice,
  getLedgerReminder,
  markPersonUnreachable,
  requeueInterruptedDeliveries,
  settleDelivery,
  type DueDelivery,
} from "../../storage/delivery-repository.js";
import { findCoordinatorIds, planNotice } from "../../storage/notice-repository.js";
import type { Fence } from "../../storage/lease-repository.js";
import { insertAudit } from "../../storage/plan-repository.js";
import type { MessageOf, OutgoingMessage } from "../../domain/notice-kinds.js";
import { composeNotice, isNoticeKind } from "./notice-composers.js";
import { labelOfCycle } from "../plans/plan-lifecycle.js";

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

/**
 * After a crash: what was being sent when the process died goes out again (at most once more).
 * With a `fence` (a new scheduler leader, services/runtime/scheduler-lease.ts): only while it still leads.
 */
export async function recoverInterrupted(db: Db, fence?: Fence): Promise<number> {
  return requeueInterruptedDeliveries(db, fence);
}

/** Builds the message for a claimed row; null when it should no longer go out. */
async function compose(db: Db, due: DueDelivery, today: string, now: Date): Promise<OutgoingMessage | { unknownKind: string } | null> {
  const person = await findRecipient(db, due.personId);
  if (person?.state !== "active") return null;
  if (due.table === "reminders") {
    const row = await getLedgerReminder(db, due.id);
    // A cycle that is done (or a task gone from the plan) gets no more reminders.
    if (row.completed || row.removedFromPlan || row.dueOn === null) return null;
    // A stage planned for an earlier due date (before an extension) is void.
    if (!row.stage.endsWith(`@${row.dueOn}`)) return null;
    // Held back (by a crash or by retries) for more than a day: stale, like any missed stage.
    if (now.getTime() - Date.parse(row.plannedAt) > catchUpWindowMs) return null;
    return {
      kind: "reminder",
      chatId: person.chatId,
      cycleId: row.cycleId,
      ref: await labelOfCycle(db, row.cycleId, row.ref), // qualified by plan while several are active
      text: row.text,
      agencyName: row.agencyName,
      due: row.dueOn,
      daysLeft: daysBetween(today, row.dueOn),
      stage: row.stage,
    };
  }
  const notice = await getLedgerNotice(db, due.id);
  // Written by a newer version: not shown as some other kind, but failed with its reason.
  if (!isNoticeKind(notice.kind)) return { unknownKind: notice.kind };
  return composeNotice(notice.kind, JSON.parse(notice.payload), person.chatId, { db, today, agencyName: person.agencyName });
}

function unknownKindError(kind: string): DeliveryError {
  return new DeliveryError("permanent", `notice kind "${kind}" is unknown to this version of dondoc: not sent`);
}

/** The person cannot be reached: mark them and tell every active coordinator once. */
async function markUnreachable(db: Db, personId: number, error: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const person = await findRecipient(trx, personId);
    if (!person) throw new Error(`No person ${personId} to mark unreachable`);
    if (person.state === "unreachable") return;
    await markPersonUnreachable(trx, personId, at);
    await insertAudit(trx, {
      at,
      actor: "system",
      action: "person.unreachable",
      entity: "person",
      entityId: personId,
      before: { state: person.state },
      after: { state: "unreachable", error },
    });
    const payload = { person: personId, person_name: person.name, agency_name: person.agencyName, error };
    for (const coordinatorId of await findCoordinatorIds(trx)) {
      await planNotice(trx, { personId: coordinatorId, key: `unreachable-${personId}-${at.slice(0, 10)}`, kind: "unreachable", payload }, at);
    }
  });
}

/**
 * Only the claimer settles a row, and only while it is still claimed ("sending"): a process
 * that was frozen and has lost the database to another must not overwrite what that one did.
 */
async function settle(db: Db, due: DueDelivery, outcome: { sent: number } | { skipped: true } | { error: DeliveryError }, now: Date, fence?: Fence): Promise<DeliveryLine> {
  const at = now.toISOString();
  const line = { table: due.table, id: due.id, personId: due.personId };
  if ("sent" in outcome) {
    await settleDelivery(db, due.table, due.id, { state: "sent", messageId: outcome.sent, at }, fence);
    return { ...line, outcome: "sent" };
  }
  if ("skipped" in outcome) {
    await settleDelivery(db, due.table, due.id, { state: "skipped" }, fence);
    return { ...line, outcome: "skipped" };
  }
  const { error } = outcome;
  if (error.kind === "blocked") {
    await settleDelivery(db, due.table, due.id, { state: "failed", error: error.message }, fence);
    await markUnreachable(db, due.personId, error.message, now);
    return { ...line, outcome: "failed", error: error.message };
  }
  const attempts = due.attempts + 1;
  if (attempts >= maxAttempts || error.kind === "permanent") {
    await settleDelivery(db, due.table, due.id, { state: "failed", error: error.message }, fence);
    return { ...line, outcome: "failed", error: error.message };
  }
  const wait = error.retryAfterSeconds ?? backoffSeconds(attempts);
  await settleDelivery(db, due.table, due.id, { state: "planned", error: error.message, nextAttemptAt: addSeconds(now, wait).toISOString() }, fence);
  return { ...line, outcome: "retry", error: error.message };
}

/**
 * Sends everything due by `now` through the messenger (which paces and may send several at
 * once), and records each outcome. `clock` gives the time each outcome is recorded at.
 */
export async function deliverDue(
  db: Db,
  messenger: Messenger,
  options: { now: Date; timeZone: string; clock?: () => Date; limit?: number /** the scheduler leader's (several instances): claims stop once it lost the lease */; fence?: Fence },
): Promise<DeliveryLine[]> {
  const clock = options.clock ?? (() => options.now);
  const today = localDateOf(options.now, options.timeZone);
  const due = await findDueDeliveries(db, options.now.toISOString(), options.limit ?? 5000);
  return Promise.all(
    due.map(async (item) => {
      if (!(await claimDelivery(db, item.table, item.id, options.fence))) return { table: item.table, id: item.id, personId: item.personId, outcome: "skipped" as const };
      const message = await compose(db, item, today, options.now);
      if (!message) return settle(db, item, { skipped: true }, clock(), options.fence);
      if ("unknownKind" in message) return settle(db, item, { error: unknownKindError(message.unknownKind) }, clock(), options.fence);
      try {
        const { messageId } = await messenger.send(message);
        return settle(db, item, { sent: messageId }, clock(), options.fence);
      } catch (error) {
        const failure = error instanceof DeliveryError ? error : new DeliveryError("retry", error instanceof Error ? error.message : String(error));
        return settle(db, item, { error: failure }, clock(), options.fence);
      }
    }),
  );
}
