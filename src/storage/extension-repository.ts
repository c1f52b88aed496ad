/** Extension requests as coordinators read them: how many wait, and one with its task. */
import type { Db } from "./database.js";

export async function countPendingExtensions(db: Db): Promise<number> {
  const row = await db.selectFrom("extension_requests").select((eb) => eb.fn.countAll<number>().as("n")).where("state", "=", "pending").executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The request with its cycle's due date, task, lead agency and requester. */
export async function findExtensionRequest(db: Db, requestId: number) {
  return db
    .selectFrom("extension_requests")
    .innerJoin("cycles", "cycles.id", "extension_requests.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .innerJoin("people", "people.id", "extension_requests.requester_person_id")
    .select(["extension_requests.id", "extension_requests.state", "extension_requests.proposed_due_on", "extension_requests.reason", "cycles.due_on", "tasks.ref", "tasks.text", "agencies.name", "people.display_name"])
    .where("extension_requests.id", "=", requestId)
    .executeTakeFirst();
}
