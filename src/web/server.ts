/**
 * The Mini App over HTTP: routes under WEB_APP_URL's path, a session cookie, security headers
 * on every answer. Routes call services and render pages; no SQL here. `handle` answers the
 * requests under its path and returns false for others (the webhook shares the server).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import type { Clock } from "../domain/clock.js";
import { localDateOf } from "../domain/local-date.js";
import { stripDiacritics } from "../domain/text.js";
import type { Logger } from "../logger.js";
import { firstReportYear, lastReportYear, parseReportYear } from "../services/exports/annual-report.js";
import { withExportFile, type ExportRequest } from "../services/exports/export-files.js";
import { endSession, loginWithInitData, loginWithLink, sessionHours, viewerOfSession, type WebViewer } from "../services/web/web-access.js";
import { agencyPageOf, evidenceFileOf, overviewOf, taskPageOf, upcomingOf } from "../services/web/web-dashboard.js";
import type { Db } from "../storage/database.js";
import { assets } from "./assets.js";
import { agencyPage, downloadsPage, entryPage, loginConfirmPage, messagePage, overviewPage, taskPage, upcomingPage } from "./pages.js";
import { webTexts as t } from "./texts.js";
import { webAppBase } from "./urls.js";

/** Where evidence files come from: the Bot API's getFile, fetched on the server (the token stays there). */
export interface FileSource {
  open(fileId: string): Promise<Readable>;
}

export interface WebAppDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  botToken: string;
  webAppUrl: string;
  timeZone: string;
  adminTelegramIds: readonly number[];
  files: FileSource;
}

export interface WebApp {
  /** the path every page hangs under, e.g. `/web/` */
  basePath: string;
  /** answers a request under basePath; false when the request is not the app's */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

const cookieName = "dondoc_session";
const maxBodyBytes = 16 * 1024;
/** Telegram Web (web.telegram.org) shows Mini Apps in a frame; nothing else may frame the pages. */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self' https://web.telegram.org",
].join("; ");

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly text: string,
  ) {
    super(`${status} ${title}`);
  }
}

const notFound = () => new HttpError(404, t.errors.notFoundTitle, t.errors.notFound);
const forbidden = (text: string = t.errors.forbidden) => new HttpError(403, t.errors.forbiddenTitle, text);

export function createWebApp(deps: WebAppDeps): WebApp {
  const base = webAppBase(deps.webAppUrl);
  const basePath = base.pathname;
  const https = base.protocol === "https:";
  // Inside Telegram Web the app is a cross-site frame: only SameSite=None cookies reach it (https only).
  const cookieAttributes = `Path=${basePath}; HttpOnly; ${https ? "Secure; SameSite=None" : "SameSite=Lax"}`;
  const accessOptions = () => ({ adminIds: deps.adminTelegramIds, now: deps.clock.now() });
  const today = () => localDateOf(deps.clock.now(), deps.timeZone);

  function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
    response.writeHead(status, { ...securityHeaders(), "content-type": type, "cache-control": "no-store", ...headers }).end(body);
  }
  const sendHtml = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => send(response, status, "text/html; charset=utf-8", body, headers);
  const sendJson = (response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
    send(response, status, "application/json; charset=utf-8", JSON.stringify(value), headers);
  const sessionCookie = (token: string) => `${cookieName}=${token}; Max-Age=${sessionHours * 3600}; ${cookieAttributes}`;
  const redirect = (response: ServerResponse, to: string, headers: Record<string, string> = {}) => {
    response.writeHead(303, { ...securityHeaders(), location: to, "cache-control": "no-store", ...headers }).end();
  };

  async function viewerOf(request: IncomingMessage): Promise<WebViewer | null> {
    const token = cookieOf(request, cookieName);
    return token ? viewerOfSession(deps.db, token, accessOptions()) : null;
  }

  async function route(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const method = request.method ?? "GET";
    if (method === "GET" && (path === "assets/app.js" || path === "assets/app.css")) {
      const asset = assets[path.slice("assets/".length) as "app.js" | "app.css"];
      return send(response, 200, asset.type, asset.body, { "cache-control": "public, max-age=86400" });
    }
    if (method === "POST" && path === "auth/telegram") {
      const body = await readBody(request);
      const login = await loginWithInitData(deps.db, body, deps.botToken, { ...accessOptions(), currentSession: cookieOf(request, cookieName) });
      if (!login.ok) {
        deps.logger.info({ reason: login.reason }, "web login refused");
        return sendJson(response, login.reason === "malformed" ? 400 : 401, { ok: false, message: t.refusals[login.reason] });
      }
      deps.logger.info({ telegram_user: login.viewer.telegramUserId, role: login.viewer.role }, "web login");
      return sendJson(response, 200, { ok: true, next: landingOf(login.viewer) }, { "set-cookie": sessionCookie(login.token) });
    }
    if (method === "GET" && path === "login") {
      // A page with a button, not the login itself: link previews fetch the URL before the person does.
      return sendHtml(response, 200, loginConfirmPage(basePath, (query.get("code") ?? "").slice(0, 100)));
    }
    if (method === "POST" && path === "login") {
      const code = new URLSearchParams(await readBody(request)).get("code") ?? "";
      const login = await loginWithLink(deps.db, code, accessOptions());
      if (!login.ok) return sendHtml(response, 401, messagePage(basePath, null, t.login.failed, t.refusals[login.reason]));
      deps.logger.info({ telegram_user: login.viewer.telegramUserId, role: login.viewer.role }, "web login by link");
      return redirect(response, landingOf(login.viewer), { "set-cookie": sessionCookie(login.token) });
    }
    if (method === "POST" && path === "logout") {
      const token = cookieOf(request, cookieName);
      if (token) await endSession(deps.db, token);
      return sendHtml(response, 200, messagePage(basePath, null, t.nav.logout, t.errors.session), { "set-cookie": `${cookieName}=; Max-Age=0; ${cookieAttributes}` });
    }
    if (method === "GET" && path === "") {
      // Always the entry page: the launch data in the fragment (which only the page sees) decides
      // who is signed in, not a cookie left by someone else on a shared device.
      return sendHtml(response, 200, entryPage(basePath));
    }
    if (method !== "GET") throw notFound();

    // Everything below needs a valid session, and re-reads the person's role.
    const viewer = await viewerOf(request);
    if (!viewer) throw new HttpError(401, t.errors.sessionTitle, t.errors.session);
    const segments = path.split("/");
    const id = (text: string | undefined) => (text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : null);
    const coordinatorsOnly = () => {
      if (viewer.role !== "coordinator") throw forbidden(t.errors.coordinatorsOnly);
    };

    if (path === "overview") {
      if (viewer.role === "focal") return redirect(response, landingOf(viewer));
      const overview = await overviewOf(deps.db, today(), id(query.get("plan") ?? undefined));
      return sendHtml(response, 200, overviewPage(basePath, viewer, overview));
    }
    if (segments[0] === "agency" && segments.length === 2) {
      const agencyId = id(segments[1]);
      if (agencyId === null) throw notFound();
      const result = await agencyPageOf(deps.db, viewer, today(), agencyId, deps.timeZone);
      if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
      return sendHtml(response, 200, agencyPage(basePath, viewer, result.value));
    }
    if (segments[0] === "task" && segments.length === 2) {
      const taskId = id(segments[1]);
      if (taskId === null) throw notFound();
      const result = await taskPageOf(deps.db, viewer, today(), taskId, deps.timeZone);
      if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
      return sendHtml(response, 200, taskPage(basePath, viewer, result.value));
    }
    if (path === "upcoming") {
      const days = id(query.get("days") ?? "14") ?? 14;
      const clamped = Math.min(Math.max(days, 1), 365);
      return sendHtml(response, 200, upcomingPage(basePath, viewer, clamped, await upcomingOf(deps.db, viewer, today(), clamped)));
    }
    if (path === "downloads") {
      coordinatorsOnly();
      return sendHtml(response, 200, downloadsPage(basePath, viewer, { first: firstReportYear, last: lastReportYear(today()) }));
    }
    if (segments[0] === "download" && segments.length === 2) {
      coordinatorsOnly();
      return sendExportFile(response, segments[1]!, query);
    }
    if (segments[0] === "file" && segments.length === 3) {
      const updateId = id(segments[1]);
      const index = id(segments[2]);
      if (updateId === null || index === null) throw notFound();
      return sendEvidence(response, viewer, updateId, index);
    }
    throw notFound();
  }

  async function sendExportFile(response: ServerResponse, kind: string, query: URLSearchParams): Promise<void> {
    let request: ExportRequest;
    if (kind === "xlsx" || kind === "csv") request = { kind };
    else if (kind === "annual") {
      const year = parseReportYear(query.get("year") ?? undefined, today());
      if (year === null) throw new HttpError(400, t.errors.badRequest, t.errors.badRequest);
      request = { kind, year };
    } else throw notFound();
    const types = {
      xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      csv: "text/csv; charset=utf-8",
      annual: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };
    await withExportFile(deps.db, request, { today: today(), timeZone: deps.timeZone }, async (file) => {
      response.writeHead(200, { ...securityHeaders(), "content-type": types[request.kind], "content-disposition": attachment(file.fileName), "cache-control": "no-store" });
      if ("bytes" in file) response.end(file.bytes);
      else await pipeline(createReadStream(file.path), response);
    });
  }

  async function sendEvidence(response: ServerResponse, viewer: WebViewer, updateId: number, index: number): Promise<void> {
    const result = await evidenceFileOf(deps.db, viewer, updateId, index);
    if (!result.ok) throw result.reason === "forbidden" ? forbidden() : notFound();
    let stream: Readable;
    try {
      stream = await deps.files.open(result.value.fileId);
    } catch (error) {
      // Only the file id is logged: the download address carries the bot token.
      deps.logger.warn({ update: updateId, file_index: index, reason: error instanceof Error ? error.name : "unknown" }, "evidence file not fetched");
      throw new HttpError(502, t.errors.notFoundTitle, t.errors.fileFailed);
    }
    const name = result.value.name ?? `tep-${updateId}-${index + 1}`;
    response.writeHead(200, { ...securityHeaders(), "content-type": "application/octet-stream", "content-disposition": attachment(name), "cache-control": "no-store" });
    await pipeline(stream, response);
  }

  function landingOf(viewer: WebViewer): string {
    return viewer.role === "coordinator" ? `${basePath}overview` : `${basePath}agency/${viewer.agencyId}`;
  }

  return {
    basePath,
    async handle(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== basePath.slice(0, -1) && !url.pathname.startsWith(basePath)) return false;
      if (url.pathname === basePath.slice(0, -1)) {
        redirect(response, basePath);
        return true;
      }
      const path = url.pathname.slice(basePath.length);
      try {
        await route(request, response, path, url.searchParams);
      } catch (error) {
        if (response.headersSent) {
          deps.logger.warn({ err: error, path }, "web answer broken off");
          response.destroy();
          return true;
        }
        if (error instanceof HttpError) {
          sendHtml(response, error.status, messagePage(basePath, null, error.title, error.text));
        } else {
          deps.logger.error({ err: error, path }, "web request failed");
          sendHtml(response, 500, messagePage(basePath, null, t.errors.sorry, t.errors.sorry));
        }
      }
      return true;
    },
  };
}

function securityHeaders(): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
  };
}

function cookieOf(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new HttpError(413, t.errors.badRequest, t.errors.badRequest);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** `attachment` with the name in ASCII for old clients and in UTF-8 (RFC 6266) for the rest. */
function attachment(fileName: string): string {
  const ascii = stripDiacritics(fileName).replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The app on its own port (polling mode: no webhook server to share). */
export async function startWebServer(app: WebApp, port: number, logger: Logger): Promise<{ server: Server; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    void app.handle(request, response).then((handled) => {
      if (handled) return;
      if (request.method === "GET" && request.url === "/healthz") return void response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      response.writeHead(404, { ...securityHeaders(), "content-type": "text/plain; charset=utf-8" }).end("Not Found");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  logger.info({ port, path: app.basePath }, "mini app listening");
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
