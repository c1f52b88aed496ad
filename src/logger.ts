/**
 * Structured JSON logs (pino), readable in development. Secrets (the bot token, the webhook
 * secret) are scrubbed from every line before it is written: library errors quote request URLs,
 * and the Bot API puts the token in the URL.
 *
 * People's words stay out of the logs too. A failed Bot API call (telegraf's TelegramError)
 * carries the whole request: the message text (an invite link, a list of names, an officer's
 * report). The error serializer keeps only the method and the chat, and drops the stack of
 * such errors (the API's description says what went wrong; the stack is 2 KB of telegraf
 * frames); and any invite deep link (`?start=<code>`) left in a line is cut to its prefix.
 *
 * A flood must not flood the log: the same message at the same level is written at most
 * `repeatLimit.lines` times per `repeatLimit.windowMs`; the first line of the next window says
 * how many were left out (`suppressed`).
 */
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** What of a Bot API request may be logged: where it went, never what it said. */
const loggableRequestFields = ["chat_id", "message_id", "callback_query_id", "action"] as const;

/** pino's error serializer, minus the request payload of a failed Bot API call. */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (serialized === null || typeof serialized !== "object") return serialized;
  const out = serialized as Record<string, unknown>;
  const on = out.on as { method?: unknown; payload?: Record<string, unknown> } | undefined;
  if (on && typeof on === "object") {
    const payload = on.payload && typeof on.payload === "object" ? on.payload : {};
    const kept: Record<string, unknown> = { method: on.method };
    for (const field of loggableRequestFields) if (payload[field] !== undefined) kept[field] = payload[field];
    out.on = kept;
  }
  if (out.type === "TelegramError") delete out.stack;
  return out;
}

/** An invite deep link or a `/start <code>` payload: the code is a credential until it is used. */
const inviteCodePattern = /((?:[?&]start=)|(?:\/start(?:@\w+)?\s+))[A-Za-z0-9_-]{8,}/g;

export function scrubInviteCodes(line: string): string {
  return line.replace(inviteCodePattern, "$1[redacted]");
}

export const repeatLimit = { lines: 20, windowMs: 10_000 };

/** pino's logMethod hook that drops repeats of one message beyond the limit (per level and text). */
function limitRepeats(now: () => number = Date.now) {
  const windows = new Map<string, { start: number; lines: number; suppressed: number }>();
  return function logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void, level: number): void {
    const message = args.find((a): a is string => typeof a === "string") ?? "";
    const key = `${level} ${message}`;
    const at = now();
    let window = windows.get(key);
    if (!window || at - window.start >= repeatLimit.windowMs) {
      const suppressed = window?.suppressed ?? 0;
      if (windows.size > 1000) windows.clear(); // many distinct messages: start over rather than grow
      window = { start: at, lines: 0, suppressed: 0 };
      windows.set(key, window);
      if (suppressed > 0) {
        const [first, ...rest] = args;
        args = first !== null && typeof first === "object" && !(first instanceof Error) ? [{ ...first, suppressed }, ...rest] : [{ suppressed }, ...args];
      }
    }
    if (window.lines >= repeatLimit.lines) {
      window.suppressed++;
      return;
    }
    window.lines++;
    method.apply(this, args);
  };
}

export function createLogger(config: Pick<Config, "logLevel" | "botToken" | "webhookSecret">, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const secrets = [config.botToken, config.webhookSecret].filter((s): s is string => !!s && s.length >= 8);
  const scrub = (line: string) => scrubInviteCodes(secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), line));
  const pinoOptions = {
    level: config.logLevel,
    base: { service: "dondoc" },
    hooks: { streamWrite: scrub, logMethod: limitRepeats() },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: ["botToken", "token", "*.botToken", "*.token", "webhookSecret", "*.webhookSecret"], censor: "[redacted]" },
  };
  if (options.pretty) {
    return pino({ ...pinoOptions, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss" } } });
  }
  return options.destination ? pino(pinoOptions, options.destination as never) : pino(pinoOptions);
}
