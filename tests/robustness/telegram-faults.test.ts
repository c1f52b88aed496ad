/**
 * Issue 6, proof 3: Telegram failing during a burst of reminders, end to end — the real service
 * (planner, ledger, notifier with Bottleneck, telegraf over HTTP) against the emulator's fault
 * injection. tests/e2e/reminders.test.ts already covers one reminder through three 429s and one
 * blocked officer on their own; this adds what it does not: the faults in the middle of a burst
 * to 40 officers at once, 5xx answers (JSON and nginx HTML), requests that time out (and one that
 * went through although its answer was lost), the ledger's backoff across ticks, and that one
 * blocked officer does not hold up the others.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import type { RecordedCall } from "../../src/tools/bot-api-emulator/emulator.js";
import { printIfVerbose } from "../support/verbose.js";

let h: BotHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const OFFICERS = 40;
const USER_BASE = 6_100;
const COORDINATOR = 6_000;

async function register(telegramUserId: number, agencyCode: string, role: "focal" | "coordinator") {
  h!.emu.user(telegramUserId, { first_name: role === "focal" ? `Cán bộ ${agencyCode}` : "Điều phối" });
  const invite = await createInvite(h!.service.app.db, { agencyCode, role, createdBy: "test", now: h!.now() });
  await redeemInvite(h!.service.app.db, invite.code, { telegramUserId, chatId: telegramUserId, displayName: role === "focal" ? `Cán bộ ${agencyCode}` : "Điều phối" }, h!.now());
}

const isReminder = (text: string | undefined) => text?.includes("Nhắc việc — IV.2") === true;

describe("Telegram faults in the middle of a burst", () => {
  it("waits out a 429 storm, retries 5xx and timeouts with backoff, marks one blocked officer, and delivers every other reminder", async () => {
    h = await startBotHarness({ now: "2026-11-10T02:00:00Z" });
    const agencies = await h.service.app.db
      .selectFrom("cycles")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .innerJoin("agencies", "agencies.id", "assignments.agency_id")
      .select("agencies.code")
      .where("tasks.ref", "=", "IV.2")
      .where("assignments.role", "=", "lead")
      .orderBy("agencies.position")
      .execute();
    expect(agencies.length).toBeGreaterThanOrEqual(OFFICERS);
    await register(COORDINATOR, "SKHDT", "coordinator");
    const ids = agencies.slice(0, OFFICERS).map((a, i) => ({ id: USER_BASE + i, agency: a.code }));
    for (const o of ids) await register(o.id, o.agency, "focal");
    // Backlog summaries of the plan's older overdue work go out first, without faults.
    h.setNow("2026-11-10T02:00:00Z");
    await h.service.tick();

    const blocked = ids[7]!.id;
    const slow = ids[12]!.id; // three timeouts in a row: the notifier gives up, the ledger backs off
    const lostAnswer = ids[20]!.id; // sent, but the answer never came: sent again (at least once)
    const from = h.emu.calls.length;
    const sendsTo = (chat: number) => h!.emu.calls.slice(from).filter((c) => c.method === "sendMessage" && c.params.chat_id === chat);
    // The storm: every other sendMessage of the first 60 answered 429 retry_after 1.
    let seen = 0;
    const storm = h.emu.failWhen(({ method }) => method === "sendMessage" && ++seen <= 60 && seen % 2 === 1, { kind: "status", code: 429, retryAfter: 1 });
    h.emu.failWhen(({ method, params }) => method === "sendMessage" && params.chat_id === blocked, { kind: "status", code: 403 });
    /** the first `times` sends to `chat` that reach this rule fail */
    const firstSends = (chat: number, times: number) => {
      let left = times;
      return ({ method, params }: { method: string; params: Record<string, unknown> }) => method === "sendMessage" && params.chat_id === chat && left-- > 0;
    };
    h.emu.failWhen(firstSends(slow, 3), { kind: "timeout", ms: 300 });
    h.emu.failWhen(firstSends(lostAnswer, 1), { kind: "timeout", ms: 100, apply: true });
    // 5xx for some: nginx 502 and 503 pages, a JSON 500; three in a row outlast the notifier's
    // own two quick retries and go back to the ledger.
    for (const [k, code, times] of [
      [3, 502, 3],
      [9, 500, 2],
      [15, 503, 2],
      [27, 502, 3],
      [33, 500, 1],
    ] as const) {
      h.emu.failWhen(firstSends(ids[k]!.id, times), { kind: "status", code });
    }

    const started = Date.now();
    h.setNow("2026-11-16T01:00:00Z"); // 08:00 local: the d14 stage of IV.2 (due 30/11) for all 40
    await h.service.tick();
    // The ledger's backoff (30 s with jitter, then 60 s) is waited out on the pinned clock.
    for (let minute = 1; minute <= 10; minute++) {
      h.setNow(new Date(Date.parse("2026-11-16T01:00:00Z") + minute * 60_000).toISOString());
      await h.service.tick();
    }
    await h.settle();
    storm();
    const elapsed = Date.now() - started;

    const db = h.service.app.db;
    // The burst: every reminder planned for 08:00 (IV.2's d14, and the weekly overdue reminders
    // some agencies have besides), with the officer it was for.
    const rows = await db
      .selectFrom("reminders")
      .innerJoin("people", "people.id", "reminders.person_id")
      .select(["people.telegram_user_id", "reminders.stage", "reminders.state", "reminders.attempts", "reminders.last_error", "reminders.telegram_message_id"])
      .where("reminders.planned_at", "=", "2026-11-16T01:00:00.000Z")
      .execute();
    const received = new Map(ids.map((o) => [o.id, h!.emu.sent(o.id).filter((m) => isReminder(m.text)).length]));
    const calls = h.emu.calls.slice(from).filter((c) => c.method === "sendMessage");
    const tooMany = calls.filter((c) => c.status === 429);
    const serverErrors = calls.filter((c) => (c.status ?? 0) >= 500);
    const timeouts = calls.filter((c) => c.fault?.kind === "timeout");
    // Messages Telegram holds (the emulator executed them) against the ledger's sent rows.
    const officerIds = new Set(ids.map((o) => o.id));
    const delivered = calls.filter((c) => officerIds.has(c.params.chat_id as number) && (c.status === 200 || (c.fault?.kind === "timeout" && c.fault.apply === true)));
    const sentRows = rows.filter((r) => r.state === "sent");
    const duplicates = delivered.length - sentRows.length;
    const lost = sentRows.filter((r) => !h!.emu.sent(r.telegram_user_id).some((m) => m.messageId === r.telegram_message_id));
    // retry_after honoured: after a 429, that chat is not tried again within the second.
    const early = tooMany.filter((c) => {
      const next = calls.find((n) => n.params.chat_id === c.params.chat_id && n.at > c.at);
      return next !== undefined && next.at - c.at < 950;
    });
    const person = await db.selectFrom("people").select("state").where("telegram_user_id", "=", blocked).executeTakeFirstOrThrow();
    const coordinatorTold = h.emu
      .sent(COORDINATOR)
      .filter((m) => m.text?.includes("Không gửi được nhắc việc cho"))
      .map((m) => m.text);
    const others = ids.filter((o) => o.id !== blocked);

    printIfVerbose(
      JSON.stringify({
        name: "telegram_faults_burst",
        officers: OFFICERS,
        reminders_in_burst: rows.length,
        send_calls: calls.length,
        faults: { too_many_requests: tooMany.length, server_errors: serverErrors.length, timeouts: timeouts.length, answers_lost_after_sending: 1, blocked_officers: 1 },
        retried_before_retry_after: early.length,
        officers_with_iv2_reminder: others.filter((o) => received.get(o.id)! >= 1).length,
        lost: lost.length,
        duplicates,
        ledger: Object.fromEntries(["sent", "failed", "skipped", "planned", "sending"].map((st) => [st, rows.filter((r) => r.state === st).length])),
        backed_off_to_a_later_tick: rows.filter((r) => r.attempts > 1).length,
        ms: elapsed,
      }),
    );
    expect(tooMany.length).toBeGreaterThanOrEqual(25);
    expect(serverErrors.length).toBe(11);
    expect(timeouts.length).toBe(4);
    expect(early.map((c: RecordedCall) => c.params.chat_id)).toEqual([]);
    // Every reachable officer got IV.2's reminder; every other reminder of the burst went out too.
    for (const o of others) expect(received.get(o.id), `officer ${o.id}`).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.telegram_user_id !== blocked && r.state !== "sent")).toEqual([]);
    expect(lost).toEqual([]);
    // Only the answer lost after sending may repeat a message, once.
    expect(duplicates).toBeGreaterThanOrEqual(0);
    expect(duplicates).toBeLessThanOrEqual(1);
    // Three failures in a row (timeouts, 5xx) went back to the ledger and out on a later tick.
    for (const backedOff of [slow, ids[3]!.id, ids[27]!.id])
      expect(
        rows.some((r) => r.telegram_user_id === backedOff && r.attempts === 2),
        `officer ${backedOff}`,
      ).toBe(true);
    // The blocked officer: one try, marked unreachable, the coordinator told once, nothing retried.
    expect(sendsTo(blocked)).toHaveLength(1);
    const blockedRows = rows.filter((r) => r.telegram_user_id === blocked);
    expect(blockedRows.filter((r) => r.state === "failed").map((r) => r.last_error)).toEqual([expect.stringContaining("blocked")]);
    expect(blockedRows.filter((r) => r.state === "sent")).toEqual([]);
    expect(person.state).toBe("unreachable");
    expect(coordinatorTold).toHaveLength(1);
  }, 90_000);
});
