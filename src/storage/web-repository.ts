/**
 * What the coordinators' Mini App (src/web/) stores and reads that no other screen does:
 * sessions, one-time login links, initData already used, the plans for its filter and the
 * evidence files of status updates. Secrets are stored as SHA-256 hashes only.
 */
import { statusUpdatesWithTasks } from "./cycle-joins.js";
import type { Db } from "./database.js";
import { parseAttachments, type Attachment } from "./evidence.js";

export async function insertWebSession(db: Db, session: { tokenHash: string; telegramUserId: number; createdAt: string; expiresAt: string }): Promise<void> {
  // Expired sessions go as new ones come: the table holds only live ones (and a few stale).
  await db.deleteFrom("web_sessions").where("expires_at", "<=", session.createdAt).execute();
  await db
    .insertInto("web_sessions")
    .values({ token_hash: session.tokenHash, telegram_user_id: session.telegramUserId, created_at: session.createdAt, expires_at: session.expiresAt })
    .execute();
}

/** The Telegram user of a session still valid at `now`. */
export async function findWebSessionUser(db: Db, tokenHash: string, now: string): Promise<number | null> {
  const row = await db.selectFrom("web_sessions").select("telegram_user_id").where("token_hash", "=", tokenHash).where("expires_at", ">", now).executeTakeFirst();
  return row?.telegram_user_id ?? null;
}

export async function deleteWebSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom("web_sessions").where("token_hash", "=", tokenHash).execute();
}

export async function insertWebLoginLink(db: Db, link: { codeHash: string; telegramUserId: number; createdAt: string; expiresAt: string }): Promise<void> {
  await db.deleteFrom("web_login_links").where("expires_at", "<=", link.createdAt).execute();
  await db
    .insertInto("web_login_links")
    .values({ code_hash: link.codeHash, telegram_user_id: link.telegramUserId, created_at: link.createdAt, expires_at: link.expiresAt, used_at: null })
    .execute();
}

/** Marks an unused, unexpired link used and returns its user; null when it cannot be used. */
export async function claimWebLoginLink(db: Db, codeHash: string, now: string): Promise<number | null> {
  const row = await db
    .updateTable("web_login_links")
    .set({ used_at: now })
    .where("code_hash", "=", codeHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("telegram_user_id")
    .executeTakeFirst();
  return row?.telegram_user_id ?? null;
}

/** Records an initData hash as used; false when it was used before (a replay). */
export async function claimInitDataHash(db: Db, hash: string, now: string, expiresAt: string): Promise<boolean> {
  await db.deleteFrom("web_init_data_seen").where("expires_at", "<=", now).execute();
  const result = await db
    .insertInto("web_init_data_seen")
    .values({ hash, expires_at: expiresAt })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface PlanChoice {
  id: number;
  code: string;
  title: string;
}

export async function findPlanChoices(db: Db): Promise<PlanChoice[]> {
  return db.selectFrom("plans").select(["id", "code", "title"]).orderBy("id").execute();
}

/** The files of live status updates, by update id. */
export async function findAttachmentsOfUpdates(db: Db, updateIds: readonly number[]): Promise<Map<number, Attachment[]>> {
  if (updateIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("status_updates")
    .select(["id", "file_ids"])
    .where("id", "in", [...updateIds])
    .execute();
  return new Map(rows.map((row) => [row.id, parseAttachments(row.file_ids)]));
}

export interface UpdateFiles {
  updateId: number;
  taskId: number;
  agencyId: number;
  files: Attachment[];
}

/** A live status update's files with the task and lead agency it reports on. */
export async function findUpdateFiles(db: Db, updateId: number): Promise<UpdateFiles | null> {
  const row = await statusUpdatesWithTasks(db)
    .select(["status_updates.id", "status_updates.file_ids", "assignments.task_id", "assignments.agency_id"])
    .where("status_updates.id", "=", updateId)
    .where("status_updates.undone_at", "is", null)
    .executeTakeFirst();
  return row ? { updateId: row.id, taskId: row.task_id, agencyId: row.agency_id, files: parseAttachments(row.file_ids) } : null;
}

export async function findAgencyNameById(db: Db, id: number): Promise<{ id: number; code: string; name: string } | null> {
  return (await db.selectFrom("agencies").select(["id", "code", "name"]).where("id", "=", id).executeTakeFirst()) ?? null;
}

export interface WebTask {
  id: number;
  ref: string;
  text: string;
  section: string;
  deadlinePhrase: string | null;
  leadNames: string[];
  coordinateNames: string[];
  planCode: string;
  removed: boolean;
}

export async function findWebTask(db: Db, id: number): Promise<WebTask | null> {
  const row = await db
    .selectFrom("tasks")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["tasks.id", "tasks.ref", "tasks.text", "tasks.section", "tasks.deadline_phrase", "tasks.lead_names", "tasks.coordinate_names", "tasks.removed_at", "plans.code as plan_code"])
    .where("tasks.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    ref: row.ref,
    text: row.text,
    section: row.section,
    deadlinePhrase: row.deadline_phrase,
    leadNames: JSON.parse(row.lead_names) as string[],
    coordinateNames: JSON.parse(row.coordinate_names) as string[],
    planCode: row.plan_code,
    removed: row.removed_at !== null,
  };
}
