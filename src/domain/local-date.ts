/**
 * Local calendar dates as `YYYY-MM-DD` strings, and the one conversion from an instant to the
 * local date of a time zone. Pure: `now` is always passed in.
 */

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

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
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
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
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
