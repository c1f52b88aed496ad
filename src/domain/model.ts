/** Domain objects as the services see them; storage maps its rows to these. */
import type { Deadline } from "./deadline.js";
import type { AgencyKind } from "./agency-kind.js";
import type { LocalDate } from "./local-date.js";
import type { CycleStatus } from "./task-status.js";

export interface Agency {
  id: number;
  code: string;
  name: string;
  kind: AgencyKind;
  aliases: string[];
}

export interface Collective {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  memberCodes: string[];
}

export interface Plan {
  id: number;
  code: string;
  title: string;
  issuedOn: LocalDate | null;
  sourceFile: string;
  sourceHash: string;
  importedAt: string;
}

export interface Task {
  id: number;
  planId: number;
  ref: string;
  section: string;
  text: string;
  leadNames: string[];
  coordinateNames: string[];
  isGroup: boolean;
  deadline: Deadline;
  sourceLine: number;
  position: number;
  removedAt: string | null;
}

export type AssignmentRole = "lead" | "coordinate";

export interface Assignment {
  id: number;
  taskId: number;
  agencyId: number;
  role: AssignmentRole;
  removedAt: string | null;
}

export interface Cycle {
  id: number;
  assignmentId: number;
  period: string;
  originalDueOn: LocalDate | null;
  dueOn: LocalDate | null;
  completedAt: string | null;
}

/** A lead cycle as the coordinators' lists show it: with its task, lead agency and status today. */
export interface CycleLine {
  cycleId: number;
  assignmentId: number;
  taskId: number;
  ref: string;
  /** the plan's short code */
  planCode: string;
  /** the ref as shown: `1861/III.1.1` while several plans are active (domain/plan-code.ts) */
  label: string;
  text: string;
  section: string;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  period: string;
  due: LocalDate | null;
  originalDue: LocalDate | null;
  completedOn: LocalDate | null;
  status: CycleStatus;
}

/** An agency as the people who manage the registry see it. */
export interface ManagedAgency {
  id: number;
  code: string;
  name: string;
  kind: AgencyKind;
  aliases: string[];
  parentCode: string | null;
  mergedIntoCode: string | null;
  mergedOn: string | null;
  mergeSource: string | null;
  editedAt: string | null;
}

/** A file an officer sent with a status update (its evidence), as Telegram gave it. */
export interface Attachment {
  /** Telegram's file id; null when only the name is known */
  fileId: string | null;
  /** the file's name, when the update stored it */
  name: string | null;
}
