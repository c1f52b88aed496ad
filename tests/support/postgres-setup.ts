/**
 * vitest globalSetup: starts the run's PostgreSQL server in the background (tests/support/
 * postgres.ts), so a run without PostgreSQL tests does not wait for it, and stops it at the end.
 */
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, startPostgres, type PostgresStatus } from "./postgres-server.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const statusFile = join(tmpdir(), `dondoc-pgstatus-${randomBytes(6).toString("hex")}.json`);
  const report = (status: PostgresStatus) => writeFileSync(statusFile, JSON.stringify(status));
  const starting = startPostgres({ port, password }).then(
    (server) => {
      report({ ready: true, version: server.version, startMs: server.startMs });
      return server;
    },
    (error: unknown) => {
      report({ ready: false, reason: error instanceof Error ? error.message : String(error) });
      return null;
    },
  );
  project.provide("postgres", { adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, statusFile });
  return async () => {
    await (await starting)?.stop();
    rmSync(statusFile, { force: true });
  };
}
