/**
 * The registry as people manage it: agencies with their parent and merge, and the moves a merge
 * or a reassigned lead makes (assignments, cycles, people, invites, collective members).
 */
import type { AssignmentRole, ManagedAgency } from "../domain/model.js";
import type { AgencyKind } from "../domain/agency-kind.js";
import type { Db } from "./database.js";
import { refIs } from "./plan-repository.js";
import { forgetPlanning } from "./planning-repository.js";
import type { AgencyRow } from "./schema.js";

export type { ManagedAgency } from "../domain/model.js";

function toManaged(row: AgencyRow, codes: ReadonlyMap<number, string>): ManagedAgency {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as AgencyKind,
    aliases: JSON.parse(row.aliases) as string[],
    parentCode: row.parent_id === null ? null : (codes.get(row.parent_id) ?? null),
    mergedIntoCode: row.merged_into_id === null ? null : (codes.get(row.merged_into_id) ?? null),
    mergedOn: row.merged_on,
    mergeSource: row.merge_source,
    editedAt: row.edited_at,
  };
}

/** Every agency in registry order, merged and unregistered ones included. */
export async function findManagedAgencies(db: Db): Promise<ManagedAgency[]> {
  const rows = await db.selectFrom("agencies").selectAll().orderBy("position").orderBy("id").execute();
  const codes = new Map(rows.map((r) => [r.id, r.code]));
  return rows.map((r) => toManaged(r, codes));
}

export async function findManagedAgency(db: Db, code: string): Promise<ManagedAgency | null> {
  return (await findManagedAgencies(db)).find((a) => a.code === code) ?? null;
}

export async function insertManagedAgency(trx: Db, agency: { code: string; name: string; kind: AgencyKind; aliases: string[]; parentId: number | null }, now: string): Promise<number> {
  const last = await trx
    .selectFrom("agencies")
    .select((eb) => eb.fn.max("position").as("p"))
    .where("kind", "!=", "unregistered")
    .executeTakeFirst();
  const row = await trx
    .insertInto("agencies")
    .values({
      code: agency.code,
      name: agency.name,
      kind: agency.kind,
      aliases: JSON.stringify(agency.aliases),
      parent_id: agency.parentId,
      position: Number(last?.p ?? 0) + 1,
      created_at: now,
      updated_at: now,
      edited_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface AgencyChanges {
  name?: string;
  kind?: AgencyKind;
  aliases?: string[];
  parentId?: number | null;
}

/** A change by hand: marked edited, so the seed file no longer overwrites it. */
export async function updateManagedAgency(trx: Db, id: number, changes: AgencyChanges, now: string): Promise<void> {
  await trx
    .updateTable("agencies")
    .set({
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.aliases !== undefined && { aliases: JSON.stringify(changes.aliases) }),
      ...(changes.parentId !== undefined && { parent_id: changes.parentId }),
      updated_at: now,
      edited_at: now,
    })
    .where("id", "=", id)
    .execute();
}

export async function markAgencyMerged(trx: Db, id: number, into: { id: number; on: string; source: string | null }, now: string): Promise<void> {
  await trx.updateTable("agencies").set({ merged_into_id: into.id, merged_on: into.on, merge_source: into.source, updated_at: now, edited_at: now }).where("id", "=", id).execute();
}

/** The agency that carries an agency's work today: itself, or the end of its merge chain. */
export async function successorIds(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await db.selectFrom("agencies").select(["id", "merged_into_id"]).execute();
  const next = new Map(rows.map((r) => [r.id, r.merged_into_id]));
  const result = new Map<number, number>();
  for (const id of ids) {
    let at = id;
    for (let hops = 0; hops < 50 && next.get(at) != null; hops++) at = next.get(at)!;
    result.set(id, at);
  }
  return result;
}

export interface StoredAssignment {
  id: number;
  taskId: number;
  agencyId: number;
  role: AssignmentRole;
  removedAt: string | null;
  movedFromAgencyId: number | null;
  manual: boolean;
}

const assignmentColumns = ["id", "task_id", "agency_id", "role", "removed_at", "moved_from_agency_id", "manual"] as const;

function toAssignment(r: {
  id: number;
  task_id: number;
  agency_id: number;
  role: AssignmentRole;
  removed_at: string | null;
  moved_from_agency_id: number | null;
  manual: 0 | 1;
}): StoredAssignment {
  return { id: r.id, taskId: r.task_id, agencyId: r.agency_id, role: r.role, removedAt: r.removed_at, movedFromAgencyId: r.moved_from_agency_id, manual: r.manual === 1 };
}

export async function findLiveAssignmentsOfAgency(db: Db, agencyId: number): Promise<StoredAssignment[]> {
  const rows = await db.selectFrom("assignments").select(assignmentColumns).where("agency_id", "=", agencyId).where("removed_at", "is", null).orderBy("id").execute();
  return rows.map(toAssignment);
}

export async function findAssignmentsOfTask(db: Db, taskId: number): Promise<StoredAssignment[]> {
  const rows = await db.selectFrom("assignments").select(assignmentColumns).where("task_id", "=", taskId).orderBy("id").execute();
  return rows.map(toAssignment);
}

export async function findPlanAssignments(db: Db, planId: number): Promise<StoredAssignment[]> {
  const rows = await db
    .selectFrom("assignments")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(assignmentColumns.map((c) => `assignments.${c}` as const))
    .where("tasks.plan_id", "=", planId)
    .orderBy("assignments.id")
    .execute();
  return rows.map(toAssignment);
}

/**
 * The assignment now belongs to another agency; where it came from is kept (the first one). Its
 * cycles go to that agency's officers: the next tick plans them again.
 */
export async function moveAssignment(trx: Db, assignment: StoredAssignment, toAgencyId: number, movedOn: string, manual: boolean): Promise<void> {
  await trx
    .updateTable("assignments")
    .set({ agency_id: toAgencyId, moved_from_agency_id: assignment.movedFromAgencyId ?? assignment.agencyId, moved_on: movedOn, removed_at: null, ...(manual && { manual: 1 }) })
    .where("id", "=", assignment.id)
    .execute();
  await forgetPlanning(trx, { assignmentId: assignment.id });
}

export async function setAssignmentState(trx: Db, id: number, state: { removedAt: string | null; manual?: boolean }): Promise<void> {
  await trx
    .updateTable("assignments")
    .set({ removed_at: state.removedAt, ...(state.manual !== undefined && { manual: state.manual ? 1 : 0 }) })
    .where("id", "=", id)
    .execute();
}

export async function insertManualAssignment(
  trx: Db,
  taskId: number,
  agencyId: number,
  role: AssignmentRole,
  now: string,
  movedFrom: { agencyId: number; on: string } | null = null,
): Promise<number> {
  const row = await trx
    .insertInto("assignments")
    .values({ task_id: taskId, agency_id: agencyId, role, removed_at: null, created_at: now, manual: 1, moved_from_agency_id: movedFrom?.agencyId ?? null, moved_on: movedFrom?.on ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CycleState {
  id: number;
  period: string;
  dueOn: string | null;
  completedAt: string | null;
}

export async function findCyclesOfAssignment(db: Db, assignmentId: number): Promise<CycleState[]> {
  const rows = await db.selectFrom("cycles").select(["id", "period", "due_on", "completed_at"]).where("assignment_id", "=", assignmentId).orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, period: r.period, dueOn: r.due_on, completedAt: r.completed_at }));
}

/**
 * Cycles change assignment with their due dates, reports and ledger. They go to the new
 * agency's officers: the next tick plans them again.
 */
export async function moveCycles(trx: Db, cycleIds: readonly number[], toAssignmentId: number, toAgencyId: number): Promise<void> {
  if (cycleIds.length === 0) return;
  await trx
    .updateTable("cycles")
    .set({ assignment_id: toAssignmentId, agency_id: toAgencyId })
    .where("id", "in", [...cycleIds])
    .execute();
  await forgetPlanning(trx, { cycleIds });
}

export async function findPeopleOfAgency(db: Db, agencyId: number): Promise<Array<{ id: number; name: string; role: string }>> {
  const rows = await db.selectFrom("people").select(["id", "display_name", "role"]).where("agency_id", "=", agencyId).where("state", "!=", "left").orderBy("id").execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, role: r.role }));
}

export async function findActiveFocalIds(db: Db, agencyId: number): Promise<number[]> {
  const rows = await db.selectFrom("people").select("id").where("agency_id", "=", agencyId).where("role", "=", "focal").where("state", "=", "active").execute();
  return rows.map((r) => r.id);
}

/** Everyone active in the agency, whatever their role. */
export async function findActivePeopleIds(db: Db, agencyId: number): Promise<number[]> {
  const rows = await db.selectFrom("people").select("id").where("agency_id", "=", agencyId).where("state", "=", "active").execute();
  return rows.map((r) => r.id);
}

/** People (left ones stay where they were) and unused invites of one agency move to another. */
export async function movePeopleAndInvites(trx: Db, fromId: number, toId: number, now: string): Promise<void> {
  await trx.updateTable("people").set({ agency_id: toId, updated_at: now }).where("agency_id", "=", fromId).where("state", "!=", "left").execute();
  await trx.updateTable("invites").set({ agency_id: toId }).where("agency_id", "=", fromId).where("used_at", "is", null).execute();
  // The successor has new officers: the next tick plans its cycles afresh (the cycles moved to it
  // had their markers forgotten by moveAssignment and moveCycles).
  await forgetPlanning(trx, { agencyId: toId });
}

/** The lead a person set by hand on a task: kept live and manual; the task's cycles are planned again. */
export async function keepManualLead(trx: Db, assignment: { id: number; taskId: number }): Promise<void> {
  await setAssignmentState(trx, assignment.id, { removedAt: null, manual: true });
  await forgetPlanning(trx, { taskId: assignment.taskId });
}

/** In every collective, the merged agency's place goes to its successor (once). */
export async function replaceCollectiveMember(trx: Db, fromId: number, toId: number): Promise<void> {
  const rows = await trx.selectFrom("collective_members").select("collective_id").where("agency_id", "=", fromId).execute();
  for (const { collective_id } of rows) {
    await trx.deleteFrom("collective_members").where("collective_id", "=", collective_id).where("agency_id", "=", fromId).execute();
    await trx
      .insertInto("collective_members")
      .values({ collective_id, agency_id: toId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export interface TaskByRef {
  id: number;
  ref: string;
  text: string;
  planCode: string;
}

/** Live tasks with that ref (any case), in every plan. */
export async function findLiveTasksByRef(db: Db, ref: string): Promise<TaskByRef[]> {
  const rows = await db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["tasks.id", "tasks.ref", "tasks.text", "plans.code"])
    .where(refIs("tasks.ref", ref))
    .where("tasks.removed_at", "is", null)
    .orderBy("plans.id")
    .execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, text: r.text, planCode: r.code }));
}

export async function findOpenDue(db: Db, assignmentId: number): Promise<string | null> {
  const row = await db.selectFrom("cycles").select("due_on").where("assignment_id", "=", assignmentId).where("completed_at", "is", null).orderBy("due_on").executeTakeFirst();
  return row?.due_on ?? null;
}

/** How many plans are imported: refs are written `<plan>/<ref>` as soon as there is more than one. */
export async function countPlans(db: Db): Promise<number> {
  const row = await db
    .selectFrom("plans")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
