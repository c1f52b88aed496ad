/**
 * Long polling that cannot die quietly. telegraf's `launch()` rejects on a 401 (the token) or a
 * 409 (another getUpdates on the same token) and polling is over for good, while the cron clock
 * keeps the process alive: deaf, but to systemd healthy. Here a 409 is retried with backoff a
 * few times while this process still holds the database (a previous instance's long poll may
 * linger for up to 50 s after a restart), and then, like a 401 or polling that ended by itself,
 * it ends `stopped` with the error: the service stops and the process exits non-zero.
 *
 * Updates: telegraf handles a batch with `Promise.all` and asks for the next batch only when the
 * slowest handler is done, so one chat whose answer hangs held every other chat. Here updates of
 * one chat still run in order, but a batch waits for its handlers at most `batchWaitMs`.
 */
import { setTimeout as delay } from "node:timers/promises";
import { TelegramError, type Telegraf } from "telegraf";
import type { Update } from "telegraf/types";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";

export interface PollingOptions {
  logger: Logger;
  /** false once another process holds the database: this one must stop reading */
  stillOwner(): Promise<boolean>;
  /** 409s retried before giving up, and the first wait (tripled each time) */
  conflictRetries?: number;
  conflictFirstWaitMs?: number;
  /** how long a batch waits for its slowest handler before the next getUpdates */
  batchWaitMs?: number;
}

export interface PollingStatus {
  running: boolean;
  /** the last getUpdates sent, and the last that answered (real time, ms since epoch) */
  lastAskedAt: number | null;
  lastReadAt: number | null;
  /** why polling stopped or is retrying */
  error: string | null;
}

export class PollingStoppedError extends Error {
  constructor(message: string, cause: unknown = null) {
    super(message, { cause });
    this.name = "PollingStoppedError";
  }
}

/** The chat an update belongs to: its updates are handled one after another. */
function chatKeyOf(update: Update): string {
  for (const value of Object.values(update)) {
    if (typeof value !== "object" || value === null) continue;
    const body = value as { chat?: { id?: number }; message?: { chat?: { id?: number } }; from?: { id?: number } };
    const id = body.chat?.id ?? body.message?.chat?.id ?? body.from?.id;
    if (id !== undefined) return String(id);
  }
  return "none";
}

/** telegraf's private polling parts (4.16): the loop without launch(), and its offset sync. */
function internals(bot: Telegraf<BotContext>) {
  return bot as unknown as { polling?: { skipOffsetSync: boolean }; startPolling(allowedUpdates: string[]): Promise<void> };
}

export function startPolling(bot: Telegraf<BotContext>, options: PollingOptions) {
  const { logger } = options;
  const status: PollingStatus = { running: true, lastAskedAt: null, lastReadAt: null, error: null };
  let stopRequested = false;
  const stopping = new AbortController();

  // Every answered getUpdates is a sign of life, for /healthz and doctor.
  const call = bot.telegram.callApi.bind(bot.telegram) as (method: string, payload: unknown, callOptions?: unknown) => Promise<unknown>;
  bot.telegram.callApi = (async (method: string, payload: unknown, callOptions?: unknown) => {
    if (method === "getUpdates") {
      status.lastAskedAt = Date.now();
      // Asking again after a retried failure: reading, until this call fails too.
      if (status.running && !stopRequested) status.error = null;
    }
    const result = await call(method, payload, callOptions);
    if (method === "getUpdates") {
      status.lastReadAt = Date.now();
      status.error = null;
    }
    return result;
  }) as typeof bot.telegram.callApi;

  // One chat's handlers in order; a batch does not wait for a slow chat past batchWaitMs.
  const handle = bot.handleUpdate.bind(bot);
  const chains = new Map<string, Promise<void>>();
  const batchWaitMs = options.batchWaitMs ?? 1_000;
  bot.handleUpdate = (update, response) => {
    if (response) return handle(update, response);
    const key = chatKeyOf(update);
    const run = (chains.get(key) ?? Promise.resolve()).then(() => handle(update));
    const tail = run.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    const wait = new AbortController();
    return Promise.race([run.finally(() => wait.abort()), delay(batchWaitMs, undefined, { signal: wait.signal }).catch(() => undefined)]);
  };

  const stopped = (async () => {
    let conflicts = 0;
    const retries = options.conflictRetries ?? 3;
    for (;;) {
      const readBefore = status.lastReadAt;
      try {
        // launch() without its race: a stop that comes while the webhook is being deleted would
        // find no polling to stop, and polling would then start for good.
        await bot.telegram.deleteWebhook({ drop_pending_updates: false });
        if (stopRequested) return;
        await internals(bot).startPolling([]);
        if (stopRequested) return;
        throw new PollingStoppedError("polling ended by itself");
      } catch (error) {
        if (stopRequested) return;
        if (status.lastReadAt !== readBefore) conflicts = 0; // it worked for a while
        status.error = error instanceof Error ? error.message : String(error);
        if (error instanceof TelegramError && error.code === 409) {
          if (!(await options.stillOwner())) throw new PollingStoppedError("another process holds the database", error);
          if (conflicts < retries) {
            const waitMs = (options.conflictFirstWaitMs ?? 5_000) * 3 ** conflicts++;
            logger.error({ err: error, attempt: conflicts, wait_ms: waitMs }, "getUpdates refused (409): another process polls this bot; retrying");
            await delay(waitMs, undefined, { signal: stopping.signal }).catch(() => undefined);
            if (stopRequested) return;
            continue;
          }
        }
        throw error instanceof PollingStoppedError ? error : new PollingStoppedError(`polling stopped: ${status.error}`, error);
      }
    }
  })().finally(() => {
    status.running = false;
  });

  return {
    stopped,
    status: (): PollingStatus => ({ ...status }),
    /** stops polling; `fenced`: another process owns the database, so the offset is not confirmed */
    stop(reason: string, fenced = false) {
      stopRequested = true;
      stopping.abort();
      // telegraf confirms the fetched updates with one more getUpdates when polling stops; a
      // fenced process must not, so the new owner receives them again.
      const polling = internals(bot).polling;
      if (fenced && polling) polling.skipOffsetSync = true;
      try {
        bot.stop(reason);
      } catch {
        // not running (already stopped)
      }
    },
  };
}

/** Polling reads updates: running, not failing, and a getUpdates sent or answered lately. */
export function isReading(status: PollingStatus, now: number, longPollMs: number): boolean {
  const last = Math.max(status.lastAskedAt ?? 0, status.lastReadAt ?? 0);
  return status.running && status.error === null && now - last < longPollMs + 30_000;
}
