/**
 * Issue 11, item 14: the CLI says which database and which Bot API it works on (one line on
 * stderr, never in the JSON on stdout), and `report` writes into the folder it was started from
 * (npm runs scripts in the package root and names the caller's folder in INIT_CWD).
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let cli: CliHarness;
afterEach(() => cli.cleanup());

describe.each(stores)("the CLI on $name", (store) => {
  it("prints one line on stderr for every command naming its database and Bot API, and keeps --json stdout pure", async () => {
    cli = createCliHarness("2026-11-27T02:00:00Z", { TELEGRAM_API_ROOT: "http://127.0.0.1:9" }, store);
    for (const argv of [["agencies"], ["agencies", "--json"], ["people", "--json"], ["tasks", "--agency", "STC", "--json"], ["status", "--json"], ["doctor", "--json"]]) {
      const result = await cli.run(...argv);
      const lines = result.note.split("\n").filter(Boolean);
      expect(lines, argv.join(" ")).toEqual([`Cơ sở dữ liệu: ${cli.databaseLabel} · Bot API: http://127.0.0.1:9`]);
      if (argv.includes("--json")) expect(() => JSON.parse(result.out)).not.toThrow();
      expect(result.out).not.toContain(" · Bot API: ");
    }
    // A PostgreSQL URL is named without its password.
    if (store.name === "PostgreSQL") expect(cli.databaseLabel).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/dondoc_\w+$/);
    else expect(cli.databaseLabel).toBe(cli.databasePath);
  });
});

// DATABASE_PATH is SQLite's: a path relative to the folder the CLI runs in.
describe("the CLI names its SQLite file", () => {
  it("names the absolute path of a relative DATABASE_PATH", async () => {
    cli = createCliHarness();
    const result = await cli.runWith({ DATABASE_PATH: relative(process.cwd(), cli.databasePath) }, "agencies");
    expect(result.code).toBe(0);
    expect(result.note).toBe(`Cơ sở dữ liệu: ${cli.databasePath} · Bot API: https://api.telegram.org`);
  });
});

describe("report writes to the folder it was started from", () => {
  it("puts the default file in INIT_CWD (npm run's caller), not in the package root", async () => {
    cli = createCliHarness();
    const callerFolder = join(cli.dir, "caller");
    mkdirSync(callerFolder);
    const before = readdirSync(process.cwd()).filter((f) => f.startsWith("bao-cao-"));
    const result = await cli.runWith({ INIT_CWD: callerFolder }, "report", "--format", "csv");
    expect(result.code).toBe(0);
    expect(readdirSync(callerFolder)).toEqual(["bao-cao-2026-11-27.csv"]);
    expect(result.out).toContain(join(callerFolder, "bao-cao-2026-11-27.csv"));
    expect(readdirSync(process.cwd()).filter((f) => f.startsWith("bao-cao-"))).toEqual(before);

    const named = await cli.runWith({ INIT_CWD: callerFolder }, "report", "--format", "csv", "--out", "mine.csv");
    expect(named.code).toBe(0);
    expect(existsSync(join(callerFolder, "mine.csv"))).toBe(true);
  });
});
