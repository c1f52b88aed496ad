/** The logger: repeated lines are rate-limited, invite codes and Bot API payloads never written. */
import { Writable } from "node:stream";
import { TelegramError } from "telegraf";
import { describe, expect, it } from "vitest";
import { createLogger, repeatLimit } from "../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ logLevel: "info", botToken: null, webhookSecret: null }, { destination });
  return { logger, lines };
}

describe("the logger", () => {
  it("writes one message at most a limited number of times per window, and other messages still", () => {
    const { logger, lines } = capture();
    for (let i = 0; i < 1000; i++) logger.child({ update_id: i }).error({ err: new Error("boom") }, "update failed");
    logger.info({ person: 1 }, "person registered");
    expect(lines.filter((l) => l.includes("update failed"))).toHaveLength(repeatLimit.lines);
    expect(lines.filter((l) => l.includes("person registered"))).toHaveLength(1);
  });

  it("keeps only the method and chat of a failed Bot API call, and cuts invite codes from any line", () => {
    const { logger, lines } = capture();
    const error = new TelegramError(
      { error_code: 400, description: "Bad Request: chat not found" },
      { method: "sendMessage", payload: { chat_id: 42, text: "Lời mời: https://t.me/dondoc_bot?start=AbCdEfGhIjKlMnOpQrStUvWx" } },
    );
    logger.error({ err: error }, "answer failed");
    logger.info("user sent /start AbCdEfGhIjKlMnOpQrStUvWx");
    const all = lines.join("");
    expect(all).toContain('"method":"sendMessage"');
    expect(all).toContain('"chat_id":42');
    expect(all).toContain("Bad Request: chat not found");
    expect(all).not.toContain("AbCdEfGhIjKlMnOpQrStUvWx");
    expect(all).not.toContain("Lời mời");
  });
});
