/**
 * Occurrences of an assignment's deadline (DESIGN.md §3): one for a dated task, one per year,
 * quarter or month for recurring ones, one open-ended cycle for a task without a date.
 */
import type { Deadline } from "./deadline.js";
import { lastDayOfMonth, parseLocalDate, toLocalDate, type LocalDate } from "./local-date.js";

export interface CycleSpec {
  /** "once", "open", "2026", "2026-H2", "2026-Q4", "2026-11": unique per assignment */
  period: string;
  due: LocalDate | null;
}

function clampDay(year: number, month: number, day: number | undefined): number {
  const last = lastDayOfMonth(year, month);
  return day === undefined ? last : Math.min(day, last);
}

/** The cycle of a recurring deadline for the period that contains `date`. */
export function recurringCycleAt(deadline: Deadline, date: LocalDate): CycleSpec | null {
  const { year, month } = parseLocalDate(date);
  switch (deadline.kind) {
    case "annual": {
      const dueMonth = deadline.month ?? 12;
      return { period: String(year), due: toLocalDate(year, dueMonth, clampDay(year, dueMonth, deadline.day)) };
    }
    case "semiannual": {
      // Two periods a year: H1 due in June (or the month given), H2 six months later.
      const half = month <= 6 ? 1 : 2;
      const firstMonth = deadline.month !== undefined ? ((deadline.month - 1) % 6) + 1 : 6;
      const dueMonth = half === 1 ? firstMonth : firstMonth + 6;
      return { period: `${year}-H${half}`, due: toLocalDate(year, dueMonth, clampDay(year, dueMonth, deadline.day)) };
    }
    case "quarterly": {
      const quarter = Math.ceil(month / 3);
      const dueMonth = quarter * 3;
      return { period: `${year}-Q${quarter}`, due: toLocalDate(year, dueMonth, clampDay(year, dueMonth, deadline.day)) };
    }
    case "monthly":
      return { period: `${year}-${String(month).padStart(2, "0")}`, due: toLocalDate(year, month, clampDay(year, month, deadline.day)) };
    default:
      return null;
  }
}

function nextPeriodStart(deadline: Deadline, date: LocalDate): LocalDate {
  const { year, month } = parseLocalDate(date);
  if (deadline.kind === "annual") return toLocalDate(year + 1, 1, 1);
  if (deadline.kind === "semiannual") return month <= 6 ? toLocalDate(year, 7, 1) : toLocalDate(year + 1, 1, 1);
  const step = deadline.kind === "quarterly" ? 3 - ((month - 1) % 3) : 1;
  const next = month + step;
  return next > 12 ? toLocalDate(year + 1, next - 12, 1) : toLocalDate(year, next, 1);
}

/**
 * The first cycle to track from `today`: the dated task's only cycle, or the first recurring
 * cycle whose due date is not yet past (a plan imported in November tracks this year's 30/11).
 */
export function firstCycle(deadline: Deadline, today: LocalDate): CycleSpec {
  switch (deadline.kind) {
    case "date":
    case "horizon":
      return { period: "once", due: deadline.date };
    case "conditional":
    case "none":
      return { period: "open", due: null };
    default: {
      let cycle = recurringCycleAt(deadline, today)!;
      if (cycle.due! < today) cycle = recurringCycleAt(deadline, nextPeriodStart(deadline, today))!;
      return cycle;
    }
  }
}

/** The cycle that matters now: the earliest open one (undated last), else the latest done. */
export function currentCycle<T extends { due: string | null; completedOn: string | null }>(cycles: readonly T[]): T | undefined {
  const open = cycles.filter((c) => c.completedOn === null).sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999"));
  return open[0] ?? [...cycles].sort((a, b) => (b.due ?? "").localeCompare(a.due ?? ""))[0];
}
