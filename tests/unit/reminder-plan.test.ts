/**
 * The planning decisions on their own (domain/reminder-plan.ts), without a database: which
 * stages of a cycle are due and still go out, when the cycle is looked at next, who gets a first
 * summary of overdue work instead of overdue reminders, and which reminders it speaks for.
 */
import { describe, expect, it } from "vitest";
import { defaultLadder, shiftDate, type WorkingDays } from "../../src/domain/reminder-ladder.js";
import { backlogCoverage, createCycleLadders, createSummaryCoverage, cyclesWithMissedReminders, lookBackSince, sendsStage, type PlanCycle } from "../../src/domain/reminder-plan.js";

/** Weekends off, nothing else. */
const isWorkingDay = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const calendar: WorkingDays = {
  isWorkingDay,
  previousWorkingDay: (date) => (isWorkingDay(date) ? date : calendar.previousWorkingDay(shiftDate(date, -1))),
  nextWorkingDay: (date) => (isWorkingDay(date) ? date : calendar.nextWorkingDay(shiftDate(date, 1))),
};
const timeZone = "Asia/Ho_Chi_Minh";
/** 08:00 in Hanoi on a local date, plus minutes */
const at = (date: string, minutes = 0) => new Date(Date.parse(`${date}T01:00:00Z`) + minutes * 60_000);
const laddersAt = (now: Date) => createCycleLadders({ now, timeZone, calendar, ladder: defaultLadder }, now.toISOString().slice(0, 10));
const cycle = (cycleId: number, agencyId: number, dueOn: string, ladder: string | null = null): PlanCycle => ({ cycleId, agencyId, dueOn, recurrence: "once", ladder });
const brief = (stages: Array<{ key: string; send: boolean }>) => stages.map((s) => `${s.key.split("@")[0]} ${s.send ? "send" : "missed"}`);

describe("a cycle's ladder at one instant", () => {
  it("has the stage due today from 08:00, and is looked at again at the next stage", () => {
    // Monday 16/11, 14 days before Monday 30/11.
    const ladder = laddersAt(at("2026-11-16"))(cycle(1, 1, "2026-11-30"));
    expect(brief(ladder.due)).toEqual(["d14 send"]);
    expect(ladder.nextAt).toBe(at("2026-11-23").toISOString());
    const early = laddersAt(at("2026-11-16", -30))(cycle(1, 1, "2026-11-30"));
    expect(early.due).toEqual([]);
    expect(early.nextAt).toBe(at("2026-11-16").toISOString());
  });

  it("keeps a stage missed by more than a day as due but not sent", () => {
    expect(brief(laddersAt(at("2026-11-18"))(cycle(1, 1, "2026-11-30")).due)).toEqual(["d14 missed"]);
  });

  it("says whether the cycle was overdue before the ten-day look-back", () => {
    const ladderOf = laddersAt(at("2026-11-16"));
    expect(ladderOf(cycle(1, 1, "2026-10-01")).overdueBeforeWindow).toBe(true);
    // Due Friday 13/11: overdue from Monday 16/11, and its first overdue reminder goes out today.
    const recent = ladderOf(cycle(2, 1, "2026-11-13"));
    expect(recent.overdueBeforeWindow).toBe(false);
    expect(brief(recent.due)).toEqual(["d7 missed", "d3 missed", "d1 missed", "d0 missed", "o1 send"]);
  });

  it("is computed once for cycles sharing a due date and ladder, and follows a task's own ladder", () => {
    const ladderOf = laddersAt(at("2026-11-09"));
    expect(ladderOf(cycle(1, 1, "2026-11-30"))).toBe(ladderOf(cycle(2, 7, "2026-11-30")));
    expect(ladderOf(cycle(1, 1, "2026-11-30")).due).toEqual([]);
    expect(brief(ladderOf(cycle(3, 1, "2026-11-30", JSON.stringify({ daysBefore: [21] }))).due)).toEqual(["d21 send"]);
  });

  it("reads the ledger from midnight at the start of the look-back", () => {
    expect(lookBackSince("2026-11-16", timeZone)).toBe("2026-11-05T17:00:00.000Z");
  });
});

describe("a first summary of overdue work", () => {
  const now = at("2026-11-16");
  const ladderOf = laddersAt(now);
  const longOverdue = cycle(1, 1, "2026-10-01");
  const remindedToday = cycle(2, 1, "2026-11-13");
  /** due 09/11: its one overdue reminder (10/11) was missed */
  const missed = cycle(3, 2, "2026-11-09");
  const notYetDue = cycle(4, 3, "2026-11-30");
  const cycles = [longOverdue, remindedToday, missed, notYetDue];
  const officersOf = new Map([
    [1, [10, 11]],
    [2, [20, 21]],
    [3, [30]],
  ]);

  it("goes to a new officer of an agency overdue since before the look-back, listing all its overdue cycles", () => {
    const backlog = backlogCoverage({ cycles, ladderOf, today: "2026-11-16", officersOf, hasBacklog: new Set([11, 20, 21]), wasTold: () => false });
    expect(backlog).toEqual(new Map([[10, [1, 2]]]));
  });

  it("goes to an officer whose overdue reminders were all missed, unless they were told of the cycle", () => {
    expect(cyclesWithMissedReminders(cycles, ladderOf, "2026-11-16")).toEqual([3]);
    const backlog = backlogCoverage({ cycles, ladderOf, today: "2026-11-16", officersOf, hasBacklog: new Set([10, 11]), wasTold: (cycleId, personId) => cycleId === 3 && personId === 21 });
    expect(backlog).toEqual(new Map([[20, [3]]]));
  });

  it("speaks for the overdue reminders of the cycles it lists, up to its own time", () => {
    const covered = createSummaryCoverage(new Map([[10, [1, 2]]]), new Map([[12, { at: "2026-11-16T01:00:00.000Z", cycles: new Set([1]) }]]));
    expect([covered(10, 2, "2026-11-16T01:00:00.000Z"), covered(10, 3, "2026-11-16T01:00:00.000Z")]).toEqual([true, false]);
    expect([covered(12, 1, "2026-11-16T01:00:00.000Z"), covered(12, 1, "2026-11-23T01:00:00.000Z"), covered(12, 2, "2026-11-13T01:00:00.000Z")]).toEqual([true, false, false]);
    // A reminder before a due date still goes; an overdue one spoken for does not; a missed one never.
    const [before, overdue] = [ladderOf(notYetDue).due[0]!, ladderOf(remindedToday).due.at(-1)!];
    expect([sendsStage(before, true), sendsStage(overdue, true), sendsStage(overdue, false), sendsStage({ ...overdue, send: false }, false)]).toEqual([true, false, true, false]);
  });
});
