/**
 * Groups other than the configured coordinators' group: the bot does not work there. When it is
 * added it says so in one line and leaves; anything else from such a group (it was added before,
 * or the leave failed) makes it leave again, without answering.
 */
import type { BotContext } from "./context.js";
import { texts } from "./texts.js";

const joinedStates = new Set(["member", "administrator", "restricted"]);

export async function leaveUnknownGroup(ctx: BotContext): Promise<void> {
  const chatId = ctx.chat!.id;
  const membership = ctx.myChatMember;
  if (membership && !joinedStates.has(membership.new_chat_member.status)) return; // already out
  try {
    if (membership && membership.old_chat_member.status !== membership.new_chat_member.status) {
      await ctx.telegram.sendMessage(chatId, texts.leavingGroup());
    }
    await ctx.telegram.leaveChat(chatId);
    ctx.log.info({ chat: chatId, chat_type: ctx.chat!.type }, "left a group that is not the coordinators' group");
  } catch (error) {
    ctx.log.warn({ err: error, chat: chatId }, "could not leave a group");
  }
}
