/**
 * Issue 11, item 2: polling that dies must not leave a process alive and deaf. A 401 or a 409
 * that does not go away from getUpdates ends the process non-zero (systemd restarts it); after
 * SIGSTOP/SIGCONT of the lock holder, when another process has taken the database over, the
 * frozen one reads nothing, sends nothing and exits. The service says when it is not reading.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diagnose } from "../../src/services/runtime/doctor.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { exitWithin, spawnService, type ServiceProcess } from "./support/service-process.js";

let emu: BotApiEmulator | null = null;
let h: BotHarness | null = null;
const dirs: string[] = [];
const services: ServiceProcess[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) s.kill();
  await h?.stop();
  h = null;
  await emu?.stop();
  emu = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}, now = "2026-11-16T01:00:00Z"): ServiceProcess {
  const dir = dirs[0] ?? mkdtempSync(join(tmpdir(), "dondoc-poll-"));
  if (dirs.length === 0) dirs.push(dir);
  const service = spawnService(dir, {
    BOT_TOKEN: emu!.token,
    TELEGRAM_API_ROOT: emu!.url,
    DATABASE_PATH: join(dir, "dondoc.sqlite"),
    DONDOC_TEST_NOW: now,
    DONDOC_TEST_CONFLICT_WAIT_MS: "200",
    ...env,
  });
  services.push(service);
  return service;
}

/** Waits until the first start-up pass is over: the database takes a write twice, a second apart. */
async function idle(path: string): Promise<void> {
  const db = new Database(path, { timeout: 20_000 });
  try {
    for (let i = 0; i < 2; i++) {
      db.exec("begin immediate; commit;");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    db.exec("begin immediate; commit;");
  } finally {
    db.close();
  }
}

/** A message from a stranger ends the pending long poll; the next getUpdates meets the fault. */
const nudge = (id = 5_001) => emu!.user(id, { first_name: "Khách" }).sendText("xin chào");

describe("getUpdates refused", () => {
  it("401: the process exits non-zero at once, saying why", async () => {
    emu = await startBotApiEmulator();
    const service = start();
    await service.waitFor(/"msg":"bot connected"/);
    emu.failWhen(({ method }) => method === "getUpdates", { kind: "status", code: 401 });
    nudge();
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(service.out()).toMatch(/"level":60.*401/);
    // doctor, afterwards: the service stopped because it could not read updates.
    const report = await diagnose({
      env: { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: join(dirs[0]!, "dondoc.sqlite") },
      now: new Date("2026-11-16T01:01:00Z"),
      serverTimeZone: "UTC",
      probeFor: () => async () => ({ kind: "ok", id: 1, username: "x" }),
    });
    expect(report.checks.find((c) => c.id === "updates")).toMatchObject({ level: "problem", state: "failed" });
    expect(report.ok).toBe(false);
  }, 150_000);

  it("409 that does not go away: retried with backoff, then the process exits non-zero", async () => {
    emu = await startBotApiEmulator();
    const service = start();
    await service.waitFor(/"msg":"bot connected"/);
    emu.failWhen(({ method }) => method === "getUpdates", { kind: "status", code: 409 });
    nudge();
    expect(await exitWithin(service, 30_000)).toBe(1);
    expect(service.out().match(/getUpdates refused \(409\)/g)).toHaveLength(3);
  }, 150_000);

  it("409 once (a restart's lingering poll): retried, and the process goes on answering", async () => {
    emu = await startBotApiEmulator();
    const service = start();
    await service.waitFor(/"msg":"bot connected"/);
    emu.failNext("getUpdates", { kind: "status", code: 409 });
    const user = emu.user(5_002, { first_name: "Khách" });
    user.sendText("xin chào");
    await service.waitFor(/getUpdates refused \(409\)/);
    user.sendText("còn đó không?");
    await emu.waitForSent((m) => m.chatId === 5_002, 30_000);
    expect(await exitWithin(service, 500)).toBeNull();
  }, 150_000);
});

describe("SIGSTOP/SIGCONT of the lock holder", () => {
  it("the frozen process, overtaken, neither reads nor sends and exits; the new one serves", async () => {
    emu = await startBotApiEmulator();
    const first = start({ DONDOC_TEST_WATCH_MS: "600000" });
    await first.waitFor(/"msg":"bot connected"/);
    // Frozen while idle: a process frozen inside a write transaction holds SQLite's lock, and
    // no other process could take over (that is not what this test is about).
    await idle(join(dirs[0]!, "dondoc.sqlite"));
    first.child.kill("SIGSTOP");
    // Two minutes later by the clock: the first one's heartbeat is stale, the second takes over.
    const second = start({}, "2026-11-16T01:02:30Z");
    await second.waitFor(/"msg":"bot connected"/);
    const callsBefore = emu.calls.length;
    first.child.kill("SIGCONT");
    expect(await exitWithin(first, 30_000)).toBe(1);
    // Whichever notices first says so: the heartbeat ("another process took over"), the poller, or a tick's fence ("Another dondoc process took over").
    expect(first.out()).toMatch(/another (dondoc )?process/i);
    // Nothing from the first after it woke up but the poll it had open (ended by the 409).
    const stranger = emu.user(5_003, { first_name: "Khách" });
    stranger.sendText("xin chào");
    await emu.waitForSent((m) => m.chatId === 5_003, 30_000);
    expect(emu.sent(5_003)).toHaveLength(1);
    expect(await exitWithin(second, 300)).toBeNull();
    expect(emu.calls.length).toBeGreaterThan(callsBefore);
  }, 180_000);
});

describe("health", () => {
  it("says when updates are not read: a polling failure turns reading off and rejects stopped", async () => {
    h = await startBotHarness();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.service.health()).toMatchObject({ ok: true, mode: "polling", updates: { reading: true }, database: { ok: true } });
    h.emu.failWhen(({ method }) => method === "getUpdates", { kind: "status", code: 401 });
    h.emu.user(5_004, { first_name: "Khách" }).sendText("xin chào");
    await expect(h.service.stopped).rejects.toThrow(/401/);
    expect(h.service.health()).toMatchObject({ ok: false, updates: { reading: false } });
  }, 60_000);
});
