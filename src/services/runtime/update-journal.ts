/**
 * What the bot writes after an update is answered — the update marked handled, the messages it
 * sent linked to their tasks — goes through this journal. With a flush interval it is written
 * in groups, one transaction for every update finished within the interval (group commit):
 * the reply's own status update has already been committed on its own, so a crash loses at
 * most the interval's bookkeeping. A redelivered update is then recorded once anyway (the
 * status update's Telegram update id is unique) and answered again; a reply to a confirmation
 * whose link was lost gets the "which task?" question. Until flushed, the pending entries
 * answer the same questions the tables do.
 */
import type { Db } from "../../storage/database.js";
import { findCycleOfMessage, linkBotMessage, markHandled, wasHandled, type BotMessageLink, type MessageLink } from "../replies/conversation.js";

interface Entry {
  updateId: number;
  links: readonly BotMessageLink[];
  at: Date;
}

export interface UpdateJournalOptions {
  /** 0: every update written at once (the default); otherwise group commits this often */
  flushMs?: number;
  /** written at once when this many updates wait */
  maxPending?: number;
  onError?: (error: unknown) => void;
}

export class UpdateJournal {
  private pending: Entry[] = [];
  private readonly pendingUpdates = new Set<number>();
  private readonly pendingLinks = new Map<string, MessageLink>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private idle: (() => void) | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly db: Db,
    private readonly options: UpdateJournalOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 0;
    this.maxPending = options.maxPending ?? 500;
  }

  /** An update is being handled; call the returned function when it is over. */
  begin(): () => void {
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.inFlight === 0) this.idle?.();
    };
  }

  async wasHandled(updateId: number): Promise<boolean> {
    return this.pendingUpdates.has(updateId) || wasHandled(this.db, updateId);
  }

  async findCycleOfMessage(chatId: number, messageId: number): Promise<MessageLink | null> {
    return this.pendingLinks.get(`${chatId}:${messageId}`) ?? findCycleOfMessage(this.db, chatId, messageId);
  }

  async finish(updateId: number, links: readonly BotMessageLink[], at: Date): Promise<void> {
    this.pending.push({ updateId, links, at });
    this.pendingUpdates.add(updateId);
    for (const link of links) this.pendingLinks.set(`${link.chatId}:${link.messageId}`, { cycleId: link.cycleId, purpose: link.purpose });
    if (this.flushMs === 0) return this.flush();
    if (this.pending.length >= this.maxPending) return this.flush();
    this.timer ??= setTimeout(() => void this.flush().catch((error: unknown) => this.options.onError?.(error)), this.flushMs);
  }

  /** Writes what waits, in one transaction; flushes run one after another. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing.catch(() => undefined);
    // A failed flush is reported to its caller (or onError) and does not stop the next one.
    const run = this.flushing
      .catch(() => undefined)
      .then(async () => {
        try {
          await this.write(batch);
        } catch (error) {
          // One bad entry must not cost the whole group its bookkeeping: each on its own, and
          // only the ones that still fail are reported.
          if (batch.length === 1) throw error;
          const failures: unknown[] = [];
          for (const entry of batch) await this.write([entry]).catch((entryError: unknown) => failures.push(entryError));
          if (failures.length > 0) throw failures[0];
        } finally {
          for (const entry of batch) {
            // Written (or failed and logged): later entries for the same keys may still wait.
            if (!this.pending.some((e) => e.updateId === entry.updateId)) this.pendingUpdates.delete(entry.updateId);
            for (const link of entry.links) {
              const key = `${link.chatId}:${link.messageId}`;
              if (!this.pending.some((e) => e.links.some((l) => `${l.chatId}:${l.messageId}` === key))) this.pendingLinks.delete(key);
            }
          }
        }
      });
    this.flushing = run;
    return run;
  }

  private async write(entries: readonly Entry[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const entry of entries) {
        await markHandled(trx, entry.updateId, entry.at);
        for (const link of entry.links) await linkBotMessage(trx, link, entry.at);
      }
    });
  }

  /**
   * Before the database closes: waits (up to `waitMs`) for the updates still being handled —
   * a webhook server stops taking requests without waiting for them — then writes what waits.
   */
  async close(waitMs = 10_000): Promise<void> {
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, waitMs);
        this.idle = () => {
          clearTimeout(timeout);
          resolve();
        };
      });
      this.idle = null;
    }
    await this.flush();
  }
}
