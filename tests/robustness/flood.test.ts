/**
 * Issue 11, item 8: a flood of messages from one chat. A stranger gets a few answers, not one
 * per message; an officer's replies are all recorded while the answers are throttled (one
 * notice that the bot is slowing down); a 429 from Telegram is never answered with an apology
 * (which would be one more 429); the log grows by a bounded amount, not kilobytes per message.
 * Old journal rows (handled updates, pending "which task?" replies) are pruned.
 */
import { afterEach, describe, expect, it } from "vitest";
import { pruneOldRecords } from "../../src/services/runtime/maintenance.js";
import { answerBudgets } from "../../src/telegram/throttle.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { printIfVerbose } from "../support/verbose.js";

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

const sendsTo = (chatId: number) => h.emu.callsOf("sendMessage").filter((c) => Number(c.params.chat_id) === chatId);
const logBytes = () => h.logs.reduce((n, line) => n + Buffer.byteLength(line), 0);

describe("a flood from one chat", () => {
  it("gives a stranger a few answers, not one per message", async () => {
    h = await startBotHarness();
    const stranger = h.emu.user(971, { first_name: "Người lạ" });
    for (let i = 0; i < 300; i++) stranger.sendText(`tin nhắn ${i}`);
    await h.settle();
    const answers = sendsTo(971);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.length).toBeLessThanOrEqual(answerBudgets.stranger.burst);
  });

  it("records every reply of an officer, throttles the answers, and never apologises for a 429", async () => {
    h = await startBotHarness({ env: { LOG_LEVEL: "info" } });
    const officer = h.emu.user(972, { first_name: "Hà" });
    officer.sendCommand("/start", await h.invite("SCT"));
    await h.settle();
    const card = await h.openCard(officer, "IV.2");
    // From now on Telegram answers every sendMessage to this chat with 429.
    const stop = h.emu.failWhen(({ method, params }) => method === "sendMessage" && Number(params.chat_id) === 972, { kind: "status", code: 429, retryAfter: 30 });
    const callsBefore = sendsTo(972).length;
    const bytesBefore = logBytes();
    for (let i = 0; i < 200; i++) officer.sendText(`đang thực hiện ${i % 100}%`, { replyToMessageId: card.messageId });
    for (let i = 0; i < 200; i++) officer.sendText(`tin không trả lời ${i}`);
    await h.settle();
    stop();
    const calls = sendsTo(972).slice(callsBefore);
    const recorded = await h.service.app.db
      .selectFrom("status_updates")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const logged = logBytes() - bytesBefore;
    printIfVerbose(
      JSON.stringify({ name: "flood_officer", messages: 400, send_calls: calls.length, recorded: Number(recorded.n), log_bytes: logged, log_bytes_per_message: Math.round(logged / 400) }),
    );
    expect(Number(recorded.n)).toBe(200);
    expect(calls.length).toBeLessThanOrEqual(answerBudgets.member.burst);
    expect(calls.filter((c) => String(c.params.text ?? "").startsWith("Xin lỗi"))).toEqual([]);
    expect(logged / 400).toBeLessThan(50);
  });

  it("tells an officer once that answers are slowed down, and answers again later", async () => {
    h = await startBotHarness();
    const officer = h.emu.user(973, { first_name: "Lan" });
    officer.sendCommand("/start", await h.invite("SCT"));
    await h.settle();
    const card = await h.openCard(officer, "IV.2");
    const before = officer.inbox().length;
    for (let i = 0; i < 100; i++) officer.sendText(`đang thực hiện ${i}%`, { replyToMessageId: card.messageId });
    await h.settle();
    const answers = officer
      .inbox()
      .slice(before)
      .map((m) => m.text ?? "");
    expect(answers.filter((t) => t.includes("gửi nhiều tin nhắn quá nhanh"))).toHaveLength(1);
    expect(answers.length).toBeLessThanOrEqual(answerBudgets.member.burst + 1); // the budget (less /tasks) and the notice
    // An hour later the budget is back.
    h.setNow(new Date(h.now().getTime() + 3_600_000).toISOString());
    officer.sendText("đã hoàn thành 100%", { replyToMessageId: card.messageId });
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Hoàn thành");
  });
});

describe("pruning", () => {
  it("forgets handled updates and pending replies older than their use, and keeps recent ones", async () => {
    h = await startBotHarness();
    const db = h.service.app.db;
    const officer = h.emu.user(974, { first_name: "Bình" });
    officer.sendCommand("/start", await h.invite("SCT"));
    await h.settle();
    const person = await db.selectFrom("people").select("id").where("telegram_user_id", "=", 974).executeTakeFirstOrThrow();
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(h.now().getTime() - daysAgo * day).toISOString();
    await db
      .insertInto("handled_updates")
      .values([
        { update_id: 1, handled_at: at(30) },
        { update_id: 2, handled_at: at(8) },
        { update_id: 3, handled_at: at(1) },
      ])
      .execute();
    await db
      .insertInto("pending_replies")
      .values([
        { person_id: person.id, telegram_update_id: 11, telegram_message_id: 1, text: "cũ, đã chọn", file_ids: "[]", resolved_at: at(3), created_at: at(3) },
        { person_id: person.id, telegram_update_id: 12, telegram_message_id: 2, text: "cũ, chưa chọn", file_ids: "[]", resolved_at: null, created_at: at(10) },
        { person_id: person.id, telegram_update_id: 13, telegram_message_id: 3, text: "mới", file_ids: "[]", resolved_at: null, created_at: at(1) },
      ])
      .execute();
    const pruned = await pruneOldRecords(db, h.now());
    expect(pruned).toEqual({ handledUpdates: 2, pendingReplies: 2 });
    expect((await db.selectFrom("handled_updates").select("update_id").where("update_id", "<=", 3).execute()).map((r) => r.update_id)).toEqual([3]);
    expect((await db.selectFrom("pending_replies").select("text").execute()).map((r) => r.text)).toEqual(["mới"]);
  });
});
