/**
 * `doctor`: checks a deployment the way an administrator would, one check at a time, and says
 * for each whether it is fine, worth knowing, worth a look, or a problem that stops dondoc
 * from working. Read-only: the database is opened read-only and nothing is migrated. The
 * words are the CLI's (cli/texts.ts); this returns facts.
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, databaseLabel, loadConfig, type Config } from "../../config.js";
import { addMinutesToInstant, localDateOf } from "../../domain/local-date.js";
import { openDatabase, type Db } from "../../storage/database.js";
import {
  checkIntegrity,
  countFailedDeliveries,
  findCyclesWithBadDates,
  countStuckSending,
  findLeadAgenciesWithoutFocal,
  findLockHolder,
  findLease,
  findMigrationState,
  findUnreachablePeople,
  postgresDatabaseSize,
  type AgencyLabel,
  type BadDateCycle,
  type DeliveryCounts,
  type LeaseGrant,
  type LockHolder,
  type PersonLabel,
} from "../../storage/health-repository.js";
import { heartbeatTimeoutMs } from "./instance-lock.js";
import { schedulerLeaseName } from "./scheduler-lease.js";
import { readServiceStatus, type ServiceStatus } from "./service-status.js";

/** A running service writes its status every few seconds; older than this, it is stuck. */
const statusStaleMs = 120_000;

export type CheckLevel = "ok" | "info" | "warning" | "problem";

export type BotProbeResult =
  | { kind: "ok"; id: number; username: string }
  /** the Bot API answered with an error (401/404: the token; 5xx: the server) */
  | { kind: "rejected"; status: number; description: string }
  | { kind: "unreachable"; reason: string }
  | { kind: "timeout"; ms: number };

/** The port to Telegram: one getMe, bounded in time. */
export type BotProbe = () => Promise<BotProbeResult>;

export type DoctorCheck = { level: CheckLevel } & (
  | { id: "config"; problems: string[]; databasePath: string | null }
  | { id: "bot"; apiRoot: string; result: BotProbeResult | { kind: "no_token" } }
  | { id: "database"; path: string; state: "missing" | "unreadable" | "opened"; error: string | null; bytes: number | null }
  | { id: "integrity"; result: string[] }
  | { id: "migrations"; applied: number; pending: string[]; unknown: string[] }
  | { id: "time_zone"; zone: string; offset: string; localDate: string; localTime: string; serverZone: string }
  | { id: "sending"; stuck: DeliveryCounts; olderThanMinutes: number }
  | { id: "failed"; failed: DeliveryCounts }
  | { id: "unreachable"; people: PersonLabel[] }
  | { id: "focal_coverage"; agencies: AgencyLabel[] }
  /** open cycles with a date the planner sets aside (outside DATE_WINDOW) */
  | { id: "bad_dates"; cycles: BadDateCycle[] }
  | { id: "instance_lock"; holder: LockHolder | null; heartbeatAgeSeconds: number | null; stale: boolean }
  /** PostgreSQL: which instance leads the scheduler (plans and sends), and until when its lease holds */
  | { id: "scheduler_lease"; lease: LeaseGrant | null; expired: boolean; secondsLeft: number | null }
  /**
   * Whether the service reads Telegram updates: `reading`; `not_reading` (running, but polling
   * fails or its status is stale); `failed` (it stopped because it could not read or write);
   * `not_running`; `unknown` (no status written yet).
   */
  | { id: "updates"; state: "reading" | "not_reading" | "failed" | "not_running" | "unknown"; status: ServiceStatus | null }
);

export interface DoctorReport {
  at: string;
  /** false when any check is a problem */
  ok: boolean;
  checks: DoctorCheck[];
}

export interface DoctorDeps {
  env: Record<string, string | undefined>;
  now: Date;
  /** the zone the server itself runs in (for information: dondoc uses TIMEZONE) */
  serverTimeZone: string;
  probeFor(token: string, apiRoot: string): BotProbe;
  /** how long a message may sit in "sending" before it counts as stuck */
  stuckAfterMinutes?: number;
}

export async function diagnose(deps: DoctorDeps): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const report = () => ({ at: deps.now.toISOString(), ok: checks.every((c) => c.level !== "problem"), checks });
  let config: Config;
  try {
    config = loadConfig(deps.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    checks.push({ id: "config", level: "problem", problems: [...error.problems], databasePath: null });
    return report();
  }
  checks.push({ id: "config", level: "ok", problems: [], databasePath: config.databasePath });
  checks.push(checkTimeZone(config.timeZone, deps));
  checks.push(await checkBot(config, deps));
  checks.push(...(config.databaseUrl === null ? await checkDatabase(config.databasePath, deps) : await checkPostgres(config, deps)));
  return report();
}

async function checkBot(config: Config, deps: DoctorDeps): Promise<DoctorCheck> {
  const apiRoot = config.telegramApiRoot;
  if (!config.botToken) return { id: "bot", level: "problem", apiRoot, result: { kind: "no_token" } };
  const result = await deps.probeFor(config.botToken, apiRoot)();
  return { id: "bot", level: result.kind === "ok" ? "ok" : "problem", apiRoot, result };
}

/** Opens the file, then checks it; what cannot be checked (no file, old schema) is left out. */
async function checkDatabase(path: string, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) return [{ id: "database", level: "warning", path: absolute, state: "missing", error: null, bytes: null }];
  let db: Db | null = null;
  try {
    db = openDatabase({ path: absolute, readonly: true });
    const integrity = await checkIntegrity(db);
    const migrations = await findMigrationState(db);
    const checks: DoctorCheck[] = [
      { id: "database", level: "ok", path: absolute, state: "opened", error: null, bytes: statSync(absolute).size },
      { id: "integrity", level: integrity.length === 1 && integrity[0] === "ok" ? "ok" : "problem", result: integrity },
      {
        id: "migrations",
        level: migrations.unknown.length > 0 ? "problem" : migrations.pending.length > 0 ? "warning" : "ok",
        applied: migrations.applied.length,
        pending: migrations.pending,
        unknown: migrations.unknown,
      },
    ];
    // The data checks read tables of the latest schema.
    if (migrations.pending.length === 0) checks.push(...(await checkData(db, deps)));
    return checks;
  } catch (error) {
    return [{ id: "database", level: "problem", path: absolute, state: "unreadable", error: error instanceof Error ? error.message : String(error), bytes: null }];
  } finally {
    await db?.destroy();
  }
}

/**
 * PostgreSQL: connects, then checks what the SQLite file checks that applies (no file, no
 * integrity_check: the server keeps its own files); nothing is written or migrated.
 */
async function checkPostgres(config: Config, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const label = databaseLabel(config);
  const db = openDatabase({ url: config.databaseUrl!, poolSize: 2 });
  try {
    const bytes = await postgresDatabaseSize(db);
    const migrations = await findMigrationState(db);
    const checks: DoctorCheck[] = [
      { id: "database", level: "ok", path: label, state: "opened", error: null, bytes },
      {
        id: "migrations",
        level: migrations.unknown.length > 0 ? "problem" : migrations.pending.length > 0 ? "warning" : "ok",
        applied: migrations.applied.length,
        pending: migrations.pending,
        unknown: migrations.unknown,
      },
    ];
    if (migrations.pending.length === 0) checks.push(...(await checkData(db, deps, true)));
    return checks;
  } catch (error) {
    return [{ id: "database", level: "problem", path: label, state: "unreadable", error: error instanceof Error ? error.message : String(error), bytes: null }];
  } finally {
    await db.destroy();
  }
}

async function checkData(db: Db, deps: DoctorDeps, postgres = false): Promise<DoctorCheck[]> {
  const minutes = deps.stuckAfterMinutes ?? 10;
  const stuck = await countStuckSending(db, addMinutesToInstant(deps.now, -minutes).toISOString());
  const failed = await countFailedDeliveries(db);
  const unreachable = await findUnreachablePeople(db);
  const withoutFocal = await findLeadAgenciesWithoutFocal(db);
  const badDates = await findCyclesWithBadDates(db);
  const holder = await findLockHolder(db);
  const ageMs = holder ? deps.now.getTime() - Date.parse(holder.heartbeatAt) : null;
  // PostgreSQL in webhook mode: no instance lock; a live scheduler lease says a service runs.
  const lease = postgres ? await findLease(db, schedulerLeaseName) : null;
  const leaseMs = lease && lease.expiresAt !== "" ? Date.parse(lease.expiresAt) - deps.now.getTime() : null;
  const running = (ageMs !== null && ageMs < heartbeatTimeoutMs) || (leaseMs !== null && leaseMs > 0);
  const status = await readServiceStatus(db);
  const updates = updatesState(status, running, deps.now);
  const leaseCheck: DoctorCheck[] = postgres
    ? [{ id: "scheduler_lease", level: "info", lease, expired: leaseMs === null || leaseMs <= 0, secondsLeft: leaseMs === null ? null : Math.max(0, Math.round(leaseMs / 1000)) }]
    : [];
  // On PostgreSQL the instance lock is held only in polling mode.
  const lockCheck: DoctorCheck[] =
    postgres && !holder
      ? []
      : [
          {
            id: "instance_lock",
            level: "info",
            holder,
            heartbeatAgeSeconds: ageMs === null ? null : Math.max(0, Math.round(ageMs / 1000)),
            stale: ageMs !== null && ageMs >= heartbeatTimeoutMs,
          },
        ];
  return [
    { id: "sending", level: stuck.reminders + stuck.notices > 0 ? "problem" : "ok", stuck, olderThanMinutes: minutes },
    { id: "failed", level: failed.reminders + failed.notices > 0 ? "warning" : "ok", failed },
    { id: "unreachable", level: unreachable.length > 0 ? "warning" : "ok", people: unreachable },
    { id: "focal_coverage", level: withoutFocal.length > 0 ? "warning" : "ok", agencies: withoutFocal },
    { id: "bad_dates", level: badDates.length > 0 ? "problem" : "ok", cycles: badDates },
    ...lockCheck,
    ...leaseCheck,
    { id: "updates", level: updates === "not_reading" || updates === "failed" ? "problem" : updates === "reading" ? "ok" : "info", state: updates, status },
  ];
}

function updatesState(status: ServiceStatus | null, running: boolean, now: Date): Extract<DoctorCheck, { id: "updates" }>["state"] {
  if (status === null) return "unknown";
  if (status.state === "failed") return running ? "not_reading" : "failed";
  if (!running) return "not_running";
  if (status.state === "not_reading" || now.getTime() - Date.parse(status.at) > statusStaleMs) return "not_reading";
  return "reading";
}

function checkTimeZone(zone: string, deps: DoctorDeps): DoctorCheck {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "longOffset" }).formatToParts(deps.now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const offset = part("timeZoneName").replace(/^GMT$/, "GMT+00:00").replace(/^GMT/, "UTC");
  return {
    id: "time_zone",
    level: "info",
    zone,
    offset,
    localDate: localDateOf(deps.now, zone),
    localTime: `${part("hour")}:${part("minute")}`,
    serverZone: deps.serverTimeZone,
  };
}
