/**
 * Issue 11, item 5: one hung Bot API call froze everyone in polling mode. Interactive answers
 * had no deadline (telegraf waits up to 500 s), and telegraf asks for the next batch of updates
 * only when every handler of the last one is done. Now every call has a deadline, and a slow
 * chat does not hold the others: user B is answered while A's answer hangs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startService, type Service } from "../../src/service.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";

let emu: BotApiEmulator | null = null;
let service: Service | null = null;
let dir = "";
afterEach(async () => {
  await service?.stop("test");
  service = null;
  await emu?.stop();
  emu = null;
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("one chat's hung answer", () => {
  it("does not hold another chat, and the hung call ends at its deadline", async () => {
    emu = await startBotApiEmulator();
    dir = mkdtempSync(join(tmpdir(), "dondoc-slow-"));
    const config = loadConfig({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: join(dir, "dondoc.sqlite"), LOG_LEVEL: "info" });
    const logs: string[] = [];
    const destination = new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) });
    service = await startService({
      config: { ...config, botToken: config.botToken! },
      clock: { now: () => new Date("2026-11-27T02:00:00Z") },
      logger: createLogger(config, { destination }),
      schedule: false,
      apiTimeouts: { callMs: 10_000, longPollMs: 65_000 },
    });
    const A = 6_601;
    const B = 6_602;
    // A's answers hang for 60 s (longer than the test): the request is read, never answered.
    emu.failWhen(({ method, params }) => method === "sendMessage" && params.chat_id === A, { kind: "timeout", ms: 60_000 });
    emu.user(A, { first_name: "Chậm" }).sendText("xin chào");
    await until(() => emu!.calls.some((c) => c.method === "sendMessage" && c.params.chat_id === A), "the bot to answer A");
    // B writes while A's answer hangs: a later batch of updates.
    emu.user(B, { first_name: "Nhanh" }).sendText("xin chào");
    await emu.waitForSent((m) => m.chatId === B, 15_000);
    expect(emu.sent(B)).toHaveLength(1);
    expect(emu.sent(A)).toHaveLength(0);
    // B was answered while A's handler still waited: A's call had not yet run out of time.
    const timedOut = () => logs.some((l) => l.includes("update failed") && l.includes("within 10000 ms"));
    expect(timedOut()).toBe(false);
    // A's call ran out of time at its 10 s deadline (not telegraf's 500 s): logged as a failed update.
    await until(timedOut, "A's call to time out", 30_000);
  }, 60_000);
});
