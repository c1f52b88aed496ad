/**
 * The conversation `npm run demo` plays (demo.ts is the entry): the local Bot API emulator on a
 * free loopback port, the real service (startService, exactly what `npm start` runs) on a
 * temporary database with the bundled plan, and a clock pinned to Friday 27/11/2026 in
 * Asia/Ho_Chi_Minh, when the 30/11 annual report (part IV) is three days away. Everything the
 * bot sends is printed as a chat transcript (../bot-api-emulator/transcript.ts). Nothing is left behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { runCli } from "../../cli/run.js";
import { loadConfig } from "../../config.js";
import type { Clock } from "../../domain/clock.js";
import { createLogger } from "../../logger.js";
import { startService, type Service } from "../../service.js";
import { startBotApiEmulator, type BotApiEmulator, type SentMessage, type SimulatedUser } from "../bot-api-emulator/emulator.js";
import { Transcript } from "../bot-api-emulator/transcript.js";

export interface DemoResult {
  code: number;
  /** the temporary folder (removed before this returns) */
  dir: string;
}

/** Before 08:00 local time on a working day: people join; the 08:00 tick sends the reminders. */
const startAt = "2026-11-27T00:45:00Z";
const firstTickAt = "2026-11-27T00:46:00Z";
const reminderTickAt = "2026-11-27T01:00:00Z";

export async function runDemo(print: (line: string) => void): Promise<DemoResult> {
  let now = new Date(startAt);
  const clock: Clock = { now: () => new Date(now) };
  const dir = mkdtempSync(join(tmpdir(), "dondoc-demo-"));
  const logs: string[] = [];
  let emu: BotApiEmulator | null = null;
  let service: Service | null = null;
  try {
    emu = await startBotApiEmulator({ now: () => now.getTime() });
    const env = { BOT_TOKEN: emu.token, TELEGRAM_API_ROOT: emu.url, DATABASE_PATH: join(dir, "dondoc.sqlite"), TIMEZONE: "Asia/Ho_Chi_Minh", LOG_LEVEL: "warn" };
    const config = loadConfig(env);
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const logger = createLogger(config, { destination });
    const names = new Map<number, string>();
    const transcript = new Transcript(emu, print, (id) => names.get(id));
    const chat = createChat(emu, transcript, names, print);

    print(section(`Máy chủ Bot API giả lập: ${emu.url} (không cần Telegram, không cần mạng)`));
    print(`Đồng hồ của dịch vụ: 07:45 thứ Sáu 27/11/2026, giờ Việt Nam — còn 3 ngày đến hạn báo cáo năm 30/11 (phần IV).`);
    print(`$ npm start   (cơ sở dữ liệu tạm: ${env.DATABASE_PATH})`);
    const announced: string[] = [];
    service = await startService({ config: { ...config, botToken: emu.token }, clock, logger, announce: (line) => announced.push(line), schedule: false });
    for (const line of announced) print(`  ${line}`);
    const adminCode = inviteCode(announced.join("\n"));

    print(section("Quản trị viên nhận lời mời đầu tiên, rồi mời cán bộ đầu mối và điều phối viên"));
    const admin = chat.user(1001, "Quản trị viên");
    await chat.command(admin, "/start", adminCode);
    const cli = async (...argv: string[]) => {
      print(`$ npm run cli -- ${argv.join(" ")}`);
      const out: string[] = [];
      const code = await runCli(argv, { io: { out: (t) => out.push(t), err: (t) => out.push(t) }, env, clock });
      for (const line of out.join("\n").split("\n")) print(`  ${line}`);
      if (code !== 0) throw new Error(`the CLI exited with ${code}`);
      return inviteCode(out.join("\n"));
    };
    const officerCode = await cli("invite", "STC");
    const coordinatorCode = await cli("invite", "SKHDT", "--role", "coordinator");

    print(section("Cán bộ đầu mối Sở Tài chính tham gia; lượt nhắc việc kế tiếp gửi bản tóm tắt việc đã quá hạn"));
    const lan = chat.user(2001, "Lan (Sở Tài chính)");
    await chat.command(lan, "/start", officerCode);
    // The cron clock ticks every minute; the first tick after joining sums up the backlog.
    print(`  (07:46 — bộ lập lịch chạy một lượt)`);
    now = new Date(firstTickAt);
    await service.tick();
    transcript.flush();

    print(section("Cán bộ xem nhiệm vụ của cơ quan và mở một thẻ nhiệm vụ"));
    const list = await chat.command(lan, "/tasks");
    await chat.press(lan, list, "IV.2");

    print(section("08:00 — bộ lập lịch chạy một lượt (cron gọi tick mỗi phút)"));
    now = new Date(reminderTickAt);
    await service.tick();
    transcript.flush();
    const reminder = emu.sent(lan.id).find((m) => m.text?.includes("Nhắc việc — IV.2"));
    if (!reminder) throw new Error("the 30/11 reminder was not sent");

    print(section("Cán bộ trả lời ngay tin nhắc việc"));
    await chat.reply(lan, reminder, "Đã hoàn thành 100%, báo cáo số 123/BC-STC");

    print(section("Điều phối viên Sở Kế hoạch và Đầu tư tham gia và hỏi tình hình"));
    const minh = chat.user(3001, "Minh (Sở KH&ĐT)");
    await chat.command(minh, "/start", coordinatorCode);
    await chat.command(minh, "/status");

    return { code: 0, dir };
  } catch (error) {
    print(`Lỗi / error: ${error instanceof Error ? error.message : String(error)}`);
    for (const line of logs) print(`  log: ${line.trim()}`);
    return { code: 1, dir };
  } finally {
    await service?.stop("demo finished");
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
    print(section(`Đã dừng dịch vụ và máy chủ giả lập, đã xoá ${dir}`));
  }
}

/** Plays Telegram users against the emulator and prints each turn. */
function createChat(emu: BotApiEmulator, transcript: Transcript, names: Map<number, string>, print: (line: string) => void) {
  const settle = async () => {
    await emu.idle(10_000);
    transcript.flush();
  };
  const said = (user: SimulatedUser, what: string) => print(`    ${names.get(user.id)} → bot: ${what}`);
  return {
    user(id: number, name: string): SimulatedUser {
      names.set(id, name);
      return emu.user(id, { first_name: name.split(" (")[0]! });
    },
    async command(user: SimulatedUser, command: string, args?: string): Promise<SentMessage> {
      said(user, args ? `${command} ${args}` : command);
      user.sendCommand(command, args);
      await settle();
      return user.lastReceived()!;
    },
    /** presses the button whose label contains `label` on `message`, paging forward with "Sau" */
    async press(user: SimulatedUser, message: SentMessage, label: string): Promise<SentMessage> {
      let page = message;
      for (let i = 0; i < 20 && !buttonOf(page, label); i++) {
        said(user, `(bấm «${buttonOf(page, "Sau")!.text}» trên [${numberOf(transcript, page)}])`);
        user.pressButton(page, buttonOf(page, "Sau")!.callback_data!);
        await settle();
        page = emu.sent(user.id).find((m) => m.messageId === page.messageId)!;
      }
      const button = buttonOf(page, label);
      if (!button) throw new Error(`no button "${label}"`);
      said(user, `(bấm «${button.text}» trên [${numberOf(transcript, page)}])`);
      user.pressButton(page, button.callback_data!);
      await settle();
      return user.lastReceived()!;
    },
    async reply(user: SimulatedUser, to: SentMessage, text: string): Promise<SentMessage> {
      said(user, `(trả lời [${numberOf(transcript, to)}]) ${text}`);
      user.sendText(text, { chatId: to.chatId, replyToMessageId: to.messageId });
      await settle();
      return user.lastReceived()!;
    },
  };
}

function buttonOf(message: SentMessage, label: string): { text: string; callback_data?: string } | undefined {
  const rows = (message.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return rows.flat().find((b) => b.text.includes(label) && b.callback_data !== undefined);
}

/** The transcript's number of a bot message ("[7]"), or "?". */
function numberOf(transcript: Transcript, message: SentMessage): string {
  for (let n = 1; transcript.message(n); n++) {
    const ref = transcript.message(n)!;
    if (ref.chatId === message.chatId && ref.messageId === message.messageId) return String(n);
  }
  return "?";
}

function inviteCode(text: string): string {
  const code = /start=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!code) throw new Error(`no invite link in: ${text}`);
  return code;
}

function section(title: string): string {
  return `\n── ${title} ──`;
}
