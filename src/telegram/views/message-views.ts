/**
 * What the messages the bot sends on its own look like in the chat: reminders, backlog
 * summaries, check-ins and the coordinators' alerts. Each kind's view is written here and
 * listed in `messageViews`, one for every kind of `MessageContents` (domain/notice-kinds.ts), so
 * a kind without its view does not compile.
 */
import { formatVietnameseDate } from "../../domain/local-date.js";
import type { MessageContents, MessageKind, MessageOf, OutgoingMessage } from "../../domain/notice-kinds.js";
import { buttons, texts } from "../texts.js";
import { escapeHtml, messageLimit, shorten } from "./html.js";
import { approveButton, rejectButton } from "../features/coordinator-buttons.js";
import { cardButton } from "../features/tasks-buttons.js";
import { button, keyboard } from "./keyboard.js";
import { statusButtons, type View } from "./tasks-view.js";
import { agencyNoticeView } from "./registry-view.js";

export function reminderView(message: MessageOf<"reminder">): View {
  const lines = [
    texts.reminderTitle(escapeHtml(message.ref)),
    escapeHtml(shorten(message.text, 300)),
    texts.reminderAgency(escapeHtml(message.agencyName)),
    `${texts.due(formatVietnameseDate(message.due))} — ${texts.daysLeft(message.daysLeft)}`,
    "",
    texts.cardReplyHint(),
  ];
  return { text: lines.join("\n"), keyboard: keyboard(statusButtons(message.cycleId)) };
}

const backlogShown = 15;

export function backlogView(message: MessageOf<"backlog">): View {
  const lines = [texts.backlogTitle(escapeHtml(message.agencyName), message.items.length), ""];
  for (const item of message.items.slice(0, backlogShown)) {
    lines.push(`🔴 <b>${escapeHtml(item.ref)}</b> — ${texts.due(formatVietnameseDate(item.due))} (${texts.daysLeft(-item.daysLate)}): ${escapeHtml(shorten(item.text, 100))}`);
  }
  if (message.items.length > backlogShown) lines.push(texts.andMore(message.items.length - backlogShown));
  lines.push("", texts.backlogHint());
  const open = message.items.slice(0, 8).map((item) => button(buttons.open(item.ref), cardButton.encode({ assignmentId: item.assignmentId })));
  const rows = [];
  for (let i = 0; i < open.length; i += 2) rows.push(open.slice(i, i + 2));
  return { text: lines.join("\n"), keyboard: keyboard(rows) };
}

export function checkInView(message: MessageOf<"checkin">): View {
  const lines = [texts.checkInTitle(escapeHtml(message.agencyName), message.items.length), ""];
  for (const item of message.items.slice(0, backlogShown)) lines.push(`🔵 <b>${escapeHtml(item.ref)}</b>: ${escapeHtml(shorten(item.text, 100))}`);
  if (message.items.length > backlogShown) lines.push(texts.andMore(message.items.length - backlogShown));
  lines.push("", texts.checkInHint());
  const open = message.items.slice(0, 8).map((item) => button(buttons.open(item.ref), cardButton.encode({ assignmentId: item.assignmentId })));
  const rows = [];
  for (let i = 0; i < open.length; i += 2) rows.push(open.slice(i, i + 2));
  return { text: lines.join("\n"), keyboard: keyboard(rows) };
}

export function unreachableView(message: MessageOf<"unreachable">): View {
  return { text: texts.unreachableAlert(escapeHtml(message.personName), message.agencyName && escapeHtml(message.agencyName)), keyboard: keyboard([]) };
}

export function extensionRequestView(message: MessageOf<"extension">): View {
  const lines = [
    texts.extensionRequestTitle(escapeHtml(message.ref), escapeHtml(message.agencyName)),
    escapeHtml(shorten(message.text, 200)),
    texts.extensionRequestDates(message.currentDue ? formatVietnameseDate(message.currentDue) : texts.noDue(), formatVietnameseDate(message.proposedDue)),
    texts.extensionRequestBy(escapeHtml(message.requester), escapeHtml(shorten(message.reason, 300))),
  ];
  return {
    text: lines.join("\n"),
    keyboard: keyboard([[button(buttons.approve, approveButton.encode({ requestId: message.requestId })), button(buttons.reject, rejectButton.encode({ requestId: message.requestId }))]]),
  };
}

export function extensionDecidedView(message: MessageOf<"extension_decided">): View {
  const text = message.approved
    ? texts.extensionApproved(escapeHtml(message.ref), formatVietnameseDate(message.proposedDue), message.originalDue ? formatVietnameseDate(message.originalDue) : null)
    : texts.extensionRejected(escapeHtml(message.ref), formatVietnameseDate(message.proposedDue));
  return { text, keyboard: keyboard([]) };
}

export function extensionWithdrawnView(message: MessageOf<"extension_withdrawn">): View {
  return { text: texts.extensionWithdrawn(escapeHtml(message.ref), escapeHtml(message.agencyName), formatVietnameseDate(message.proposedDue)), keyboard: keyboard([]) };
}

export function obstacleView(message: MessageOf<"obstacle">): View {
  const lines = [
    texts.obstacleTitle(escapeHtml(message.ref), escapeHtml(message.agencyName)),
    escapeHtml(shorten(message.taskText, 200)),
    `${message.due ? texts.due(formatVietnameseDate(message.due)) : texts.noDue()}`,
    texts.obstacleBy(escapeHtml(message.reporter ?? "—"), escapeHtml(shorten(message.text, 600))),
  ];
  return { text: lines.join("\n"), keyboard: keyboard([]) };
}

export function escalationView(message: MessageOf<"escalation">): View {
  const lines = [texts.escalationTitle(message.items.length)];
  for (const item of message.items.slice(0, 25)) {
    lines.push(`🔴 <b>${escapeHtml(item.ref)}</b> · ${escapeHtml(shorten(item.agencyName, 50))} — ${formatVietnameseDate(item.due)}: ${escapeHtml(shorten(item.text, 80))}`);
  }
  if (message.items.length > 25) lines.push(texts.andMore(message.items.length - 25));
  return { text: lines.join("\n"), keyboard: keyboard([]) };
}

export function digestView(message: MessageOf<"digest">): View {
  const lines = [texts.digestTitle(formatVietnameseDate(message.date))];
  // Several active plans: a line per plan first (refs below are qualified by plan).
  if (message.byPlan.length > 0) lines.push("", texts.digestByPlan(), ...message.byPlan.map((p) => texts.digestPlanLine(escapeHtml(p.plan), p.overdue, p.dueSoon)));
  lines.push("", texts.digestOverdue(message.overdueByAgency.reduce((n, a) => n + a.count, 0)));
  // Agencies by name: the codes made up for agencies the registry does not know (X-…) mean nothing to a reader.
  for (const agency of message.overdueByAgency.slice(0, 10)) lines.push(`• ${escapeHtml(shorten(agency.name, 60))}: ${agency.count}`);
  lines.push("", texts.digestDueSoon(message.dueSoon.length));
  for (const task of message.dueSoon.slice(0, 10)) lines.push(`• ${escapeHtml(task.ref)} — ${formatVietnameseDate(task.due)} (${texts.agencyCount(task.agencies)})`);
  lines.push("", texts.digestUnreachable(message.unreachable.length));
  for (const person of message.unreachable.slice(0, 10)) lines.push(`• ${escapeHtml(person.name)}${person.agency ? ` (${escapeHtml(shorten(person.agency, 60))})` : ""}`);
  lines.push("", texts.digestWithoutFocal(message.withoutFocal.length));
  const tail = ["", texts.digestExtensions(message.pendingExtensions)];
  // The names of agencies without a focal officer take the room the other sections leave.
  const room = messageLimit - [...lines, ...tail].join("\n").length - 200;
  if (message.withoutFocal.length > 0 && room > 100) lines.push(escapeHtml(shorten(message.withoutFocal.map((a) => a.name).join("; "), room)));
  return { text: [...lines, ...tail].join("\n"), keyboard: keyboard([]) };
}

/** One view for every kind of `Contents`. */
export type MessageViews<Contents = MessageContents> = { [K in keyof Contents]: (message: MessageOf<K, Contents>) => View };

export const messageViews: MessageViews = {
  reminder: reminderView,
  backlog: backlogView,
  checkin: checkInView,
  unreachable: unreachableView,
  extension: extensionRequestView,
  extension_decided: extensionDecidedView,
  extension_withdrawn: extensionWithdrawnView,
  escalation: escalationView,
  digest: digestView,
  agency_notice: (message) => agencyNoticeView(message.notice),
  obstacle: obstacleView,
};

function renderKind<K extends MessageKind>(message: MessageOf<K>): View {
  return messageViews[message.kind](message);
}

export function renderMessage(message: OutgoingMessage): View {
  return renderKind(message);
}
