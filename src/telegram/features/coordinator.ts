/** Coordinators: /status [agency | task ref] (the answer, then its chart), /overdue, /upcoming [days], /setdue. */
import { Composer } from "telegraf";
import { isCoordinator } from "../../domain/person.js";
import { formatVietnameseDate, parseTypedDate } from "../../domain/local-date.js";
import { findAgencyByQuery } from "../../services/agency-lookup.js";
import { decideExtension, setTaskDue } from "../../services/extensions.js";
import type { Callback } from "../callback-data.js";
import { agencyCycles, overdueCycles, planStatus, taskStatus, upcomingCycles } from "../../services/status-report.js";
import { chartBarsForAgency, chartBarsForPlan, chartBarsForTask, renderStatusChart, type StatusBar } from "../../services/status-chart.js";
import { chartTexts } from "../../texts/chart.js";
import type { BotContext } from "../context.js";
import { todayOf, type BotDeps } from "../deps.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { webAppKeyboard } from "./web.js";
import { escapeHtml, shorten } from "../views/html.js";
import { agencyStatusView, cycleListView, planStatusView, taskStatusView } from "../views/status-view.js";

const defaultUpcomingDays = 14;

export function createCoordinatorFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();

  // Everything below is for coordinators (and admins); others get one clear sentence.
  const onlyCoordinators = async (ctx: BotContext, next: () => Promise<void>) => {
    if (isCoordinator(ctx.actor)) return next();
    await answer(ctx, texts.coordinatorsOnly());
  };

  /**
   * The picture that goes with a /status answer, sent after the text: a chart that fails is
   * logged and leaves the text answer standing.
   */
  async function sendChart(ctx: BotContext, title: string, today: string, bars: readonly StatusBar[]): Promise<void> {
    if (bars.length === 0) return;
    try {
      const png = renderStatusChart({ title, subtitle: chartTexts.asOf(formatVietnameseDate(today)), bars });
      await ctx.replyWithPhoto({ source: png, filename: "tinh-hinh-thuc-hien.png" });
    } catch (error) {
      ctx.log.error({ err: error, bars: bars.length }, "status chart failed");
    }
  }

  feature.command("status", onlyCoordinators, async (ctx) => {
    const query = ctx.payload.trim().slice(0, 200);
    const today = todayOf(deps);
    if (query === "") {
      const status = await planStatus(deps.db, today);
      await answer(ctx, planStatusView(status), { keyboard: webAppKeyboard(ctx, deps.config.webAppUrl) });
      return sendChart(ctx, chartTexts.planTitle, today, chartBarsForPlan(status));
    }
    const task = await taskStatus(deps.db, today, query, deps.config.timeZone);
    if (task) {
      await answer(ctx, taskStatusView(task));
      // A picture only for a task led by several agencies: one bar per lead agency.
      if (new Set(task.cycles.map((c) => c.agencyId)).size > 1) await sendChart(ctx, chartTexts.taskTitle(task.task.ref), today, chartBarsForTask(task));
      return;
    }
    const agency = await findAgencyByQuery(deps.db, deps.matcher, query);
    if (!agency) return void (await answer(ctx, texts.statusNotFound(escapeHtml(shorten(query, 80)))));
    const status = await planStatus(deps.db, today, agency.id);
    const cycles = await agencyCycles(deps.db, today, agency.id);
    await answer(ctx, agencyStatusView(status, agency.name, cycles));
    await sendChart(ctx, chartTexts.agencyTitle(agency.name), today, chartBarsForAgency(cycles));
  });

  feature.command("overdue", onlyCoordinators, async (ctx) => {
    const cycles = await overdueCycles(deps.db, todayOf(deps));
    await answer(ctx, cycleListView(texts.overdueHeader, cycles));
  });

  feature.command("upcoming", onlyCoordinators, async (ctx) => {
    const argument = ctx.payload.trim();
    const days = argument === "" ? defaultUpcomingDays : Number(argument);
    if (!Number.isInteger(days) || days < 1 || days > 365) return void (await answer(ctx, texts.badDays()));
    const cycles = await upcomingCycles(deps.db, todayOf(deps), days);
    await answer(ctx, cycleListView((tasks, assignments) => texts.upcomingHeader(days, tasks, assignments), cycles));
  });

  feature.command("setdue", onlyCoordinators, async (ctx) => {
    const [ref, dateText, ...extra] = ctx.payload.trim().split(/\s+/).filter(Boolean);
    const due = dateText ? parseTypedDate(dateText) : null;
    if (!ref || !due || extra.length > 0) return void (await answer(ctx, texts.setdueUsage()));
    try {
      const result = await setTaskDue(deps.db, ctx.actor, ref, due, deps.clock.now());
      await answer(ctx, texts.setdueDone(escapeHtml(result.ref), formatVietnameseDate(due), result.cycles));
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  return {
    composer: feature,
    /** Approve / reject buttons on extension requests. */
    async handle(ctx: BotContext, callback: Callback): Promise<boolean> {
      if (callback.action !== "approve" && callback.action !== "reject") return false;
      try {
        const decision = await decideExtension(deps.db, ctx.actor, callback.requestId, callback.action === "approve", deps.clock.now());
        const who = escapeHtml(ctx.actor.person?.displayName ?? String(ctx.from?.id ?? ""));
        await ctx.editMessageText(texts.extensionDecidedBy(escapeHtml(decision.ref), decision.approved, who), { parse_mode: "HTML" });
        await ctx.answerCbQuery();
      } catch (error) {
        await answerOrThrow(ctx, error);
      }
      return true;
    },
  };
}
