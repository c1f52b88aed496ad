/** Extension requests: opened by an officer, answered by a coordinator, withdrawn when taken back. */
import type { LocalDate } from "../domain/local-date.js";
import type { ExtensionRequestInfo } from "../domain/notice-kinds.js";
import type { Db } from "./database.js";
import { extensionRequestsWithAgencies } from "./cycle-joins.js";

export async function countPendingExtensions(db: Db): Promise<number> {
  const row = await db
    .selectFrom("extension_requests")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("state", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A request with its cycle's due date, task (`ref` bare), lead agency and requester. */
export interface ExtensionRequestDetails extends ExtensionRequestInfo {
  state: "pending" | "approved" | "rejected" | "withdrawn";
  taskId: number;
}

export async function findExtensionRequest(db: Db, requestId: number): Promise<ExtensionRequestDetails | null> {
  const row = await extensionRequestsWithAgencies(db)
    .innerJoin("people", "people.id", "extension_requests.requester_person_id")
    .select([
      "extension_requests.id",
      "extension_requests.state",
      "extension_requests.proposed_due_on",
      "extension_requests.reason",
      "cycles.due_on",
      "tasks.id as task_id",
      "tasks.ref",
      "tasks.text",
      "agencies.name",
      "people.display_name",
    ])
    .where("extension_requests.id", "=", requestId)
    .executeTakeFirst();
  return row
    ? {
        requestId: row.id,
        state: row.state,
        taskId: row.task_id,
        ref: row.ref,
        text: row.text,
        agencyName: row.name,
        requester: row.display_name,
        currentDue: row.due_on,
        proposedDue: row.proposed_due_on,
        reason: row.reason,
      }
    : null;
}

/** A new pending request, stored at `at` (a status update's own instant: a later edit finds it by it). */
export async function insertExtensionRequest(trx: Db, input: { cycleId: number; personId: number; proposedDate: LocalDate; reason: string }, at: string): Promise<number> {
  const request = await trx
    .insertInto("extension_requests")
    .values({
      cycle_id: input.cycleId,
      requester_person_id: input.personId,
      proposed_due_on: input.proposedDate,
      reason: input.reason,
      state: "pending",
      decided_by_person_id: null,
      decided_at: null,
      created_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return request.id;
}

/** The request a status update opened, if it is still pending (same cycle, requester and instant). */
export async function findPendingRequestOfUpdate(db: Db, update: { cycleId: number; personId: number; createdAt: string }): Promise<{ id: number; proposedDue: LocalDate } | null> {
  const row = await db
    .selectFrom("extension_requests")
    .select(["id", "proposed_due_on"])
    .where("cycle_id", "=", update.cycleId)
    .where("requester_person_id", "=", update.personId)
    .where("created_at", "=", update.createdAt)
    .where("state", "=", "pending")
    .executeTakeFirst();
  return row ? { id: row.id, proposedDue: row.proposed_due_on } : null;
}

/** Ids of the requests of one requester still pending on a cycle. */
export async function findPendingRequestIds(db: Db, cycleId: number, requesterId: number | null): Promise<number[]> {
  const rows = await db.selectFrom("extension_requests").select("id").where("cycle_id", "=", cycleId).where("state", "=", "pending").where("requester_person_id", "=", requesterId).execute();
  return rows.map((r) => r.id);
}

export async function setExtensionReason(trx: Db, requestId: number, reason: string): Promise<void> {
  await trx.updateTable("extension_requests").set({ reason }).where("id", "=", requestId).execute();
}

/** Withdraws one request if it is still pending. */
export async function withdrawPendingRequest(db: Db, requestId: number): Promise<void> {
  await db.updateTable("extension_requests").set({ state: "withdrawn" }).where("id", "=", requestId).where("state", "=", "pending").execute();
}

/** One decision per cycle: requests still waiting on it are answered by it (withdrawn). */
export async function withdrawPendingRequestsOfCycle(trx: Db, cycleId: number): Promise<void> {
  await trx.updateTable("extension_requests").set({ state: "withdrawn" }).where("cycle_id", "=", cycleId).where("state", "=", "pending").execute();
}

/** A request with what a coordinator's decision checks and changes. */
export interface RequestToDecide {
  id: number;
  state: "pending" | "approved" | "rejected" | "withdrawn";
  proposedDue: LocalDate;
  requesterId: number;
  cycleId: number;
  due: LocalDate | null;
  originalDue: LocalDate | null;
  cycleCompletedAt: string | null;
  ref: string;
  agencyName: string;
}

export async function findRequestToDecide(db: Db, requestId: number): Promise<RequestToDecide | null> {
  const row = await extensionRequestsWithAgencies(db)
    .select([
      "extension_requests.id",
      "extension_requests.state",
      "extension_requests.proposed_due_on",
      "extension_requests.requester_person_id",
      "cycles.id as cycle_id",
      "cycles.due_on",
      "cycles.original_due_on",
      "cycles.completed_at",
      "tasks.ref",
      "agencies.name",
    ])
    .where("extension_requests.id", "=", requestId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        state: row.state,
        proposedDue: row.proposed_due_on,
        requesterId: row.requester_person_id,
        cycleId: row.cycle_id,
        due: row.due_on,
        originalDue: row.original_due_on,
        cycleCompletedAt: row.completed_at,
        ref: row.ref,
        agencyName: row.name,
      }
    : null;
}

export async function recordExtensionDecision(trx: Db, requestId: number, decision: { approved: boolean; byPersonId: number | null }, at: string): Promise<void> {
  await trx
    .updateTable("extension_requests")
    .set({ state: decision.approved ? "approved" : "rejected", decided_by_person_id: decision.byPersonId, decided_at: at })
    .where("id", "=", requestId)
    .execute();
}
