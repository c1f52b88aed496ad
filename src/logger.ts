/**
 * Structured JSON logs (pino), readable in development. Secrets (the bot token, the webhook
 * secret) are scrubbed from every line before it is written: library errors quote request URLs,
 * and the Bot API puts the token in the URL.
 */
import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

export function createLogger(config: Pick<Config, "logLevel" | "botToken" | "webhookSecret">, options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const secrets = [config.botToken, config.webhookSecret].filter((s): s is string => !!s && s.length >= 8);
  const scrub = (line: string) => secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), line);
  const pinoOptions = {
    level: config.logLevel,
    base: { service: "dondoc" },
    hooks: { streamWrite: scrub },
    redact: { paths: ["botToken", "token", "*.botToken", "*.token", "webhookSecret", "*.webhookSecret"], censor: "[redacted]" },
  };
  if (options.pretty) {
    return pino({ ...pinoOptions, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss" } } });
  }
  return options.destination ? pino(pinoOptions, options.destination as never) : pino(pinoOptions);
}
