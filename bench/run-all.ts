/** `npm run bench`: every benchmark, one JSON object with each figure and its target. */
import { cpus, totalmem } from "node:os";
import { benchExport } from "./export.js";
import { benchFlood } from "./flood.js";
import { benchInboundReplies } from "./inbound-replies.js";
import { benchKillRestart } from "./kill-restart.js";
import { benchMultiInstance } from "./multi-instance.js";
import { benchParsePlan } from "./parse-plan.js";
import { benchSendRate } from "./send-rate.js";
import { benchStatusMemory } from "./status-memory.js";
import { benchTickPlanning } from "./tick-planning.js";
import { benchWebOverview } from "./web-overview.js";

// Resident memory of the in-process benchmarks includes what ran before them: the export
// (sampled while it runs) goes before the heavy tick planning; status_and_memory measures a
// fresh worker process of its own.
const results = [
  benchParsePlan(),
  await benchInboundReplies(),
  await benchSendRate(),
  await benchKillRestart(),
  await benchFlood(),
  await benchExport(),
  await benchStatusMemory(),
  await benchWebOverview(),
  await benchTickPlanning(),
  await benchMultiInstance(),
];
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
