/** Per-person notices (backlog summaries, escalations, digests, extension news, alerts). */
import { sql } from "kysely";
import type { NoticeKind, NoticePayload } from "../domain/notice-kinds.js";
import type { Db } from "./database.js";

/** A notice of one kind with that kind's payload (domain/notice-kinds.ts). */
export type NewNotice = {
  [K in NoticeKind]: {
    personId: number;
    /** unique per person: the same notice is never planned twice */
    key: string;
    kind: K;
    payload: NoticePayload<K>;
  };
}[NoticeKind];

/** Plans a notice for the next delivery; a notice with the same person and key already planned is left alone. */
export async function planNotice(db: Db, notice: NewNotice, at: string): Promise<void> {
  await db
    .insertInto("notices")
    .values({
      person_id: notice.personId,
      key: notice.key,
      kind: notice.kind,
      payload: JSON.stringify(notice.payload),
      planned_at: at,
      state: "planned",
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      telegram_message_id: null,
      sent_at: null,
      created_at: at,
    })
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

/**
 * Every active coordinator and admin hears of every pending extension request once (the key
 * `extension-<id>` is the one a new request is announced under): one who joined after the
 * request was made gets it too. Returns how many notices it added.
 */
export async function planPendingExtensionNotices(db: Db, at: string): Promise<number> {
  // Most ticks have none waiting: one look at the small table instead of a join over people.
  const pending = await db.selectFrom("extension_requests").select("id").where("state", "=", "pending").limit(1).executeTakeFirst();
  if (!pending) return 0;
  const result = await db
    .insertInto("notices")
    .columns(["person_id", "key", "kind", "payload", "planned_at", "state", "attempts", "created_at"])
    .expression((eb) =>
      eb
        .selectFrom("people")
        .innerJoin("extension_requests", (join) => join.onTrue())
        .select((s) => [
          "people.id",
          sql<string>`'extension-' || extension_requests.id`.as("key"),
          s.val("extension").as("kind"),
          // the JSON {"request":id}, written out: SQLite and PostgreSQL name their JSON builders differently
          sql<string>`'{"request":' || extension_requests.id || '}'`.as("payload"),
          s.val(at).as("planned_at"),
          s.val("planned").as("state"),
          // a literal: PostgreSQL types a parameter in a select list as text, not as the column's integer
          sql.lit(0).as("attempts"),
          s.val(at).as("created_at"),
        ])
        .where("people.role", "in", ["coordinator", "admin"])
        .where("people.state", "=", "active")
        .where("extension_requests.state", "=", "pending"),
    )
    .onConflict((oc) => oc.columns(["person_id", "key"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
