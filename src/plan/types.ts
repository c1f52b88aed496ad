/**
 * Types of a parsed plan document. Pure data: no I/O, no library types.
 * The JSON contract of `import --dry-run --json` (DESIGN.md §6) is built from these.
 */
import type { AgencyKind } from "../domain/agency-kind.js";
import type { Deadline } from "../domain/deadline.js";
import type { LocalDate } from "../domain/local-date.js";

/** A problem found while reading a document, with the 1-based line it came from. */
export interface PlanWarning {
  line: number;
  message: string;
}

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

/** One line of a registry's merge map: `from` merged into `into` on `on`, by the decision `source`. */
export interface RegistryMerge {
  from: string;
  into: string;
  on: LocalDate;
  source: string;
}

/** The agency registry as loaded from `seeds/agencies.json` (or the file REGISTRY names). */
export interface AgencyRegistry {
  agencies: RegistryAgency[];
  collectives: RegistryCollective[];
  /** the province (or ministry) whose agencies these are */
  province?: string;
  /** the date from which this registry describes the agencies */
  validFrom?: LocalDate;
  /** mergers that lead from an earlier registry to this one, each with its source */
  merges?: RegistryMerge[];
}

export interface PlanMetadata {
  code: string;
  title: string;
  issued_on: LocalDate | null;
  /** the issuer as the header names it ("UBND tỉnh Thanh Hóa"), when found */
  issuer?: string;
}

/** One party to a task as the document names it. */
export interface TaskParty {
  /** registry name, collective name, or the words of the document when unknown */
  name: string;
  /** registry codes it stands for (a collective's members); empty when unknown or generic */
  codes: string[];
  /** a collective code when the party is a named group */
  collective: string | null;
  /** not an agency: "các đơn vị liên quan" */
  generic: boolean;
  /** the name as the document writes it */
  written: string;
}

export interface ParsedTask {
  ref: string;
  section: string;
  text: string;
  leads: TaskParty[];
  coordinates: TaskParty[];
  group: boolean;
  deadline: Deadline;
  line: number;
  /** where the task was read: the prose of the body, or a task table */
  source: "body" | "table";
}

/** A quantified objective of the plan (part II: "GRDP tăng bình quân 11%/năm …"). */
export interface PlanTarget {
  line: number;
  section: string;
  text: string;
}

export interface ParsedPlan {
  plan: PlanMetadata;
  shape: "prose" | "table";
  tasks: ParsedTask[];
  targets: PlanTarget[];
  warnings: PlanWarning[];
}
