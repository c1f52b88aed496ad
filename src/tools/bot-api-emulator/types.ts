/**
 * Shared types of the local Bot API emulator (see `emulator.ts`).
 * Wire objects (Message, Update, User, …) come from telegraf's own typings.
 */
import type { Message, MessageEntity, ResponseParameters, Update, User } from "telegraf/types";

export type { Message, MessageEntity, Update, User };

/** Request parameters after normalisation (numbers, booleans and JSON fields decoded). */
export type Params = Record<string, unknown>;

/** A file received in a multipart request (sendDocument/sendPhoto from the bot). */
export class UploadedFile {
  constructor(
    readonly fileName: string,
    readonly bytes: Buffer,
  ) {}
  get size(): number {
    return this.bytes.length;
  }
  toJSON(): { fileName: string; size: number } {
    return { fileName: this.fileName, size: this.size };
  }
}

/** What a fault does to one request. */
export type Fault =
  /**
   * Answer with this HTTP status and a Bot API error body. Defaults by code:
   * 429 "Too Many Requests: retry after N" (+ parameters.retry_after, Retry-After header),
   * 403 "Forbidden: bot was blocked by the user", 400 "Bad Request", 401 "Unauthorized",
   * 404 "Not Found", 409 "Conflict: terminated by other getUpdates request; …",
   * 500 "Internal Server Error" (JSON), 502/503/504 an nginx-style HTML page.
   */
  | {
      kind: "status";
      code: number;
      description?: string;
      retryAfter?: number;
      parameters?: ResponseParameters;
    }
  /** Read the request, hold it `ms`, then destroy the socket without answering. */
  | { kind: "timeout"; ms: number; apply?: boolean }
  /** Read the request, then destroy the socket at once. */
  | { kind: "reset"; apply?: boolean };
// `apply: true` on timeout/reset executes the call first (a message really gets sent),
// then loses the response — the "did it go through?" case behind duplicate sends.

export type Transport = "json" | "form" | "multipart" | "query" | "none";

export type ApiResponse = { ok: true; result: unknown; description?: string } | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

export interface RecordedCall {
  /** canonical method name (`sendMessage`, even if the URL said `sendmessage`) */
  method: string;
  /** normalised parameters; uploaded files appear as `UploadedFile` */
  params: Params;
  /** ms since epoch (the emulator's `now()`), when the request arrived */
  at: number;
  transport: Transport;
  /** the injected fault, when one hit this call */
  fault?: Fault;
  /** set when rate-limit enforcement answered 429 */
  rateLimited?: boolean;
  /** HTTP status and body once answered (absent while a long poll waits, or for dropped sockets) */
  status?: number;
  response?: ApiResponse;
}

/** A message the bot sent, as it stands now (after edits / deletion). */
export interface SentMessage {
  chatId: number;
  messageId: number;
  /** sendMessage | sendDocument | sendPhoto */
  method: string;
  /** current text after entity parsing (text messages) */
  text?: string;
  /** current caption after entity parsing (media messages) */
  caption?: string;
  entities: MessageEntity[];
  /** parse_mode of the last send/edit */
  parseMode?: string;
  /** current reply_markup as the bot sent it (any keyboard kind); undefined when none */
  replyMarkup?: unknown;
  replyToMessageId?: number;
  document?: { fileId: string; fileName: string; mimeType: string; size: number; bytes: Buffer };
  photo?: { fileId: string; size: number; bytes: Buffer };
  /** earlier texts/captions, oldest first */
  history: string[];
  editCount: number;
  deleted: boolean;
  /** the Message object as the Bot API would return it now */
  message: Message;
}

export interface RateLimitOptions {
  perChatPerSecond: number;
  globalPerSecond: number;
}

export interface EmulatorOptions {
  /** defaults to a fixed fake token; requests for other tokens get 401 */
  token?: string;
  botUser?: Partial<User> & {
    can_join_groups?: boolean;
    /** false (default) = privacy mode: in groups only commands, replies to the bot and mentions arrive */
    can_read_all_group_messages?: boolean;
    supports_inline_queries?: boolean;
  };
  rateLimit?: RateLimitOptions;
  /** port to listen on, default 0 (random) */
  port?: number;
  /** clock for message dates and call timestamps (ms since epoch); default Date.now */
  now?: () => number;
  /**
   * What happens when a getUpdates must wait while another one is already waiting.
   * "terminate-older" (default, what api.telegram.org does): the waiting one is answered
   * 409 "Conflict: terminated by other getUpdates request; …" and the new one waits.
   * "reject-newer": the new one gets that 409 and the old one keeps waiting.
   */
  conflict?: "terminate-older" | "reject-newer";
}

/** Thrown inside method handlers; becomes `{ok:false,error_code,description,parameters}`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(`${code}: ${description}`);
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
