/**
 * Bot API methods that create or change messages: sendMessage, sendDocument, sendPhoto,
 * editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage.
 * Error descriptions are the real server's.
 */
import { isDeepStrictEqual } from "node:util";
import type { EmulatorState, Json, StoredFile, StoredMessage } from "./state.js";
import { autoEntities, charCount, parseHtml, trimFormatted, type FormattedText } from "./text.js";
import { badRequest, UploadedFile, type Params } from "./types.js";

export interface MethodContext {
  state: EmulatorState;
  params: Params;
  /** aborted when the client goes away */
  signal: AbortSignal;
}

export const int = (params: Params, name: string): number | undefined => {
  const v = params[name];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
};

export const bool = (params: Params, name: string): boolean => {
  const v = params[name];
  return v === true || v === "true" || v === "1" || v === 1;
};

const NOT_MODIFIED = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

function format(raw: unknown, parseMode: unknown, entities: unknown, limit: number, tooLong: string): FormattedText {
  const text = raw === undefined || raw === null ? "" : String(raw);
  const mode = typeof parseMode === "string" ? parseMode.toLowerCase() : "";
  let parsed: FormattedText;
  if (mode === "html") parsed = parseHtml(text);
  else if (mode === "markdown" || mode === "markdownv2")
    parsed = { text, entities: [] }; // not validated
  else if (mode === "") parsed = { text, entities: Array.isArray(entities) ? structuredClone(entities) : [] };
  else throw badRequest(`unsupported parse_mode "${String(parseMode)}"`);
  const trimmed = trimFormatted(parsed);
  if (charCount(trimmed.text) > limit) throw badRequest(tooLong);
  return { text: trimmed.text, entities: autoEntities(trimmed.text, trimmed.entities) };
}

export function formatText(params: Params): FormattedText {
  const formatted = format(params.text, params.parse_mode, params.entities, 4096, "message is too long");
  if (formatted.text === "") throw badRequest("message text is empty");
  return formatted;
}

function formatCaption(params: Params): FormattedText | undefined {
  const formatted = format(params.caption, params.parse_mode, params.caption_entities, 1024, "message caption is too long");
  return formatted.text === "" ? undefined : formatted;
}

const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

/** Validates reply_markup; `inline` is what appears in the returned Message. */
export function readMarkup(value: unknown): { markup?: unknown; inline?: Json } {
  if (value === undefined || value === null || value === "") return {};
  let markup = value;
  if (typeof markup === "string") {
    try {
      markup = JSON.parse(markup);
    } catch {
      throw badRequest("can't parse reply keyboard markup JSON object");
    }
  }
  if (typeof markup !== "object" || markup === null || Array.isArray(markup)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const obj = markup as Json;
  if ("inline_keyboard" in obj) {
    const rows = obj.inline_keyboard;
    if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    }
    for (const button of rows.flat() as unknown[]) {
      const b = button as Json;
      if (typeof b !== "object" || b === null || typeof b.text !== "string") {
        throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      }
      if (!BUTTON_ACTIONS.some((k) => k in b)) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if ("callback_data" in b) {
        const size = Buffer.byteLength(String(b.callback_data), "utf8");
        if (size < 1 || size > 64) throw badRequest("BUTTON_DATA_INVALID");
      }
    }
    const nonEmpty = (rows as unknown[][]).filter((r) => r.length > 0);
    return nonEmpty.length > 0 ? { markup, inline: { inline_keyboard: nonEmpty } } : { markup };
  }
  if ("keyboard" in obj || "remove_keyboard" in obj || "force_reply" in obj) return { markup };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function replyTarget(ctx: MethodContext, chatId: number): StoredMessage | undefined {
  const rp = (typeof ctx.params.reply_parameters === "object" ? ctx.params.reply_parameters : undefined) as Params | undefined;
  const id = rp ? int(rp, "message_id") : int(ctx.params, "reply_to_message_id");
  if (id === undefined) return undefined;
  const allow = rp ? bool(rp, "allow_sending_without_reply") : bool(ctx.params, "allow_sending_without_reply");
  const targetChat = rp?.chat_id !== undefined ? ctx.state.resolveChat(rp.chat_id).chat.id : chatId;
  const target = ctx.state.findMessage(targetChat, id);
  if (!target && !allow) throw badRequest("message to be replied not found");
  return target;
}

function send(ctx: MethodContext, method: string, content: Json, formatted?: FormattedText, file?: StoredFile): Json {
  const chat = ctx.state.resolveChat(ctx.params.chat_id);
  const { markup, inline } = readMarkup(ctx.params.reply_markup);
  const reply = replyTarget(ctx, chat.chat.id);
  const json: Json = reply ? { reply_to_message: ctx.state.embed(reply), ...content } : { ...content };
  if (inline) json.reply_markup = inline;
  const stored = ctx.state.addMessage(chat.chat.id, ctx.state.bot, json, {
    method,
    formatted,
    markup,
    file,
    replyToMessageId: reply?.messageId,
    parseMode: typeof ctx.params.parse_mode === "string" ? ctx.params.parse_mode : undefined,
  });
  return structuredClone(stored.json);
}

export function sendMessage(ctx: MethodContext): Json {
  ctx.state.resolveChat(ctx.params.chat_id);
  const formatted = formatText(ctx.params);
  const content: Json = { text: formatted.text };
  if (formatted.entities.length > 0) content.entities = formatted.entities;
  return send(ctx, "sendMessage", content, formatted);
}

const MIME: Record<string, string> = {
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  md: "text/markdown",
  html: "text/html",
  xml: "application/xml",
  zip: "application/zip",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
};
export const guessMime = (fileName: string): string => MIME[fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";

function incomingFile(ctx: MethodContext, field: "document" | "photo"): StoredFile {
  const value = ctx.params[field];
  if (value instanceof UploadedFile) {
    if (value.size === 0) throw badRequest("file must be non-empty");
    const kind = field === "photo" ? "photo" : "document";
    return ctx.state.storeFile(kind, value.bytes, value.fileName, guessMime(value.fileName));
  }
  if (typeof value === "string" && value !== "") {
    const known = ctx.state.files.get(value);
    if (known) return known;
    if (/^https?:\/\//i.test(value)) throw badRequest("failed to get HTTP URL content");
    throw badRequest("wrong file identifier/HTTP URL specified");
  }
  throw badRequest(`there is no ${field} in the request`);
}

function captioned(content: Json, caption: FormattedText | undefined): Json {
  if (caption) content.caption = caption.text;
  if (caption && caption.entities.length > 0) content.caption_entities = caption.entities;
  return content;
}

export function sendDocument(ctx: MethodContext): Json {
  ctx.state.resolveChat(ctx.params.chat_id);
  const file = incomingFile(ctx, "document");
  const caption = formatCaption(ctx.params);
  const document = {
    file_name: file.fileName ?? "document",
    mime_type: file.mimeType ?? guessMime(file.fileName ?? ""),
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_size: file.bytes.length,
  };
  return send(ctx, "sendDocument", captioned({ document }, caption), caption, file);
}

export function photoSizes(state: EmulatorState, file: StoredFile): Json[] {
  const thumb = state.storeFile("photo", file.bytes);
  return [
    { file_id: thumb.fileId, file_unique_id: thumb.fileUniqueId, file_size: file.bytes.length, width: 90, height: 90 },
    { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.bytes.length, width: 800, height: 800 },
  ];
}

export function sendPhoto(ctx: MethodContext): Json {
  ctx.state.resolveChat(ctx.params.chat_id);
  const file = incomingFile(ctx, "photo");
  const caption = formatCaption(ctx.params);
  return send(ctx, "sendPhoto", captioned({ photo: photoSizes(ctx.state, file) }, caption), caption, file);
}

function editable(ctx: MethodContext, verb: "edit" | "delete"): StoredMessage {
  if (ctx.params.inline_message_id !== undefined) throw badRequest(`message to ${verb} not found`);
  const chat = ctx.state.resolveChat(ctx.params.chat_id);
  const messageId = int(ctx.params, "message_id");
  if (messageId === undefined) throw badRequest("message identifier is not specified");
  const stored = ctx.state.findMessage(chat.chat.id, messageId);
  if (!stored) throw badRequest(`message to ${verb} not found`);
  if (verb === "edit" && !stored.fromBot) throw badRequest("message can't be edited");
  return stored;
}

function applyEdit(ctx: MethodContext, stored: StoredMessage, field: "text" | "caption" | null, formatted?: FormattedText): Json {
  const { markup, inline } = readMarkup(ctx.params.reply_markup);
  const entitiesKey = field === "caption" ? "caption_entities" : "entities";
  const sameText = field === null || (stored.json[field] === formatted?.text && isDeepStrictEqual(stored.json[entitiesKey] ?? [], formatted?.entities ?? []));
  if (sameText && isDeepStrictEqual(stored.json.reply_markup, inline)) throw badRequest(NOT_MODIFIED);
  if (field !== null && formatted) {
    stored.history.push(String(stored.json[field] ?? ""));
    stored.json[field] = formatted.text;
    if (formatted.entities.length > 0) stored.json[entitiesKey] = formatted.entities;
    else delete stored.json[entitiesKey];
    stored.formatted = formatted;
    if (typeof ctx.params.parse_mode === "string") stored.parseMode = ctx.params.parse_mode;
    else delete stored.parseMode;
  }
  if (inline) stored.json.reply_markup = inline;
  else delete stored.json.reply_markup;
  stored.markup = markup;
  stored.editCount += 1;
  stored.json.edit_date = ctx.state.unixNow();
  return structuredClone(stored.json);
}

export function editMessageText(ctx: MethodContext): Json {
  const stored = editable(ctx, "edit");
  if (typeof stored.json.text !== "string") throw badRequest("there is no text in the message to edit");
  return applyEdit(ctx, stored, "text", formatText(ctx.params));
}

export function editMessageCaption(ctx: MethodContext): Json {
  const stored = editable(ctx, "edit");
  if (typeof stored.json.text === "string") throw badRequest("there is no caption in the message to edit");
  const caption = formatCaption(ctx.params) ?? { text: "", entities: [] };
  const json = applyEdit(ctx, stored, "caption", caption);
  if (caption.text === "") delete stored.json.caption, delete json.caption;
  return json;
}

export function editMessageReplyMarkup(ctx: MethodContext): Json {
  return applyEdit(ctx, editable(ctx, "edit"), null);
}

export function deleteMessage(ctx: MethodContext): true {
  editable(ctx, "delete").deleted = true;
  return true;
}
