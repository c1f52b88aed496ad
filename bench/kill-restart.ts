/**
 * Kill-and-restart benchmark (issue 6, proof 2): the service process SIGKILLed in the middle of
 * a burst of 500+ due reminders (500 officers) against the rate-limiting Bot API emulator, then
 * started again until every reminder is recorded as sent. Prints JSON: what was delivered before
 * the kill, what was in flight (delivered, not yet recorded), duplicates after the restart
 * (must not exceed those in flight), lost messages (must be zero), and the timings.
 * The same run with 60 officers is part of `npm test` (tests/robustness/kill-restart.test.ts).
 */
import { runKillRestart, type KillRestartResult } from "../tests/robustness/support/kill-restart.js";

export async function benchKillRestart(options: { officers?: number; killAt?: number } = {}): Promise<KillRestartResult> {
  return runKillRestart({ officers: options.officers ?? 500, killAt: options.killAt ?? 0.4, timeoutMs: 180_000 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchKillRestart(), null, 2));
}
