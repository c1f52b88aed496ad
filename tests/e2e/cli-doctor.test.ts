/**
 * `doctor`: every check through the real CLI, the bot token through getMe over HTTP to the
 * local Bot API emulator (with its fault injection for a bad token, a 5xx and a timeout).
 */
import { migrationProvider } from "../../src/storage/migrations/index.js";
import { writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createBotProbe } from "../../src/telegram/bot-probe.js";
import { startBotApiEmulator, type BotApiEmulator } from "../../src/tools/bot-api-emulator/emulator.js";
import { createCliHarness, type CliHarness } from "../support/cli-harness.js";

interface DoctorJson {
  at: string;
  ok: boolean;
  checks: Array<{ id: string; level: string; message: string } & Record<string, unknown>>;
}

let cli: CliHarness;
let emu: BotApiEmulator | null = null;
afterEach(async () => {
  await cli.cleanup();
  await emu?.stop();
  emu = null;
});

async function withEmulator(env: Record<string, string> = {}): Promise<BotApiEmulator> {
  emu = await startBotApiEmulator();
  cli = createCliHarness("2026-11-27T02:00:00Z", { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, ...env });
  return emu;
}

async function doctorJson(): Promise<{ code: number; report: DoctorJson }> {
  const result = await cli.run("doctor", "--json");
  return { code: result.code, report: JSON.parse(result.out) as DoctorJson };
}

/** The printed report with the level column's padding collapsed to one space. */
const tidy = (out: string) => out.replace(/^(\[[^\]]+\]) +/gm, "$1 ");

const check = (report: DoctorJson, id: string) => report.checks.find((c) => c.id === id);

describe("doctor on a fresh folder", () => {
  it("says what is missing: no token is a problem (with the guidance), no database yet a warning", async () => {
    cli = createCliHarness();
    const result = await cli.run("doctor");
    expect(result.code).toBe(1);
    const lines = result.out.split("\n");
    expect(lines[0]).toMatch(/^\[ổn\] +Cấu hình/);
    expect(lines.find((l) => l.includes("Múi giờ"))).toMatch(/^\[thông tin\] Múi giờ: Asia\/Ho_Chi_Minh \(UTC\+07:00\), bây giờ là 09:00 ngày 27\/11\/2026; máy chủ đặt múi giờ /);
    expect(lines.find((l) => l.includes("Bot Telegram"))).toMatch(/^\[LỖI\] +Bot Telegram: chưa có BOT_TOKEN\. Lấy token từ @BotFather \(gửi \/newbot\)/);
    expect(lines.find((l) => l.includes("Cơ sở dữ liệu"))).toMatch(/^\[cảnh báo\] +Cơ sở dữ liệu: chưa có tệp .*dondoc\.sqlite; npm start tạo/);
    expect(lines.at(-1)).toBe("Kết quả: 1 ổn, 1 thông tin, 1 cảnh báo, 1 lỗi.");
    expect(result.err).toBe("");
  });

  it("reports a bad configuration and checks nothing else", async () => {
    cli = createCliHarness("2026-11-27T02:00:00Z", { TIMEZONE: "Mars/Olympus", BOT_MODE: "carrier-pigeon" });
    const { code, report } = await doctorJson();
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: "config", level: "problem" });
    expect(report.checks[0]!.message).toContain("TIMEZONE");
    expect(report.checks[0]!.message).toContain("BOT_MODE");
  });
});

describe("doctor against the emulator", () => {
  it("passes a healthy deployment: getMe answers, the database is sound and up to date", async () => {
    const emulator = await withEmulator();
    expect((await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt")).code).toBe(0);
    const { code, report } = await doctorJson();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      "config",
      "time_zone",
      "bot",
      "database",
      "integrity",
      "migrations",
      "sending",
      "failed",
      "unreachable",
      "focal_coverage",
      "bad_dates",
      "instance_lock",
      "updates",
    ]);
    expect(check(report, "bot")).toMatchObject({ level: "ok", result: { kind: "ok", username: "dondoc_test_bot" } });
    expect(check(report, "bot")!.message).toBe(`Bot Telegram: @dondoc_test_bot (id 7000000001) trả lời getMe qua ${emulator.url}.`);
    expect(emulator.callsOf("getMe")).toHaveLength(1);
    expect(check(report, "integrity")).toMatchObject({ level: "ok", result: ["ok"] });
    expect(check(report, "migrations")).toMatchObject({ level: "ok", pending: [], unknown: [] });
    expect(check(report, "sending")!.level).toBe("ok");
    expect(check(report, "failed")!.level).toBe("ok");
    expect(check(report, "unreachable")!.level).toBe("ok");
    // Nobody has joined yet: every lead agency lacks a focal officer (a warning, not a failure).
    const coverage = check(report, "focal_coverage")!;
    expect(coverage.level).toBe("warning");
    expect((coverage.agencies as unknown[]).length).toBeGreaterThan(40);
    expect(coverage.message).toMatch(/^Cán bộ đầu mối: \d+ cơ quan chủ trì nhiệm vụ nhưng chưa có cán bộ đầu mối .*: SNV, STP, SKHDT, STC, .* và \d+ cơ quan khác\./);
    expect(check(report, "bad_dates")).toMatchObject({ level: "ok", cycles: [] });
    expect(check(report, "instance_lock")).toMatchObject({ level: "info", holder: null });
    expect(check(report, "updates")).toMatchObject({ level: "info", state: "unknown" });

    const text = await cli.run("doctor");
    expect(text.code).toBe(0);
    expect(tidy(text.out)).toContain("[ổn] Tính toàn vẹn: pragma integrity_check = ok.");
    const migrations = Object.keys(await migrationProvider.getMigrations()).length;
    expect(tidy(text.out)).toContain(`[ổn] Cấu trúc dữ liệu: mới nhất (đã chạy ${migrations} bước cập nhật).`);
  });

  it("a token the Bot API refuses is a problem, and the token is never printed", async () => {
    const emulator = await withEmulator({ BOT_TOKEN: "7000000002:AAHsomeOtherTokenThatIsWrong_0123456" });
    const result = await cli.run("doctor");
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/\[LỖI\] +Bot Telegram: http:\/\/127\.0\.0\.1:\d+ từ chối BOT_TOKEN \(401 Unauthorized\)\. Token sai hoặc đã bị thu hồi/);
    expect(result.out).not.toContain("AAHsomeOtherToken");
    expect(emulator.callsOf("getMe")).toHaveLength(1);
  });

  it("a 5xx from the Bot API is a problem that says so", async () => {
    const emulator = await withEmulator();
    emulator.failNext("getMe", { kind: "status", code: 502 });
    const { code, report } = await doctorJson();
    expect(code).toBe(1);
    expect(check(report, "bot")).toMatchObject({ level: "problem", result: { kind: "rejected", status: 502 } });
    expect(check(report, "bot")!.message).toContain("trả lỗi 502 Bad Gateway cho getMe; thử lại sau ít phút");
  });

  it("a Bot API that does not answer in time is a problem, within the probe's timeout", async () => {
    const emulator = await withEmulator();
    emulator.failNext("getMe", { kind: "timeout", ms: 5_000 });
    const started = Date.now();
    const result = await createBotProbe(emulator.token, emulator.url, 300)();
    expect(result).toEqual({ kind: "timeout", ms: 300 });
    expect(Date.now() - started).toBeLessThan(3_000);
    const refused = await createBotProbe(emulator.token, "http://127.0.0.1:9", 2_000)();
    expect(refused.kind).toBe("unreachable");
    expect(JSON.stringify(refused)).not.toContain(emulator.token.split(":")[1]);
  });
});

describe("doctor reads what is stuck in the database", () => {
  it("names stuck and failed messages, unreachable people, agencies without a focal officer and the lock holder", async () => {
    await withEmulator();
    await cli.run("import", "seeds/qd-1861-2022-thanh-hoa.txt");
    const db = new Database(cli.databasePath);
    const at = "2026-11-27T01:00:00.000Z";
    const person = (id: number, name: string, agency: string | null, role: string, state: string) =>
      db
        .prepare(
          "insert into people (telegram_user_id, chat_id, display_name, agency_id, role, state, created_at, updated_at) values (?, ?, ?, (select id from agencies where code = ?), ?, ?, ?, ?)",
        )
        .run(id, id, name, agency, role, state, at, at).lastInsertRowid;
    const lan = person(101, "Lan Nguyễn", "STC", "focal", "unreachable");
    person(102, "Hà", "SXD", "focal", "active");
    const cycle = (
      db
        .prepare(
          "select cycles.id from cycles join assignments on assignments.id = cycles.assignment_id join agencies on agencies.id = assignments.agency_id where agencies.code = 'SXD' limit 1",
        )
        .get() as { id: number }
    ).id;
    const reminder = db.prepare("insert into reminders (cycle_id, person_id, stage, planned_at, state, attempts, created_at) values (?, ?, ?, ?, ?, 1, ?)");
    reminder.run(cycle, lan, "d3@a", "2026-11-27T01:00:00.000Z", "sending", at); // an hour in "sending": stuck
    reminder.run(cycle, lan, "d1@a", "2026-11-27T01:55:00.000Z", "sending", at); // five minutes: still going
    reminder.run(cycle, lan, "d7@a", "2026-11-20T01:00:00.000Z", "failed", at);
    db.prepare("insert into notices (person_id, key, kind, planned_at, state, created_at) values (?, 'k1', 'digest', ?, 'failed', ?)").run(lan, at, at);
    db.prepare("insert into instance_lock (id, owner, host, pid, heartbeat_at) values (1, 'service-4242', 'may-chu-1', 4242, '2026-11-27T01:59:30.000Z')").run();
    db.close();

    const result = await cli.run("doctor");
    const out = tidy(result.out);
    expect(result.code).toBe(1);
    expect(out).toContain(`[LỖI] Hàng đợi gửi: 1 tin nhắc việc và 0 thông báo kẹt ở trạng thái "đang gửi" quá 10 phút.`);
    expect(out).toContain("[cảnh báo] Tin gửi lỗi: 1 tin nhắc việc và 1 thông báo không gửi được");
    expect(out).toContain("[cảnh báo] Người dùng: không liên lạc được với 1 người (đã chặn bot hoặc xoá cuộc trò chuyện): Lan Nguyễn (STC).");
    // SXD has its officer now; STC's is unreachable, so STC still counts as uncovered.
    expect(out).toMatch(/\[cảnh báo\] Cán bộ đầu mối: \d+ cơ quan .*STC/);
    expect(out).not.toMatch(/Cán bộ đầu mối: .*SXD/);
    expect(out).toContain("[thông tin] Khoá tiến trình: tiến trình dondoc pid 4242 trên may-chu-1 đang giữ cơ sở dữ liệu, nhịp gần nhất 30 giây trước.");

    // Two hours later the heartbeat is stale: the holder probably died.
    cli.setNow("2026-11-27T04:00:00Z");
    expect((await cli.run("doctor")).out).toContain("còn giữ khoá nhưng nhịp gần nhất đã 2 giờ trước");
  });

  it("flags migrations not run yet (warning) and a database migrated by a newer version (problem)", async () => {
    await withEmulator();
    await cli.run("agencies");
    const db = new Database(cli.databasePath);
    db.prepare("delete from kysely_migration where name = '0004-planning'").run();
    db.close();
    let { code, report } = await doctorJson();
    expect(code).toBe(0);
    expect(check(report, "migrations")).toMatchObject({ level: "warning", pending: ["0004-planning"] });
    expect(check(report, "migrations")!.message).toContain("npm start sẽ chạy khi khởi động");
    expect(check(report, "sending")).toBeUndefined(); // the data checks wait for the latest schema

    const again = new Database(cli.databasePath);
    again.prepare("insert into kysely_migration (name, timestamp) values ('0004-planning', '2026-01-01T00:00:00.000Z'), ('9999-from-the-future', '2026-01-01T00:00:00.000Z')").run();
    again.close();
    ({ code, report } = await doctorJson());
    expect(code).toBe(1);
    expect(check(report, "migrations")).toMatchObject({ level: "problem", unknown: ["9999-from-the-future"] });
  });

  it("a file that is not a database is a problem", async () => {
    await withEmulator();
    writeFileSync(cli.databasePath, "this is not a SQLite database, just some text that is long enough to have a header");
    const { code, report } = await doctorJson();
    expect(code).toBe(1);
    expect(check(report, "database")).toMatchObject({ level: "problem", state: "unreadable" });
    expect(check(report, "database")!.message).toContain("không mở được");
    expect(check(report, "integrity")).toBeUndefined();
  });

  it("is a usage error with an argument", async () => {
    cli = createCliHarness();
    expect((await cli.run("doctor", "now")).code).toBe(2);
  });
});
