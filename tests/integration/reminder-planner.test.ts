/**
 * The planner on a real SQLite file: each open cycle's marker (its next unplanned stage) keeps
 * steady ticks from re-reading the whole plan, and everything that changes a cycle's stages or
 * its recipients (a new officer, a task's own ladder, the clock going back) is planned again.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultLadder } from "../../src/domain/reminder-ladder.js";
import type { WorkingCalendar } from "../../src/domain/working-days.js";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseRegistry } from "../../src/plan/registry.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { readCalendarFile } from "../../src/services/plans/plan-files.js";
import { findCycleOfMessage } from "../../src/services/replies/conversation.js";
import { deliverDue, type CheckInMessage, type OutgoingMessage } from "../../src/services/reminders/delivery.js";
import { planReminders } from "../../src/services/reminders/reminder-planner.js";
import { recordStatusUpdate, undoStatusUpdate } from "../../src/services/replies/status-updates.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { setTaskLadder } from "../../src/services/reminders/task-ladder.js";
import type { Actor } from "../../src/domain/person.js";
import { cyclesWithTasks } from "../../src/storage/cycle-joins.js";
import type { Db } from "../../src/storage/database.js";
import { findPersonById } from "../../src/storage/people-repository.js";
import { insertManualAssignment, moveCycles } from "../../src/storage/registry-repository.js";
import { checkInView } from "../../src/telegram/views/message-views.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const timeZone = "Asia/Ho_Chi_Minh";
const codes = ["STC", "SXD"];
const full = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
const registry = { agencies: full.agencies.filter((a) => codes.includes(a.code)), collectives: [] };

const document = `KẾ HOẠCH
Thực hiện Chương trình cải cách hành chính năm 2026
(Kèm theo Quyết định số 78/QĐ-UBND ngày 15 tháng 1 năm 2026 của Ủy ban nhân dân tỉnh Thanh Hóa)
I. NHIỆM VỤ
1. Sở Tài chính chủ trì tổng hợp tình hình giải ngân, định kỳ hằng năm (trước ngày 30/11) báo cáo UBND tỉnh.
2. Sở Xây dựng chủ trì rà soát quy hoạch xây dựng, hoàn thành trước ngày 18/12/2026.
3. Sở Tài chính chủ trì theo dõi, đôn đốc thường xuyên việc thực hành tiết kiệm, chống lãng phí.
4. Sở Tài chính chủ trì kiểm tra công tác quản lý tài sản công tại các đơn vị sự nghiệp.
`;

let dir: string;
let db: Db;
let close: () => Promise<void>;
let calendar: WorkingCalendar;
let userId = 5000;

/** 08:00 in Hanoi on a local date, plus minutes */
const at = (date: string, minutes = 0) => new Date(Date.parse(`${date}T01:00:00Z`) + minutes * 60_000);

async function join_(agencyCode: string, when: Date): Promise<number> {
  const invite = await createInvite(db, { agencyCode, role: "focal", createdBy: "test", now: when });
  const id = userId++;
  return (await redeemInvite(db, invite.code, { telegramUserId: id, chatId: id, displayName: `Cán bộ ${id}` }, when)).id;
}

/** The focal officer as the bot sees them when they reply. */
async function actorOf(personId: number): Promise<Actor> {
  const person = (await findPersonById(db, personId))!;
  return { telegramUserId: person.telegramUserId, isConfigAdmin: false, person };
}

/** The (only) cycle of the task with this ref. */
const cycleOfRef = (ref: string) => cyclesWithTasks(db).select("cycles.id").where("tasks.ref", "=", ref).executeTakeFirstOrThrow();

const plan = (now: Date, extra: { maxRows?: number } = {}) => planReminders(db, { now, timeZone, calendar, ladder: defaultLadder, ...extra });

/** "person stage" for each ledger row, in order */
async function ledger(): Promise<string[]> {
  const rows = await db.selectFrom("reminders").select(["person_id", "stage", "state"]).orderBy("id").execute();
  return rows.map((r) => `${r.person_id} ${r.stage.split("@")[0]} ${r.state}`);
}

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dondoc-planner-"));
    ({ db, close } = await store.open());
    calendar = await readCalendarFile("seeds/calendar-vn.json");
    const imported = new Date("2026-10-01T02:00:00Z");
    await seedRegistry(db, registry, imported, "test");
    await importPlan({ db, timeZone }, parsePlan(document, createAgencyMatcher(registry), { fallbackCode: "x" }), { file: "plan.txt", hash: "h" }, imported, "test");
  });
  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("the planner's markers", () => {
    it("plans each stage once and leaves cycles alone until their next stage", async () => {
      const officer = await join_("STC", at("2026-11-02"));
      expect((await plan(at("2026-11-16"))).lines.map((l) => l.stage)).toEqual(["d14@2026-11-30"]);
      // STC's annual cycle: next is d7 on Monday 23/11 08:00; SXD's (no officer) d14 on 04/12.
      const markers = await db.selectFrom("cycles").select(["due_on", "next_stage_at"]).where("due_on", "is not", null).orderBy("id").execute();
      expect(markers).toEqual([
        { due_on: "2026-11-30", next_stage_at: "2026-11-23T01:00:00.000Z" },
        { due_on: "2026-12-18", next_stage_at: "2026-12-04T01:00:00.000Z" },
      ]);
      for (const minutes of [1, 60, 600]) expect((await plan(at("2026-11-16", minutes))).lines).toEqual([]);
      expect((await plan(at("2026-11-23"))).lines.map((l) => l.stage)).toEqual(["d7@2026-11-30"]);
      expect(await ledger()).toEqual([`${officer} d14 planned`, `${officer} d7 planned`]);
    });

    it("plans the stage due today for an officer who joins after the 08:00 tick", async () => {
      const first = await join_("STC", at("2026-11-02"));
      await plan(at("2026-11-16"));
      const late = await join_("STC", at("2026-11-16", 120));
      const lines = (await plan(at("2026-11-16", 121))).lines;
      expect(lines).toEqual([expect.objectContaining({ personId: late, stage: "d14@2026-11-30", decision: "send" })]);
      expect(await ledger()).toEqual([`${first} d14 planned`, `${late} d14 planned`]);
    });

    it("gives a late joiner the backlog summary and still today's reminder before a due date", async () => {
      await join_("STC", at("2026-11-02"));
      await plan(at("2026-11-16"));
      // I.4 (undated) gets a date long past: STC now has an old overdue cycle.
      await db
        .updateTable("cycles")
        .set({ due_on: "2026-10-01", original_due_on: "2026-10-01", next_stage_at: "" })
        .where("assignment_id", "in", (eb) => eb.selectFrom("assignments").innerJoin("tasks", "tasks.id", "assignments.task_id").select("assignments.id").where("tasks.ref", "=", "I.4"))
        .execute();
      const late = await join_("STC", at("2026-11-16", 120));
      const result = await plan(at("2026-11-16", 121));
      expect(result.backlogs).toBe(2); // the first officer never had one either
      const mine = result.lines.filter((l) => l.personId === late).map((l) => `${l.stage.split("@")[0]} ${l.decision}`);
      // The overdue stages in the look-back (o6 on 06/11, o7 on 13/11) are covered by the summary; d14 goes out.
      expect(mine).toEqual(["o6 skip", "o7 skip", "d14 send"]);
    });

    /** gives STC's undated tasks (I.3, I.4) due dates, as a coordinator's /setdue would, and plans them afresh */
    async function dueOn(ref: string, date: string): Promise<number> {
      const cycle = await db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .select("cycles.id")
        .where("tasks.ref", "=", ref)
        .executeTakeFirstOrThrow();
      await db.updateTable("cycles").set({ due_on: date, original_due_on: date, next_stage_at: "" }).where("id", "=", cycle.id).execute();
      return cycle.id;
    }

    it("lets the summary speak only for the cycles it lists, also when the row limit splits them over ticks", async () => {
      const old1 = await dueOn("I.3", "2026-09-01");
      const old2 = await dueOn("I.4", "2026-09-01");
      const officer = await join_("STC", at("2026-10-20"));
      // One row per tick: the summary (both old cycles) goes with the first; the second tick's
      // overdue stage of the other old cycle is the summary's too.
      const first = await plan(at("2026-10-21", 1), { maxRows: 1 });
      expect(first.backlogs).toBe(1);
      const second = await plan(at("2026-10-21", 2), { maxRows: 1 });
      const decided = [...first.lines, ...second.lines].filter((l) => l.personId === officer && [old1, old2].includes(l.cycleId));
      expect(decided.map((l) => `${l.cycleId} ${l.stage.split("@")[0]} ${l.decision}`)).toEqual([`${old1} o7 skip`, `${old1} o8 skip`, `${old2} o7 skip`, `${old2} o8 skip`]);
      expect(first.lines.some((l) => l.cycleId === old2)).toBe(false); // the limit did split them
      const payload = await db.selectFrom("notices").select("payload").where("kind", "=", "backlog").executeTakeFirstOrThrow();
      expect(JSON.parse(payload.payload)).toEqual({ cycles: [old1, old2] });
    });

    it("lists in the first summary a cycle whose first overdue reminder goes today, and speaks for it", async () => {
      const old = await dueOn("I.3", "2026-09-01");
      const recent = await dueOn("I.4", "2026-10-20");
      const officer = await join_("STC", at("2026-10-20"));
      const lines = (await plan(at("2026-10-21", 1))).lines.filter((l) => l.personId === officer && l.cycleId === recent);
      // Due Tuesday 20/10: its first overdue working day is Wednesday 21/10, told by the summary.
      expect(lines.map((l) => `${l.stage.split("@")[0]} ${l.decision}`)).toEqual(["d7 skip", "d3 skip", "d1 skip", "d0 skip", "o1 skip"]);
      const payload = await db.selectFrom("notices").select("payload").where("kind", "=", "backlog").executeTakeFirstOrThrow();
      expect(JSON.parse(payload.payload)).toEqual({ cycles: [old, recent] });
    });

    it("covers in a new officer's first summary every overdue cycle, also one whose overdue reminder was missed days ago", async () => {
      const old = await dueOn("I.3", "2026-09-01");
      const annual = await db.selectFrom("cycles").select("id").where("due_on", "=", "2026-11-30").executeTakeFirstOrThrow();
      // Friday 4/12: the annual report (due Monday 30/11) is 4 days late; its o1 (1/12) is stale.
      const officer = await join_("STC", at("2026-12-04", 120));
      const result = await plan(at("2026-12-04", 121));
      expect(result.backlogs).toBe(1);
      const payload = await db.selectFrom("notices").select(["person_id", "payload"]).where("kind", "=", "backlog").executeTakeFirstOrThrow();
      expect(payload.person_id).toBe(officer);
      expect(JSON.parse(payload.payload)).toEqual({ cycles: [old, annual.id] });
    });

    it("sends a summary to a new officer whose only overdue cycle's reminders were all missed", async () => {
      const annual = await db.selectFrom("cycles").select("id").where("due_on", "=", "2026-11-30").executeTakeFirstOrThrow();
      const first = await join_("STC", at("2026-11-02"));
      await plan(at("2026-12-01")); // the first officer gets o1 on Tuesday 1/12
      const late = await join_("STC", at("2026-12-04", 120));
      const result = await plan(at("2026-12-04", 121));
      const notices = await db.selectFrom("notices").select(["person_id", "payload"]).where("kind", "=", "backlog").execute();
      // The first officer was told on 1/12 and gets no summary; the new one is told now.
      expect(notices.map((n) => [n.person_id, JSON.parse(n.payload)])).toEqual([[late, { cycles: [annual.id] }]]);
      expect(result.backlogs).toBe(1);
      expect(first).not.toBe(late);
    });

    it("plans a reopened cycle afresh: a ladder set while it was done is followed", async () => {
      const officer = await join_("SXD", at("2026-11-02"));
      await plan(at("2026-11-02", 1));
      const cycle = await cycleOfRef("I.2");
      const actor = await actorOf(officer);
      const done = await recordStatusUpdate(
        db,
        actor,
        { cycleId: cycle.id, kind: "done", percent: null, text: "Xong", fileIds: [], source: "reply", telegramUpdateId: 77, telegramMessageId: null, chatId: null },
        at("2026-11-02", 120),
        timeZone,
      );
      await setTaskLadder(db, { ref: "I.2", own: { daysBefore: [30, 1] }, actor: "test", now: at("2026-11-02", 121), global: defaultLadder });
      await undoStatusUpdate(db, actor, done.id, at("2026-11-02", 125));
      expect((await plan(at("2026-11-18"))).lines.map((l) => l.stage)).toEqual(["d30@2026-12-18"]);
    });

    it("follows a task's own ladder from the next tick", async () => {
      const officer = await join_("SXD", at("2026-11-02"));
      expect((await plan(at("2026-11-02", 1))).lines).toEqual([]);
      await setTaskLadder(db, { ref: "I.2", own: { daysBefore: [30, 1] }, actor: "test", now: at("2026-11-02", 2), global: defaultLadder });
      // 30 days before 18/12 is Wednesday 18/11; the global d14 (04/12) is gone.
      expect((await plan(at("2026-11-02", 3))).lines).toEqual([]);
      expect((await plan(at("2026-11-18"))).lines.map((l) => l.stage)).toEqual(["d30@2026-12-18"]);
      expect((await plan(at("2026-12-04"))).lines).toEqual([]);
      expect((await plan(at("2026-12-17"))).lines.map((l) => l.stage)).toEqual(["d1@2026-12-18"]);
      expect(await ledger()).toEqual([`${officer} d30 planned`, `${officer} d1 planned`]);
    });

    it("plans cycles moved to another agency for that agency's officer at the next tick", async () => {
      const stc = await join_("STC", at("2026-11-02"));
      const sxd = await join_("SXD", at("2026-11-02"));
      await plan(at("2026-11-16"));
      const cycle = await cycleOfRef("I.2");
      const mine = async (minutes: number) => (await plan(at("2026-12-04", minutes))).lines.filter((l) => l.cycleId === cycle.id).map((l) => `${l.personId} ${l.stage.split("@")[0]}`);
      // Friday 04/12: SXD's officer gets d14 of 18/12; the cycle's marker is now d7 (11/12).
      expect(await mine(0)).toEqual([`${sxd} d14`]);
      // The cycle joins STC's lead on the task (a merge or a lead set by hand does this): the
      // repository write alone makes the next tick plan it, for STC's officer.
      const task = await db.selectFrom("tasks").select("id").where("ref", "=", "I.2").executeTakeFirstOrThrow();
      const agency = await db.selectFrom("agencies").select("id").where("code", "=", "STC").executeTakeFirstOrThrow();
      const assignment = await insertManualAssignment(db, task.id, agency.id, "lead", at("2026-12-04", 1).toISOString());
      await moveCycles(db, [cycle.id], assignment, agency.id);
      expect(await mine(2)).toEqual([`${stc} d14`]);
    });

    it("plans again from the ledger when the clock goes back", async () => {
      const officer = await join_("STC", at("2026-11-02"));
      // Friday 27/11 first: d1 (moved from Sunday 29/11 onto d3's day) is sent, d7 recorded as missed.
      expect((await plan(at("2026-11-27"))).lines.map((l) => `${l.stage} ${l.decision}`)).toEqual(["d7@2026-11-30 skip", "d1@2026-11-30 send"]);
      // Back to Monday 23/11: d14 was never looked at (the window of 27/11 starts on 17/11); it is
      // recorded, as missed, since d7 (already in the ledger) is later. Nothing is sent twice.
      expect((await plan(at("2026-11-23"))).lines.map((l) => `${l.stage} ${l.decision}`)).toEqual(["d14@2026-11-30 skip"]);
      expect((await plan(at("2026-11-27", 5))).lines).toEqual([]);
      expect(await ledger()).toEqual([`${officer} d7 skipped`, `${officer} d1 planned`, `${officer} d14 skipped`]);
    });

    it("writes at most the row limit in a tick and plans the rest at the next", async () => {
      const stc = await join_("STC", at("2026-11-02"));
      const sxd = await join_("SXD", at("2026-11-02"));
      await setTaskLadder(db, { ref: "I.2", own: { daysBefore: [32, 0] }, actor: "test", now: at("2026-11-02", 1), global: defaultLadder });
      // Monday 16/11: STC's d14 and SXD's d32 are both due; one row per tick.
      const first = await plan(at("2026-11-16"), { maxRows: 1 });
      expect(first.lines.map((l) => `${l.personId} ${l.stage.split("@")[0]}`)).toEqual([`${stc} d14`]);
      expect(first.deferred).toBe(1);
      const second = await plan(at("2026-11-16", 1), { maxRows: 1 });
      expect(second.lines.map((l) => `${l.personId} ${l.stage.split("@")[0]} ${l.decision}`)).toEqual([`${sxd} d32 send`]);
      expect(second.deferred).toBe(0);
      expect((await plan(at("2026-11-16", 2), { maxRows: 1 })).lines).toEqual([]);
    });
  });

  describe("the monthly check-in for undated tasks", () => {
    /** delivers what is due through a messenger that keeps the messages */
    let lastMessageId = 0;
    const messageIds = new Map<OutgoingMessage, number>();
    async function deliver(now: Date): Promise<OutgoingMessage[]> {
      const sent: OutgoingMessage[] = [];
      await deliverDue(db, { send: async (message) => (sent.push(message), messageIds.set(message, ++lastMessageId), { messageId: lastMessageId }) }, { now, timeZone });
      return sent;
    }

    it("asks each officer once a month about undated tasks with nothing reported for 30 days", async () => {
      const [a, b] = [await join_("STC", at("2026-10-05")), await join_("STC", at("2026-10-05"))];
      // Imported on 01/10: not yet 30 days quiet on Monday 26/10.
      await plan(at("2026-10-26"));
      expect(await deliver(at("2026-10-26"))).toEqual([]);
      // Sunday 01/11 is not a working day; before 08:00 on Monday 02/11 nothing either.
      await plan(at("2026-11-01"));
      await plan(at("2026-11-02", -5));
      expect(await deliver(at("2026-11-02", -5))).toEqual([]);
      await plan(at("2026-11-02"));
      const sent = await deliver(at("2026-11-02"));
      expect(sent.map((m) => m.kind === "checkin" && [m.chatId, m.items.map((i) => i.ref)])).toEqual([
        [expect.any(Number), ["I.3", "I.4"]],
        [expect.any(Number), ["I.3", "I.4"]],
      ]);
      const people = await db.selectFrom("people").select(["id", "chat_id"]).execute();
      expect(sent.map((m) => m.chatId).sort()).toEqual(
        people
          .filter((p) => [a, b].includes(p.id))
          .map((p) => p.chat_id)
          .sort(),
      );
      const view = checkInView(sent[0] as CheckInMessage);
      expect(view.text).toContain("Kiểm tra định kỳ: <b>Sở Tài chính</b> có 2 nhiệm vụ thường xuyên");
      expect(view.text).toContain("<b>I.3</b>: Sở Tài chính chủ trì theo dõi, đôn đốc thường xuyên");
      expect(JSON.stringify(view.keyboard)).toContain("Mở I.4");
      // Later ticks of the month ask nothing more.
      await plan(at("2026-11-03"));
      expect(await deliver(at("2026-11-03"))).toEqual([]);

      // I.3 gets a report on 20/11: in December only I.4 is asked about.
      const cycle = await cycleOfRef("I.3");
      const actor = await actorOf(a);
      await recordStatusUpdate(
        db,
        actor,
        { cycleId: cycle.id, kind: "progress", percent: null, text: "Đã kiểm tra 5 đơn vị.", fileIds: [], source: "reply", telegramUpdateId: 1, telegramMessageId: null, chatId: null },
        at("2026-11-20"),
        timeZone,
      );
      await plan(at("2026-12-01"));
      const december = await deliver(at("2026-12-01"));
      // (the 30/11 report is overdue too: its reminders go out beside the check-ins)
      expect(december.flatMap((m) => (m.kind === "checkin" ? [m.items.map((i) => i.ref)] : []))).toEqual([["I.4"], ["I.4"]]);
      // A reply to a check-in about one task goes to that task; to one about two, nowhere yet.
      const one = december.find((m) => m.kind === "checkin")!;
      const i4 = await db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .select("cycles.id")
        .where("tasks.ref", "=", "I.4")
        .executeTakeFirstOrThrow();
      expect(await findCycleOfMessage(db, one.chatId, messageIds.get(one)!)).toEqual({ cycleId: i4.id, purpose: "checkin" });
      expect(await findCycleOfMessage(db, sent[0]!.chatId, messageIds.get(sent[0]!)!)).toBeNull();
    });
  });
});
