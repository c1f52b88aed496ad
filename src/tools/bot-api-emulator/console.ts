/**
 * `npm run emulator [-- --port 8081 --token …]`: try dondoc with no Telegram account and no
 * network. Starts the local Bot API emulator, prints how to point `npm start` at it, then reads
 * lines — typed, or piped in for scripts — in which the admin plays Telegram users. The bot's
 * messages print as they arrive (transcript.ts). `help` lists the commands.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { clearLine, createInterface, cursorTo } from "node:readline";
import { parseArgs } from "node:util";
import { DEFAULT_GROUP_ID, DEFAULT_TOKEN, startBotApiEmulator, type BotApiEmulator, type SimulatedUser } from "./emulator.js";
import { Transcript } from "./transcript.js";

const { values: args } = parseArgs({ options: { port: { type: "string", default: "8081" }, token: { type: "string", default: DEFAULT_TOKEN } } });
const port = Number(args.port);
const interactive = process.stdin.isTTY === true;
const GROUP_TITLE = "Nhóm thử dondoc";

const help = `Lệnh / commands:
  user <id> [tên]         đổi người dùng đang đóng vai (mặc định 1001 "Người dùng 1001") / switch user
  <chữ bất kỳ>            gửi tin nhắn / send a text message       (say <chữ>: gửi cả khi trùng tên lệnh)
  /lệnh tham số           gửi lệnh cho bot, vd. /start MÃ, /tasks, /help / send a bot command
  reply <n> <chữ>         trả lời tin [n] của bot / reply to bot message n
  press <n> <số|nhãn>     bấm nút của tin [n] (số thứ tự hoặc chữ trên nút) / press a button of message n
  file [n] <đường dẫn>    gửi tệp (trả lời tin [n] nếu có) / send a document, optionally as a reply
  sticker                 gửi nhãn dán / send a sticker
  group <chữ|/lệnh>       gửi trong nhóm «${GROUP_TITLE}» (id ${DEFAULT_GROUP_ID}) / send in a group chat
  wait [giây]             chờ bot xử lý xong (mặc định 30 s) / wait until the bot is idle
  help                    bảng này / this table
  quit                    thoát (hoặc Ctrl-C, Ctrl-D) / exit
Khi lệnh được đưa vào qua ống/tệp, mỗi tin gửi đi tự chờ bot xử lý xong.
(When lines are piped in, every message sent waits until the bot has handled it.)`;

function banner(emu: BotApiEmulator): string {
  const run = `BOT_TOKEN=${emu.token} TELEGRAM_API_ROOT=${emu.url} DATABASE_PATH=data/demo.sqlite npm start`;
  return `Máy chủ Bot API giả lập đang chạy tại ${emu.url} — không cần tài khoản Telegram, không cần mạng.
(English: a local Bot API emulator is listening on ${emu.url}; no Telegram account, no network.)

Mở cửa sổ dòng lệnh thứ hai trong thư mục dự án và chạy:
(English: in a second terminal, in the project folder, run:)

  ${run}

Lần chạy đầu, bot in ra liên kết mời quản trị viên https://t.me/${emu.botUser.username}?start=MÃ.
Gõ vào đây  /start MÃ  (MÃ là phần sau «start=») để đăng ký làm quản trị viên.
(English: the first start prints an admin invite link …?start=CODE; type /start CODE here to register.)

Gõ help để xem các lệnh. (English: type help for the commands.)`;
}

async function main(): Promise<void> {
  const emu = await startBotApiEmulator({ port, token: args.token }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(`Cổng ${port} đang bận; chọn cổng khác: npm run emulator -- --port 8082\n(English: port ${port} is in use; pick another with --port.)`);
    process.exit(1);
  });
  const names = new Map<number, string>();
  let current: SimulatedUser = emu.user(1001, { first_name: "Người dùng 1001" });
  names.set(1001, "Người dùng 1001");
  const prompt = () => `${names.get(current.id)} (${current.id})> `;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, prompt: prompt() });
  const print = (text: string) => {
    if (!interactive) return void console.log(text);
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
    console.log(text);
    rl.prompt(true);
  };
  const transcript = new Transcript(emu, print, (id) => names.get(id));
  void transcript.follow();
  console.log(`${banner(emu)}\n`);

  const settle = async (seconds = 30) => {
    try {
      await emu.idle(seconds * 1000);
    } catch {
      print(`(bot chưa xử lý xong sau ${seconds} s — npm start đã chạy chưa? / the bot is not idle: is npm start running?)`);
    }
    transcript.flush();
  };
  const sent = async (what: string) => {
    if (!interactive) print(`    ${names.get(current.id)} → bot: ${what}`);
    const record = emu.updates.at(-1);
    if (record?.dropped) print(`   (bot không nhận được tin này / the bot does not see this: ${record.dropped})`);
    else if (!interactive) await settle();
  };
  const target = (n: string | undefined) => {
    const ref = transcript.message(Number(n));
    if (!ref) throw new Error(`không có tin [${n}] / no message ${n}`);
    return ref;
  };

  async function handle(line: string): Promise<"quit" | void> {
    const text = line.trim();
    const [word = "", a, ...rest] = text.split(/\s+/);
    const after = (skip: number) => text.split(/\s+/).slice(skip).join(" ");
    switch (word.toLowerCase()) {
      case "":
        return;
      case "help":
      case "?":
        return print(help);
      case "quit":
      case "exit":
        return "quit";
      case "wait":
        return settle(Number(a) || 30);
      case "user": {
        const id = Number(a);
        if (!Number.isSafeInteger(id) || id <= 0) throw new Error("cần id dương, vd. user 1002 Lan / need a positive id");
        const name = rest.join(" ") || names.get(id) || `Người dùng ${id}`;
        current = emu.user(id, { first_name: name });
        current.info.first_name = name;
        names.set(id, name);
        rl.setPrompt(prompt());
        return print(`(đang đóng vai / now playing: ${name}, id ${id})`);
      }
      case "say":
        current.sendText(after(1));
        return sent(after(1));
      case "reply": {
        const ref = target(a);
        current.sendText(after(2), { chatId: ref.chatId, replyToMessageId: ref.messageId });
        return sent(`(trả lời [${a}]) ${after(2)}`);
      }
      case "press": {
        const buttons = transcript.buttons(Number(a));
        const choice = after(2);
        const button = /^\d+$/.test(choice) ? buttons[Number(choice) - 1] : buttons.find((b) => b.text.toLowerCase().includes(choice.toLowerCase()));
        if (!button) throw new Error(`tin [${a}] không có nút «${choice}» / no such button`);
        if (button.url) return print(`(nút mở liên kết / link button: ${button.url})`);
        current.pressButton(target(a), button.callback_data ?? "");
        return sent(`(bấm [${a}] «${button.text}»)`);
      }
      case "file": {
        const ref = /^\d+$/.test(a ?? "") && rest.length > 0 ? target(a) : undefined;
        const path = ref ? after(2) : after(1);
        current.sendDocument(basename(path), readFileSync(path), ref ? { chatId: ref.chatId, replyToMessageId: ref.messageId } : {});
        return sent(`📎 ${basename(path)}${ref ? ` (trả lời [${a}])` : ""}`);
      }
      case "sticker":
        current.sendSticker();
        return sent("(nhãn dán / sticker 👍)");
      case "group": {
        const message = after(1);
        const options = { chatType: "group", chatTitle: GROUP_TITLE } as const;
        if (message.startsWith("/")) current.sendCommand(message.split(/\s+/)[0]!, message.split(/\s+/).slice(1).join(" ") || undefined, options);
        else current.sendText(message, options);
        return sent(`(trong nhóm / in the group) ${message}`);
      }
      default:
        if (text.startsWith("/")) current.sendCommand(word, after(1) || undefined);
        else current.sendText(text);
        return sent(text);
    }
  }

  let closing = false;
  const close = () => {
    closing = true;
    rl.close();
  };
  rl.on("SIGINT", close); // Ctrl-C at the prompt
  process.on("SIGINT", close);
  process.on("SIGTERM", close);
  if (interactive) rl.prompt();
  for await (const line of rl) {
    try {
      if ((await handle(line)) === "quit" || closing) break;
    } catch (error) {
      print(`Lỗi / error («${line.trim()}»): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  transcript.stop();
  transcript.flush();
  await emu.stop();
  console.log(`${interactive ? "\n" : ""}Đã dừng máy chủ giả lập. (English: emulator stopped.)`);
  process.exit(0); // the transcript's pending wait on the emulator would keep the process alive
}

await main();
