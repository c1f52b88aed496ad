/**
 * The official taxonomy of a cycle's status at an instant (DESIGN.md §3): done on time, done
 * late, in progress within the deadline, overdue, and no deadline for undated tasks.
 */
import type { LocalDate } from "./local-date.js";

export type CycleStatus = "done_on_time" | "done_late" | "in_progress" | "overdue" | "no_deadline";

export const cycleStatuses: readonly CycleStatus[] = ["done_on_time", "done_late", "in_progress", "overdue", "no_deadline"];

export interface CycleFacts {
  due: LocalDate | null;
  /** local date the cycle was completed, if it was */
  completedOn: LocalDate | null;
}

export function cycleStatus(cycle: CycleFacts, today: LocalDate): CycleStatus {
  if (cycle.completedOn !== null && cycle.completedOn <= today) {
    if (cycle.due === null) return "done_on_time";
    return cycle.completedOn <= cycle.due ? "done_on_time" : "done_late";
  }
  if (cycle.due === null) return "no_deadline";
  return today <= cycle.due ? "in_progress" : "overdue";
}

// For a task led by several agencies, the line shows the status that most needs attention.
const attention: Record<CycleStatus, number> = { overdue: 4, in_progress: 3, no_deadline: 2, done_late: 1, done_on_time: 0 };

export function worstStatus(statuses: readonly CycleStatus[]): CycleStatus | null {
  return statuses.reduce<CycleStatus | null>((worst, s) => (worst === null || attention[s] > attention[worst] ? s : worst), null);
}
