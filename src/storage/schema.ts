/**
 * What SQLite returns, table by table (STYLE.md §5): ISO strings for instants (`…Z`) and local
 * dates (`YYYY-MM-DD`), 0/1 for booleans, JSON arrays as text. Row types stay in storage/;
 * repositories map them to domain objects.
 */
import type { Generated, Insertable, Selectable } from "kysely";

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  aliases: Generated<string>;
  position: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  /** the agency this one belongs to (migration 0006) */
  parent_id: Generated<number | null>;
  /** merged into that agency from `merged_on`; kept, never deleted */
  merged_into_id: Generated<number | null>;
  merged_on: Generated<string | null>;
  /** the decision that made the merge, when one is known */
  merge_source: Generated<string | null>;
  /** when a person last changed it by hand; null: as the seed file has it (the seed may update it) */
  edited_at: Generated<string | null>;
}

export interface CollectiveTable {
  id: Generated<number>;
  code: string;
  name: string;
  aliases: Generated<string>;
}

export interface CollectiveMemberTable {
  collective_id: number;
  agency_id: number;
}

export interface PlanTable {
  id: Generated<number>;
  code: string;
  title: string;
  issued_on: string | null;
  source_file: string;
  source_hash: string;
  targets: Generated<string>;
  imported_at: string;
  /** the plan's short code (`1861`), unique in any case; set by a trigger at insert (migration 0009) */
  short_code: Generated<string>;
  /** only active plans are reminded of */
  status: Generated<PlanStatus>;
  status_changed_at: Generated<string | null>;
  /** the issuer as the document's header names it ("UBND tỉnh Thanh Hóa"), when found */
  issuer: Generated<string | null>;
}

export type PlanStatus = "active" | "closed" | "archived";

export interface TaskTable {
  id: Generated<number>;
  plan_id: number;
  ref: string;
  section: string;
  text: string;
  lead_names: Generated<string>;
  coordinate_names: Generated<string>;
  is_group: Generated<0 | 1>;
  deadline_kind: string;
  deadline_date: string | null;
  deadline_month: number | null;
  deadline_day: number | null;
  deadline_phrase: string | null;
  source_line: number;
  position: number;
  /** JSON: this task's own reminder ladder (a partial LadderConfig), or null for the global one */
  ladder: Generated<string | null>;
  removed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssignmentTable {
  id: Generated<number>;
  task_id: number;
  agency_id: number;
  role: "lead" | "coordinate";
  removed_at: string | null;
  created_at: string;
  /** the agency it was moved from (a merge, a reassigned lead); migration 0006 */
  moved_from_agency_id: Generated<number | null>;
  moved_on: Generated<string | null>;
  /** 1: set or taken back by a person; a re-import of the plan leaves it as it is */
  manual: Generated<0 | 1>;
}

export interface CycleTable {
  id: Generated<number>;
  assignment_id: number;
  period: string;
  original_due_on: string | null;
  due_on: string | null;
  completed_at: string | null;
  completed_on: Generated<string | null>;
  /** the instant of the next reminder stage not yet planned; '' (before any instant): plan at the next tick */
  next_stage_at: Generated<string>;
  /** the assignment's agency, kept by a trigger (migration 0005) */
  agency_id: Generated<number | null>;
  /** 1 while the assignment is a lead one and neither it nor its task is removed (triggers) */
  in_force: Generated<0 | 1>;
  created_at: string;
}

export interface PersonTable {
  id: Generated<number>;
  telegram_user_id: number;
  chat_id: number;
  display_name: string;
  agency_id: number | null;
  role: "focal" | "coordinator" | "admin";
  state: Generated<"active" | "unreachable" | "left">;
  created_at: string;
  updated_at: string;
}

export interface InviteTable {
  id: Generated<number>;
  code_hash: string;
  agency_id: number | null;
  role: "focal" | "coordinator" | "admin";
  created_by: string;
  expires_at: string;
  used_at: string | null;
  used_by_person_id: number | null;
  created_at: string;
}

export interface StatusUpdateTable {
  id: Generated<number>;
  cycle_id: number;
  person_id: number | null;
  kind: "progress" | "done" | "blocked" | "extension_request" | "note";
  percent: number | null;
  text: Generated<string>;
  file_ids: Generated<string>;
  source: "reply" | "button" | "command" | "cli";
  telegram_update_id: number | null;
  telegram_message_id: number | null;
  undone_at: string | null;
  chat_id: number | null;
  previous_completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface BotMessageTable {
  chat_id: number;
  message_id: number;
  cycle_id: number;
  purpose: string;
  created_at: string;
}

export interface HandledUpdateTable {
  update_id: number;
  handled_at: string;
}

export interface PendingReplyTable {
  id: Generated<number>;
  person_id: number;
  telegram_update_id: number;
  telegram_message_id: number;
  text: string;
  file_ids: Generated<string>;
  resolved_at: string | null;
  created_at: string;
}

export interface ReminderTable {
  id: Generated<number>;
  cycle_id: number;
  person_id: number;
  stage: string;
  planned_at: string;
  state: Generated<"planned" | "sending" | "sent" | "failed" | "skipped">;
  attempts: Generated<number>;
  last_error: string | null;
  telegram_message_id: number | null;
  sent_at: string | null;
  next_attempt_at: string | null;
  created_at: string;
}

export type DeliveryState = "planned" | "sending" | "sent" | "failed" | "skipped";

export interface NoticeTable {
  id: Generated<number>;
  person_id: number;
  key: string;
  kind: string;
  payload: Generated<string>;
  planned_at: string;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  telegram_message_id: number | null;
  sent_at: string | null;
  created_at: string;
}

export interface InstanceLockTable {
  id: number;
  owner: string;
  host: string;
  pid: number;
  heartbeat_at: string;
}

/** A lease one instance holds at a time (leases: the scheduler's), see storage/lease-repository.ts. */
export interface LeaseTable {
  name: string;
  holder: string;
  fencing_token: number;
  expires_at: string;
  renewed_at: string;
}

export interface ExtensionRequestTable {
  id: Generated<number>;
  cycle_id: number;
  requester_person_id: number;
  proposed_due_on: string;
  reason: Generated<string>;
  state: Generated<"pending" | "approved" | "rejected" | "withdrawn">;
  decided_by_person_id: number | null;
  decided_at: string | null;
  created_at: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: number | null;
  before: string | null;
  after: string | null;
}

export interface PlanUploadTable {
  id: Generated<number>;
  telegram_user_id: number;
  chat_id: number;
  file_name: string;
  file_hash: string;
  /** JSON: the ParsedPlan shown in the preview */
  parsed: string;
  /** JSON: the corrections of a reviewed workbook */
  corrections: Generated<string>;
  created_at: string;
  decided_at: string | null;
  decision: "imported" | "cancelled" | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** The Mini App's browser sessions (migration 0006): the cookie's SHA-256, never the cookie. */
export interface WebSessionTable {
  token_hash: string;
  telegram_user_id: number;
  created_at: string;
  expires_at: string;
}

/** One-time login links sent by /web: the code's SHA-256. */
export interface WebLoginLinkTable {
  code_hash: string;
  telegram_user_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Telegram initData already exchanged for a session, kept until it would be stale anyway. */
export interface WebInitDataSeenTable {
  hash: string;
  expires_at: string;
}

export interface Database {
  agencies: AgencyTable;
  collectives: CollectiveTable;
  collective_members: CollectiveMemberTable;
  plans: PlanTable;
  tasks: TaskTable;
  assignments: AssignmentTable;
  cycles: CycleTable;
  people: PersonTable;
  invites: InviteTable;
  status_updates: StatusUpdateTable;
  reminders: ReminderTable;
  extension_requests: ExtensionRequestTable;
  audit: AuditTable;
  bot_messages: BotMessageTable;
  handled_updates: HandledUpdateTable;
  pending_replies: PendingReplyTable;
  notices: NoticeTable;
  instance_lock: InstanceLockTable;
  leases: LeaseTable;
  settings: SettingTable;
  plan_uploads: PlanUploadTable;
  web_sessions: WebSessionTable;
  web_login_links: WebLoginLinkTable;
  web_init_data_seen: WebInitDataSeenTable;
}

export type AgencyRow = Selectable<AgencyTable>;
export type TaskRow = Selectable<TaskTable>;
export type NewTask = Insertable<TaskTable>;
export type CycleRow = Selectable<CycleTable>;
