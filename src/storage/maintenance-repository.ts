/** Housekeeping: rows that only serve for a while (the update journal, "which task?" questions). */
import type { Db } from "./database.js";

/** Forgets updates handled before `before` (Telegram redelivers an update within 24 hours at most). */
export async function deleteHandledUpdatesBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom("handled_updates").where("handled_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets "which task?" replies answered before `resolvedBefore`, or never answered and created before `createdBefore`. */
export async function deletePendingRepliesBefore(db: Db, input: { resolvedBefore: string; createdBefore: string }): Promise<number> {
  const result = await db
    .deleteFrom("pending_replies")
    .where((eb) => eb.or([eb("resolved_at", "<", input.resolvedBefore), eb.and([eb("resolved_at", "is", null), eb("created_at", "<", input.createdBefore)])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
