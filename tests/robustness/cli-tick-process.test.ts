/**
 * Issue 11, item 3: `npm run cli -- tick` exited 13 with nothing printed when one pass had two
 * messages for one chat (a backlog summary and a reminder): the pause between them was an
 * unref'ed timer, so Node ended the CLI with the pass unfinished. The real CLI, as a process.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundledFiles, openApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { importBundledPlanIfEmpty } from "../../src/services/runtime/first-run.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { openDatabase } from "../../src/storage/database.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";

let emu: BotApiEmulator | null = null;
let dir = "";
afterEach(async () => {
  await emu?.stop();
  emu = null;
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(process.cwd(), "src/cli/index.ts"), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("npm run cli -- tick", () => {
  it("finishes a pass with two messages for one chat and prints its report", async () => {
    emu = await startBotApiEmulator();
    dir = mkdtempSync(join(tmpdir(), "dondoc-clitick-"));
    const path = join(dir, "dondoc.sqlite");
    const app = await openApp(loadConfig({ DATABASE_PATH: path }), { now: () => new Date("2026-11-10T02:00:00Z") }, { actor: "test" });
    await importBundledPlanIfEmpty({ db: app.db, timeZone: "Asia/Ho_Chi_Minh", registry: app.registry }, bundledFiles.plan, new Date("2026-11-10T02:00:00Z"));
    const invite = await createInvite(app.db, { agencyCode: "SCT", role: "focal", createdBy: "test", now: new Date("2026-11-10T02:00:00Z") });
    emu.user(7_301, { first_name: "Cán bộ SCT" });
    await redeemInvite(app.db, invite.code, { telegramUserId: 7_301, chatId: 7_301, displayName: "Cán bộ SCT" }, new Date("2026-11-10T02:00:00Z"));
    await app.close();

    // 16/11 08:00: the summary of the agency's old overdue work and IV.2's d14 reminder, one chat.
    const result = await runCli(["tick", "--at", "2026-11-16T08:00:00+07:00"], { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: path });
    // Nothing on stderr but the line naming the database and the Bot API it used.
    expect(
      result.err
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("Cơ sở dữ liệu:")),
    ).toEqual([]);
    expect(result.code).toBe(0);
    const sent = emu.sent(7_301).map((m) => m.text ?? "");
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.some((t) => t.includes("Nhắc việc — IV.2"))).toBe(true);
    expect(result.out).toContain(`${sent.length}`);
    // Nothing left claimed: every message the pass took is settled.
    const db = openDatabase({ path, readonly: true });
    const stuck = await db.selectFrom("reminders").select("id").where("state", "=", "sending").execute();
    const stuckNotices = await db.selectFrom("notices").select("id").where("state", "=", "sending").execute();
    await db.destroy();
    expect([...stuck, ...stuckNotices]).toEqual([]);
  }, 60_000);
});
