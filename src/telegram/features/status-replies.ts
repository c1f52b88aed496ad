/**
 * Officers' status replies: a reply to a bot message about a task (card, reminder, confirmation,
 * question) is recorded against that task's cycle; buttons record their kind; a message that
 * is not a reply gets "which task?" with buttons instead of a guess. Edits follow the message.
 */
import type { Message } from "telegraf/types";
import { formatVietnameseDate } from "../../domain/local-date.js";
import type { Attachment } from "../../domain/model.js";
import { updatableAgencyId } from "../../domain/person.js";
import { isAnsweredQuestion, readReplyIntent, type ReplyKind } from "../../domain/reply-intent.js";
import type { PendingReply } from "../../services/replies/conversation.js";
import { undoWindowMinutes, type NewStatusUpdate, type RecordedUpdate } from "../../services/replies/status-updates.js";
import type { BotContext } from "../context.js";
import type { WiredDeps } from "../deps.js";
import { type CommandSpecs, defineFeature, type FeatureBuilder } from "../feature.js";
import { answer, answerOrThrow } from "../reply.js";
import { buttons, documentKindLabels, kindLabels, texts } from "../texts.js";
import { escapeHtml } from "../views/html.js";
import { button, keyboard } from "../views/keyboard.js";
import { whichTaskView, type PickItem } from "../views/pick-view.js";
import { dropButton, pickButton, pickPageButton, statusButton, undoButton, type StatusButtonKind } from "./status-replies-buttons.js";

/** Longest status reply text kept; Telegram's own limit is 4096, a forged update may carry more. */
const maxStatusReplyLength = 4000;
/** a message that is only this could be a task's ref ("III.1.4.a.2", "IV.2", "1861/III.1.1") */
const refLike = /^(?:[\p{L}\d._-]{1,20}\/)?(?:[IVXLC]+|\d+)(?:\.[0-9a-zđ]+)+\.?$/iu;

interface StatusReply {
  text: string;
  fileIds: Attachment[];
  messageId: number;
  replyTo: number | null;
}

function statusReplyOf(message: Message): StatusReply | null {
  const replyTo = "reply_to_message" in message && message.reply_to_message ? message.reply_to_message.message_id : null;
  if ("text" in message) return { text: message.text, fileIds: [], messageId: message.message_id, replyTo };
  if ("document" in message) {
    const file = { fileId: message.document.file_id, name: message.document.file_name || null };
    return { text: message.caption ?? "", fileIds: [file], messageId: message.message_id, replyTo };
  }
  if ("photo" in message) {
    // Photos come without a name: one to show wherever the files are listed, unique in the chat.
    const largest = message.photo[message.photo.length - 1];
    const file = largest ? [{ fileId: largest.file_id, name: texts.photoFileName(message.message_id) }] : [];
    return { text: message.caption ?? "", fileIds: file, messageId: message.message_id, replyTo };
  }
  return null;
}

/** Officers' messages, edits and buttons; no command of its own. */
const commands = {} as const satisfies CommandSpecs;

export const statusRepliesFeature = defineFeature({ name: "status-replies", commands, create });

function create(feature: FeatureBuilder<typeof commands>, deps: WiredDeps): void {
  const replies = deps.services.replies;

  function confirmation(result: RecordedUpdate, fileCount: number, proposedDate: string | null | undefined): string {
    let line = result.duplicate ? texts.recordedDuplicate(escapeHtml(result.ref)) : texts.recorded(escapeHtml(result.ref), kindLabels[result.kind], result.percent);
    if (fileCount > 0) line += texts.recordedFiles(fileCount);
    if (result.extensionRequestId !== null && proposedDate) line += texts.recordedExtension(formatVietnameseDate(proposedDate));
    return result.duplicate ? line : `${line}\n${texts.undoHint(undoWindowMinutes)}`;
  }

  async function record(ctx: BotContext, given: NewStatusUpdate, replyTo: number | undefined): Promise<void> {
    // Words that name a paper of another kind than the task makes are a step until confirmed.
    const mismatch = given.kind === "done" && given.source === "reply" ? await replies.doneNeedsConfirmation(given.cycleId, given.text) : null;
    const input: NewStatusUpdate = mismatch ? { ...given, kind: "progress", percent: null } : given;
    const recorded = await replies.record(ctx.actor, input);
    const result = { ...recorded, ref: await deps.services.tasks.labelOfCycle(input.cycleId, recorded.ref) };
    ctx.log.info({ cycle: input.cycleId, status_update: result.id, kind: result.kind, duplicate: result.duplicate, unconfirmed_done: mismatch !== null }, "status update recorded");
    const rows = result.duplicate ? [] : [[button(buttons.undo, undoButton.encode({ statusUpdateId: result.id }))]];
    if (mismatch && !result.duplicate) rows.unshift([button(buttons.done, statusButton.encode({ cycleId: input.cycleId, kind: "done" }))]);
    const undo = rows.length > 0 ? keyboard(rows) : undefined;
    const needsDate = !result.duplicate && result.kind === "extension_request" && result.extensionRequestId === null;
    let text = confirmation(result, input.fileIds.length, input.proposedDate) + (needsDate ? `\n${texts.extensionNeedsDate()}` : "");
    if (mismatch && !result.duplicate) text += `\n${texts.confirmDone(documentKindLabels[mismatch.named], documentKindLabels[mismatch.product])}`;
    const sent = await answer(ctx, text, { ...(undo && { keyboard: undo }), ...(replyTo !== undefined && { replyTo }) });
    // A reply to the confirmation is about the same task (and answers the date question, if asked).
    ctx.remember(sent, input.cycleId, needsDate ? "extension" : "confirmation");
  }

  /** `purpose`: what the message replied to was or asked ("extension", "blocked" frame bare answers). */
  function fromWords(reply: Pick<StatusReply, "text">, today: string, purpose?: string): Pick<NewStatusUpdate, "kind" | "percent" | "proposedDate"> {
    const intent = readReplyIntent(reply.text, today, isAnsweredQuestion(purpose) ? purpose : undefined);
    const kind: ReplyKind = intent.kind ?? "note";
    return { kind, percent: intent.percent, proposedDate: kind === "extension_request" ? intent.proposedDate : null };
  }

  /** The agency's open lead tasks, as the "which task?" question offers them. */
  async function pickItems(ctx: BotContext): Promise<PickItem[]> {
    const person = ctx.actor.person!;
    const items = await deps.services.tasks.listLabelledAssignments(person.agencyId!);
    return items.filter((i) => i.role === "lead" && i.cycleId !== null).map((i) => ({ ref: i.ref, text: i.text, cycleId: i.cycleId! }));
  }

  async function askWhichTask(ctx: BotContext, reply: StatusReply, updateId: number): Promise<void> {
    if (ctx.muted) return; // no question can be asked, so nothing is kept to answer it
    const person = ctx.actor.person!;
    const items = await pickItems(ctx);
    if (items.length === 0) return void (await answer(ctx, texts.noLeadTasks()));
    const pendingId = await replies.savePending({ personId: person.id, telegramUpdateId: updateId, telegramMessageId: reply.messageId, text: reply.text, fileIds: reply.fileIds });
    const view = whichTaskView(items, pendingId, 0);
    await answer(ctx, view.text, { keyboard: view.keyboard, replyTo: reply.messageId });
  }

  /**
   * A bare ref typed while a "which task?" waits answers it. Returns false when the message is
   * not such an answer (it is then a status reply of its own).
   */
  async function answerWhichTask(ctx: BotContext, reply: StatusReply): Promise<boolean> {
    const typed = reply.text.trim();
    if (reply.fileIds.length > 0 || !refLike.test(typed)) return false;
    const person = ctx.actor.person!;
    const pendingId = await replies.findLatestOpenPending(person.id);
    if (pendingId === null) return false;
    const ref = typed.replace(/\.$/, "").toLowerCase();
    // "1861/III.1.1" as shown, or the bare "III.1.1" when only one of the agency's plans has it
    const items = await pickItems(ctx);
    const exact = items.find((i) => i.ref.toLowerCase() === ref);
    const bare = items.filter((i) => i.ref.toLowerCase().endsWith(`/${ref}`));
    const item = exact ?? (bare.length === 1 ? bare[0] : undefined);
    if (!item) {
      await answer(ctx, texts.whichTaskRefUnknown(escapeHtml(typed)));
      return true;
    }
    const pending = await replies.claimPending(pendingId, person.id);
    if (!pending) return false;
    await recordPending(ctx, pending, item.cycleId);
    return true;
  }

  async function recordPending(ctx: BotContext, pending: PendingReply, cycleId: number): Promise<void> {
    await record(
      ctx,
      {
        cycleId,
        ...fromWords(pending, deps.services.today()),
        text: pending.text,
        fileIds: pending.fileIds,
        source: "reply",
        telegramUpdateId: pending.telegramUpdateId,
        telegramMessageId: pending.telegramMessageId,
        chatId: ctx.chat?.id ?? null,
      },
      pending.telegramMessageId,
    );
  }

  async function onStatusReply(ctx: BotContext, message: Message): Promise<void> {
    const reply = statusReplyOf(message);
    if (!reply || !ctx.update || !("update_id" in ctx.update)) return;
    if (updatableAgencyId(ctx.actor) === null) return void (await answer(ctx, ctx.actor.person?.role === "focal" ? texts.noAgency() : texts.focalOnly()));
    const truncated = [...reply.text].length > maxStatusReplyLength;
    if (truncated) reply.text = [...reply.text].slice(0, maxStatusReplyLength).join("");
    const link = reply.replyTo === null ? null : await deps.journal.findCycleOfMessage(ctx.chat!.id, reply.replyTo);
    if (link === null) {
      if (await answerWhichTask(ctx, reply)) return;
      return askWhichTask(ctx, reply, ctx.update.update_id);
    }
    await record(
      ctx,
      {
        cycleId: link.cycleId,
        ...fromWords(reply, deps.services.today(), link.purpose),
        text: reply.text,
        fileIds: reply.fileIds,
        source: "reply",
        telegramUpdateId: ctx.update.update_id,
        telegramMessageId: reply.messageId,
        chatId: ctx.chat!.id,
      },
      reply.messageId,
    );
    if (truncated) await answer(ctx, texts.tooLong(maxStatusReplyLength));
  }

  feature.composer.on(["text", "document", "photo"], async (ctx, next) => {
    if ("text" in ctx.message && ctx.message.text.startsWith("/")) return next();
    try {
      await onStatusReply(ctx, ctx.message);
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  feature.composer.on("edited_message", async (ctx) => {
    const message = ctx.editedMessage;
    if (!("text" in message) || updatableAgencyId(ctx.actor) === null) return;
    try {
      // Read as the first version was: an answer to the bot's question keeps that question's frame.
      const replyTo = message.reply_to_message?.message_id;
      const link = replyTo === undefined ? null : await deps.journal.findCycleOfMessage(message.chat.id, replyTo);
      const words = fromWords({ text: message.text }, deps.services.today(), link?.purpose);
      const revised = await replies.revise(ctx.actor, {
        chatId: message.chat.id,
        messageId: message.message_id,
        kind: words.kind,
        percent: words.percent,
        proposedDate: words.proposedDate,
        text: message.text.slice(0, maxStatusReplyLength),
      });
      if (!revised) return;
      let text = texts.revised(escapeHtml(revised.ref), kindLabels[revised.kind], revised.percent);
      if (revised.withdrawnExtension) text += `\n${texts.extensionWithdrawnByEdit(formatVietnameseDate(revised.withdrawnExtension))}`;
      if (revised.openedExtension) text += texts.recordedExtension(formatVietnameseDate(revised.openedExtension));
      await answer(ctx, text, { replyTo: message.message_id });
    } catch (error) {
      await answerOrThrow(ctx, error);
    }
  });

  async function onStatusButton(ctx: BotContext, callback: { cycleId: number; kind: StatusButtonKind }): Promise<void> {
    const updateId = (ctx.update as { update_id: number }).update_id;
    const kind: ReplyKind = callback.kind === "extension" ? "extension_request" : callback.kind;
    const base = {
      cycleId: callback.cycleId,
      percent: null,
      text: "",
      fileIds: [],
      source: "button" as const,
      telegramUpdateId: updateId,
      telegramMessageId: null,
      chatId: ctx.chat?.id ?? null,
    };
    // "Xin gia hạn" asks for the date first; the request is recorded with the answer.
    if (callback.kind === "extension") await replies.findUpdatableCycle(ctx.actor, callback.cycleId);
    else await record(ctx, { ...base, kind }, undefined);
    await ctx.answerCbQuery();
    if (callback.kind === "blocked" || callback.kind === "extension") {
      const ref = (await replies.refOfCycle(callback.cycleId)) ?? "";
      const question = callback.kind === "blocked" ? texts.askBlocked(escapeHtml(ref)) : texts.askExtensionDate(escapeHtml(ref));
      const sent = await answer(ctx, question);
      ctx.remember(sent, callback.cycleId, callback.kind);
    }
  }

  /** A press's work; an error the officer should understand is answered. */
  const guarded =
    <T>(work: (ctx: BotContext, value: T) => Promise<void>) =>
    async (ctx: BotContext, value: T): Promise<void> => {
      try {
        await work(ctx, value);
      } catch (error) {
        await answerOrThrow(ctx, error);
      }
    };

  feature.button(statusButton, guarded(onStatusButton));

  feature.button(
    undoButton,
    guarded(async (ctx, { statusUpdateId }) => {
      const { ref } = await replies.undo(ctx.actor, statusUpdateId);
      await ctx.editMessageText(texts.undone(escapeHtml(ref)), { parse_mode: "HTML" });
      await ctx.answerCbQuery();
    }),
  );

  feature.button(
    pickButton,
    guarded(async (ctx, { pendingId, cycleId }) => {
      const person = ctx.actor.person;
      const pending = person ? await replies.claimPending(pendingId, person.id) : null;
      if (!pending) return void (await ctx.answerCbQuery(texts.staleButton()));
      await ctx.deleteMessage().catch(() => undefined);
      await recordPending(ctx, pending, cycleId);
      await ctx.answerCbQuery();
    }),
  );

  feature.button(
    pickPageButton,
    guarded(async (ctx, { pendingId, page }) => {
      const person = ctx.actor.person;
      if (!person || updatableAgencyId(ctx.actor) === null || !(await replies.isOpenPending(pendingId, person.id))) return void (await ctx.answerCbQuery(texts.staleButton()));
      const view = whichTaskView(await pickItems(ctx), pendingId, page);
      await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
      await ctx.answerCbQuery();
    }),
  );

  feature.button(
    dropButton,
    guarded(async (ctx, { pendingId }) => {
      const person = ctx.actor.person;
      const pending = person ? await replies.claimPending(pendingId, person.id) : null;
      if (!pending) return void (await ctx.answerCbQuery(texts.staleButton()));
      await ctx.editMessageText(texts.askWhichTaskNone());
      await ctx.answerCbQuery();
    }),
  );
}
