/**
 * How each kind of message the bot sends on its own looks in the chat: one view for every kind
 * of `MessageContents` (domain/notice-kinds.ts), so a kind without its view does not compile.
 */
import type { MessageContents, MessageKind, MessageOf, OutgoingMessage } from "../../domain/notice-kinds.js";
import { agencyNoticeView } from "./registry-view.js";
import {
  backlogView,
  checkInView,
  digestView,
  escalationView,
  extensionDecidedView,
  extensionRequestView,
  extensionWithdrawnView,
  obstacleView,
  reminderView,
  unreachableView,
} from "./reminder-view.js";
import type { View } from "./tasks-view.js";

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
