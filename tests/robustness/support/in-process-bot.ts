/**
 * The real bot (createBot: every middleware, feature, transaction and log line of production)
 * over a real database with the real migrations and the bundled plan (a SQLite file, or a
 * PostgreSQL database of the run's server when given that store: tests/support/postgres.ts), fed with
 * `bot.handleUpdate`, and an in-process Telegram that answers at once and checks every call the
 * bot makes the way the Bot API would (the emulator's own HTML parser and markup rules), plus
 * the stricter rules of this project (callback data the bot can decode, one answer per query).
 *
 * Telegraf builds a new Telegram per update from `bot.telegram.options`; overriding
 * `bot.telegram.callApi` alone would be bypassed, so the overridden instance is also put on
 * `bot.context.telegram` (as bench/inbound-replies.ts does).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { sql } from "kysely";
import type { Telegraf, Telegram } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";
import { bundledFiles, openApp, type App } from "../../../src/app.js";
import { loadConfig, type Config } from "../../../src/config.js";
import type { Clock } from "../../../src/domain/clock.js";
import { createLogger } from "../../../src/logger.js";
import { importBundledPlanIfEmpty } from "../../../src/services/runtime/first-run.js";
import { createBot } from "../../../src/telegram/bot.js";
import { decodeCallback } from "../../../src/telegram/callback-data.js";
import type { BotContext } from "../../../src/telegram/context.js";
import { formatText, readMarkup } from "../../../src/tools/bot-api-emulator/methods-messages.js";
import { parseHtml } from "../../../src/tools/bot-api-emulator/text.js";
import { ApiError } from "../../../src/tools/bot-api-emulator/types.js";
import { onPostgres, type Db } from "../../../src/storage/database.js";
import { sqliteTestStore, type TestStore } from "../../support/postgres.js";

export const FAKE_TOKEN = "7000000003:AAHrobustnessFakeToken_0123456789ab";

export const botUser = {
  id: 7000000003,
  is_bot: true,
  first_name: "Dondoc Robustness",
  username: "dondoc_robust_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as UserFromGetMe;

/** One Bot API call as the bot made it, with what was wrong with it (nothing, usually). */
export interface CheckedCall {
  method: string;
  payload: Record<string, unknown>;
  problems: string[];
}

const allowedTags = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span"]);

/** Balanced allowed tags only (a stricter reading than the parser's, which tolerates a few). */
export function htmlTagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)) {
    const [, closing, rawName] = match;
    const name = rawName!.toLowerCase();
    if (!allowedTags.has(name)) {
      problems.push(`tag <${closing}${name}> is not allowed`);
      continue;
    }
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
  }
  if (stack.length > 0) problems.push(`unclosed <${stack.join(">, <")}>`);
  // A "<" that is not a tag would be a parse error at Telegram (user text must be escaped).
  const stray = html.replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*\b[^>]*>/g, "");
  if (stray.includes("<")) problems.push("unescaped '<' outside a tag");
  return problems;
}

function textProblems(payload: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const text = payload.text;
  if (typeof text !== "string" || text.trim() === "") problems.push("text is empty");
  try {
    const formatted = formatText(payload);
    if ([...formatted.text].length > 4096) problems.push("text longer than 4096 characters");
  } catch (error) {
    problems.push(error instanceof ApiError ? error.description : String(error));
  }
  if (payload.parse_mode === "HTML" && typeof text === "string") problems.push(...htmlTagProblems(text));
  return problems;
}

function captionProblems(payload: Record<string, unknown>): string[] {
  const caption = payload.caption;
  if (typeof caption !== "string") return ["caption is not text"];
  const problems: string[] = [];
  try {
    const parsed = payload.parse_mode === "HTML" ? parseHtml(caption).text : caption;
    if ([...parsed.trim()].length > 1024) problems.push("caption longer than 1024 characters");
  } catch (error) {
    problems.push(error instanceof ApiError ? error.description : String(error));
  }
  if (payload.parse_mode === "HTML") problems.push(...htmlTagProblems(caption));
  return problems;
}

function markupProblems(markup: unknown): string[] {
  if (markup === undefined) return [];
  const problems: string[] = [];
  try {
    readMarkup(markup);
  } catch (error) {
    problems.push(error instanceof ApiError ? error.description : String(error));
  }
  const rows = (markup as { inline_keyboard?: Array<Array<{ text?: string; callback_data?: string }>> }).inline_keyboard ?? [];
  for (const button of rows.flat()) {
    if (typeof button.text !== "string" || button.text.trim() === "") problems.push("button without a label");
    if (button.callback_data === undefined) continue;
    if (Buffer.byteLength(button.callback_data, "utf8") > 64) problems.push(`callback_data over 64 bytes: ${button.callback_data}`);
    if (decodeCallback(button.callback_data) === null) problems.push(`callback_data the bot cannot read back: ${button.callback_data}`);
  }
  return problems;
}

export interface FakeTelegram {
  calls: CheckedCall[];
  /** bot messages by chat: what a user could reply to */
  sentIn(chatId: number): number[];
  /** every (chat, message id) the bot sent */
  allSent(): Array<{ chatId: number; messageId: number }>;
  /** lets a callback query be answered (a query the fake never saw cannot be answered twice either) */
  openQuery(id: string): void;
}

/** An in-process Telegram that answers every call at once and checks it. */
export function installFakeTelegram(bot: Telegraf<BotContext>): FakeTelegram {
  const calls: CheckedCall[] = [];
  const nextId = new Map<number, number>();
  const sent = new Map<number, number[]>();
  const answered = new Set<string>();
  const open = new Set<string>();
  const respond = (method: string, payload: Record<string, unknown>): unknown => {
    const problems: string[] = [];
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        calls.push({ method, payload, problems });
        return botUser;
      case "sendMessage":
      case "editMessageText": {
        problems.push(...textProblems(payload), ...markupProblems(payload.reply_markup));
        const inline = typeof payload.inline_message_id === "string";
        const chatId = Number(payload.chat_id);
        if (!inline && !Number.isSafeInteger(chatId)) problems.push(`bad chat_id ${String(payload.chat_id)}`);
        calls.push({ method, payload, problems });
        if (inline) return true;
        const messageId = method === "sendMessage" ? (nextId.get(chatId) ?? 1_000) : Number(payload.message_id);
        if (method === "sendMessage") {
          nextId.set(chatId, messageId + 1);
          sent.set(chatId, [...(sent.get(chatId) ?? []), messageId]);
        }
        return {
          message_id: messageId,
          date,
          chat: { id: chatId, type: chatId > 0 ? "private" : "group", ...(chatId > 0 ? { first_name: "User" } : { title: "Group" }) },
          from: botUser,
          text: String(payload.text ?? ""),
          ...(payload.reply_markup !== undefined && { reply_markup: payload.reply_markup }),
        };
      }
      case "answerCallbackQuery": {
        const id = String(payload.callback_query_id ?? "");
        if (!open.has(id)) problems.push(`answer to a query Telegram never sent: ${id}`);
        if (answered.has(id)) problems.push(`callback query ${id} answered twice`);
        answered.add(id);
        if (typeof payload.text === "string" && [...payload.text].length > 200) problems.push("callback answer over 200 characters");
        calls.push({ method, payload, problems });
        return true;
      }
      case "sendPhoto":
      case "sendDocument": {
        const field = method === "sendPhoto" ? "photo" : "document";
        const file = payload[field] as { source?: unknown; filename?: string } | string | undefined;
        // A Buffer, or a path telegraf streams from (it must be there when the call is made).
        const source = typeof file === "object" && file !== null ? file.source : undefined;
        const bytes = Buffer.isBuffer(source) ? source.length : typeof source === "string" && existsSync(source) ? statSync(source).size : null;
        if (bytes === null && typeof file !== "string") problems.push(`${field} without a file`);
        if (bytes !== null && (bytes === 0 || bytes > (field === "photo" ? 10 : 50) * 1024 * 1024)) problems.push(`${field} of ${bytes} bytes`);
        if (payload.caption !== undefined) problems.push(...captionProblems(payload));
        problems.push(...markupProblems(payload.reply_markup));
        const chatId = Number(payload.chat_id);
        calls.push({ method, payload: { ...payload, [field]: { bytes, filename: typeof file === "object" ? file?.filename : file } }, problems });
        const messageId = nextId.get(chatId) ?? 1_000;
        nextId.set(chatId, messageId + 1);
        sent.set(chatId, [...(sent.get(chatId) ?? []), messageId]);
        const media =
          field === "photo"
            ? { photo: [{ file_id: `P${messageId}`, file_unique_id: `UP${messageId}`, width: 800, height: 600 }] }
            : { document: { file_id: `D${messageId}`, file_unique_id: `UD${messageId}`, file_name: "file" } };
        return { message_id: messageId, date, chat: { id: chatId, type: "private", first_name: "User" }, from: botUser, ...media };
      }
      case "getFile":
        // A self-hosted server's answer (an absolute path): a coordinator's document reads as this plan.
        if (typeof payload.file_id !== "string" || payload.file_id === "") problems.push("getFile without a file_id");
        calls.push({ method, payload, problems });
        return { file_id: payload.file_id, file_unique_id: `U${String(payload.file_id)}`, file_size: 1024, file_path: resolve("tests/fixtures/table-plan.md") };
      case "sendChatAction":
        if (!["typing", "upload_photo", "upload_document"].includes(String(payload.action))) problems.push(`chat action ${String(payload.action)}`);
        calls.push({ method, payload, problems });
        return true;
      case "leaveChat":
        if (!(Number(payload.chat_id) < 0)) problems.push("leaveChat of a private chat");
        calls.push({ method, payload, problems });
        return true;
      case "deleteMessage":
      case "setMyCommands":
        if (method === "deleteMessage" && !Number.isSafeInteger(Number(payload.message_id))) problems.push("deleteMessage without a message id");
        calls.push({ method, payload, problems });
        return true;
      default:
        problems.push(`unexpected method ${method}`);
        calls.push({ method, payload, problems });
        return true;
    }
  };
  bot.telegram.callApi = (async (method: string, payload: Record<string, unknown>) => respond(method, payload)) as unknown as Telegram["callApi"];
  Object.assign(bot.context, { telegram: bot.telegram });
  return {
    calls,
    sentIn: (chatId) => sent.get(chatId) ?? [],
    allSent: () => [...sent].flatMap(([chatId, ids]) => ids.map((messageId) => ({ chatId, messageId }))),
    openQuery: (id) => void open.add(id),
  };
}

export interface InProcessBot {
  app: App;
  bot: Telegraf<BotContext>;
  telegram: FakeTelegram;
  config: Config;
  clock: Clock & { set(instant: string): void };
  /** log lines at warn and above */
  problems: string[];
  logs: string[];
  handle(update: Update | Record<string, unknown>): Promise<void>;
  /** which store the bot runs on */
  store: TestStore["name"];
  /**
   * rows inserted, updated or deleted so far: SQLite's total_changes() on the bot's one
   * connection; on PostgreSQL a counter every row write bumps, on every connection (see rowChangeCounter)
   */
  totalChanges(): Promise<number>;
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * "Rows changed" on PostgreSQL, with the meaning of SQLite's total_changes(): every row an
 * INSERT, UPDATE or DELETE wrote, an UPDATE that sets the same values included, counted
 * whether its transaction then commits or not. A row trigger on every table of the test's
 * database (AFTER, FOR EACH ROW, so upserts that do nothing and statements that match no row
 * count nothing, as on SQLite) draws from a sequence, which is not transactional: a write is
 * counted the moment it happens, on whichever pooled connection, and stays counted.
 * Not the statistics views: pg_stat_xact_user_tables is per transaction, and
 * pg_stat_user_tables sees another backend's writes only when that backend flushes (up to
 * a second later); a row-count-and-checksum snapshot would miss an UPDATE to equal values.
 * The trigger does nothing but count: it returns null from an AFTER trigger, which changes nothing.
 */
async function rowChangeCounter(db: Db, tables: string[]): Promise<() => Promise<number>> {
  await sql`create sequence robustness_row_changes`.execute(db);
  await sql`create function robustness_count_row_change() returns trigger language plpgsql as $$ begin perform nextval('robustness_row_changes'); return null; end $$`.execute(db);
  for (const table of tables)
    await sql`create trigger robustness_count_row_change after insert or update or delete on ${sql.table(table)} for each row execute function robustness_count_row_change()`.execute(db);
  return async () => {
    const { rows } = await sql<{ last_value: string; is_called: boolean }>`select last_value, is_called from robustness_row_changes`.execute(db);
    return rows[0]!.is_called ? Number(rows[0]!.last_value) : 0;
  };
}

export async function startInProcessBot(options: { now?: string; env?: Record<string, string>; logLevel?: "info" | "debug" | "warn"; store?: TestStore } = {}): Promise<InProcessBot> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-robust-"));
  const store = options.store ?? sqliteTestStore;
  const database = await store.database(dir);
  let current = new Date(options.now ?? "2026-11-20T02:00:00Z");
  const clock = { now: () => new Date(current), set: (instant: string) => void (current = new Date(instant)) };
  const config = loadConfig({ BOT_TOKEN: FAKE_TOKEN, ...database.env, LOG_LEVEL: options.logLevel ?? "info", ...options.env });
  const logs: string[] = [];
  const problems: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      const line = String(chunk);
      logs.push(line);
      if (/"level":[456]0/.test(line)) problems.push(line);
      callback();
    },
  });
  const logger = createLogger(config, { destination });
  const app = await openApp(config, clock, { actor: "robustness", backgroundCheckpointMs: 1_000 });
  if (onPostgres(app.db) !== (store.name === "PostgreSQL")) throw new Error(`the bot did not open the ${store.name} database it was given`);
  const postgres = store.name === "PostgreSQL";
  // every table, the migrations' own included, as on SQLite
  const tables = (
    postgres
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
          app.db,
        )
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(app.db)
  ).rows.map((r) => r.name);
  const totalChanges = postgres ? await rowChangeCounter(app.db, tables) : async () => Number((await sql<{ n: number }>`select total_changes() as n`.execute(app.db)).rows[0]!.n);
  await importBundledPlanIfEmpty({ db: app.db, timeZone: config.timeZone, registry: app.registry }, bundledFiles.plan, clock.now());
  const bot = createBot(FAKE_TOKEN, { services: app.services, clock, config, logger, botUsername: () => botUser.username });
  const telegram = installFakeTelegram(bot);
  bot.botInfo = await bot.telegram.getMe();
  return {
    store: store.name,
    app,
    bot,
    telegram,
    config,
    clock,
    problems,
    logs,
    async handle(update) {
      const query = (update as { callback_query?: { id?: string } }).callback_query;
      if (query?.id !== undefined) telegram.openQuery(String(query.id));
      await bot.handleUpdate(update as Update);
    },
    totalChanges,
    async rowCounts() {
      const counts: Record<string, number> = {};
      for (const table of tables) counts[table] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(app.db)).rows[0]!.n);
      return counts;
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
