/**
 * The environment, parsed once into a typed, frozen config (DESIGN.md §6).
 * This is the only module that reads `process.env`; callers pass the env in.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { defaultLadder, ladderOverrideProblem, type LadderConfig } from "./domain/reminder-ladder.js";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const dayListProblem = "danh sách số ngày nguyên từ 0 đến 366 trước hạn, cách nhau bằng dấu phẩy (1 đến 20 số), ví dụ 14,7,3,1,0";

/** What is wrong with each variable, in the words an administrator reads (Vietnamese). */
const fieldProblems: Record<string, string> = {
  BOT_TOKEN: "không giống token do @BotFather cấp (dạng 123456:ABC…)",
  TELEGRAM_API_ROOT: "phải là địa chỉ http hoặc https, ví dụ https://api.telegram.org",
  DATABASE_PATH: "không được để trống",
  DATABASE_URL: "phải là địa chỉ PostgreSQL dạng postgres://người-dùng:mật-khẩu@máy-chủ:5432/tên-cơ-sở-dữ-liệu",
  TIMEZONE: "không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)",
  ADMIN_TELEGRAM_IDS: "danh sách mã người dùng Telegram, cách nhau bằng dấu phẩy",
  LOG_LEVEL: `phải là một trong ${logLevels.join(", ")}`,
  BOT_MODE: "phải là polling hoặc webhook",
  WEBHOOK_URL: "phải là địa chỉ https, ví dụ https://bot.example.gov.vn/telegram",
  WEBHOOK_SECRET: "16 đến 256 ký tự A-Z, a-z, 0-9, _ và -",
  PORT: "phải là số cổng từ 1 đến 65535",
  REMINDER_DAYS_BEFORE: dayListProblem,
  REMINDER_MONTHLY_DAYS_BEFORE: dayListProblem,
  REMINDER_OVERDUE_EVERY_DAYS: "số ngày nguyên từ 1 đến 90 giữa hai lần nhắc quá hạn",
  REMINDER_TIME: "giờ địa phương dạng HH:MM, ví dụ 08:00",
  COORDINATOR_CHAT_ID: "mã nhóm chat (số âm, ví dụ -1001234567890)",
};

const telegramIdList = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return [];
    const ids: number[] = [];
    for (const part of value.split(",")) {
      const text = part.trim();
      if (!/^\d{1,15}$/.test(text)) {
        ctx.addIssue({ code: "custom", message: `"${text}" không phải mã người dùng Telegram (chỉ gồm chữ số)` });
        continue;
      }
      ids.push(Number(text));
    }
    return ids;
  });

/** "14,7,3,1,0": whole days before the due date, 0 being the due day itself */
const dayList = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\s*,\s*\d{1,3})*$/, "a comma-separated list of whole days, e.g. 14,7,3,1,0")
  .transform((value) => [...new Set(value.split(",").map((d) => Number(d.trim())))].sort((a, b) => b - a));

const timeOfDay = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "a local time HH:MM, e.g. 08:00")
  .transform((value) => {
    const [hour, minute] = value.split(":").map(Number) as [number, number];
    return { hour, minute };
  });

const timeZone = z.string().refine(isKnownTimeZone, { message: "không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)" });

const envSchema = z
  .object({
    BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "does not look like a bot token from @BotFather (123456:ABC…)")
      .optional(),
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default("https://api.telegram.org"),
    DATABASE_PATH: z.string().trim().min(1).default("data/dondoc.sqlite"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    TIMEZONE: timeZone.default("Asia/Ho_Chi_Minh"),
    ADMIN_TELEGRAM_IDS: telegramIdList.default([]),
    LOG_LEVEL: z.enum(logLevels).default("info"),
    BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
    WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "16-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(8080),
    WEB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    WEB_APP_URL: z
      .url({ protocol: /^https?$/ })
      .refine((value) => new URL(value).protocol === "https:" || isLoopback(new URL(value).hostname), "must be https (Telegram opens only HTTPS Mini Apps); http only for localhost")
      .optional(),
    REMINDER_DAYS_BEFORE: dayList.optional(),
    REMINDER_MONTHLY_DAYS_BEFORE: dayList.optional(),
    REMINDER_OVERDUE_EVERY_DAYS: z.coerce.number().int().min(1).max(90).optional(),
    REMINDER_TIME: timeOfDay.optional(),
    REGISTRY: z.string().trim().min(1).optional(),
    COORDINATOR_CHAT_ID: z
      .string()
      .trim()
      .regex(/^-\d{1,20}$/, "a group chat id (negative number, e.g. -1001234567890)")
      .transform(Number)
      .optional(),
  })
  .superRefine((env, ctx) => {
    for (const key of ["REMINDER_DAYS_BEFORE", "REMINDER_MONTHLY_DAYS_BEFORE"] as const) {
      const days: unknown = env[key];
      const problem = Array.isArray(days) && ladderOverrideProblem({ daysBefore: days as number[] });
      if (problem) ctx.addIssue({ code: "custom", path: [key], message: fieldProblems[key] });
    }
    if (env.WEB_PORT !== undefined && !env.WEB_APP_URL) ctx.addIssue({ code: "custom", path: ["WEB_APP_URL"], message: "required when WEB_PORT is set" });
    if (env.WEB_APP_URL && env.BOT_MODE !== "webhook" && env.WEB_PORT === undefined)
      ctx.addIssue({ code: "custom", path: ["WEB_PORT"], message: "required when WEB_APP_URL is set and BOT_MODE=polling" });
    if (env.BOT_MODE !== "webhook") return;
    if (!env.WEBHOOK_URL) ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "bắt buộc khi BOT_MODE=webhook" });
    if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "bắt buộc khi BOT_MODE=webhook" });
  });

export type LogLevel = (typeof logLevels)[number];

export interface Config {
  readonly botToken: string | null;
  readonly telegramApiRoot: string;
  readonly databasePath: string;
  /**
   * DATABASE_URL: PostgreSQL instead of the SQLite file (DATABASE_PATH is then unused). Several
   * instances may share it in webhook mode; one of them runs the scheduler (services/scheduler-lease.ts).
   */
  readonly databaseUrl: string | null;
  readonly timeZone: string;
  readonly adminTelegramIds: readonly number[];
  readonly logLevel: LogLevel;
  readonly botMode: "polling" | "webhook";
  readonly webhookUrl: string | null;
  readonly webhookSecret: string | null;
  readonly port: number;
  /** REGISTRY: the agency registry file seeded on start; "none" starts empty; null: the bundled Thanh Hóa 2022 one */
  readonly registryFile: string | null;
  /** the coordinators' Mini App: its public address (null: off) and, in polling mode, its own port */
  readonly webAppUrl: string | null;
  readonly webPort: number | null;
  /** the one group chat where coordinators may use the bot */
  readonly coordinatorChatId: number | null;
  /** the reminder ladder for every task without its own (DESIGN.md §4) */
  readonly ladder: LadderConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`dondoc: cấu hình không hợp lệ (tệp .env hoặc biến môi trường); sửa rồi chạy lại:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings in .env mean "not set", as in most dotenv files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    // Our own checks speak Vietnamese already; zod's built-in messages are replaced per variable.
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.join(".");
      return `${field || "môi trường"}: ${issue.code === "custom" ? issue.message : (fieldProblems[field] ?? issue.message)}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return Object.freeze({
    botToken: e.BOT_TOKEN ?? null,
    telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL ?? null,
    timeZone: e.TIMEZONE,
    adminTelegramIds: Object.freeze([...e.ADMIN_TELEGRAM_IDS]),
    logLevel: e.LOG_LEVEL,
    botMode: e.BOT_MODE,
    webhookUrl: e.WEBHOOK_URL ?? null,
    webhookSecret: e.WEBHOOK_SECRET ?? null,
    port: e.PORT,
    webAppUrl: e.WEB_APP_URL ?? null,
    webPort: e.WEB_PORT ?? null,
    coordinatorChatId: e.COORDINATOR_CHAT_ID ?? null,
    registryFile: e.REGISTRY ?? null,
    ladder: Object.freeze({
      daysBefore: Object.freeze(e.REMINDER_DAYS_BEFORE ?? [...defaultLadder.daysBefore]),
      monthlyDaysBefore: Object.freeze(e.REMINDER_MONTHLY_DAYS_BEFORE ?? [...defaultLadder.monthlyDaysBefore]),
      overdueEveryDays: e.REMINDER_OVERDUE_EVERY_DAYS ?? defaultLadder.overdueEveryDays,
      hour: e.REMINDER_TIME?.hour ?? defaultLadder.hour,
      minute: e.REMINDER_TIME?.minute ?? defaultLadder.minute,
    }),
  });
}

/** The database as messages name it: the SQLite file's full path, or the PostgreSQL URL without its password. */
export function databaseLabel(config: Pick<Config, "databasePath" | "databaseUrl">): string {
  if (config.databaseUrl === null) return resolve(config.databasePath);
  const url = new URL(config.databaseUrl);
  if (url.password !== "") url.password = "***";
  return url.toString();
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The process environment over the `.env` file, when there is one: a variable set in the real
 * environment wins, as with every dotenv loader.
 */
export function readEnvironment(dotenvPath: string, processEnv: Record<string, string | undefined>): Record<string, string | undefined> {
  const fromFile = existsSync(dotenvPath) ? parseEnv(readFileSync(dotenvPath, "utf8")) : {};
  return { ...fromFile, ...processEnv };
}
