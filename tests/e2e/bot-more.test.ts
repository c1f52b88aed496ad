/** More of the bot end to end: edits, evidence files, the coordinators' group, webhook mode. */
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function openCard(userId: number, agency: string, ref: string) {
  const officer = h.emu.user(userId, { first_name: "Hà" });
  officer.sendCommand("/start", await h.invite(agency));
  await h.settle();
  return { officer, card: await h.openCard(officer, ref) };
}

describe("replies", () => {
  it("follows an edited reply and keeps a document as evidence", async () => {
    h = await startBotHarness();
    const { officer, card } = await openCard(401, "STC", "IV.2");
    const sent = officer.sendText("đang thực hiện 40%", { replyToMessageId: card.messageId });
    await h.settle();
    officer.editText(sent.message.message_id, "đã hoàn thành, đã gửi báo cáo số 77/BC-STC");
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Đã sửa cập nhật cho IV.2: Hoàn thành 100%.");
    const db = h.service.app.db;
    expect(await db.selectFrom("status_updates").select(["kind", "percent", "text"]).execute()).toEqual([{ kind: "done", percent: 100, text: "đã hoàn thành, đã gửi báo cáo số 77/BC-STC" }]);
    expect((await db.selectFrom("cycles").select("completed_on").where("completed_on", "is not", null).execute()).length).toBe(1);

    officer.sendDocument("bao-cao-77.pdf", Buffer.from("%PDF-1.4 báo cáo"), { caption: "Báo cáo kèm theo", replyToMessageId: card.messageId });
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Kèm 1 tệp minh chứng.");
    const evidence = await db.selectFrom("status_updates").select(["file_ids", "text"]).where("text", "=", "Báo cáo kèm theo").executeTakeFirstOrThrow();
    expect(JSON.parse(evidence.file_ids)).toHaveLength(1);
  });

  it("turns an extension request by reply into a pending request with its date", async () => {
    h = await startBotHarness();
    const { officer, card } = await openCard(402, "SCT", "IV.2");
    officer.pressButton(card, buttonData(card, "Xin gia hạn"));
    await h.settle();
    const question = officer.lastReceived()!;
    expect(question.text).toContain("trả lời tin nhắn này với ngày đề nghị");
    officer.sendText("xin gia hạn đến 15/12 vì chờ số liệu của Cục Thống kê", { replyToMessageId: question.messageId });
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Đề nghị gia hạn đến 15/12/2026 đã gửi điều phối viên.");
    const request = await h.service.app.db.selectFrom("extension_requests").select(["proposed_due_on", "state"]).executeTakeFirstOrThrow();
    expect(request).toEqual({ proposed_due_on: "2026-12-15", state: "pending" });

    officer.sendText("xin gia hạn đến 01/01/2020", { replyToMessageId: question.messageId });
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Ngày đề nghị đã qua");
  });
});

describe("the coordinators' group", () => {
  it("answers /status there for coordinators, and nothing for officers' free text", async () => {
    h = await startBotHarness({ env: { COORDINATOR_CHAT_ID: "-4123456789" } });
    const coordinator = h.emu.user(501, { first_name: "Minh" });
    coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
    await h.settle();
    coordinator.sendCommand("/status", undefined, { chatType: "group", chatId: -4123456789 });
    await h.settle();
    expect(h.emu.sent(-4123456789).map((m) => m.method)).toEqual(["sendMessage", "sendPhoto"]);
    expect(h.emu.sent(-4123456789).at(-2)?.text).toContain("Tình hình thực hiện");
    coordinator.sendCommand("/tasks", undefined, { chatType: "group", chatId: -4123456789 });
    await h.settle();
    expect(h.emu.sent(-4123456789).at(-1)?.text).toContain("cuộc trò chuyện riêng");
    const officer = h.emu.user(502, { first_name: "Lan" });
    officer.sendCommand("/start", await h.invite("STC"));
    await h.settle();
    officer.sendCommand("/status", undefined, { chatType: "group", chatId: -4123456789 });
    await h.settle();
    expect(h.emu.sent(-4123456789).at(-1)?.text).toContain("dành cho điều phối viên");
  });

  it("lists in /help there only the commands the group may use", async () => {
    h = await startBotHarness({ env: { COORDINATOR_CHAT_ID: "-4123456789" } });
    const coordinator = h.emu.user(503, { first_name: "Minh" });
    coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
    await h.settle();
    coordinator.sendCommand("/help", undefined, { chatType: "group", chatId: -4123456789 });
    await h.settle();
    const help = h.emu.sent(-4123456789).at(-1)!.text!;
    for (const command of ["/status", "/overdue", "/upcoming", "/report", "/history"]) expect(help).toContain(`${command} `);
    // The others would answer "private chat only" there.
    for (const command of ["/tasks", "/setdue", "/setlead", "/plans", "/web"]) expect(help).not.toContain(command);
    expect(help).toContain("nhắn riêng cho bot");
    coordinator.sendCommand("/help");
    await h.settle();
    expect(coordinator.lastReceived()?.text).toContain("/setlead ");
  });
});

describe("webhook mode", () => {
  it("accepts updates only with the secret, and answers a health check", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    h = await startBotHarness({ env: { BOT_MODE: "webhook", WEBHOOK_URL: "https://dondoc.example.gov.vn/tg/hook", WEBHOOK_SECRET: "the-webhook-secret-123", PORT: String(port) } });
    expect(h.emu.webhook?.url).toBe("https://dondoc.example.gov.vn/tg/hook");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const update = {
      update_id: 5_000_001,
      message: {
        message_id: 1,
        date: 1_790_000_000,
        chat: { id: 601, type: "private", first_name: "X" },
        from: { id: 601, is_bot: false, first_name: "X" },
        text: "/help",
        entities: [{ type: "bot_command", offset: 0, length: 5 }],
      },
    };
    h.emu.user(601, { first_name: "X" });
    const forged = await fetch(`http://127.0.0.1:${port}/tg/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" },
      body: JSON.stringify(update),
    });
    expect(forged.status).toBe(403);
    expect(h.emu.sent(601)).toHaveLength(0);
    const genuine = await fetch(`http://127.0.0.1:${port}/tg/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "the-webhook-secret-123" },
      body: JSON.stringify(update),
    });
    expect(genuine.status).toBe(200);
    await h.emu.waitForSent((m) => m.chatId === 601);
    expect(h.emu.sent(601)[0]?.text).toContain("cần đường dẫn mời");
  });
});
