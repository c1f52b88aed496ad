/**
 * The CLI's operations commands on PostgreSQL (DATABASE_URL): `doctor` checks what applies to a
 * server (connection, size, migrations, the queues, the scheduler lease) and never the SQLite
 * file; `backup` names pg_dump instead of copying anything, exits non-zero and changes nothing.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMigratedDatabase } from "../../src/storage/database.js";
import { findLease, takeLease } from "../../src/storage/lease-repository.js";
import { createCliHarness } from "../support/cli-harness.js";
import { createPostgresDatabase, postgresOrSkip } from "../support/postgres.js";
import { freePort } from "../support/postgres-server.js";

const adminUrl = await postgresOrSkip();

interface Check {
  id: string;
  level: string;
  message: string;
  [key: string]: unknown;
}

describe.runIf(adminUrl !== null)("the CLI on PostgreSQL", () => {
  let url: string;
  let drop: () => Promise<void>;
  const now = new Date("2026-11-27T02:00:00Z");

  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabase(adminUrl!));
    const db = await openMigratedDatabase({ url });
    // A service leads the scheduler until 02:00:30.
    await takeLease(db, "scheduler", "host-a:4242:abc123", now.toISOString(), new Date(now.getTime() + 30_000).toISOString());
    await db.destroy();
  });
  afterAll(async () => await drop?.());

  it("doctor checks the server and the lease, not a file, and never prints the password", async () => {
    const cli = createCliHarness(now.toISOString());
    try {
      const run = await cli.runWith({ DATABASE_URL: url }, "doctor", "--json");
      const report = JSON.parse(run.out) as { checks: Check[] };
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      const password = new URL(url).password;
      expect(run.out).not.toContain(password);
      expect(run.note).not.toContain(password);
      expect(byId.get("database")).toMatchObject({ level: "ok", state: "opened" });
      expect(byId.get("database")!.message).toContain("postgres://postgres:***@127.0.0.1");
      expect(byId.get("migrations")).toMatchObject({ level: "ok", pending: [], unknown: [] });
      // The data checks ran on the server (the queries are PostgreSQL's, not SQLite's).
      for (const id of ["sending", "failed", "unreachable", "bad_dates"]) expect(byId.get(id)?.level).toBe("ok");
      expect(byId.get("scheduler_lease")!.message).toContain("phiên bản host-a:4242:abc123 đang chạy bộ lập lịch và gửi tin (lượt 1); quyền chạy còn hiệu lực 30 giây");
      // SQLite only: the file's integrity check, the instance lock of a single process.
      expect(byId.has("integrity")).toBe(false);
      expect(byId.has("instance_lock")).toBe(false);
      // A service leading a minute ago and silent since: no one runs the scheduler.
      cli.setNow("2026-11-27T02:01:00Z");
      const later = JSON.parse((await cli.runWith({ DATABASE_URL: url }, "doctor", "--json")).out) as { checks: Check[] };
      expect(later.checks.find((c) => c.id === "scheduler_lease")!.message).toContain("không phiên bản nào đang chạy bộ lập lịch (lần cuối: host-a:4242:abc123)");
    } finally {
      cli.cleanup();
    }
  });

  it("doctor says a server it cannot reach is a problem", async () => {
    const cli = createCliHarness(now.toISOString());
    try {
      const closed = new URL(url);
      closed.port = String(await freePort());
      const run = await cli.runWith({ DATABASE_URL: closed.toString() }, "doctor", "--json");
      expect(run.code).toBe(1);
      const database = (JSON.parse(run.out) as { checks: Check[] }).checks.find((c) => c.id === "database")!;
      expect(database).toMatchObject({ level: "problem", state: "unreadable" });
      expect(database.message).toMatch(/^Cơ sở dữ liệu: không mở được postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/dondoc_\w+: .*ECONNREFUSED/);
    } finally {
      cli.cleanup();
    }
  });

  it("backup names pg_dump with an example, exits non-zero and writes nothing", async () => {
    const cli = createCliHarness(now.toISOString());
    try {
      const target = join(cli.dir, "copy.sqlite");
      const run = await cli.runWith({ DATABASE_URL: url }, "backup", target);
      expect(run.code).toBe(1);
      expect(run.err).toContain("Cơ sở dữ liệu là PostgreSQL");
      expect(run.err).toContain('pg_dump --format=custom --file=/var/backups/dondoc/dondoc-$(date +%F).dump "$DATABASE_URL"');
      expect(run.err).toContain("pg_restore");
      expect(run.err).not.toContain(new URL(url).password);
      expect(existsSync(target)).toBe(false);
      expect(existsSync(cli.databasePath)).toBe(false);
      // Without a file name it says the same (not the SQLite example).
      const bare = await cli.runWith({ DATABASE_URL: url }, "backup");
      expect(bare.code).toBe(1);
      expect(bare.err).toContain("pg_dump");
    } finally {
      cli.cleanup();
    }
  });

  it("tick refuses while an instance leads the scheduler, and runs as the leader when none does", async () => {
    const own = await createPostgresDatabase(adminUrl!);
    const cli = createCliHarness(now.toISOString());
    try {
      const db = await openMigratedDatabase({ url: own.url });
      // a running service renewed the lease a moment ago (wall time: the lease is about processes)
      await takeLease(db, "scheduler", "host-a:4242:abc123", new Date().toISOString(), new Date(Date.now() + 30_000).toISOString());
      const env = { DATABASE_URL: own.url, BOT_TOKEN: "7000000001:AAHemulatorTestToken_0123456789abcd", TELEGRAM_API_ROOT: "http://127.0.0.1:9" };
      const refused = await cli.runWith(env, "tick");
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("Phiên bản host-a:4242:abc123 đang chạy bộ lập lịch");
      expect(await findLease(db, "scheduler")).toMatchObject({ holder: "host-a:4242:abc123", token: 1 });
      // the service stopped cleanly (lease given up): tick runs its pass as leader and gives the lease back
      await db.updateTable("leases").set({ expires_at: "" }).execute();
      const ran = await cli.runWith(env, "tick", "--json");
      expect(ran.code).toBe(0);
      expect(await findLease(db, "scheduler")).toMatchObject({ holder: `cli-tick-${process.pid}`, token: 2, expiresAt: "" });
      await db.destroy();
    } finally {
      cli.cleanup();
      await own.drop();
    }
  });
});
