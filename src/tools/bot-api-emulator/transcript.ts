/**
 * The emulator console's chat transcript (see console.ts): follows the calls the
 * emulator records and prints every message the bot sends, edits or deletes as soon as it is
 * answered, numbered in order of arrival, with its inline buttons numbered below it:
 *
 *   [12] bot → Lan: Nhiệm vụ III.5.1.a.1 …
 *      (1) Đang thực hiện  (2) Hoàn thành
 *   [12 sửa] bot → Lan: …
 */
import type { BotApiEmulator, RecordedCall } from "./emulator.js";

type Json = Record<string, unknown>;
export interface Button {
  text: string;
  callback_data?: string;
  url?: string;
}
export interface MessageRef {
  chatId: number;
  messageId: number;
}

const SENDS = new Set(["sendMessage", "sendDocument", "sendPhoto"]);
const EDITS = new Set(["editMessageText", "editMessageCaption", "editMessageReplyMarkup"]);
const WATCHED = new Set([...SENDS, ...EDITS, "deleteMessage", "answerCallbackQuery"]);
const HOUR = 3_600_000;

export class Transcript {
  /** console number n → message; index n - 1 */
  private readonly refs: MessageRef[] = [];
  private readonly numbers = new Map<string, number>();
  private cursor = 0;
  private following = false;

  constructor(
    private readonly emu: BotApiEmulator,
    private readonly print: (text: string) => void,
    /** display name of a private chat's user */
    private readonly nameOf: (userId: number) => string | undefined,
  ) {}

  /** Prints the bot's messages as they arrive, until stop(). Waits on the emulator's calls. */
  async follow(): Promise<void> {
    this.following = true;
    while (this.following) {
      try {
        await this.emu.waitFor((call) => WATCHED.has(call.method) && call.status !== undefined, HOUR, { since: this.cursor });
      } catch {
        // an hour without a message from the bot: keep waiting
      }
      this.flush();
    }
  }

  stop(): void {
    this.following = false;
  }

  /** Prints every answered call not printed yet, in arrival order. */
  flush(): void {
    const calls = this.emu.calls;
    while (this.cursor < calls.length) {
      const call = calls[this.cursor]!;
      if (WATCHED.has(call.method) && call.status === undefined) return; // still being answered
      this.cursor += 1;
      if (WATCHED.has(call.method)) this.show(call);
    }
  }

  message(n: number): MessageRef | undefined {
    return this.refs[n - 1];
  }

  /** The inline buttons message n has now, in reading order. */
  buttons(n: number): Button[] {
    const ref = this.message(n);
    const sent = ref && this.emu.sent(ref.chatId).find((m) => m.messageId === ref.messageId && !m.deleted);
    return inlineButtons(sent?.message as unknown as Json | undefined).flat();
  }

  private show(call: RecordedCall): void {
    const response = call.response;
    if (!response?.ok) {
      const why = response ? `${response.error_code} ${response.description}` : `HTTP ${call.status}`;
      this.print(`   ⚠ bot gọi ${call.method} bị lỗi / failed: ${why}`);
      return;
    }
    const params = call.params;
    if (call.method === "answerCallbackQuery") {
      if (typeof params.text === "string" && params.text !== "") this.print(`   ${params.show_alert ? "⚠" : "ℹ"} ${params.text}`);
      return;
    }
    if (call.method === "deleteMessage") {
      const n = this.numbers.get(key(Number(params.chat_id), Number(params.message_id)));
      this.print(`[${n ?? "?"} xoá] bot đã xoá tin nhắn / deleted`);
      return;
    }
    if (typeof response.result !== "object" || response.result === null) return; // inline-message edits
    const message = response.result as Json;
    const chat = message.chat as Json;
    const ref = { chatId: Number(chat.id), messageId: Number(message.message_id) };
    let n = this.numbers.get(key(ref.chatId, ref.messageId));
    const edited = n !== undefined && EDITS.has(call.method);
    if (n === undefined) {
      n = this.refs.push(ref);
      this.numbers.set(key(ref.chatId, ref.messageId), n);
    }
    const to = chat.type === "private" ? (this.nameOf(ref.chatId) ?? String(chat.first_name)) : `nhóm «${String(chat.title)}»`;
    const body = call.method === "editMessageReplyMarkup" ? "(chỉ đổi nút / buttons changed)" : this.body(message);
    this.print(`[${n}${edited ? " sửa" : ""}] bot → ${to}: ${body}`);
    let i = 0;
    for (const row of inlineButtons(message)) {
      this.print(`   ${row.map((b) => `(${++i}) ${b.text}${b.url ? ` ↗ ${b.url}` : ""}`).join("  ")}`);
    }
  }

  private body(message: Json): string {
    const parts: string[] = [];
    const reply = message.reply_to_message as Json | undefined;
    if (reply) {
      const n = this.numbers.get(key(Number((message.chat as Json).id), Number(reply.message_id)));
      parts.push(n !== undefined ? `(trả lời [${n}])` : "(trả lời tin của bạn)");
    }
    const document = message.document as Json | undefined;
    if (document) parts.push(`📎 ${String(document.file_name)} (${Number(document.file_size)} byte)`);
    if (message.photo) parts.push("🖼 ảnh / photo");
    const text = message.text ?? message.caption;
    if (typeof text === "string") parts.push(text);
    return parts
      .join(" ")
      .split("\n")
      .map((line, i) => (i === 0 || line === "" ? line : `    ${line}`))
      .join("\n");
  }
}

function inlineButtons(message: Json | undefined): Button[][] {
  const markup = message?.reply_markup as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard ?? [];
}

const key = (chatId: number, messageId: number) => `${chatId}:${messageId}`;
