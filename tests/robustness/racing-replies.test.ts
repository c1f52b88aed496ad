/**
 * Issue 6, proof 4: two focal officers of one agency answer the same task (IV.2) at once — many
 * replies to their task cards and button presses, some of them delivered twice in the same
 * burst — all handed to the real bot together (Promise.all of handleUpdate), while another
 * process (as the admin CLI would) keeps taking the database's write lock.
 *
 * Every reply is recorded once, the cycle's completion agrees with the reports, every recorded
 * report has its audit line, and no SQLITE_BUSY (or any error) escapes to the officers.
 */
import { answerBudgets } from "../../src/telegram/throttle.js";
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { linkBotMessage } from "../../src/services/replies/conversation.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { startCompetingWriter } from "./support/competing-writer.js";
import { startInProcessBot, type InProcessBot } from "./support/in-process-bot.js";
import { printIfVerbose } from "../support/verbose.js";

let b: InProcessBot;
afterEach(async () => {
  await b?.close();
});

const officers = [
  { telegramId: 3_001, name: "Cán bộ một" },
  { telegramId: 3_002, name: "Cán bộ hai" },
];
const words = [
  "đang thực hiện 40%",
  "đã hoàn thành, đã gửi báo cáo",
  "vướng mắc về kinh phí",
  "dang trien khai 75%",
  "Đã hoàn thành 100%",
  "ghi chú: đã họp với các phòng",
  "xin gia hạn đến 20/12/2026 vì chờ số liệu",
];

async function setUp() {
  b = await startInProcessBot({ now: "2026-11-20T02:00:00Z" });
  const cycle = await b.app.db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .select("cycles.id")
    .where("tasks.ref", "=", "IV.2")
    .where("agencies.code", "=", "SCT")
    .where("assignments.role", "=", "lead")
    .executeTakeFirstOrThrow();
  const cards = new Map<number, number>();
  for (const officer of officers) {
    const invite = await createInvite(b.app.db, { agencyCode: "SCT", role: "focal", createdBy: "test", now: b.clock.now() });
    await redeemInvite(b.app.db, invite.code, { telegramUserId: officer.telegramId, chatId: officer.telegramId, displayName: officer.name }, b.clock.now());
    const card = await b.bot.telegram.sendMessage(officer.telegramId, "<b>IV.2</b> — thẻ nhiệm vụ", { parse_mode: "HTML" });
    await linkBotMessage(b.app.db, { chatId: officer.telegramId, messageId: card.message_id, cycleId: cycle.id, purpose: "card" }, b.clock.now());
    cards.set(officer.telegramId, card.message_id);
  }
  return { cycleId: cycle.id, cards };
}

function replyUpdate(updateId: number, messageId: number, officer: (typeof officers)[number], cardId: number, text: string) {
  const chat = { id: officer.telegramId, type: "private", first_name: officer.name };
  const from = { id: officer.telegramId, is_bot: false, first_name: officer.name, language_code: "vi" };
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date: 1_795_000_000,
      chat,
      from,
      text,
      reply_to_message: { message_id: cardId, date: 1_794_999_000, chat, from: { id: 7000000003, is_bot: true, first_name: "Dondoc" }, text: "IV.2" },
    },
  };
}

function buttonUpdate(updateId: number, officer: (typeof officers)[number], cardId: number, data: string) {
  const chat = { id: officer.telegramId, type: "private", first_name: officer.name };
  return {
    update_id: updateId,
    callback_query: {
      id: `race${updateId}`,
      from: { id: officer.telegramId, is_bot: false, first_name: officer.name },
      chat_instance: "c",
      data,
      message: { message_id: cardId, date: 1_794_999_000, chat, text: "IV.2" },
    },
  };
}

describe("replies racing each other", () => {
  it("records each of 300 simultaneous reports once, keeps the cycle's completion consistent, and lets no SQLITE_BUSY escape", async () => {
    const { cycleId, cards } = await setUp();
    const updates: Array<Record<string, unknown>> = [];
    let updateId = 900_000;
    for (let i = 0; i < 260; i++) {
      const officer = officers[i % 2]!;
      updates.push(replyUpdate(updateId++, 10_000 + i, officer, cards.get(officer.telegramId)!, words[i % words.length]!));
    }
    for (let i = 0; i < 40; i++) {
      const officer = officers[i % 2]!;
      updates.push(buttonUpdate(updateId++, officer, cards.get(officer.telegramId)!, `st:${cycleId}:${"pdb"[i % 3]}`));
    }
    // Telegram delivering some of them twice, within the same burst.
    const twice = updates.filter((_, i) => i % 10 === 3).map((u) => structuredClone(u));
    const burst = [...updates, ...twice].sort(() => Math.random() - 0.5);
    const distinctIds = new Set(updates.map((u) => u.update_id as number));

    const writer = await startCompetingWriter(b.config.databasePath);
    const started = Date.now();
    const outcomes = await Promise.allSettled(burst.map((u) => b.handle(u)));
    const elapsed = Date.now() - started;
    const competing = await writer.stop();

    const rejected = outcomes.filter((o) => o.status === "rejected");
    const busy = b.logs.filter((l) => /SQLITE_BUSY|database is locked/i.test(l));
    const recorded = await b.app.db
      .selectFrom("status_updates")
      .select(["id", "telegram_update_id", "kind", "created_at", "undone_at"])
      .where("cycle_id", "=", cycleId)
      .orderBy("id")
      .execute();
    const perUpdate = new Map<number, number>();
    for (const r of recorded) perUpdate.set(r.telegram_update_id!, (perUpdate.get(r.telegram_update_id!) ?? 0) + 1);
    const cycle = await b.app.db.selectFrom("cycles").select(["completed_at", "completed_on"]).where("id", "=", cycleId).executeTakeFirstOrThrow();
    const firstDone = recorded.find((r) => r.kind === "done" && r.undone_at === null);
    const audits = Number(
      (
        await b.app.db
          .selectFrom("audit")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("action", "=", "status_update.recorded")
          .where("entity_id", "=", cycleId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const confirmations = b.telegram.calls.filter((c) => c.method === "sendMessage" && String(c.payload.text).startsWith("Đã ghi nhận"));
    const extensionRequests = Number(
      (
        await b.app.db
          .selectFrom("extension_requests")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(b.app.db);

    printIfVerbose(
      JSON.stringify({
        name: "racing_replies",
        updates_in_burst: burst.length,
        distinct_updates: distinctIds.size,
        delivered_twice: twice.length,
        status_updates_recorded: recorded.length,
        confirmations: confirmations.length,
        extension_requests: extensionRequests,
        competing_writer_commits: competing.commits,
        competing_writer_busy: competing.busy,
        rejected: rejected.length,
        sqlite_busy_logged: busy.length,
        problems_logged: b.problems.length,
        ms: elapsed,
      }),
    );
    expect(rejected).toEqual([]);
    expect(busy).toEqual([]);
    expect(b.problems).toEqual([]);
    // A press delivered twice at once is answered by both deliveries (Telegram refuses the second
    // answer with a 400, which the bot logs and survives); any other bad call is a failure.
    const pressedTwice = new Set(twice.map((u) => (u.callback_query as { id?: string } | undefined)?.id).filter(Boolean));
    expect(b.telegram.calls.filter((c) => c.problems.length > 0 && !(c.method === "answerCallbackQuery" && pressedTwice.has(String(c.payload.callback_query_id))))).toEqual([]);
    // Every report once: 300 distinct updates, 300 rows, none twice.
    expect(recorded).toHaveLength(distinctIds.size);
    expect([...perUpdate.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perUpdate.keys())).toEqual(distinctIds);
    expect(audits).toBe(recorded.length);
    // 130 reports at once from each chat is a flood: each chat gets its answer budget of
    // confirmations (telegram/throttle.ts), the rest is recorded without an answer; the 40
    // button presses are answered (a press needs its answer).
    expect(confirmations.length).toBeGreaterThanOrEqual(2);
    expect(confirmations.length).toBeLessThanOrEqual(2 * answerBudgets.member.burst + 40);
    // The cycle is done, since the first "done" that stands, and stays so.
    expect(firstDone).toBeDefined();
    expect(cycle.completed_at).toBe(firstDone!.created_at);
    expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
    expect(competing.commits).toBeGreaterThan(0);
    expect(competing.busy).toBe(0);
  }, 60_000);
});
