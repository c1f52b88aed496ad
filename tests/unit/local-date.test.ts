/**
 * The one calendar module (src/domain/local-date.ts) that the cycles, the deadline reader, the
 * plan preamble, reply reading, the working calendar and the services all count days with.
 */
import { describe, expect, it } from "vitest";
import {
  addDaysToDate,
  addDaysToInstant,
  addMinutesToInstant,
  dayOfWeek,
  daysBetween,
  daysInMs,
  endOfMonthDate,
  formatVietnameseDateTime,
  isLeapYear,
  isRealLocalDate,
  lastDayOfMonth,
  localDateFrom,
  localDateOf,
  localDateTimeOf,
  parseTypedDate,
  toLocalDate,
} from "../../src/domain/local-date.js";
import { recurringCycleAt } from "../../src/domain/cycles.js";
import { extractDeadline } from "../../src/plan/deadline-phrase.js";
import { readReplyIntent } from "../../src/domain/reply-intent.js";

describe("leap years and month ends", () => {
  it.each([
    [2024, true],
    [2026, false],
    [2000, true], // divisible by 400
    [2100, false], // a century, not by 400
    [1900, false],
    [0, true],
  ] as const)("isLeapYear(%i) = %s", (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });

  it.each([
    [2024, 2, 29],
    [2026, 2, 28],
    [2100, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 6, 30],
    [2026, 9, 30],
    [2026, 11, 30],
    [2026, 1, 31],
    [2026, 12, 31],
  ] as const)("%i-%i has %i days", (year, month, days) => {
    expect(lastDayOfMonth(year, month)).toBe(days);
  });

  it("gives the last day of a quarter's and a half-year's closing month", () => {
    expect([3, 6, 9, 12].map((month) => endOfMonthDate(2026, month))).toEqual(["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]);
    expect(endOfMonthDate(2028, 2)).toBe("2028-02-29");
  });
});

describe("dates from parts", () => {
  it("builds a real date, padded", () => {
    expect(localDateFrom(2026, 2, 3)).toBe("2026-02-03");
    expect(toLocalDate(987, 1, 1)).toBe("0987-01-01");
  });

  it.each([
    [2026, 2, 29], // common year
    [2100, 2, 29], // century, not leap
    [2026, 4, 31],
    [2026, 13, 1],
    [2026, 0, 10],
    [2026, 5, 0],
    [2026, 1.5, 1],
    [Number.NaN, 1, 1],
  ] as const)("refuses %s-%s-%s", (year, month, day) => {
    expect(localDateFrom(year, month, day)).toBeNull();
  });

  it("accepts 29/02 of a leap year", () => {
    expect(localDateFrom(2028, 2, 29)).toBe("2028-02-29");
    expect(localDateFrom(2000, 2, 29)).toBe("2000-02-29");
  });

  it.each([
    ["2026-12-31", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-2-3", false],
    ["30/11/2026", false],
    ["", false],
  ] as const)("isRealLocalDate(%j) = %s", (text, real) => {
    expect(isRealLocalDate(text)).toBe(real);
  });
});

describe("day arithmetic", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2028-02-29", 1, "2028-03-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-03-29", 7, "2026-04-05"], // across the EU summer-time change: no DST in a local date
    ["2026-06-30", 184, "2026-12-31"],
    ["2026-12-15", 0, "2026-12-15"],
  ] as const)("addDaysToDate(%s, %i) = %s", (date, days, expected) => {
    expect(addDaysToDate(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it("counts the days of a year, leap or not", () => {
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(daysBetween("2026-12-31", "2026-01-01")).toBe(-364);
  });

  it("knows the day of the week (0 = Sunday)", () => {
    expect(dayOfWeek("2026-12-06")).toBe(0);
    expect(dayOfWeek("2026-12-07")).toBe(1);
    expect(dayOfWeek("2026-12-05")).toBe(6);
    expect(dayOfWeek("2028-02-29")).toBe(2);
  });

  it("converts an instant to the local date of a time zone", () => {
    const instant = new Date("2026-12-31T17:30:00Z");
    expect(localDateOf(instant, "Asia/Ho_Chi_Minh")).toBe("2027-01-01");
    expect(localDateOf(instant, "UTC")).toBe("2026-12-31");
  });
});

describe("instants: elapsed time and local wall time", () => {
  it("adds days of 24 hours and minutes to an instant, forwards and back", () => {
    const now = new Date("2026-11-30T08:05:00.123Z");
    expect(addDaysToInstant(now, 7).toISOString()).toBe("2026-12-07T08:05:00.123Z");
    expect(addDaysToInstant(now, -30).toISOString()).toBe("2026-10-31T08:05:00.123Z");
    expect(addDaysToInstant(now, 0).toISOString()).toBe(now.toISOString());
    expect(addMinutesToInstant(now, 10).toISOString()).toBe("2026-11-30T08:15:00.123Z");
    expect(addMinutesToInstant(now, -5).toISOString()).toBe("2026-11-30T08:00:00.123Z");
    expect(daysInMs(1)).toBe(24 * 60 * 60 * 1000);
    expect(daysInMs(2)).toBe(172_800_000);
    // a day is 24 hours even across a summer-time change (elapsed time, not a zone's calendar)
    expect(addDaysToInstant(new Date("2026-03-28T12:00:00Z"), 2).toISOString()).toBe("2026-03-30T12:00:00.000Z");
    expect(addDaysToInstant(now, 1)).not.toBe(now); // a new Date, the given one untouched
    expect(now.toISOString()).toBe("2026-11-30T08:05:00.123Z");
  });

  it("says an instant as the zone's wall time, to the second", () => {
    expect(localDateTimeOf("2026-11-27T02:00:00.000Z", "Asia/Ho_Chi_Minh")).toBe("2026-11-27T09:00:00");
    expect(localDateTimeOf(new Date("2026-12-31T17:30:45.999Z"), "Asia/Ho_Chi_Minh")).toBe("2027-01-01T00:30:45");
    expect(localDateTimeOf("2026-12-31T17:30:45Z", "UTC")).toBe("2026-12-31T17:30:45");
    // a zone with summer time: the offset of that instant
    expect(localDateTimeOf("2026-07-01T10:00:00Z", "Europe/Berlin")).toBe("2026-07-01T12:00:00");
    expect(localDateTimeOf("2026-01-01T10:00:00Z", "Europe/Berlin")).toBe("2026-01-01T11:00:00");
    expect(localDateTimeOf("2026-11-27T02:00:00Z", "Asia/Ho_Chi_Minh").slice(0, 10)).toBe(localDateOf(new Date("2026-11-27T02:00:00Z"), "Asia/Ho_Chi_Minh"));
  });

  it("writes a local wall time as dd/MM/yyyy HH:mm, with or without seconds", () => {
    expect(formatVietnameseDateTime("2026-11-27T09:00")).toBe("27/11/2026 09:00");
    expect(formatVietnameseDateTime("2027-01-01T00:30:45")).toBe("01/01/2027 00:30");
  });
});

describe("typed dates", () => {
  it.each([
    ["29/02/2028", "2028-02-29"],
    ["29/02/2026", null],
    ["31/4/2026", null],
    ["1.12.2026", "2026-12-01"],
    ["2026-12-15", "2026-12-15"],
  ] as const)("parseTypedDate(%j) = %j", (text, expected) => {
    expect(parseTypedDate(text)).toBe(expected);
  });
});

describe("every former copy now counts the same way", () => {
  it("cycles: quarter and half-year ends, February of a leap year", () => {
    expect(recurringCycleAt({ kind: "quarterly", phrase: "" }, "2026-08-10")).toEqual({ period: "2026-Q3", due: "2026-09-30" });
    expect(recurringCycleAt({ kind: "semiannual", phrase: "" }, "2026-01-10")).toEqual({ period: "2026-H1", due: "2026-06-30" });
    expect(recurringCycleAt({ kind: "monthly", day: 30, phrase: "" }, "2028-02-03")).toEqual({ period: "2028-02", due: "2028-02-29" });
  });

  it("plan documents: a quarter's and a month's last day, 29/02 only in a leap year", () => {
    expect(extractDeadline("hoàn thành trong Quý I năm 2028").deadline).toMatchObject({ kind: "date", date: "2028-03-31" });
    expect(extractDeadline("hoàn thành trong tháng 02 năm 2028").deadline).toMatchObject({ kind: "date", date: "2028-02-29" });
    expect(extractDeadline("trước ngày 29/02/2026").deadline.kind).not.toBe("date");
    expect(extractDeadline("trước ngày 29/02/2028").deadline).toMatchObject({ kind: "date", date: "2028-02-29" });
  });

  it("replies: 'hết tháng 2' is the month's last day, 29/02 waits for a leap year", () => {
    expect(readReplyIntent("xin gia hạn đến hết tháng 2/2028", "2026-12-01").proposedDate).toBe("2028-02-29");
    expect(readReplyIntent("xin gia hạn đến 29/02", "2026-12-01").proposedDate).toBe("2028-02-29");
  });
});
