/**
 * The repository writes that change a cycle, a person's agency, an assignment's agency, a task's
 * ladder or a plan's status: each one that changes which reminder stages a cycle has, or who
 * receives them, forgets the cycle's planning marker itself, so the next tick plans the cycle
 * again (findDueCycles lists it) without the caller having to ask.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { completeCycle, correctCycleDue, extendCycleDue, findCycleRef, findOpenLeadCyclesOfRef, reopenCycle, setCycleDue } from "../../src/storage/cycle-repository.js";
import type { Db } from "../../src/storage/database.js";
import { findDueCycles } from "../../src/storage/ledger-repository.js";
import { markPersonLeft, markPersonReachable, movePersonToAgency, upsertPerson } from "../../src/storage/people-repository.js";
import { updatePlanStatus } from "../../src/storage/plan-catalog-repository.js";
import { updateTaskLadder } from "../../src/storage/plan-repository.js";
import { setNextStages } from "../../src/storage/planning-repository.js";
import { findAssignmentsOfTask, insertManualAssignment, keepManualLead, moveAssignment, moveCycles, movePeopleAndInvites } from "../../src/storage/registry-repository.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const at = "2026-11-27T02:00:00.000Z";
/** a marker well after `at`: a cycle carrying it is not looked at by a tick at `at` */
const later = "2026-12-20T01:00:00.000Z";

let db: Db;
let close: () => Promise<void>;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    ({ db, close } = await store.open());
  });
  afterEach(async () => await close());

  async function agency(code: string): Promise<number> {
    return (
      await db
        .insertInto("agencies")
        .values({ code, name: `Sở ${code}`, kind: "department" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }

  /** A plan with one task per ref, each led by `agencyId` with one open cycle due on `due`. */
  async function leadCycles(agencyId: number, tasks: Array<{ ref: string; due: string | null; deadline?: "date" | "none" }>): Promise<Array<{ taskId: number; cycleId: number }>> {
    const plan = (
      await db
        .insertInto("plans")
        .values({ code: `P${agencyId}`, title: "Kế hoạch", issued_on: null, source_file: "f", source_hash: "h", imported_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const made = [];
    for (const [position, t] of tasks.entries()) {
      const kind = t.deadline ?? (t.due ? "date" : "none");
      const taskId = (
        await insertTaskRow(db, {
          plan_id: plan,
          ref: t.ref,
          text: `Nhiệm vụ ${t.ref}`,
          deadline_kind: kind,
          deadline_date: kind === "date" ? t.due : null,
          source_line: position + 1,
          position,
          at,
        })
      ).id;
      const assignmentId = (
        await db.insertInto("assignments").values({ task_id: taskId, agency_id: agencyId, role: "lead", removed_at: null, created_at: at }).returning("id").executeTakeFirstOrThrow()
      ).id;
      const cycleId = (
        await db
          .insertInto("cycles")
          .values({ assignment_id: assignmentId, period: "once", original_due_on: t.due, due_on: t.due, completed_at: null, created_at: at })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
      made.push({ taskId, cycleId });
    }
    return made;
  }

  async function planned(...cycleIds: number[]): Promise<void> {
    await setNextStages(db, new Map([[later, cycleIds]]));
  }

  /** The cycles a tick at `at` would plan again. */
  async function dueForPlanning(): Promise<number[]> {
    return (await findDueCycles(db, at)).map((c) => c.cycleId);
  }

  async function cycle(id: number) {
    return db.selectFrom("cycles").select(["due_on", "original_due_on", "completed_at", "completed_on", "next_stage_at"]).where("id", "=", id).executeTakeFirstOrThrow();
  }

  describe("cycle writes", () => {
    it("completing records when, and the cycle is no longer planned", async () => {
      const [a] = await leadCycles(await agency("STC"), [{ ref: "1", due: "2026-12-31" }]);
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
      await completeCycle(db, a!.cycleId, at, "2026-11-27");
      expect(await cycle(a!.cycleId)).toMatchObject({ completed_at: at, completed_on: "2026-11-27" });
      expect(await dueForPlanning()).toEqual([]);
    });

    it("reopening clears the completion and forgets the marker: the next tick plans the cycle again", async () => {
      const [a, b] = await leadCycles(await agency("STC"), [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      await planned(a!.cycleId, b!.cycleId);
      await completeCycle(db, a!.cycleId, at, "2026-11-27");
      await reopenCycle(db, a!.cycleId);
      expect(await cycle(a!.cycleId)).toMatchObject({ completed_at: null, completed_on: null, next_stage_at: "" });
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
    });

    it("an approved extension moves the due date, keeps the original, and forgets the marker", async () => {
      const [a, b] = await leadCycles(await agency("STC"), [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      await planned(a!.cycleId, b!.cycleId);
      await extendCycleDue(db, a!.cycleId, "2027-01-31");
      expect(await cycle(a!.cycleId)).toMatchObject({ due_on: "2027-01-31", original_due_on: "2026-12-31" });
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
    });

    it("a date set by a coordinator sets both dates and forgets the marker", async () => {
      const [a, b] = await leadCycles(await agency("STC"), [
        { ref: "1", due: "2026-12-31", deadline: "none" },
        { ref: "2", due: "2026-12-31" },
      ]);
      await planned(a!.cycleId, b!.cycleId);
      await setCycleDue(db, a!.cycleId, "2027-03-01");
      expect(await cycle(a!.cycleId)).toMatchObject({ due_on: "2027-03-01", original_due_on: "2027-03-01" });
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
    });

    it("a corrected document date moves the due date unless an extension moved it, and forgets the marker either way", async () => {
      const [a, b, c] = await leadCycles(await agency("STC"), [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
        { ref: "3", due: "2026-12-31" },
      ]);
      await planned(a!.cycleId, b!.cycleId, c!.cycleId);
      await correctCycleDue(db, a!.cycleId, "2027-02-15", { keepDue: false });
      await correctCycleDue(db, b!.cycleId, "2027-02-15", { keepDue: true });
      expect(await cycle(a!.cycleId)).toMatchObject({ due_on: "2027-02-15", original_due_on: "2027-02-15" });
      expect(await cycle(b!.cycleId)).toMatchObject({ due_on: "2026-12-31", original_due_on: "2027-02-15" });
      expect(await dueForPlanning()).toEqual([b!.cycleId, a!.cycleId]); // in due-date order
    });

    it("finds the open lead cycles of a ref as a person types it, and a cycle's ref", async () => {
      const stc = await agency("STC");
      const [a, b] = await leadCycles(stc, [
        { ref: "II.1.a", due: null },
        { ref: "II.2", due: null },
      ]);
      await completeCycle(db, b!.cycleId, at, "2026-11-27");
      expect(await findOpenLeadCyclesOfRef(db, " ii.1.A ")).toEqual([{ id: a!.cycleId, due: null, ref: "II.1.a", deadlineKind: "none", agencyId: stc }]);
      expect(await findOpenLeadCyclesOfRef(db, "II.2")).toEqual([]);
      expect(await findCycleRef(db, b!.cycleId)).toBe("II.2");
      expect(await findCycleRef(db, 999)).toBeNull();
    });
  });

  describe("writes that change who is reminded", () => {
    const who = { telegramUserId: 501, chatId: 501, displayName: "Chị Lan" };

    it("registering an officer forgets the markers of their agency's cycles only", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a] = await leadCycles(stc, [{ ref: "1", due: "2026-12-31" }]);
      const [b] = await leadCycles(syt, [{ ref: "1", due: "2026-12-31" }]);
      await planned(a!.cycleId, b!.cycleId);
      await upsertPerson(db, { ...who, agencyId: stc, role: "focal" }, at);
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
    });

    it("moving a person forgets the markers of the agency they join; leaving forgets nothing", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a] = await leadCycles(stc, [{ ref: "1", due: "2026-12-31" }]);
      const [b] = await leadCycles(syt, [{ ref: "1", due: "2026-12-31" }]);
      const personId = await upsertPerson(db, { ...who, agencyId: stc, role: "focal" }, at);
      await planned(a!.cycleId, b!.cycleId);
      await markPersonLeft(db, personId, at);
      expect(await dueForPlanning()).toEqual([]);
      await movePersonToAgency(db, personId, syt, "coordinator", at);
      expect(await db.selectFrom("people").select(["agency_id", "role", "state"]).where("id", "=", personId).executeTakeFirstOrThrow()).toEqual({
        agency_id: syt,
        role: "coordinator",
        state: "active",
      });
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("someone unreachable who writes again is active, and their agency's cycles are planned again; once only", async () => {
      const stc = await agency("STC");
      const [a] = await leadCycles(stc, [{ ref: "1", due: "2026-12-31" }]);
      const personId = await upsertPerson(db, { ...who, agencyId: stc, role: "focal" }, at);
      await db.updateTable("people").set({ state: "unreachable" }).where("id", "=", personId).execute();
      await planned(a!.cycleId);
      expect(await markPersonReachable(db, personId, at)).toBe(true);
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
      await planned(a!.cycleId);
      expect(await markPersonReachable(db, personId, at)).toBe(false);
      expect(await dueForPlanning()).toEqual([]);
    });

    it("a task's own ladder forgets the markers of that task's cycles only", async () => {
      const stc = await agency("STC");
      const [a, b] = await leadCycles(stc, [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      await planned(a!.cycleId, b!.cycleId);
      await updateTaskLadder(db, b!.taskId, JSON.stringify({ before: [3] }), at);
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("a merge moving people to the successor forgets the markers of the successor's cycles", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a] = await leadCycles(stc, [{ ref: "1", due: "2026-12-31" }]);
      const [b] = await leadCycles(syt, [{ ref: "1", due: "2026-12-31" }]);
      const personId = await upsertPerson(db, { ...who, agencyId: stc, role: "focal" }, at);
      await planned(a!.cycleId, b!.cycleId);
      await movePeopleAndInvites(db, stc, syt, at);
      expect((await db.selectFrom("people").select("agency_id").where("id", "=", personId).executeTakeFirstOrThrow()).agency_id).toBe(syt);
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("a lead set by hand is kept live and manual, and its task's cycles are planned again", async () => {
      const stc = await agency("STC");
      const [a, b] = await leadCycles(stc, [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      const assignment = await db.selectFrom("assignments").select(["id", "task_id"]).where("task_id", "=", b!.taskId).executeTakeFirstOrThrow();
      await planned(a!.cycleId, b!.cycleId);
      await keepManualLead(db, { id: assignment.id, taskId: assignment.task_id });
      expect(await db.selectFrom("assignments").select(["removed_at", "manual"]).where("id", "=", assignment.id).executeTakeFirstOrThrow()).toEqual({ removed_at: null, manual: 1 });
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("an assignment moved to another agency forgets the markers of its cycles only", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a, b] = await leadCycles(stc, [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      const [assignment] = await findAssignmentsOfTask(db, b!.taskId);
      await planned(a!.cycleId, b!.cycleId);
      await moveAssignment(db, assignment!, syt, "2026-11-27", false);
      expect(await db.selectFrom("assignments").select(["agency_id", "moved_from_agency_id"]).where("id", "=", assignment!.id).executeTakeFirstOrThrow()).toEqual({
        agency_id: syt,
        moved_from_agency_id: stc,
      });
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("cycles joining another agency's assignment forget their markers; the cycles left behind keep theirs", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a, b] = await leadCycles(stc, [
        { ref: "1", due: "2026-12-31" },
        { ref: "2", due: "2026-12-31" },
      ]);
      const [c] = await leadCycles(syt, [{ ref: "3", due: "2026-12-31" }]);
      // SYT leads task 2 too (as a merge or a lead set by hand finds it): task 2's cycle joins it.
      const target = await insertManualAssignment(db, b!.taskId, syt, "lead", at);
      await planned(a!.cycleId, b!.cycleId, c!.cycleId);
      await moveCycles(db, [b!.cycleId], target, syt);
      expect(await db.selectFrom("cycles").select("assignment_id").where("id", "=", b!.cycleId).executeTakeFirstOrThrow()).toEqual({ assignment_id: target });
      expect(await dueForPlanning()).toEqual([b!.cycleId]);
    });

    it("a plan made active again forgets the markers of its cycles; closing it forgets nothing", async () => {
      const stc = await agency("STC");
      const syt = await agency("SYT");
      const [a] = await leadCycles(stc, [{ ref: "1", due: "2026-12-31" }]);
      const [b] = await leadCycles(syt, [{ ref: "1", due: "2026-12-31" }]);
      const planOf = async (taskId: number) => (await db.selectFrom("tasks").select("plan_id").where("id", "=", taskId).executeTakeFirstOrThrow()).plan_id;
      await planned(a!.cycleId, b!.cycleId);
      await updatePlanStatus(db, await planOf(a!.taskId), "closed", at);
      expect(await db.selectFrom("cycles").select("next_stage_at").where("id", "=", a!.cycleId).executeTakeFirstOrThrow()).toEqual({ next_stage_at: later });
      await updatePlanStatus(db, await planOf(a!.taskId), "active", at);
      expect(await dueForPlanning()).toEqual([a!.cycleId]);
    });
  });
});
