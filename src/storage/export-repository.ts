/**
 * The rows behind the spreadsheet exports, read page by page on a key. Memory stays bounded at
 * 100,000 assignments, and no query holds the one SQLite connection between pages: a kysely
 * `.stream()` would hold it for the whole export and stall the bot's own queries meanwhile.
 */
import { localDateOf } from "../domain/local-date.js";
import { cycleStatus, type CycleStatus } from "../domain/task-status.js";
import type { Db } from "./database.js";
import { attachmentLabel, parseAttachments } from "./evidence.js";
import { cyclesWithAgencies, liveLeadCyclesWithAgencies, statusUpdatesWithAgencies } from "./cycle-joins.js";

export const exportPageSize = 1000;

export interface ExportWindow {
  /** the local date statuses are computed at */
  today: string;
  /** updates recorded before this instant count: the end of `today` */
  until: string;
  timeZone: string;
  pageSize?: number;
  /** only this plan's cycles */
  planId?: number;
}

export interface LastUpdate {
  kind: string;
  text: string;
  /** the local date it was reported on */
  on: string;
  who: string | null;
}

export interface AssignmentExportRow {
  cycleId: number;
  ref: string;
  /** the short code of the task's plan (`1861`) */
  planCode: string;
  text: string;
  agencyCode: string;
  agencyName: string;
  /** as the plan names them: a collective stays one name */
  coordinators: string[];
  period: string;
  due: string | null;
  /** the due date before an approved extension; null when it never moved */
  originalDue: string | null;
  completedOn: string | null;
  status: CycleStatus;
  /** the latest percent reported */
  percent: number | null;
  lastUpdate: LastUpdate | null;
  /** the files attached to the cycle's updates: their names (their Telegram file ids when no name was kept) */
  evidence: string[];
  /** the latest update reports a problem and the cycle is not done */
  blocked: boolean;
  extensionRequested: boolean;
}

/** Pages of `fetch(after)` until a short one; `after` is the key of the previous page's last row. */
async function* paged<Row, Key>(fetch: (after: Key | null) => Promise<Row[]>, keyOf: (row: Row) => Key, pageSize: number): AsyncGenerator<Row[]> {
  let after: Key | null = null;
  for (;;) {
    const page = await fetch(after);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = keyOf(page[page.length - 1]!);
  }
}

type CycleKey = { assignmentId: number; period: string };

/**
 * Lead cycles of tasks and assignments in force (the set /status counts), in the plan's order:
 * by assignment, then period, which the unique index on cycles walks.
 */
function leadCyclePage(db: Db, window: ExportWindow, overdueOnly: boolean, after: CycleKey | null, limit: number) {
  let query = liveLeadCyclesWithAgencies(db).select((eb) => {
    const updates = () =>
      eb
        .selectFrom("status_updates as s")
        .whereRef("s.cycle_id", "=", "cycles.id")
        .where("s.undone_at", "is", null)
        .where("s.created_at", "<", window.until)
        .orderBy("s.created_at", "desc")
        .orderBy("s.id", "desc")
        .limit(1);
    return [
      "cycles.id",
      "cycles.assignment_id",
      "cycles.period",
      "cycles.due_on",
      "cycles.original_due_on",
      "cycles.completed_on",
      "tasks.ref",
      eb.selectFrom("plans").select("plans.short_code").whereRef("plans.id", "=", "tasks.plan_id").as("plan_code"),
      "tasks.text",
      "tasks.coordinate_names",
      "agencies.code",
      "agencies.name",
      updates().select("s.id").as("last_update_id"),
      updates().select("s.percent").where("s.percent", "is not", null).as("percent"),
    ];
  });
  if (window.planId !== undefined) query = query.where("tasks.plan_id", "=", window.planId);
  if (overdueOnly) {
    query = query.where("cycles.due_on", "<", window.today).where((eb) => eb.or([eb("cycles.completed_on", "is", null), eb("cycles.completed_on", ">", window.today)]));
  }
  if (after) query = query.where((eb) => eb(eb.refTuple("cycles.assignment_id", "cycles.period"), ">", eb.tuple(after.assignmentId, after.period)));
  return query.orderBy("cycles.assignment_id").orderBy("cycles.period").limit(limit).execute();
}

type CycleRow = Awaited<ReturnType<typeof leadCyclePage>>[number];

/** The last update, files and pending extension requests of one page of cycles, three queries. */
async function toAssignmentRows(db: Db, window: ExportWindow, rows: CycleRow[]): Promise<AssignmentExportRow[]> {
  const cycleIds = rows.map((r) => r.id);
  const lastIds = rows.flatMap((r) => (r.last_update_id === null ? [] : [r.last_update_id]));
  const last =
    lastIds.length === 0
      ? []
      : await db
          .selectFrom("status_updates")
          .leftJoin("people", "people.id", "status_updates.person_id")
          .select(["status_updates.id", "status_updates.kind", "status_updates.text", "status_updates.created_at", "people.display_name"])
          .where("status_updates.id", "in", lastIds)
          .execute();
  const lastById = new Map(last.map((u) => [u.id, { kind: u.kind, text: u.text, on: localDateOf(new Date(u.created_at), window.timeZone), who: u.display_name }]));
  const files = await db
    .selectFrom("status_updates")
    .select(["cycle_id", "file_ids"])
    .where("cycle_id", "in", cycleIds)
    .where("undone_at", "is", null)
    .where("created_at", "<", window.until)
    .where("file_ids", "!=", "[]")
    .orderBy("id")
    .execute();
  const evidence = new Map<number, string[]>();
  for (const f of files) evidence.set(f.cycle_id, [...(evidence.get(f.cycle_id) ?? []), ...parseAttachments(f.file_ids).map(attachmentLabel)]);
  const pending = await db
    .selectFrom("extension_requests")
    .select("cycle_id")
    .where("cycle_id", "in", cycleIds)
    .where("state", "=", "pending")
    .where("created_at", "<", window.until)
    .execute();
  const extensionRequested = new Set(pending.map((p) => p.cycle_id));

  return rows.map((r) => {
    const status = cycleStatus({ due: r.due_on, completedOn: r.completed_on }, window.today);
    const lastUpdate = r.last_update_id === null ? null : (lastById.get(r.last_update_id) ?? null);
    const done = status === "done_on_time" || status === "done_late";
    return {
      cycleId: r.id,
      ref: r.ref,
      planCode: r.plan_code ?? "",
      text: r.text,
      agencyCode: r.code,
      agencyName: r.name,
      coordinators: JSON.parse(r.coordinate_names) as string[],
      period: r.period,
      due: r.due_on,
      originalDue: r.original_due_on !== null && r.original_due_on !== r.due_on ? r.original_due_on : null,
      completedOn: done ? r.completed_on : null,
      status,
      percent: r.percent,
      lastUpdate,
      evidence: evidence.get(r.id) ?? [],
      blocked: !done && lastUpdate?.kind === "blocked",
      extensionRequested: !done && extensionRequested.has(r.id),
    };
  });
}

/** Every lead cycle (or only the overdue ones) with its status at `window.today`. */
export async function* findAssignmentExportRows(db: Db, window: ExportWindow, filter: { overdueOnly?: boolean } = {}): AsyncGenerator<AssignmentExportRow> {
  const size = window.pageSize ?? exportPageSize;
  const pages = paged(
    (after: CycleKey | null) => leadCyclePage(db, window, filter.overdueOnly === true, after, size),
    (r) => ({ assignmentId: r.assignment_id, period: r.period }),
    size,
  );
  for await (const page of pages) yield* await toAssignmentRows(db, window, page);
}

export interface StatusUpdateEntry {
  id: number;
  at: string;
  agencyCode: string;
  agencyName: string;
  ref: string;
  planId: number;
  planCode: string;
  kind: string;
  percent: number | null;
  text: string;
  /** attached files by name (by Telegram file id when no name was kept) */
  files: string[];
  who: string | null;
  undone: boolean;
}

/** Every status update recorded before `until`, in the order recorded. */
export async function* findStatusUpdateEntries(db: Db, until: string, pageSize = exportPageSize, planId?: number): AsyncGenerator<StatusUpdateEntry> {
  const fetch = (after: number | null) =>
    statusUpdatesWithAgencies(db)
      .leftJoin("people", "people.id", "status_updates.person_id")
      .innerJoin("plans", "plans.id", "tasks.plan_id")
      .$if(planId !== undefined, (q) => q.where("tasks.plan_id", "=", planId!))
      .select([
        "status_updates.id",
        "status_updates.created_at",
        "agencies.code",
        "agencies.name",
        "tasks.ref",
        "plans.id as plan_id",
        "plans.short_code",
        "status_updates.kind",
        "status_updates.percent",
        "status_updates.text",
        "status_updates.file_ids",
        "people.display_name",
        "status_updates.undone_at",
      ])
      .where("status_updates.id", ">", after ?? 0)
      .where("status_updates.created_at", "<", until)
      .orderBy("status_updates.id")
      .limit(pageSize)
      .execute();
  for await (const page of paged(fetch, (r) => r.id, pageSize)) {
    for (const r of page) {
      yield {
        id: r.id,
        at: r.created_at,
        agencyCode: r.code,
        agencyName: r.name,
        ref: r.ref,
        planId: r.plan_id,
        planCode: r.short_code,
        kind: r.kind,
        percent: r.percent,
        text: r.text,
        files: parseAttachments(r.file_ids).map(attachmentLabel),
        who: r.display_name,
        undone: r.undone_at !== null,
      };
    }
  }
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  /** the display name when the actor is a person ("person:12", "telegram:…") */
  actorName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  /** what the entity is, readably: a cycle's or task's ref and agency, a person's name, a plan's code */
  ref: string | null;
  /** the plan of the cycle, task or plan the entry is about; null for people, agencies, … */
  planId: number | null;
  planCode: string | null;
  agencyName: string | null;
  name: string | null;
  before: string | null;
  after: string | null;
}

/** Every audit entry recorded before `until`, with names resolved page by page. */
export async function* findAuditEntries(db: Db, until: string, pageSize = exportPageSize): AsyncGenerator<AuditEntry> {
  const fetch = (after: number | null) =>
    db
      .selectFrom("audit")
      .selectAll()
      .where("id", ">", after ?? 0)
      .where("at", "<", until)
      .orderBy("id")
      .limit(pageSize)
      .execute();
  for await (const page of paged(fetch, (r) => r.id, pageSize)) {
    const names = await resolveNames(db, page);
    for (const r of page) {
      const subject = r.entity_id === null ? undefined : names.subjects.get(`${r.entity}:${r.entity_id}`);
      yield {
        id: r.id,
        at: r.at,
        actor: r.actor,
        actorName: names.actors.get(r.actor) ?? null,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        ref: subject?.ref ?? null,
        planId: subject?.planId ?? null,
        planCode: subject?.planCode ?? null,
        agencyName: subject?.agencyName ?? null,
        name: subject?.name ?? null,
        before: r.before,
        after: r.after,
      };
    }
  }
}

interface Subject {
  ref?: string;
  planId?: number;
  planCode?: string;
  agencyName?: string;
  name?: string;
}

const idsOf = (rows: ReadonlyArray<{ entity: string; entity_id: number | null }>, entity: string) => [
  ...new Set(rows.flatMap((r) => (r.entity === entity && r.entity_id !== null ? [r.entity_id] : []))),
];

/** Display names of audit actors that are people ("person:12", "telegram:…"), one query per kind. */
export async function resolveActorNames(db: Db, actorKeys: readonly string[]): Promise<Map<string, string>> {
  const actorIds = (prefix: string) => [...new Set(actorKeys.flatMap((a) => (a.startsWith(prefix) ? [Number(a.slice(prefix.length))] : [])))].filter(Number.isSafeInteger);
  const actors = new Map<string, string>();
  const personIds = actorIds("person:");
  if (personIds.length > 0) for (const p of await db.selectFrom("people").select(["id", "display_name"]).where("id", "in", personIds).execute()) actors.set(`person:${p.id}`, p.display_name);
  const telegramIds = actorIds("telegram:");
  if (telegramIds.length > 0)
    for (const p of await db.selectFrom("people").select(["telegram_user_id", "display_name"]).where("telegram_user_id", "in", telegramIds).execute())
      actors.set(`telegram:${p.telegram_user_id}`, p.display_name);
  return actors;
}

/** Actors and entities of one audit page, one query per kind of name. */
async function resolveNames(db: Db, rows: ReadonlyArray<{ actor: string; entity: string; entity_id: number | null }>) {
  const actors = await resolveActorNames(
    db,
    rows.map((r) => r.actor),
  );

  const subjects = new Map<string, Subject>();
  const cycles = idsOf(rows, "cycle");
  if (cycles.length > 0) {
    const found = await cyclesWithAgencies(db)
      .innerJoin("plans", "plans.id", "tasks.plan_id")
      .select(["cycles.id", "tasks.ref", "agencies.name", "plans.id as plan_id", "plans.short_code"])
      .where("cycles.id", "in", cycles)
      .execute();
    for (const c of found) subjects.set(`cycle:${c.id}`, { ref: c.ref, agencyName: c.name, planId: c.plan_id, planCode: c.short_code });
  }
  const tasks = idsOf(rows, "task");
  if (tasks.length > 0)
    for (const t of await db
      .selectFrom("tasks")
      .innerJoin("plans", "plans.id", "tasks.plan_id")
      .select(["tasks.id", "tasks.ref", "plans.id as plan_id", "plans.short_code"])
      .where("tasks.id", "in", tasks)
      .execute())
      subjects.set(`task:${t.id}`, { ref: t.ref, planId: t.plan_id, planCode: t.short_code });
  const people = idsOf(rows, "person");
  if (people.length > 0) {
    const found = await db
      .selectFrom("people")
      .leftJoin("agencies", "agencies.id", "people.agency_id")
      .select(["people.id", "people.display_name", "agencies.name"])
      .where("people.id", "in", people)
      .execute();
    for (const p of found) subjects.set(`person:${p.id}`, { name: p.display_name, ...(p.name !== null && { agencyName: p.name }) });
  }
  const plans = idsOf(rows, "plan");
  if (plans.length > 0)
    for (const p of await db.selectFrom("plans").select(["id", "code", "short_code"]).where("id", "in", plans).execute())
      subjects.set(`plan:${p.id}`, { name: p.code, planId: p.id, planCode: p.short_code });
  return { actors, subjects };
}
