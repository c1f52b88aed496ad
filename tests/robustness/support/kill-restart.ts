/**
 * SIGKILL in the middle of a burst of reminders, and a restart (issue 6, proof 2). Shared by
 * tests/robustness/kill-restart.test.ts (a small burst) and bench/kill-restart.ts (500).
 *
 * The database is built with the real services: the bundled plan imported, `officers` focal
 * officers registered by invite across the agencies that lead IV.2 (the annual report due
 * 30/11), their backlog summaries delivered on 10/11, then one planning pass at 16/11 08:00
 * local: IV.2's d14 stage for every officer, and the weekly overdue reminders some agencies have
 * besides. That ledger is what the service finds due when it starts.
 *
 * The service runs as its own process (support/service-at.ts: startService, cron and signals as
 * in main.ts, the clock at 16/11 08:00 running at real speed) against the Bot API emulator,
 * which enforces 1 message a second per chat and 30 a second in all. When a share of the burst
 * is out, the process is SIGKILLed; what Telegram holds is compared with the ledger (the
 * messages in flight: sent, not yet recorded as sent); the service is started again and runs
 * until every reminder is recorded as sent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundledFiles, openApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { defaultLadder } from "../../../src/domain/reminder-ladder.js";
import type { Messenger } from "../../../src/services/reminders/delivery.js";
import { importBundledPlanIfEmpty } from "../../../src/services/runtime/first-run.js";
import { createInvite, redeemInvite } from "../../../src/services/people/people.js";
import { planReminders } from "../../../src/services/reminders/reminder-planner.js";
import { tick } from "../../../src/services/reminders/tick.js";
import { openDatabase } from "../../../src/storage/database.js";
import { startBotApiEmulator } from "../../../src/tools/bot-api-emulator/emulator.js";

const zone = "Asia/Ho_Chi_Minh";
const USER_BASE = 810_000_000;
const BURST_AT = "2026-11-16T01:00:00.000Z"; // 08:00 local, Monday

export interface KillRestartOptions {
  officers: number;
  /** share of the due reminders delivered when the process is killed */
  killAt?: number;
  /** give up after this long (ms) */
  timeoutMs?: number;
}

export interface KillRestartResult {
  name: "kill_restart";
  officers: number;
  due_reminders: number;
  delivered_before_kill: number;
  recorded_sent_at_kill: number;
  claimed_sending_at_kill: number;
  in_flight_at_kill: number;
  recovered_on_restart: number | null;
  delivered_total: number;
  lost: number;
  duplicates: number;
  ledger_end: Record<string, number>;
  too_many_requests: number;
  ms: { build: number; first_run: number; restart_to_done: number; total: number };
  ok: boolean;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, pollMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The database, built with the real services: returns how many reminders are due at the burst. */
async function buildDatabase(path: string, officers: number, knowChat: (id: number) => void): Promise<number> {
  const config = loadConfig({ DATABASE_PATH: path });
  const clock = { now: () => new Date("2026-11-10T02:00:00Z") };
  const app = await openApp(config, clock, { actor: "bench" });
  try {
    await importBundledPlanIfEmpty({ db: app.db, timeZone: zone, registry: app.registry }, bundledFiles.plan, clock.now());
    const agencies = await app.db
      .selectFrom("cycles")
      .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
      .innerJoin("tasks", "tasks.id", "assignments.task_id")
      .innerJoin("agencies", "agencies.id", "assignments.agency_id")
      .select("agencies.code")
      .where("tasks.ref", "=", "IV.2")
      .where("assignments.role", "=", "lead")
      .orderBy("agencies.position")
      .execute();
    for (let i = 0; i < officers; i++) {
      const id = USER_BASE + i;
      const agencyCode = agencies[i % agencies.length]!.code;
      knowChat(id);
      const invite = await createInvite(app.db, { agencyCode, role: "focal", createdBy: "bench", now: clock.now() });
      await redeemInvite(app.db, invite.code, { telegramUserId: id, chatId: id, displayName: `Cán bộ ${agencyCode} ${i}` }, clock.now());
    }
    // 10/11: the backlog summaries, delivered (in process: they are not what is measured).
    let messageId = 1;
    const delivered: Messenger = { send: async () => ({ messageId: messageId++ }) };
    const deps = { db: app.db, messenger: delivered, calendar: app.calendar, ladder: defaultLadder, timeZone: zone };
    await tick(deps, new Date("2026-11-10T02:00:00Z"));
    // 16/11 08:00: the burst is planned; the service will find it due.
    await planReminders(app.db, { now: new Date(BURST_AT), timeZone: zone, calendar: app.calendar, ladder: defaultLadder });
    const due = await app.db
      .selectFrom("reminders")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "planned")
      .where("planned_at", "=", BURST_AT)
      .executeTakeFirstOrThrow();
    return Number(due.n);
  } finally {
    await app.close();
  }
}

export async function runKillRestart({ officers, killAt = 0.4, timeoutMs = 120_000 }: KillRestartOptions): Promise<KillRestartResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "dondoc-kill-"));
  const path = join(dir, "dondoc.sqlite");
  const emu = await startBotApiEmulator({ rateLimit: { perChatPerSecond: 1, globalPerSecond: 30 } });
  const children: ChildProcess[] = [];
  try {
    const due = await buildDatabase(path, officers, (id) => void emu.user(id, { first_name: "Cán bộ" }));
    const built = Date.now();
    const t0 = Date.now();
    const start = () => {
      const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(process.cwd(), "tests/robustness/support/service-at.ts")], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          BOT_TOKEN: emu.token,
          TELEGRAM_API_ROOT: emu.url,
          DATABASE_PATH: path,
          LOG_LEVEL: "info",
          DONDOC_TEST_NOW: "2026-11-16T01:00:02Z",
          DONDOC_TEST_T0: String(t0),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let out = "";
      child.stdout!.on("data", (chunk) => (out += String(chunk)));
      child.stderr!.on("data", (chunk) => (out += String(chunk)));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
      return { child, exited, out: () => out };
    };
    const okSends = () => emu.calls.filter((c) => c.method === "sendMessage" && c.status === 200).length;

    // First run: killed when `killAt` of the burst is out.
    const first = start();
    await until(() => okSends() >= Math.ceil(due * killAt), timeoutMs, `${Math.ceil(due * killAt)} deliveries (log: ${first.out().slice(-2000)})`);
    first.child.kill("SIGKILL");
    await first.exited;
    const firstRun = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300)); // requests already on the wire are answered
    const deliveredBeforeKill = okSends();
    const db = openDatabase({ path, readonly: true });
    const count = async (state: string) =>
      Number(
        (
          await db
            .selectFrom("reminders")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("planned_at", "=", BURST_AT)
            .where("state", "=", state as "sent")
            .executeTakeFirstOrThrow()
        ).n,
      );
    const sentAtKill = await count("sent");
    const sendingAtKill = await count("sending");

    // Restart: runs until the ledger has every reminder sent.
    const second = start();
    try {
      await until(async () => (await count("sent")) === due, timeoutMs, `every reminder sent (log: ${second.out().slice(-2000)})`, 200);
    } finally {
      second.child.kill("SIGTERM");
    }
    const stoppedCode = await second.exited;
    const done = Date.now();

    const rows = await db
      .selectFrom("reminders")
      .innerJoin("people", "people.id", "reminders.person_id")
      .select(["people.chat_id", "reminders.state", "reminders.telegram_message_id"])
      .where("planned_at", "=", BURST_AT)
      .execute();
    const ledger: Record<string, number> = {};
    for (const r of rows) ledger[r.state] = (ledger[r.state] ?? 0) + 1;
    await db.destroy();
    // Lost: a reminder the ledger calls sent that Telegram does not have.
    const lost = rows.filter((r) => !emu.sent(r.chat_id).some((m) => m.messageId === r.telegram_message_id)).length;
    // Duplicates: the same text delivered to the same chat more than once.
    const byChatText = new Map<string, number>();
    for (const m of emu.sent()) if (m.text?.startsWith("⏰")) byChatText.set(`${m.chatId}|${m.text}`, (byChatText.get(`${m.chatId}|${m.text}`) ?? 0) + 1);
    const duplicates = [...byChatText.values()].reduce((sum, n) => sum + n - 1, 0);
    const recovered = /"messages":(\d+),"msg":"messages interrupted/.exec(second.out());
    const inFlight = deliveredBeforeKill - sentAtKill;
    const result: KillRestartResult = {
      name: "kill_restart",
      officers,
      due_reminders: due,
      delivered_before_kill: deliveredBeforeKill,
      recorded_sent_at_kill: sentAtKill,
      claimed_sending_at_kill: sendingAtKill,
      in_flight_at_kill: inFlight,
      recovered_on_restart: recovered ? Number(recovered[1]) : null,
      delivered_total: okSends(),
      lost,
      duplicates,
      ledger_end: ledger,
      too_many_requests: emu.stats.tooManyRequests,
      ms: { build: built - started, first_run: firstRun - built, restart_to_done: done - firstRun, total: done - started },
      ok: lost === 0 && ledger.sent === due && rows.length === due && duplicates <= inFlight && stoppedCode === 0,
    };
    return result;
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
