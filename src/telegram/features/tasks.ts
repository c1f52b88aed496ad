/** /tasks: the agency's tasks, paged; a task's card; its full text. */
import { Composer } from "telegraf";
import type { Callback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { taskCardView, taskListView } from "../views/tasks-view.js";

export function createTasksFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();

  async function listView(ctx: BotContext, page: number) {
    const person = ctx.actor.person;
    if (!person?.agencyId || !person.agencyName) return null;
    const items = await deps.services.tasks.listLabelledAssignments(person.agencyId);
    return items.length === 0 ? { text: texts.noTasks(), keyboard: undefined } : taskListView(person.agencyName, items, page);
  }

  feature.command("tasks", async (ctx) => {
    const view = await listView(ctx, 0);
    if (!view) return void (await answer(ctx, ctx.actor.person?.role === "focal" ? texts.noAgency() : texts.nextStepsCoordinator()));
    await answer(ctx, view.text, { ...(view.keyboard && { keyboard: view.keyboard }) });
  });

  /** Sends a task card and remembers which cycle it is about, so a reply to it finds the task. */
  async function sendCard(ctx: BotContext, assignmentId: number) {
    const [card] = await deps.services.tasks.withTaskLabels([await deps.services.tasks.taskCard(ctx.actor, assignmentId)]);
    const view = taskCardView(card!, false);
    const sent = await answer(ctx, view.text, { keyboard: view.keyboard });
    if (card!.cycleId !== null) ctx.remember(sent, card!.cycleId, "card");
  }

  return {
    composer: feature,
    /** Button presses that belong to this feature. */
    async handle(ctx: BotContext, callback: Callback): Promise<boolean> {
      try {
        if (callback.action === "page") {
          const view = await listView(ctx, callback.page);
          if (!view?.keyboard) return false;
          await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
          await ctx.answerCbQuery();
          return true;
        }
        if (callback.action === "card") {
          await sendCard(ctx, callback.assignmentId);
          await ctx.answerCbQuery();
          return true;
        }
        if (callback.action === "full") {
          const [card] = await deps.services.tasks.withTaskLabels([await deps.services.tasks.taskCard(ctx.actor, callback.assignmentId)]);
          const view = taskCardView(card!, true);
          await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
          await ctx.answerCbQuery();
          return true;
        }
      } catch (error) {
        await answerOrThrow(ctx, error);
        return true;
      }
      return false;
    },
  };
}
