/**
 * Inbound replies benchmark: focal officers reply to their task cards and the real bot records
 * each reply. Real SQLite file (real migrations, bundled plan), real invites, the real bot from
 * createBot fed with `bot.handleUpdate` — the same middlewares (duplicate guard, actor, gates),
 * intent reading, transactions and pino logging (info level, to a discarding stream) as
 * production. Updates are handled one after another, timed from handleUpdate start to resolved.
 *
 * Telegram's side, two variants:
 *  - in-process fake transport (the target applies): the Bot API calls the bot makes (the
 *    confirmation sendMessage …) are answered at once with well-formed results, after the same
 *    payload serialisation the real transport does. Telegraf builds a new Telegram per update
 *    from `bot.telegram.options`, so overriding `bot.telegram.callApi` alone would be bypassed
 *    (and the calls would fail silently into bot.catch): the overridden instance is also put on
 *    `bot.context.telegram`, and the fake's call counts are checked against the replies sent.
 *  - over HTTP to the local Bot API emulator (src/tools/bot-api-emulator/), for
 *    comparison only (no target): the same handlers, the answers go over real HTTP.
 *
 * Target: ≥ 1,000 replies/s and p99 < 20 ms with the fake transport.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import type { Telegram, Telegraf } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";
import { bundledFiles, openApp, type App } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import type { Clock } from "../src/domain/clock.js";
import { createLogger } from "../src/logger.js";
import { linkBotMessage } from "../src/services/replies/conversation.js";
import { importBundledPlanIfEmpty } from "../src/services/runtime/first-run.js";
import { createInvite, redeemInvite } from "../src/services/people/people.js";
import { UpdateJournal } from "../src/services/runtime/update-journal.js";
import { createBot } from "../src/telegram/bot.js";
import type { BotContext } from "../src/telegram/context.js";
import { startBotApiEmulator, type BotApiEmulator } from "../src/tools/bot-api-emulator/emulator.js";

const FAKE_TOKEN = "7000000002:AAHbenchFakeTransportToken_0123456789";
const START = Date.parse("2026-11-27T02:00:00Z");
const USER_BASE = 880_000_000;
const TARGET = { per_second: 1000, p99_ms: 20 };

const longText = (
  "Sở đã tổ chức hội nghị triển khai kế hoạch hành động, ban hành văn bản hướng dẫn các phòng, đơn vị trực thuộc; " +
  "đang tổng hợp số liệu 9 tháng, dự kiến gửi báo cáo kết quả thực hiện về Sở Kế hoạch và Đầu tư trước ngày 30/11. "
).repeat(6); // ~1,400 characters
const tooLongText = `đang thực hiện ${"rất ".repeat(1_150)}`; // > 4,000 characters: stored truncated, one more answer

/** Varied replies, as officers type them: with and without diacritics, short and long. */
function replyText(i: number): string {
  const percent = 5 + (i % 19) * 5;
  const texts = [
    `đang thực hiện ${percent}%`,
    "da hoan thanh",
    "vướng mắc về vốn",
    `dang trien khai ${percent}%`,
    "Đã hoàn thành 100%, báo cáo số 123/BC-STC",
    "xin gia hạn đến 15/12 do vướng mắc giải phóng mặt bằng",
    "không có vướng mắc, đang triển khai theo kế hoạch",
    "ok",
    longText,
    `Đạt khoảng ${percent}% khối lượng, thiếu kinh phí cho hạng mục còn lại`,
    "Sở đã ban hành kế hoạch số 45/KH-SNV ngày 10/11, dự kiến hoàn thành trước 30/11",
  ];
  if (i % 500 === 499) return tooLongText;
  return texts[i % texts.length]!;
}

interface Officer {
  telegramUserId: number;
  agencyCode: string;
  cycleId: number;
  cardMessageId: number;
}

interface Percentiles {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
}

function percentiles(times: number[]): Percentiles {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { p50_ms: at(0.5), p95_ms: at(0.95), p99_ms: at(0.99), max_ms: round(sorted.at(-1)!), mean_ms: round(sorted.reduce((s, t) => s + t, 0) / sorted.length) };
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Answers every Bot API call at once with a well-formed result; counts what was asked. */
function fakeTransport(telegram: Telegram, botUser: UserFromGetMe) {
  const calls = new Map<string, number>();
  const nextId = new Map<number, number>();
  let confirmations = 0;
  let payloadBytes = 0;
  const respond = (method: string, payload: Record<string, unknown>): unknown => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    payloadBytes += JSON.stringify(payload).length; // what the real transport serialises
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        return botUser;
      case "sendMessage":
      case "editMessageText": {
        const chatId = Number(payload.chat_id);
        const messageId = method === "sendMessage" ? (nextId.get(chatId) ?? 1) : Number(payload.message_id);
        if (method === "sendMessage") nextId.set(chatId, messageId + 1);
        const text = String(payload.text ?? "");
        if (text.startsWith("Đã ghi nhận")) confirmations++;
        return {
          message_id: messageId,
          date,
          chat: { id: chatId, type: "private", first_name: "Officer" },
          from: botUser,
          text,
          ...(payload.reply_markup !== undefined && { reply_markup: payload.reply_markup }),
        };
      }
      default:
        return true; // answerCallbackQuery, deleteMessage, setMyCommands …
    }
  };
  telegram.callApi = (async (method: string, payload: Record<string, unknown>) => respond(method, payload)) as unknown as Telegram["callApi"];
  return {
    calls: () => Object.fromEntries(calls),
    confirmations: () => confirmations,
    payloadBytes: () => payloadBytes,
  };
}

interface Variant {
  bot: Telegraf<BotContext>;
  app: App;
  botUser: UserFromGetMe;
  /** makes the officer's private chat known to Telegram's side */
  knowChat(telegramUserId: number, name: string): void;
  /** confirmations ("Đã ghi nhận …") Telegram received */
  confirmations(): number;
  details(): Record<string, unknown>;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

async function setUp(kind: "fake" | "http", dir: string, clock: Clock, logSink: { lines: number; warnings: string[] }): Promise<Variant> {
  let emu: BotApiEmulator | null = null;
  if (kind === "http") emu = await startBotApiEmulator({ now: () => clock.now().getTime() });
  const config = loadConfig({
    BOT_TOKEN: emu?.token ?? FAKE_TOKEN,
    ...(emu && { TELEGRAM_API_ROOT: emu.url }),
    DATABASE_PATH: join(dir, "dondoc.sqlite"),
    LOG_LEVEL: "info",
  });
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logSink.lines++;
      const line = String(chunk);
      if (/"level":[456]0/.test(line)) logSink.warnings.push(line.slice(0, 400));
      callback();
    },
  });
  const logger = createLogger(config, { destination });
  const app = await openApp(config, clock, { actor: "bench", backgroundCheckpointMs: 1_000 }); // as the service opens it
  try {
    await importBundledPlanIfEmpty({ db: app.db, timeZone: config.timeZone, registry: app.registry }, bundledFiles.plan, clock.now());
    let botUser: UserFromGetMe | null = null;
    const journal = new UpdateJournal(app.db, { flushMs: 20 }); // as the service writes its bookkeeping
    const bot = createBot(config.botToken!, { services: app.services, clock, config, logger, botUsername: () => botUser?.username ?? "", journal });
    if (kind === "fake") {
      botUser = {
        id: 7000000002,
        is_bot: true,
        first_name: "Dondoc Bench",
        username: "dondoc_bench_bot",
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      } as UserFromGetMe;
      const fake = fakeTransport(bot.telegram, botUser);
      Object.assign(bot.context, { telegram: bot.telegram }); // telegraf's per-update Telegram would bypass the override
      bot.botInfo = await bot.telegram.getMe();
      return {
        bot,
        app,
        botUser,
        knowChat: () => undefined,
        confirmations: fake.confirmations,
        details: () => ({ telegram_calls: fake.calls(), telegram_payload_kb: Math.round(fake.payloadBytes() / 1024) }),
        flush: () => journal.flush(),
        async stop() {
          await journal.close();
          await app.close();
        },
      };
    }
    const http = emu!;
    const me = await bot.telegram.getMe();
    botUser = me;
    bot.botInfo = me;
    return {
      bot,
      app,
      botUser: me,
      knowChat: (id, name) => void http.user(id, { first_name: name }),
      confirmations: () => http.callsOf("sendMessage").filter((c) => String(c.params.text ?? "").startsWith("Đã ghi nhận")).length,
      details: () => ({ telegram_calls: Object.fromEntries([...new Set(http.calls.map((c) => c.method))].map((m) => [m, http.callsOf(m).length])) }),
      flush: () => journal.flush(),
      async stop() {
        await journal.close();
        await app.close();
        await http.stop();
      },
    };
  } catch (error) {
    await app.close();
    await emu?.stop();
    throw error;
  }
}

/** One focal officer per agency of part IV's collective, each with a task card for IV.2. */
async function registerOfficers(variant: Variant, count: number, clock: Clock): Promise<Officer[]> {
  const { db } = variant.app;
  const cycles = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .select(["cycles.id as cycleId", "agencies.code as agencyCode"])
    .where("tasks.ref", "=", "IV.2")
    .where("assignments.role", "=", "lead")
    .where("assignments.removed_at", "is", null)
    .orderBy("agencies.position")
    .orderBy("cycles.id")
    .execute();
  const seen = new Set<string>();
  const perAgency = cycles.filter((c) => !seen.has(c.agencyCode) && seen.add(c.agencyCode));
  if (perAgency.length < count) throw new Error(`part IV collective has ${perAgency.length} agencies, ${count} asked`);
  const officers: Officer[] = [];
  for (const [i, { cycleId, agencyCode }] of perAgency.slice(0, count).entries()) {
    const telegramUserId = USER_BASE + i;
    const name = `Cán bộ ${agencyCode}`;
    variant.knowChat(telegramUserId, name);
    const invite = await createInvite(db, { agencyCode, role: "focal", createdBy: "bench", now: clock.now() });
    await redeemInvite(db, invite.code, { telegramUserId, chatId: telegramUserId, displayName: name }, clock.now());
    // The task card, sent through the variant's Telegram, and linked as the bot does.
    const card = await variant.bot.telegram.sendMessage(telegramUserId, `<b>IV.2</b> — báo cáo kết quả thực hiện (${agencyCode})`, { parse_mode: "HTML" });
    await linkBotMessage(db, { chatId: telegramUserId, messageId: card.message_id, cycleId, purpose: "card" }, clock.now());
    officers.push({ telegramUserId, agencyCode, cycleId, cardMessageId: card.message_id });
  }
  return officers;
}

function replyUpdate(updateId: number, messageId: number, officer: Officer, text: string, botUser: UserFromGetMe, date: number): Update {
  const chat = { id: officer.telegramUserId, type: "private" as const, first_name: "Cán bộ", last_name: officer.agencyCode };
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date,
      chat,
      from: { id: officer.telegramUserId, is_bot: false, first_name: "Cán bộ", last_name: officer.agencyCode, language_code: "vi" },
      text,
      reply_to_message: { message_id: officer.cardMessageId, date: date - 60, chat, from: botUser, text: "IV.2 — báo cáo kết quả thực hiện" },
    },
  } as unknown as Update;
}

async function countRows(app: App, table: "status_updates" | "handled_updates" | "extension_requests", fromUpdateId?: number): Promise<number> {
  let query = app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
  if (fromUpdateId !== undefined && table === "status_updates") query = query.where("telegram_update_id", ">=", fromUpdateId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

interface RunOptions {
  officers: number;
  replies: number;
  warmup: number;
}

async function runVariant(kind: "fake" | "http", options: RunOptions): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-replies-"));
  const t0 = performance.now();
  const clock: Clock = { now: () => new Date(START + (performance.now() - t0)) };
  const logSink = { lines: 0, warnings: [] as string[] };
  try {
    const variant = await setUp(kind, dir, clock, logSink);
    try {
      const officers = await registerOfficers(variant, options.officers, clock);
      const date = Math.floor(clock.now().getTime() / 1000);
      let updateId = 1_000_000;
      let messageId = 1_000_000;
      const build = (count: number, offset: number) =>
        Array.from({ length: count }, (_, k) => replyUpdate(updateId++, messageId++, officers[(offset + k) % officers.length]!, replyText(offset + k), variant.botUser, date));

      const warmup = build(options.warmup, 0);
      for (const update of warmup) await variant.bot.handleUpdate(update);
      const confirmationsBefore = variant.confirmations();
      const linesBefore = logSink.lines;

      const measured = build(options.replies, options.warmup);
      const firstMeasuredId = measured[0]!.update_id;
      const times = new Array<number>(measured.length);
      const load = loadavg()[0]!;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < measured.length; i++) {
        const s = performance.now();
        await variant.bot.handleUpdate(measured[i]!);
        times[i] = performance.now() - s;
      }
      await variant.flush(); // the last group commit of handled marks and links belongs to the run
      const wallMs = performance.now() - start;
      const cpu = process.cpuUsage(cpuBefore);

      const written = await countRows(variant.app, "status_updates", firstMeasuredId);
      const confirmations = variant.confirmations() - confirmationsBefore;
      const result = {
        replies: measured.length,
        warmup: options.warmup,
        officers: officers.length,
        wall_ms: round(wallMs, 1),
        replies_per_second: Math.round((measured.length / wallMs) * 1000),
        ...percentiles(times),
        over_10ms: times.filter((t) => t > 10).length,
        cpu_ms_per_reply: round((cpu.user + cpu.system) / 1000 / measured.length, 3),
        load_average_1m: round(load),
        status_updates_written: written,
        confirmations_sent: confirmations,
        extension_requests_in_db: await countRows(variant.app, "extension_requests"),
        log_lines: logSink.lines - linesBefore,
        warnings_or_errors_logged: logSink.warnings.length,
        ...(logSink.warnings.length > 0 && { first_warning: logSink.warnings[0] }),
        ...variant.details(),
        // Every reply is recorded; the answers are not all sent: each chat has an answer budget
        // (src/telegram/throttle.ts: 30, then one every 2 s on the bot's clock, which the bench
        // holds still), and 100 replies an officer in a few seconds is a flood to it.
        confirmations_note: "throttled per chat by design (issue 11 item 8): every reply recorded, answers within each chat's budget",
        complete: written === measured.length && confirmations > 0 && confirmations <= measured.length && logSink.warnings.length === 0,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), // the process's peak so far
      };
      return result;
    } finally {
      await variant.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchInboundReplies(options: Partial<RunOptions> & { overHttp?: boolean; httpReplies?: number } = {}): Promise<Record<string, unknown>> {
  const run: RunOptions = { officers: options.officers ?? 50, replies: options.replies ?? 5_000, warmup: options.warmup ?? 500 };
  const inProcess = await runVariant("fake", run);
  const overHttp = options.overHttp === false ? null : await runVariant("http", { ...run, replies: options.httpReplies ?? run.replies });
  const perSecond = inProcess.replies_per_second as number;
  const p99 = inProcess.p99_ms as number;
  return {
    name: "inbound_replies",
    telegram: "in-process fake transport",
    handling: "sequential bot.handleUpdate on the real bot (createBot), real SQLite file (WAL), pino at info level to a discarding stream",
    ...inProcess,
    ...(overHttp && { over_http: { telegram: "local Bot API emulator over HTTP (127.0.0.1), same process; no target", ...overHttp } }),
    target: TARGET,
    ok: perSecond >= TARGET.per_second && p99 < TARGET.p99_ms && inProcess.complete === true,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchInboundReplies(), null, 2));
}
