/**
 * The Mini App in a real browser: headless Chromium opens it as Telegram does (launch
 * parameters in the URL fragment), against the real service and the Bot API emulator. A
 * coordinator opens the overview, sorts by overdue, opens an agency and a task, downloads the
 * spreadsheet; forged and stale launch data and a focal officer reaching for another agency are
 * refused. Each page's screenshot goes to test-output/screenshots/.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { browserMissing, inCi, launchChromium, screenshotPath } from "../support/browser.js";
import { signedInitData, webEnv } from "../support/web-fixtures.js";

const missing = browserMissing();
if (missing !== null && inCi) {
  describe("browser tests in CI", () => {
    it("need Chromium", () => {
      throw new Error(`CI=true but ${missing}: .ci/run installs Debian's chromium`);
    });
  });
} else if (missing !== null) {
  console.warn(`[web-browser] skipped: ${missing}`);
}

const theme = {
  bg_color: "#17212b",
  text_color: "#f5f5f5",
  hint_color: "#708499",
  link_color: "#6ab3f3",
  button_color: "#5288c1",
  button_text_color: "#ffffff",
  secondary_bg_color: "#232e3c",
};

describe.skipIf(missing !== null)("the Mini App in Chromium", () => {
  let h: BotHarness;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const web = await webEnv();
    base = web.base;
    h = await startBotHarness({ env: web.env });
    browser = await launchChromium();
    for (const [id, agency, role] of [
      [301, null, "coordinator"],
      [302, "STC", "focal"],
    ] as const) {
      const user = h.emu.user(id, { first_name: role === "focal" ? "Hà" : "Lan", last_name: "Nguyễn" });
      user.sendCommand("/start", await h.invite(agency, role));
      await h.settle();
    }
    const officer = h.emu.user(302, { first_name: "Hà", last_name: "Nguyễn" });
    const card = await h.openCard(officer, "IV.2");
    officer.sendDocument("bao-cao-so-77.pdf", Buffer.from("%PDF-1.4 minh chứng"), { caption: "đang thực hiện 60%, <b>đã gửi dự thảo</b>", replyToMessageId: card.messageId });
    await h.settle();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  /** Opens the app as Telegram's client does: the signed data and the theme in the fragment. */
  async function openAsTelegram(context: BrowserContext, initData: string): Promise<Page> {
    const page = await context.newPage();
    const fragment = new URLSearchParams({ tgWebAppData: initData, tgWebAppVersion: "8.0", tgWebAppPlatform: "android", tgWebAppThemeParams: JSON.stringify(theme) });
    await page.goto(`${base}#${fragment.toString()}`);
    return page;
  }

  const columnValues = (page: Page, status: string) => page.$$eval(`#agencies tbody tr:not([hidden]) td[data-status="${status}"]`, (cells) => cells.map((c) => Number(c.textContent)));

  it("lets a coordinator sort the overview by overdue, open an agency and a task, and download the spreadsheet", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, locale: "vi-VN" });
    const page = await openAsTelegram(context, signedInitData({ id: 301 }, h.now()));
    await page.waitForURL(/\/web\/overview$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tình hình thực hiện");
    // Telegram's colours from the launch parameters.
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(23, 33, 43)");

    await page.click("#agencies th:has-text('Cơ quan') button");
    await page.click("#agencies th:has-text('Quá hạn') button");
    expect(await page.getAttribute("#agencies th:has-text('Quá hạn')", "aria-sort")).toBe("descending");
    const descending = await columnValues(page, "overdue");
    expect(descending.length).toBeGreaterThan(10);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.click("#agencies th:has-text('Quá hạn') button");
    const ascending = await columnValues(page, "overdue");
    expect(ascending).toEqual([...descending].reverse().sort((a, b) => a - b));
    await page.click("#agencies th:has-text('Quá hạn') button");
    await page.screenshot({ path: screenshotPath("overview") });

    await page.fill("input[data-filter='agencies']", "tai chinh");
    expect(await page.locator("#agencies tbody tr:not([hidden])").count()).toBe(1);
    await page.click("#agencies a:has-text('Sở Tài chính')");
    await page.waitForURL(/\/web\/agency\/\d+$/);
    expect(await page.locator("h1").textContent()).toBe("Sở Tài chính (STC)");
    const statuses = await page.$$eval("#cycles tbody tr", (rows) => rows.map((r) => r.getAttribute("data-status")));
    expect(statuses.indexOf("overdue")).toBe(statuses.includes("overdue") ? 0 : -1);
    await page.screenshot({ path: screenshotPath("agency"), fullPage: false });

    await page.click("#cycles a:text-is('IV.2')");
    await page.waitForURL(/\/web\/task\/\d+$/);
    expect(await page.locator("h1").textContent()).toMatch(/\/IV\.2$/);
    expect(await page.locator("#updates").textContent()).toContain("<b>đã gửi dự thảo</b>");
    expect(await page.locator(".history li").count()).toBeGreaterThan(0);
    const evidence = page.waitForEvent("download");
    await page.click("a:has-text('bao-cao-so-77.pdf')");
    expect(readFileSync((await (await evidence).path())!, "utf8")).toBe("%PDF-1.4 minh chứng");
    await page.screenshot({ path: screenshotPath("task"), fullPage: true });

    await page.click("nav a:has-text('Sắp đến hạn')");
    await page.waitForURL(/\/web\/upcoming$/);
    await page.screenshot({ path: screenshotPath("upcoming") });

    await page.click("nav a:has-text('Tải báo cáo')");
    await page.waitForURL(/\/web\/downloads$/);
    await page.screenshot({ path: screenshotPath("downloads") });
    const download = page.waitForEvent("download");
    await page.click("#download-xlsx");
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await file.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    await context.close();
  }, 60_000);

  it("fits a phone screen", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const initData = signedInitData({ id: 301 }, new Date(h.now().getTime() - 1000));
    await (await openAsTelegram(context, initData)).waitForURL(/\/web\/overview$/);
    // Reloaded inside Telegram: the same launch data again, from the person holding its session.
    const page = await openAsTelegram(context, initData);
    await page.waitForURL(/\/web\/overview$/);
    // Nothing wider than the screen but the table, which scrolls in its own box.
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath("overview-phone") });
    await context.close();
  }, 30_000);

  it("refuses forged and stale launch data", async () => {
    const context = await browser.newContext();
    const forged = await openAsTelegram(context, signedInitData({ id: 301 }, h.now(), "7000000001:AAHforgedTokenForgedToken_0123456789"));
    await expect.poll(() => forged.textContent("#entry-status")).toContain("không phải do Telegram ký");
    await forged.screenshot({ path: screenshotPath("refused-forged") });
    const stale = await openAsTelegram(context, signedInitData({ id: 301 }, new Date(h.now().getTime() - 2 * 3_600_000)));
    await expect.poll(() => stale.textContent("#entry-status")).toContain("quá cũ");
    const response = await stale.goto(`${base}overview`);
    expect(response?.status()).toBe(401);
    await context.close();
  }, 30_000);

  it("keeps a focal officer to their own agency", async () => {
    const context = await browser.newContext();
    const page = await openAsTelegram(context, signedInitData({ id: 302 }, h.now()));
    await page.waitForURL(/\/web\/agency\/\d+$/);
    expect(await page.locator("h1").textContent()).toBe("Sở Tài chính (STC)");
    const other = (await h.service.app.db.selectFrom("agencies").select("id").where("code", "=", "SCT").executeTakeFirstOrThrow()).id;
    const response = await page.goto(`${base}agency/${other}`);
    expect(response?.status()).toBe(403);
    expect(await page.textContent("main")).toContain("chỉ xem được nhiệm vụ của cơ quan mình");
    await page.screenshot({ path: screenshotPath("refused-other-agency") });
    await context.close();
  }, 30_000);
});
