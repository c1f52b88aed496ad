/**
 * The Bot API emulator's own behaviour, over real HTTP: raw `fetch` for the wire format,
 * telegraf's `Telegram` client / `Telegraf` bot for what the real bot code will see.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Input, Markup, Telegraf, Telegram, TelegramError } from "telegraf";
import { createBotApiEmulator, DEFAULT_GROUP_ID, UploadedFile, type BotApiEmulator, type EmulatorOptions } from "../../src/tools/bot-api-emulator/emulator.js";

let emu: BotApiEmulator;
let tg: Telegram;

async function open(options: EmulatorOptions = {}): Promise<void> {
  emu = createBotApiEmulator(options);
  await emu.start();
  tg = new Telegram(emu.token, { apiRoot: emu.url });
}

beforeEach(() => open());
afterEach(() => emu.stop());

interface RawReply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the raw reply's JSON is read field by field in assertions
  json: any;
}

async function raw(method: string, body?: unknown, init: { token?: string; contentType?: string } = {}): Promise<RawReply> {
  const contentType = init.contentType ?? "application/json";
  const res = await fetch(`${emu.url}/bot${init.token ?? emu.token}/${method}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

// biome-ignore lint/suspicious/noExplicitAny: telegraf's errors are read field by field in assertions
const failure = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );

describe("routing and getMe", () => {
  it("answers getMe over fetch and through telegraf", async () => {
    const wire = await raw("getMe");
    expect(wire.status).toBe(200);
    expect(wire.headers.get("content-type")).toBe("application/json");
    expect(wire.json).toMatchObject({ ok: true, result: { id: 7000000001, is_bot: true, username: "dondoc_test_bot" } });
    const me = await tg.getMe();
    expect(me).toEqual(wire.json.result);
    expect(emu.callsOf("getMe")).toHaveLength(2);
    expect(emu.calls[1]).toMatchObject({ method: "getMe", status: 200, transport: "json" });
  });

  it("rejects another token with 401 and unknown methods with 404, recording both", async () => {
    const wrong = await raw("getMe", {}, { token: "1:nope" });
    expect(wrong).toMatchObject({ status: 401, json: { ok: false, error_code: 401, description: "Unauthorized" } });
    const unknown = await raw("sendTelepathy", { chat_id: 1 });
    expect(unknown).toMatchObject({ status: 404, json: { ok: false, error_code: 404, description: "Not Found" } });
    const err = await failure(new Telegram("42:wrong-token", { apiRoot: emu.url }).getMe());
    expect(err).toBeInstanceOf(TelegramError);
    expect(err.code).toBe(401);
    expect(emu.calls.map((c) => [c.method, c.status])).toEqual([
      ["getMe", 401],
      ["sendTelepathy", 404],
      ["getMe", 401],
    ]);
  });

  it("treats method names case-insensitively and accepts urlencoded bodies", async () => {
    const alice = emu.user(111, { first_name: "Alice" });
    const reply = await raw("sendmessage", "chat_id=111&text=Xin%20ch%C3%A0o&disable_notification=true", {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(reply.json).toMatchObject({ ok: true, result: { chat: { id: 111 }, text: "Xin chào" } });
    expect(emu.calls[0]).toMatchObject({ method: "sendMessage", transport: "form", params: { chat_id: 111, disable_notification: true } });
    expect(alice.lastReceived()?.text).toBe("Xin chào");
  });
});

describe("getUpdates", () => {
  it("long poll returns as soon as an update arrives", async () => {
    const alice = emu.user(111, { first_name: "Alice", username: "alice", language_code: "vi" });
    const started = Date.now();
    const poll = tg.getUpdates(30, 100, 0, []);
    await emu.waitFor((c) => c.method === "getUpdates");
    const pushed = alice.sendText("hello /help");
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(updates).toEqual([pushed]);
    expect(pushed.message).toMatchObject({
      message_id: 1,
      from: { id: 111, is_bot: false, first_name: "Alice", username: "alice", language_code: "vi" },
      chat: { id: 111, type: "private", first_name: "Alice", username: "alice" },
      text: "hello /help",
      entities: [{ type: "bot_command", offset: 6, length: 5 }],
    });
  });

  it("offset confirms and drops earlier updates; limit caps the batch", async () => {
    const bob = emu.user(222);
    const [a, b, c] = [bob.sendText("a"), bob.sendText("b"), bob.sendCommand("/start", "ref42")];
    expect(b.update_id).toBe(a.update_id + 1);
    expect(c.message.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(await tg.getUpdates(0, 2, 0, [])).toEqual([a, b]);
    expect(await tg.getUpdates(0, 100, b.update_id + 1, [])).toEqual([c]);
    expect(emu.pendingUpdates()).toEqual([c]);
    expect(await tg.getUpdates(0, 100, c.update_id + 1, [])).toEqual([]);
    expect(emu.pendingUpdates()).toEqual([]);
  });

  it("a forged update keeps its update_id and can be delivered twice", async () => {
    const first = emu.user(1).sendText("once");
    const [got] = await tg.getUpdates(0, 100, 0, []);
    await tg.getUpdates(0, 100, got!.update_id + 1, []);
    emu.pushUpdate(structuredClone(first));
    expect(await tg.getUpdates(0, 100, got!.update_id + 1, [])).toEqual([first]);
  });

  it("a second waiting poll terminates the first with 409 Conflict, as api.telegram.org does", async () => {
    const first = failure(tg.getUpdates(30, 100, 0, []));
    await emu.waitFor((c) => c.method === "getUpdates");
    const second = new Telegram(emu.token, { apiRoot: emu.url }).getUpdates(30, 100, 0, []);
    const err = await first;
    expect(err).toBeInstanceOf(TelegramError);
    expect(err.code).toBe(409);
    expect(err.description).toBe("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    const update = emu.user(5).sendText("still polling");
    expect(await second).toEqual([update]);
  });

  it("with conflict: 'reject-newer' the second poll gets the 409", async () => {
    await emu.stop();
    await open({ conflict: "reject-newer" });
    const first = tg.getUpdates(30, 100, 0, []);
    await emu.waitFor((c) => c.method === "getUpdates");
    const second = await raw("getUpdates", { timeout: 30 });
    expect(second).toMatchObject({ status: 409, json: { ok: false, error_code: 409 } });
    const update = emu.user(5).sendText("hi");
    expect(await first).toEqual([update]);
  });

  it("stop() answers a waiting long poll with an empty result", async () => {
    const poll = raw("getUpdates", { timeout: 50 });
    await emu.waitFor((c) => c.method === "getUpdates");
    const started = Date.now();
    await emu.stop();
    expect(await poll).toMatchObject({ status: 200, json: { ok: true, result: [] } });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("allowed_updates and group privacy mode filter what gets queued", async () => {
    const carol = emu.user(333);
    await tg.getUpdates(0, 100, 0, ["callback_query"]);
    carol.sendText("not wanted");
    expect(emu.pendingUpdates()).toEqual([]);
    expect(emu.updates[0]?.dropped).toMatch(/allowed_updates/);
    await tg.getUpdates(0, 100, 0, []); // [] = back to the default set
    carol.sendText("chatter", { chatType: "group" });
    const command = carol.sendCommand("/status", undefined, { chatType: "group" });
    expect(command.message.chat).toEqual({ id: DEFAULT_GROUP_ID, type: "group", title: `Test group ${-DEFAULT_GROUP_ID}` });
    expect(emu.pendingUpdates()).toEqual([command]);
  });
});

describe("simulated users", () => {
  it("build photo, sticker, edited_message and group-reply updates like Telegram clients", async () => {
    const dan = emu.user(444, { first_name: "Dan" });
    const photo = dan.sendPhoto(undefined, { caption: "ảnh" });
    expect(photo.message.photo.map((p) => p.width)).toEqual([90, 800]);
    expect(photo.message.caption).toBe("ảnh");
    expect(dan.sendSticker({ emoji: "🔥" }).message.sticker).toMatchObject({ emoji: "🔥", type: "regular", width: 512 });
    const original = dan.sendText("draft");
    const edited = dan.editText(original.message.message_id, "final #tag");
    expect(edited.edited_message).toMatchObject({
      message_id: original.message.message_id,
      text: "final #tag",
      entities: [{ type: "hashtag", offset: 6, length: 4 }],
    });
    expect(typeof edited.edited_message.edit_date).toBe("number");

    const group = -1_009_999;
    emu.addChat({ id: group, type: "supergroup", title: "Ban chỉ đạo" });
    const announcement = await tg.sendMessage(group, "Báo cáo tiến độ");
    const reply = dan.sendText("đã xong", { chatId: group, chatType: "supergroup", replyToMessageId: announcement.message_id });
    expect(reply.message).toMatchObject({
      chat: { id: group, type: "supergroup", title: "Ban chỉ đạo" },
      reply_to_message: { message_id: announcement.message_id, from: { id: emu.botUser.id } },
    });
    expect(emu.pendingUpdates().at(-1)).toEqual(reply); // replies to the bot pass privacy mode
    expect(() => dan.sendText("x", { replyToMessageId: 999 })).toThrow(/no message 999/);
  });
});

describe("sending and editing", () => {
  it("sendMessage returns a faithful Message and per-chat message ids", async () => {
    const alice = emu.user(111, { first_name: "Alice" });
    const incoming = alice.sendText("question");
    const keyboard = Markup.inlineKeyboard([[Markup.button.callback("Done", "done:7")]]);
    const m1 = await tg.sendMessage(111, "<b>Task</b> 7 is due", {
      parse_mode: "HTML",
      ...keyboard,
      reply_parameters: { message_id: incoming.message.message_id },
    });
    expect(m1).toMatchObject({
      message_id: 2,
      from: { id: emu.botUser.id, is_bot: true },
      chat: { id: 111, type: "private" },
      text: "Task 7 is due",
      entities: [{ type: "bold", offset: 0, length: 4 }],
      reply_markup: { inline_keyboard: [[{ text: "Done", callback_data: "done:7" }]] },
      reply_to_message: { message_id: 1, text: "question" },
    });
    expect(Math.abs(m1.date - Date.now() / 1000)).toBeLessThan(5);
    emu.user(222);
    expect((await tg.sendMessage(222, "other chat")).message_id).toBe(1);
    expect((await tg.sendMessage(111, "again")).message_id).toBe(3);
    expect(emu.sent(111).map((m) => [m.messageId, m.text])).toEqual([
      [2, "Task 7 is due"],
      [3, "again"],
    ]);
    expect(emu.sent(111)[0]).toMatchObject({ parseMode: "HTML", replyToMessageId: 1, replyMarkup: keyboard.reply_markup });
    expect(emu.sent().map((m) => m.chatId)).toEqual([111, 222, 111]);
    const unknownChat = await failure(tg.sendMessage(999, "nobody"));
    expect(unknownChat.description).toBe("Bad Request: chat not found");
  });

  it("rejects text longer than 4096 characters after entity parsing", async () => {
    emu.user(1);
    const tooLong = await raw("sendMessage", { chat_id: 1, text: "ă".repeat(4097) });
    expect(tooLong).toMatchObject({ status: 400, json: { ok: false, error_code: 400, description: "Bad Request: message is too long" } });
    const fits = await tg.sendMessage(1, `<i>${"ă".repeat(4096)}</i>`, { parse_mode: "HTML" });
    expect(fits.text).toHaveLength(4096);
    const empty = await failure(tg.sendMessage(1, "  <b> </b> ", { parse_mode: "HTML" }));
    expect(empty.description).toBe("Bad Request: message text is empty");
  });

  it("rejects bad HTML with the real 'can't parse entities' errors", async () => {
    emu.user(1);
    const cases: Array<[string, string]> = [
      ["<b>open", "Can't find end tag corresponding to start tag b"],
      ["x <div>y</div>", 'Unsupported start tag "div" at byte offset 2'],
      ["<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
      ["a </b>", "Unexpected end tag at byte offset 2"],
      ["ký <b", "Unclosed start tag at byte offset 4"],
    ];
    for (const [text, reason] of cases) {
      const reply = await raw("sendMessage", { chat_id: 1, text, parse_mode: "HTML" });
      expect(reply.status).toBe(400);
      expect(reply.json.description).toBe(`Bad Request: can't parse entities: ${reason}`);
    }
    const ok = await tg.sendMessage(1, 'a &lt;b&gt; &amp; <a href="https://x.vn/p?q=1&amp;r=2">link</a> <code>c</code>', { parse_mode: "HTML" });
    expect(ok.text).toBe("a <b> & link c");
    expect(ok.entities).toEqual([
      { type: "text_link", offset: 8, length: 4, url: "https://x.vn/p?q=1&r=2" },
      { type: "code", offset: 13, length: 1 },
    ]);
  });

  it("editMessageText edits, refuses no-op edits and unknown messages", async () => {
    emu.user(1);
    const kb = Markup.inlineKeyboard([Markup.button.callback("OK", "ok")]);
    const m = await tg.sendMessage(1, "draft", kb);
    const notModified = await failure(tg.editMessageText(1, m.message_id, undefined, "draft", kb));
    expect(notModified.code).toBe(400);
    expect(notModified.description).toMatch(/^Bad Request: message is not modified/);
    const edited = await tg.editMessageText(1, m.message_id, undefined, "final");
    expect(edited).toMatchObject({ message_id: m.message_id, text: "final" });
    expect(edited).not.toHaveProperty("reply_markup"); // no reply_markup in the edit = keyboard removed
    expect(typeof (edited as { edit_date?: number }).edit_date).toBe("number");
    expect(emu.lastSent(1)).toMatchObject({ text: "final", history: ["draft"], editCount: 1 });
    expect(emu.lastSent(1)?.replyMarkup).toBeUndefined();
    const missing = await failure(tg.editMessageText(1, 999, undefined, "x"));
    expect(missing.description).toBe("Bad Request: message to edit not found");
    await tg.editMessageReplyMarkup(1, m.message_id, undefined, kb.reply_markup);
    expect(emu.lastSent(1)?.replyMarkup).toEqual(kb.reply_markup);
    expect(await tg.deleteMessage(1, m.message_id)).toBe(true);
    expect(emu.sent(1)[0]?.deleted).toBe(true);
    expect((await failure(tg.deleteMessage(1, m.message_id))).description).toBe("Bad Request: message to delete not found");
  });

  it("answerCallbackQuery needs a real, unanswered query id and ≤ 200 chars", async () => {
    const alice = emu.user(1);
    const m = await tg.sendMessage(1, "pick", Markup.inlineKeyboard([Markup.button.callback("A", "a")]));
    const press = alice.pressButton(m, "a");
    expect(press.callback_query).toMatchObject({ from: { id: 1 }, data: "a", message: { message_id: m.message_id, text: "pick" } });
    expect(() => alice.pressButton(m, "zzz")).toThrow(/no button "zzz"/);
    const id = press.callback_query.id;
    expect((await failure(tg.answerCbQuery(id, "x".repeat(201)))).description).toBe("Bad Request: MESSAGE_TOO_LONG");
    expect(await tg.answerCbQuery(id, "Saved")).toBe(true);
    expect(emu.callbackAnswer(id)).toMatchObject({ text: "Saved" });
    const again = await failure(tg.answerCbQuery(id));
    expect(again.description).toBe("Bad Request: query is too old and response timeout expired or query ID is invalid");
  });

  it("sendDocument arrives as multipart with name, bytes, caption and a JSON-encoded reply_markup", async () => {
    emu.user(1);
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x0d, 0x0a]);
    const kb = Markup.inlineKeyboard([Markup.button.callback("Mở", "open")]);
    const m = await tg.sendDocument(1, Input.fromBuffer(bytes, "Báo cáo tuần.pdf"), { caption: "<b>Báo cáo</b>", parse_mode: "HTML", ...kb });
    const call = emu.callsOf("sendDocument")[0]!;
    expect(call.transport).toBe("multipart");
    expect(call.params).not.toHaveProperty("method");
    expect(call.params.reply_markup).toEqual(kb.reply_markup);
    expect(call.params.document).toBeInstanceOf(UploadedFile);
    expect((call.params.document as UploadedFile).bytes.equals(bytes)).toBe(true);
    expect(m).toMatchObject({
      caption: "Báo cáo",
      caption_entities: [{ type: "bold", offset: 0, length: 7 }],
      reply_markup: kb.reply_markup,
      document: { file_name: "Báo cáo tuần.pdf", mime_type: "application/pdf", file_size: 8 },
    });
    expect(m.document.file_id).toMatch(/^BQAC/);
    expect(emu.lastSent(1)?.document).toMatchObject({ fileName: "Báo cáo tuần.pdf", size: 8 });
    expect(emu.lastSent(1)?.document?.bytes.equals(bytes)).toBe(true);
    const photo = await tg.sendPhoto(1, Input.fromBuffer(Buffer.from("jpeg"), "p.jpg"));
    expect(photo.photo.at(-1)).toMatchObject({ file_size: 4 });
  });

  it("getFile and the file URL serve what a user sent", async () => {
    const alice = emu.user(1);
    const upd = alice.sendDocument("ke-hoach.txt", "Nhiệm vụ 1", { caption: "kế hoạch" });
    expect(upd.message).toMatchObject({ caption: "kế hoạch", document: { file_name: "ke-hoach.txt", mime_type: "text/plain" } });
    const file = await tg.getFile(upd.message.document.file_id);
    expect(file).toMatchObject({ file_size: Buffer.byteLength("Nhiệm vụ 1"), file_path: expect.stringMatching(/^documents\/file_\d+\.txt$/) });
    const link = await tg.getFileLink(upd.message.document.file_id);
    expect(await (await fetch(link)).text()).toBe("Nhiệm vụ 1");
    expect((await failure(tg.getFile("nope"))).description).toBe("Bad Request: invalid file_id");
  });

  it("keeps commands and webhook settings", async () => {
    await tg.setMyCommands([{ command: "start", description: "Bắt đầu" }]);
    expect(await tg.getMyCommands()).toEqual([{ command: "start", description: "Bắt đầu" }]);
    expect(emu.myCommands()).toHaveLength(1);
    expect((await failure(tg.setMyCommands([{ command: "Bad-Cmd", description: "x" }]))).description).toBe("Bad Request: BOT_COMMAND_INVALID");
    const set = await raw("setWebhook", { url: "https://example.org/hook" });
    expect(set.json).toEqual({ ok: true, result: true, description: "Webhook was set" });
    expect((await tg.getWebhookInfo()).url).toBe("https://example.org/hook");
    expect((await failure(tg.getUpdates(0, 100, 0, []))).code).toBe(409);
    expect(await tg.deleteWebhook()).toBe(true);
    expect((await tg.getWebhookInfo()).url).toBe("");
    expect(await tg.sendChatAction(111, "typing").catch((e: TelegramError) => e.description)).toBe("Bad Request: chat not found");
    emu.user(111);
    expect(await tg.sendChatAction(111, "typing")).toBe(true);
  });
});

describe("faults", () => {
  beforeEach(() => {
    emu.user(1);
  });

  it("429 carries retry_after on the wire and in telegraf's TelegramError", async () => {
    emu.failNext("sendMessage", { kind: "status", code: 429, retryAfter: 3 }, 2);
    const wire = await raw("sendMessage", { chat_id: 1, text: "x" });
    expect(wire.status).toBe(429);
    expect(wire.headers.get("retry-after")).toBe("3");
    expect(wire.json).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 3", parameters: { retry_after: 3 } });
    const err = await failure(tg.sendMessage(1, "x"));
    expect(err).toBeInstanceOf(TelegramError);
    expect(err.code).toBe(429);
    expect(err.parameters).toEqual({ retry_after: 3 });
    expect((await tg.sendMessage(1, "third time")).text).toBe("third time");
    expect(emu.callsOf("sendMessage").map((c) => c.fault?.kind ?? "none")).toEqual(["status", "status", "none"]);
    expect(emu.sent(1)).toHaveLength(1);
  });

  it("403, 400 and 5xx statuses", async () => {
    emu.failNext("sendMessage", { kind: "status", code: 403 });
    expect((await failure(tg.sendMessage(1, "x"))).response).toEqual({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    emu.failNext("sendMessage", { kind: "status", code: 400, description: "Bad Request: chat not found" });
    expect((await failure(tg.sendMessage(1, "x"))).description).toBe("Bad Request: chat not found");
    emu.failNext("sendMessage", { kind: "status", code: 500 });
    const e500 = await failure(tg.sendMessage(1, "x"));
    expect([e500.code, e500.description]).toEqual([500, "Internal Server Error"]);
    emu.failNext("*", { kind: "status", code: 502 });
    const wire = await raw("getMe");
    expect(wire.status).toBe(502);
    expect(wire.headers.get("content-type")).toBe("text/html");
    expect(wire.text).toContain("<title>502 Bad Gateway</title>");
    emu.failNext("getMe", { kind: "status", code: 502 });
    const e502 = await failure(tg.getMe());
    expect([e502.code, e502.description]).toEqual([502, "Bad Gateway"]);
  });

  it("timeout holds the request, then drops the socket: telegraf sees a FetchError", async () => {
    emu.failNext("sendMessage", { kind: "timeout", ms: 150 });
    const started = Date.now();
    const err = await failure(tg.sendMessage(1, "slow"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(err.name).toBe("FetchError");
    expect(err.code).toBe("ECONNRESET");
    expect(emu.callsOf("sendMessage")[0]).toMatchObject({ fault: { kind: "timeout", ms: 150 }, params: { text: "slow" } });
    expect(emu.callsOf("sendMessage")[0]).not.toHaveProperty("status");
    expect(emu.sent(1)).toHaveLength(0);
  });

  it("reset drops the socket at once; with apply the message is sent but the answer lost", async () => {
    emu.failNext("sendMessage", { kind: "reset" });
    const err = await failure(tg.sendMessage(1, "lost"));
    expect([err.name, err.code]).toEqual(["FetchError", "ECONNRESET"]);
    expect(emu.sent(1)).toHaveLength(0);
    emu.failNext("sendMessage", { kind: "reset", apply: true });
    await failure(tg.sendMessage(1, "delivered anyway"));
    expect(emu.sent(1).map((m) => m.text)).toEqual(["delivered anyway"]);
    await expect(fetch(`${emu.url}/bot${emu.token}/getMe`)).resolves.toHaveProperty("status", 200);
  });

  it("failWhen applies until disposed", async () => {
    emu.user(2);
    const dispose = emu.failWhen((c) => c.method === "sendMessage" && c.params.chat_id === 2, { kind: "status", code: 403 });
    expect((await failure(tg.sendMessage(2, "a"))).code).toBe(403);
    expect((await failure(tg.sendMessage(2, "b"))).code).toBe(403);
    expect((await tg.sendMessage(1, "other chat")).chat.id).toBe(1);
    dispose();
    expect((await tg.sendMessage(2, "c")).text).toBe("c");
  });
});

describe("rate limits", () => {
  it("answers 429 with retry_after when a chat or the whole bot goes too fast", async () => {
    await emu.stop();
    await open({ rateLimit: { perChatPerSecond: 1, globalPerSecond: 3 } });
    for (const id of [1, 2, 3, 4]) emu.user(id);
    await tg.sendMessage(1, "first");
    const sameChat = await failure(tg.sendMessage(1, "too soon"));
    expect(sameChat.code).toBe(429);
    expect(sameChat.parameters).toEqual({ retry_after: 1 });
    await tg.sendMessage(2, "b");
    await tg.sendMessage(3, "c");
    const global = await raw("sendMessage", { chat_id: 4, text: "d" });
    expect(global.json).toEqual({ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    expect(emu.stats).toEqual({ tooManyRequests: 2, delivered: 3 });
    expect(emu.callsOf("sendMessage").filter((c) => c.rateLimited)).toHaveLength(2);
  });

  it("lets paced sends through", async () => {
    await emu.stop();
    await open({ rateLimit: { perChatPerSecond: 20, globalPerSecond: 30 } });
    emu.user(1);
    for (let i = 0; i < 4; i++) {
      await tg.sendMessage(1, `tick ${i}`);
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(emu.stats).toEqual({ tooManyRequests: 0, delivered: 4 });
  });
});

describe("a real Telegraf bot against the emulator", () => {
  it("launches, handles a command, a button press and a duplicate update, then stops", async () => {
    const bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.url } });
    const seen: string[] = [];
    bot.start((ctx) => ctx.reply(`Chào ${ctx.from.first_name}`, Markup.inlineKeyboard([Markup.button.callback("Xong", "done")])));
    bot.action("done", async (ctx) => {
      await ctx.answerCbQuery("Đã ghi nhận");
      await ctx.editMessageText("Hoàn thành ✅");
    });
    bot.on("text", (ctx) => void seen.push(ctx.message.text));
    const running = bot.launch();
    await emu.waitFor((c) => c.method === "getUpdates" && c.params.timeout === 50);
    expect(emu.calls.slice(0, 2).map((c) => c.method)).toEqual(["getMe", "deleteWebhook"]);

    const alice = emu.user(111, { first_name: "Alice" });
    alice.sendCommand("/start");
    const welcome = await emu.waitForSent((m) => m.chatId === 111);
    expect(welcome.text).toBe("Chào Alice");

    alice.pressButton(welcome, "done");
    await emu.waitFor((c) => c.method === "editMessageText" && c.status === 200);
    expect(emu.lastSent(111)).toMatchObject({ text: "Hoàn thành ✅", editCount: 1 });
    expect(emu.callsOf("answerCallbackQuery")[0]?.params).toMatchObject({ text: "Đã ghi nhận" });

    const dup = alice.sendText("twice");
    await emu.idle();
    emu.pushUpdate(structuredClone(dup)); // same update_id again
    await emu.idle();
    expect(seen).toEqual(["twice", "twice"]);

    bot.stop("test over");
    await running;
    expect(emu.pendingUpdates()).toEqual([]);
  });

  it("waitFor rejects with a readable summary on timeout", async () => {
    await tg.getMe();
    await expect(emu.waitFor((c) => c.method === "sendMessage", 50)).rejects.toThrow(/nothing matched within 50 ms\. Calls so far: getMe→200/);
  });
});
