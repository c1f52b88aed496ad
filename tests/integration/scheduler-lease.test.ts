/**
 * Several instances on one database (issue 13), on both stores: exactly one of two contending
 * instances leads the scheduler; when the leader stops renewing, the other takes over once the
 * lease expired (times passed in, no waiting); an ex-leader whose token is stale claims nothing;
 * and claimers running at the same time (on PostgreSQL: two pools, real concurrency) claim
 * disjoint rows, a locked row being skipped rather than waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OutgoingMessage } from "../../src/domain/notice-kinds.js";
import { deliverDue, recoverInterrupted } from "../../src/services/reminders/delivery.js";
import { defaultLeaseTiming, leaderBeat, leaseTimingProblem, schedulerLease, worstTakeoverMs } from "../../src/services/runtime/scheduler-lease.js";
import { openDatabase, type Db } from "../../src/storage/database.js";
import { claimDelivery, claimDueDeliveries, findDueDeliveries, settleDelivery } from "../../src/storage/delivery-repository.js";
import { findLease, renewLease } from "../../src/storage/lease-repository.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

const stores = await testStores();
const t0 = new Date("2026-11-27T02:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const timing = { ttlMs: 30_000, heartbeatMs: 10_000 };
const timeZone = "Asia/Ho_Chi_Minh";

describe.each(stores)("scheduler lease and claims on $name", (store) => {
  let db: Db;
  /** a second instance's connection: on PostgreSQL its own pool, on SQLite the one connection a process has */
  let other: Db;
  let close: () => Promise<void>;
  let personId: number;
  let cycleId: number;

  beforeEach(async () => {
    const opened = await store.open();
    db = opened.db;
    other = opened.url ? openDatabase({ url: opened.url, poolSize: 4 }) : db;
    close = async () => {
      if (other !== db) await other.destroy();
      await opened.close();
    };
    const agency = await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const plan = await db
      .insertInto("plans")
      .values({ code: "P", title: "P", issued_on: null, source_file: "f", source_hash: "h", imported_at: t0.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const person = await db
      .insertInto("people")
      .values({ telegram_user_id: 1, chat_id: 1, display_name: "Cán bộ STC", agency_id: agency.id, role: "focal", created_at: t0.toISOString(), updated_at: t0.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    personId = person.id;
    const task = await insertTaskRow(db, { plan_id: plan.id, ref: "1", text: "Nhiệm vụ 1", deadline_kind: "date", deadline_date: "2026-12-01", position: 1, at: t0.toISOString() });
    const assignment = await db
      .insertInto("assignments")
      .values({ task_id: task.id, agency_id: agency.id, role: "lead", removed_at: null, created_at: t0.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cycle = await db
      .insertInto("cycles")
      .values({ assignment_id: assignment.id, period: "once", original_due_on: "2026-12-01", due_on: "2026-12-01", completed_at: null, created_at: t0.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    cycleId = cycle.id;
  });
  afterEach(async () => await close?.());

  /** `count` planned reminders, due one minute apart before t0; their ids in planned order. */
  async function reminders(count: number): Promise<number[]> {
    const rows = await db
      .insertInto("reminders")
      .values(
        Array.from({ length: count }, (_, i) => ({
          cycle_id: cycleId,
          person_id: personId,
          stage: `s${i}@2026-12-01`,
          planned_at: new Date(t0.getTime() - (count - i) * 60_000).toISOString(),
          last_error: null,
          telegram_message_id: null,
          sent_at: null,
          next_attempt_at: null,
          created_at: t0.toISOString(),
        })),
      )
      .returning("id")
      .execute();
    return rows.map((r) => r.id);
  }

  it("lets exactly one of two contending instances lead, and keeps it leading while it renews", async () => {
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    const [first, second] = await Promise.all([a.beat(t0), b.beat(t0)]);
    expect([first.leading, second.leading].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = first.leading ? [a, b] : [b, a];
    const token = leader.fence()!.token;
    expect(follower.fence()).toBeNull();
    // Renewals every heartbeat keep it: long past the first TTL, the follower still cannot take it.
    for (let ms = 10_000; ms <= 90_000; ms += 10_000) {
      expect(await leader.beat(at(ms))).toEqual({ leading: true, fence: { lease: "scheduler", token }, took: false });
      expect(await follower.beat(at(ms + 5))).toEqual({ leading: false, holder: leader.holder, expiresAt: at(ms + 30_000).toISOString() });
    }
  });

  it("hands the lease to the other instance once the leader stopped renewing for the TTL, with a new token", async () => {
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    expect((await a.beat(t0)).leading).toBe(true);
    expect((await a.beat(at(10_000))).leading).toBe(true);
    // a dies after its renewal at +10 s: its lease runs to +40 s
    expect((await b.beat(at(39_999))).leading).toBe(false);
    const taken = await b.beat(at(40_000));
    expect(taken).toEqual({ leading: true, fence: { lease: "scheduler", token: 2 }, took: true });
    expect(await findLease(db, "scheduler")).toEqual({ name: "scheduler", holder: "instance-b", token: 2, expiresAt: at(70_000).toISOString() });
    // a comes back: its renewal fails, it does not lead, and it cannot take the lease back while b renews
    expect(await a.beat(at(41_000))).toEqual({ leading: false, holder: "instance-b", expiresAt: at(70_000).toISOString() });
    expect(a.fence()).toBeNull();
  });

  it("lets the other take over at once after a clean release", async () => {
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    await a.beat(t0);
    expect((await b.beat(at(1_000))).leading).toBe(false);
    await a.release();
    expect(await b.beat(at(2_000))).toEqual({ leading: true, fence: { lease: "scheduler", token: 2 }, took: true });
  });

  it("refuses claims from an ex-leader whose token is stale, and accepts the new leader's", async () => {
    const [first, second] = await reminders(2);
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    await a.beat(t0);
    const staleFence = a.fence()!;
    expect(await claimDelivery(db, "reminders", first!, staleFence)).toBe(true);
    // a is paused past its lease; b takes over
    expect((await b.beat(at(31_000))).leading).toBe(true);
    // a resumes with the fence it had: nothing is claimed, one by one or in a batch, and its renewal fails
    expect(await claimDelivery(db, "reminders", second!, staleFence)).toBe(false);
    expect(await claimDueDeliveries(db, "reminders", at(31_000).toISOString(), 10, staleFence)).toEqual([]);
    expect(await renewLease(db, staleFence, at(31_000).toISOString(), at(61_000).toISOString())).toBe(false);
    expect((await findDueDeliveries(db, at(31_000).toISOString(), 10)).map((d) => d.id)).toEqual([second]);
    // b, with the current token, claims the row a could not
    expect(await claimDueDeliveries(other, "reminders", at(31_000).toISOString(), 10, b.fence()!)).toEqual([{ table: "reminders", id: second, personId, attempts: 0 }]);
  });

  it("sends nothing from a paused ex-leader's pass; the new leader puts back what it left claimed and sends each reminder once", async () => {
    const ids = await reminders(3);
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    await a.beat(t0);
    const aFence = a.fence()!;
    // a claimed the first reminder and froze before sending it
    expect(await claimDelivery(db, "reminders", ids[0]!, aFence)).toBe(true);
    // b's heartbeat takes the lease and puts back the row a left claimed; its next beat renews and puts back nothing
    const bState = await leaderBeat(other, b, at(31_000));
    if (!bState.leading) throw new Error("b should lead");
    expect(bState).toMatchObject({ took: true, requeued: 1 });
    expect(await leaderBeat(other, b, at(32_000))).toMatchObject({ leading: true, took: false, requeued: 0 });
    const sentByA: OutgoingMessage[] = [];
    const sentByB: OutgoingMessage[] = [];
    const messenger = (sent: OutgoingMessage[]) => ({ send: async (message: OutgoingMessage) => (sent.push(message), { messageId: sent.length }) });
    // a wakes up and runs the pass it was in: it claims nothing, so it sends nothing
    const linesA = await deliverDue(db, messenger(sentByA), { now: at(31_000), timeZone, fence: aFence });
    expect(linesA.map((l) => l.outcome)).toEqual(["skipped", "skipped", "skipped"]);
    expect(sentByA).toEqual([]);
    expect(await recoverInterrupted(db, aFence)).toBe(0);
    const linesB = await deliverDue(other, messenger(sentByB), { now: at(31_000), timeZone, fence: bState.fence });
    expect(linesB.map((l) => [l.id, l.outcome])).toEqual(ids.map((id) => [id, "sent"]));
    // (on a pool the sends run in any order)
    expect(sentByB.map((m) => (m.kind === "reminder" ? m.stage : m.kind)).sort()).toEqual(["s0@2026-12-01", "s1@2026-12-01", "s2@2026-12-01"]);
  });

  it("lets an ex-leader settle nothing once another took over: the new leader's claim is not undone", async () => {
    const [id] = await reminders(1);
    const a = schedulerLease(db, "instance-a", timing);
    const b = schedulerLease(other, "instance-b", timing);
    await a.beat(t0);
    const aFence = a.fence()!;
    expect(await claimDelivery(db, "reminders", id!, aFence)).toBe(true);
    // a's lease ran out mid-send; b took over, put the row back and claimed it for its own send
    const bState = await leaderBeat(other, b, at(31_000));
    if (!bState.leading) throw new Error("b should lead");
    expect(await claimDelivery(other, "reminders", id!, bState.fence)).toBe(true);
    // a's send was refused by its own fence: its "try again later" must not put b's claim back to planned
    await settleDelivery(db, "reminders", id!, { state: "planned", error: "this process no longer holds the database", nextAttemptAt: at(60_000).toISOString() }, aFence);
    expect(await db.selectFrom("reminders").select(["state", "last_error"]).where("id", "=", id!).executeTakeFirstOrThrow()).toEqual({ state: "sending", last_error: null });
    await settleDelivery(other, "reminders", id!, { state: "sent", messageId: 7, at: at(31_500).toISOString() }, bState.fence);
    expect(await db.selectFrom("reminders").select(["state", "telegram_message_id"]).where("id", "=", id!).executeTakeFirstOrThrow()).toEqual({ state: "sent", telegram_message_id: 7 });
  });

  it("claims due rows in planned order, each once, when two claimers run at the same time", async () => {
    const ids = await reminders(60);
    const claimer = async (conn: Db) => {
      const mine: number[] = [];
      for (;;) {
        const batch = await claimDueDeliveries(conn, "reminders", t0.toISOString(), 7);
        if (batch.length === 0) return mine;
        mine.push(...batch.map((d) => d.id));
      }
    };
    const [fromA, fromB] = await Promise.all([claimer(db), claimer(other)]);
    expect(fromA.filter((id) => fromB.includes(id))).toEqual([]);
    expect([...fromA, ...fromB].sort((x, y) => x - y)).toEqual(ids);
    // each claimer took its rows in planned order
    for (const mine of [fromA, fromB]) expect(mine).toEqual([...mine].sort((x, y) => x - y));
    const states = await db.selectFrom("reminders").select(["state", "attempts"]).distinct().execute();
    expect(states).toEqual([{ state: "sending", attempts: 1 }]);
  });

  // PostgreSQL only: SQLite has one connection per process, whose transactions run one at a time.
  if (store.name === "PostgreSQL")
    it("skips the rows another connection is claiming instead of waiting for them (FOR UPDATE SKIP LOCKED)", async () => {
      const ids = await reminders(10);
      const other2 = other;
      // the first pool is in the middle of a claim: the five first rows are locked, not yet committed
      const claimedByB = await db.transaction().execute(async (trx) => {
        const locked = await trx.selectFrom("reminders").select("id").orderBy("planned_at").limit(5).forUpdate().execute();
        expect(locked.map((r) => r.id)).toEqual(ids.slice(0, 5));
        // without SKIP LOCKED this claim would wait for this transaction, which waits for it
        return claimDueDeliveries(other2, "reminders", t0.toISOString(), 5);
      });
      expect(claimedByB.map((d) => d.id)).toEqual(ids.slice(5));
      expect((await claimDueDeliveries(db, "reminders", t0.toISOString(), 10)).map((d) => d.id)).toEqual(ids.slice(0, 5));
    });
});

describe("lease timing", () => {
  it("takes over within 60 s by default and refuses a timing that could not", () => {
    expect(worstTakeoverMs(defaultLeaseTiming)).toBe(40_000);
    expect(leaseTimingProblem(defaultLeaseTiming)).toBeNull();
    expect(leaseTimingProblem({ ttlMs: 55_000, heartbeatMs: 10_000 })).toMatch(/more than 60 s/);
    expect(leaseTimingProblem({ ttlMs: 30_000, heartbeatMs: 20_000 })).toMatch(/at most half/);
    expect(() => schedulerLease({} as Db, "x", { ttlMs: 10_000, heartbeatMs: 0 })).toThrow(/positive/);
  });
});
