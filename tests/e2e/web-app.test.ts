/**
 * The coordinators' Mini App over real HTTP, served by the real service (polling mode, its own
 * port) beside the bot talking to the Bot API emulator: the menu button and the /status button,
 * /web login links, sessions, who sees what, evidence files proxied without the token, escaping.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { sessionCookieOf, signedInitData, webEnv } from "../support/web-fixtures.js";

let h: BotHarness;
let base: string;

beforeEach(async () => {
  const web = await webEnv();
  base = web.base;
  h = await startBotHarness({ env: web.env });
});
afterEach(async () => {
  await h.stop();
});

async function join(userId: number, agency: string | null, role: "focal" | "coordinator" | "admin") {
  const user = h.emu.user(userId, { first_name: role === "focal" ? "Hà" : "Lan", last_name: "Nguyễn" });
  user.sendCommand("/start", await h.invite(agency, role));
  await h.settle();
  return user;
}

async function loginByInitData(userId: number): Promise<string> {
  const response = await fetch(`${base}auth/telegram`, { method: "POST", body: signedInitData({ id: userId }, h.now()) });
  expect(response.status).toBe(200);
  return sessionCookieOf(response);
}

const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
const agencyId = async (code: string) => (await h.service.app.db.selectFrom("agencies").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
const taskId = async (ref: string) => (await h.service.app.db.selectFrom("tasks").select("id").where("ref", "=", ref).executeTakeFirstOrThrow()).id;

describe("in the chat", () => {
  it("gives coordinators the app on their menu button and under /status; focal officers keep the command menu", async () => {
    const coordinator = await join(201, null, "coordinator");
    expect(h.emu.menuButton(201)).toEqual({ type: "web_app", text: "📊 Bảng theo dõi", web_app: { url: base } });
    coordinator.sendCommand("/status");
    await h.settle();
    const status = coordinator.inbox().find((m) => m.text?.includes("Tình hình"))!;
    expect(status.replyMarkup).toEqual({ inline_keyboard: [[{ text: "📊 Bảng theo dõi", web_app: { url: base } }]] });
    await join(202, "STC", "focal");
    expect(h.emu.menuButton(202)).toEqual({ type: "commands" });
  });

  it("/web gives a one-time link: a page with a button (link previews do not use it up), then a session", async () => {
    const coordinator = await join(203, null, "coordinator");
    coordinator.sendCommand("/web");
    await h.settle();
    const link = /http:\/\/\S+\/login\?code=[A-Za-z0-9_-]+/.exec(coordinator.lastReceived()!.text!)![0];
    const preview = await fetch(link);
    expect(await preview.text()).toContain("Đăng nhập");
    const code = new URL(link).searchParams.get("code")!;
    const login = await fetch(`${base}login`, { method: "POST", body: new URLSearchParams({ code }), redirect: "manual" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/web/overview");
    expect(login.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);
    const overview = await get("overview", sessionCookieOf(login));
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain("Sở Tài chính");
    const again = await fetch(`${base}login`, { method: "POST", body: new URLSearchParams({ code }), redirect: "manual" });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain("đã dùng hoặc đã hết hạn");
  });
});

describe("pages", () => {
  it("need a session, and send a strict Content-Security-Policy", async () => {
    for (const path of ["overview", `agency/${await agencyId("STC")}`, "downloads", "download/xlsx", "upcoming"]) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(await response.text()).toContain("Phiên làm việc đã hết hạn hoặc chưa đăng nhập");
    }
    const entry = await get("");
    expect(entry.headers.get("content-security-policy")).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self' https://web.telegram.org",
    );
    expect(await entry.text()).not.toMatch(/<script>|<style>| on\w+=/);
  });

  it("refuse forged or replayed launch data", async () => {
    await join(204, null, "coordinator");
    const initData = signedInitData({ id: 204 }, h.now());
    const forged = await fetch(`${base}auth/telegram`, { method: "POST", body: initData.replace("204", "205") });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { message: string }).message).toContain("không phải do Telegram ký");
    expect((await fetch(`${base}auth/telegram`, { method: "POST", body: initData })).status).toBe(200);
    const replayed = await fetch(`${base}auth/telegram`, { method: "POST", body: initData });
    expect(replayed.status).toBe(401);
  });

  it("show a focal officer their agency only; files come through dondoc, escaped names, never the token", async () => {
    const officer = await join(206, "STC", "focal");
    const card = await h.openCard(officer, "IV.2");
    officer.sendDocument(`<img src=x onerror=alert(1)>.pdf`, Buffer.from("%PDF-1.4 minh chứng"), { caption: "đã hoàn thành <b>100%</b>", replyToMessageId: card.messageId });
    await h.settle();
    await join(207, null, "coordinator");

    const focal = await loginByInitData(206);
    const own = await get(`agency/${await agencyId("STC")}`, focal);
    expect(own.status).toBe(200);
    expect((await get(`agency/${await agencyId("SCT")}`, focal)).status).toBe(403);
    expect((await get("overview", focal)).headers.get("location")).toBe(`/web/agency/${await agencyId("STC")}`);
    expect((await get("downloads", focal)).status).toBe(403);
    expect((await get("download/xlsx", focal)).status).toBe(403);

    const coordinator = await loginByInitData(207);
    const task = await get(`task/${await taskId("IV.2")}`, coordinator);
    const page = await task.text();
    expect(page).toContain("đã hoàn thành &lt;b&gt;100%&lt;/b&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;.pdf");
    expect(page).not.toContain("<img src=x");
    expect(page).not.toContain(h.emu.token);
    const fileLink = /href="(\/web\/file\/\d+\/0)"/.exec(page)![1]!;
    const file = await fetch(`http://${new URL(base).host}${fileLink}`, { headers: { cookie: coordinator } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("%PDF-1.4 minh chứng");
    expect(file.headers.get("content-disposition")).toContain("attachment;");
    expect(file.headers.get("content-type")).toBe("application/octet-stream");
    // The officer's own report's file, too; another agency's officer cannot have it.
    expect((await fetch(`http://${new URL(base).host}${fileLink}`, { headers: { cookie: focal } })).status).toBe(200);
    await join(208, "SCT", "focal");
    const other = await loginByInitData(208);
    expect((await fetch(`http://${new URL(base).host}${fileLink}`, { headers: { cookie: other } })).status).toBe(403);
  });

  it("turn away a deactivated person at the next request", async () => {
    const coordinator = await join(209, null, "coordinator");
    void coordinator;
    const cookie = await loginByInitData(209);
    expect((await get("overview", cookie)).status).toBe(200);
    await h.service.app.db.updateTable("people").set({ state: "left" }).where("telegram_user_id", "=", 209).execute();
    expect((await get("overview", cookie)).status).toBe(401);
  });
});
