/** The audit trail: every change a person or the system makes, with what it was before and after. */
import type { Db } from "./database.js";
import { prepared } from "./prepared.js";

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  /** stored as JSON; left out: null */
  before?: unknown;
  after?: unknown;
}

const insertAuditRow = prepared<{ at: string; actor: string; action: string; entity: string; entityId: number | null; before: string | null; after: string | null }, never>((db, slot) =>
  db
    .insertInto("audit")
    .values({ at: slot("at"), actor: slot("actor"), action: slot("action"), entity: slot("entity"), entity_id: slot("entityId"), before: slot("before"), after: slot("after") }),
);

export async function insertAudit(trx: Db, entry: AuditEntry): Promise<void> {
  await insertAuditRow(trx, {
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}
