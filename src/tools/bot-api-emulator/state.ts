/**
 * Everything the emulated server knows: chats and their messages, files, callback queries,
 * recorded calls, commands, webhook settings, and the update queue (`updates.ts`).
 * No HTTP here — `server.ts` drives it, `methods.ts` and `users.ts` act on it.
 */
import { randomBytes, randomInt } from "node:crypto";
import { EventEmitter } from "node:events";
import type { BotCommand, Chat, User, UserFromGetMe } from "telegraf/types";
import type { FormattedText } from "./text.js";
import { ApiError, type RecordedCall } from "./types.js";
import { UpdateQueue } from "./updates.js";

export type Json = Record<string, unknown>;

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: "document" | "photo" | "sticker";
  fileName?: string;
  mimeType?: string;
  bytes: Buffer;
  /** relative path served at /file/bot<token>/<path> */
  path: string;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  fromBot: boolean;
  /** for bot messages: the method that created it */
  method?: string;
  /** the Message object as it stands now */
  json: Json;
  /** current text (or caption) with entities */
  formatted?: FormattedText;
  parseMode?: string;
  /** reply_markup exactly as the bot sent it (any keyboard kind) */
  markup?: unknown;
  replyToMessageId?: number;
  file?: StoredFile;
  history: string[];
  editCount: number;
  deleted: boolean;
  /** global creation order across chats */
  seq: number;
}

interface ChatRecord {
  chat: Chat;
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  instance: string;
}

export class EmulatorState {
  readonly events = new EventEmitter();
  readonly calls: RecordedCall[] = [];
  readonly stats = { tooManyRequests: 0, delivered: 0 };
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, StoredFile>();
  readonly callbackQueries = new Map<string, { userId: number; answer?: Json }>();
  readonly commands = new Map<string, BotCommand[]>();
  /** setChatMenuButton by chat id ("default" for the bot's default button) */
  readonly menuButtons = new Map<string, Record<string, unknown>>();
  webhook: { url: string; allowedUpdates?: string[]; maxConnections?: number; setAt: number } | null = null;
  private fileCounter = 0;
  private messageSeq = 0;

  readonly queue: UpdateQueue;

  constructor(
    readonly bot: UserFromGetMe,
    readonly now: () => number,
    conflict: "terminate-older" | "reject-newer",
  ) {
    this.events.setMaxListeners(0);
    this.queue = new UpdateQueue(bot, conflict, this.events);
  }

  unixNow(): number {
    return Math.floor(this.now() / 1000);
  }

  // ── chats and messages ────────────────────────────────────────────────────────────────

  ensureChat(chat: Chat): ChatRecord {
    let record = this.chats.get(chat.id);
    if (!record) {
      const instance = String(randomInt(1, 2 ** 47) * (chat.id < 0 ? -1 : 1));
      record = { chat, nextMessageId: 1, messages: new Map(), instance };
      this.chats.set(chat.id, record);
    }
    return record;
  }

  /** Numeric id or "@username" → known chat, else 400 "chat not found". */
  resolveChat(value: unknown): ChatRecord {
    if (value === undefined || value === null || value === "") throw new ApiError(400, "Bad Request: chat_id is empty");
    if (typeof value === "string" && value.startsWith("@")) {
      const name = value.slice(1).toLowerCase();
      for (const record of this.chats.values()) {
        const username = (record.chat as { username?: string }).username;
        if (username?.toLowerCase() === name) return record;
      }
      throw new ApiError(400, "Bad Request: chat not found");
    }
    const id = typeof value === "number" ? value : Number(value);
    const record = Number.isSafeInteger(id) ? this.chats.get(id) : undefined;
    if (!record) throw new ApiError(400, "Bad Request: chat not found");
    return record;
  }

  addMessage(chatId: number, from: User, content: Json, extra: Partial<StoredMessage> = {}): StoredMessage {
    const record = this.chats.get(chatId);
    if (!record) throw new Error(`emulator: unknown chat ${chatId}`);
    const messageId = record.nextMessageId++;
    const { reply_to_message, ...rest } = content;
    const json: Json = { message_id: messageId, from, chat: record.chat, date: this.unixNow() };
    if (reply_to_message) json.reply_to_message = reply_to_message;
    Object.assign(json, rest);
    const stored: StoredMessage = {
      chatId,
      messageId,
      fromBot: from.id === this.bot.id,
      json,
      history: [],
      editCount: 0,
      deleted: false,
      seq: this.messageSeq++,
      ...extra,
    };
    record.messages.set(messageId, stored);
    return stored;
  }

  findMessage(chatId: number, messageId: number): StoredMessage | undefined {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    return stored && !stored.deleted ? stored : undefined;
  }

  /** The message as embedded in reply_to_message / callback_query.message (no nested reply). */
  embed(stored: StoredMessage): Json {
    const { reply_to_message: _drop, ...rest } = stored.json;
    return structuredClone(rest);
  }

  botMessages(chatId?: number): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (const record of this.chats.values()) {
      if (chatId !== undefined && record.chat.id !== chatId) continue;
      for (const m of record.messages.values()) if (m.fromBot) out.push(m);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  chatInstance(chatId: number): string {
    return this.chats.get(chatId)?.instance ?? "0";
  }

  // ── files ─────────────────────────────────────────────────────────────────────────────

  storeFile(kind: StoredFile["kind"], bytes: Buffer, fileName?: string, mimeType?: string): StoredFile {
    const prefix = { document: "BQACAgIAAxkBAAI", photo: "AgACAgIAAxkBAAI", sticker: "CAACAgIAAxkBAAI" }[kind];
    const folder = { document: "documents", photo: "photos", sticker: "stickers" }[kind];
    const ext = fileName?.includes(".") ? fileName.slice(fileName.lastIndexOf(".")) : kind === "photo" ? ".jpg" : "";
    const file: StoredFile = {
      fileId: prefix + randomBytes(48).toString("base64url"),
      fileUniqueId: `AgAD${randomBytes(9).toString("base64url")}`,
      kind,
      fileName,
      mimeType,
      bytes,
      path: `${folder}/file_${this.fileCounter++}${kind === "sticker" ? ".webp" : ext}`,
    };
    this.files.set(file.fileId, file);
    return file;
  }

  reset(): void {
    this.calls.length = 0;
    this.queue.reset();
    this.stats.tooManyRequests = 0;
    this.stats.delivered = 0;
    this.callbackQueries.clear();
    this.files.clear();
    for (const record of this.chats.values()) {
      record.messages.clear();
      record.nextMessageId = 1;
    }
  }
}
