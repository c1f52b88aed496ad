/**
 * Errors the services raise on purpose: a stable code and the ids involved. `telegram/` and
 * `cli/` turn each code into words in one table (STYLE.md §9).
 */
export type DomainErrorCode =
  | "invite_unknown"
  | "invite_expired"
  | "invite_used"
  | "agency_unknown"
  | "person_unknown"
  | "last_admin"
  | "invite_not_pending"
  | "not_allowed"
  | "cycle_unknown"
  | "task_unknown"
  | "undo_expired"
  | "undo_not_found"
  | "date_in_past"
  | "date_invalid"
  | "date_out_of_window"
  | "extension_decided"
  | "ref_unknown"
  | "task_has_deadline"
  | "cycle_completed"
  | "plan_unknown"
  | "ladder_invalid";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(`${code}${Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : ""}`);
    this.name = "DomainError";
  }
}
