/**
 * Working days of Vietnamese civil servants: Monday–Friday, minus the days off of the admin's
 * calendar file (`seeds/calendar-vn.json`), plus the Saturdays it lists as make-up working days.
 * Pure: the caller reads the file and passes its text to `parseCalendar`.
 *
 * A year missing from the file falls back to the Labor Code 2019 alone (`statutoryDaysOff`):
 * weekends, 1/1, Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and its adjacent day, and a make-up day
 * for each of them on a weekend. It knows no swap, no make-up Saturday and no day added by later
 * law (such as Ngày Văn hóa Việt Nam): those only come from the file, and `covers(year)` says
 * whether a year's official announcement has been entered.
 *
 * Lunar dates come from date-chinese's `CalendarVietnamese` (astronomical new moons and solar
 * terms on the UTC+7 meridian, as Vietnam's calendar is defined) rather than from data only, so
 * that a year the admin has not entered yet still keeps Tết free of reminders. It agrees with
 * Hồ Ngọc Đức's algorithm (the `amlich` package) for every Tết and Giỗ Tổ from 1970 to 2100; it was
 * preferred to that package and to `vietnamese-lunar-calendar` because it is maintained and
 * typed, and to `lunar-javascript`, which follows the Chinese calendar (UTC+8: Tết 1985, 2007 and
 * 2030 fall on other days). The unit tests check it against the official dates of 2022–2027.
 */
// date-chinese ships these types, but its package.json "exports" has no "types" condition, so
// NodeNext resolution does not find them on its own.
/// <reference path="../../node_modules/date-chinese/types/index.d.ts" />
import { CalendarVietnamese } from "date-chinese";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { addDaysToDate, dayOfWeek, isRealLocalDate, toLocalDate, type LocalDate } from "./local-date.js";

export interface WorkingCalendar {
  readonly timeZone: string;
  isWorkingDay(date: LocalDate): boolean;
  /** The date itself when it is a working day, else the closest earlier working day. */
  previousWorkingDay(date: LocalDate): LocalDate;
  /** The date itself when it is a working day, else the closest later working day. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** Moves |n| working days forward (n > 0) or back (n < 0); the start need not be a working day. */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** True when the file holds the year's official announcement, not rules or provisional data. */
  covers(year: number): boolean;
}

export class CalendarError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Lịch ngày làm việc không hợp lệ:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CalendarError";
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const comment = z.union([z.string(), z.array(z.string())]).optional();
const text = z.string().trim().min(1).max(400);
const localDate = z.string().refine(isRealLocalDate, { error: (issue) => `"${String(issue.input)}" không phải ngày hợp lệ dạng YYYY-MM-DD` });
const entry = z.strictObject({ date: localDate, name: text, source: text, provisional: z.boolean().default(false), $comment: comment });
const document = z.strictObject({ document: text, issuer: text, url: z.url().optional(), note: z.string().optional() });
const yearSchema = z.strictObject({
  $comment: comment,
  provisional: z.boolean().default(false),
  source: z.array(document).min(1),
  days_off: z.array(entry),
  working_days: z.array(entry).default([]),
});
const calendarSchema = z.strictObject({
  $comment: comment,
  timezone: z.string().refine(isTimeZone, { error: "không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)" }),
  years: z.record(z.string().regex(/^\d{4}$/, "năm phải có 4 chữ số"), yearSchema),
});
type CalendarFile = z.infer<typeof calendarSchema>;
type YearData = z.infer<typeof yearSchema>;

function placeOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((place, key) => (typeof key === "number" ? `${place}[${key}]` : place ? `${place}.${String(key)}` : String(key)), "");
}

function schemaProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") return issue.keys.map((key) => `${placeOf([...issue.path, key])}: trường không được hỗ trợ`);
    const message = issue.code === "invalid_key" ? issue.issues.map((inner) => inner.message).join("; ") : issue.message;
    return [`${placeOf(issue.path) || "tệp"}: ${message}`];
  });
}

function yearProblems(key: string, year: YearData): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const list of ["days_off", "working_days"] as const) {
    year[list].forEach((item, i) => {
      const place = `years.${key}.${list}[${i}].date`;
      if (!item.date.startsWith(`${key}-`)) problems.push(`${place}: ${item.date} không thuộc năm ${key}`);
      const earlier = seen.get(item.date);
      if (earlier) problems.push(`${place}: ${item.date} đã có ở ${earlier}`);
      seen.set(item.date, `${list}[${i}]`);
      if (list === "working_days" && !isWeekend(item.date)) problems.push(`${place}: ${item.date} là ngày thường, không phải ngày làm bù cuối tuần`);
    });
  }
  return problems;
}

/** Parses the calendar file; throws one CalendarError listing every problem with its place. */
export function parseCalendar(json: string): WorkingCalendar {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new CalendarError([`JSON: ${(error as Error).message}`]);
  }
  const parsed = calendarSchema.safeParse(data);
  if (!parsed.success) throw new CalendarError(schemaProblems(parsed.error));
  const problems = Object.entries(parsed.data.years).flatMap(([key, year]) => yearProblems(key, year));
  if (problems.length > 0) throw new CalendarError(problems);
  return createWorkingCalendar(parsed.data);
}

function createWorkingCalendar(file: CalendarFile): WorkingCalendar {
  const years = new Map(
    Object.entries(file.years).map(([key, year]) => [
      Number(key),
      { official: !year.provisional, off: new Set(year.days_off.map((d) => d.date)), worked: new Set(year.working_days.map((d) => d.date)) },
    ]),
  );
  const ruleBased = new Map<number, Set<LocalDate>>();

  function isWorkingDay(date: LocalDate): boolean {
    const year = yearOf(date);
    const listed = years.get(year);
    if (listed) return listed.worked.has(date) || (!isWeekend(date) && !listed.off.has(date));
    let off = ruleBased.get(year);
    if (!off) ruleBased.set(year, (off = new Set(statutoryDaysOff(year))));
    return !isWeekend(date) && !off.has(date);
  }

  function step(date: LocalDate, direction: 1 | -1): LocalDate {
    let day = date;
    // A year has no run of days off this long; the bound only stops a corrupt file from hanging.
    for (let i = 0; i < 366; i++, day = addDaysToDate(day, direction)) if (isWorkingDay(day)) return day;
    throw new Error(`no working day within a year of ${date}`);
  }

  return {
    timeZone: file.timezone,
    isWorkingDay: (date) => isWorkingDay(checked(date)),
    previousWorkingDay: (date) => step(checked(date), -1),
    nextWorkingDay: (date) => step(checked(date), 1),
    addWorkingDays(date, n) {
      if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
      let day = checked(date);
      const direction = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; left--) day = step(addDaysToDate(day, direction), direction);
      return day;
    },
    covers: (year) => years.get(year)?.official ?? false,
  };
}

/** Mùng 1 Tết of the lunar year that begins in the Gregorian `year` (Vietnamese calendar). */
export function lunarNewYear(year: number): LocalDate {
  return lunarToSolar(year, 1, 1);
}

/** Giỗ Tổ Hùng Vương, 10/3 of the lunar year that begins in the Gregorian `year`. */
export function hungKingsDay(year: number): LocalDate {
  return lunarToSolar(year, 3, 10);
}

function lunarToSolar(year: number, month: number, day: number): LocalDate {
  const calendar = new CalendarVietnamese();
  calendar.fromJDE(calendar.newYear(year));
  const [cycle, lunarYear] = calendar.get() as [number, number];
  const solar = new CalendarVietnamese(cycle, lunarYear, month, 0, day).toGregorian(year);
  return toLocalDate(solar.year, solar.month, solar.day);
}

// The adjacent day of 2/9 the Prime Minister chose in 2021–2026, by weekday of 2/9 (Sunday
// first): the one that joins the holiday to a weekend, and Tuesday for a Wednesday (2026).
const NATIONAL_DAY_NEIGHBOUR = [1, 1, -1, -1, 1, -1, -1] as const;

/**
 * The days off of a year by the Labor Code 2019 alone (Điều 112; make-up days by Điều 111
 * khoản 3), for years the file lacks. Tết is taken as the last day of the lunar year and mùng
 * 1–4, the choice of 2022 and 2026; the Prime Minister may pick other days.
 */
export function statutoryDaysOff(year: number): LocalDate[] {
  const tet = lunarNewYear(year);
  const nationalDay = toLocalDate(year, 9, 2);
  const holidays = [
    toLocalDate(year, 1, 1),
    ...[-1, 0, 1, 2, 3].map((offset) => addDaysToDate(tet, offset)),
    hungKingsDay(year),
    toLocalDate(year, 4, 30),
    toLocalDate(year, 5, 1),
    nationalDay,
    addDaysToDate(nationalDay, NATIONAL_DAY_NEIGHBOUR[dayOfWeek(nationalDay)] ?? 1),
  ];
  const off = new Set(holidays);
  for (const holiday of holidays) {
    if (!isWeekend(holiday)) continue;
    let makeUp = addDaysToDate(holiday, 1);
    while (isWeekend(makeUp) || off.has(makeUp)) makeUp = addDaysToDate(makeUp, 1);
    off.add(makeUp);
  }
  return [...off].sort();
}

function checked(date: LocalDate): LocalDate {
  if (!isRealLocalDate(date)) throw new DomainError("date_invalid", { date });
  return date;
}

function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

function isWeekend(date: LocalDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}
