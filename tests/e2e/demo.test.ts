/** `npm run demo` as a real process: the conversation plays, exits 0 and leaves nothing behind. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

function runDemoProcess(): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), "src/tools/demo/demo.ts"], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => (out += String(chunk)));
  child.stderr.on("data", (chunk) => (err += String(chunk)));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("npm run demo", () => {
  it("plays invite, /tasks, the 30/11 reminder, a reply and /status, then cleans up", { timeout: 60_000 }, async () => {
    const { code, out, err } = await runDemoProcess();
    expect(code, `${err}\n${out.slice(-3000)}`).toBe(0);
    // The first admin invite from the service, and the CLI's invites.
    expect(out).toContain("Lời mời quản trị viên đầu tiên (dùng một lần, 7 ngày): https://t.me/dondoc_test_bot?start=");
    expect(out).toContain("$ npm run cli -- invite STC");
    expect(out).toMatch(/\] bot → Lan \(Sở Tài chính\): Đã đăng ký: Lan — cán bộ đầu mối của Sở Tài chính\./);
    // /tasks and the card of the annual report.
    expect(out).toMatch(/\] bot → Lan \(Sở Tài chính\): Sở Tài chính: chủ trì \d+ nhiệm vụ/);
    expect(out).toMatch(/\] bot → Lan \(Sở Tài chính\): IV\.2 · Tổ chức thực hiện/);
    // The reminder from the 08:00 tick, the reply to it and its confirmation.
    const reminder = /\[(\d+)\] bot → Lan \(Sở Tài chính\): ⏰ Nhắc việc — IV\.2/.exec(out);
    expect(reminder).not.toBeNull();
    expect(out).toContain("Hạn: 30/11/2026 — còn 3 ngày");
    expect(out).toContain(`Lan (Sở Tài chính) → bot: (trả lời [${reminder![1]}]) Đã hoàn thành 100%, báo cáo số 123/BC-STC`);
    expect(out).toContain("Đã ghi nhận cho IV.2: Hoàn thành 100%.");
    // The coordinator's /status totals count it as done on time.
    expect(out).toMatch(
      /\] bot → Minh \(Sở KH&ĐT\): Tình hình thực hiện \(tính đến 27\/11\/2026\)\n\s+✅ Hoàn thành đúng hạn: 1\n\s+☑️ Hoàn thành quá hạn: 0\n\s+🔵 Đang thực hiện trong hạn: \d+\n\s+🔴 Quá hạn: \d+\n\s+⚪ Không có hạn: \d+/,
    );
    expect(out).not.toContain("⚠ bot gọi");
    const dir = /đã xoá (\S+) ──/.exec(out)?.[1];
    expect(dir).toMatch(/dondoc-demo-/);
    expect(existsSync(dir!)).toBe(false);
  });
});
