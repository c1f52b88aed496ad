/**
 * The sender's ledger queries and the instance lock on a real SQLite file: only due, planned
 * rows go out; a row is claimed once; only a row still claimed is settled; what a crash left
 * claimed is planned again; a lock whose heartbeat stopped is taken over and its old holder
 * finds out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireInstanceLock, heartbeatTimeoutMs, InstanceLockedError } from "../../src/services/runtime/instance-lock.js";
import type { Db } from "../../src/storage/database.js";
import { claimDelivery, findDueDeliveries, getLedgerReminder, requeueInterruptedDeliveries, settleDelivery } from "../../src/storage/delivery-repository.js";
import { findOpenCycleItems, findOpenUndatedCycleItems } from "../../src/storage/notice-content-repository.js";
import { findLockHolder, refreshLockHeartbeat, releaseLock, takeLock } from "../../src/storage/lock-repository.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const now = "2026-11-16T01:00:00.000Z";
const earlier = "2026-11-16T00:00:00.000Z";
const later = "2026-11-16T02:00:00.000Z";

let db: Db;
let close: () => Promise<void>;
let agencyId: number;
let planId: number;
let personId: number;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    ({ db, close } = await store.open());
    agencyId = (await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow()).id;
    planId = (
      await db.insertInto("plans").values({ code: "P", title: "P", issued_on: null, source_file: "f", source_hash: "h", imported_at: earlier }).returning("id").executeTakeFirstOrThrow()
    ).id;
    personId = (
      await db
        .insertInto("people")
        .values({ telegram_user_id: 1, chat_id: 1, display_name: "Cán bộ STC", agency_id: agencyId, role: "focal", created_at: earlier, updated_at: earlier })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterEach(async () => await close());

  /** A lead task of STC with one cycle; returns the cycle's id. */
  async function cycle(ref: string, position: number, dueOn: string | null, options: { completedAt?: string; taskRemovedAt?: string } = {}): Promise<number> {
    const task = await insertTaskRow(db, {
      plan_id: planId,
      ref,
      text: `Nhiệm vụ ${ref}`,
      deadline_kind: dueOn ? "date" : "none",
      deadline_date: dueOn,
      source_line: position,
      position,
      removed_at: options.taskRemovedAt ?? null,
      at: earlier,
    });
    const assignment = await db
      .insertInto("assignments")
      .values({ task_id: task.id, agency_id: agencyId, role: "lead", removed_at: null, created_at: earlier })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto("cycles")
      .values({ assignment_id: assignment.id, period: "once", original_due_on: dueOn, due_on: dueOn, completed_at: options.completedAt ?? null, created_at: earlier })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function reminder(cycleId: number, stage: string, plannedAt: string, extra: { state?: "planned" | "sending" | "sent"; nextAttemptAt?: string } = {}): Promise<number> {
    const row = await db
      .insertInto("reminders")
      .values({
        cycle_id: cycleId,
        person_id: personId,
        stage,
        planned_at: plannedAt,
        state: extra.state ?? "planned",
        last_error: null,
        telegram_message_id: null,
        sent_at: null,
        next_attempt_at: extra.nextAttemptAt ?? null,
        created_at: plannedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function notice(key: string, plannedAt: string, state: "planned" | "sending" = "planned"): Promise<number> {
    const row = await db
      .insertInto("notices")
      .values({
        person_id: personId,
        key,
        kind: "digest",
        payload: "{}",
        planned_at: plannedAt,
        state,
        next_attempt_at: null,
        last_error: null,
        telegram_message_id: null,
        sent_at: null,
        created_at: plannedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const reminderRow = (id: number) =>
    db.selectFrom("reminders").select(["state", "attempts", "last_error", "telegram_message_id", "sent_at", "next_attempt_at"]).where("id", "=", id).executeTakeFirstOrThrow();

  describe("the sender's ledger", () => {
    it("finds only planned rows whose time and retry time have come, notices first", async () => {
      const c = await cycle("1", 1, "2026-11-30");
      const due = await reminder(c, "d14@2026-11-30", earlier);
      const retryDue = await reminder(c, "d7@2026-11-30", earlier, { nextAttemptAt: now });
      await reminder(c, "d3@2026-11-30", later); // not yet
      await reminder(c, "d1@2026-11-30", earlier, { nextAttemptAt: later }); // backing off
      await reminder(c, "d0@2026-11-30", earlier, { state: "sending" }); // claimed by someone
      await reminder(c, "late@2026-11-30", earlier, { state: "sent" });
      const digest = await notice("digest-1", now);

      expect(await findDueDeliveries(db, now, 100)).toEqual([
        { table: "notices", id: digest, personId, attempts: 0 },
        { table: "reminders", id: due, personId, attempts: 0 },
        { table: "reminders", id: retryDue, personId, attempts: 0 },
      ]);
      // The limit holds per ledger, earliest planned first.
      expect((await findDueDeliveries(db, now, 1)).map((d) => d.id)).toEqual([digest, due]);
    });

    it("claims a row once, counting the attempt", async () => {
      const id = await reminder(await cycle("1", 1, "2026-11-30"), "d14@2026-11-30", earlier);
      expect(await claimDelivery(db, "reminders", id)).toBe(true);
      expect(await claimDelivery(db, "reminders", id)).toBe(false);
      expect(await reminderRow(id)).toMatchObject({ state: "sending", attempts: 1 });
      expect(await findDueDeliveries(db, now, 100)).toEqual([]);
    });

    it("settles only a row still claimed: a row another process put back is left to it", async () => {
      const c = await cycle("1", 1, "2026-11-30");
      const sent = await reminder(c, "d14@2026-11-30", earlier);
      const retried = await reminder(c, "d7@2026-11-30", earlier);
      const lost = await reminder(c, "d3@2026-11-30", earlier);
      for (const id of [sent, retried, lost]) await claimDelivery(db, "reminders", id);

      await settleDelivery(db, "reminders", sent, { state: "sent", messageId: 77, at: now });
      expect(await reminderRow(sent)).toMatchObject({ state: "sent", telegram_message_id: 77, sent_at: now, last_error: null });

      await settleDelivery(db, "reminders", retried, { state: "planned", error: "502", nextAttemptAt: later });
      expect(await reminderRow(retried)).toMatchObject({ state: "planned", last_error: "502", next_attempt_at: later, attempts: 1 });
      expect((await findDueDeliveries(db, now, 100)).map((d) => d.id)).toEqual([]);
      expect((await findDueDeliveries(db, later, 100)).map((d) => d.id)).toEqual([retried]);

      // A frozen process wakes up after its row was put back (and maybe sent) by another.
      await db.updateTable("reminders").set({ state: "sent", telegram_message_id: 90 }).where("id", "=", lost).execute();
      await settleDelivery(db, "reminders", lost, { state: "failed", error: "timeout" });
      expect(await reminderRow(lost)).toMatchObject({ state: "sent", telegram_message_id: 90, last_error: null });
    });

    it("puts back what a crash left claimed, in both ledgers, and nothing else", async () => {
      const c = await cycle("1", 1, "2026-11-30");
      const claimed = await reminder(c, "d14@2026-11-30", earlier, { state: "sending" });
      const sent = await reminder(c, "d7@2026-11-30", earlier, { state: "sent" });
      const claimedNotice = await notice("digest-1", earlier, "sending");
      expect(await requeueInterruptedDeliveries(db)).toBe(2);
      expect((await reminderRow(claimed)).state).toBe("planned");
      expect((await reminderRow(sent)).state).toBe("sent");
      expect((await findDueDeliveries(db, now, 100)).map((d) => d.id).sort()).toEqual([claimed, claimedNotice].sort());
      expect(await requeueInterruptedDeliveries(db)).toBe(0);
    });

    it("reads a reminder with whether its cycle is done or its task gone from the plan", async () => {
      const open = await reminder(await cycle("1", 1, "2026-11-30"), "d14@2026-11-30", earlier);
      const done = await reminder(await cycle("2", 2, "2026-11-30", { completedAt: earlier }), "d14@2026-11-30", earlier);
      const removed = await reminder(await cycle("3", 3, "2026-11-30", { taskRemovedAt: earlier }), "d14@2026-11-30", earlier);
      expect(await getLedgerReminder(db, open)).toMatchObject({
        ref: "1",
        text: "Nhiệm vụ 1",
        agencyName: "Sở Tài chính",
        dueOn: "2026-11-30",
        plannedAt: earlier,
        completed: false,
        removedFromPlan: false,
      });
      expect(await getLedgerReminder(db, done)).toMatchObject({ completed: true, removedFromPlan: false });
      expect(await getLedgerReminder(db, removed)).toMatchObject({ completed: false, removedFromPlan: true });
    });

    it("lists of a notice's cycles only those still open (check-in: still undated, on a live task)", async () => {
      const undated = await cycle("2", 2, null);
      const undatedFirst = await cycle("1", 1, null);
      const dated = await cycle("3", 3, "2026-11-01");
      const undatedDone = await cycle("4", 4, null, { completedAt: earlier });
      const undatedRemoved = await cycle("5", 5, null, { taskRemovedAt: earlier });
      const datedLater = await cycle("6", 6, "2026-11-05");
      const datedDone = await cycle("7", 7, "2026-10-01", { completedAt: earlier });

      expect((await findOpenUndatedCycleItems(db, [undated, undatedFirst, dated, undatedDone, undatedRemoved])).map((i) => i.ref)).toEqual(["1", "2"]);
      expect(await findOpenUndatedCycleItems(db, [])).toEqual([]);
      const backlog = await findOpenCycleItems(db, [datedLater, datedDone, dated]);
      expect(backlog.map((i) => [i.ref, i.due])).toEqual([
        ["3", "2026-11-01"],
        ["6", "2026-11-05"],
      ]);
      expect(await findOpenCycleItems(db, [])).toEqual([]);
    });
  });

  describe("the instance lock", () => {
    it("lets only its holder move the heartbeat on or release it", async () => {
      await takeLock(db, { owner: "a", host: "h", pid: 1, heartbeatAt: earlier });
      expect(await refreshLockHeartbeat(db, "b", now)).toBe(false);
      expect(await refreshLockHeartbeat(db, "a", now)).toBe(true);
      await releaseLock(db, "b");
      expect(await findLockHolder(db)).toEqual({ owner: "a", host: "h", pid: 1, heartbeatAt: now });
      await takeLock(db, { owner: "b", host: "h2", pid: 2, heartbeatAt: later });
      expect(await findLockHolder(db)).toEqual({ owner: "b", host: "h2", pid: 2, heartbeatAt: later });
      await releaseLock(db, "b");
      expect(await findLockHolder(db)).toBeNull();
    });

    it("refuses a second process while the holder's heartbeat is fresh, and takes over once it stopped", async () => {
      const start = new Date(now);
      const other = { host: "may-chu-khac", pid: 4242 };
      const first = await acquireInstanceLock(db, "first", start, other);
      const justInTime = new Date(start.getTime() + heartbeatTimeoutMs - 1_000);
      await expect(acquireInstanceLock(db, "second", justInTime, { host: "may-chu-nay", pid: 1 })).rejects.toBeInstanceOf(InstanceLockedError);
      expect(await first.isHeld()).toBe(true);

      const expired = new Date(start.getTime() + heartbeatTimeoutMs);
      const second = await acquireInstanceLock(db, "second", expired, { host: "may-chu-nay", pid: 1 });
      expect(await second.isHeld()).toBe(true);
      // The first process wakes up: it learns it lost the lock and cannot take it back by beating.
      expect(await first.isHeld()).toBe(false);
      expect(await first.heartbeat(expired)).toBe(false);
      await first.release();
      expect((await findLockHolder(db))?.owner).toBe("second");
    });
  });
});
