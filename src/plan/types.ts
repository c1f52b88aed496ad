/**
 * Types of a parsed plan document. Pure data: no I/O, no library types.
 * The JSON contract of `import --dry-run --json` (DESIGN.md §6) is built from these.
 */

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export type Deadline =
  | { kind: "date"; date: LocalDate; phrase: string }
  | { kind: "annual"; month?: number; day?: number; phrase: string }
  | { kind: "quarterly"; day?: number; phrase: string }
  | { kind: "monthly"; day?: number; phrase: string }
  | { kind: "horizon"; date: LocalDate; phrase: string }
  | { kind: "conditional"; phrase: string }
  | { kind: "none"; phrase: string | null };

export type DeadlineKind = Deadline["kind"];

/** A problem found while reading a document, with the 1-based line it came from. */
export interface PlanWarning {
  line: number;
  message: string;
}

export type AgencyKind =
  | "department"
  | "board"
  | "bank"
  | "center"
  | "office"
  | "inspectorate"
  | "union"
  | "branch"
  | "district"
  | "unregistered";

export interface RegistryAgency {
  code: string;
  name: string;
  kind: AgencyKind;
  aliases: string[];
}

export interface RegistryCollective {
  code: string;
  name: string;
  aliases: string[];
  members: string[];
}

/** The agency registry as loaded from `seeds/agencies.json`. */
export interface AgencyRegistry {
  agencies: RegistryAgency[];
  collectives: RegistryCollective[];
}
