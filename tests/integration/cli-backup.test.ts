/** `backup`: SQLite's online backup while another process writes, and the refusals. SQLite only: on PostgreSQL `backup` names pg_dump and copies nothing (tests/integration/cli-postgres.test.ts). */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";

let cli: CliHarness;
beforeEach(() => {
  cli = createCliHarness();
});
afterEach(() => cli.cleanup());

/**
 * Another process writing audit rows in small transactions as fast as it can (the service's
 * pattern), until `stopFile` appears. Prints "writing" after its first commit and the total
 * number of rows at the end.
 */
function startWriter(databasePath: string, stopFile: string) {
  const script = `
    const Database = require("better-sqlite3");
    const fs = require("node:fs");
    const db = new Database(${JSON.stringify(databasePath)});
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 5000");
    const insert = db.prepare("insert into audit (at, actor, action, entity, entity_id, before, after) values (?, 'writer', 'test.write', 'test', ?, null, ?)");
    const batch = db.transaction((start) => { for (let i = 0; i < 20; i++) insert.run(new Date().toISOString(), start + i, "x".repeat(200)); });
    let rows = 0;
    while (!fs.existsSync(${JSON.stringify(stopFile)})) {
      batch(rows);
      rows += 20;
      if (rows === 20) process.stdout.write("writing\\n");
    }
    db.close();
    process.stdout.write("rows " + rows + "\\n");
  `;
  const child = spawn(process.execPath, ["-e", script], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { exited, out: () => out, err: () => err };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function countRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("backup", () => {
  it("copies a consistent database while another process keeps writing", async () => {
    expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
    const stopFile = join(cli.dir, "stop");
    const writer = startWriter(cli.databasePath, stopFile);
    try {
      await until(() => writer.out().includes("writing"));
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the WAL grow under the copy
      const copies: string[] = [];
      for (let i = 0; i < 3; i++) {
        const file = join(cli.dir, `copy-${i}.sqlite`);
        const result = await cli.run("backup", file);
        expect(result.err).toBe("");
        expect(result.code).toBe(0);
        expect(result.out).toContain(file);
        expect(result.out).toMatch(/Đã sao lưu cơ sở dữ liệu vào .* — [\d,]+ (KB|MB) \([\d.]+ byte\)\./);
        copies.push(file);
      }
      writeFileSync(stopFile, "");
      expect(await writer.exited).toBe(0);
      const total = Number(/rows (\d+)/.exec(writer.out())?.[1]);
      let previous = 0;
      for (const file of copies) {
        const db = new Database(file, { readonly: true });
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        db.close();
        expect(countRows(file, "tasks")).toBe(101);
        // Whole transactions only, and each copy at least as new as the one before.
        const written = countRows(file, "audit where actor = 'writer'");
        expect(written % 20).toBe(0);
        expect(written).toBeGreaterThanOrEqual(Math.max(previous, 20));
        expect(written).toBeLessThanOrEqual(total);
        previous = written;
      }
    } finally {
      writeFileSync(stopFile, "");
      await writer.exited;
    }
    expect(writer.err()).toBe("");
    expect(readdirSync(cli.dir).filter((name) => name.includes(".partial-"))).toEqual([]);
  });

  it("refuses to overwrite a file unless --force, and prints JSON when asked", async () => {
    await cli.run("agencies"); // creates the database
    const file = join(cli.dir, "copy.sqlite");
    writeFileSync(file, "an older backup");
    const refused = await cli.run("backup", file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("đã có");
    expect(refused.err).toContain("--force");

    const forced = await cli.json<{ file: string; bytes: number; pages: number }>("backup", file, "--force");
    expect(forced.file).toBe(file);
    expect(forced.bytes).toBeGreaterThan(4096);
    expect(countRows(file, "agencies")).toBeGreaterThan(50);
  });

  it.each([
    ["no database yet", (dir: string) => join(dir, "copy.sqlite"), false, 1, "Không có cơ sở dữ liệu tại"],
    ["a folder that does not exist", (dir: string) => join(dir, "nope", "copy.sqlite"), true, 1, "chưa có; tạo trước (mkdir -p"],
    ["a directory as the destination", (dir: string) => dir, true, 1, "là một thư mục"],
    ["the database itself", (dir: string) => join(dir, "dondoc.sqlite"), true, 1, "chính là cơ sở dữ liệu đang dùng"],
  ])("refuses %s", async (_what, destination, withDatabase, code, message) => {
    if (withDatabase) await cli.run("agencies");
    const result = await cli.run("backup", destination(cli.dir), "--force");
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });

  it("refuses an unwritable destination and leaves nothing behind", async () => {
    await cli.run("agencies");
    // Nobody, root included, creates files in /proc; elsewhere a folder without write permission.
    let folder = "/proc";
    if (process.platform !== "linux") {
      folder = join(cli.dir, "locked");
      mkdirSync(folder, { mode: 0o500 });
    }
    const result = await cli.run("backup", join(folder, "dondoc-copy.sqlite"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("Không ghi được tệp sao lưu");
    expect(existsSync(join(folder, "dondoc-copy.sqlite"))).toBe(false);
  });

  it.each([[["backup"]], [["backup", "a.sqlite", "b.sqlite"]], [["backup", "a.sqlite", "--overwrite"]]])("%j is a usage error (exit 2)", async (argv) => {
    const result = await cli.run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).not.toBe("");
  });
});
