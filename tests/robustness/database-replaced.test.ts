/**
 * Issue 11, item 6: the database file deleted or replaced under the running service went
 * unnoticed: replies were confirmed into a deleted file, and after a restart the officers were
 * strangers. Now the service checks the file's identity (device and inode) on a timer and before
 * handling each update; when it changed it answers nothing more, logs it and exits non-zero.
 */
import { copyFileSync, mkdtempSync, renameSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";
import { exitWithin, spawnService, type ServiceProcess } from "./support/service-process.js";

let emu: BotApiEmulator | null = null;
let dir = "";
const services: ServiceProcess[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) s.kill();
  await emu?.stop();
  emu = null;
  rmSync(dir, { recursive: true, force: true });
});

async function start(watchMs: number): Promise<{ service: ServiceProcess; path: string }> {
  emu = await startBotApiEmulator();
  dir = mkdtempSync(join(tmpdir(), "dondoc-dbgone-"));
  const path = join(dir, "dondoc.sqlite");
  const service = spawnService(dir, {
    BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.url,
    DATABASE_PATH: path,
    DONDOC_TEST_NOW: "2026-11-16T01:00:00Z",
    DONDOC_TEST_WATCH_MS: String(watchMs),
  });
  services.push(service);
  await service.waitFor(/"msg":"bot connected"/);
  return { service, path };
}

describe("the database file under the running service", () => {
  it("deleted: noticed by the watch, logged, and the process exits non-zero", async () => {
    const { service, path } = await start(200);
    unlinkSync(path);
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(service.out()).toMatch(/"level":60.*was deleted or replaced/);
  }, 150_000);

  it("replaced by a copy: an update that comes first is not answered, and the process exits non-zero", async () => {
    const { service, path } = await start(600_000); // the timer never runs: the check before handling does
    await service.waitFor(/start=[A-Za-z0-9_-]+\n/); // the first admin invite, printed after the log line
    const code = /start=([A-Za-z0-9_-]+)/.exec(service.out())![1]!;
    copyFileSync(path, `${path}.copy`);
    renameSync(`${path}.copy`, path);
    emu!.user(6_701, { first_name: "Quản trị" }).sendCommand("/start", code);
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(emu!.sent(6_701)).toEqual([]);
    expect(service.out()).toMatch(/was deleted or replaced/);
  }, 150_000);
});
