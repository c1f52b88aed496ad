/**
 * Delivery of what the planner claimed. Each message is claimed (planned → sending) right
 * before it goes out and marked sent after, so a crash in between repeats at most that one
 * message and never loses it (`recoverInterrupted` puts it back on start). Blocked chats mark
 * the person unreachable and tell the coordinators; other failures back off and retry, and a
 * message that keeps failing is recorded as failed, never dropped silently.
 */
import { addSeconds } from "date-fns";
import { daysBetween, localDateOf } from "../domain/local-date.js";
import { catchUpWindowMs } from "../domain/reminder-ladder.js";
import type { Db } from "../storage/database.js";
import { claimDelivery, findDueDeliveries, findOpenBacklogItems, findOpenUndatedItems, findRecipient, getLedgerNotice, getLedgerReminder, markPersonUnreachable, requeueInterruptedDeliveries, settleDelivery, type DueDelivery } from "../storage/delivery-repository.js";
import { findCoordinatorIds, planNotice } from "../storage/notice-repository.js";
import { insertAudit } from "../storage/plan-repository.js";
import { escalationItems, pendingExtension, weeklyDigest, type Digest, type EscalationItem, type ExtensionRequestInfo } from "./coordinator-notices.js";
import type { AgencyNotice } from "../texts/registry.js";
import { findLatestObstacle, type ObstacleLine } from "../storage/status-repository.js";

export interface ReminderMessage {
  kind: "reminder";
  chatId: number;
  cycleId: number;
  ref: string;
  text: string;
  agencyName: string;
  due: string;
  /** negative when late */
  daysLeft: number;
  stage: string;
}

export interface BacklogMessage {
  kind: "backlog";
  chatId: number;
  agencyName: string;
  items: Array<{ ref: string; text: string; due: string; daysLate: number; assignmentId: number }>;
}

/** The monthly check-in: undated tasks of the agency with nothing reported for 30 days. */
export interface CheckInMessage {
  kind: "checkin";
  chatId: number;
  agencyName: string;
  items: Array<{ ref: string; text: string; assignmentId: number }>;
}

export interface UnreachableMessage {
  kind: "unreachable";
  chatId: number;
  personName: string;
  agencyName: string | null;
  error: string;
}

export interface ExtensionRequestMessage extends ExtensionRequestInfo {
  kind: "extension";
  chatId: number;
}

export interface ExtensionDecidedMessage {
  kind: "extension_decided";
  chatId: number;
  ref: string;
  approved: boolean;
  proposedDue: string;
  originalDue: string | null;
}

export interface ExtensionWithdrawnMessage {
  kind: "extension_withdrawn";
  chatId: number;
  ref: string;
  agencyName: string;
  proposedDue: string;
}

export interface EscalationMessage {
  kind: "escalation";
  chatId: number;
  items: EscalationItem[];
}

export interface DigestMessage extends Digest {
  kind: "digest";
  chatId: number;
}

/** A registry change that moved the person's work (texts/registry.ts). */
export interface AgencyNoticeMessage {
  kind: "agency_notice";
  chatId: number;
  notice: AgencyNotice;
}

/** An officer reported an obstacle or a deadline at risk (for coordinators). */
export interface ObstacleMessage extends ObstacleLine {
  kind: "obstacle";
  chatId: number;
}

export type OutgoingMessage =
  | ReminderMessage
  | BacklogMessage
  | CheckInMessage
  | UnreachableMessage
  | ExtensionRequestMessage
  | ExtensionDecidedMessage
  | ExtensionWithdrawnMessage
  | EscalationMessage
  | DigestMessage
  | AgencyNoticeMessage
  | ObstacleMessage;

/** Why a send failed, as the delivery rules need it. */
export class DeliveryError extends Error {
  constructor(
    readonly kind: "blocked" | "retry",
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
  return requeueInterruptedDeliveries(db);
}

/** Builds the message for a claimed row; null when it should no longer go out. */
async function compose(db: Db, due: DueDelivery, today: string, now: Date): Promise<OutgoingMessage | null> {
  const person = await findRecipient(db, due.personId);
  if (!person || person.state !== "active") return null;
  if (due.table === "reminders") {
    const row = await getLedgerReminder(db, due.id);
    // A cycle that is done (or a task gone from the plan) gets no more reminders.
    if (row.completed || row.removedFromPlan || row.dueOn === null) return null;
    // A stage planned for an earlier due date (before an extension) is void.
    if (!row.stage.endsWith(`@${row.dueOn}`)) return null;
    // Held back (by a crash or by retries) for more than a day: stale, like any missed stage.
    if (now.getTime() - Date.parse(row.plannedAt) > catchUpWindowMs) return null;
    return { kind: "reminder", chatId: person.chatId, cycleId: row.cycleId, ref: row.ref, text: row.text, agencyName: row.agencyName, due: row.dueOn, daysLeft: daysBetween(today, row.dueOn), stage: row.stage };
  }
  const notice = await getLedgerNotice(db, due.id);
  const payload = JSON.parse(notice.payload) as {
    cycles?: number[];
    person_name?: string;
    agency_name?: string | null;
    error?: string;
    request?: number;
    cycle?: number;
    since?: string;
    ref?: string;
    approved?: boolean;
    proposedDue?: string;
    originalDue?: string | null;
  };
  const chatId = person.chatId;
  switch (notice.kind) {
    case "unreachable":
      return { kind: "unreachable", chatId, personName: payload.person_name ?? "", agencyName: payload.agency_name ?? null, error: payload.error ?? "" };
    case "extension": {
      const info = await pendingExtension(db, payload.request ?? 0);
      return info ? { kind: "extension", chatId, ...info } : null;
    }
    case "extension_decided":
      return { kind: "extension_decided", chatId, ref: payload.ref ?? "", approved: payload.approved === true, proposedDue: payload.proposedDue ?? "", originalDue: payload.originalDue ?? null };
    case "extension_withdrawn":
      return { kind: "extension_withdrawn", chatId, ref: payload.ref ?? "", agencyName: payload.agency_name ?? "", proposedDue: payload.proposedDue ?? "" };
    case "escalation": {
      const items = await escalationItems(db, payload.cycles ?? [], today);
      return items.length > 0 ? { kind: "escalation", chatId, items } : null;
    }
    case "digest":
      return { kind: "digest", chatId, ...(await weeklyDigest(db, today)) };
    case "agency_notice":
      return { kind: "agency_notice", chatId, notice: JSON.parse(notice.payload) as AgencyNotice };
    case "obstacle": {
      const obstacle = await findLatestObstacle(db, payload.cycle ?? 0, payload.since ?? "");
      return obstacle ? { kind: "obstacle", chatId, ...obstacle } : null;
    }
    case "checkin": {
      // Still open and still undated (a coordinator may have set a date meanwhile).
      const items = await findOpenUndatedItems(db, payload.cycles ?? []);
      if (items.length === 0) return null;
      return { kind: "checkin", chatId, agencyName: person.agencyName ?? "", items };
    }
  }
  const items = await findOpenBacklogItems(db, payload.cycles ?? []);
  if (items.length === 0) return null;
  return {
    kind: "backlog",
    chatId: person.chatId,
    agencyName: person.agencyName ?? "",
    items: items.map((i) => ({ ref: i.ref, text: i.text, due: i.dueOn, daysLate: -daysBetween(today, i.dueOn), assignmentId: i.assignmentId })),
  };
}

/** The person cannot be reached: mark them and tell every active coordinator once. */
async function markUnreachable(db: Db, personId: number, error: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const person = await findRecipient(trx, personId);
    if (!person) throw new Error(`No person ${personId} to mark unreachable`);
    if (person.state === "unreachable") return;
    await markPersonUnreachable(trx, personId, at);
    await insertAudit(trx, { at, actor: "system", action: "person.unreachable", entity: "person", entityId: personId, before: { state: person.state }, after: { state: "unreachable", error } });
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
async function settle(db: Db, due: DueDelivery, outcome: { sent: number } | { skipped: true } | { error: DeliveryError }, now: Date): Promise<DeliveryLine> {
  const at = now.toISOString();
  const line = { table: due.table, id: due.id, personId: due.personId };
  if ("sent" in outcome) {
    await settleDelivery(db, due.table, due.id, { state: "sent", messageId: outcome.sent, at });
    return { ...line, outcome: "sent" };
  }
  if ("skipped" in outcome) {
    await settleDelivery(db, due.table, due.id, { state: "skipped" });
    return { ...line, outcome: "skipped" };
  }
  const { error } = outcome;
  if (error.kind === "blocked") {
    await settleDelivery(db, due.table, due.id, { state: "failed", error: error.message });
    await markUnreachable(db, due.personId, error.message, now);
    return { ...line, outcome: "failed", error: error.message };
  }
  const attempts = due.attempts + 1;
  if (attempts >= maxAttempts) {
    await settleDelivery(db, due.table, due.id, { state: "failed", error: error.message });
    return { ...line, outcome: "failed", error: error.message };
  }
  const wait = error.retryAfterSeconds ?? backoffSeconds(attempts);
  await settleDelivery(db, due.table, due.id, { state: "planned", error: error.message, nextAttemptAt: addSeconds(now, wait).toISOString() });
  return { ...line, outcome: "retry", error: error.message };
}

/**
 * Sends everything due by `now` through the messenger (which paces and may send several at
 * once), and records each outcome. `clock` gives the time each outcome is recorded at.
 */
export async function deliverDue(db: Db, messenger: Messenger, options: { now: Date; timeZone: string; clock?: () => Date; limit?: number }): Promise<DeliveryLine[]> {
  const clock = options.clock ?? (() => options.now);
  const today = localDateOf(options.now, options.timeZone);
  const due = await findDueDeliveries(db, options.now.toISOString(), options.limit ?? 5000);
  return Promise.all(
    due.map(async (item) => {
      if (!(await claimDelivery(db, item.table, item.id))) return { table: item.table, id: item.id, personId: item.personId, outcome: "skipped" as const };
      const message = await compose(db, item, today, options.now);
      if (!message) return settle(db, item, { skipped: true }, clock());
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
