/**
 * Instances of the compiled service (`dist/main.js` with the node flags of `npm start`), each a
 * process of its own in webhook mode on its own loopback port, for the multi-instance
 * benchmark. Their pino lines are kept (the last 2 MB of each) to find who leads and what went
 * wrong; an instance is ready when its /healthz answers 200.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../tests/support/postgres-server.js";

const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The node flags of `npm start` (package.json), so each instance runs as the service does. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

export interface Instance {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | string | null>;
  /** stdout and stderr, the last 2 MB */
  log(): string;
  /** pino lines at warn level or above */
  warnings(): string[];
}

export const webhookPath = "/telegram";
export const webhookSecret = "dondoc-bench-webhook-secret-0123456789";

export async function startInstance(name: string, env: Record<string, string>, cwd: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags(), join(projectRoot, "dist", "main.js")], {
    cwd, // no .env there: only the environment given here
    env: {
      PATH: process.env.PATH ?? "",
      BOT_MODE: "webhook",
      WEBHOOK_URL: `https://dondoc-bench.invalid${webhookPath}`,
      WEBHOOK_SECRET: webhookSecret,
      PORT: String(port),
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const warnings: string[] = [];
  const take = (chunk: Buffer) => {
    const text = chunk.toString();
    out = (out + text).slice(-2_000_000);
    for (const line of text.split("\n")) if (/"level":[456]0/.test(line)) warnings.push(line.slice(0, 500));
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return { name, port, pid: child.pid!, child, exited, log: () => out, warnings: () => warnings };
}

/** Resolves when the instance's /healthz says 200; throws with its log if it exits or takes longer than `timeoutMs`. */
export async function waitHealthy(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void instance.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${instance.name} exited before it was ready:\n${instance.log().slice(-3000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${instance.name} not healthy within ${timeoutMs} ms:\n${instance.log().slice(-3000)}`);
}

/** SIGTERM (a clean stop), SIGKILL after `graceMs`; resolves with how it ended. */
export async function stopInstance(instance: Instance, graceMs = 15_000): Promise<number | string | null> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return instance.exited;
  instance.child.kill("SIGTERM");
  const timer = setTimeout(() => instance.child.kill("SIGKILL"), graceMs);
  const how = await instance.exited;
  clearTimeout(timer);
  return how;
}
