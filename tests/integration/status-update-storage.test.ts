/**
 * Status updates and extension requests as stored: a "done" completes the cycle and is recorded
 * once per Telegram update; taking it back reopens the cycle and the next tick plans it again;
 * an edit finds its update only within the window; a request is found by its update's instant.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/person.js";
import { recordStatusUpdate, undoStatusUpdate, type NewStatusUpdate } from "../../src/services/replies/status-updates.js";
import type { Db } from "../../src/storage/database.js";
import {
  findPendingRequestIds,
  findPendingRequestOfUpdate,
  findRequestToDecide,
  insertExtensionRequest,
  recordExtensionDecision,
  withdrawPendingRequestsOfCycle,
} from "../../src/storage/extension-repository.js";
import { findDueCycles } from "../../src/storage/ledger-repository.js";
import { findPersonById, upsertPerson } from "../../src/storage/people-repository.js";
import { setNextStages } from "../../src/storage/planning-repository.js";
import { findEditableUpdate, findLiveLeadCycle, findUndoableUpdate, hasOtherStandingDone, markStatusUpdateUndone } from "../../src/storage/status-update-repository.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const now = new Date("2026-11-27T02:00:00.000Z");
const at = now.toISOString();
const timeZone = "Asia/Ho_Chi_Minh";

let db: Db;
let close: () => Promise<void>;
let cycleId: number;
let actor: Actor;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    ({ db, close } = await store.open());
    const agencyId = (await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow()).id;
    const planId = (
      await db.insertInto("plans").values({ code: "P", title: "Kế hoạch", issued_on: null, source_file: "f", source_hash: "h", imported_at: at }).returning("id").executeTakeFirstOrThrow()
    ).id;
    const taskId = (await insertTaskRow(db, { plan_id: planId, ref: "II.1", text: "Rà soát thủ tục", deadline_kind: "date", deadline_date: "2026-12-31", at })).id;
    const assignmentId = (
      await db.insertInto("assignments").values({ task_id: taskId, agency_id: agencyId, role: "lead", removed_at: null, created_at: at }).returning("id").executeTakeFirstOrThrow()
    ).id;
    cycleId = (
      await db
        .insertInto("cycles")
        .values({ assignment_id: assignmentId, period: "once", original_due_on: "2026-12-31", due_on: "2026-12-31", completed_at: null, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const personId = await upsertPerson(db, { telegramUserId: 501, chatId: 501, displayName: "Chị Lan", agencyId, role: "focal" }, at);
    actor = { telegramUserId: 501, person: await findPersonById(db, personId), isConfigAdmin: false };
  });
  afterEach(async () => await close());

  function update(kind: NewStatusUpdate["kind"], telegramUpdateId: number, extra: Partial<NewStatusUpdate> = {}): NewStatusUpdate {
    return { cycleId, kind, percent: null, text: "Đã xong", fileIds: [], source: "reply", telegramUpdateId, telegramMessageId: telegramUpdateId, chatId: 501, ...extra };
  }

  describe("status updates in storage", () => {
    it("a done completes the cycle and is recorded once; taking it back reopens the cycle and it is planned again", async () => {
      await setNextStages(db, new Map([["2026-12-20T01:00:00.000Z", [cycleId]]]));
      const done = await recordStatusUpdate(db, actor, update("done", 7001), now, timeZone);
      expect(done).toMatchObject({ duplicate: false, cycleCompleted: true, ref: "II.1", agencyCode: "STC", percent: null });
      expect(await findLiveLeadCycle(db, cycleId)).toMatchObject({ completedAt: at, ref: "II.1", agencyCode: "STC" });
      const again = await recordStatusUpdate(db, actor, update("done", 7001), now, timeZone);
      expect(again).toMatchObject({ id: done.id, duplicate: true, kind: "done" });
      expect(await db.selectFrom("status_updates").select("id").execute()).toHaveLength(1);

      expect(await undoStatusUpdate(db, actor, done.id, new Date(now.getTime() + 60_000))).toEqual({ ref: "II.1" });
      expect(await findLiveLeadCycle(db, cycleId)).toMatchObject({ completedAt: null });
      expect((await findDueCycles(db, at)).map((c) => c.cycleId)).toEqual([cycleId]);
      expect(await findUndoableUpdate(db, done.id)).toMatchObject({ undoneAt: "2026-11-27T02:01:00.000Z", cycleId, cycleCompletedAt: null });
    });

    it("another done not taken back keeps the cycle completed", async () => {
      const first = await recordStatusUpdate(db, actor, update("done", 7001), now, timeZone);
      const second = await recordStatusUpdate(db, actor, update("done", 7002), now, timeZone);
      expect(await hasOtherStandingDone(db, cycleId, first.id)).toBe(true);
      await markStatusUpdateUndone(db, second.id, at);
      expect(await hasOtherStandingDone(db, cycleId, first.id)).toBe(false);
    });

    it("an edit finds its update only from the same chat message, not taken back, and within the window", async () => {
      const recorded = await recordStatusUpdate(db, actor, update("progress", 7001, { percent: 40 }), now, timeZone);
      const message = { chatId: 501, messageId: 7001 };
      expect(await findEditableUpdate(db, message, at)).toMatchObject({ id: recorded.id, kind: "progress", percent: 40, createdAt: at });
      expect(await findEditableUpdate(db, { chatId: 501, messageId: 7002 }, at)).toBeNull();
      expect(await findEditableUpdate(db, message, "2026-11-27T02:00:00.001Z")).toBeNull();
      await markStatusUpdateUndone(db, recorded.id, at);
      expect(await findEditableUpdate(db, message, at)).toBeNull();
    });
  });

  describe("extension requests in storage", () => {
    it("a request is found by its update's instant while pending; one decision answers the others", async () => {
      const personId = actor.person!.id;
      const first = await insertExtensionRequest(db, { cycleId, personId, proposedDate: "2027-01-31", reason: "Chờ số liệu" }, at);
      const second = await insertExtensionRequest(db, { cycleId, personId, proposedDate: "2027-02-28", reason: "Chờ số liệu" }, "2026-11-27T03:00:00.000Z");
      expect(await findPendingRequestOfUpdate(db, { cycleId, personId, createdAt: at })).toEqual({ id: first, proposedDue: "2027-01-31" });
      expect(await findPendingRequestIds(db, cycleId, personId)).toEqual([first, second]);
      expect(await findRequestToDecide(db, first)).toMatchObject({
        state: "pending",
        proposedDue: "2027-01-31",
        requesterId: personId,
        cycleId,
        due: "2026-12-31",
        ref: "II.1",
        agencyName: "Sở Tài chính",
      });

      await recordExtensionDecision(db, first, { approved: true, byPersonId: personId }, at);
      await withdrawPendingRequestsOfCycle(db, cycleId);
      expect(await findRequestToDecide(db, first)).toMatchObject({ state: "approved" });
      expect(await findRequestToDecide(db, second)).toMatchObject({ state: "withdrawn" });
      expect(await findPendingRequestOfUpdate(db, { cycleId, personId, createdAt: at })).toBeNull();
      expect(await findPendingRequestIds(db, cycleId, personId)).toEqual([]);
    });
  });
});
