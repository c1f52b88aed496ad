/**
 * `npm start` runs the compiled build with plain node (no TypeScript loader at run time): build
 * dist/ as `npm ci` does, then start it against the emulator and play the first admin's join.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";

const root = process.cwd();
let emu: BotApiEmulator;
let dir: string;

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "pipe" });
  emu = await startBotApiEmulator();
  dir = mkdtempSync(join(tmpdir(), "dondoc-compiled-"));
}, 120_000);

afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start (compiled)", () => {
  it("is plain node on dist/", () => {
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toMatch(/^node (--[a-z-]+ )*dist\/main\.js$/);
    expect(scripts.cli).toBe("node dist/cli/index.js");
  });

  it("serves from dist/ without tsx and stops cleanly", async () => {
    // An empty working folder (no developer .env); the flags of `npm start`, no loader.
    const flags = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(" ").filter((w) => w.startsWith("--"));
    const child = spawn(process.execPath, [...flags, join(root, "dist/main.js")], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(dir, "db.sqlite"), BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!out.includes("start=") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const code = /start=([A-Za-z0-9_-]+)/.exec(out)?.[1];
    expect(code).toBeDefined();
    emu.user(42, { first_name: "Quản trị" }).sendCommand("/start", code!);
    await emu.waitForSent((m) => m.chatId === 42);
    expect(emu.sent(42)[0]?.text).toContain("quản trị viên");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("runs the CLI through the bin", () => {
    const out = execFileSync(process.execPath, [join(root, "bin/dondoc.js"), "agencies", "--json"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: join(dir, "cli.sqlite") },
      encoding: "utf8",
    });
    const agencies = JSON.parse(out) as Array<{ code: string }>;
    expect(agencies.map((a) => a.code)).toContain("STC");
  });
});
