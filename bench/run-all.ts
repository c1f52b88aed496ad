/** `npm run bench`: every benchmark, one JSON object with each figure and its target. */
import { cpus, totalmem } from "node:os";
import { benchInboundReplies } from "./inbound-replies.js";
import { benchParsePlan } from "./parse-plan.js";

const results = [benchParsePlan(), await benchInboundReplies()];
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
