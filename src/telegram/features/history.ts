/** /history <ref>: a task's recorded changes, newest first, paged with buttons. */
import { Composer, TelegramError } from "telegraf";
import type { Callback } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { BotDeps } from "../deps.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { escapeHtml, shorten } from "../views/html.js";
import { historyView } from "../views/history-view.js";
import { button, keyboard } from "../views/keyboard.js";
import { ambiguousRefView } from "../views/status-view.js";

/** A ref as plans write them: "III.1.4.a.2", "IV.2", "II.đ", qualified "1861/IV.2"; no spaces. */
const refPattern = /^[\p{L}\p{N}._/-]{1,40}$/u;

export function createHistoryFeature(deps: BotDeps) {
  const feature = new Composer<BotContext>();

  feature.command("history", async (ctx) => {
    const ref = ctx.payload.normalize("NFC").trim();
    if (!refPattern.test(ref)) return void (await answer(ctx, texts.historyUsage()));
    try {
      // A live task by its ref as typed (qualified, or bare when one active plan has it); a
      // bare ref several active plans share gets a button per plan; else a removed task's ref.
      const found = await deps.services.tasks.lookUpTask(ref);
      if (found.kind === "ambiguous") {
        const rows = found.choices.map((choice) => [button(choice.label, { action: "history", taskId: choice.taskId, page: 0 })]);
        return void (await answer(ctx, ambiguousRefView(found.ref, "history", found.choices), { keyboard: keyboard(rows) }));
      }
      const history = await deps.services.tasks.taskHistory(ctx.actor, found.kind === "found" ? { taskId: found.task.id } : { ref });
      if (!history) return void (await answer(ctx, texts.historyNotFound(escapeHtml(shorten(ref, 40)))));
      const view = historyView(history, 0);
      await answer(ctx, view.text, { keyboard: view.keyboard });
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  return {
    composer: feature,
    /** The page buttons; who may see the task is checked again on every press. */
    async handle(ctx: BotContext, callback: Callback): Promise<boolean> {
      if (callback.action !== "history") return false;
      try {
        const history = await deps.services.tasks.taskHistory(ctx.actor, { taskId: callback.taskId });
        if (!history) {
          await ctx.answerCbQuery(texts.staleButton());
          return true;
        }
        const view = historyView(history, callback.page);
        await ctx.editMessageText(view.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: view.keyboard }).catch((error: unknown) => {
          // A second press on the same page: the message already shows it.
          if (!(error instanceof TelegramError && error.description.includes("message is not modified"))) throw error;
        });
        await ctx.answerCbQuery();
      } catch (error) {
        await answerOrThrow(ctx, error);
      }
      return true;
    },
  };
}
