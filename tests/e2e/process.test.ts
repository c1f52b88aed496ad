/** `npm start` as a real process: guidance without a token; start, serve and stop on SIGTERM. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";

const dirs: string[] = [];
let emu: BotApiEmulator | null = null;
afterEach(async () => {
  await emu?.stop();
  emu = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-proc-"));
  dirs.push(dir);
  // Run from an empty folder so no developer .env is picked up; the sources are addressed absolutely.
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(process.cwd(), "src/main.ts")], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(dir, "db.sqlite"), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("npm start", () => {
  it("explains how to get a token when there is none", async () => {
    const run = startMain({});
    expect(await run.exited).toBe(1);
    expect(run.err()).toContain("@BotFather");
    expect(run.err()).toContain("/newbot");
    expect(run.err()).toContain("npm run demo"); // and how to try dondoc without one
  });

  it("serves through the configured Bot API root and stops cleanly on SIGTERM", async () => {
    emu = await startBotApiEmulator();
    const run = startMain({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url });
    await until(() => run.out().includes("start="));
    const code = /start=([A-Za-z0-9_-]+)/.exec(run.out())![1]!;
    const admin = emu.user(42, { first_name: "Quản trị" });
    admin.sendCommand("/start", code);
    await emu.waitForSent((m) => m.chatId === 42);
    expect(emu.sent(42)[0]?.text).toContain("quản trị viên");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('"msg":"stopped"');
  });

  // Issue 11, item 13: setup problems are one Vietnamese line, never a stack trace.
  const oneLine = (err: string) => {
    expect(err).not.toMatch(/^\s+at /m);
    return err.trim();
  };

  it("a second npm start on the same database: one line naming the first", async () => {
    emu = await startBotApiEmulator();
    const first = startMain({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url });
    await until(() => first.out().includes("bot connected"));
    const dir = dirs.at(-1)!;
    const second = startMain({ BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: join(dir, "db.sqlite") });
    expect(await second.exited).toBe(1);
    expect(oneLine(second.err())).toMatch(
      new RegExp(`^dondoc: một tiến trình dondoc khác \\(pid ${first.child.pid} .*đang chạy trên cơ sở dữ liệu .*db\\.sqlite; hãy dừng tiến trình đó trước`),
    );
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  }, 120_000);

  it("Telegram out of reach at start: one line naming TELEGRAM_API_ROOT", async () => {
    const run = startMain({ BOT_TOKEN: "7000000001:AAHemulatorTestToken_0123456789abcd", TELEGRAM_API_ROOT: "http://127.0.0.1:9" });
    expect(await run.exited).toBe(1);
    expect(oneLine(run.err())).toMatch(/^dondoc: Không kết nối được tới Bot API tại http:\/\/127\.0\.0\.1:9 .*TELEGRAM_API_ROOT/);
  }, 60_000);

  it("a DATABASE_PATH that cannot be a database, and a bad variable: Vietnamese, naming the variable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dondoc-proc-"));
    dirs.push(dir);
    writeFileSync(join(dir, "a-file"), "x");
    const bad = startMain({ BOT_TOKEN: "7000000001:AAHemulatorTestToken_0123456789abcd", DATABASE_PATH: join(dir, "a-file", "db.sqlite") });
    expect(await bad.exited).toBe(1);
    expect(oneLine(bad.err())).toMatch(/^dondoc: Không ghi được cơ sở dữ liệu .*a-file\/db\.sqlite: một phần của đường dẫn là tệp/);
    const config = startMain({ BOT_TOKEN: "7000000001:AAHemulatorTestToken_0123456789abcd", LOG_LEVEL: "loud", PORT: "99999" });
    expect(await config.exited).toBe(1);
    const err = oneLine(config.err());
    expect(err).toContain("cấu hình không hợp lệ");
    expect(err).toContain("LOG_LEVEL: phải là một trong");
    expect(err).toContain("PORT: phải là số cổng");
  }, 90_000);
});
