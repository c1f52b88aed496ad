/** When a task is due, as read from its plan document. Pure data. */
import type { LocalDate } from "./local-date.js";

export type Deadline =
  | { kind: "date"; date: LocalDate; phrase: string }
  | { kind: "annual"; month?: number; day?: number; phrase: string }
  /** every six months: due at the end of June and December, or on the day (and month) given */
  | { kind: "semiannual"; month?: number; day?: number; phrase: string }
  | { kind: "quarterly"; day?: number; phrase: string }
  | { kind: "monthly"; day?: number; phrase: string }
  | { kind: "horizon"; date: LocalDate; phrase: string }
  | { kind: "conditional"; phrase: string }
  | { kind: "none"; phrase: string | null };

export type DeadlineKind = Deadline["kind"];
