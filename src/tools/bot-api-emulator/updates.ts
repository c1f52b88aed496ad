/**
 * The update queue and its single long poll, with getUpdates semantics: offset confirms,
 * limit, long polling that answers as soon as something arrives, one waiting poll at a time,
 * allowed_updates and group privacy mode applied when an update is pushed.
 */
import { randomInt } from "node:crypto";
import type { EventEmitter } from "node:events";
import type { Chat, Update, User, UserFromGetMe } from "telegraf/types";
import { ApiError } from "./types.js";

type Json = Record<string, unknown>;

interface PendingPoll {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: ApiError): void;
  timer: NodeJS.Timeout;
}

interface QueuedUpdate {
  update: Update;
  /** returned by some getUpdates; only delivered updates are confirmed by a later offset */
  delivered: boolean;
}

export interface UpdateRecord {
  update: Update;
  /** why it never reached the queue (allowed_updates, privacy mode) */
  dropped?: string;
}

const DEFAULT_EXCLUDED = new Set(["chat_member", "message_reaction", "message_reaction_count"]);
export const CONFLICT_GET_UPDATES = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

export class UpdateQueue {
  /** every update pushed, including dropped ones */
  readonly records: UpdateRecord[] = [];
  /** null = the default set (everything but chat_member and reactions) */
  allowedUpdates: Set<string> | null = null;
  private queue: QueuedUpdate[] = [];
  private nextUpdateId = randomInt(100_000_000, 900_000_000);
  private poll: PendingPoll | null = null;
  private wakeScheduled = false;

  constructor(
    private readonly bot: UserFromGetMe,
    private readonly conflict: "terminate-older" | "reject-newer",
    private readonly events: EventEmitter,
  ) {}

  allocateUpdateId(): number {
    return this.nextUpdateId++;
  }

  /** Queues an update unless allowed_updates or privacy mode filter it out. */
  enqueue(update: Update): UpdateRecord {
    const type = Object.keys(update).find((k) => k !== "update_id") ?? "";
    const allowed = this.allowedUpdates ? this.allowedUpdates.has(type) : !DEFAULT_EXCLUDED.has(type);
    const record: UpdateRecord = { update };
    if (!allowed) record.dropped = `"${type}" is not in allowed_updates`;
    else if (!this.passesPrivacy(update)) record.dropped = "privacy mode: not a command, reply or mention";
    this.records.push(record);
    if (!record.dropped) {
      this.queue.push({ update, delivered: false });
      this.scheduleWake();
    }
    this.events.emit("update", record);
    return record;
  }

  /** A long poll is waiting and nothing is queued: a polling bot has handled all it was given. */
  isIdle(): boolean {
    return this.poll !== null && this.queue.length === 0;
  }

  pending(): Update[] {
    return this.sortedQueue().map((q) => q.update);
  }

  private passesPrivacy(update: Update): boolean {
    const message = ("message" in update ? update.message : "edited_message" in update ? update.edited_message : undefined) as Json | undefined;
    const chat = message?.chat as Chat | undefined;
    if (!message || !chat || chat.type === "private" || chat.type === "channel") return true;
    if (this.bot.can_read_all_group_messages) return true;
    const reply = message.reply_to_message as { from?: User } | undefined;
    if (reply?.from?.id === this.bot.id) return true;
    const text = String(message.text ?? message.caption ?? "");
    const entities = (message.entities ?? message.caption_entities ?? []) as Array<{ type: string; offset: number; length: number }>;
    const me = `@${this.bot.username}`.toLowerCase();
    return entities.some((e) => {
      const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
      if (e.type === "bot_command") return !part.includes("@") || part.endsWith(me);
      return e.type === "mention" && part === me;
    });
  }

  private sortedQueue(): QueuedUpdate[] {
    return [...this.queue].sort((a, b) => a.update.update_id - b.update.update_id);
  }

  /** Drops delivered updates below `offset` (negative: keeps only the last |offset|). */
  private confirm(offset: number): void {
    if (offset > 0) {
      this.queue = this.queue.filter((q) => !(q.delivered && q.update.update_id < offset));
    } else if (offset < 0) {
      this.queue = this.sortedQueue().slice(offset);
    }
  }

  private take(limit: number): Update[] {
    const batch = this.sortedQueue().slice(0, limit);
    for (const q of batch) q.delivered = true;
    return batch.map((q) => q.update);
  }

  /** getUpdates semantics; returns at once or a promise that settles when updates arrive. */
  getUpdates(offset: number, limit: number, timeoutSec: number, signal: AbortSignal): Update[] | Promise<Update[]> {
    if (this.poll && this.conflict === "reject-newer") throw new ApiError(409, CONFLICT_GET_UPDATES);
    this.confirm(offset);
    const ready = this.take(limit);
    if (ready.length > 0 || timeoutSec <= 0 || signal.aborted) return ready;
    this.abortPoll(CONFLICT_GET_UPDATES);
    return new Promise<Update[]>((resolve, reject) => {
      const poll: PendingPoll = {
        limit,
        timer: setTimeout(() => finish(() => resolve([])), timeoutSec * 1000),
        resolve: (updates) => finish(() => resolve(updates)),
        reject: (error) => finish(() => reject(error)),
      };
      const onAbort = () => finish(() => resolve([]));
      const finish = (settle: () => void) => {
        clearTimeout(poll.timer);
        signal.removeEventListener("abort", onAbort);
        if (this.poll === poll) this.poll = null;
        settle();
      };
      signal.addEventListener("abort", onAbort);
      this.poll = poll;
    });
  }

  abortPoll(description: string): void {
    this.poll?.reject(new ApiError(409, description));
  }

  private scheduleWake(): void {
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    // like the real server, give updates pushed in the same tick a chance to share a batch
    setImmediate(() => {
      this.wakeScheduled = false;
      if (!this.poll) return;
      const batch = this.take(this.poll.limit);
      if (batch.length > 0) this.poll.resolve(batch);
    });
  }

  clear(): void {
    this.queue = [];
  }

  /** Answers a waiting long poll with an empty result (used by stop()). */
  releasePoll(): void {
    this.poll?.resolve([]);
  }

  reset(): void {
    this.records.length = 0;
    this.queue = [];
  }
}
