/**
 * The service as its own process (support/service-at.ts: what `npm start` runs, with a clock
 * set at DONDOC_TEST_NOW), for faults that need a real process: exit codes, SIGSTOP/SIGCONT.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface ServiceProcess {
  child: ChildProcess;
  /** the exit code (-1 for a signal) */
  exited: Promise<number>;
  out(): string;
  /** waits until the log matches `pattern` */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(): void;
}

export function spawnService(cwd: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(process.cwd(), "tests/robustness/support/service-at.ts")], {
    cwd,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", DONDOC_TEST_T0: String(Date.now()), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += String(chunk)));
  child.stderr!.on("data", (chunk) => (out += String(chunk)));
  const exited = new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  return {
    child,
    exited,
    out: () => out,
    async waitFor(pattern, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before ${pattern}: ${out.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}: ${out.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** Resolves with the exit code, or null if the process is still running after `ms`. */
export async function exitWithin(service: ServiceProcess, ms: number): Promise<number | null> {
  return Promise.race([service.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}
