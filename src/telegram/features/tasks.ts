/** /tasks: the agency's tasks, paged; a task's card; its full text. */
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { taskCardView, taskListView } from "../views/tasks-view.js";
import { cardButton, fullButton, pageButton } from "./tasks-buttons.js";

const commands = { tasks: { menu: "everyone" } } as const satisfies CommandSpecs;

export const tasksFeature = defineFeature({ name: "tasks", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
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

  feature.button(pageButton, async (ctx, { page }) => {
    try {
      const view = await listView(ctx, page);
      if (!view?.keyboard) return void (await ctx.answerCbQuery(texts.staleButton()));
      await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
      await ctx.answerCbQuery();
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.button(cardButton, async (ctx, { assignmentId }) => {
    try {
      await sendCard(ctx, assignmentId);
      await ctx.answerCbQuery();
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.button(fullButton, async (ctx, { assignmentId }) => {
    try {
      const [card] = await deps.services.tasks.withTaskLabels([await deps.services.tasks.taskCard(ctx.actor, assignmentId)]);
      const view = taskCardView(card!, true);
      await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
      await ctx.answerCbQuery();
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });
}
