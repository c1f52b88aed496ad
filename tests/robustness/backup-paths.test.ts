/**
 * Issue 11, item 10: `backup` never writes over the live database or its companion files, by
 * whatever path it is named: through a symlinked folder, a symlink to the file, or the WAL,
 * shared-memory and rollback-journal files next to it.
 */
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";

let cli: CliHarness;
beforeEach(() => {
  cli = createCliHarness();
});
afterEach(() => cli.cleanup());

function agencyCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from agencies").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("backup refuses the database's own files", () => {
  it("through a symlinked folder, even with --force, and the live database stays whole", async () => {
    await cli.run("agencies"); // creates the database
    const before = agencyCount(cli.databasePath);
    const link = join(cli.dir, "..", `${cli.dir.split("/").pop()}-link`);
    symlinkSync(cli.dir, link);
    try {
      const result = await cli.run("backup", join(link, "dondoc.sqlite"), "--force");
      expect(result.code).toBe(1);
      expect(result.err).toContain("chính là cơ sở dữ liệu đang dùng");
      expect(result.err).toContain(cli.databasePath); // the real path, named
    } finally {
      rmSync(link, { force: true });
    }
    expect(agencyCount(cli.databasePath)).toBe(before);
  });

  it("through a symlink to the file", async () => {
    await cli.run("agencies");
    const link = join(cli.dir, "latest.sqlite");
    symlinkSync(cli.databasePath, link);
    const result = await cli.run("backup", link, "--force");
    expect(result.code).toBe(1);
    expect(result.err).toContain("chính là cơ sở dữ liệu đang dùng");
  });

  it.each(["-wal", "-shm", "-journal"])("its %s file, even with --force", async (suffix) => {
    await cli.run("agencies");
    const companion = `${cli.databasePath}${suffix}`;
    const existed = existsSync(companion);
    if (!existed) writeFileSync(companion, "");
    const content = readFileSync(companion);
    const result = await cli.run("backup", companion, "--force");
    expect(result.code).toBe(1);
    expect(result.err).toContain(`tệp ${suffix.slice(1)} của cơ sở dữ liệu`);
    expect(readFileSync(companion)).toEqual(content);
    expect(agencyCount(cli.databasePath)).toBeGreaterThan(50);
  });
});
