/**
 * The Messenger over telegraf: renders each outgoing message, paces sending (at most one
 * message a second per chat, about 25 a second in all, with Bottleneck), waits out 429s with
 * their retry_after, retries brief network and 5xx failures, and reports the rest as
 * DeliveryError for the delivery rules (blocked, or retry later).
 */
import Bottleneck from "bottleneck";
import { TelegramError, type Telegram } from "telegraf";
import type { Logger } from "../logger.js";
import { DeliveryError, type Messenger, type OutgoingMessage } from "../services/reminders/delivery.js";
import { renderMessage } from "./views/message-views.js";

export interface Pacing {
  perChatIntervalMs: number;
  globalPerSecond: number;
  /** 429s waited out inside one send before it is handed back for a later tick */
  max429Waits: number;
  requestTimeoutMs: number;
}

export const telegramPacing: Pacing = { perChatIntervalMs: 1000, globalPerSecond: 25, max429Waits: 5, requestTimeoutMs: 15_000 };

const blockedDescriptions = /bot was blocked|user is deactivated|chat not found|bot was kicked|have no rights to send|PEER_ID_INVALID/i;

export interface NotifierOptions {
  /** asked right before each send: false when this process must not send any more */
  fence?: () => Promise<boolean>;
}

export function createNotifier(
  telegram: Telegram,
  logger: Logger,
  pacing: Pacing = telegramPacing,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
  options: NotifierOptions = {},
): Messenger & { stop(options?: { dropWaiting?: boolean }): Promise<void> } {
  // Evenly spaced sends: a refilling reservoir can release a whole period's worth at once and put
  // twice the rate into one second. Each chat's slot is held a full interval after the send
  // itself, not after it was queued.
  const global = new Bottleneck({ minTime: Math.ceil(1000 / pacing.globalPerSecond), maxConcurrent: pacing.globalPerSecond });
  const perChat = new Bottleneck.Group({ maxConcurrent: 1 });
  // Not unref'ed: a CLI pass with two messages for one chat must live until the second is sent.
  const holds = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  const holdChat = (ms: number) =>
    new Promise<void>((resolve) => {
      const hold = { timer: setTimeout(() => (holds.delete(hold), resolve()), ms), resolve };
      holds.add(hold);
    });

  async function sendOnce(message: OutgoingMessage): Promise<number> {
    if (options.fence && !(await options.fence())) throw new DeliveryError("retry", "this process no longer holds the database");
    const view = renderMessage(message);
    const sent = await telegram.callApi(
      "sendMessage",
      { chat_id: message.chatId, text: view.text, parse_mode: "HTML", reply_markup: view.keyboard, link_preview_options: { is_disabled: true } },
      // telegraf types the signal with the abort-controller polyfill; node-fetch accepts Node's own.
      { signal: AbortSignal.timeout(pacing.requestTimeoutMs) as unknown as Parameters<Telegram["callApi"]>[2] extends { signal?: infer S } ? S : never },
    );
    return sent.message_id;
  }

  async function sendWithRetries(message: OutgoingMessage): Promise<number> {
    let waits429 = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await global.schedule(() => sendOnce(message));
      } catch (error) {
        if (error instanceof TelegramError) {
          const retryAfter = error.parameters?.retry_after;
          if (error.code === 429 && retryAfter !== undefined) {
            if (++waits429 > pacing.max429Waits) throw new DeliveryError("retry", error.description, retryAfter);
            logger.warn({ chat: message.chatId, retry_after: retryAfter }, "429 from Telegram: waiting");
            await sleep(retryAfter * 1000);
            continue;
          }
          if (error.code === 403 || (error.code === 400 && blockedDescriptions.test(error.description))) throw new DeliveryError("blocked", error.description);
          if (error.code < 500) throw new DeliveryError("retry", error.description);
        }
        // 5xx, timeouts and network errors: two quick retries with jitter, then a later tick.
        const description = error instanceof Error ? error.message : String(error);
        if (attempt >= 3) throw new DeliveryError("retry", description);
        await sleep(500 * attempt * (0.5 + Math.random()));
      }
    }
  }

  return {
    send(message) {
      // The caller hears as soon as the message is out; the chat's slot stays taken a while longer.
      return new Promise((resolve, reject) => {
        void perChat.key(String(message.chatId)).schedule(async () => {
          try {
            resolve({ messageId: await sendWithRetries(message) });
          } catch (error) {
            reject(error);
          }
          await holdChat(pacing.perChatIntervalMs);
        });
      });
    },
    async stop({ dropWaiting = false } = {}) {
      await global.stop({ dropWaitingJobs: dropWaiting }).catch(() => undefined);
      // The chats' pauses after their last message hold nothing any more.
      for (const hold of holds) {
        clearTimeout(hold.timer);
        hold.resolve();
      }
      holds.clear();
    },
  };
}
