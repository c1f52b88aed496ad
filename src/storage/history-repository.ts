/**
 * What `/history` reads: a task by its ref, how an agency takes part in it, and the audit entries
 * of the task and of its lead cycles, newest first, with the names people know them by.
 */
import type { AssignmentRole } from "../domain/model.js";
import { cyclesWithAssignments } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { parseAttachments } from "./evidence.js";
import { refIs } from "./plan-repository.js";
import { resolveActorNames } from "./export-repository.js";

export interface HistoryTask {
  id: number;
  ref: string;
  text: string;
  removed: boolean;
}

function taskQuery(db: Db) {
  return db.selectFrom("tasks").select(["id", "ref", "text", "removed_at"]);
}

const toTask = (row: { id: number; ref: string; text: string; removed_at: string | null }): HistoryTask => ({ id: row.id, ref: row.ref, text: row.text, removed: row.removed_at !== null });

/** The task in force with that ref, else the one removed last; the newest plan first. */
export async function findHistoryTaskByRef(db: Db, ref: string): Promise<HistoryTask | null> {
  const row = await taskQuery(db)
    .where(refIs("ref", ref))
    .orderBy((eb) => eb.case().when("removed_at", "is", null).then(0).else(1).end())
    .orderBy("plan_id", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? toTask(row) : null;
}

export async function findHistoryTaskById(db: Db, id: number): Promise<HistoryTask | null> {
  const row = await taskQuery(db).where("id", "=", id).executeTakeFirst();
  return row ? toTask(row) : null;
}

/** How the agency takes part in the task (lead, coordinate), assignments taken back included. */
export async function findAgencyRoles(db: Db, taskId: number, agencyId: number): Promise<AssignmentRole[]> {
  const rows = await db.selectFrom("assignments").select("role").distinct().where("task_id", "=", taskId).where("agency_id", "=", agencyId).execute();
  return rows.map((r) => r.role);
}

export interface HistoryRecord {
  id: number;
  at: string;
  actor: string;
  /** the display name when the actor is a person */
  actorName: string | null;
  action: string;
  entity: string;
  /** the lead agency and period of a cycle's entry; null for the task's own entries */
  agencyCode: string | null;
  /** the agency the cycle's assignment was moved from (a merge, a reassigned lead) */
  formerAgencyCode?: string | null;
  period: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface StatusUpdateSummary {
  kind: string;
  percent: number | null;
  text: string;
  /** the names of the files sent with it (null: a file stored without one) */
  files?: Array<string | null>;
}

export interface TaskHistoryRows {
  records: HistoryRecord[];
  /** every entry, including those past `limit` */
  total: number;
  /** the status updates the entries name (`status_update` in before/after), by id */
  updates: Map<number, StatusUpdateSummary>;
}

/** An audit side (JSON text) as an object; null when absent or not an object. */
export function parseObject(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Audit entries of the task and of its lead cycles (of one agency's only, when `agencyId` is
 * given), newest first, at most `limit`.
 */
export async function findTaskHistory(db: Db, taskId: number, options: { agencyId?: number; limit: number }): Promise<TaskHistoryRows> {
  let cycles = cyclesWithAssignments(db).select("cycles.id").where("assignments.task_id", "=", taskId);
  if (options.agencyId !== undefined) cycles = cycles.where("assignments.agency_id", "=", options.agencyId);
  const entries = db
    .selectFrom("audit")
    .where((eb) => eb.or([eb.and([eb("audit.entity", "=", "cycle"), eb("audit.entity_id", "in", cycles)]), eb.and([eb("audit.entity", "=", "task"), eb("audit.entity_id", "=", taskId)])]));
  const count = await entries.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await entries
    .leftJoin("cycles", (join) => join.onRef("cycles.id", "=", "audit.entity_id").on("audit.entity", "=", "cycle"))
    .leftJoin("assignments", "assignments.id", "cycles.assignment_id")
    .leftJoin("agencies", "agencies.id", "assignments.agency_id")
    .leftJoin("agencies as former", "former.id", "assignments.moved_from_agency_id")
    .select(["audit.id", "audit.at", "audit.actor", "audit.action", "audit.entity", "audit.before", "audit.after", "cycles.period", "agencies.code", "former.code as former_code"])
    .orderBy("audit.at", "desc")
    .orderBy("audit.id", "desc")
    .limit(options.limit)
    .execute();
  const names = await resolveActorNames(
    db,
    rows.map((r) => r.actor),
  );
  const records = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorName: names.get(r.actor) ?? null,
    action: r.action,
    entity: r.entity,
    agencyCode: r.code,
    formerAgencyCode: r.former_code,
    period: r.period,
    before: parseObject(r.before),
    after: parseObject(r.after),
  }));
  return { records, total: Number(count.n), updates: await findUpdateSummaries(db, records) };
}

async function findUpdateSummaries(db: Db, records: readonly HistoryRecord[]): Promise<Map<number, StatusUpdateSummary>> {
  const ids = new Set<number>();
  for (const record of records) {
    for (const side of [record.before, record.after]) {
      const id = side?.status_update;
      if (typeof id === "number" && Number.isSafeInteger(id)) ids.add(id);
    }
  }
  const updates = new Map<number, StatusUpdateSummary>();
  if (ids.size === 0) return updates;
  const rows = await db
    .selectFrom("status_updates")
    .select(["id", "kind", "percent", "text", "file_ids"])
    .where("id", "in", [...ids])
    .execute();
  for (const r of rows) {
    const files = parseAttachments(r.file_ids).map((f) => f.name);
    updates.set(r.id, { kind: r.kind, percent: r.percent, text: r.text, ...(files.length > 0 && { files }) });
  }
  return updates;
}
