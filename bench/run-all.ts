/** `npm run bench`: every benchmark, one JSON object with each figure and its target. */
import { cpus, totalmem } from "node:os";
import { benchInboundReplies } from "./inbound-replies.js";
import { benchParsePlan } from "./parse-plan.js";
import { benchSendRate } from "./send-rate.js";
import { benchTickPlanning } from "./tick-planning.js";

// peak_rss_mb is the process's peak so far: the heavy tick-planning run goes last.
const results = [benchParsePlan(), await benchInboundReplies(), await benchSendRate(), await benchTickPlanning()];
console.log(
  JSON.stringify(
    {
      machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
      results,
      all_ok: results.every((r) => r.ok === true),
    },
    null,
    2,
  ),
);
