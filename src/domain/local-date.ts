/**
 * Local calendar dates as `YYYY-MM-DD` strings, the one conversion from an instant to the local
 * date (or wall time) of a time zone, and the one way to add days or minutes to an instant.
 * Pure: `now` is always passed in.
 */
import { tzOffset } from "@date-fns/tz";

export type LocalDate = string;

/**
 * The dates dondoc accepts anywhere a date is entered (chat, CLI, imports, reviewed workbooks).
 * Outside it, date arithmetic and formatting break (year 10000 has no ISO form), and no plan of
 * this genre means it: a typo such as 31/12/9999 must be refused where it is typed.
 */
export const DATE_WINDOW = { first: "2000-01-01", last: "2100-12-31" } as const;

export function isWithinDateWindow(date: LocalDate): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= DATE_WINDOW.first && date <= DATE_WINDOW.last;
}

// One formatter per zone: building an Intl formatter is the expensive part, using it is cheap.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

/**
 * `2026-11-30T08:05:00`: the wall-clock time of an instant (a `Date` or an ISO string) in the
 * zone, to the second. `.slice(0, 16)` gives the minute, `.slice(0, 10)` the date.
 */
export function localDateTimeOf(instant: Date | string, timeZone: string): string {
  const at = new Date(instant);
  return addMinutesToInstant(at, tzOffset(timeZone, at)).toISOString().slice(0, 19);
}

/** `30/11/2026 08:05`: a local wall time (`YYYY-MM-DDTHH:mm`, seconds allowed) as Vietnamese documents write it. */
export function formatVietnameseDateTime(local: string): string {
  return `${formatVietnameseDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

// Elapsed time: a day is 24 hours here, whatever the zone (Vietnam keeps no daylight saving),
// so a window of "7 days" never depends on the server's own time zone.
const msPerMinute = 60_000;
const msPerDay = 86_400_000;

/** `days` days of 24 hours, in milliseconds. */
export function daysInMs(days: number): number {
  return days * msPerDay;
}

/** The instant `days` × 24 hours after `instant` (before it, for a negative count). */
export function addDaysToInstant(instant: Date, days: number): Date {
  return new Date(instant.getTime() + daysInMs(days));
}

/** The instant `minutes` minutes after `instant` (before it, for a negative count). */
export function addMinutesToInstant(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * msPerMinute);
}

// Calendar arithmetic on the proleptic Gregorian calendar. Plain integers where they suffice; a
// UTC Date only for day counts, so the server's own time zone never shifts a date. (date-fns
// works on instants in a time zone: for a `YYYY-MM-DD` string it would only add conversions.)

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The number of days in `month` (1-12) of `year`: 28 to 31. */
export function lastDayOfMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function toLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The date, or null when it does not exist (31/02, 29/02 of a common year, month 13, day 0). */
export function localDateFrom(year: number, month: number, day: number): LocalDate | null {
  if (!Number.isInteger(year) || year < 0 || year > 9999 || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return toLocalDate(year, month, day);
}

/** The last day of a month (a quarter ends with its third month, a half-year with its sixth). */
export function endOfMonthDate(year: number, month: number): LocalDate {
  return toLocalDate(year, month, lastDayOfMonth(year, month));
}

/** True for a `YYYY-MM-DD` string naming a day that exists ("2026-02-29" does not). */
export function isRealLocalDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && localDateFrom(Number(match[1]), Number(match[2]), Number(match[3])) !== null;
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

/**
 * The local date `days` later (or earlier). Calendar arithmetic on the date itself, in UTC, so
 * the server's own time zone never shifts it.
 */
export function addDaysToDate(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + daysInMs(days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / msPerDay);
}

/** `30/11/2026`, the way Vietnamese documents write dates. */
export function formatVietnameseDate(date: LocalDate): string {
  const { year, month, day } = parseLocalDate(date);
  return `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
}

/** A date as people type it: "15/12/2026", "15-12-2026", "2026-12-15"; null when not a real date. */
export function parseTypedDate(text: string): LocalDate | null {
  const trimmed = text.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const [year, month, day] = dmy ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])] : ymd ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])] : [0, 0, 0];
  if (!year || month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return toLocalDate(year, month, day);
}
