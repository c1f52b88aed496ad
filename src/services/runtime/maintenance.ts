/**
 * Pruning of rows that are only useful for a while, so a flood (or years of use) does not grow
 * the database without end: handled update ids (the duplicate guard: Telegram keeps an update
 * for 24 hours, a week is kept) and "which task?" replies (answered: a day; never answered: a
 * week, after which their buttons answer "stale" anyway).
 */
import { addDaysToInstant } from "../../domain/local-date.js";
import type { Db } from "../../storage/database.js";
import { deleteHandledUpdatesBefore, deletePendingRepliesBefore } from "../../storage/maintenance-repository.js";

export const retention = { handledUpdatesDays: 7, resolvedRepliesDays: 1, unansweredRepliesDays: 7 };

export interface PruneReport {
  handledUpdates: number;
  pendingReplies: number;
}

export async function pruneOldRecords(db: Db, now: Date): Promise<PruneReport> {
  return db.transaction().execute(async (trx) => ({
    handledUpdates: await deleteHandledUpdatesBefore(trx, addDaysToInstant(now, -retention.handledUpdatesDays).toISOString()),
    pendingReplies: await deletePendingRepliesBefore(trx, {
      resolvedBefore: addDaysToInstant(now, -retention.resolvedRepliesDays).toISOString(),
      createdBefore: addDaysToInstant(now, -retention.unansweredRepliesDays).toISOString(),
    }),
  }));
}
