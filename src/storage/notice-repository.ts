/** Per-person notices (backlog summaries, escalations, digests, extension news, alerts). */
import type { Db } from "./database.js";

export interface NewNotice {
  personId: number;
  /** unique per person: the same notice is never planned twice */
  key: string;
  kind: string;
  payload: unknown;
}

/** Plans a notice for the next delivery; a notice with the same person and key already planned is left alone. */
export async function planNotice(db: Db, notice: NewNotice, at: string): Promise<void> {
  await db
    .insertInto("notices")
    .values({ person_id: notice.personId, key: notice.key, kind: notice.kind, payload: JSON.stringify(notice.payload), planned_at: at, state: "planned", attempts: 0, next_attempt_at: null, last_error: null, telegram_message_id: null, sent_at: null, created_at: at })
    .onConflict((oc) => oc.columns(["person_id", "key"]).doNothing())
    .execute();
}

/** The people to whom the notice under `key` was delivered. */
export async function findPeopleShownNotice(db: Db, key: string): Promise<number[]> {
  const rows = await db.selectFrom("notices").select("person_id").where("key", "=", key).where("state", "=", "sent").execute();
  return rows.map((r) => r.person_id);
}

/** Active coordinators and admins: who hears about the plan as a whole. */
export async function findCoordinatorIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom("people").select("id").where("role", "in", ["coordinator", "admin"]).where("state", "=", "active").execute();
  return rows.map((r) => r.id);
}
