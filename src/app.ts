/**
 * The composition shared by the service and the CLI: config → database (migrated) → the
 * registry seeded from `seeds/agencies.json` (or the file REGISTRY names; REGISTRY=none seeds
 * nothing). Nothing here runs on import.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./config.js";
import type { Clock } from "./domain/clock.js";
import { createAgencyMatcher } from "./plan/agency-matcher.js";
import type { AgencyRegistry } from "./plan/types.js";
import type { WorkingCalendar } from "./domain/working-days.js";
import { createServices, type Services } from "./services/index.js";
import { readCalendarFile, readRegistryFile } from "./services/plans/plan-files.js";
import { seedRegistry } from "./services/registry/registry-seed.js";
import { loadStoredRegistry } from "./storage/agency-repository.js";
import { openMigratedDatabase, type Db } from "./storage/database.js";
import { exclusively } from "./storage/lease-repository.js";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const bundledFiles = {
  registry: resolve(projectRoot, "seeds/agencies.json"),
  calendar: resolve(projectRoot, "seeds/calendar-vn.json"),
  plan: resolve(projectRoot, "seeds/qd-1861-2022-thanh-hoa.txt"),
};

export interface App {
  config: Config;
  clock: Clock;
  db: Db;
  registry: AgencyRegistry;
  calendar: WorkingCalendar;
  /** the services with db, clock and time zone bound in, for the bot */
  services: Services;
  close(): Promise<void>;
}

export interface AppOptions {
  registryFile?: string;
  /** who the seed step is recorded as in the audit log */
  actor: string;
  /** the long-running service checkpoints the WAL from a timer (storage/database.ts) */
  backgroundCheckpointMs?: number;
  /** PostgreSQL: a connection the server ended between queries (default: a process warning) */
  onConnectionError?: (error: Error) => void;
}

/** The advisory lock the start-up work of several instances on one PostgreSQL takes in turn (storage/lease-repository.ts). */
export const startupWorkLock = "dondoc.startup";

/** REGISTRY=none: a deployment that starts with no agencies and lets imports fill the registry. */
export const noRegistry = "none";

export async function openApp(config: Config, clock: Clock, options: AppOptions): Promise<App> {
  const file = options.registryFile ?? config.registryFile ?? bundledFiles.registry;
  const seed = file === noRegistry ? null : await readRegistryFile(file);
  const calendar = await readCalendarFile(bundledFiles.calendar);
  const db = await openMigratedDatabase(
    config.databaseUrl !== null
      ? { url: config.databaseUrl, ...(options.onConnectionError && { onConnectionError: options.onConnectionError }) }
      : { path: config.databasePath, ...(options.backgroundCheckpointMs !== undefined && { backgroundCheckpointMs: options.backgroundCheckpointMs }) },
  );
  let registry: AgencyRegistry;
  try {
    // Several instances on one PostgreSQL starting together seed one after the other.
    if (seed) await exclusively(db, startupWorkLock, () => seedRegistry(db, seed, clock.now(), options.actor, config.timeZone));
    // The database is the registry people manage: plans are read against it, not the file.
    registry = await loadStoredRegistry(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  return {
    config,
    clock,
    db,
    registry,
    calendar,
    services: createServices({ db, clock, config, matcher: createAgencyMatcher(registry) }),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
