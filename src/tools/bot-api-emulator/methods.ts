/**
 * The method table: updates/webhook, bot settings, callback answers, chat actions, files,
 * plus the message methods from `methods-messages.ts`. Method names are matched
 * case-insensitively, as the real server does.
 */
import type { BotCommand } from "telegraf/types";
import { bool, deleteMessage, editMessageCaption, editMessageReplyMarkup, editMessageText, int, sendDocument, sendMessage, sendPhoto, type MethodContext } from "./methods-messages.js";
import { ApiError, badRequest, type Params } from "./types.js";

export type { MethodContext };

/** A successful result that also carries a `description` (setWebhook & co. do this). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export type Handler = (ctx: MethodContext) => unknown;

const UPDATE_TYPES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "callback_query",
  "shipping_query",
  "pre_checkout_query",
  "purchased_paid_media",
  "poll",
  "poll_answer",
  "my_chat_member",
  "chat_member",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
];

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

function getUpdates({ state, params, signal }: MethodContext): unknown {
  if (state.webhook) {
    throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const allowed = params.allowed_updates;
  if (Array.isArray(allowed)) {
    const known = allowed.map((t) => String(t).toLowerCase()).filter((t) => UPDATE_TYPES.includes(t));
    state.queue.allowedUpdates = known.length > 0 ? new Set(known) : null;
  }
  const limit = Math.min(Math.max(int(params, "limit") ?? 100, 1), 100);
  return state.queue.getUpdates(int(params, "offset") ?? 0, limit, Math.max(int(params, "timeout") ?? 0, 0), signal);
}

function setWebhook({ state, params }: MethodContext): Described {
  const url = typeof params.url === "string" ? params.url : "";
  if (url === "") return deleteWebhook({ state, params } as MethodContext);
  if (!/^https:\/\//i.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  if (bool(params, "drop_pending_updates")) state.queue.clear();
  const same = state.webhook?.url === url;
  const allowedUpdates = Array.isArray(params.allowed_updates) ? params.allowed_updates.map(String) : undefined;
  state.webhook = { url, allowedUpdates, maxConnections: int(params, "max_connections") ?? 40, setAt: state.now() };
  state.queue.abortPoll("Conflict: terminated by setWebhook request");
  return new Described(true, same ? "Webhook is already set" : "Webhook was set");
}

function deleteWebhook({ state, params }: MethodContext): Described {
  if (bool(params, "drop_pending_updates")) state.queue.clear();
  const had = state.webhook !== null;
  state.webhook = null;
  return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
}

function getWebhookInfo({ state }: MethodContext): unknown {
  const info: Params = {
    url: state.webhook?.url ?? "",
    has_custom_certificate: false,
    pending_update_count: state.queue.pending().length,
  };
  if (state.webhook) {
    info.max_connections = state.webhook.maxConnections;
    if (state.webhook.allowedUpdates) info.allowed_updates = state.webhook.allowedUpdates;
  }
  return info;
}

export function commandsKey(params: Params): string {
  const scope = (typeof params.scope === "object" && params.scope !== null ? params.scope : { type: "default" }) as Params;
  const language = typeof params.language_code === "string" ? params.language_code : "";
  return JSON.stringify([scope.type ?? "default", scope.chat_id ?? null, scope.user_id ?? null, language]);
}

function setMyCommands({ state, params }: MethodContext): true {
  const commands = params.commands;
  if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
  if (commands.length > 100) throw badRequest("too many commands specified");
  const clean: BotCommand[] = commands.map((c: Params) => {
    const command = String(c?.command ?? "").replace(/^\//, "");
    const description = String(c?.description ?? "");
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest("BOT_COMMAND_INVALID");
    if (description.trim() === "" || charCount(description) > 256) throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    return { command, description };
  });
  state.commands.set(commandsKey(params), clean);
  return true;
}

const charCount = (s: string) => [...s].length;

function answerCallbackQuery({ state, params }: MethodContext): true {
  const id = params.callback_query_id === undefined ? "" : String(params.callback_query_id);
  const query = state.callbackQueries.get(id);
  if (!query || query.answer) {
    throw badRequest("query is too old and response timeout expired or query ID is invalid");
  }
  if (typeof params.text === "string" && charCount(params.text) > 200) throw badRequest("MESSAGE_TOO_LONG");
  query.answer = { ...params };
  return true;
}

function sendChatAction({ state, params }: MethodContext): true {
  state.resolveChat(params.chat_id);
  if (!CHAT_ACTIONS.has(String(params.action ?? ""))) throw badRequest("wrong parameter action in request");
  return true;
}

/** The bot leaves a group; the chat stays known (its messages are kept), as on Telegram. */
function leaveChat({ state, params }: MethodContext): true {
  const { chat } = state.resolveChat(params.chat_id);
  if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
  return true;
}

const MENU_BUTTON_TYPES = new Set(["commands", "web_app", "default"]);

function setChatMenuButton({ state, params }: MethodContext): true {
  const button = (params.menu_button ?? { type: "default" }) as Record<string, unknown>;
  if (typeof button !== "object" || !MENU_BUTTON_TYPES.has(String(button.type))) throw badRequest("can't parse menu button");
  if (button.type === "web_app") {
    const webApp = button.web_app as { url?: unknown } | undefined;
    if (typeof button.text !== "string" || button.text.trim() === "" || typeof webApp?.url !== "string") throw badRequest("can't parse menu button");
    if (!/^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(webApp.url)) throw badRequest("BUTTON_URL_INVALID");
  }
  const key = params.chat_id === undefined ? "default" : String(state.resolveChat(params.chat_id).chat.id);
  state.menuButtons.set(key, structuredClone(button));
  return true;
}

function getFile({ state, params }: MethodContext): unknown {
  const file = state.files.get(String(params.file_id ?? ""));
  if (!file) throw badRequest("invalid file_id");
  if (file.bytes.length > 20 * 1024 * 1024) throw badRequest("file is too big");
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, file_path: file.path };
}

export const METHODS: Record<string, Handler> = {
  getMe: ({ state }) => structuredClone(state.bot),
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  setMyCommands,
  getMyCommands: ({ state, params }) => state.commands.get(commandsKey(params)) ?? [],
  deleteMyCommands: ({ state, params }) => state.commands.delete(commandsKey(params)) || true,
  getChat: ({ state, params }) => structuredClone(state.resolveChat(params.chat_id).chat),
  sendMessage,
  sendDocument,
  sendPhoto,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  sendChatAction,
  leaveChat,
  getFile,
  setChatMenuButton,
  getChatMenuButton: ({ state, params }) => state.menuButtons.get(params.chat_id === undefined ? "default" : String(params.chat_id)) ?? { type: "default" },
};

const BY_LOWER = new Map(Object.keys(METHODS).map((name) => [name.toLowerCase(), name]));

/** Canonical spelling of a known method, or undefined. */
export const canonicalMethod = (name: string): string | undefined => BY_LOWER.get(name.toLowerCase());
