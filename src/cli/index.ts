/** Entry of the admin CLI (`npm run cli -- …`, the `dondoc` bin). */
import { resolve } from "node:path";
import { readEnvironment } from "../config.js";
import { systemClock } from "../domain/clock.js";
import { runCli } from "./run.js";

// `dondoc tasks | head` closes the pipe early; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  io: { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) },
  env: readEnvironment(resolve(".env"), process.env),
  clock: systemClock,
});
