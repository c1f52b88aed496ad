/**
 * The service's composition root (`npm start`): config → logger → app (database migrated,
 * registry seeded, bundled plan on first start) → bot → signals.
 */
import { resolve } from "node:path";
import { ConfigError, loadConfig, readEnvironment } from "./config.js";
import { systemClock } from "./domain/clock.js";
import { createLogger } from "./logger.js";
import { startService } from "./service.js";
import { DatabaseAccessError } from "./storage/database.js";

const noTokenGuidance = `dondoc: chưa có BOT_TOKEN, nên bot chưa chạy được.

Cách lấy token (2 phút):
  1. Trong Telegram, mở @BotFather và gửi /newbot.
  2. Đặt tên hiển thị và tên đăng nhập (kết thúc bằng "bot").
  3. BotFather trả về token dạng 123456789:AAH…; ghi vào tệp .env: BOT_TOKEN=…
     (sao chép .env.example thành .env nếu chưa có), rồi chạy lại: npm start

Chưa có token vẫn có thể:
  - xem thử một cuộc trò chuyện (khoảng 10 giây):   npm run demo
  - đọc kế hoạch:   npm run cli -- import seeds/qd-1861-2022-thanh-hoa.txt --dry-run
  - chạy thử bot với máy chủ Bot API giả lập (xem README, mục "Running against a local Bot API").

(English: BOT_TOKEN is not set. Get one from @BotFather with /newbot, put it in .env, run npm start again; npm run demo shows dondoc without one.)`;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readEnvironment(resolve(".env"), process.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  if (!config.botToken) {
    console.error(noTokenGuidance);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config, { pretty: process.stdout.isTTY === true });
  let service;
  try {
    service = await startService({ config: { ...config, botToken: config.botToken }, clock: systemClock, logger, announce: (line) => console.log(line) });
  } catch (error) {
    // A database it cannot write is a setup problem: one clear message, not a stack trace.
    if (!(error instanceof DatabaseAccessError)) throw error;
    console.error(`dondoc: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void service.stop(signal));
  }
  await service.stopped.catch(() => {
    process.exitCode = 1;
  });
}

await main();
