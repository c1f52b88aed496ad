/** `tick [--at <instant>] [--json]`: one scheduler pass as if the clock read that instant. */
import { Telegram } from "telegraf";
import { createLogger } from "../../logger.js";
import { acquireInstanceLock } from "../../services/runtime/instance-lock.js";
import { defaultLeaseTiming, schedulerLease } from "../../services/runtime/scheduler-lease.js";
import { tick } from "../../services/reminders/tick.js";
import { describeTick } from "../../services/reminders/tick-summary.js";
import { createNotifier } from "../../telegram/notifier.js";
import { CliError, printJson, type CliContext } from "../context.js";
import { parseInstant, withApp } from "../open.js";
import { cliTexts } from "../texts.js";

export async function runTick(context: CliContext, args: { at: string | undefined; json: boolean }): Promise<void> {
  await withApp(context, async (app) => {
    if (!app.config.botToken) throw new CliError(cliTexts.tickNeedsToken());
    const now = args.at === undefined ? app.clock.now() : parseInstant(args.at);
    if (Number.isNaN(now.getTime())) throw new CliError(cliTexts.badInstant(args.at ?? ""), 2);
    const lock = await acquireInstanceLock(app.db, `cli-tick-${process.pid}`, app.clock.now());
    // PostgreSQL: instances in webhook mode hold no instance lock; the pass runs only while no
    // instance leads the scheduler, as a leader itself (its claims fenced), and gives the lease back.
    const lease = app.config.databaseUrl === null ? null : schedulerLease(app.db, `cli-tick-${process.pid}`, defaultLeaseTiming);
    const state = await lease?.beat(new Date());
    if (state && !state.leading) {
      await lock.release();
      throw new CliError(cliTexts.tickLeaseHeld(state.holder));
    }
    const fence = lease?.fence() ?? undefined;
    const notifier = createNotifier(new Telegram(app.config.botToken, { apiRoot: app.config.telegramApiRoot }), createLogger({ ...app.config, logLevel: "silent" }));
    try {
      const report = await tick(
        { db: app.db, messenger: notifier, calendar: app.calendar, ladder: app.config.ladder, timeZone: app.config.timeZone, clock: () => app.clock.now(), ...(fence && { fence }) },
        now,
      );
      const described = await describeTick(app.db, report);
      if (args.json) return printJson(context.io, described);
      context.io.out(cliTexts.tickSummary(described.at, described.sent.length, described.skipped.length, described.failed.length));
      for (const line of described.sent) context.io.out(`  ${cliTexts.tickSent()} ${line.person} (${line.agency ?? ""}) ${line.ref ?? ""} ${line.stage}`);
      for (const line of described.failed) context.io.out(`  ${cliTexts.tickFailed()} ${line.person} (${line.agency ?? ""}) ${line.ref ?? ""} ${line.stage}: ${line.error}`);
    } finally {
      await notifier.stop();
      await lease?.release();
      await lock.release();
    }
  });
}
