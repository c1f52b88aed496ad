import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const token = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("gives the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      botToken: null,
      telegramApiRoot: "https://api.telegram.org",
      databasePath: "data/dondoc.sqlite",
      databaseUrl: null,
      timeZone: "Asia/Ho_Chi_Minh",
      adminTelegramIds: [],
      logLevel: "info",
      botMode: "polling",
      webhookUrl: null,
      webhookSecret: null,
      port: 8080,
      webAppUrl: null,
      webPort: null,
      coordinatorChatId: null,
      registryFile: null,
      ladder: { daysBefore: [14, 7, 3, 1, 0], monthlyDaysBefore: [3, 0], overdueEveryDays: 7, hour: 8, minute: 0 },
    });
  });

  it("reads the Mini App's address and port, and names what is missing or unsafe", () => {
    expect(loadConfig({ WEB_APP_URL: "https://dondoc.example.vn/web/", WEB_PORT: "8443" })).toMatchObject({ webAppUrl: "https://dondoc.example.vn/web/", webPort: 8443 });
    expect(loadConfig({ WEB_APP_URL: "http://127.0.0.1:8443/web/", WEB_PORT: "8443" }).webAppUrl).toBe("http://127.0.0.1:8443/web/");
    expect(problemsOf({ WEB_APP_URL: "http://dondoc.example.vn/", WEB_PORT: "8443" })).toEqual(["WEB_APP_URL: must be https (Telegram opens only HTTPS Mini Apps); http only for localhost"]);
    expect(problemsOf({ WEB_APP_URL: "https://dondoc.example.vn/" })).toEqual(["WEB_PORT: required when WEB_APP_URL is set and BOT_MODE=polling"]);
    expect(problemsOf({ WEB_PORT: "8443" })).toEqual(["WEB_APP_URL: required when WEB_PORT is set"]);
  });

  it("reads the reminder ladder, sorted and without repeats", () => {
    const config = loadConfig({ REMINDER_DAYS_BEFORE: "0, 30,7,7,1", REMINDER_MONTHLY_DAYS_BEFORE: "5,0", REMINDER_OVERDUE_EVERY_DAYS: "3", REMINDER_TIME: "7:30" });
    expect(config.ladder).toEqual({ daysBefore: [30, 7, 1, 0], monthlyDaysBefore: [5, 0], overdueEveryDays: 3, hour: 7, minute: 30 });
  });

  it("names each bad ladder variable", () => {
    expect(problemsOf({ REMINDER_DAYS_BEFORE: "14;7", REMINDER_OVERDUE_EVERY_DAYS: "0", REMINDER_TIME: "25:00", REMINDER_MONTHLY_DAYS_BEFORE: "400" })).toEqual([
      expect.stringMatching(/^REMINDER_DAYS_BEFORE: .*cách nhau bằng dấu phẩy/),
      expect.stringMatching(/^REMINDER_OVERDUE_EVERY_DAYS: /),
      expect.stringMatching(/^REMINDER_TIME: .*HH:MM/),
      expect.stringMatching(/^REMINDER_MONTHLY_DAYS_BEFORE: .*từ 0 đến 366/),
    ]);
  });

  it("reads every variable and freezes the result", () => {
    const config = loadConfig({
      BOT_TOKEN: token,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      DATABASE_PATH: "/var/lib/dondoc/db.sqlite",
      TIMEZONE: "UTC",
      ADMIN_TELEGRAM_IDS: "111, 222",
      LOG_LEVEL: "debug",
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.gov.vn/telegram",
      WEBHOOK_SECRET: "s3cret-s3cret-s3cret",
      PORT: "3000",
    });
    expect(config).toMatchObject({ botToken: token, telegramApiRoot: "http://127.0.0.1:8081", adminTelegramIds: [111, 222], port: 3000, botMode: "webhook" });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.adminTelegramIds)).toBe(true);
  });

  it("accepts a PostgreSQL DATABASE_URL, and names a URL that is not PostgreSQL's without echoing it", () => {
    for (const url of ["postgres://dondoc:secret@db.example.vn:5432/dondoc", "postgresql://dondoc@127.0.0.1/dondoc?sslmode=require"]) {
      const config = loadConfig({ BOT_TOKEN: token, DATABASE_URL: url, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.gov.vn/telegram", WEBHOOK_SECRET: "s3cret-s3cret-s3cret" });
      expect(config.databaseUrl).toBe(url);
    }
    for (const url of ["mysql://dondoc:secret@db.example.vn/dondoc", "db.example.vn:5432/dondoc", "https://db.example.vn/dondoc"]) {
      const problems = problemsOf({ BOT_TOKEN: token, DATABASE_URL: url });
      expect(problems).toEqual(["DATABASE_URL: phải là địa chỉ PostgreSQL dạng postgres://người-dùng:mật-khẩu@máy-chủ:5432/tên-cơ-sở-dữ-liệu"]);
      expect(problems.join("")).not.toContain("secret");
    }
    expect(loadConfig({ DATABASE_URL: "" })).toMatchObject({ databasePath: "data/dondoc.sqlite", databaseUrl: null });
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ BOT_TOKEN: "", ADMIN_TELEGRAM_IDS: "", PORT: "" }).port).toBe(8080);
  });

  it("lists every bad variable in one error", () => {
    const problems = problemsOf({
      BOT_TOKEN: "not-a-token",
      TELEGRAM_API_ROOT: "ftp://x",
      TIMEZONE: "Mars/Olympus",
      ADMIN_TELEGRAM_IDS: "12, abc",
      LOG_LEVEL: "loud",
      PORT: "99999",
      BOT_MODE: "webhook",
    });
    const fields = problems.map((p) => p.split(":")[0]);
    expect(fields).toEqual(expect.arrayContaining(["BOT_TOKEN", "TELEGRAM_API_ROOT", "TIMEZONE", "ADMIN_TELEGRAM_IDS", "LOG_LEVEL", "PORT"]));
    expect(problems.join("\n")).toContain('"abc" không phải mã người dùng Telegram');
    // Every message in Vietnamese, each naming its variable (issue 11, item 13).
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^LOG_LEVEL: phải là một trong /),
        expect.stringMatching(/^PORT: phải là số cổng/),
        expect.stringMatching(/^TIMEZONE: không phải múi giờ IANA/),
      ]),
    );
  });

  it("requires the webhook settings in webhook mode", () => {
    expect(problemsOf({ BOT_MODE: "webhook" })).toEqual(["WEBHOOK_URL: bắt buộc khi BOT_MODE=webhook", "WEBHOOK_SECRET: bắt buộc khi BOT_MODE=webhook"]);
  });

  it("never puts the token in its messages", () => {
    const secret = "123456789:short";
    expect(problemsOf({ BOT_TOKEN: secret }).join("\n")).not.toContain(secret);
  });
});

describe("readEnvironment", () => {
  it("reads .env when present and lets the real environment win", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { readEnvironment } = await import("../../src/config.js");
    const dir = mkdtempSync(join(tmpdir(), "dondoc-env-"));
    writeFileSync(join(dir, ".env"), "LOG_LEVEL=debug\nPORT=9000\n# comment\nTIMEZONE=UTC\n");
    const env = readEnvironment(join(dir, ".env"), { PORT: "7000" });
    expect(loadConfig(env)).toMatchObject({ logLevel: "debug", port: 7000, timeZone: "UTC" });
    expect(readEnvironment(join(dir, "missing.env"), { PORT: "1" })).toEqual({ PORT: "1" });
  });
});
