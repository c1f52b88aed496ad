/** /history <ref>: a task's recorded changes, newest first, paged with buttons. */
import { TelegramError } from "telegraf";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { texts } from "../texts.js";
import { escapeHtml, shorten } from "../views/html.js";
import { historyView } from "../views/history-view.js";
import { button, keyboard } from "../views/keyboard.js";
import { ambiguousRefView } from "../views/status-view.js";
import { historyButton } from "./history-buttons.js";

/** A ref as plans write them: "III.1.4.a.2", "IV.2", "II.đ", qualified "1861/IV.2"; no spaces. */
const refPattern = /^[\p{L}\p{N}._/-]{1,40}$/u;

// Officers may read the history of their agency's tasks too; their menu stays short.
const commands = { history: { menu: "coordinators", help: "everyone", inGroup: true } } as const satisfies CommandSpecs;

export const historyFeature = defineFeature({ name: "history", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  feature.command("history", async (ctx) => {
    const ref = ctx.payload.normalize("NFC").trim();
    if (!refPattern.test(ref)) return void (await answer(ctx, texts.historyUsage()));
    try {
      // A live task by its ref as typed (qualified, or bare when one active plan has it); a
      // bare ref several active plans share gets a button per plan; else a removed task's ref.
      const found = await deps.services.tasks.lookUpTask(ref);
      if (found.kind === "ambiguous") {
        const rows = found.choices.map((choice) => [button(choice.label, historyButton.encode({ taskId: choice.taskId, page: 0 }))]);
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

  /** The page buttons, in the coordinators' group too; who may see the task is checked again on every press. */
  feature.button(
    historyButton,
    async (ctx: BotContext, { taskId, page }) => {
      try {
        const history = await deps.services.tasks.taskHistory(ctx.actor, { taskId });
        if (!history) return void (await ctx.answerCbQuery(texts.staleButton()));
        const view = historyView(history, page);
        await ctx.editMessageText(view.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, reply_markup: view.keyboard }).catch((error: unknown) => {
          // A second press on the same page: the message already shows it.
          if (!(error instanceof TelegramError && error.description.includes("message is not modified"))) throw error;
        });
        await ctx.answerCbQuery();
      } catch (error) {
        await answerOrThrow(ctx, error);
      }
    },
    { inGroup: true },
  );
}
