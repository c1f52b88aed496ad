/**
 * The HTTP side: routes `/bot<token>/<method>` and `/file/bot<token>/<path>`, decodes JSON,
 * urlencoded and multipart bodies, records every call, applies faults and flood control,
 * and writes Bot API–shaped answers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { errorBody, jsonReply, statusFaultReply, tooManyRequests, type FaultInjector, type RateLimiter, type WireReply } from "./faults.js";
import { canonicalMethod, Described, METHODS } from "./methods.js";
import type { EmulatorState } from "./state.js";
import { ApiError, UploadedFile, type Params, type RecordedCall, type Transport } from "./types.js";

const NUMERIC = new Set([
  "message_id",
  "reply_to_message_id",
  "offset",
  "limit",
  "timeout",
  "cache_time",
  "message_thread_id",
  "from_chat_id",
  "user_id",
  "max_connections",
  "duration",
  "width",
  "height",
  "until_date",
]);
const BOOLEAN = new Set([
  "disable_notification",
  "protect_content",
  "show_alert",
  "drop_pending_updates",
  "allow_sending_without_reply",
  "disable_web_page_preview",
  "disable_content_type_detection",
  "has_spoiler",
]);
const JSON_FIELDS = new Set([
  "reply_markup",
  "reply_parameters",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "link_preview_options",
  "media",
  "results",
  "menu_button",
]);
/** methods that count as "a message sent" for flood control and stats.delivered */
const SENDS = new Set(["sendMessage", "sendDocument", "sendPhoto"]);

/** Makes JSON, form and multipart requests look alike: numbers, booleans and objects decoded. */
export function normalizeParams(raw: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    let v = value;
    if (typeof v === "string") {
      if ((NUMERIC.has(key) || key === "chat_id") && /^-?\d+$/.test(v)) v = Number(v);
      else if (BOOLEAN.has(key) && (v === "true" || v === "false")) v = v === "true";
      else if (JSON_FIELDS.has(key)) {
        try {
          v = JSON.parse(v);
        } catch {
          /* left as a string; the method reports it */
        }
      }
    }
    out[key] = v;
  }
  return out;
}

async function readParams(req: http.IncomingMessage, url: URL): Promise<{ params: Params; transport: Transport }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Params = Object.fromEntries(url.searchParams);
  let transport: Transport = url.search ? "query" : "none";
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("application/json") && body.length > 0) {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    Object.assign(params, parsed);
    transport = "json";
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    transport = "form";
  } else if (type.startsWith("multipart/form-data")) {
    const form = await new Request("http://emulator/", {
      method: "POST",
      headers: { "content-type": req.headers["content-type"]! },
      body,
    }).formData();
    for (const [key, value] of form) {
      params[key] = typeof value === "string" ? value : new UploadedFile(value.name, Buffer.from(await value.arrayBuffer()));
    }
    transport = "multipart";
  }
  return { params: normalizeParams(params), transport };
}

function errorReply(error: unknown): WireReply {
  if (error instanceof ApiError) return jsonReply(error.code, errorBody(error.code, error.description, error.parameters));
  console.error("bot-api emulator: handler crashed", error);
  return jsonReply(500, errorBody(500, "Internal Server Error"));
}

export class EmulatorServer {
  private server: http.Server | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly open = new Set<http.ServerResponse>();
  private readonly held = new Set<http.ServerResponse>();
  url: string | null = null;

  constructor(
    private readonly state: EmulatorState,
    private readonly faults: FaultInjector,
    private readonly limiter: RateLimiter | null,
    private readonly token: string,
  ) {}

  async start(port = 0): Promise<string> {
    if (this.url) return this.url;
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 60_000; // let the client's keep-alive agent close idle sockets first
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.url = null;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.held) res.socket?.destroy();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.state.queue.releasePoll(); // waiting long polls get {ok:true,result:[]}
    // give those answers (and any other in-flight reply) a moment to reach the client
    const flushed = [...this.open].map((res) => new Promise((resolve) => res.once("close", resolve)));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(flushed), new Promise((resolve) => (grace = setTimeout(resolve, 200)))]);
    clearTimeout(grace);
    server.closeAllConnections();
    await closed;
  }

  private write(res: http.ServerResponse, call: RecordedCall | null, reply: WireReply): void {
    if (call) {
      call.status = reply.status;
      if (reply.json) call.response = reply.json;
    }
    if (res.destroyed || res.headersSent) return;
    res.writeHead(reply.status, {
      "content-type": reply.contentType,
      "content-length": Buffer.byteLength(reply.body),
      ...reply.headers,
    });
    res.end(reply.body);
  }

  private announce(call: RecordedCall): void {
    this.state.events.emit("call", call);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.open.add(res);
    res.once("close", () => this.open.delete(res));
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file && (req.method === "GET" || req.method === "HEAD")) return this.serveFile(res, file[1]!, decodeURIComponent(file[2]!));
    const route = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    let parsed: { params: Params; transport: Transport };
    let bodyError = false;
    try {
      parsed = await readParams(req, url);
    } catch {
      parsed = { params: {}, transport: "none" };
      bodyError = true;
    }
    if (!route) return this.write(res, null, jsonReply(404, errorBody(404, "Not Found")));
    const method = canonicalMethod(route[2]!) ?? route[2]!;
    const params = parsed.params;
    // telegraf puts the method name into multipart bodies as a "method" field
    if (typeof params.method === "string" && params.method.toLowerCase() === method.toLowerCase()) delete params.method;
    const call: RecordedCall = { method, params, at: this.state.now(), transport: parsed.transport };
    this.state.calls.push(call);
    try {
      await this.dispatch(req, res, call, route[1]!, bodyError);
    } finally {
      this.announce(call);
    }
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse, call: RecordedCall, token: string, bodyError: boolean): Promise<void> {
    if (token !== this.token) return this.write(res, call, jsonReply(401, errorBody(401, "Unauthorized")));
    const fault = this.faults.take(call.method, call.params);
    if (fault) {
      call.fault = fault;
      if (fault.kind === "status") return this.write(res, call, statusFaultReply(fault));
      if (fault.apply) {
        const controller = new AbortController();
        res.once("close", () => controller.abort()); // a long poll executed here must not outlive its socket
        void Promise.resolve(this.execute(call, controller.signal)).catch(() => {});
      }
      if (fault.kind === "reset") {
        req.socket.destroy();
        return;
      }
      this.held.add(res);
      res.once("close", () => this.held.delete(res));
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        req.socket.destroy();
      }, fault.ms);
      this.timers.add(timer);
      return;
    }
    if (bodyError) return this.write(res, call, jsonReply(400, errorBody(400, "Bad Request: can't parse JSON object")));
    if (!METHODS[call.method]) return this.write(res, call, jsonReply(404, errorBody(404, "Not Found")));
    if (this.limiter && SENDS.has(call.method)) {
      const retryAfter = this.limiter.check(String(call.params.chat_id));
      if (retryAfter !== null) {
        this.state.stats.tooManyRequests += 1;
        call.rateLimited = true;
        return this.write(res, call, tooManyRequests(retryAfter));
      }
    }
    const controller = new AbortController();
    res.once("close", () => controller.abort());
    const outcome = this.execute(call, controller.signal);
    if (outcome instanceof Promise) {
      // a waiting long poll is announced while it waits, and again (in handle) once answered
      this.announce(call);
      this.write(res, call, await outcome);
    } else this.write(res, call, outcome);
  }

  /** Runs the method; the reply is synchronous except for waiting long polls. */
  private execute(call: RecordedCall, signal: AbortSignal): WireReply | Promise<WireReply> {
    const ok = (value: unknown): WireReply => {
      if (SENDS.has(call.method)) {
        this.state.stats.delivered += 1;
        this.limiter?.note(String(call.params.chat_id));
      }
      return value instanceof Described ? jsonReply(200, { ok: true, result: value.result, description: value.description }) : jsonReply(200, { ok: true, result: value });
    };
    try {
      const result = METHODS[call.method]!({ state: this.state, params: call.params, signal });
      return result instanceof Promise ? result.then(ok, errorReply) : ok(result);
    } catch (error) {
      return errorReply(error);
    }
  }

  private serveFile(res: http.ServerResponse, token: string, path: string): void {
    if (token !== this.token) return this.write(res, null, jsonReply(401, errorBody(401, "Unauthorized")));
    const file = [...this.state.files.values()].find((f) => f.path === path);
    if (!file) return this.write(res, null, jsonReply(404, errorBody(404, "Not Found")));
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length });
    res.end(file.bytes);
  }
}
