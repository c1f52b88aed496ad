/**
 * `npm start` (src/main.ts) for tests that need the service's clock at a chosen instant: the
 * same startService with the cron clock, signals and exit codes, reading the same environment,
 * except that the clock reads DONDOC_TEST_NOW at the real instant DONDOC_TEST_T0 (ms since
 * epoch) and runs at real speed from there. Restarted with the same two values, the clock goes
 * on where it was, as the wall clock would.
 */
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";
import { startService } from "../../../src/service.js";

const base = Date.parse(process.env.DONDOC_TEST_NOW ?? "");
const t0 = Number(process.env.DONDOC_TEST_T0 ?? Date.now());
if (Number.isNaN(base)) throw new Error("DONDOC_TEST_NOW must be an ISO instant");
const clock = { now: () => new Date(base + (Date.now() - t0)) };

const config = loadConfig(process.env);
const logger = createLogger(config);
// Shorter waits for tests that play faults out (a 409's retries, the database watch).
const conflictFirstWaitMs = Number(process.env.DONDOC_TEST_CONFLICT_WAIT_MS ?? 5_000);
const watchMs = Number(process.env.DONDOC_TEST_WATCH_MS ?? 5_000);
const service = await startService({ config: { ...config, botToken: config.botToken! }, clock, logger, announce: (line) => console.log(line), watchMs, polling: { conflictFirstWaitMs } });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void service.stop(signal));
// As main.ts: a service that had to stop exits non-zero, whatever still holds the event loop.
await service.stopped.catch(() => process.exit(1));
