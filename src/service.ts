/**
 * The running service: bot (polling or webhook) over an opened app. Kept apart from main.ts so
 * tests and the demo start exactly what production starts, against any Bot API root.
 */
import { createServer, type Server } from "node:http";
import type { Telegraf } from "telegraf";
import { bundledFiles, openApp, type App } from "./app.js";
import { forgetPlanning } from "./storage/planning-repository.js";
import { UpdateJournal } from "./services/update-journal.js";
import type { Config } from "./config.js";
import type { Clock } from "./domain/clock.js";
import type { Logger } from "./logger.js";
import { createAgencyMatcher } from "./plan/agency-matcher.js";
import { startScheduler } from "./scheduler/scheduler.js";
import { recoverInterrupted } from "./services/delivery.js";
import { importBundledPlanIfEmpty, needsFirstAdmin } from "./services/first-run.js";
import { acquireInstanceLock } from "./services/instance-lock.js";
import { createNotifier } from "./telegram/notifier.js";
import { createInvite, inviteLink } from "./services/people.js";
import { createBot } from "./telegram/bot.js";
import type { BotContext } from "./telegram/context.js";
import { commandMenu } from "./telegram/texts.js";
import { createWebApp, startWebServer, type WebApp } from "./web/server.js";
import { telegramFileSource } from "./web/telegram-files.js";

export interface Service {
  app: App;
  bot: Telegraf<BotContext>;
  /** resolves when the bot has stopped */
  stopped: Promise<void>;
  /** one scheduler pass now (what the cron clock does every minute) */
  tick(): Promise<void>;
  stop(reason: string): Promise<void>;
}

export interface ServiceOptions {
  config: Config & { botToken: string };
  clock: Clock;
  logger: Logger;
  /** where to print the first admin invite (the console in production) */
  announce?: (line: string) => void;
  /** false: no cron clock (tests drive `tick()` themselves) */
  schedule?: boolean;
}

export async function startService({ config, clock, logger, announce = () => undefined, schedule = true }: ServiceOptions): Promise<Service> {
  const app = await openApp(config, clock, { actor: "service", backgroundCheckpointMs: 1_000 });
  let lock: Awaited<ReturnType<typeof acquireInstanceLock>> | null = null;
  let webServer: Awaited<ReturnType<typeof startWebServer>> | null = null;
  try {
    // Before anything talks to Telegram: a second process on this database stops here.
    lock = await acquireInstanceLock(app.db, `service-${process.pid}-${Date.now()}`, clock.now());
    const recovered = await recoverInterrupted(app.db);
    if (recovered > 0) logger.warn({ messages: recovered }, "messages interrupted by the last stop will be sent again");
    // The ladder or the calendar may have changed since the last run: plan every open cycle afresh.
    await forgetPlanning(app.db, { all: true });
    const imported = await importBundledPlanIfEmpty({ db: app.db, timeZone: config.timeZone, registry: app.registry }, bundledFiles.plan, clock.now());
    if (imported) logger.info({ plan: imported.plan.code, tasks: imported.created.length }, "bundled plan imported");

    let username = "";
    // Handled marks and message links are written in group commits (services/update-journal.ts).
    const journal = new UpdateJournal(app.db, { flushMs: 20, onError: (error) => logger.error({ err: error }, "could not write handled updates") });
    const bot = createBot(config.botToken, { db: app.db, clock, config, logger, matcher: createAgencyMatcher(app.registry), botUsername: () => username, journal });
    const me = await bot.telegram.getMe();
    bot.botInfo = me;
    username = me.username;
    await bot.telegram.setMyCommands(commandMenu);
    logger.info({ bot: me.username, mode: config.botMode }, "bot connected");

    if (await needsFirstAdmin(app.db, clock.now())) {
      const invite = await createInvite(app.db, { agencyCode: null, role: "admin", createdBy: "first-start", now: clock.now() });
      announce(`Lời mời quản trị viên đầu tiên (dùng một lần, 7 ngày): ${inviteLink(username, invite.code)}`);
      announce(`Tạo thêm lời mời: npm run cli -- invite <MÃ_CƠ_QUAN> --role focal|coordinator|admin`);
    }

    // The coordinators' Mini App: on the webhook's server, or on its own port when polling.
    const web = config.webAppUrl === null ? null : createWebApp({ db: app.db, clock, logger: logger.child({ scope: "web" }), botToken: config.botToken, webAppUrl: config.webAppUrl, timeZone: config.timeZone, adminTelegramIds: config.adminTelegramIds, files: telegramFileSource(bot.telegram) });
    webServer = web && config.botMode === "polling" ? await startWebServer(web, config.webPort!, logger) : null;
    const notifier = createNotifier(bot.telegram, logger);
    const scheduler = startScheduler({ db: app.db, messenger: notifier, calendar: app.calendar, ladder: config.ladder, timeZone: config.timeZone }, clock, lock, logger, { cron: schedule });
    if (schedule) void scheduler.runOnce();
    const heldLock = lock;

    const { stopped, closeServer } = config.botMode === "webhook" ? await startWebhook(bot, config, logger, web) : startPolling(bot, logger);
    let stopping: Promise<void> | null = null;
    return {
      app,
      bot,
      stopped,
      tick: () => scheduler.runOnce(),
      stop(reason) {
        // A second signal during shutdown does nothing new (STYLE.md §13).
        stopping ??= (async () => {
          logger.info({ reason }, "stopping");
          await scheduler.stop();
          try {
            bot.stop(reason);
          } catch {
            // not running (webhook mode, or already stopped)
          }
          await closeServer();
          await webServer?.close();
          await stopped.catch(() => undefined);
          await journal.close().catch((error: unknown) => logger.error({ err: error }, "could not write handled updates"));
          await notifier.stop();
          await heldLock.release();
          await app.close();
          logger.info("stopped");
        })();
        return stopping;
      },
    };
  } catch (error) {
    await webServer?.close();
    await lock?.release().catch(() => undefined);
    await app.close();
    throw error;
  }
}

function startPolling(bot: Telegraf<BotContext>, logger: Logger) {
  // launch() resolves only when polling ends: never await it before other start-up work.
  const stopped = bot.launch({ dropPendingUpdates: false }).catch((error: unknown) => {
    logger.fatal({ err: error }, "polling stopped with an error");
    throw error;
  });
  return { stopped, closeServer: async () => undefined };
}

async function startWebhook(bot: Telegraf<BotContext>, config: Config, logger: Logger, web: WebApp | null) {
  const url = new URL(config.webhookUrl!);
  const handle = await bot.createWebhook({ domain: url.origin, path: url.pathname, secret_token: config.webhookSecret!, drop_pending_updates: false });
  const server: Server = createServer(async (request, response) => {
    if (request.method === "GET" && request.url === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      return;
    }
    // The webhook's own path first: the app may live at "/".
    if (web && request.url?.split("?")[0] !== url.pathname && (await web.handle(request, response))) return;
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  logger.info({ port: config.port, path: url.pathname }, "webhook listening");
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  return {
    stopped,
    closeServer: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        resolveStopped();
      }),
  };
}
