/**
 * vitest globalSetup: starts the run's PostgreSQL server in the background (tests/support/
 * postgres.ts), so a run without PostgreSQL tests does not wait for it, migrates one template
 * database that every test's database copies, and stops the server at the end.
 */
import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openMigratedDatabase } from "../../src/storage/database.js";
import { freePort, startPostgres, type PostgresServer, type PostgresStatus } from "./postgres-server.js";

const template = "dondoc_template";

/** The run's template: an empty database with every migration applied, and no connection left to it. */
async function migrateTemplate(server: PostgresServer): Promise<void> {
  const client = new pg.Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${template}`);
  } finally {
    await client.end();
  }
  const url = new URL(server.adminUrl);
  url.pathname = `/${template}`;
  const db = await openMigratedDatabase({ url: url.toString() });
  await db.destroy();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const statusFile = join(tmpdir(), `dondoc-pgstatus-${randomBytes(6).toString("hex")}.json`);
  const report = (status: PostgresStatus) => writeFileSync(statusFile, JSON.stringify(status));
  let started: PostgresServer | null = null;
  const starting = startPostgres({ port, password })
    .then(async (server) => {
      started = server;
      await migrateTemplate(server);
      report({ ready: true, version: server.version, startMs: server.startMs, template });
      return server;
    })
    .catch((error: unknown) => {
      report({ ready: false, reason: error instanceof Error ? error.message : String(error) });
      return started;
    });
  project.provide("postgres", { adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, statusFile });
  return async () => {
    await (await starting)?.stop();
    rmSync(statusFile, { force: true });
  };
}
