/**
 * The reminder ladder (DESIGN.md §4): which stages a cycle's officers are reminded at, on which
 * working day, at what instant. Pure: the calendar and "now" are passed in.
 */
import { TZDate } from "@date-fns/tz";
import { addDaysToDate, daysBetween, daysInMs, type LocalDate } from "./local-date.js";

export interface WorkingDays {
  isWorkingDay(date: LocalDate): boolean;
  previousWorkingDay(date: LocalDate): LocalDate;
  nextWorkingDay(date: LocalDate): LocalDate;
}

export interface LadderConfig {
  /** days before the due date for a dated cycle; 0 is the due day */
  daysBefore: readonly number[];
  /** the same for monthly cycles */
  monthlyDaysBefore: readonly number[];
  /** after the first overdue reminder, one every this many days */
  overdueEveryDays: number;
  /** local time of day reminders go out */
  hour: number;
  minute: number;
}

export const defaultLadder: LadderConfig = {
  daysBefore: [14, 7, 3, 1, 0],
  monthlyDaysBefore: [3, 0],
  overdueEveryDays: 7,
  hour: 8,
  minute: 0,
};

/** What a task may change of the global ladder; the hour stays one for everyone. */
export type LadderOverride = Partial<Pick<LadderConfig, "daysBefore" | "monthlyDaysBefore" | "overdueEveryDays">>;

const maxDaysBefore = 366;

/** Checks a ladder override; returns the problem in plain words, or null when it is sound. */
export function ladderOverrideProblem(override: LadderOverride): string | null {
  for (const list of [override.daysBefore, override.monthlyDaysBefore]) {
    if (list === undefined) continue;
    if (list.length === 0 || list.length > 20) return "days-before list must have 1 to 20 entries";
    if (list.some((d) => !Number.isInteger(d) || d < 0 || d > maxDaysBefore)) return `days before must be whole numbers from 0 to ${maxDaysBefore}`;
  }
  const every = override.overdueEveryDays;
  if (every !== undefined && (!Number.isInteger(every) || every < 1 || every > 90)) return "overdue interval must be 1 to 90 days";
  return null;
}

/** A task's stored override (JSON); null when there is none or it cannot be read. */
export function parseLadderOverride(json: string | null): LadderOverride | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as LadderOverride) : null;
  } catch {
    return null;
  }
}

/** The global ladder with a task's override on top (an unreadable override is ignored). */
export function ladderWith(config: LadderConfig, override: LadderOverride | null): LadderConfig {
  if (override === null || ladderOverrideProblem(override) !== null) return config;
  return { ...config, ...override };
}

export type StageKind = "before" | "due" | "overdue";

export interface Stage {
  /** unique per cycle and due date: "d3@2026-11-30", "o1@2026-11-30"; a new due date restarts the ladder */
  key: string;
  kind: StageKind;
  /** the local working day it goes out on */
  date: LocalDate;
}

export const shiftDate = addDaysToDate;

/** Days before "today" the planner looks back: a week of overdue stages plus holiday shifts. */
export const lookBackDays = 10;

/**
 * The stages of a cycle due on `due` whose day falls in [from, until]. A stage on a weekend or
 * holiday moves to the previous working day; stages that land on one day become one (the one
 * nearest the due date). Overdue stage n goes out on the first working day on or after
 * (due + 1 + (n-1)·overdueEveryDays), so any window can be computed without walking from 2022.
 */
export function ladderStages(due: LocalDate, recurrence: "once" | "monthly", config: LadderConfig, calendar: WorkingDays, window: { from: LocalDate; until: LocalDate }): Stage[] {
  const before = recurrence === "monthly" ? config.monthlyDaysBefore : config.daysBefore;
  const byDate = new Map<LocalDate, Stage>();
  for (const days of [...before].sort((a, b) => b - a)) {
    const date = calendar.previousWorkingDay(shiftDate(due, -days));
    // Later entries are nearer the due date and replace earlier ones on the same day.
    byDate.set(date, { key: `d${days}@${due}`, kind: days === 0 ? "due" : "before", date });
  }
  const stages = [...byDate.values()].filter((s) => s.date >= window.from && s.date <= window.until);
  const firstNominal = shiftDate(due, 1);
  const lag = daysBetween(firstNominal, window.from);
  // Start a little before the window: a holiday can push an earlier stage into it.
  let n = Math.max(1, Math.floor(lag / config.overdueEveryDays) - 1);
  for (; ; n++) {
    const date = calendar.nextWorkingDay(shiftDate(firstNominal, (n - 1) * config.overdueEveryDays));
    if (date > window.until) break;
    if (date >= window.from) stages.push({ key: `o${n}@${due}`, kind: "overdue", date });
  }
  return stages.sort((a, b) => a.date.localeCompare(b.date));
}

/** The instant a stage goes out: its local date at the configured hour, in the zone. */
export function stageInstant(date: LocalDate, config: Pick<LadderConfig, "hour" | "minute">, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, config.hour, config.minute, 0, timeZone).getTime());
}

/**
 * The instant of the first stage after `now` (the planner's marker for the cycle). Overdue
 * stages recur, so there is always one; the search window covers the longest holiday shift.
 */
export function nextStageInstant(due: LocalDate, recurrence: "once" | "monthly", config: LadderConfig, calendar: WorkingDays, now: Date, timeZone: string, today: LocalDate): Date {
  const until = shiftDate(today > due ? today : due, config.overdueEveryDays + 15);
  for (const stage of ladderStages(due, recurrence, config, calendar, { from: today, until })) {
    const at = stageInstant(stage.date, config, timeZone);
    if (at > now) return at;
  }
  return stageInstant(until, config, timeZone);
}

export const catchUpWindowMs = daysInMs(1);

export interface StageDecision {
  stage: Stage;
  at: Date;
  decision: "send" | "skip";
}

/**
 * Catch-up (DESIGN.md §4): of the stages due by `now` and not yet recorded, only the latest is
 * sent, and only if it is less than 24 hours late; the others are recorded as skipped.
 */
export function decideStages(stages: readonly Stage[], recorded: ReadonlySet<string>, now: Date, config: LadderConfig, timeZone: string): StageDecision[] {
  const due = stages.map((stage) => ({ stage, at: stageInstant(stage.date, config, timeZone) })).filter(({ at }) => at <= now);
  const latest = due.at(-1);
  return due
    .filter(({ stage }) => !recorded.has(stage.key))
    .map(({ stage, at }) => ({ stage, at, decision: stage === latest?.stage && now.getTime() - at.getTime() < catchUpWindowMs ? "send" : "skip" }));
}
