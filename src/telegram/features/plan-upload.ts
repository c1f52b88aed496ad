/**
 * A coordinator or admin sends a plan file in a private chat: the bot fetches it through the
 * Bot API (getFile, then the file endpoint, never more than the size limit), answers with the
 * review workbook and a preview, and imports only on Nhập. Anyone else's documents go on to
 * the features after this one (an officer's evidence attachments).
 */
import type { Message } from "telegraf/types";
import { formatVietnameseDate } from "../../domain/local-date.js";
import { isCoordinator } from "../../domain/person.js";
import { PlanDocumentError } from "../../plan/parse-plan.js";
import type { Deadline } from "../../domain/deadline.js";
import { deadlineCell } from "../../services/plans/plan-review.js";
import { maxPlanFileBytes, PlanFileError } from "../../services/plans/plan-documents.js";
import { readPlanFileBytes } from "../../services/plans/plan-files.js";
import { NotAPlanError, type UploadPreview } from "../../services/plans/plan-upload.js";
import { notPlanReasons, planFileTexts } from "../../texts/plan-files.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer } from "../reply.js";
import { buttons, texts } from "../texts.js";
import { escapeHtml } from "../views/html.js";
import { button, keyboard } from "../views/keyboard.js";
import { planButton } from "./plan-upload-buttons.js";

const previewTasks = 5;
const previewWarnings = 3;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The file's bytes from the Bot API's file endpoint, refused past `maxBytes` as they arrive. */
async function download(ctx: BotContext, fileId: string, maxBytes: number): Promise<Buffer> {
  let url: URL;
  try {
    url = await ctx.telegram.getFileLink(fileId);
  } catch (error) {
    // Telegram serves files up to 20 MB to bots; a bigger one is refused at getFile.
    if (/too big/i.test((error as Error).message)) throw new PlanFileError(planFileTexts.tooLarge(null, maxBytes));
    throw error;
  }
  // A self-hosted Bot API server in --local mode gives the file's path on its own disk (telegraf
  // keeps the server's host in the file: URL, so only the path is read).
  if (url.protocol === "file:") return readPlanFileBytes(decodeURIComponent(url.pathname));
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok || !response.body) throw new Error(`file download failed: HTTP ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new PlanFileError(planFileTexts.tooLarge(declared, maxBytes));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new PlanFileError(planFileTexts.tooLarge(null, maxBytes));
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, total);
}

function deadlineText(deadline: Deadline): string {
  const cell = deadlineCell(deadline);
  return cell instanceof Date ? formatVietnameseDate(cell.toISOString().slice(0, 10)) : (cell ?? texts.planNoDeadline());
}

function previewText(preview: UploadPreview): string {
  const { parsed } = preview;
  const lines = [
    texts.planPreviewHeader(escapeHtml(parsed.plan.code), escapeHtml(clip(parsed.plan.title, 300)), parsed.plan.issued_on && formatVietnameseDate(parsed.plan.issued_on), preview.exists),
    texts.planPreviewCounts(parsed.tasks.length, preview.withoutLead, preview.withoutDeadline, parsed.warnings.length),
    ...(preview.corrections > 0 ? [texts.planPreviewCorrections(preview.corrections)] : []),
    "",
    texts.planPreviewFirst(),
    ...parsed.tasks
      .slice(0, previewTasks)
      .map((t) =>
        texts.planPreviewTask(
          escapeHtml(t.ref),
          escapeHtml(clip(t.text.replace(/\s+/g, " "), 120)),
          escapeHtml(clip(t.leads.map((p) => p.name).join("; "), 120)),
          escapeHtml(deadlineText(t.deadline)),
        ),
      ),
    ...(parsed.tasks.length > previewTasks ? [texts.andMore(parsed.tasks.length - previewTasks)] : []),
    ...(parsed.warnings.length > 0
      ? ["", texts.planPreviewWarnings(), ...parsed.warnings.slice(0, previewWarnings).map((w) => texts.planPreviewWarning(w.line, escapeHtml(clip(w.message, 200))))]
      : []),
    ...(parsed.warnings.length > previewWarnings ? [texts.andMore(parsed.warnings.length - previewWarnings)] : []),
    "",
    texts.planPreviewAsk(),
  ];
  return lines.join("\n");
}

/** Coordinators' documents are plan files; officers' go on to their status replies (evidence). */
const commands = {} as const satisfies CommandSpecs;

export const planUploadFeature = defineFeature({ name: "plan-upload", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  async function onPlanFile(ctx: BotContext, message: Message.DocumentMessage): Promise<void> {
    const document = message.document;
    const fileName = document.file_name || "ke-hoach";
    if ((document.file_size ?? 0) > maxPlanFileBytes) return void (await answer(ctx, texts.planFileProblem(planFileTexts.tooLarge(document.file_size!, maxPlanFileBytes))));
    await ctx.sendChatAction("typing").catch((error: unknown) => ctx.log.warn({ err: error }, "could not show the chat action"));
    try {
      const bytes = await download(ctx, document.file_id, maxPlanFileBytes);
      const preview = await deps.services.plans.previewUpload({ bytes, fileName, telegramUserId: ctx.from!.id, chatId: ctx.chat!.id });
      ctx.log.info({ upload: preview.uploadId, plan: preview.parsed.plan.code, tasks: preview.parsed.tasks.length }, "plan file previewed");
      await ctx.replyWithDocument({ source: preview.workbook.bytes, filename: preview.workbook.fileName }, { caption: texts.planWorkbookCaption(preview.parsed.tasks.length) });
      const choice = keyboard([
        [
          button(buttons.importPlan, planButton.encode({ uploadId: preview.uploadId, decision: "import" })),
          button(buttons.cancelPlan, planButton.encode({ uploadId: preview.uploadId, decision: "cancel" })),
        ],
      ]);
      await answer(ctx, previewText(preview), { keyboard: choice, replyTo: message.message_id });
    } catch (error) {
      if (error instanceof NotAPlanError) return void (await answer(ctx, escapeHtml(planFileTexts.notPlanInChat(error.missing.map((sign) => notPlanReasons[sign])))));
      if (error instanceof PlanFileError) return void (await answer(ctx, escapeHtml(texts.planFileProblem(error.reason))));
      if (error instanceof PlanDocumentError) return void (await answer(ctx, escapeHtml(texts.planDocumentProblem(error.line, error.message))));
      ctx.log.error({ err: error }, "plan file failed");
      await answer(ctx, texts.planDownloadFailed());
    }
  }

  feature.composer.on("document", async (ctx, next) => {
    if (ctx.chat.type !== "private" || !isCoordinator(ctx.actor)) return next();
    await onPlanFile(ctx, ctx.message);
  });

  /** Nhập / Huỷ under a preview. */
  feature.button(planButton, async (ctx, { uploadId, decision }) => {
    if (!isCoordinator(ctx.actor)) return void (await ctx.answerCbQuery(texts.staleButton(), { show_alert: true }));
    const actor = `telegram:${ctx.from!.id}`;
    const result = await deps.services.plans.decideUpload({ uploadId, telegramUserId: ctx.from!.id, decision }, actor);
    if (result.kind === "refused") {
      ctx.log.warn({ upload: uploadId, reason: result.reason }, "plan upload button refused");
      return void (await ctx.answerCbQuery(texts.planButtonRefused[result.reason], { show_alert: true }));
    }
    await ctx.answerCbQuery();
    await ctx.editMessageReplyMarkup(undefined).catch((error: unknown) => ctx.log.warn({ err: error }, "could not remove the buttons"));
    if (result.kind === "cancelled") return void (await answer(ctx, texts.planCancelled(escapeHtml(result.code))));
    const r = result.report;
    ctx.log.info({ upload: uploadId, plan: r.plan.code, created: r.created.length }, "plan imported from chat");
    await answer(
      ctx,
      texts.planImported(escapeHtml(r.plan.code), r.created.length, r.updated.length, r.unchanged, r.removed.length) +
        (result.corrections > 0 ? texts.planImportedCorrections(result.corrections) : ""),
    );
  });
}
