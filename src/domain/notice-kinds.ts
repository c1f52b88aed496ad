/**
 * The messages the bot sends on its own, typed by name as graphile-worker types its task
 * payloads (`GraphileWorker.Tasks`). For each notice kind: the payload stored with a planned
 * notice (JSON in `notices.payload`, written through `planNotice`) and the content composed from
 * it when it goes out, which the kind's view renders. The composers
 * (`services/reminders/notice-composers.ts`) and the views (`telegram/views/message-views.ts`) are maps
 * over these keys: a kind added here without its composer or its view does not compile.
 */
/** What an officer is told when the registry changes under them (planned as a notice; its words are in texts/registry.ts). */
export type AgencyNotice =
  | { event: "merged"; from: string; into: string; on: string; tasks: number }
  | { event: "lead_lost"; ref: string; to: string }
  | { event: "lead_gained"; ref: string; from: string; text: string; due: string | null }
  | { event: "coordinate_added"; ref: string; agency: string; text: string }
  | { event: "coordinate_removed"; ref: string; agency: string };

export interface EscalationItem {
  ref: string;
  agencyCode: string;
  agencyName: string;
  due: string;
  text: string;
}

export interface Digest {
  date: string;
  overdueByAgency: Array<{ code: string; name: string; count: number }>;
  /** per active plan, when several are: its short code, overdue and due-soon assignments */
  byPlan: Array<{ plan: string; overdue: number; dueSoon: number }>;
  dueSoon: Array<{ ref: string; agencies: number; due: string }>;
  unreachable: Array<{ name: string; agency: string | null }>;
  withoutFocal: Array<{ code: string; name: string }>;
  pendingExtensions: number;
}

export interface ExtensionRequestInfo {
  requestId: number;
  ref: string;
  text: string;
  agencyName: string;
  requester: string;
  currentDue: string | null;
  proposedDue: string;
  reason: string;
}

/** An obstacle (or a deadline at risk) an officer reported, with its task. */
export interface ObstacleReport {
  ref: string;
  taskText: string;
  agencyName: string;
  due: string | null;
  reporter: string | null;
  text: string;
}

/** A coordinator's answer to an extension request, as the requester is told of it. */
export interface ExtensionDecision {
  requestId: number;
  ref: string;
  agencyName: string;
  approved: boolean;
  proposedDue: string;
  originalDue: string | null;
}

export interface NoticeKinds {
  /** the first summary of every overdue cycle of the agency, for an officer new to it */
  backlog: {
    payload: { cycles: number[] };
    content: { agencyName: string; items: Array<{ ref: string; text: string; due: string; daysLate: number; assignmentId: number }> };
  };
  /** the monthly check-in: undated tasks of the agency with nothing reported for 30 days */
  checkin: {
    payload: { cycles: number[] };
    content: { agencyName: string; items: Array<{ ref: string; text: string; assignmentId: number }> };
  };
  /** for coordinators: a person the bot can no longer reach */
  unreachable: {
    payload: { person: number; person_name: string; agency_name: string | null; error: string };
    content: { personName: string; agencyName: string | null; error: string };
  };
  /** for coordinators: an extension request waiting for their decision */
  extension: { payload: { request: number }; content: ExtensionRequestInfo };
  /** for the requester: the decision on their extension request */
  extension_decided: {
    payload: ExtensionDecision;
    content: { ref: string; approved: boolean; proposedDue: string; originalDue: string | null };
  };
  /** for coordinators who were shown a request its officer took back */
  extension_withdrawn: {
    payload: { request: number; ref: string; agency_name: string; proposedDue: string };
    content: { ref: string; agencyName: string; proposedDue: string };
  };
  /** for coordinators: the cycles on their first overdue working day */
  escalation: { payload: { cycles: number[] }; content: { items: EscalationItem[] } };
  /** for coordinators: the Monday digest */
  digest: { payload: { date: string }; content: Digest };
  /** a registry change that moved the person's work */
  agency_notice: { payload: AgencyNotice; content: { notice: AgencyNotice } };
  /** for coordinators: an officer reported an obstacle or a deadline at risk */
  obstacle: { payload: { cycle: number; since: string }; content: ObstacleReport };
}

export type NoticeKind = keyof NoticeKinds;
export type NoticePayload<K extends NoticeKind> = NoticeKinds[K]["payload"];

/** A reminder of a cycle's stage: planned in its own ledger, not as a notice, but sent like one. */
export interface ReminderContent {
  cycleId: number;
  ref: string;
  text: string;
  agencyName: string;
  due: string;
  /** negative when late */
  daysLeft: number;
  stage: string;
}

/** What each kind of outgoing message carries, by kind. */
export type ContentsOf<Kinds extends { [K in keyof Kinds]: { content: object } }> = { [K in keyof Kinds]: Kinds[K]["content"] };

export interface MessageContents extends ContentsOf<NoticeKinds> {
  reminder: ReminderContent;
}

export type MessageKind = keyof MessageContents;

/** One outgoing message of a kind, addressed to a chat. */
export type MessageOf<K extends keyof Contents, Contents = MessageContents> = { kind: K; chatId: number } & Contents[K];

export type OutgoingMessage = { [K in MessageKind]: MessageOf<K> }[MessageKind];
