/**
 * Flood benchmark (issue 11, item 8): the real service (startService, polling, the same code as
 * `npm start`) over real HTTP to the local Bot API emulator, which enforces Telegram's limits
 * (1 message a second per chat, 30 a second overall, 429 with retry_after beyond). Two floods,
 * each on a fresh database, as the hostile review played them:
 *
 *   - officer:  2,000 plain messages from one registered focal officer (each one, before the
 *               fix, a "which task?" question, and an apology when that got a 429);
 *   - stranger: 10,000 messages from someone who never joined.
 *
 * Measured: sendMessage calls the bot made to the flooding chat and how many got 429, apologies
 * sent, log bytes per message (pino at LOG_LEVEL=info), rows left in handled_updates and
 * pending_replies, the process's resident memory (sampled every 100 ms; it includes the
 * emulator, which keeps every update and call in memory) and the time to drain the flood.
 * The clock is the real one, so the answer budgets refill as they would in production.
 * Bounded: each flood gives up after 10 minutes. Prints one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { loadConfig } from "../src/config.js";
import { systemClock } from "../src/domain/clock.js";
import { createLogger } from "../src/logger.js";
import { startService } from "../src/service.js";
import { createInvite } from "../src/services/people/people.js";
import { answerBudgets } from "../src/telegram/throttle.js";
import { startBotApiEmulator } from "../src/tools/bot-api-emulator/emulator.js";

const LIMIT = { perChatPerSecond: 1, globalPerSecond: 30 };
const DRAIN_TIMEOUT_MS = 600_000;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function flood(kind: "officer" | "stranger", messages: number) {
  const emu = await startBotApiEmulator({ rateLimit: LIMIT });
  const dir = mkdtempSync(join(tmpdir(), "dondoc-flood-"));
  const config = loadConfig({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: join(dir, "dondoc.sqlite"), LOG_LEVEL: "info" });
  let logBytes = 0;
  let logLines = 0;
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logBytes += Buffer.byteLength(String(chunk));
      logLines++;
      callback();
    },
  });
  const service = await startService({ config: { ...config, botToken: config.botToken! }, clock: systemClock, logger: createLogger(config, { destination }), schedule: false });
  try {
    const chatId = kind === "officer" ? 880_001 : 880_002;
    const user = emu.user(chatId, { first_name: kind === "officer" ? "Cán bộ" : "Người lạ" });
    if (kind === "officer") {
      const invite = await createInvite(service.app.db, { agencyCode: "STC", role: "focal", createdBy: "bench", now: new Date() });
      user.sendCommand("/start", invite.code);
      await emu.idle(30_000);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the emulator's per-chat second
    }
    const budget = answerBudgets[kind === "officer" ? "member" : "stranger"];
    const callsBefore = emu.callsOf("sendMessage").length;
    const tooManyBefore = emu.stats.tooManyRequests;
    const logBefore = { bytes: logBytes, lines: logLines };
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
    const started = performance.now();
    for (let i = 0; i < messages; i++) user.sendText(`tin nhắn số ${i}: đang thực hiện`);
    await emu.idle(DRAIN_TIMEOUT_MS);
    const drainedMs = performance.now() - started;
    clearInterval(sampler);
    const rssAfter = process.memoryUsage.rss();
    const calls = emu
      .callsOf("sendMessage")
      .slice(callsBefore)
      .filter((c) => Number(c.params.chat_id) === chatId);
    const count = async (table: "handled_updates" | "pending_replies") =>
      Number(
        (
          await service.app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      messages,
      send_message_calls: calls.length,
      too_many_requests: emu.stats.tooManyRequests - tooManyBefore,
      apologies: calls.filter((c) => String(c.params.text ?? "").startsWith("Xin lỗi")).length,
      log_bytes: logBytes - logBefore.bytes,
      log_lines: logLines - logBefore.lines,
      log_bytes_per_message: Math.round((logBytes - logBefore.bytes) / messages),
      handled_updates_rows: await count("handled_updates"),
      pending_replies_rows: await count("pending_replies"),
      rss_mb: { before: mb(rssBefore), peak: mb(rssPeak), after: mb(rssAfter) },
      drained_s: Math.round(drainedMs / 100) / 10,
      // what the throttle allows in that time: the burst, one per refill interval, and the officer's one notice
      answer_budget: Math.ceil(budget.burst + drainedMs / budget.refillEveryMs) + (kind === "officer" ? 1 : 0),
    };
  } finally {
    await service.stop("bench");
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFlood() {
  const officer = await flood("officer", 2_000);
  const stranger = await flood("stranger", 10_000);
  return {
    name: "flood",
    emulator_limits: LIMIT,
    officer,
    stranger,
    before_the_fix: {
      officer: { messages: 2_000, send_message_calls: 4_017, too_many_requests: 3_991 },
      stranger: { messages: 10_000, send_message_calls: 20_015 },
      log_bytes_per_message: 4_300,
      rss_mb_peak: 1_100,
    },
    target: { send_message_calls: "≤ answer_budget", apologies: 0, log_bytes_per_message: "< 100" },
    ok: [officer, stranger].every((f) => f.send_message_calls <= f.answer_budget && f.apologies === 0 && f.log_bytes_per_message < 100),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchFlood(), null, 2));
}
