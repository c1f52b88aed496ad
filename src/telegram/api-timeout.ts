/**
 * Every Bot API call gets a deadline. telegraf's client waits up to 500 s for an answer (a
 * fixed node-fetch timeout), so one hung call would hold a handler, and with it the chat, for
 * minutes. A call without its own signal is aborted after `callMs`; getUpdates, a long poll of
 * up to 50 s, after `longPollMs`.
 */
import type { Telegram } from "telegraf";

export interface ApiTimeouts {
  callMs: number;
  longPollMs: number;
}

export const apiTimeouts: ApiTimeouts = { callMs: 15_000, longPollMs: 65_000 };

type CallApi = Telegram["callApi"];
type CallOptions = NonNullable<Parameters<CallApi>[2]>;

const bounded = new WeakSet<Telegram>();

/** What a call that ran out of time throws: a network failure, which every caller retries. */
export class ApiTimeoutError extends Error {
  constructor(method: string, ms: number) {
    super(`${method}: no answer from the Bot API within ${ms} ms`);
    // telegraf's polling retries a FetchError after 5 s; an AbortError would end it silently.
    this.name = "FetchError";
  }
}

/** Puts the deadline on this Telegram instance's calls (once; later calls change nothing). */
export function withCallTimeout(telegram: Telegram, timeouts: ApiTimeouts = apiTimeouts): Telegram {
  if (bounded.has(telegram)) return telegram;
  bounded.add(telegram);
  const call = telegram.callApi.bind(telegram) as (method: string, payload: unknown, options?: CallOptions) => Promise<unknown>;
  telegram.callApi = (async (method: string, payload: unknown, options: CallOptions = {}) => {
    const ms = method === "getUpdates" ? timeouts.longPollMs : timeouts.callMs;
    // The caller's own signal (the notifier's, polling's stop) still aborts the call.
    const controller = new AbortController();
    const given = options.signal as unknown as { aborted?: boolean; addEventListener?(type: "abort", listener: () => void): void } | undefined;
    if (given?.aborted) controller.abort();
    given?.addEventListener?.("abort", () => controller.abort());
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    try {
      // telegraf types the signal with the abort-controller polyfill; node-fetch accepts Node's own.
      return await call(method, payload, { ...options, signal: controller.signal as unknown as CallOptions["signal"] });
    } catch (error) {
      if (timedOut) throw new ApiTimeoutError(method, ms);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }) as CallApi;
  return telegram;
}
