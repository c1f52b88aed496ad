/** Telegram's initData check, against data signed the way Telegram documents it. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkInitData } from "../../src/services/web/web-init-data.js";
import { signedInitData, TEST_BOT_TOKEN } from "../support/web-fixtures.js";

const now = new Date("2026-11-27T02:00:00Z");
const options = { botToken: TEST_BOT_TOKEN, now, maxAgeSeconds: 3600 };

describe("checkInitData", () => {
  it("accepts data signed with the bot's token and gives the user", () => {
    const result = checkInitData(signedInitData({ id: 4242, first_name: "Hà" }, new Date(now.getTime() - 60_000)), options);
    expect(result).toMatchObject({ ok: true, user: { id: 4242, firstName: "Hà" }, authDate: new Date(Math.floor((now.getTime() - 60_000) / 1000) * 1000) });
  });

  it("computes the hash as Telegram specifies: HMAC of the sorted fields under HMAC('WebAppData', token)", () => {
    // Built by hand, independently of the code under test.
    const fields = { auth_date: String(now.getTime() / 1000 - 5), user: '{"id":7,"first_name":"Minh"}', query_id: "AAQ", chat_type: "private" };
    const checkString = Object.keys(fields)
      .sort()
      .map((k) => `${k}=${fields[k as keyof typeof fields]}`)
      .join("\n");
    const secret = createHmac("sha256", "WebAppData").update(TEST_BOT_TOKEN).digest();
    const hash = createHmac("sha256", secret).update(checkString).digest("hex");
    expect(checkInitData(new URLSearchParams({ ...fields, hash }).toString(), options)).toMatchObject({ ok: true, user: { id: 7 } });
  });

  it("refuses a forged hash, a changed field, and another bot's signature", () => {
    const good = signedInitData({ id: 4242 }, now);
    const forged = good.replace(/hash=[0-9a-f]{4}/, "hash=0000");
    expect(checkInitData(forged, options)).toEqual({ ok: false, reason: "bad_hash" });
    // Someone else's id put into a genuine signed text.
    expect(checkInitData(good.replace(/4242/g, "4243"), options)).toEqual({ ok: false, reason: "bad_hash" });
    expect(checkInitData(signedInitData({ id: 4242 }, now, "7000000001:AAHanotherBotsTokenXXXXXXXXXXXXXXXXX"), options)).toEqual({ ok: false, reason: "bad_hash" });
  });

  it("refuses stale data, and data dated well in the future", () => {
    expect(checkInitData(signedInitData({ id: 4242 }, new Date(now.getTime() - 3601_000)), options)).toEqual({ ok: false, reason: "stale" });
    expect(checkInitData(signedInitData({ id: 4242 }, new Date(now.getTime() + 10 * 60_000)), options)).toEqual({ ok: false, reason: "stale" });
  });

  it.each(["", "hash=abc", "user=%7B%7D", `a=1&a=2&hash=${"0".repeat(64)}`, "x".repeat(9000)])("refuses malformed data %#", (text) => {
    expect(checkInitData(text, options)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses signed data without a user", () => {
    const fields = { auth_date: String(now.getTime() / 1000) };
    const data = signedInitData({ id: 1 }, now)
      .split("&")
      .filter((p) => p.startsWith("auth_date"))
      .join("&");
    const hash = createHmac("sha256", createHmac("sha256", "WebAppData").update(TEST_BOT_TOKEN).digest()).update(`auth_date=${fields.auth_date}`).digest("hex");
    expect(checkInitData(`${data}&hash=${hash}`, options)).toEqual({ ok: false, reason: "no_user" });
  });
});
