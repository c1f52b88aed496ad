/** Plan files sent in chat, waiting for the coordinator's Nhập / Huỷ. */
import type { ParsedPlan } from "../plan/types.js";
import type { Db } from "./database.js";

export interface PlanUpload {
  id: number;
  telegramUserId: number;
  chatId: number;
  fileName: string;
  fileHash: string;
  parsed: ParsedPlan;
  corrections: unknown[];
  createdAt: string;
  decidedAt: string | null;
  decision: "imported" | "cancelled" | null;
}

export async function insertPlanUpload(
  db: Db,
  upload: { telegramUserId: number; chatId: number; fileName: string; fileHash: string; parsed: ParsedPlan; corrections: unknown[] },
  now: string,
): Promise<number> {
  const row = await db
    .insertInto("plan_uploads")
    .values({
      telegram_user_id: upload.telegramUserId,
      chat_id: upload.chatId,
      file_name: upload.fileName,
      file_hash: upload.fileHash,
      parsed: JSON.stringify(upload.parsed),
      corrections: JSON.stringify(upload.corrections),
      created_at: now,
      decided_at: null,
      decision: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findPlanUpload(db: Db, id: number): Promise<PlanUpload | null> {
  const row = await db.selectFrom("plan_uploads").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    telegramUserId: row.telegram_user_id,
    chatId: row.chat_id,
    fileName: row.file_name,
    fileHash: row.file_hash,
    parsed: JSON.parse(row.parsed) as ParsedPlan,
    corrections: JSON.parse(row.corrections) as unknown[],
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decision: row.decision,
  };
}

/** Claims the decision: true for the one press that wins, false when it was already decided. */
export async function decidePlanUpload(db: Db, id: number, decision: "imported" | "cancelled", now: string): Promise<boolean> {
  const result = await db.updateTable("plan_uploads").set({ decided_at: now, decision }).where("id", "=", id).where("decided_at", "is", null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Undoes a claim whose import failed, so the coordinator can press again. */
export async function undecidePlanUpload(db: Db, id: number): Promise<void> {
  await db.updateTable("plan_uploads").set({ decided_at: null, decision: null }).where("id", "=", id).execute();
}

/** Forgets previews decided or left before `before`: their parsed plans are no longer needed. */
export async function deletePlanUploadsBefore(db: Db, before: string): Promise<void> {
  await db.deleteFrom("plan_uploads").where("created_at", "<", before).execute();
}
