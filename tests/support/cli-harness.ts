/** Runs the real CLI in-process against a fresh SQLite file, capturing what it prints. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/run.js";
import { fixedClock } from "../../src/domain/clock.js";

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** the line naming the database and Bot API (stderr in a terminal) */
  note: string;
}

export interface CliHarness {
  dir: string;
  databasePath: string;
  run(...argv: string[]): Promise<CliRun>;
  /** the same with more environment variables */
  runWith(env: Record<string, string>, ...argv: string[]): Promise<CliRun>;
  json<T = unknown>(...argv: string[]): Promise<T>;
  setNow(instant: string): void;
  cleanup(): void;
}

export function createCliHarness(now = "2026-11-27T02:00:00Z", env: Record<string, string> = {}): CliHarness {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-cli-"));
  const databasePath = join(dir, "dondoc.sqlite");
  let clock = fixedClock(now);
  const harness: CliHarness = {
    dir,
    databasePath,
    run: (...argv) => harness.runWith({}, ...argv),
    async runWith(more, ...argv) {
      const out: string[] = [];
      const err: string[] = [];
      const note: string[] = [];
      const code = await runCli(argv, {
        io: { out: (t) => out.push(t), err: (t) => err.push(t), note: (t) => note.push(t) },
        env: { DATABASE_PATH: databasePath, TIMEZONE: "Asia/Ho_Chi_Minh", ...env, ...more },
        clock,
      });
      return { code, out: out.join("\n"), err: err.join("\n"), note: note.join("\n") };
    },
    async json<T>(...argv: string[]) {
      const result = await harness.run(...argv, "--json");
      if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.err}`);
      return JSON.parse(result.out) as T;
    },
    setNow(instant) {
      clock = fixedClock(instant);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
