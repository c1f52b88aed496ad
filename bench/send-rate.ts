/**
 * Send-rate benchmark (DESIGN.md §8: "reminder sending at ≥ 90% of the Telegram rate limits with
 * zero 429s from a limit-enforcing emulator"). The real notifier (createNotifier: Bottleneck,
 * one message a second per chat, a global reservoir refilled every second) sends well-formed
 * reminder messages through telegraf's Telegram over HTTP to the local Bot API emulator, which
 * enforces 1 message/second per chat and 30/second overall and answers 429 (retry_after) beyond.
 *
 * Workload: 600 reminders to 300 private chats, two per chat queued back to back (c1, c1, c2, c2,
 * …), all handed to the notifier at once as deliverDue does (Promise.all), so both the per-chat
 * and the global pacing are exercised. Rate = delivered / wall time from the first send to the
 * last answer. The emulator's own record gives the busiest 1-second window and the shortest gap
 * between two messages to one chat.
 *
 * Target (applies to the 29/s variant): ≥ 27 messages/s (90% of the emulator's 30/s), zero 429s,
 * every message delivered. The production pacing (telegramPacing, 25/s) is measured beside it
 * on 200 messages (100 chats), for comparison only.
 */
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { Telegram } from "telegraf";
import { createLogger } from "../src/logger.js";
import type { ReminderMessage } from "../src/services/reminders/delivery.js";
import { createNotifier, telegramPacing, type Pacing } from "../src/telegram/notifier.js";
import { startBotApiEmulator } from "../src/tools/bot-api-emulator/emulator.js";

const LIMIT = { perChatPerSecond: 1, globalPerSecond: 30 };
const TARGET_RATIO = 0.9;
const CHAT_BASE = 770_000_000;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

const taskTexts = [
  "Tổ chức triển khai Kế hoạch hành động thực hiện Nghị quyết số 54/NQ-CP của Chính phủ về cơ cấu lại nền kinh tế giai đoạn 2021 - 2025; báo cáo kết quả thực hiện về Sở Kế hoạch và Đầu tư để tổng hợp",
  "Rà soát, đánh giá tình hình thực hiện các chỉ tiêu về tăng trưởng, năng suất lao động; đề xuất giải pháp tháo gỡ khó khăn, vướng mắc",
  "Xây dựng đề án phát triển nguồn nhân lực chất lượng cao, trình UBND tỉnh xem xét, phê duyệt",
];

function reminder(chatId: number, i: number): ReminderMessage {
  const late = i % 5 === 4;
  return {
    kind: "reminder",
    chatId,
    cycleId: 10_000 + i,
    ref: `III.${1 + (i % 9)}.${1 + (i % 4)}`,
    text: taskTexts[i % taskTexts.length]!,
    agencyName: `Sở số ${1 + (i % 50)}`,
    due: late ? "2026-11-09" : "2026-11-30",
    daysLeft: late ? -7 : 14,
    stage: late ? "o1@2026-11-09" : "d14@2026-11-30",
  };
}

interface RunOptions {
  chats: number;
  perChat: number;
  pacing: Pacing;
}

/** Largest number of timestamps inside any window of `ms` (t .. t + ms - 1). */
function busiestWindow(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function run({ chats, perChat, pacing }: RunOptions): Promise<Record<string, unknown>> {
  const emu = await startBotApiEmulator({ rateLimit: LIMIT });
  let warnings = 0;
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      if (/"level":[456]0/.test(String(chunk))) warnings++;
      callback();
    },
  });
  const logger = createLogger({ logLevel: "warn", botToken: emu.token, webhookSecret: null }, { destination });
  const notifier = createNotifier(new Telegram(emu.token, { apiRoot: emu.url }), logger, pacing);
  try {
    const chatIds = Array.from({ length: chats }, (_, k) => CHAT_BASE + k);
    for (const id of chatIds) emu.user(id, { first_name: `Cán bộ ${id - CHAT_BASE}` }); // known chats
    const messages = chatIds.flatMap((id, k) => Array.from({ length: perChat }, (_, j) => reminder(id, k * perChat + j)));

    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const outcomes = await Promise.allSettled(messages.map((m) => notifier.send(m)));
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);

    const failed = outcomes.filter((o) => o.status === "rejected");
    const sends = emu.calls.filter((c) => c.method === "sendMessage" && c.status === 200);
    const byChat = new Map<string, number[]>();
    for (const call of sends) byChat.set(String(call.params.chat_id), [...(byChat.get(String(call.params.chat_id)) ?? []), call.at]);
    const gaps = [...byChat.values()].flatMap((times) =>
      times
        .sort((a, b) => a - b)
        .slice(1)
        .map((t, i) => t - times[i]!),
    );
    // A 429 came from the per-chat limit when that chat had a message delivered less than a second before.
    const limited = emu.calls.filter((c) => c.method === "sendMessage" && c.rateLimited);
    const perChatLimited = limited.filter((c) => (byChat.get(String(c.params.chat_id)) ?? []).some((t) => t <= c.at && c.at - t < 1000)).length;
    const perSecond = emu.stats.delivered / (wallMs / 1000);
    return {
      pacing: { global_per_second: pacing.globalPerSecond, per_chat_interval_ms: pacing.perChatIntervalMs },
      messages: messages.length,
      chats,
      per_chat: perChat,
      wall_ms: Math.round(wallMs),
      messages_per_second: round(perSecond),
      ratio_of_emulator_limit: round(perSecond / LIMIT.globalPerSecond, 3),
      delivered: emu.stats.delivered,
      too_many_requests: emu.stats.tooManyRequests,
      too_many_requests_by_limit: { per_chat: perChatLimited, global: limited.length - perChatLimited },
      send_failures: failed.length,
      ...(failed.length > 0 && { first_failure: String((failed[0] as PromiseRejectedResult).reason).slice(0, 300) }),
      warnings_logged: warnings,
      busiest_1s_window_at_emulator: busiestWindow(
        sends.map((c) => c.at),
        1000,
      ),
      min_gap_same_chat_ms: gaps.length > 0 ? Math.min(...gaps) : null,
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
    };
  } finally {
    await notifier.stop();
    await emu.stop();
  }
}

export async function benchSendRate(options: { chats?: number; productionChats?: number } = {}): Promise<Record<string, unknown>> {
  const benchmarked = await run({ chats: options.chats ?? 300, perChat: 2, pacing: { ...telegramPacing, globalPerSecond: 29 } });
  const production = await run({ chats: options.productionChats ?? 100, perChat: 2, pacing: telegramPacing });
  const perSecond = benchmarked.messages_per_second as number;
  return {
    name: "send_rate",
    emulator_limits: { per_chat_per_second: LIMIT.perChatPerSecond, global_per_second: LIMIT.globalPerSecond },
    transport: "telegraf Telegram over HTTP (127.0.0.1) to the local Bot API emulator, same process",
    ...benchmarked,
    production_pacing: {
      ...production,
      note:
        'for comparison, no target: production keeps telegramPacing at 25 messages/s overall, as DESIGN.md §4 asks ("about 25 per second in all"), ' +
        "a margin below Telegram's ~30/s so that other bot traffic (answers to replies, callback answers, edits) fits beside reminders; that is ~83% of the emulator's limit, " +
        "so the ≥ 90% target is shown with the same notifier paced at 29/s (a Pacing object passed to createNotifier)",
    },
    ...((benchmarked.too_many_requests as number) + (production.too_many_requests as number) > 0 && {
      note_429:
        "the notifier's global pacing is a Bottleneck reservoir refilled every 1000 ms on its own timer: requests released late in one period and those released by the next refill " +
        "can fall within one sliding second (up to twice the rate), which the emulator answers with 429; each 429 then waits retry_after (1 s) and takes another slot. " +
        "too_many_requests_by_limit.per_chat counts 429s to a chat that had a message delivered less than a second before",
    }),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), // the process's peak so far
    target: { messages_per_second: LIMIT.globalPerSecond * TARGET_RATIO, too_many_requests: 0, applies_to: "the 29/s pacing run above (messages_per_second, too_many_requests, delivered)" },
    ok: perSecond >= LIMIT.globalPerSecond * TARGET_RATIO && benchmarked.too_many_requests === 0 && benchmarked.delivered === benchmarked.messages && benchmarked.send_failures === 0,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchSendRate(), null, 2));
}
