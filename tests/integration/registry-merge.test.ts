/**
 * Merging SKHDT into STC on QĐ 1861 (effective 1/3/2025), on a real SQLite file: every open
 * cycle and the focal officer move, nothing is lost (cycles, assignments, status updates and
 * audit lines are all still there, old audit lines unchanged), no task gets two STC leads, the
 * status totals stay the same, and neither a restart's seed nor a re-import undoes it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bundledFiles } from "../../src/app.js";
import { createInvite, redeemInvite, resolveActor } from "../../src/services/people/people.js";
import { defaultLadder } from "../../src/domain/reminder-ladder.js";
import { readCalendarFile, readPlanFile, readRegistryFile } from "../../src/services/plans/plan-files.js";
import { planReminders } from "../../src/services/reminders/reminder-planner.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { editAgency } from "../../src/services/registry/registry-admin.js";
import { mergeAgencies, setLead, changeCoordinator } from "../../src/services/registry/registry-merge.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { planStatus } from "../../src/services/status/status-summary.js";
import { recordStatusUpdate } from "../../src/services/replies/status-updates.js";
import type { Db } from "../../src/storage/database.js";
import type { AgencyRegistry } from "../../src/plan/types.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const timeZone = "Asia/Ho_Chi_Minh";
let db: Db;
let close: () => Promise<void>;
let registry: AgencyRegistry;
const imported = new Date("2025-01-10T02:00:00Z");
const mergedAt = new Date("2025-03-03T02:00:00Z");

async function importQd1861(now: Date) {
  const file = await readPlanFile(bundledFiles.plan, registry);
  return importPlan({ db, timeZone }, file.parsed, { file: bundledFiles.plan, hash: file.hash }, now, "test");
}

async function counts() {
  const n = async (table: "cycles" | "assignments" | "status_updates" | "audit") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { cycles: await n("cycles"), assignments: await n("assignments"), status_updates: await n("status_updates"), audit: await n("audit") };
}

/** Live lead cycles of an agency: open ones, and all. */
async function leadCycles(code: string) {
  const rows = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .select(["cycles.id", "cycles.completed_at", "cycles.agency_id", "agencies.id as assignment_agency"])
    .where("agencies.code", "=", code)
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .execute();
  return { open: rows.filter((r) => r.completed_at === null).map((r) => r.id), all: rows };
}

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    ({ db, close } = await store.open());
    registry = await readRegistryFile(bundledFiles.registry);
    await seedRegistry(db, registry, imported, "test");
    await importQd1861(imported);
  });
  afterEach(async () => await close());

  async function officerOf(agencyCode: string, telegramUserId: number) {
    const invite = await createInvite(db, { agencyCode, role: "focal", createdBy: "test", now: imported });
    await redeemInvite(db, invite.code, { telegramUserId, chatId: telegramUserId, displayName: `Cán bộ ${agencyCode}` }, imported);
    return resolveActor(db, telegramUserId, []);
  }

  describe("merging SKHDT into STC on QĐ 1861", () => {
    it("moves every open cycle and the officer, and loses nothing", async () => {
      const officer = await officerOf("SKHDT", 7001);
      const before = await leadCycles("SKHDT");
      expect(before.open.length).toBeGreaterThan(10);
      // Reports on two SKHDT cycles: one progress, one done (the done one must stay done).
      const [first, second] = before.open as [number, number];
      const update = { percent: null, text: "", fileIds: [], source: "command" as const, telegramUpdateId: null, telegramMessageId: null, chatId: null };
      await recordStatusUpdate(db, officer, { ...update, cycleId: first, kind: "progress", percent: 40, text: "đang làm 40%" }, new Date("2025-02-01T02:00:00Z"), timeZone);
      await recordStatusUpdate(db, officer, { ...update, cycleId: second, kind: "done", text: "đã xong" }, new Date("2025-02-02T02:00:00Z"), timeZone);
      const stcBefore = await leadCycles("STC");
      const auditBefore = await db.selectFrom("audit").selectAll().orderBy("id").execute();
      const updatesBefore = await db.selectFrom("status_updates").selectAll().orderBy("id").execute();
      const countsBefore = await counts();
      const statusBefore = await planStatus(db, "2025-03-03");
      // Tasks SKHDT and STC both lead: after the merge, STC must lead them once.
      const shared = await db
        .selectFrom("assignments as a")
        .innerJoin("assignments as b", (j) => j.onRef("a.task_id", "=", "b.task_id"))
        .innerJoin("agencies as x", "x.id", "a.agency_id")
        .innerJoin("agencies as y", "y.id", "b.agency_id")
        .select("a.task_id")
        .where("x.code", "=", "SKHDT")
        .where("y.code", "=", "STC")
        .where("a.role", "=", "lead")
        .where("b.role", "=", "lead")
        .execute();

      const report = await mergeAgencies({ db, actor: "cli", now: mergedAt, timeZone }, { from: "SKHDT", into: "stc", effectiveOn: "2025-03-01", source: null });

      expect(report.people.map((p) => p.id)).toEqual([officer.person!.id]);
      // Every history line stays: the same rows, unchanged, and only new audit lines added.
      const countsAfter = await counts();
      expect({ ...countsAfter, audit: 0 }).toEqual({ ...countsBefore, audit: 0 });
      expect(countsAfter.audit).toBeGreaterThan(countsBefore.audit);
      expect((await db.selectFrom("audit").selectAll().orderBy("id").execute()).slice(0, auditBefore.length)).toEqual(auditBefore);
      expect((await db.selectFrom("status_updates").selectAll().orderBy("id").execute()).map(({ id, cycle_id, text, kind }) => ({ id, cycle_id, text, kind }))).toEqual(
        updatesBefore.map(({ id, cycle_id, text, kind }) => ({ id, cycle_id, text, kind })),
      );
      // SKHDT leads nothing any more; each of its open cycles is STC's now (agency kept in step).
      expect((await leadCycles("SKHDT")).all).toEqual([]);
      const stcAfter = await leadCycles("STC");
      // Tasks led by both (13 "all provincial agencies" tasks): STC's own cycle carries the period,
      // SKHDT's stays with its history on the retired assignment and is marked joined.
      const sharedTasks = new Set(shared.map((r) => r.task_id));
      const cycleTask = new Map(
        (await db.selectFrom("cycles").innerJoin("assignments", "assignments.id", "cycles.assignment_id").select(["cycles.id", "assignments.task_id", "cycles.period"]).execute()).map(
          (r) => [r.id, r],
        ),
      );
      const joinedIds = before.open.filter((id) => sharedTasks.has(cycleTask.get(id)!.task_id));
      expect(shared.length).toBe(13);
      for (const id of before.open.filter((id) => id !== second && !joinedIds.includes(id))) expect(stcAfter.open).toContain(id);
      const joinedAudit = await db.selectFrom("audit").select("entity_id").where("action", "=", "cycle.joined").execute();
      expect(joinedAudit.map((r) => r.entity_id).sort()).toEqual(joinedIds.sort());
      for (const id of joinedIds) {
        const { task_id, period } = cycleTask.get(id)!;
        expect(stcAfter.all.some((r) => cycleTask.get(r.id)!.task_id === task_id && cycleTask.get(r.id)!.period === period)).toBe(true);
      }
      const stc = await db.selectFrom("agencies").select("id").where("code", "=", "STC").executeTakeFirstOrThrow();
      expect(stcAfter.all.every((r) => r.agency_id === stc.id)).toBe(true);
      expect(report.openCycles).toBe(before.open.length - 1 - joinedIds.length);
      expect(stcAfter.open.length).toBe(stcBefore.open.length + report.openCycles);
      // No task has two live STC lead assignments.
      const doubled = await db
        .selectFrom("assignments")
        .select(["task_id", (eb) => eb.fn.countAll<number>().as("n")])
        .where("agency_id", "=", stc.id)
        .where("role", "=", "lead")
        .where("removed_at", "is", null)
        .groupBy("task_id")
        .having((eb) => eb.fn.countAll(), ">", 1)
        .execute();
      expect(doubled).toEqual([]);
      // The done cycle stays done; the progress report is still on its (moved) cycle.
      expect((await db.selectFrom("cycles").select("completed_at").where("id", "=", second).executeTakeFirstOrThrow()).completed_at).not.toBeNull();
      // The officer belongs to STC and is told; SKHDT is kept, marked merged.
      expect((await db.selectFrom("people").select("agency_id").where("id", "=", officer.person!.id).executeTakeFirstOrThrow()).agency_id).toBe(stc.id);
      const notice = await db.selectFrom("notices").select(["kind", "payload"]).where("person_id", "=", officer.person!.id).where("kind", "=", "agency_notice").executeTakeFirstOrThrow();
      expect(JSON.parse(notice.payload)).toMatchObject({ event: "merged", from: "Sở Kế hoạch và Đầu tư", into: "Sở Tài chính", on: "2025-03-01" });
      expect(await db.selectFrom("agencies").select(["merged_into_id", "merged_on"]).where("code", "=", "SKHDT").executeTakeFirstOrThrow()).toEqual({
        merged_into_id: stc.id,
        merged_on: "2025-03-01",
      });
      // /status: the same totals; SKHDT's row is gone, STC's carries its work.
      const statusAfter = await planStatus(db, "2025-03-03");
      const sum = (s: typeof statusBefore) => Object.values(s.totals).reduce((a, b) => a + b, 0);
      expect(sum(statusAfter)).toBe(sum(statusBefore) - joinedIds.length);
      expect(statusAfter.totals.done_on_time).toBe(statusBefore.totals.done_on_time);
      expect(statusAfter.agencies.map((a) => a.code)).not.toContain("SKHDT");
      expect(statusAfter.agencies.map((a) => a.code)).toContain("STC");

      // A restart seeds the registry again, and the plan is re-imported: neither undoes the merge.
      const stable = await counts();
      await seedRegistry(db, registry, new Date("2025-03-04T02:00:00Z"), "system");
      await importQd1861(new Date("2025-03-04T02:00:00Z"));
      expect((await leadCycles("SKHDT")).all).toEqual([]);
      expect((await counts()).assignments).toBe(stable.assignments);
      expect((await counts()).cycles).toBe(stable.cycles);
      expect((await db.selectFrom("agencies").select("merged_into_id").where("code", "=", "SKHDT").executeTakeFirstOrThrow()).merged_into_id).toBe(stc.id);
    });

    it("plans the moved officer's reminders for the work of the agency merged into", async () => {
      await officerOf("SKHDT", 7002);
      const calendar = await readCalendarFile("seeds/calendar-vn.json");
      const plan = (at: string) => planReminders(db, { now: new Date(at), timeZone, calendar, ladder: defaultLadder });
      await plan("2025-02-03T01:00:00Z");
      const stcOverdue = (
        await db
          .selectFrom("cycles")
          .innerJoin("agencies", "agencies.id", "cycles.agency_id")
          .select("cycles.id")
          .where("agencies.code", "=", "STC")
          .where("cycles.in_force", "=", 1)
          .where("cycles.completed_at", "is", null)
          .where("cycles.due_on", "<", "2025-03-03")
          .execute()
      ).map((r) => r.id);
      expect(stcOverdue.length).toBeGreaterThan(0);
      await mergeAgencies({ db, actor: "cli", now: mergedAt, timeZone }, { from: "SKHDT", into: "STC", effectiveOn: "2025-03-01" });
      await plan("2025-03-03T01:30:00Z");
      // STC's own overdue work reaches its new officer in a backlog summary.
      const backlog = await db.selectFrom("notices").select("payload").where("kind", "=", "backlog").execute();
      const told = backlog.flatMap((n) => (JSON.parse(n.payload) as { cycles: number[] }).cycles);
      expect(stcOverdue.every((id) => told.includes(id))).toBe(true);
    });

    it("corrects the importer: an unregistered agency merged into a registered one stays merged on re-import", async () => {
      const unregistered = await db.selectFrom("agencies").select(["code", "name"]).where("kind", "=", "unregistered").orderBy("id").executeTakeFirstOrThrow();
      const leadsOf = async (code: string) =>
        (
          await db
            .selectFrom("assignments")
            .innerJoin("agencies", "agencies.id", "assignments.agency_id")
            .select("assignments.id")
            .where("agencies.code", "=", code)
            .where("assignments.removed_at", "is", null)
            .execute()
        ).length;
      const before = await leadsOf(unregistered.code);
      expect(before).toBeGreaterThan(0);
      await mergeAgencies({ db, actor: "cli", now: mergedAt, timeZone }, { from: unregistered.code, into: "SXD", effectiveOn: "2025-03-01" });
      await importQd1861(new Date("2025-03-04T02:00:00Z"));
      expect(await leadsOf(unregistered.code)).toBe(0);
      expect((await db.selectFrom("agencies").select("code").where("name", "=", unregistered.name).execute()).map((r) => r.code)).toEqual([unregistered.code]);
    });

    it("keeps a renamed agency's name across a restart's seed", async () => {
      await editAgency({ db, actor: "cli", now: mergedAt }, "SNNPTNT", { kind: "rename", name: "Sở Nông nghiệp và Môi trường" });
      await seedRegistry(db, registry, new Date("2025-03-04T02:00:00Z"), "system");
      const row = await db.selectFrom("agencies").select(["name", "aliases"]).where("code", "=", "SNNPTNT").executeTakeFirstOrThrow();
      expect(row.name).toBe("Sở Nông nghiệp và Môi trường");
      expect(JSON.parse(row.aliases)).toContain("Sở Nông nghiệp và Phát triển nông thôn");
    });

    it("reassigns a lead with its open cycle, and a re-import keeps the change", async () => {
      const task = await db.selectFrom("tasks").select("ref").where("ref", "=", "III.1.4.a.2").executeTakeFirstOrThrow();
      const cycle = (await leadCycles("STC")).open;
      const change = await setLead({ db, actor: "cli", now: mergedAt, timeZone }, { ref: task.ref, to: "SNV" });
      expect(change).toMatchObject({ from: { code: "STC" }, to: { code: "SNV" }, openCycles: 1 });
      const moved = await leadCycles("SNV");
      expect(moved.open.some((id) => cycle.includes(id))).toBe(true);
      await changeCoordinator({ db, actor: "cli", now: mergedAt, timeZone }, { ref: task.ref, agency: "SXD", remove: false });
      await importQd1861(new Date("2025-03-04T02:00:00Z"));
      const leads = await db
        .selectFrom("assignments")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .innerJoin("agencies", "agencies.id", "assignments.agency_id")
        .select(["agencies.code", "assignments.role"])
        .where("tasks.ref", "=", "III.1.4.a.2")
        .where("assignments.removed_at", "is", null)
        .orderBy("assignments.role")
        .execute();
      expect(leads).toEqual(
        expect.arrayContaining([
          { code: "SNV", role: "lead" },
          { code: "SXD", role: "coordinate" },
        ]),
      );
      expect(leads.filter((l) => l.role === "lead")).toEqual([{ code: "SNV", role: "lead" }]);
    });
  });
});
