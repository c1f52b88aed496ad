/**
 * The running service: bot (polling or webhook) over an opened app. Kept apart from main.ts so
 * tests and the demo start exactly what production starts, against any Bot API root.
 *
 * On SQLite one process runs on a database (the instance lock). On PostgreSQL (DATABASE_URL)
 * several instances may run in webhook mode, all answering updates; the one leading the
 * scheduler lease plans and sends (services/runtime/scheduler-lease.ts). Polling on PostgreSQL keeps the
 * instance lock: Telegram lets one process at a time call getUpdates.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import { resolve as resolvePath } from "node:path";
import type { Telegraf } from "telegraf";
import { z } from "zod";
import { bundledFiles, openApp, startupWorkLock, type App } from "./app.js";
import { replanAllCycles } from "./storage/planning-repository.js";
import { UpdateJournal } from "./services/runtime/update-journal.js";
import type { Config } from "./config.js";
import type { Clock } from "./domain/clock.js";
import type { Logger } from "./logger.js";
import { startScheduler, type Scheduler } from "./scheduler/scheduler.js";
import { recoverInterrupted } from "./services/reminders/delivery.js";
import { importBundledPlanIfEmpty, needsFirstAdmin } from "./services/runtime/first-run.js";
import { acquireInstanceLock, LockLostError } from "./services/runtime/instance-lock.js";
import { defaultLeaseTiming, startLeadership, type LeaseTiming, type Leadership } from "./services/runtime/scheduler-lease.js";
import { exclusively } from "./storage/lease-repository.js";
import { writeServiceStatus, type ServiceStatus } from "./services/runtime/service-status.js";
import { fileIdentityOf, isSameFile } from "./storage/database.js";
import { apiTimeouts as defaultTimeouts, type ApiTimeouts } from "./telegram/api-timeout.js";
import { isReading, startPolling, type PollingOptions } from "./telegram/polling.js";
import { createNotifier } from "./telegram/notifier.js";
import { createInvite, inviteLink } from "./services/people/people.js";
import { commandMenu, createBot } from "./telegram/bot.js";
import type { BotContext } from "./telegram/context.js";
import { createWebApp, startWebServer, type WebApp } from "./web/server.js";
import { telegramFileSource } from "./web/telegram-files.js";

export interface ServiceHealth {
  ok: boolean;
  mode: "polling" | "webhook";
  /** updates are being read (polling: a getUpdates sent or answered lately, none failing) */
  updates: { reading: boolean; lastReadAt: string | null; error: string | null };
  /** the database file is the one opened, and this process still holds it */
  database: { ok: boolean; error: string | null };
  /** PostgreSQL: whether this instance leads the scheduler (plans and sends); absent on SQLite */
  scheduler?: { leading: boolean };
}

export interface Service {
  app: App;
  bot: Telegraf<BotContext>;
  /** resolves when the service has stopped as asked; rejects when it had to stop (exit non-zero) */
  stopped: Promise<void>;
  /** one scheduler pass now (what the cron clock does every minute) */
  tick(): Promise<void>;
  health(): ServiceHealth;
  /** PostgreSQL: this instance's part in the scheduler lease (null on SQLite) */
  leadership: Leadership | null;
  /**
   * Stops the service. `abrupt`: at once, as when it lost the database: nothing more is read,
   * sent or written, the scheduler lease and the instance lock are not released (another
   * instance takes over when they expire, as after a crash).
   */
  stop(reason: string, options?: { abrupt?: boolean }): Promise<void>;
}

export interface ServiceOptions {
  config: Config & { botToken: string };
  clock: Clock;
  logger: Logger;
  /** where to print the first admin invite (the console in production) */
  announce?: (line: string) => void;
  /** false: no cron clock (tests drive `tick()` themselves) */
  schedule?: boolean;
  /** how often the database file and the lock are checked (ms) */
  watchMs?: number;
  polling?: Pick<PollingOptions, "conflictRetries" | "conflictFirstWaitMs" | "batchWaitMs">;
  /** deadlines of Bot API calls (default: 15 s, getUpdates 65 s) */
  apiTimeouts?: ApiTimeouts;
  /** PostgreSQL: the scheduler lease's TTL and heartbeat (default 30 s and 10 s: takeover within 40 s) */
  lease?: LeaseTiming;
}

/** Start-up failed for a reason the administrator can fix: one line, no stack trace. */
export class StartupError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = "StartupError";
  }
}

/** A Telegram update as the handlers need it: anything else from the webhook is refused. */
const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

export async function startService({
  config,
  clock,
  logger,
  announce = () => undefined,
  schedule = true,
  watchMs = 5_000,
  polling: pollingOptions = {},
  apiTimeouts = defaultTimeouts,
  lease: leaseTiming = defaultLeaseTiming,
}: ServiceOptions): Promise<Service> {
  const app = await openApp(config, clock, {
    actor: "service",
    backgroundCheckpointMs: 1_000,
    // The pool replaces the connection; the next query on it would say more if the server is gone.
    onConnectionError: (error) => logger.warn({ err: error }, "a PostgreSQL connection was ended by the server"),
  });
  const postgres = config.databaseUrl !== null;
  // Only a SQLite file can be deleted or replaced under the service.
  const databaseFile = postgres || config.databasePath === ":memory:" ? null : resolvePath(config.databasePath);
  const identity = databaseFile ? fileIdentityOf(databaseFile) : null;
  let lock: Awaited<ReturnType<typeof acquireInstanceLock>> | null = null;
  let leadership: Leadership | null = null;
  let webServer: Awaited<ReturnType<typeof startWebServer>> | null = null;
  try {
    // Before anything talks to Telegram: a second process on this database stops here (SQLite;
    // on PostgreSQL a second polling one: Telegram would answer its getUpdates with 409).
    if (!postgres || config.botMode === "polling") lock = await acquireInstanceLock(app.db, `service-${process.pid}-${Date.now()}`, clock.now());
    if (!postgres) {
      const recovered = await recoverInterrupted(app.db);
      if (recovered > 0) logger.warn({ messages: recovered }, "messages interrupted by the last stop will be sent again");
    }
    // Several instances starting together on one PostgreSQL do this one after the other.
    await exclusively(app.db, startupWorkLock, async () => {
      // The ladder or the calendar may have changed since the last run: plan every open cycle afresh.
      await replanAllCycles(app.db);
      // The bundled plan is Thanh Hóa's: only a deployment on the bundled registry gets it.
      const imported =
        config.registryFile !== null ? null : await importBundledPlanIfEmpty({ db: app.db, timeZone: config.timeZone, registry: app.registry }, bundledFiles.plan, clock.now());
      if (imported) logger.info({ plan: imported.plan.code, tasks: imported.created.length }, "bundled plan imported");
    });

    let username = "";
    // Handled marks and message links are written in group commits (services/runtime/update-journal.ts).
    const journal = new UpdateJournal(app.db, { flushMs: 20, onError: (error) => logger.error({ err: error }, "could not write handled updates") });
    const bot = createBot(config.botToken, { services: app.services, clock, config, logger, botUsername: () => username, journal }, { timeouts: apiTimeouts });
    let me;
    try {
      me = await bot.telegram.getMe();
    } catch (error) {
      throw new StartupError(telegramUnreachable(config.telegramApiRoot, error), error);
    }
    bot.botInfo = me;
    username = me.username;
    await bot.telegram.setMyCommands(commandMenu);
    logger.info({ bot: me.username, mode: config.botMode }, "bot connected");

    // Created only once Telegram answered, so the link can be printed; instances starting
    // together on one PostgreSQL take turns, and the second finds the first one's invite.
    const firstAdminInvite = await exclusively(app.db, startupWorkLock, async () =>
      (await needsFirstAdmin(app.db, clock.now())) ? createInvite(app.db, { agencyCode: null, role: "admin", createdBy: "first-start", now: clock.now() }) : null,
    );
    if (firstAdminInvite) {
      announce(`Lời mời quản trị viên đầu tiên (dùng một lần, 7 ngày): ${inviteLink(username, firstAdminInvite.code)}`);
      announce(`Tạo thêm lời mời: npm run cli -- invite <MÃ_CƠ_QUAN> --role focal|coordinator|admin`);
    }
    const heldLock = lock;

    // The fence: nothing is read, answered or sent once the database file is not the one
    // opened, or another process holds the lock (this one was frozen, the other took over).
    let failure: Error | null = null;
    let lastLockCheck = -Infinity;
    const databaseProblem = (): string | null => (databaseFile && identity && !isSameFile(identity, databaseFile) ? `the database file ${databaseFile} was deleted or replaced` : null);
    const fence = async (): Promise<boolean> => {
      if (failure) return false;
      const problem = databaseProblem();
      if (problem) return (void fail(new Error(problem), true), false);
      if (!heldLock || performance.now() - lastLockCheck < 1_000) return true;
      lastLockCheck = performance.now();
      if (await heldLock.isHeld()) return true;
      return (void fail(new LockLostError(), true), false);
    };

    // The coordinators' Mini App: on the webhook's server, or on its own port when polling.
    const web =
      config.webAppUrl === null
        ? null
        : createWebApp({
            db: app.db,
            clock,
            logger: logger.child({ scope: "web" }),
            botToken: config.botToken,
            webAppUrl: config.webAppUrl,
            timeZone: config.timeZone,
            adminTelegramIds: config.adminTelegramIds,
            files: telegramFileSource(bot.telegram),
          });
    webServer = web && config.botMode === "polling" ? await startWebServer(web, config.webPort!, logger) : null;
    // Sending: the process's fence, and on PostgreSQL leading the scheduler. A leader that loses
    // the lease drops what waits in its queue (the new leader puts it back and sends it) and
    // starts its next term, if any, with a fresh queue.
    const sendFence = async () => (leadership === null || leadership.leading()) && (await fence());
    const newNotifier = () => createNotifier(bot.telegram, logger, undefined, undefined, { fence: sendFence });
    let notifier = newNotifier();
    const messenger = { send: (message: Parameters<typeof notifier.send>[0]) => notifier.send(message) };
    let scheduler: Scheduler | null = null;
    if (postgres) {
      const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
      leadership = startLeadership(app.db, holder, leaseTiming, {
        onLead: ({ fence: lease, requeued }) => {
          logger.info({ holder, fencing_token: lease.token }, "leading the scheduler");
          if (requeued > 0) logger.warn({ messages: requeued }, "messages the previous leader left claimed will be sent again");
          // Catch up at once rather than at the next minute.
          if (schedule) void scheduler?.runOnce();
        },
        onLose: (to) => {
          logger.warn(
            { holder, to },
            to === null ? "lost the scheduler lease: it could not be renewed in time; sending stops here" : `lost the scheduler lease to ${to}; sending stops here`,
          );
          const dropped = notifier;
          notifier = newNotifier();
          void dropped.stop({ dropWaiting: true });
        },
        onError: (error) => logger.error({ err: error }, "scheduler lease heartbeat failed"),
      });
      // The first beat before the first pass: an instance alone leads from the start.
      await leadership.beat();
      if (!leadership.leading()) logger.info({ holder }, "another instance leads the scheduler; this one answers updates");
    }
    scheduler = startScheduler({ db: app.db, messenger, calendar: app.calendar, ladder: config.ladder, timeZone: config.timeZone }, clock, { lock, leadership }, logger, {
      cron: schedule,
      fence,
      onLockLost: () => fail(new LockLostError(), true),
    });

    let lastUpdateAt: number | null = null;
    const handle = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (update, response) => {
      if (!(await fence())) {
        // Not ours to answer: unconfirmed, it goes to whoever holds the database.
        if (response && !response.writableEnded) response.writeHead(503).end();
        return;
      }
      lastUpdateAt = Date.now();
      return handle(update, response);
    };

    const poller = config.botMode === "polling" ? startPolling(bot, { logger, stillOwner: async () => heldLock === null || (await heldLock.isHeld()), ...pollingOptions }) : null;
    const webhook = poller ? null : await startWebhook(bot, config, logger, () => health(), web);
    if (schedule) void scheduler.runOnce();

    const health = (): ServiceHealth => {
      const problem = failure?.message ?? databaseProblem();
      const status = poller?.status();
      const reading = status ? isReading(status, Date.now(), apiTimeouts.longPollMs) : webhook !== null && failure === null;
      const lastReadAt = status ? status.lastReadAt : lastUpdateAt;
      const updates = {
        reading: reading && problem === null,
        lastReadAt: lastReadAt === null ? null : new Date(lastReadAt).toISOString(),
        error: status?.error ?? (failure ? failure.message : null),
      };
      return {
        ok: updates.reading && problem === null,
        mode: config.botMode,
        updates,
        database: { ok: problem === null, error: problem },
        ...(leadership && { scheduler: { leading: leadership.leading() } }),
      };
    };
    const statusNow = (state?: ServiceStatus["state"]): ServiceStatus => {
      const h = health();
      return {
        mode: h.mode,
        state: state ?? (h.updates.reading ? "reading" : "not_reading"),
        read_at: h.updates.lastReadAt,
        error: h.updates.error ?? h.database.error,
        at: clock.now().toISOString(),
      };
    };
    // Every watch: is the database file still ours; and what doctor should say of this process.
    const watch = setInterval(() => {
      void fence()
        .then(async (ok) => {
          if (ok) await writeServiceStatus(app.db, statusNow());
        })
        .catch((error: unknown) => logger.error({ err: error }, "service watch failed"));
    }, watchMs);
    watch.unref();
    await writeServiceStatus(app.db, statusNow("reading"));

    let resolveStopped: () => void = () => undefined;
    let rejectStopped: (error: Error) => void = () => undefined;
    const stopped = new Promise<void>((resolve, reject) => {
      resolveStopped = resolve;
      rejectStopped = reject;
    });
    stopped.catch(() => undefined); // the owner of the service decides what a failure means

    let stopping: Promise<void> | null = null;
    const runningScheduler = scheduler;
    const shutdown = (reason: string, fenced: boolean) => {
      // A second signal during shutdown does nothing new (STYLE.md §13).
      stopping ??= (async () => {
        logger.info({ reason }, "stopping");
        clearInterval(watch);
        poller?.stop(reason, fenced);
        if (fenced) {
          // Not one more message: what waits in the queue is dropped (it stays in the ledger).
          // The lease is not given up: another instance takes it once it expired, as after a crash.
          await leadership?.stop({ release: false });
          await notifier.stop({ dropWaiting: true });
          await runningScheduler.stop();
        } else {
          // A pass under way finishes its sends first; then another instance may lead at once.
          await runningScheduler.stop();
          await notifier.stop();
          await leadership?.stop({ release: true }).catch((error: unknown) => logger.error({ err: error }, "could not release the scheduler lease"));
        }
        await webhook?.close();
        await webServer?.close();
        await poller?.stopped.catch(() => undefined);
        if (!fenced) {
          await journal.close().catch((error: unknown) => logger.error({ err: error }, "could not write handled updates"));
          await heldLock?.release();
        }
        // Said for doctor; a database that is not ours any more is not written to.
        if (failure && !(failure instanceof LockLostError) && !databaseProblem()) await writeServiceStatus(app.db, statusNow("failed")).catch(() => undefined);
        await app.close();
        logger.info("stopped");
        if (failure) rejectStopped(failure);
        else resolveStopped();
      })();
      return stopping;
    };
    /** Something the service cannot live with: it stops (fenced: reading and sending at once) and `stopped` rejects. */
    function fail(error: Error, fenced: boolean): void {
      if (failure || stopping) return;
      failure = error;
      logger.fatal({ err: error }, fenced ? "stopping at once: this process must not read or send any more" : "stopping: updates can no longer be read");
      void shutdown(error.message, fenced);
    }
    void poller?.stopped.catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error)), error instanceof Error && /another process/.test(error.message)));

    return {
      app,
      bot,
      stopped,
      tick: () => runningScheduler.runOnce(),
      health,
      leadership,
      stop: (reason, options) => shutdown(reason, options?.abrupt === true),
    };
  } catch (error) {
    await webServer?.close();
    await leadership?.stop({ release: true }).catch(() => undefined);
    await lock?.release().catch(() => undefined);
    await app.close();
    throw error;
  }
}

/** getMe failed at start: what to check, in one line. */
function telegramUnreachable(apiRoot: string, error: unknown): string {
  const status = (error as { code?: unknown }).code;
  if (status === 401 || status === 404)
    return `Bot API tại ${apiRoot} từ chối BOT_TOKEN (${String(status)}): token sai hoặc đã bị thu hồi; lấy token mới từ @BotFather rồi sửa BOT_TOKEN trong .env.`;
  const reason = error instanceof Error ? error.message : String(error);
  return `Không kết nối được tới Bot API tại ${apiRoot} (${reason}); kiểm tra mạng, tường lửa hoặc TELEGRAM_API_ROOT, rồi chạy lại.`;
}

async function readBody(request: IncomingMessage, limit = 1_000_000): Promise<string | null> {
  let body = "";
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > limit) return null;
  }
  return body;
}

async function startWebhook(bot: Telegraf<BotContext>, config: Config, logger: Logger, health: () => ServiceHealth, web: WebApp | null) {
  const url = new URL(config.webhookUrl!);
  const handle = await bot.createWebhook({ domain: url.origin, path: url.pathname, secret_token: config.webhookSecret!, drop_pending_updates: false });
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "GET" && request.url === "/healthz") {
      const h = health();
      response.writeHead(h.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
      return;
    }
    // The webhook's own path first: the Mini App may live at "/".
    if (web && request.url?.split("?")[0] !== url.pathname && (await web.handle(request, response))) return;
    // Only a request telegraf would accept (the path, POST, the secret) has its body read here.
    if (request.method !== "POST" || request.url !== url.pathname || request.headers["x-telegram-bot-api-secret-token"] !== config.webhookSecret) return handle(request, response);
    const body = await readBody(request);
    let update: unknown = null;
    try {
      update = body === null ? null : JSON.parse(body);
    } catch {
      update = null;
    }
    const parsed = updateShape.safeParse(update);
    if (!parsed.success) {
      logger.warn({ bytes: body?.length ?? null }, "webhook request that is not a Telegram update refused");
      response.writeHead(400).end();
      return;
    }
    // telegraf takes an already read body from request.body.
    (request as IncomingMessage & { body?: unknown }).body = parsed.data;
    return handle(request, response);
  };
  const server: Server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      logger.error({ err: error }, "webhook request failed");
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  logger.info({ port: config.port, path: url.pathname }, "webhook listening");
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
