/**
 * How often the bot answers one chat (issue 11, item 8: a flood of 10,000 messages made 20,000
 * sendMessage calls, nearly all answered 429). Each private chat has a token bucket on the
 * injected clock: a stranger gets a few answers an hour; a registered person a burst and then
 * about one answer every few seconds (their reports are still recorded: only the answers are
 * held back, and they are told once). A 429 from Telegram empties the chat's bucket until its
 * retry_after has passed. Answers that are held back are simply not sent.
 *
 * Not Bottleneck (which paces the reminders): its reservoirs refill on real timers, one per
 * limiter, while this needs a drop-or-answer decision on the bot's clock for any number of
 * chats; a bounded map of buckets does that in a few lines.
 */
import type { Clock } from "../domain/clock.js";
import { isRegistered } from "../domain/person.js";
import type { BotContext } from "./context.js";
import { texts } from "./texts.js";

export interface Budget {
  /** answers available at once */
  burst: number;
  /** one more answer every this many milliseconds */
  refillEveryMs: number;
}

export const answerBudgets = {
  /** someone who has not joined: the onboarding text, a few times an hour */
  stranger: { burst: 3, refillEveryMs: 20 * 60_000 },
  /** a registered person: a burst of thirty (a busy conversation), then one answer every two seconds */
  member: { burst: 30, refillEveryMs: 2_000 },
} satisfies Record<string, Budget>;

export type Audience = keyof typeof answerBudgets;

/** answer: go ahead; first_held: the first answer held back since the last one sent; held: silence */
export type ThrottleDecision = "answer" | "first_held" | "held";

interface Bucket {
  tokens: number;
  at: number;
  /** no answer before this instant (a 429's retry_after) */
  blockedUntil: number;
  held: boolean;
}

/** Chats remembered at most; the longest idle are forgotten first (a forgotten chat starts full). */
const maxChats = 20_000;

export interface AnswerThrottle {
  take(chatId: number, audience: Audience): ThrottleDecision;
  /** Telegram said 429 for this chat: nothing more until `retryAfterSeconds` have passed */
  holdOff(chatId: number, retryAfterSeconds: number): void;
  /** whether a 429's retry_after still holds for this chat (answers already decided wait for it too) */
  isHeldOff(chatId: number): boolean;
}

export function createAnswerThrottle(clock: Clock, budgets: Record<Audience, Budget> = answerBudgets): AnswerThrottle {
  // One bucket per chat and audience: a stranger who joins starts with a member's budget.
  const buckets = new Map<string, Bucket>();

  function bucketOf(key: string, budget: Budget, now: number): Bucket {
    const bucket = buckets.get(key) ?? { tokens: budget.burst, at: now, blockedUntil: 0, held: false };
    // Re-inserted on every use: the map's first entries are the longest idle.
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxChats) buckets.delete(buckets.keys().next().value!);
    const refilled = Math.floor(Math.max(0, now - bucket.at) / budget.refillEveryMs);
    if (refilled > 0) {
      bucket.tokens = Math.min(budget.burst, bucket.tokens + refilled);
      bucket.at += refilled * budget.refillEveryMs;
    }
    if (bucket.tokens >= budget.burst) bucket.at = now;
    return bucket;
  }

  return {
    take(chatId, audience) {
      const now = clock.now().getTime();
      const bucket = bucketOf(`${audience}:${chatId}`, budgets[audience], now);
      if (now >= bucket.blockedUntil && bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.held = false;
        return "answer";
      }
      if (bucket.held) return "held";
      bucket.held = true;
      return "first_held";
    },
    isHeldOff(chatId) {
      const now = clock.now().getTime();
      return Object.keys(budgets).some((audience) => (buckets.get(`${audience}:${chatId}`)?.blockedUntil ?? 0) > now);
    },
    holdOff(chatId, retryAfterSeconds) {
      const now = clock.now().getTime();
      for (const audience of Object.keys(budgets)) {
        const bucket = buckets.get(`${audience}:${chatId}`);
        if (!bucket) continue;
        bucket.tokens = 0;
        bucket.held = true;
        bucket.blockedUntil = Math.max(bucket.blockedUntil, now + retryAfterSeconds * 1000);
      }
    },
  };
}

/**
 * The middleware: each message or edit in a private chat takes an answer from the chat's budget;
 * without one its answers are not sent (`ctx.muted`), and a registered person is told once.
 * Every answer also checks that no 429 holds the chat (`ctx.mayAnswer`).
 */
export function throttleAnswers(throttle: AnswerThrottle) {
  return async (ctx: BotContext, next: () => Promise<void>) => {
    if (ctx.chat?.type !== "private" || (ctx.message === undefined && ctx.editedMessage === undefined)) return next();
    const chatId = ctx.chat.id;
    ctx.mayAnswer = () => !throttle.isHeldOff(chatId);
    const decision = throttle.take(chatId, isRegistered(ctx.actor) ? "member" : "stranger");
    if (decision !== "answer") ctx.muted = true;
    if (decision === "first_held" && isRegistered(ctx.actor)) {
      await ctx.telegram.sendMessage(chatId, texts.slowDown()).catch((error: unknown) => ctx.log.debug({ err: error }, "could not send the slow-down notice"));
    }
    return next();
  };
}
