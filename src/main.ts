/**
 * The service's composition root (`npm start`): config → logger → app (database migrated,
 * registry seeded, bundled plan on first start) → bot → signals.
 */
import { resolve } from "node:path";
import { ConfigError, databaseLabel, loadConfig, readEnvironment, type Config } from "./config.js";
import { systemClock } from "./domain/clock.js";
import { createLogger } from "./logger.js";
import { startService, StartupError } from "./service.js";
import { InstanceLockedError } from "./services/runtime/instance-lock.js";
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
    // Setup problems (a database it cannot write, a second copy, Telegram out of reach): one
    // clear line, not a stack trace.
    const line = startupProblem(error, config);
    if (line === null) throw error;
    console.error(`dondoc: ${line}`);
    process.exitCode = 1;
    return;
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void service.stop(signal));
  }
  try {
    await service.stopped;
  } catch (error) {
    // The service had to stop (polling refused, the database replaced, the lock lost): exit
    // non-zero so systemd restarts it, even if a timer or a socket would keep Node alive.
    console.error(`dondoc: dịch vụ dừng vì lỗi: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

function startupProblem(error: unknown, config: Config): string | null {
  if (error instanceof DatabaseAccessError || error instanceof StartupError) return error.message;
  if (error instanceof InstanceLockedError) {
    const { pid, host, heartbeatAt } = error.holder;
    const running = `một tiến trình dondoc khác (pid ${pid} trên ${host}, nhịp gần nhất ${heartbeatAt}) đang chạy`;
    // PostgreSQL: several instances run only in webhook mode (Telegram gives getUpdates to one process).
    if (config.databaseUrl !== null)
      return `${running} ở chế độ polling trên cơ sở dữ liệu ${databaseLabel(config)}; chỉ một tiến trình được nhận tin bằng polling. Hãy dừng tiến trình đó, hoặc dùng BOT_MODE=webhook để chạy nhiều phiên bản. (English: another instance polls this PostgreSQL database; only one may poll, use BOT_MODE=webhook for several instances.)`;
    return `${running} trên cơ sở dữ liệu ${resolve(config.databasePath)}; hãy dừng tiến trình đó trước (hoặc đặt DATABASE_PATH khác).`;
  }
  return null;
}

await main();
