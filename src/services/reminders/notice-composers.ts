/**
 * What each notice kind says, composed when it is sent (so its numbers are current) from the
 * payload it was planned with. One composer per kind of `NoticeKinds` (domain/notice-kinds.ts):
 * a kind without its composer does not compile, and a row whose kind this version does not know
 * (written by a newer one) is not composed at all (`isNoticeKind`). A composer returns null
 * when the notice should no longer go out.
 */
import { daysBetween } from "../../domain/local-date.js";
import type { NoticeKind, NoticeKinds, NoticePayload, OutgoingMessage } from "../../domain/notice-kinds.js";
import type { Db } from "../../storage/database.js";
import { findOpenCycleItems, findOpenUndatedCycleItems } from "../../storage/notice-content-repository.js";
import { findLatestObstacle } from "../../storage/status-repository.js";
import { escalationItems, pendingExtension, weeklyDigest } from "./coordinator-notices.js";
import { labelOfCycle, withTaskLabels } from "../plans/plan-lifecycle.js";

export interface ComposeContext {
  db: Db;
  /** the local date the notice is sent on */
  today: string;
  /** the recipient's agency, if any */
  agencyName: string | null;
}

export type NoticeComposer<K extends NoticeKind> = (payload: NoticePayload<K>, context: ComposeContext) => Promise<NoticeKinds[K]["content"] | null>;

/** One composer for every kind of `Kinds`, from its payload to its content. */
export type ComposersOf<Kinds extends { [K in keyof Kinds]: { payload: unknown; content: object } }> = {
  [K in keyof Kinds]: (payload: Kinds[K]["payload"], context: ComposeContext) => Promise<Kinds[K]["content"] | null>;
};

export type NoticeComposers = ComposersOf<NoticeKinds>;

// Payloads are read as they were planned; the defaults keep a row from an older version (with a
// field missing) sendable, as before the kinds were typed.
export const noticeComposers: NoticeComposers = {
  async backlog(payload, { db, today, agencyName }) {
    // Refs as shown: qualified by plan while several plans are active.
    const items = await withTaskLabels(db, await findOpenCycleItems(db, payload.cycles ?? []));
    if (items.length === 0) return null;
    return {
      agencyName: agencyName ?? "",
      items: items.map((i) => ({ ref: i.ref, text: i.text, due: i.due!, daysLate: -daysBetween(today, i.due!), assignmentId: i.assignmentId })),
    };
  },
  async checkin(payload, { db, agencyName }) {
    const items = await withTaskLabels(db, await findOpenUndatedCycleItems(db, payload.cycles ?? []));
    return items.length === 0 ? null : { agencyName: agencyName ?? "", items: items.map(({ taskId: _, ...item }) => item) };
  },
  async unreachable(payload) {
    return { personName: payload.person_name ?? "", agencyName: payload.agency_name ?? null, error: payload.error ?? "" };
  },
  async extension(payload, { db }) {
    return pendingExtension(db, payload.request ?? 0);
  },
  async extension_decided(payload) {
    return { ref: payload.ref ?? "", approved: payload.approved === true, proposedDue: payload.proposedDue ?? "", originalDue: payload.originalDue ?? null };
  },
  async extension_withdrawn(payload) {
    return { ref: payload.ref ?? "", agencyName: payload.agency_name ?? "", proposedDue: payload.proposedDue ?? "" };
  },
  async escalation(payload, { db, today }) {
    const items = await escalationItems(db, payload.cycles ?? [], today);
    return items.length > 0 ? { items } : null;
  },
  async digest(_payload, { db, today }) {
    return weeklyDigest(db, today);
  },
  async agency_notice(payload) {
    return { notice: payload };
  },
  async obstacle(payload, { db }) {
    const line = await findLatestObstacle(db, payload.cycle ?? 0, payload.since ?? "");
    return line && { ...line, ref: await labelOfCycle(db, payload.cycle ?? 0, line.ref) };
  },
};

/** Whether this version knows how to compose (and show) a notice of this kind. */
export function isNoticeKind(kind: string): kind is NoticeKind {
  return Object.hasOwn(noticeComposers, kind);
}

/**
 * The message a notice row becomes for `chatId`; null when it should no longer go out.
 * `payload` is the row's JSON, read as its kind's payload (the type `planNotice` wrote it with).
 */
export async function composeNotice(kind: NoticeKind, payload: unknown, chatId: number, context: ComposeContext): Promise<OutgoingMessage | null> {
  // The composer of `kind` takes that kind's payload: TypeScript cannot follow one key through two lookups.
  const composer = noticeComposers[kind] as (payload: unknown, context: ComposeContext) => Promise<NoticeKinds[NoticeKind]["content"] | null>;
  const content = await composer(payload, context);
  return content === null ? null : ({ kind, chatId, ...content } as OutgoingMessage);
}
