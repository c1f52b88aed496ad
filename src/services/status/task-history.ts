/**
 * `/history <ref>`: every recorded change to a task and its lead cycles — status updates recorded,
 * edited or taken back, extensions decided, due dates set or corrected, the task's own text
 * changed by a re-import — newest first, each with who, when (local time) and before → after.
 * Coordinators see any task; a focal officer the tasks of the agency: all lead agencies' cycles
 * of a task it coordinates, only its own of a task it leads (as the task card shows them).
 */
import { DomainError } from "../../domain/errors.js";
import { localDateTimeOf } from "../../domain/local-date.js";
import { isCoordinator, type Actor } from "../../domain/person.js";
import type { Db } from "../../storage/database.js";
import {
  findAgencyRoles,
  findHistoryTaskById,
  findHistoryTaskByRef,
  findTaskHistory,
  type HistoryRecord,
  type HistoryTask,
  type StatusUpdateSummary,
} from "../../storage/history-repository.js";

export type { StatusUpdateSummary };

/** The newest entries read at most; older ones are in the spreadsheet's history sheet. */
export const historyLimit = 300;

export type HistoryChange =
  | { kind: "due"; before: string | null; after: string | null }
  | { kind: "completed"; before: boolean; after: boolean }
  | { kind: "statusUpdate"; before: StatusUpdateSummary | null; after: StatusUpdateSummary | null }
  /** a column of the task (text, section, deadline phrase, lead or coordinating agencies) or any other value */
  | { kind: "value"; field: string; before: string | null; after: string | null };

export interface HistoryEntry {
  id: number;
  /** the instant */
  at: string;
  /** local wall time `YYYY-MM-DDTHH:mm` */
  local: string;
  /** the audit actor ("person:12", "cli", "system", …) and the person's name when it is one */
  actor: string;
  who: string | null;
  action: string;
  agencyCode: string | null;
  /** the agency the cycle's assignment was moved from, shown "trước đây: …" */
  formerAgencyCode: string | null;
  period: string | null;
  /** the status update an entry is about (recorded, taken back) */
  statusUpdate: StatusUpdateSummary | null;
  changes: HistoryChange[];
}

export interface TaskHistory {
  task: HistoryTask;
  entries: HistoryEntry[];
  /** every entry, including those past historyLimit */
  total: number;
  /** set when only this agency's cycles are shown (a focal officer of a lead agency) */
  agencyCode: string | null;
}

export async function taskHistory(db: Db, actor: Actor, query: { ref: string } | { taskId: number }, timeZone: string): Promise<TaskHistory | null> {
  const task = "ref" in query ? await findHistoryTaskByRef(db, query.ref) : await findHistoryTaskById(db, query.taskId);
  if (!task) return null;
  let agencyId: number | undefined;
  if (!isCoordinator(actor)) {
    const person = actor.person;
    const roles = person?.state === "active" && person.agencyId !== null ? await findAgencyRoles(db, task.id, person.agencyId) : [];
    if (roles.length === 0) throw new DomainError("not_allowed", { task: task.id });
    if (roles.includes("lead")) agencyId = person!.agencyId!;
  }
  const rows = await findTaskHistory(db, task.id, { limit: historyLimit, ...(agencyId !== undefined && { agencyId }) });
  return {
    task,
    entries: rows.records.map((record) => historyEntryOf(record, rows.updates, timeZone)),
    total: rows.total,
    agencyCode: agencyId !== undefined ? (actor.person?.agencyCode ?? null) : null,
  };
}

export function historyEntryOf(record: HistoryRecord, updates: ReadonlyMap<number, StatusUpdateSummary>, timeZone: string): HistoryEntry {
  const { statusUpdate, changes } = describeChange(record, updates);
  return {
    id: record.id,
    at: record.at,
    local: localDateTimeOf(record.at, timeZone).slice(0, 16),
    actor: record.actor,
    who: record.actorName,
    action: record.action,
    agencyCode: record.agencyCode,
    formerAgencyCode: record.formerAgencyCode ?? null,
    period: record.period,
    statusUpdate,
    changes,
  };
}

type Side = Record<string, unknown> | null;

const taskFields = ["text", "section", "deadline_phrase", "lead_names", "coordinate_names"] as const;
const hiddenFields = new Set([
  "status_update",
  "extension_request",
  "request",
  "id",
  "plan_id",
  "position",
  "source_line",
  "created_at",
  "updated_at",
  "removed_at",
  "next_stage_at",
  "ladder",
]);

/** A status update named in an entry: the stored update, else what the entry itself says. */
function statusUpdateOf(side: Side, updates: ReadonlyMap<number, StatusUpdateSummary>): StatusUpdateSummary | null {
  if (!side) return null;
  const id = side.status_update;
  const stored = typeof id === "number" ? updates.get(id) : undefined;
  if (stored) return stored;
  if (typeof side.kind !== "string") return null;
  return { kind: side.kind, percent: typeof side.percent === "number" ? side.percent : null, text: typeof side.text === "string" ? side.text : "" };
}

/** The due date a side names, under any of the names the services write it with; undefined when none. */
function dueOf(side: Side): string | null | undefined {
  if (!side) return undefined;
  for (const key of ["due_on", "dueOn", "due"]) {
    if (key in side) return typeof side[key] === "string" ? (side[key] as string) : null;
  }
  return undefined;
}

/** A stored value as text: JSON lists of names ("[\"Sở Tài chính\"]") read as "Sở Tài chính; …". */
function plain(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(String).join("; ");
  if (typeof value === "string" && value.startsWith("[")) {
    try {
      const list: unknown = JSON.parse(value);
      if (Array.isArray(list)) return list.map(String).join("; ");
    } catch {
      // not a list after all
    }
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function describeChange(
  record: Pick<HistoryRecord, "action" | "entity" | "before" | "after">,
  updates: ReadonlyMap<number, StatusUpdateSummary>,
): { statusUpdate: StatusUpdateSummary | null; changes: HistoryChange[] } {
  const { before, after } = record;
  switch (record.action) {
    case "status_update.recorded": {
      const changes: HistoryChange[] = [];
      const wasDone = before && "completed_at" in before ? before.completed_at !== null : null;
      const isDone = after && typeof after.completed === "boolean" ? after.completed : null;
      if (wasDone !== null && isDone !== null && wasDone !== isDone) changes.push({ kind: "completed", before: wasDone, after: isDone });
      return { statusUpdate: statusUpdateOf(after, updates), changes };
    }
    case "status_update.undone":
      return { statusUpdate: statusUpdateOf(before, updates), changes: [] };
    case "status_update.edited":
      return { statusUpdate: null, changes: [{ kind: "statusUpdate", before: statusUpdateOf(before, updates), after: statusUpdateOf(after, updates) }] };
  }
  const changes: HistoryChange[] = [];
  const due = { before: dueOf(before), after: dueOf(after) };
  if (due.before !== undefined || due.after !== undefined) changes.push({ kind: "due", before: due.before ?? null, after: due.after ?? null });
  if (record.entity === "task") {
    for (const field of taskFields) {
      const was = plain(before?.[field]);
      const is = plain(after?.[field]);
      if (before && after && was !== is) changes.push({ kind: "value", field, before: was, after: is });
    }
    return { statusUpdate: null, changes };
  }
  // Anything else: the plain values that differ.
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    if (hiddenFields.has(key) || ["due_on", "dueOn", "due", "original_due_on", "originalDueOn"].includes(key)) continue;
    const was = plain(before?.[key]);
    const is = plain(after?.[key]);
    if (was !== is) changes.push({ kind: "value", field: key, before: was, after: is });
  }
  return { statusUpdate: null, changes };
}
