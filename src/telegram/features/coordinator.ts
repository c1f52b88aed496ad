/**
 * Coordinators: /status [plan | agency | task ref] (the answer, then its chart), /overdue [plan],
 * /upcoming [days] [plan], /setdue, /plans. Admins: /plan close|archive|reopen <code>.
 */
import { isAdmin, isCoordinator } from "../../domain/person.js";
import type { PlanState } from "../../domain/plan-code.js";
import type { PlanRef } from "../../domain/plan-code.js";
import { formatVietnameseDate, parseTypedDate } from "../../domain/local-date.js";
import type { TaskStatus } from "../../services/status/status-summary.js";
import { chartBarsForAgency, chartBarsForPlan, chartBarsForTask, renderStatusChart, type StatusBar } from "../../services/status/status-chart.js";
import { chartTexts } from "../../texts/chart.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { planStatusLabels, texts } from "../texts.js";
import { button, keyboard } from "../views/keyboard.js";
import { webAppKeyboard } from "./web.js";
import { escapeHtml, shorten } from "../views/html.js";
import { agencyStatusView, ambiguousRefView, cycleListView, plansView, planStatusView, taskStatusView } from "../views/status-view.js";
import { approveButton, rejectButton, setdueButton, taskStatusButton } from "./coordinator-buttons.js";

const defaultUpcomingDays = 14;

const commands = {
  status: { menu: "coordinators", inGroup: true },
  overdue: { menu: "coordinators", inGroup: true },
  upcoming: { menu: "coordinators", inGroup: true },
  plans: { menu: "coordinators" },
  plan: { menu: "admins" },
  setdue: { menu: "coordinators" },
} as const satisfies CommandSpecs;

export const coordinatorFeature = defineFeature({ name: "coordinator", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
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

  async function sendTaskStatus(ctx: BotContext, task: TaskStatus, today: string): Promise<void> {
    await answer(ctx, taskStatusView(task));
    // A picture only for a task led by several agencies: one bar per lead agency.
    if (new Set(task.cycles.map((c) => c.agencyId)).size > 1) await sendChart(ctx, chartTexts.taskTitle(task.task.label), today, chartBarsForTask(task));
  }

  /** The plan a command's word names, when it names one ("1861", "1861/QĐ-UBND"). */
  const planNamed = async (word: string | undefined): Promise<PlanRef | null> => (word && !word.includes(" ") ? deps.services.plans.findPlan(word) : null);

  feature.command("status", onlyCoordinators, async (ctx) => {
    const query = ctx.payload.trim().slice(0, 200);
    const today = deps.services.today();
    if (query === "") {
      const status = await deps.services.status.planStatus();
      await answer(ctx, planStatusView(status, await deps.services.plans.plansForStatus()), { keyboard: webAppKeyboard(ctx, deps.config.webAppUrl) });
      return sendChart(ctx, chartTexts.planTitle, today, chartBarsForPlan(status));
    }
    const plan = await planNamed(query);
    if (plan) {
      const status = await deps.services.status.planStatus(undefined, plan.id);
      await answer(ctx, planStatusView(status, [], plan.shortCode));
      return sendChart(ctx, chartTexts.planTitle, today, chartBarsForPlan(status));
    }
    const task = await deps.services.status.taskStatus(query);
    if (task && "ambiguous" in task) {
      const rows = task.ambiguous.map((choice) => [button(choice.label, taskStatusButton.encode({ taskId: choice.taskId }))]);
      return void (await answer(ctx, ambiguousRefView(query, "status", task.ambiguous), { keyboard: keyboard(rows) }));
    }
    if (task) return sendTaskStatus(ctx, task, today);
    const agency = await deps.services.status.findAgency(query);
    if (!agency) return void (await answer(ctx, texts.statusNotFound(escapeHtml(shorten(query, 80)))));
    const status = await deps.services.status.planStatus(agency.id);
    const cycles = await deps.services.status.agencyCycles(agency.id);
    await answer(ctx, agencyStatusView(status, agency.name, cycles));
    await sendChart(ctx, chartTexts.agencyTitle(agency.name), today, chartBarsForAgency(cycles));
  });

  feature.command("overdue", onlyCoordinators, async (ctx) => {
    const argument = ctx.payload.trim();
    const plan = await planNamed(argument);
    if (argument !== "" && !plan) return void (await answer(ctx, texts.unknownPlan(escapeHtml(shorten(argument, 40)))));
    const cycles = await deps.services.status.overdueCycles(undefined, plan?.id);
    const header = plan ? (tasks: number, assignments: number) => texts.ofPlan(texts.overdueHeader(tasks, assignments), escapeHtml(plan.shortCode)) : texts.overdueHeader;
    await answer(ctx, cycleListView(header, cycles));
  });

  feature.command("upcoming", onlyCoordinators, async (ctx) => {
    // `/upcoming [days] [plan]`, in either order
    const words = ctx.payload.trim().split(/\s+/).filter(Boolean);
    if (words.length > 2) return void (await answer(ctx, texts.badDays()));
    let daysWord: string | undefined;
    let plan: PlanRef | null = null;
    if (words.length === 2) {
      // the word that names a plan is the plan ("/upcoming 30 1861", "/upcoming 1861 30")
      const second = await planNamed(words[1]);
      plan = second ?? (await planNamed(words[0]));
      daysWord = second ? words[0] : words[1];
      if (!plan) return void (await answer(ctx, texts.unknownPlan(escapeHtml(shorten(words.join(" "), 40)))));
    } else if (words.length === 1) {
      const word = words[0]!;
      plan = /^\d{1,3}$/.test(word) ? null : await planNamed(word);
      if (!plan) daysWord = word;
    }
    const days = daysWord === undefined ? defaultUpcomingDays : Number(daysWord);
    if (!Number.isInteger(days) || days < 1 || days > 365) return void (await answer(ctx, texts.badDays()));
    const cycles = await deps.services.status.upcomingCycles(days, plan?.id);
    const header = (tasks: number, assignments: number) =>
      plan ? texts.ofPlan(texts.upcomingHeader(days, tasks, assignments), escapeHtml(plan.shortCode)) : texts.upcomingHeader(days, tasks, assignments);
    await answer(ctx, cycleListView(header, cycles));
  });

  feature.command("plans", onlyCoordinators, async (ctx) => {
    await answer(ctx, plansView(await deps.services.plans.listPlans()));
  });

  const statusOfVerb: Record<string, PlanState> = { close: "closed", archive: "archived", reopen: "active" };
  feature.command("plan", async (ctx) => {
    if (!isAdmin(ctx.actor)) return void (await answer(ctx, texts.adminsOnly()));
    const [verb, code, ...extra] = ctx.payload.trim().split(/\s+/).filter(Boolean);
    const status = verb ? statusOfVerb[verb.toLowerCase()] : undefined;
    if (!status || !code || extra.length > 0) return void (await answer(ctx, texts.planUsage()));
    const actor = ctx.actor.person ? `person:${ctx.actor.person.id}` : `telegram:${ctx.from?.id ?? 0}`;
    const result = await deps.services.plans.setPlanStatus(code, status, actor);
    if (result.kind === "unknown") return void (await answer(ctx, texts.unknownPlan(escapeHtml(shorten(code, 40)))));
    const shown = escapeHtml(result.plan.shortCode);
    if (result.kind === "unchanged") return void (await answer(ctx, texts.planUnchanged(shown, planStatusLabels[status])));
    ctx.log.info({ plan: result.plan.code, status, cancelled: result.cancelled }, "plan status changed");
    await answer(ctx, status === "active" ? texts.planReopened(shown) : texts.planClosed(shown, planStatusLabels[status], result.cancelled.reminders));
  });

  feature.command("setdue", onlyCoordinators, async (ctx) => {
    const [ref, dateText, ...extra] = ctx.payload.trim().split(/\s+/).filter(Boolean);
    const due = dateText ? parseTypedDate(dateText) : null;
    if (!ref || !due || extra.length > 0) return void (await answer(ctx, texts.setdueUsage()));
    try {
      const result = await deps.services.extensions.setTaskDue(ctx.actor, ref, due);
      if (result.kind === "ambiguous") {
        // A bare ref several active plans share: a button per plan, the date carried along.
        const rows = result.choices.map((choice) => [button(choice.label, setdueButton.encode({ taskId: choice.taskId, due }))]);
        return void (await answer(ctx, ambiguousRefView(result.ref, "setdue", result.choices), { keyboard: keyboard(rows) }));
      }
      await answer(ctx, texts.setdueDone(escapeHtml(result.ref), formatVietnameseDate(due), result.cycles));
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.button(taskStatusButton, async (ctx, { taskId }) => {
    if (!isCoordinator(ctx.actor)) return void (await ctx.answerCbQuery(texts.coordinatorsOnly()));
    const today = deps.services.today();
    const task = await deps.services.status.taskStatusById(taskId);
    await ctx.answerCbQuery(task ? undefined : texts.staleButton());
    if (task) await sendTaskStatus(ctx, task, today);
  });

  feature.button(setdueButton, async (ctx, { taskId, due }) => {
    try {
      const result = await deps.services.extensions.setTaskDue(ctx.actor, { taskId }, due);
      await ctx.answerCbQuery();
      if (result.kind === "set") await answer(ctx, texts.setdueDone(escapeHtml(result.ref), formatVietnameseDate(due), result.cycles));
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  /** Approve / reject buttons on extension requests. */
  async function decide(ctx: BotContext, requestId: number, approve: boolean): Promise<void> {
    try {
      const decision = await deps.services.extensions.decideExtension(ctx.actor, requestId, approve);
      const who = escapeHtml(ctx.actor.person?.displayName ?? String(ctx.from?.id ?? ""));
      await ctx.editMessageText(texts.extensionDecidedBy(escapeHtml(decision.ref), decision.approved, who), { parse_mode: "HTML" });
      await ctx.answerCbQuery();
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  }
  feature.button(approveButton, (ctx, { requestId }) => decide(ctx, requestId, true));
  feature.button(rejectButton, (ctx, { requestId }) => decide(ctx, requestId, false));
}
