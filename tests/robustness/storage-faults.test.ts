/**
 * Issue 6, proof 6: the disk refuses. A database that cannot be written (a read-only file, a
 * read-only folder, both) stops `npm start` and the CLI at once with a short message naming the
 * path, not a stack trace. A full disk (SQLite's max_page_count on the service's connection)
 * while an officer reports: a Vietnamese apology, the error in the log, nothing recorded before
 * lost, and once there is room again the next report is recorded.
 *
 * Root ignores file modes, so when the tests run as root the processes run without the
 * capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER; util-linux's
 * `setpriv`): still root, and so still able to read a checkout in a folder only root may enter
 * (a mode-700 home or `mktemp -d`), but bound by the modes of the files it owns. Where setpriv
 * is missing they run as `nobody`, which needs a checkout others can read.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { printIfVerbose } from "../support/verbose.js";

const dirs: string[] = [];
let emu: BotApiEmulator | null = null;
let h: BotHarness | null = null;
afterEach(async () => {
  await emu?.stop();
  emu = null;
  await h?.stop();
  h = null;
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  }
});

const asRoot = process.getuid?.() === 0;
const hasSetpriv = asRoot && spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0;
/** The command that starts a process bound by file modes, and the spawn options it needs. */
function boundByFileModes(args: string[]): { command: string; args: string[]; options: { uid?: number; gid?: number } } {
  if (!asRoot) return { command: process.execPath, args, options: {} };
  if (hasSetpriv) return { command: "setpriv", args: ["--bounding-set=-dac_override,-dac_read_search,-fowner", "--inh-caps=-all", "--", process.execPath, ...args], options: {} };
  return { command: process.execPath, args, options: { uid: 65_534, gid: 65_534 } };
}

function run(entry: "src/main.ts" | "src/cli/index.ts", args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const started = Date.now();
  const cwd = mkdtempSync(join(tmpdir(), "dondoc-ro-cwd-"));
  dirs.push(cwd);
  chmodSync(cwd, 0o755);
  const bound = boundByFileModes(["--import", import.meta.resolve("tsx"), join(process.cwd(), entry), ...args]);
  const child = spawn(bound.command, bound.args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...bound.options,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  // A safety net against a hung child, not a speed goal: tsx alone takes 10-25 s to start on a loaded machine.
  const timer = setTimeout(() => child.kill("SIGKILL"), 80_000);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, ms: Date.now() - started });
    }),
  );
}

/** A migrated database (registry seeded), then made unwritable as asked. */
async function unwritableDatabase(mode: "file" | "folder" | "both" | "missing-in-read-only-folder"): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "dondoc-ro-"));
  dirs.push(dir);
  const path = join(dir, "dondoc.sqlite");
  if (mode !== "missing-in-read-only-folder") {
    const app = await openApp(loadConfig({ DATABASE_PATH: path }), { now: () => new Date("2026-11-20T02:00:00Z") }, { actor: "test" });
    await app.close();
    chmodSync(path, mode === "folder" ? 0o666 : 0o444);
  }
  chmodSync(dir, mode === "file" ? 0o777 : 0o555);
  return path;
}

const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;

describe("a database that cannot be written", () => {
  it.each(["file", "folder", "both", "missing-in-read-only-folder"] as const)(
    "read-only %s: npm start and the CLI stop at once, naming the path",
    async (mode) => {
      const path = await unwritableDatabase(mode);
      emu = await startBotApiEmulator();
      const [service, cli] = await Promise.all([
        run("src/main.ts", [], { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: path }),
        run("src/cli/index.ts", ["invite", "SCT"], { DATABASE_PATH: path }),
      ]);
      printIfVerbose(
        JSON.stringify({
          name: "read_only_database",
          mode,
          service: { code: service.code, ms: service.ms, stderr: service.err.trim() },
          cli: { code: cli.code, ms: cli.ms, stderr: cli.err.trim() },
        }),
      );
      for (const result of [service, cli]) {
        expect(result.code).toBe(1);
        expect(result.err).toContain(path);
        expect(result.err).not.toMatch(stackTrace);
        expect(result.err.trim().split("\n").length).toBeLessThanOrEqual(4);
      }
      expect(service.err).toMatch(/ghi|đọc|mở/); // said in Vietnamese
      // It stopped before talking to Telegram.
      expect(emu.callsOf("getUpdates")).toEqual([]);
    },
    120_000,
  );
});

describe("a full disk", () => {
  it("apologises for the report it could not record, loses nothing, and records the next once there is room", async () => {
    h = await startBotHarness({ now: "2026-11-20T02:00:00Z" });
    const officer = h.emu.user(7_301, { first_name: "Cán bộ SCT" });
    officer.sendCommand("/start", await h.invite("SCT"));
    await h.settle();
    const card = await h.openCard(officer, "IV.2");
    officer.sendText("đang thực hiện 30%, đã họp triển khai", { replyToMessageId: card.messageId });
    await h.settle();
    expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Đang thực hiện 30%");
    const db = h.service.app.db;
    const snapshot = async () => ({
      status_updates: await db.selectFrom("status_updates").selectAll().orderBy("id").execute(),
      audit: Number(
        (
          await db
            .selectFrom("audit")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      cycles: await db.selectFrom("cycles").select(["id", "completed_at"]).where("completed_at", "is not", null).execute(),
    });
    const before = await snapshot();

    // The disk fills up: no page may be added to the file.
    await sql`create table robustness_filler (b blob)`.execute(db);
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
    await sql.raw(`pragma max_page_count = ${pages + 4}`).execute(db);
    // Fill every page, to the last bytes: a report longer than a page then needs a new one.
    let fillers = 0;
    for (const size of [1000, 100, 10, 1]) {
      await expect(
        (async () => {
          for (;;) {
            await sql`insert into robustness_filler values (zeroblob(${size}))`.execute(db);
            fillers++;
          }
        })(),
      ).rejects.toThrow(/database or disk is full/);
    }
    expect((await sql<{ freelist_count: number }>`pragma freelist_count`.execute(db)).rows[0]!.freelist_count).toBe(0);

    const report = `Đã hoàn thành 100%. ${"Sở đã tổ chức hội nghị triển khai, ban hành văn bản hướng dẫn và tổng hợp số liệu; ".repeat(45)}`.slice(0, 3_990);
    const logsBefore = h.logs.length;
    officer.sendText(report, { replyToMessageId: card.messageId });
    await h.settle();
    const apology = officer.lastReceived()?.text ?? "";
    const logged = h.logs.slice(logsBefore).filter((l) => /database or disk is full|SQLITE_FULL/.test(l));
    const during = await snapshot();

    // Room again.
    await sql.raw("pragma max_page_count = 1073741823").execute(db);
    await sql`drop table robustness_filler`.execute(db);
    officer.sendText("Đã hoàn thành 100%, báo cáo số 45/BC-SCT", { replyToMessageId: card.messageId });
    await h.settle();
    const after = await snapshot();
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);

    printIfVerbose(
      JSON.stringify({
        name: "disk_full",
        filler_rows: fillers,
        report_bytes: Buffer.byteLength(report),
        apology,
        errors_logged: logged.length,
        status_updates: { before: before.status_updates.length, during: during.status_updates.length, after: after.status_updates.length },
      }),
    );
    expect(apology).toMatch(/^Xin lỗi/);
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.some((l) => /"level":50/.test(l))).toBe(true);
    // Nothing recorded before was lost or changed, and the failed report left no half.
    expect(during).toEqual(before);
    expect(after.status_updates.slice(0, before.status_updates.length)).toEqual(before.status_updates);
    expect(after.status_updates.slice(before.status_updates.length).map((u) => [u.kind, u.text])).toEqual([["done", "Đã hoàn thành 100%, báo cáo số 45/BC-SCT"]]);
    expect(officer.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Hoàn thành");
    expect(after.cycles.length).toBe(before.cycles.length + 1);
    expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
  }, 60_000);
});
