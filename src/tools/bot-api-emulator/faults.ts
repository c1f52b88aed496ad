/**
 * Fault injection (failNext / failWhen) and optional flood-control enforcement, plus the
 * exact error bodies the real server (or the nginx in front of it) produces.
 */
import type { ResponseParameters } from "telegraf/types";
import type { ApiResponse, Fault, Params, RateLimitOptions } from "./types.js";

export type FaultPredicate = (call: { method: string; params: Params }) => boolean;

export class FaultInjector {
  private next: Array<{ method: string; fault: Fault; left: number }> = [];
  private rules: Array<{ predicate: FaultPredicate; fault: Fault }> = [];

  /** The next `times` calls of `method` ("*" = any method) fail with `fault`. */
  failNext(method: string, fault: Fault, times = 1): void {
    if (times > 0) this.next.push({ method, fault, left: times });
  }

  /** Every call matching `predicate` fails with `fault` until the returned function is called. */
  failWhen(predicate: FaultPredicate, fault: Fault): () => void {
    const rule = { predicate, fault };
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((r) => r !== rule);
    };
  }

  /** The fault for this call, consuming one failNext slot if that is where it came from. */
  take(method: string, params: Params): Fault | undefined {
    const slot = this.next.find((n) => n.method === method || n.method === "*");
    if (slot) {
      slot.left -= 1;
      if (slot.left <= 0) this.next = this.next.filter((n) => n !== slot);
      return slot.fault;
    }
    return this.rules.find((r) => r.predicate({ method, params }))?.fault;
  }

  clear(): void {
    this.next = [];
    this.rules = [];
  }
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
  500: "Internal Server Error",
};

const STATUS_TEXT: Record<number, string> = { 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out" };

export interface WireReply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
  json?: ApiResponse;
}

export function errorBody(code: number, description: string, parameters?: ResponseParameters): ApiResponse {
  return parameters ? { ok: false, error_code: code, description, parameters } : { ok: false, error_code: code, description };
}

export function jsonReply(status: number, json: ApiResponse, headers?: Record<string, string>): WireReply {
  return { status, contentType: "application/json", body: JSON.stringify(json), json, headers };
}

export function tooManyRequests(retryAfter: number): WireReply {
  return jsonReply(429, errorBody(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }), {
    "retry-after": String(retryAfter),
  });
}

/** The reply a `{kind:"status"}` fault produces. */
export function statusFaultReply(fault: Extract<Fault, { kind: "status" }>): WireReply {
  const { code } = fault;
  if (code === 429) {
    const retryAfter = fault.retryAfter ?? fault.parameters?.retry_after ?? 1;
    const reply = tooManyRequests(retryAfter);
    if (fault.description || fault.parameters) {
      const json = errorBody(429, fault.description ?? `Too Many Requests: retry after ${retryAfter}`, {
        retry_after: retryAfter,
        ...fault.parameters,
      });
      return { ...reply, body: JSON.stringify(json), json };
    }
    return reply;
  }
  if (STATUS_TEXT[code] && !fault.description) {
    // what the nginx in front of the Bot API sends when the backend is gone
    const text = `${code} ${STATUS_TEXT[code]}`;
    const body = `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
    return { status: code, contentType: "text/html", body };
  }
  const description = fault.description ?? DEFAULT_DESCRIPTIONS[code] ?? STATUS_TEXT[code] ?? `Error ${code}`;
  return jsonReply(code, errorBody(code, description, fault.parameters));
}

/**
 * Flood control: per chat at most one message every 1/perChatPerSecond seconds, and at most
 * globalPerSecond messages in any sliding second. Uses a monotonic clock.
 */
export class RateLimiter {
  private lastByChat = new Map<string, number>();
  private window: number[] = [];

  constructor(private readonly limits: RateLimitOptions) {}

  /** Seconds to wait (≥ 1) if a message to `chat` now would exceed the limits, else null. */
  check(chat: string, now = performance.now()): number | null {
    const waits: number[] = [];
    const gap = 1000 / this.limits.perChatPerSecond;
    const last = this.lastByChat.get(chat);
    if (last !== undefined && now - last < gap) waits.push(gap - (now - last));
    this.window = this.window.filter((t) => now - t < 1000);
    if (this.window.length >= this.limits.globalPerSecond) waits.push(this.window[0]! + 1000 - now);
    if (waits.length === 0) return null;
    return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }

  note(chat: string, now = performance.now()): void {
    this.lastByChat.set(chat, now);
    this.window.push(now);
  }

  clear(): void {
    this.lastByChat.clear();
    this.window = [];
  }
}
