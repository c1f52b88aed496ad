import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { CalendarError, hungKingsDay, lunarNewYear, parseCalendar, statutoryDaysOff } from "../../src/domain/working-days.js";

const seedText = readFileSync(new URL("../../seeds/calendar-vn.json", import.meta.url), "utf8");
const seed = JSON.parse(seedText) as {
  years: Record<string, { days_off: { date: string; name: string; provisional?: boolean }[] }>;
};
const calendar = parseCalendar(seedText);

function daysOffIn(year: number): { date: string; name: string; provisional?: boolean }[] {
  return seed.years[String(year)]?.days_off ?? [];
}

describe("the seed calendar", () => {
  it.each([
    [2022, true],
    [2023, true],
    [2024, true],
    [2025, true],
    [2026, true],
    [2027, false], // provisional: no announcement yet
    [2028, false], // not in the file
    [2021, false],
  ])("covers(%i) is %s", (year, expected) => {
    expect(calendar.covers(year)).toBe(expected);
  });

  it("uses Vietnam's time zone", () => {
    expect(calendar.timeZone).toBe("Asia/Ho_Chi_Minh");
  });
});

type Row = [date: string, working: boolean, why: string];

function checkDays(rows: Row[]): void {
  it.each(rows)("%s is a working day: %s (%s)", (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });
}

describe("weekends and ordinary weekdays", () => {
  checkDays([
    ["2026-03-07", false, "Saturday"],
    ["2026-03-08", false, "Sunday"],
    ["2024-11-30", false, "Saturday"],
    ["2025-11-30", false, "Sunday"],
    ["2026-03-04", true, "Wednesday"],
    ["2026-11-30", true, "Monday"],
    ["2028-03-08", true, "Wednesday of a year outside the file"],
    ["2028-03-11", false, "Saturday of a year outside the file"],
  ]);
});

describe("Tết Dương lịch", () => {
  checkDays([
    ["2022-01-03", false, "1/1/2022 was a Saturday: made up on Monday"],
    ["2023-01-02", false, "1/1/2023 was a Sunday: made up on Monday"],
    ["2024-01-01", false, "Monday"],
    ["2025-01-01", false, "Wednesday"],
    ["2025-01-02", true, "no bridge in 2025"],
    ["2026-01-01", false, "Thursday"],
    ["2026-01-02", false, "Friday swapped for Saturday 10/1 (12729/VPCP-KGVX)"],
    ["2026-01-05", true, "back to work"],
    ["2027-01-01", false, "Friday (provisional)"],
  ]);
});

describe("Tết Nguyên đán blocks", () => {
  const blocks: [year: number, off: string[], lastBefore: string, firstAfter: string][] = [
    [2022, ["2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04"], "2022-01-28", "2022-02-07"],
    [2023, ["2023-01-20", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26"], "2023-01-19", "2023-01-27"],
    [2024, ["2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"], "2024-02-07", "2024-02-15"],
    [2025, ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"], "2025-01-24", "2025-02-03"],
    [2026, ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"], "2026-02-13", "2026-02-23"],
    [2027, ["2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"], "2027-02-04", "2027-02-12"],
  ];
  it.each(blocks)("Tết %i: weekdays off, and work on either side", (_year, off, lastBefore, firstAfter) => {
    expect(off.filter((date) => calendar.isWorkingDay(date))).toEqual([]);
    expect(calendar.isWorkingDay(lastBefore)).toBe(true);
    expect(calendar.isWorkingDay(firstAfter)).toBe(true);
    expect(calendar.nextWorkingDay(off[0] as string)).toBe(firstAfter);
  });
});

describe("Giỗ Tổ Hùng Vương", () => {
  checkDays([
    ["2022-04-11", false, "10/4/2022 was a Sunday: made up on Monday"],
    ["2023-05-02", false, "29/4/2023 was a Saturday: made up after 1/5"],
    ["2024-04-18", false, "Thursday"],
    ["2024-04-19", true, "the Friday after"],
    ["2025-04-07", false, "Monday"],
    ["2026-04-27", false, "26/4/2026 is a Sunday: made up on Monday"],
    ["2026-04-28", true, "no bridge to 30/4 in 2026"],
    ["2027-04-16", false, "Friday (provisional)"],
  ]);
});

describe("30/4 and 1/5 with bridges and make-up days", () => {
  checkDays([
    ["2022-05-02", false, "30/4 on Saturday, made up"],
    ["2022-05-03", false, "1/5 on Sunday, made up"],
    ["2022-05-04", true, "back to work"],
    ["2023-05-01", false, "Monday"],
    ["2023-05-03", false, "30/4 on Sunday, made up"],
    ["2023-05-04", true, "back to work"],
    ["2024-04-29", false, "Monday swapped (2450/VPCP-KGVX)"],
    ["2024-04-30", false, "Tuesday"],
    ["2024-05-01", false, "Wednesday"],
    ["2024-05-04", true, "Saturday worked in exchange"],
    ["2025-04-30", false, "Wednesday"],
    ["2025-05-02", false, "Friday swapped (6150/TB-BLĐTBXH)"],
    ["2025-04-26", true, "Saturday worked in exchange"],
    ["2026-04-30", false, "Thursday"],
    ["2026-05-01", false, "Friday"],
    ["2027-05-03", false, "1/5/2027 is a Saturday: made up on Monday (provisional)"],
    ["2027-05-04", true, "back to work"],
  ]);
});

describe("Quốc khánh 2/9 and its adjacent day", () => {
  checkDays([
    ["2022-09-01", false, "Thursday before"],
    ["2022-09-02", false, "Friday"],
    ["2022-08-31", true, "Wednesday before"],
    ["2023-09-01", false, "Friday before a Saturday 2/9"],
    ["2023-09-04", false, "2/9 on Saturday, made up on Monday"],
    ["2023-09-05", true, "back to work"],
    ["2024-09-02", false, "Monday"],
    ["2024-09-03", false, "Tuesday after"],
    ["2024-09-04", true, "back to work"],
    ["2025-09-01", false, "Monday before"],
    ["2025-09-02", false, "Tuesday"],
    ["2025-09-03", true, "back to work"],
    ["2026-08-31", false, "Monday swapped (9441/TB-BNV)"],
    ["2026-09-01", false, "Tuesday before"],
    ["2026-09-02", false, "Wednesday"],
    ["2026-09-03", true, "back to work"],
    ["2027-09-02", false, "Thursday (provisional)"],
    ["2027-09-03", false, "Friday after (provisional)"],
    ["2027-09-01", true, "Wednesday before"],
  ]);
});

describe("make-up Saturdays", () => {
  checkDays([
    ["2024-05-04", true, "làm bù for 29/4/2024"],
    ["2025-04-26", true, "làm bù for 2/5/2025"],
    ["2026-01-10", true, "làm bù for 2/1/2026"],
    ["2026-08-22", true, "làm bù for 31/8/2026"],
    ["2026-08-29", false, "the next Saturday is a weekend again"],
  ]);
});

describe("previousWorkingDay: where a reminder stage lands", () => {
  it.each([
    ["2026-02-16", "2026-02-13", "first day of Tết 2026"],
    ["2026-02-18", "2026-02-13", "mùng 2 Tết 2026"],
    ["2027-02-06", "2027-02-04", "mùng 1 Tết 2027 (provisional)"],
    ["2027-02-10", "2027-02-04", "make-up day of Tết 2027 (provisional)"],
    ["2025-04-07", "2025-04-04", "Giỗ Tổ 2025 on a Monday"],
    ["2026-04-26", "2026-04-24", "Giỗ Tổ 2026 on a Sunday"],
    ["2026-04-27", "2026-04-24", "its make-up Monday"],
    ["2025-09-02", "2025-08-29", "Quốc khánh 2025"],
    ["2026-09-02", "2026-08-28", "Quốc khánh 2026, past the swapped Monday"],
    ["2023-09-04", "2023-08-31", "make-up day of Quốc khánh 2023"],
    ["2024-11-30", "2024-11-29", "30/11/2024 is a Saturday"],
    ["2025-11-30", "2025-11-28", "30/11/2025 is a Sunday"],
    ["2026-11-30", "2026-11-30", "30/11/2026 is a Monday and stays"],
    ["2026-08-23", "2026-08-22", "a Sunday moves to the make-up Saturday before it"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(calendar.previousWorkingDay(date)).toBe(expected);
  });
});

describe("nextWorkingDay and addWorkingDays", () => {
  it.each([
    ["2026-02-14", "2026-02-23"],
    ["2026-08-29", "2026-09-03"],
    ["2024-04-27", "2024-05-02"],
    ["2026-03-04", "2026-03-04"],
  ])("nextWorkingDay(%s) = %s", (date, expected) => {
    expect(calendar.nextWorkingDay(date)).toBe(expected);
  });

  it.each([
    ["2026-02-12", 1, "2026-02-13"],
    ["2026-02-13", 1, "2026-02-23"],
    ["2026-02-23", -1, "2026-02-13"],
    ["2026-02-14", 1, "2026-02-23"],
    ["2026-02-14", 0, "2026-02-14"],
    ["2026-08-20", 2, "2026-08-22"],
    ["2026-09-03", -3, "2026-08-26"],
    ["2025-12-31", 1, "2026-01-05"],
    ["2026-11-27", 5, "2026-12-04"],
  ] as const)("addWorkingDays(%s, %i) = %s", (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it("refuses a fractional count", () => {
    expect(() => calendar.addWorkingDays("2026-03-04", 1.5)).toThrow(RangeError);
  });

  it.each(["2026-13-01", "2026-2-3", "2026-02-29", "30/11/2026"])("refuses the malformed date %s", (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(DomainError);
    expect(() => calendar.previousWorkingDay(date)).toThrow(expect.objectContaining({ code: "date_invalid" }));
  });
});

describe("the Vietnamese lunar calendar (date-chinese)", () => {
  it.each([
    [2022, "2022-02-01", "2022-04-10"],
    [2023, "2023-01-22", "2023-04-29"],
    [2024, "2024-02-10", "2024-04-18"],
    [2025, "2025-01-29", "2025-04-07"],
    [2026, "2026-02-17", "2026-04-26"],
    [2027, "2027-02-06", "2027-04-16"],
  ])("%i: Tết on %s and Giỗ Tổ on %s, as announced and as the file lists them", (year, tet, hungKings) => {
    expect(lunarNewYear(year)).toBe(tet);
    expect(hungKingsDay(year)).toBe(hungKings);
    const off = daysOffIn(year);
    expect(off.find((day) => day.date === tet)?.name).toMatch(/^Tết Nguyên đán \(mùng 1/);
    expect(off.find((day) => day.date === hungKings)?.name).toMatch(/^Giỗ Tổ Hùng Vương/);
  });

  it.each([
    [1985, "1985-01-21"], // China: 20 February 1985
    [2007, "2007-02-17"], // China: 18 February 2007
  ])("follows Vietnam's meridian, not China's: Tết %i on %s", (year, tet) => {
    expect(lunarNewYear(year)).toBe(tet);
  });
});

describe("rule-based days off for years outside the file", () => {
  it("reproduce 2022, a year without swaps, exactly as announced", () => {
    expect(statutoryDaysOff(2022)).toEqual(
      daysOffIn(2022)
        .map((day) => day.date)
        .sort(),
    );
  });

  it("agree with the provisional 2027 entries, except a day added after the Labor Code", () => {
    const listed = daysOffIn(2027).filter((day) => !day.name.startsWith("Ngày Văn hóa"));
    expect(listed.every((day) => day.provisional === true)).toBe(true);
    expect(statutoryDaysOff(2027)).toEqual(listed.map((day) => day.date).sort());
  });

  it.each([2022, 2023, 2024, 2025, 2026, 2027])("pick the day next to 2/9 that %i's announcement picked", (year) => {
    const neighbours = [`${year}-09-01`, `${year}-09-03`];
    const listed = daysOffIn(year)
      .map((day) => day.date)
      .filter((date) => neighbours.includes(date));
    expect(listed).toHaveLength(1);
    expect(statutoryDaysOff(year).filter((date) => neighbours.includes(date))).toEqual(listed);
  });

  checkDays([
    ["2028-01-03", false, "1/1/2028 is a Saturday: made up on Monday"],
    ["2028-01-25", false, "last day of Đinh Mùi"],
    ["2028-01-28", false, "mùng 3 Tết Mậu Thân"],
    ["2028-01-31", false, "mùng 4 falls on Saturday: made up on Monday"],
    ["2028-02-01", true, "back to work"],
    ["2028-04-04", false, "Giỗ Tổ 2028"],
    ["2028-05-02", false, "30/4/2028 is a Sunday: made up after 1/5"],
    ["2028-09-01", false, "the day before a Saturday 2/9"],
    ["2028-09-04", false, "2/9/2028 made up on Monday"],
  ]);
});

describe("parseCalendar rejects a bad file and names the place", () => {
  const year = () => ({
    source: [{ document: "Thông báo 9441/TB-BNV", issuer: "Bộ Nội vụ" }],
    days_off: [{ date: "2026-01-01", name: "Tết Dương lịch", source: "BLLĐ 2019, Điều 112" }],
    working_days: [] as object[],
  });
  const file = (years: Record<string, object>, extra: object = {}) => JSON.stringify({ timezone: "Asia/Ho_Chi_Minh", years, ...extra });

  function problemsOf(json: string): string[] {
    try {
      parseCalendar(json);
    } catch (error) {
      if (error instanceof CalendarError) return [...error.problems];
      throw error;
    }
    return [];
  }

  it("accepts the minimal file", () => {
    expect(problemsOf(file({ "2026": year() }))).toEqual([]);
  });

  it.each([
    [
      "an impossible date",
      file({ "2026": { ...year(), days_off: [{ date: "2026-02-30", name: "x", source: "y" }] } }),
      'years.2026.days_off[0].date: "2026-02-30" không phải ngày hợp lệ dạng YYYY-MM-DD',
    ],
    [
      "a date in the wrong shape",
      file({ "2026": { ...year(), days_off: [{ date: "16/02/2026", name: "x", source: "y" }] } }),
      'years.2026.days_off[0].date: "16/02/2026" không phải ngày hợp lệ dạng YYYY-MM-DD',
    ],
    [
      "an unknown field in an entry",
      file({ "2026": { ...year(), days_off: [{ date: "2026-01-01", name: "x", source: "y", ngay: 1 }] } }),
      "years.2026.days_off[0].ngay: trường không được hỗ trợ",
    ],
    ["an unknown field in a year", file({ "2026": { ...year(), holidays: [] } }), "years.2026.holidays: trường không được hỗ trợ"],
    ["an unknown top-level field", file({ "2026": year() }, { timezon: "UTC" }), "timezon: trường không được hỗ trợ"],
    ["a date outside its year", file({ "2026": { ...year(), days_off: [{ date: "2025-12-31", name: "x", source: "y" }] } }), "years.2026.days_off[0].date: 2025-12-31 không thuộc năm 2026"],
    [
      "a date listed twice",
      file({ "2026": { ...year(), days_off: [...year().days_off, { date: "2026-01-01", name: "x", source: "y" }] } }),
      "years.2026.days_off[1].date: 2026-01-01 đã có ở days_off[0]",
    ],
    [
      "a date both off and worked",
      file({ "2026": { ...year(), working_days: [{ date: "2026-01-01", name: "x", source: "y" }] } }),
      "years.2026.working_days[0].date: 2026-01-01 đã có ở days_off[0]",
    ],
    [
      "a make-up day on a weekday",
      file({ "2026": { ...year(), working_days: [{ date: "2026-01-05", name: "x", source: "y" }] } }),
      "years.2026.working_days[0].date: 2026-01-05 là ngày thường, không phải ngày làm bù cuối tuần",
    ],
    ["a year that is not four digits", file({ "26": year() }), "years.26: năm phải có 4 chữ số"],
    ["a year without sources", file({ "2026": { ...year(), source: [] } }), "years.2026.source: "],
    ["an entry without its source", file({ "2026": { ...year(), days_off: [{ date: "2026-01-01", name: "x" }] } }), "years.2026.days_off[0].source: "],
    ["an unknown time zone", JSON.stringify({ timezone: "Asia/Hanoi_City", years: {} }), "timezone: không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)"],
    ["broken JSON", '{ "timezone": ', "JSON: "],
  ])("%s", (_what, json, expected) => {
    const problems = problemsOf(json);
    expect(problems.some((problem) => problem.startsWith(expected))).toBe(true);
  });

  it("reports every problem at once", () => {
    const json = file({
      "2026": {
        ...year(),
        days_off: [
          { date: "2026-02-30", name: "x", source: "y" },
          { date: "2026-04-31", name: "x", source: "y" },
        ],
      },
    });
    expect(problemsOf(json)).toHaveLength(2);
    expect(() => parseCalendar(json)).toThrow(/Lịch ngày làm việc không hợp lệ:\n {2}- years\.2026\.days_off\[0\]\.date/);
  });
});
