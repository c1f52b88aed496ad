/**
 * Several instances on one PostgreSQL (issue 13): two real services (startService, as `npm
 * start` runs it) in webhook mode against the local Bot API emulator, sharing one database.
 * Both answer updates; only the one leading the scheduler lease plans and sends; when the leader
 * dies without giving the lease up, the other takes over and delivers what is due, each
 * reminder once. Short lease timings (an option of startService) keep this to seconds; nothing
 * here asserts a duration.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/domain/clock.js";
import { createLogger } from "../../src/logger.js";
import { startService, type Service } from "../../src/service.js";
import { createInvite } from "../../src/services/people/people.js";
import { acquireInstanceLock, InstanceLockedError } from "../../src/services/runtime/instance-lock.js";
import { openMigratedDatabase } from "../../src/storage/database.js";
import { findLease } from "../../src/storage/lease-repository.js";
import { startBotApiEmulator, type BotApiEmulator, type SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { createPostgresDatabase, postgresOrSkip } from "../support/postgres.js";
import { freePort } from "../support/postgres-server.js";

const adminUrl = await postgresOrSkip();
const secret = "the-webhook-secret-123";
// Short enough for a takeover in seconds, long enough that a busy machine does not cost a live leader its lease.
const lease = { ttlMs: 6_000, heartbeatMs: 1_000 };

interface Instance {
  name: string;
  service: Service;
  port: number;
  logs: string[];
}

let emu: BotApiEmulator;
let instances: Instance[] = [];
let dropDatabase: () => Promise<void> = async () => undefined;
let current = new Date("2026-11-27T02:00:00Z");
const clock: Clock = { now: () => new Date(current) };

afterEach(async () => {
  for (const instance of instances) await instance.service.stop("test");
  instances = [];
  await emu?.stop();
  await dropDatabase();
});

async function startInstance(name: string, databaseUrl: string, mode: "webhook" | "polling" = "webhook"): Promise<Instance> {
  const port = await freePort();
  const config = loadConfig({
    BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.url,
    DATABASE_URL: databaseUrl,
    BOT_MODE: mode,
    WEBHOOK_URL: "https://dondoc.example.gov.vn/tg/hook",
    WEBHOOK_SECRET: secret,
    PORT: String(port),
    LOG_LEVEL: "info",
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const service = await startService({ config: { ...config, botToken: config.botToken! }, clock, logger: createLogger(config, { destination }), schedule: false, lease });
  const instance = { name, service, port, logs };
  instances.push(instance);
  return instance;
}

/** Two instances started at the same time on a fresh database. */
async function startTwo(): Promise<[Instance, Instance]> {
  emu = await startBotApiEmulator();
  const database = await createPostgresDatabase(adminUrl!);
  dropDatabase = database.drop;
  current = new Date("2026-11-27T02:00:00Z");
  const [a, b] = await Promise.all([startInstance("a", database.url), startInstance("b", database.url)]);
  return [a, b];
}

/** Telegram delivering an update to one instance's webhook (the load balancer's choice). */
async function deliver(instance: Instance, update: object): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/tg/hook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
    body: JSON.stringify(update),
  });
  return response.status;
}

/** An officer of `agency` joins through `instance`; resolves once the welcome came back. */
async function join(instance: Instance, userId: number, agency: string): Promise<SimulatedUser> {
  const user = emu.user(userId, { first_name: `Cán bộ ${agency}` });
  const invite = await createInvite(instance.service.app.db, { agencyCode: agency, role: "focal", createdBy: "test", now: clock.now() });
  expect(await deliver(instance, user.sendCommand("/start", invite.code))).toBe(200);
  await emu.waitForSent((m) => m.chatId === userId, 10_000);
  return user;
}

const texts = (userId: number) => emu.sent(userId).map((m) => m.text ?? "");
const reminders = (userId: number) => texts(userId).filter((t) => t.includes("Nhắc việc") || t.includes("quá hạn"));

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function leaderAndFollower(a: Instance, b: Instance): [Instance, Instance] {
  const leading = [a, b].filter((i) => i.service.leadership?.leading());
  expect(leading).toHaveLength(1);
  return leading[0] === a ? [a, b] : [b, a];
}

describe.runIf(adminUrl !== null)("two instances on one PostgreSQL, webhook mode", () => {
  it("both answer updates, one sends; after the leader dies the other takes over and sends each reminder once", async () => {
    const [a, b] = await startTwo();
    // Started together: the bundled plan was imported once, not twice, and one first admin invite was made.
    const db = a.service.app.db;
    expect(await db.selectFrom("plans").select("code").execute()).toHaveLength(1);
    expect(await db.selectFrom("invites").select("created_by").where("role", "=", "admin").execute()).toEqual([{ created_by: "first-start" }]);
    const [leader, follower] = leaderAndFollower(a, b);
    expect(leader.service.health().scheduler).toEqual({ leading: true });
    expect(follower.service.health().scheduler).toEqual({ leading: false });

    // Both answer: one officer joins through each instance.
    const first = await join(leader, 801, "STNMT");
    const second = await join(follower, 802, "STC");
    expect(texts(801)[0]).toContain("Sở Tài nguyên và Môi trường");
    expect(texts(802)[0]).toContain("Sở Tài chính");
    expect(await db.selectFrom("people").select("telegram_user_id").orderBy("telegram_user_id").execute()).toEqual([{ telegram_user_id: 801 }, { telegram_user_id: 802 }]);

    // 09:00 on 27/11: reminders are due. The follower's pass sends nothing; the leader's sends them.
    current = new Date("2026-11-27T09:00:00+07:00");
    await follower.service.tick();
    expect([...reminders(801), ...reminders(802)]).toEqual([]);
    await leader.service.tick();
    expect(reminders(801).length).toBeGreaterThan(0);
    expect(reminders(802).length).toBeGreaterThan(0);
    expect(leader.logs.join("")).toContain('"msg":"tick"');
    expect(follower.logs.join("")).not.toContain('"msg":"tick"');

    // The leader claimed one more reminder and died before sending it: no release, no flush.
    const person = await db.selectFrom("people").select(["id"]).where("telegram_user_id", "=", 802).executeTakeFirstOrThrow();
    const cycle = await db.selectFrom("reminders").select("cycle_id").where("person_id", "=", person.id).executeTakeFirstOrThrow();
    current = new Date("2026-11-30T08:00:00+07:00");
    const leftClaimed = {
      cycle_id: cycle.cycle_id,
      person_id: person.id,
      stage: "d2@2026-12-01",
      planned_at: new Date(current.getTime() - 60_000).toISOString(),
      state: "sending" as const,
      attempts: 1,
      last_error: null,
      telegram_message_id: null,
      sent_at: null,
      next_attempt_at: null,
      created_at: current.toISOString(),
    };
    await db.insertInto("reminders").values(leftClaimed).execute();
    const before = { 801: reminders(801).length, 802: reminders(802).length };
    await leader.service.stop("crash", { abrupt: true });
    instances = instances.filter((i) => i !== leader);

    // Still a follower: its passes send nothing until the dead leader's lease ran out.
    await until(() => follower.service.leadership!.leading(), "the follower to take the lease");
    expect(follower.logs.join("")).toContain('"msg":"leading the scheduler"');
    expect(follower.logs.join("")).toContain('"msg":"messages the previous leader left claimed will be sent again"');
    // It still answers updates, and now sends what is due: the 30/11 stage and the one left claimed.
    expect(await deliver(follower, first.sendCommand("/help"))).toBe(200);
    await emu.waitForSent((m) => m.chatId === 801 && (m.text ?? "").includes("/tasks"), 10_000);
    await follower.service.tick();
    const fdb = follower.service.app.db;
    const states = await fdb.selectFrom("reminders").select(["state"]).where("planned_at", "<=", current.toISOString()).distinct().execute();
    expect(states.map((s) => s.state).sort()).not.toContain("sending");
    expect(reminders(801).length).toBeGreaterThan(before[801]);
    expect(reminders(802).length).toBeGreaterThan(before[802]);
    // Each reminder once: as many messages as ledger rows marked sent, and no text twice.
    const sentRows = await fdb
      .selectFrom("reminders")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "sent")
      .executeTakeFirstOrThrow();
    const notices = await fdb
      .selectFrom("notices")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("state", "=", "sent")
      .executeTakeFirstOrThrow();
    const officerMessages = [...texts(801).slice(1), ...texts(802).slice(1)].filter((t) => !t.includes("/tasks"));
    expect(officerMessages).toHaveLength(Number(sentRows.n) + Number(notices.n));
    for (const id of [801, 802]) expect(new Set(reminders(id)).size).toBe(reminders(id).length);
    expect(second.id).toBe(802);
  });

  it("an instance whose lease was taken stops sending at once but keeps answering; a clean stop hands the lease over", async () => {
    const [a, b] = await startTwo();
    const [leader, follower] = leaderAndFollower(a, b);
    const officer = await join(follower, 811, "SYT");
    const db = follower.service.app.db;
    // The leader was frozen past its lease and the follower took it (a new token) meanwhile.
    await db
      .updateTable("leases")
      .set((eb) => ({ holder: follower.service.leadership!.holder, fencing_token: eb("fencing_token", "+", 1), expires_at: new Date(Date.now() + lease.ttlMs).toISOString() }))
      .where("name", "=", "scheduler")
      .execute();
    await until(() => follower.service.leadership!.leading(), "the follower to take the lease");
    await until(() => leader.logs.join("").includes(`lost the scheduler lease to ${follower.service.leadership!.holder}`), "the ex-leader to notice");
    expect(leader.service.leadership!.leading()).toBe(false);
    current = new Date("2026-11-27T09:00:00+07:00");
    // The ex-leader's pass sends nothing; it still answers its updates.
    await leader.service.tick();
    expect(reminders(811)).toEqual([]);
    expect(await deliver(leader, officer.sendCommand("/help"))).toBe(200);
    await emu.waitForSent((m) => m.chatId === 811 && (m.text ?? "").includes("/tasks"), 10_000);
    await follower.service.tick();
    expect(reminders(811).length).toBeGreaterThan(0);

    // A clean stop gives the lease up at once: the other leads at its next beat, not after the TTL.
    await follower.service.stop("test");
    instances = instances.filter((i) => i !== follower);
    expect((await findLease(leader.service.app.db, "scheduler"))?.expiresAt).toBe("");
    await leader.service.leadership!.beat();
    expect(leader.service.leadership!.leading()).toBe(true);
  });

  it("polling: a second polling instance is refused at start, naming the one that polls; webhook instances are not", async () => {
    emu = await startBotApiEmulator();
    const database = await createPostgresDatabase(adminUrl!);
    dropDatabase = database.drop;
    // An instance on another host polls this database (its heartbeat is fresh).
    const db = await openMigratedDatabase({ url: database.url });
    await acquireInstanceLock(db, "service-on-host-b", new Date(), { host: "host-b", pid: 4242 });
    await db.destroy();
    const refused = await startInstance("a", database.url, "polling").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InstanceLockedError);
    expect((refused as InstanceLockedError).holder).toMatchObject({ host: "host-b", pid: 4242 });
    // A webhook instance on the same database starts and answers.
    const webhook = await startInstance("b", database.url);
    expect(await deliver(webhook, emu.user(821, { first_name: "X" }).sendCommand("/help"))).toBe(200);
    await emu.waitForSent((m) => m.chatId === 821, 10_000);
  });
});
