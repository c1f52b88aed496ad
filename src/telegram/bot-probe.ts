/**
 * `getMe` with a deadline, for `doctor`: does the Bot API at this root accept this token?
 * telegraf's client removes the token from network errors; its own timeout is minutes long,
 * so an AbortSignal bounds the wait.
 */
import { Telegram } from "telegraf";
import type { BotProbe } from "../services/runtime/doctor.js";

type TelegrafSignal = NonNullable<Parameters<Telegram["callApi"]>[2]>["signal"];

export function createBotProbe(token: string, apiRoot: string, timeoutMs = 5_000): BotProbe {
  return async () => {
    const telegram = new Telegram(token, { apiRoot });
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // telegraf types the signal as abort-controller's polyfill; its node-fetch takes Node's own.
      const me = await telegram.callApi("getMe", {}, { signal: signal as unknown as TelegrafSignal });
      return { kind: "ok", id: me.id, username: me.username };
    } catch (error) {
      if (signal.aborted) return { kind: "timeout", ms: timeoutMs };
      const response = (error as { response?: { error_code?: unknown; description?: unknown } }).response;
      if (typeof response?.error_code === "number") {
        return { kind: "rejected", status: response.error_code, description: String(response.description ?? "") };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { kind: "unreachable", reason: message.split(token).join("[redacted]") };
    }
  };
}
