/**
 * Issue 11, "done when": the service over simulated days (10/11 to 30/11/2026, the clock moved
 * in steps) against the Bot API emulator on loopback, while a fault plan plays out: a 409 from
 * getUpdates, a 401, a poisoned cycle, the database file replaced, a hung sendMessage, and a
 * SIGSTOP/SIGCONT of the lock holder (real processes). A supervisor restarts the service when it
 * stops with an error, as systemd's Restart=on-failure does. Asserted throughout: the service is
 * either serving (reads updates, answers) or has stopped with an error — never alive and deaf;
 * and at the end: every due reminder delivered or recorded as failed, no reply lost.
 */
import Database from "better-sqlite3";
import { copyFileSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startService, type Service } from "../../src/service.js";
import { diagnose } from "../../src/services/runtime/doctor.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { startBotApiEmulator, type BotApiEmulator, type SentMessage } from "../../src/tools/bot-api-emulator/emulator.js";
import { exitWithin, spawnService, type ServiceProcess } from "./support/service-process.js";
import { printIfVerbose } from "../support/verbose.js";

let emu: BotApiEmulator | null = null;
let dir = "";
let service: Service | null = null;
const children: ServiceProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  await service?.stop("test").catch(() => undefined);
  service = null;
  await emu?.stop();
  emu = null;
  rmSync(dir, { recursive: true, force: true });
});

const local = (day: string, time = "08:00") => new Date(`2026-11-${day}T${time}:00+07:00`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("soak: simulated days under a fault plan", () => {
  it("keeps serving or exits non-zero, delivers or reports every reminder, loses no reply", async () => {
    emu = await startBotApiEmulator();
    dir = mkdtempSync(join(tmpdir(), "dondoc-soak-"));
    const path = join(dir, "dondoc.sqlite");
    const env = { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: path, LOG_LEVEL: "info" };
    const config = loadConfig(env);
    const logs: string[] = [];
    const logger = createLogger(config, { destination: new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) }) });
    let now = local("10", "09:00");
    const clock = { now: () => new Date(now) };

    // The supervisor: what systemd does with Restart=on-failure, and a record of every exit.
    const exits: Array<{ at: string; code: number; why: string }> = [];
    let failed = false;
    const start = async () => {
      failed = false;
      service = await startService({ config: { ...config, botToken: config.botToken! }, clock, logger, schedule: false, watchMs: 100, polling: { conflictFirstWaitMs: 100 } });
      service.stopped.catch((error: unknown) => {
        failed = true;
        exits.push({ at: now.toISOString(), code: 1, why: error instanceof Error ? error.message : String(error) });
      });
    };
    /** Serving (reading updates, database sound) or stopped with an error — never alive and deaf. */
    const servingOrExited = async (what: string) => {
      await until(() => failed || service!.health().ok, `${what}: serving or exited non-zero`, 30_000);
      if (failed) await start(); // Restart=on-failure
      await until(() => service!.health().ok, `${what}: serving after the restart`, 30_000);
    };
    const tickAt = async (instant: Date) => {
      now = instant;
      await service!.tick();
    };

    await start();
    // Officers of three agencies that lead IV.2 (the annual report, due 30/11), a coordinator.
    const agencies = ["STC", "SKHDT", "SCT"];
    const officers = agencies.map((agency, i) => ({ id: 8_801 + i, agency }));
    for (const officer of officers) {
      emu.user(officer.id, { first_name: `Cán bộ ${officer.agency}` });
      const invite = await createInvite(service!.app.db, { agencyCode: officer.agency, role: "focal", createdBy: "soak", now: clock.now() });
      await redeemInvite(service!.app.db, invite.code, { telegramUserId: officer.id, chatId: officer.id, displayName: `Cán bộ ${officer.agency}` }, clock.now());
    }
    await tickAt(local("10", "09:00")); // the backlog summaries of the plan's older overdue work

    let replies = 0;
    const reminders = (chat: number) => emu!.sent(chat).filter((m) => m.text?.includes("Nhắc việc — IV.2"));
    /** each officer replies to their latest IV.2 reminder; the bot confirms each reply */
    const replyAll = async (text: string) => {
      for (const officer of officers) {
        const last = reminders(officer.id).at(-1)!;
        const before = emu!.sent(officer.id).length;
        emu!.user(officer.id, { first_name: "" }).sendText(text, { replyToMessageId: last.messageId });
        replies++;
        await until(
          () =>
            emu!
              .sent(officer.id)
              .slice(before)
              .some((m: SentMessage) => m.text?.includes("Đã ghi nhận")),
          `the confirmation of ${officer.agency}'s reply`,
        );
      }
    };

    // 16/11, d14. A 409 from getUpdates (a restart's lingering poll): retried, still serving.
    emu.failNext("getUpdates", { kind: "status", code: 409 });
    emu.user(9_001, { first_name: "Khách" }).sendText("xin chào");
    await tickAt(local("16"));
    await until(() => logs.some((l) => l.includes("getUpdates refused (409)")), "the 409");
    await servingOrExited("409");
    await replyAll("đang thực hiện 20%");

    // 17/11: a 401 from getUpdates: the service stops with an error and is restarted.
    emu.failNext("getUpdates", { kind: "status", code: 401 });
    emu.user(9_001, { first_name: "Khách" }).sendText("còn đó không?");
    now = local("17");
    await until(() => failed, "the 401 to stop the service");
    await servingOrExited("401");

    // 18/11: a poisoned cycle (IV.2 of an agency without officers, as an old import left it).
    const poisoned = (
      await service!.app.db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .innerJoin("agencies", "agencies.id", "assignments.agency_id")
        .select("cycles.id")
        .where("tasks.ref", "=", "IV.2")
        .where("agencies.code", "=", "SNV")
        .executeTakeFirstOrThrow()
    ).id;
    await service!.app.db.updateTable("cycles").set({ due_on: "9999-12-31", next_stage_at: "" }).where("id", "=", poisoned).execute();
    await tickAt(local("18"));

    // 19/11: the database file replaced under the service (a copy renamed over it).
    now = local("19");
    copyFileSync(path, `${path}.copy`);
    renameSync(`${path}.copy`, path);
    await until(() => failed, "the replaced database to stop the service");
    await servingOrExited("database replaced");

    // 23/11, d7, with one sendMessage hung (no answer, then the connection drops).
    emu.failNext("sendMessage", { kind: "timeout", ms: 1_500 });
    await tickAt(local("23"));
    await servingOrExited("hung sendMessage");
    await replyAll("đang thực hiện 50%");

    // 25/11: SIGSTOP/SIGCONT of the lock holder, as real processes. The in-process service
    // stops as on SIGTERM; A holds the database; frozen; B takes over (its clock 3 min
    // later, past A's heartbeat); A wakes up.
    await service!.stop("SIGTERM");
    await service!.stopped;
    const childEnv = { ...env, DONDOC_TEST_CONFLICT_WAIT_MS: "100" };
    const first = spawnService(dir, { ...childEnv, DONDOC_TEST_NOW: local("25", "09:00").toISOString(), DONDOC_TEST_WATCH_MS: "600000" });
    children.push(first);
    await first.waitFor(/"msg":"bot connected"/);
    const probe = new Database(path, { timeout: 20_000 });
    probe.exec("begin immediate; commit;"); // A idle: not inside a write transaction
    await sleep(500);
    probe.exec("begin immediate; commit;");
    probe.close();
    first.child.kill("SIGSTOP");
    const second = spawnService(dir, { ...childEnv, DONDOC_TEST_NOW: local("25", "09:03").toISOString() });
    children.push(second);
    await second.waitFor(/"msg":"bot connected"/);
    first.child.kill("SIGCONT");
    const firstExit = await exitWithin(first, 30_000);
    expect(firstExit).toBe(1);
    exits.push({ at: local("25", "09:04").toISOString(), code: firstExit!, why: "lock lost after SIGSTOP/SIGCONT" });
    // B serves: a reply to the d7 reminder is confirmed.
    const before = emu.sent(officers[0]!.id).length;
    emu.user(officers[0]!.id, { first_name: "" }).sendText("đang thực hiện 60%", { replyToMessageId: reminders(officers[0]!.id).at(-1)!.messageId });
    replies++;
    await until(
      () =>
        emu!
          .sent(officers[0]!.id)
          .slice(before)
          .some((m) => m.text?.includes("Đã ghi nhận")),
      "B to confirm the reply",
    );
    second.child.kill("SIGTERM");
    expect(await exitWithin(second, 30_000)).toBe(0);

    // 27/11 (d3, with d1: 29/11 is a Sunday) and 30/11 (the due day), in process again.
    now = local("27");
    await start();
    await servingOrExited("after the processes");
    await tickAt(local("27"));
    await replyAll("đang thực hiện 90%");
    await tickAt(local("30"));
    await replyAll("đã hoàn thành 100%");

    // Every due reminder delivered or recorded as failed: nothing planned or claimed is left.
    const db = service!.app.db;
    const left = await db.selectFrom("reminders").select(["id", "state"]).where("state", "in", ["planned", "sending"]).where("planned_at", "<=", now.toISOString()).execute();
    expect(left).toEqual([]);
    const ledger = await db
      .selectFrom("reminders")
      .innerJoin("people", "people.id", "reminders.person_id")
      .select(["people.chat_id", "reminders.state", "reminders.telegram_message_id"])
      .where("reminders.state", "=", "sent")
      .execute();
    for (const row of ledger) expect(emu.sent(row.chat_id).some((m) => m.messageId === row.telegram_message_id)).toBe(true);
    // The four stage days of IV.2, each officer: 16/11, 23/11, 27/11, 30/11.
    for (const officer of officers) expect(reminders(officer.id).map((m) => m.text!.match(/còn \d+ ngày|hôm nay/)?.[0])).toHaveLength(4);
    // No reply lost: each one is a status update in the database that outlived the faults.
    const updates = await db.selectFrom("status_updates").select("id").where("source", "=", "reply").execute();
    expect(updates).toHaveLength(replies);
    // The exits: 401, the replaced database, the frozen process; all non-zero.
    expect(exits.map((e) => e.code)).toEqual([1, 1, 1]);
    expect(exits[0]!.why).toMatch(/401/);
    expect(exits[1]!.why).toMatch(/deleted or replaced/);
    // The poisoned cycle was set aside and doctor names it.
    const report = await diagnose({ env, now, serverTimeZone: "UTC", probeFor: () => async () => ({ kind: "ok", id: 1, username: "x" }) });
    expect(report.checks.find((c) => c.id === "bad_dates")).toMatchObject({ level: "problem", cycles: [expect.objectContaining({ cycleId: poisoned })] });
    printIfVerbose(
      JSON.stringify({
        soak: {
          days: "2026-11-10..2026-11-30",
          exits,
          replies,
          reminders_sent: ledger.length,
          faults: ["409", "401", "poisoned cycle", "database replaced", "hung sendMessage", "SIGSTOP/SIGCONT"],
        },
      }),
    );
  }, 240_000);
});
