/**
 * Issue 6, proof 2, the size that fits in `npm test`: the service process SIGKILLed in the
 * middle of a burst of reminders, then started again (support/kill-restart.ts). The 500-reminder
 * run is bench/kill-restart.ts. Every reminder is delivered, none is lost, a message is repeated
 * only if it was in flight when the process died, and the ledger ends with every row sent.
 */
import { describe, expect, it } from "vitest";
import { runKillRestart } from "./support/kill-restart.js";
import { printIfVerbose } from "../support/verbose.js";

describe("SIGKILL in the middle of a burst", () => {
  it("delivers every reminder after a restart, repeating at most those in flight", async () => {
    const result = await runKillRestart({ officers: 60, killAt: 0.4, timeoutMs: 60_000 });
    printIfVerbose(JSON.stringify(result));
    expect(result.due_reminders).toBeGreaterThanOrEqual(60);
    expect(result.delivered_before_kill).toBeLessThan(result.due_reminders); // killed mid-burst
    expect(result.lost).toBe(0);
    expect(result.ledger_end).toEqual({ sent: result.due_reminders });
    expect(result.duplicates).toBeLessThanOrEqual(result.in_flight_at_kill);
    expect(result.too_many_requests).toBe(0);
    expect(result.ok).toBe(true);
  }, 90_000);
});
