/**
 * Issue 6, proof 5: the clock jumping forward and back (a corrected system clock, `tick --at` in
 * the past) through the real service — planner, ledger, sender, telegraf over HTTP to the
 * emulator. The planner forgets its markers when the clock goes back (`followPlannerClock`,
 * storage/planning-repository.ts); the ledger's unique key is what keeps a stage from being sent twice.
 *
 * Invariants, after every tick: each officer received one message per ledger row sent (no
 * stage twice); each was sent at or after its planned instant and less than 24 hours after it;
 * one tick sends at most one reminder per cycle and officer; every stage a tick looked at (its
 * instant passed, its day within the planner's 10-day look-back) is in the ledger, sent or
 * skipped, so nothing is lost either.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { localDateOf } from "../../src/domain/local-date.js";
import { defaultLadder, ladderStages, shiftDate, stageInstant } from "../../src/domain/reminder-ladder.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import type { SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { printIfVerbose } from "../support/verbose.js";

const zone = "Asia/Ho_Chi_Minh";
const day = 86_400_000;
/** how far back the planner looks (reminder-planner.ts lookBackDays) */
const lookBackDays = 10;
let h: BotHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

interface Officer {
  user: SimulatedUser;
  personId: number;
  cycleId: number;
}

async function officer(id: number, agency: string): Promise<Officer> {
  const user = h!.emu.user(id, { first_name: `Cán bộ ${agency}` });
  user.sendCommand("/start", await h!.invite(agency));
  await h!.settle();
  const person = await h!.service.app.db.selectFrom("people").select("id").where("telegram_user_id", "=", id).executeTakeFirstOrThrow();
  return { user, personId: person.id, cycleId: await h!.cycleIdOf("IV.2", agency) };
}

async function ledgerOf(o: Officer) {
  return h!.service.app.db
    .selectFrom("reminders")
    .select(["stage", "state", "planned_at", "sent_at", "telegram_message_id"])
    .where("person_id", "=", o.personId)
    .where("cycle_id", "=", o.cycleId)
    .orderBy("planned_at")
    .execute();
}

const reminderTexts = (o: Officer) => o.user.inbox().filter((m) => m.text?.includes("Nhắc việc — IV.2"));

/** Ticks at an instant; checks the invariants; returns the IV.2 reminders each officer got. */
async function tickAndCheck(instant: Date, officers: Officer[], passed: { required: Set<string> }): Promise<number[]> {
  const before = officers.map((o) => reminderTexts(o).length);
  h!.setNow(instant.toISOString());
  await h!.service.tick();
  await h!.settle();
  const got: number[] = [];
  for (const [i, o] of officers.entries()) {
    const received = reminderTexts(o);
    const ledger = await ledgerOf(o);
    const sent = ledger.filter((r) => r.state === "sent");
    // One message per sent row: a stage sent twice would show as a message without a row.
    expect(received.length, `officer ${o.user.id} at ${instant.toISOString()}`).toBe(sent.length);
    expect(new Set(sent.map((r) => r.telegram_message_id)).size).toBe(sent.length);
    for (const row of sent) {
      const late = Date.parse(row.sent_at!) - Date.parse(row.planned_at);
      expect(late, `${row.stage} sent ${row.sent_at} for ${row.planned_at}`).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(day);
    }
    got.push(received.length - before[i]!);
    expect(received.length - before[i]!, "one tick sends at most one reminder per cycle").toBeLessThanOrEqual(1);
    // Nothing lost: every stage a tick looked at (its instant passed, its day within the
    // planner's 10-day look-back) is recorded, sent or skipped, and stays so.
    const today = localDateOf(instant, zone);
    for (const s of ladderStages("2026-11-30", "once", defaultLadder, h!.service.app.calendar, { from: shiftDate(today, -lookBackDays), until: today })) {
      if (stageInstant(s.date, defaultLadder, zone) <= instant) passed.required.add(s.key);
    }
    const recorded = new Set(ledger.map((r) => r.stage));
    expect(
      [...passed.required].filter((key) => !recorded.has(key)),
      `stages missing from the ledger at ${instant.toISOString()}`,
    ).toEqual([]);
  }
  return got;
}

const local = (text: string) => new Date(`${text.replace(" ", "T")}:00+07:00`);

describe("the clock jumping forward and back", () => {
  it("T, T+3 days, T-2 days, T+1 day (and on): no duplicate, stale stages skipped and recorded, nothing sent twice", async () => {
    h = await startBotHarness({ now: "2026-11-10T02:00:00Z" });
    const officers = [await officer(5_101, "SCT"), await officer(5_102, "STC")];
    const passed = { required: new Set<string>() };
    await tickAndCheck(local("2026-11-10 09:00"), officers, passed); // backlog summaries
    const T = local("2026-11-20 09:00"); // IV.2 is due Monday 30/11/2026: d14 was 16/11, d7 is 23/11
    const at = (days: number) => new Date(T.getTime() + days * day);
    const sequence: Array<[string, Date, number]> = [
      ["T", at(0), 0], // d14 (16/11) is 4 days stale: recorded as skipped, not sent
      ["T+3d", at(3), 1], // d7 (23/11 08:00) is due: sent once
      ["T-2d", at(-2), 0], // back in time: the markers are forgotten, d14 is already in the ledger
      ["T+1d", at(1), 0], // still before d7's instant: nothing
      ["T+3d again", at(3), 0], // d7 is in the ledger: not again
      ["T+7d", at(7), 1], // d1 (27/11, with d3 on the same day)
      ["T-5d", at(-5), 0],
      ["T+10d", at(10), 1], // due day 30/11
      ["T+11d", at(11), 1], // first overdue working day 1/12
      ["T+4d", at(4), 0],
      ["T+11d again", at(11), 0],
    ];
    const got: Record<string, number[]> = {};
    for (const [name, instant, expected] of sequence) {
      got[name] = await tickAndCheck(instant, officers, passed);
      expect(got[name], name).toEqual(officers.map(() => expected));
    }
    for (const o of officers) {
      const ledger = await ledgerOf(o);
      expect(ledger.map((r) => [r.stage, r.state])).toEqual([
        ["d14@2026-11-30", "skipped"],
        ["d7@2026-11-30", "sent"],
        ["d1@2026-11-30", "sent"],
        ["d0@2026-11-30", "sent"],
        ["o1@2026-11-30", "sent"],
      ]);
    }
    printIfVerbose(JSON.stringify({ name: "clock_jumps", ticks: sequence.length + 1, reminders_per_officer: reminderTexts(officers[0]!).length, received_by_tick: got }));
  }, 60_000);

  it("holds for random sequences of jumps (fast-check)", async () => {
    let runs = 0;
    let ticks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 * 24 * 4 - 1 }), { minLength: 4, maxLength: 9 }), async (quarters) => {
        runs++;
        h = await startBotHarness({ now: "2026-11-10T02:00:00Z" });
        try {
          const officers = [await officer(5_201, "SXD")];
          const passed = { required: new Set<string>() };
          await tickAndCheck(local("2026-11-10 09:00"), officers, passed);
          // Instants from 11/11 to 20/12, on quarter hours, in any order.
          for (const q of quarters) {
            ticks++;
            await tickAndCheck(new Date(local("2026-11-11 00:00").getTime() + q * 15 * 60_000), officers, passed);
          }
        } finally {
          await h.stop();
          h = null;
        }
      }),
      { numRuns: 6, endOnFailure: true, includeErrorInReport: true },
    );
    printIfVerbose(JSON.stringify({ name: "clock_jumps_random", runs, ticks }));
  }, 120_000);
});
