import { describe, expect, it } from "vitest";
import { decideStages, defaultLadder, ladderStages, shiftDate, stageInstant, type WorkingDays } from "../../src/domain/reminder-ladder.js";

/** Weekends plus the given holidays; enough to test the ladder on its own. */
function calendar(holidays: string[] = []): WorkingDays {
  const off = new Set(holidays);
  const isWorkingDay = (date: string) => {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6 && !off.has(date);
  };
  return {
    isWorkingDay,
    previousWorkingDay: (date) => {
      let d = date;
      while (!isWorkingDay(d)) d = shiftDate(d, -1);
      return d;
    },
    nextWorkingDay: (date) => {
      let d = date;
      while (!isWorkingDay(d)) d = shiftDate(d, 1);
      return d;
    },
  };
}

const days = (due: string, until: string, cal = calendar(), from = "2000-01-01") =>
  ladderStages(due, "once", defaultLadder, cal, { from, until }).map((s) => `${s.date} ${s.key.split("@")[0]}`);

describe("the ladder", () => {
  it.each([
    // 30/11/2026 is a Monday: d3 (Fri 27/11) and d1 (Sun 29/11 → Fri 27/11) become one reminder.
    ["2026-11-30", ["2026-11-16 d14", "2026-11-23 d7", "2026-11-27 d1", "2026-11-30 d0"]],
    // 30/11/2024 is a Saturday: the due-day reminder moves to Friday 29/11 and absorbs d1.
    ["2024-11-30", ["2024-11-15 d14", "2024-11-22 d7", "2024-11-27 d3", "2024-11-29 d0"]],
    // 30/11/2025 is a Sunday.
    ["2025-11-30", ["2025-11-14 d14", "2025-11-21 d7", "2025-11-27 d3", "2025-11-28 d0"]],
  ])("for a cycle due %s", (due, expected) => {
    expect(days(due, due)).toEqual(expected);
  });

  it("moves a stage off a holiday to the previous working day", () => {
    // Due Tuesday 2/9/2025 (National Day; Monday 1/9 is off too): d3 (Sat 30/8), d1 (1/9) and
    // d0 (2/9) all go out on Friday 29/8, as one reminder.
    const cal = calendar(["2025-09-01", "2025-09-02"]);
    expect(days("2025-09-02", "2025-09-02", cal).slice(-2)).toEqual(["2025-08-26 d7", "2025-08-29 d0"]);
  });

  it("reminds once on the next working day after the due date, then weekly", () => {
    expect(days("2026-11-30", "2026-12-22").filter((d) => d.includes(" o"))).toEqual(["2026-12-01 o1", "2026-12-08 o2", "2026-12-15 o3", "2026-12-22 o4"]);
  });

  it("computes a window years later without walking from the start", () => {
    const late = ladderStages("2022-07-31", "once", defaultLadder, calendar(), { from: "2026-11-20", until: "2026-11-27" });
    expect(late).toHaveLength(1);
    expect(late[0]!.key).toMatch(/^o\d+@2022-07-31$/);
    expect(late[0]!.date).toBe("2026-11-23");
  });

  it("gives monthly cycles 3 days before and the day", () => {
    expect(ladderStages("2026-12-31", "monthly", defaultLadder, calendar(), { from: "2026-12-01", until: "2026-12-31" }).map((s) => s.key)).toEqual(["d3@2026-12-31", "d0@2026-12-31"]);
  });

  it("restarts the ladder for a new due date (an approved extension)", () => {
    const keys = ladderStages("2026-12-15", "once", defaultLadder, calendar(), { from: "2026-12-01", until: "2026-12-15" }).map((s) => s.key);
    expect(keys).toEqual(["d14@2026-12-15", "d7@2026-12-15", "d3@2026-12-15", "d1@2026-12-15", "d0@2026-12-15"]);
  });
});

describe("stage instants", () => {
  it("are 08:00 in Vietnam whatever the server's own zone", () => {
    expect(stageInstant("2026-11-30", defaultLadder, "Asia/Ho_Chi_Minh").toISOString()).toBe("2026-11-30T01:00:00.000Z");
  });
});

describe("catch-up", () => {
  const stages = ladderStages("2026-11-30", "once", defaultLadder, calendar(), { from: "2026-11-01", until: "2026-12-31" });
  const decide = (now: string, recorded: string[] = []) =>
    decideStages(stages, new Set(recorded), new Date(now), defaultLadder, "Asia/Ho_Chi_Minh").map((d) => `${d.stage.key.split("@")[0]} ${d.decision}`);

  it("sends the stage that is due, once", () => {
    expect(decide("2026-11-16T01:00:00Z")).toEqual(["d14 send"]);
    expect(decide("2026-11-16T01:01:00Z", ["d14@2026-11-30"])).toEqual([]);
  });

  it("after 10 hours down sends the missed stage", () => {
    expect(decide("2026-11-23T11:00:00Z", ["d14@2026-11-30"])).toEqual(["d7 send"]);
  });

  it("after 3 days down records stale stages as skipped and sends nothing old", () => {
    expect(decide("2026-11-26T12:00:00Z", ["d14@2026-11-30"])).toEqual(["d7 skip"]);
    expect(decide("2026-11-30T02:00:00Z", ["d14@2026-11-30"])).toEqual(["d7 skip", "d1 skip", "d0 send"]);
  });
});

describe("with the bundled Vietnamese calendar", async () => {
  const { readFileSync } = await import("node:fs");
  const { parseCalendar } = await import("../../src/domain/working-days.js");
  const vn = parseCalendar(readFileSync("seeds/calendar-vn.json", "utf8"));
  const stagesOf = (due: string) => ladderStages(due, "once", defaultLadder, vn, { from: "2000-01-01", until: due }).map((s) => `${s.date} ${s.key.split("@")[0]}`);

  it.each([
    // Due the Monday after Tết 2026 (off 16–20/2): d3 (Fri 20/2) and d1 (Sun 22/2) go out before Tết, on Fri 13/2.
    ["2026-02-23", ["2026-02-09 d14", "2026-02-13 d1", "2026-02-23 d0"]],
    // Due the Friday after Tết 2027 (provisional: off 5–11/2): d7 (5/2), d3 (9/2) and d1 (11/2)
    // all fall in the holiday and go out once, before it, on Thursday 4/2.
    ["2027-02-12", ["2027-01-29 d14", "2027-02-04 d1", "2027-02-12 d0"]],
    // Hùng Kings' day 2026 is Sunday 26/4, made up on Monday 27/4: a report due 27/4 is reminded on Friday 24/4.
    ["2026-04-27", ["2026-04-13 d14", "2026-04-20 d7", "2026-04-24 d0"]],
    // 2/9/2026 (Wed), with 31/8 and 1/9 off: d3 (Sun 30/8), d1 (1/9) and d0 (2/9) go out on Friday 28/8.
    ["2026-09-02", ["2026-08-19 d14", "2026-08-26 d7", "2026-08-28 d0"]],
  ])("a cycle due %s", (due, expected) => {
    expect(stagesOf(due)).toEqual(expected);
  });
});
