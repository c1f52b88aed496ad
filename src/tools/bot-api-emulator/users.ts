/**
 * Simulated Telegram users: each helper builds the update a real client would cause
 * (message, edited_message, callback_query) and puts it in the emulator's queue.
 */
import { randomInt } from "node:crypto";
import type { CallbackQuery, Chat, Message, Update, User } from "telegraf/types";
import { guessMime, photoSizes } from "./methods-messages.js";
import type { EmulatorState, Json, StoredMessage } from "./state.js";
import { autoEntities, sortEntities } from "./text.js";
import type { SentMessage } from "./types.js";

export const DEFAULT_GROUP_ID = -4_123_456_789;
export const DEFAULT_SUPERGROUP_ID = -1_001_234_567_890;

export interface ChatOptions {
  /** group chats: a negative id (default: one shared test group per chat type) */
  chatId?: number;
  /** default "private", or "group" when chatId is negative */
  chatType?: "private" | "group" | "supergroup";
  chatTitle?: string;
}
export interface SendOptions extends ChatOptions {
  replyToMessageId?: number;
}
export interface MediaOptions extends SendOptions {
  caption?: string;
  mimeType?: string;
}

type MessageUpdate<M extends Message> = Update.MessageUpdate<M>;

const STICKER_BYTES = Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1");
const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

export class SimulatedUser {
  constructor(
    private readonly state: EmulatorState,
    readonly info: User,
    private readonly view: (m: StoredMessage) => SentMessage,
  ) {
    const { id, first_name, last_name, username } = info;
    state.ensureChat({ id, type: "private", first_name, ...(last_name && { last_name }), ...(username && { username }) } as Chat);
  }

  get id(): number {
    return this.info.id;
  }

  /** The bot's messages in this user's private chat (see emulator.sent()). */
  inbox(): SentMessage[] {
    return this.state.botMessages(this.id).map(this.view);
  }

  lastReceived(): SentMessage | undefined {
    return this.inbox()
      .filter((m) => !m.deleted)
      .at(-1);
  }

  sendText(text: string, options: SendOptions = {}): MessageUpdate<Message.TextMessage> {
    const entities = autoEntities(text);
    return this.post(options, { text, ...(entities.length > 0 && { entities }) }) as MessageUpdate<Message.TextMessage>;
  }

  /** `/start`, `/start payload`, `/report@my_bot` — with the bot_command entity clients attach. */
  sendCommand(command: string, args?: string, options: SendOptions = {}): MessageUpdate<Message.TextMessage> {
    const cmd = command.startsWith("/") ? command : `/${command}`;
    const text = args ? `${cmd} ${args}` : cmd;
    const rest = autoEntities(text).filter((e) => e.offset >= cmd.length);
    const entities = sortEntities([{ type: "bot_command", offset: 0, length: cmd.length }, ...rest]);
    return this.post(options, { text, entities }) as MessageUpdate<Message.TextMessage>;
  }

  sendDocument(fileName: string, bytes: Buffer | Uint8Array | string, options: MediaOptions = {}): MessageUpdate<Message.DocumentMessage> {
    const mimeType = options.mimeType ?? guessMime(fileName);
    const file = this.state.storeFile("document", Buffer.from(bytes), fileName, mimeType);
    const document = {
      file_name: fileName,
      mime_type: mimeType,
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
    };
    return this.post(options, this.captioned({ document }, options.caption)) as MessageUpdate<Message.DocumentMessage>;
  }

  sendPhoto(bytes: Buffer | Uint8Array = JPEG_BYTES, options: MediaOptions = {}): MessageUpdate<Message.PhotoMessage> {
    const file = this.state.storeFile("photo", Buffer.from(bytes));
    const photo = photoSizes(this.state, file);
    return this.post(options, this.captioned({ photo }, options.caption)) as MessageUpdate<Message.PhotoMessage>;
  }

  sendSticker(options: SendOptions & { emoji?: string } = {}): MessageUpdate<Message.StickerMessage> {
    const file = this.state.storeFile("sticker", STICKER_BYTES);
    const sticker = {
      width: 512,
      height: 512,
      emoji: options.emoji ?? "👍",
      is_animated: false,
      is_video: false,
      type: "regular",
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
    };
    return this.post(options, { sticker }) as MessageUpdate<Message.StickerMessage>;
  }

  /** Presses an inline button of a bot message; throws if the message has no such button (unless force). */
  pressButton(
    message: SentMessage | Message | { chatId: number; messageId: number },
    callbackData: string,
    options: { force?: boolean } = {},
  ): Update.CallbackQueryUpdate<CallbackQuery.DataQuery> {
    const [chatId, messageId] = "chatId" in message ? [message.chatId, message.messageId] : [message.chat.id, message.message_id];
    const stored = this.state.findMessage(chatId, messageId);
    if (!stored) throw new Error(`emulator: message ${messageId} in chat ${chatId} does not exist (or was deleted)`);
    const rows = ((stored.json.reply_markup as Json | undefined)?.inline_keyboard ?? []) as Array<Array<{ callback_data?: string }>>;
    const offered = rows
      .flat()
      .map((b) => b.callback_data)
      .filter((d) => d !== undefined);
    if (!options.force && !offered.includes(callbackData)) {
      throw new Error(`emulator: message ${messageId} has no button "${callbackData}" (buttons: ${JSON.stringify(offered)})`);
    }
    const id = `${randomInt(100_000_000, 999_999_999)}${randomInt(1_000_000_000, 9_999_999_999)}`;
    this.state.callbackQueries.set(id, { userId: this.id });
    const callback_query = {
      id,
      from: this.info,
      message: structuredClone(stored.json),
      chat_instance: this.state.chatInstance(chatId),
      data: callbackData,
    };
    const update = { update_id: this.state.queue.allocateUpdateId(), callback_query } as unknown as Update.CallbackQueryUpdate<CallbackQuery.DataQuery>;
    this.state.queue.enqueue(update);
    return update;
  }

  /** The user edits one of their own text messages → an edited_message update. */
  editText(messageId: number, newText: string, options: ChatOptions = {}): Update.EditedMessageUpdate<Message.TextMessage> {
    const chat = this.chatFor(options);
    const stored = this.state.findMessage(chat.id, messageId);
    if (!stored || stored.json.from === undefined || (stored.json.from as User).id !== this.id) {
      throw new Error(`emulator: user ${this.id} has no message ${messageId} in chat ${chat.id}`);
    }
    if (typeof stored.json.text !== "string") throw new Error(`emulator: message ${messageId} has no text`);
    stored.history.push(stored.json.text);
    stored.editCount += 1;
    stored.json.text = newText;
    const entities = autoEntities(newText);
    if (entities.length > 0) stored.json.entities = entities;
    else delete stored.json.entities;
    stored.json.edit_date = this.state.unixNow();
    const edited_message = structuredClone(stored.json);
    const update = { update_id: this.state.queue.allocateUpdateId(), edited_message } as unknown as Update.EditedMessageUpdate<Message.TextMessage>;
    this.state.queue.enqueue(update);
    return update;
  }

  private captioned(content: Json, caption: string | undefined): Json {
    if (caption === undefined || caption === "") return content;
    const entities = autoEntities(caption);
    return { ...content, caption, ...(entities.length > 0 && { caption_entities: entities }) };
  }

  private chatFor(options: ChatOptions): Chat {
    const type = options.chatType ?? ((options.chatId ?? 0) < 0 ? "group" : "private");
    if (type === "private") {
      if (options.chatId !== undefined && options.chatId !== this.id) {
        throw new Error(`emulator: a private chat with user ${this.id} has id ${this.id}, not ${options.chatId}`);
      }
      return this.state.ensureChat({ id: this.id, type: "private", first_name: this.info.first_name } as Chat).chat;
    }
    const id = options.chatId ?? (type === "supergroup" ? DEFAULT_SUPERGROUP_ID : DEFAULT_GROUP_ID);
    if (id >= 0) throw new Error(`emulator: group chat ids are negative (got ${id})`);
    const title = options.chatTitle ?? `Test ${type} ${-id}`;
    return this.state.ensureChat({ id, type, title } as Chat).chat;
  }

  private post(options: SendOptions, content: Json): Update {
    const chat = this.chatFor(options);
    let reply: Json | undefined;
    if (options.replyToMessageId !== undefined) {
      const target = this.state.findMessage(chat.id, options.replyToMessageId);
      if (!target) throw new Error(`emulator: no message ${options.replyToMessageId} in chat ${chat.id} to reply to`);
      reply = this.state.embed(target);
    }
    const stored = this.state.addMessage(chat.id, this.info, reply ? { reply_to_message: reply, ...content } : content);
    const update = { update_id: this.state.queue.allocateUpdateId(), message: structuredClone(stored.json) } as unknown as Update;
    this.state.queue.enqueue(update);
    return update;
  }
}
