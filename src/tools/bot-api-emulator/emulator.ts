/**
 * A local Telegram Bot API emulator over real HTTP on 127.0.0.1, for end-to-end tests that run
 * the real bot through telegraf with `telegram: { apiRoot: emulator.url }`.
 *
 *   const emu = createBotApiEmulator();
 *   await emu.start();
 *   const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.url } });
 *   const alice = emu.user(111, { first_name: "Alice" });
 *   alice.sendCommand("/start");
 *   const reply = await emu.waitForSent((m) => m.chatId === 111);
 *   …
 *   bot.stop(); await emu.stop();
 *
 * Pieces: server.ts (HTTP, bodies, faults on the wire), methods*.ts (the
 * methods), state.ts (chats, messages, update queue, long poll), users.ts
 * (simulated users), faults.ts (fault injection, flood control), text.ts (HTML).
 * Timers are real: do not fake timers while the emulator runs; pass `now` to control dates.
 */
import type { BotCommand, Chat, Update, User, UserFromGetMe } from "telegraf/types";
import { FaultInjector, RateLimiter, type FaultPredicate } from "./faults.js";
import { commandsKey } from "./methods.js";
import { EmulatorServer } from "./server.js";
import { EmulatorState, type Json, type StoredMessage } from "./state.js";
import type { UpdateRecord } from "./updates.js";
import { SimulatedUser } from "./users.js";
import type { EmulatorOptions, Fault, Message, Params, RecordedCall, SentMessage } from "./types.js";

export { ApiError, UploadedFile } from "./types.js";
export type { EmulatorOptions, Fault, Params, RateLimitOptions, RecordedCall, SentMessage } from "./types.js";
export { DEFAULT_GROUP_ID, DEFAULT_SUPERGROUP_ID, SimulatedUser } from "./users.js";
export type { ChatOptions, MediaOptions, SendOptions } from "./users.js";
export type { FaultPredicate } from "./faults.js";
export type { UpdateRecord } from "./updates.js";

export const DEFAULT_TOKEN = "7000000001:AAHemulatorTestToken_0123456789abcd";

export interface BotApiEmulator {
  /** apiRoot for telegraf, e.g. http://127.0.0.1:41234 (throws before start()) */
  readonly url: string;
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** every request, in arrival order */
  readonly calls: RecordedCall[];
  /** every update pushed, including those dropped by allowed_updates / privacy mode */
  readonly updates: UpdateRecord[];
  readonly stats: { tooManyRequests: number; delivered: number };
  start(): Promise<void>;
  /** answers waiting long polls with [], closes the server and every socket */
  stop(): Promise<void>;
  /** messages the bot sent (optionally to one chat), oldest first, as they stand now */
  sent(chatId?: number): SentMessage[];
  /** the newest message the bot sent to that chat that is not deleted */
  lastSent(chatId: number): SentMessage | undefined;
  callsOf(method: string): RecordedCall[];
  /** resolves with the first call (from index `since`, default 0) that matches */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number, options?: { since?: number }): Promise<RecordedCall>;
  /** resolves with the first bot message that matches, now or after a later call */
  waitForSent(predicate: (message: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>;
  /**
   * Resolves once a long poll is waiting and no update is queued or unconfirmed — for telegraf,
   * which polls again only after its handlers finish, that means every update was handled.
   */
  idle(timeoutMs?: number): Promise<void>;
  /** forgets calls, messages, updates, files, callback queries, faults, stats; keeps users and chats */
  reset(): void;
  user(id: number, info?: Partial<Omit<User, "id" | "is_bot">>): SimulatedUser;
  /** makes a chat known (e.g. a group the bot must post to before anyone wrote there) */
  addChat(chat: Chat): void;
  /** queues any update; keeps a given update_id (so the same update can be delivered twice) */
  pushUpdate(raw: Update | Record<string, unknown>): Update;
  /** updates queued and not yet confirmed by an offset */
  pendingUpdates(): Update[];
  failNext(method: string, fault: Fault, times?: number): void;
  failWhen(predicate: FaultPredicate, fault: Fault): () => void;
  clearFaults(): void;
  /** parameters of answerCallbackQuery for that query, if answered */
  callbackAnswer(callbackQueryId: string): Params | undefined;
  /** what getMyCommands would return for that scope/language */
  myCommands(scope?: Json, languageCode?: string): BotCommand[];
  /** the chat's menu button as set by setChatMenuButton (`{ type: "default" }` when never set) */
  menuButton(chatId: number): Record<string, unknown>;
  readonly webhook: { url: string; allowedUpdates?: string[] } | null;
}

function toSent(stored: StoredMessage): SentMessage {
  const json = stored.json;
  const file = stored.file;
  const document = json.document && file ? { fileId: file.fileId, fileName: file.fileName ?? "", mimeType: file.mimeType ?? "", size: file.bytes.length, bytes: file.bytes } : undefined;
  const photo = json.photo && file ? { fileId: file.fileId, size: file.bytes.length, bytes: file.bytes } : undefined;
  return {
    chatId: stored.chatId,
    messageId: stored.messageId,
    method: stored.method ?? "sendMessage",
    ...(typeof json.text === "string" && { text: json.text }),
    ...(typeof json.caption === "string" && { caption: json.caption }),
    entities: structuredClone((json.entities ?? json.caption_entities ?? []) as SentMessage["entities"]),
    ...(stored.parseMode !== undefined && { parseMode: stored.parseMode }),
    ...(stored.markup !== undefined && { replyMarkup: structuredClone(stored.markup) }),
    ...(stored.replyToMessageId !== undefined && { replyToMessageId: stored.replyToMessageId }),
    ...(document && { document }),
    ...(photo && { photo }),
    history: [...stored.history],
    editCount: stored.editCount,
    deleted: stored.deleted,
    message: structuredClone(json) as unknown as Message,
  };
}

function waitOn<T>(state: EmulatorState, check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  const safe = () => {
    try {
      return check();
    } catch {
      return undefined; // a predicate that throws on an unrelated call simply does not match
    }
  };
  const now = safe();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise<T>((resolve, reject) => {
    const onCall = () => {
      const hit = safe();
      if (hit !== undefined) {
        cleanup();
        resolve(hit);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bot-api emulator: nothing matched within ${timeoutMs} ms. ${describe()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      state.events.off("call", onCall);
    };
    state.events.on("call", onCall);
  });
}

export function createBotApiEmulator(options: EmulatorOptions = {}): BotApiEmulator {
  const token = options.token ?? DEFAULT_TOKEN;
  const botId = Number(token.split(":")[0]) || 7000000001;
  const botUser = {
    id: botId,
    is_bot: true,
    first_name: "Dondoc Test Bot",
    username: "dondoc_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    ...options.botUser,
  } as UserFromGetMe;
  const state = new EmulatorState(botUser, options.now ?? Date.now, options.conflict ?? "terminate-older");
  const faults = new FaultInjector();
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : null;
  const server = new EmulatorServer(state, faults, limiter, token);
  const users = new Map<number, SimulatedUser>();
  const sent = (chatId?: number) => state.botMessages(chatId).map(toSent);
  const recent = () => `Calls so far: ${state.calls.map((c) => `${c.method}→${c.status ?? "…"}`).join(", ") || "none"}`;

  return {
    get url() {
      if (!server.url) throw new Error("bot-api emulator: call start() first");
      return server.url;
    },
    token,
    botUser,
    calls: state.calls,
    updates: state.queue.records,
    stats: state.stats,
    get webhook() {
      return state.webhook;
    },
    async start() {
      await server.start(options.port ?? 0);
    },
    stop: () => server.stop(),
    sent,
    lastSent: (chatId) =>
      sent(chatId)
        .filter((m) => !m.deleted)
        .at(-1),
    callsOf: (method) => state.calls.filter((c) => c.method === method),
    waitFor(predicate, timeoutMs = 5000, { since = 0 } = {}) {
      return waitOn(state, () => state.calls.slice(since).find(predicate), timeoutMs, recent);
    },
    waitForSent(predicate, timeoutMs = 5000) {
      return waitOn(
        state,
        () => sent().find(predicate),
        timeoutMs,
        () => {
          const texts = sent().map((m) => `[${m.chatId}#${m.messageId}] ${(m.text ?? m.caption ?? m.method).slice(0, 60)}`);
          return `Bot messages: ${texts.join(" | ") || "none"}. ${recent()}`;
        },
      );
    },
    async idle(timeoutMs = 5000) {
      await waitOn(
        state,
        () => (state.queue.isIdle() ? true : undefined),
        timeoutMs,
        () => {
          return `Pending updates: ${state.queue.pending().length}. ${recent()}`;
        },
      );
    },
    reset() {
      state.reset();
      faults.clear();
      limiter?.clear();
    },
    user(id, info = {}) {
      let user = users.get(id);
      if (!user) {
        const data = { id, is_bot: false, first_name: `User ${id}`, ...info } as User;
        user = new SimulatedUser(state, data, toSent);
        users.set(id, user);
      }
      return user;
    },
    addChat(chat) {
      state.ensureChat(structuredClone(chat));
    },
    pushUpdate(raw) {
      const given = (raw as { update_id?: unknown }).update_id;
      const update = { ...raw, update_id: typeof given === "number" ? given : state.queue.allocateUpdateId() } as Update;
      for (const value of Object.values(raw)) {
        const v = value as { chat?: { id?: number }; message?: { chat?: { id?: number } } } | undefined;
        const chat = v?.chat ?? v?.message?.chat;
        if (chat && typeof chat.id === "number") state.ensureChat(chat as never);
      }
      state.queue.enqueue(update);
      return update;
    },
    pendingUpdates: () => state.queue.pending(),
    failNext: (method, fault, times = 1) => faults.failNext(method, fault, times),
    failWhen: (predicate, fault) => faults.failWhen(predicate, fault),
    clearFaults: () => faults.clear(),
    callbackAnswer: (id) => state.callbackQueries.get(id)?.answer,
    myCommands: (scope, languageCode) => state.commands.get(commandsKey({ scope, language_code: languageCode })) ?? [],
    menuButton: (chatId) => state.menuButtons.get(String(chatId)) ?? { type: "default" },
  };
}

/** createBotApiEmulator + start() */
export async function startBotApiEmulator(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
  const emulator = createBotApiEmulator(options);
  await emulator.start();
  return emulator;
}
