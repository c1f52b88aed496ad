/**
 * Issue 11, items 6 and 9 in webhook mode: a body of `null` with the right secret killed the
 * process; `{"update_id":"abc"}` made a whole group commit of the update journal fail; /healthz
 * answered a constant `{"ok":true}`. Now the update's shape is checked before it is handled, a
 * failed group is written entry by entry, and /healthz reports the database and the updates.
 */
import { copyFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UpdateJournal } from "../../src/services/runtime/update-journal.js";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores, type TestStore } from "../support/postgres.js";

let h: BotHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const secret = "the-webhook-secret-123";
let port = 0;

async function startWebhookService(store?: TestStore): Promise<BotHarness> {
  port = 20_000 + Math.floor(Math.random() * 20_000);
  return startBotHarness({ ...(store && { store }), env: { BOT_MODE: "webhook", WEBHOOK_URL: "https://dondoc.example.gov.vn/tg/hook", WEBHOOK_SECRET: secret, PORT: String(port) } });
}

const post = (body: string) =>
  fetch(`http://127.0.0.1:${port}/tg/hook`, { method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret }, body });

const helpFrom = (updateId: number, user: number) =>
  JSON.stringify({
    update_id: updateId,
    message: {
      message_id: 1,
      date: 1_790_000_000,
      chat: { id: user, type: "private", first_name: "X" },
      from: { id: user, is_bot: false, first_name: "X" },
      text: "/help",
      entities: [{ type: "bot_command", offset: 0, length: 5 }],
    },
  });

describe.each(await testStores())("on $name", (store) => {
  describe("webhook bodies that are not updates", () => {
    it("null, a string update_id, an array, broken JSON: refused with 400; the service goes on and records the next update", async () => {
      h = await startWebhookService(store);
      for (const body of ["null", '{"update_id":"abc"}', "[]", "{", '"x"', '{"update_id":-1}']) {
        const response = await post(body);
        expect(response.status).toBe(400);
      }
      h.emu.user(611, { first_name: "X" });
      expect((await post(helpFrom(5_000_101, 611))).status).toBe(200);
      await h.emu.waitForSent((m) => m.chatId === 611);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the journal's 20 ms group commit
      const handled = await h.service.app.db.selectFrom("handled_updates").select("update_id").execute();
      expect(handled).toEqual([{ update_id: 5_000_101 }]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    });
  });

  describe("the update journal", () => {
    it("writes a group whose one entry fails entry by entry: the others are recorded, the bad one reported", async () => {
      h = await startBotHarness({ store });
      const errors: unknown[] = [];
      const journal = new UpdateJournal(h.service.app.db, { flushMs: 10_000, onError: (error) => errors.push(error) });
      await journal.finish(9_001, [], h.now());
      await journal.finish("abc" as unknown as number, [], h.now());
      await journal.finish(9_002, [], h.now());
      await journal.flush().catch((error: unknown) => errors.push(error));
      const handled = await h.service.app.db.selectFrom("handled_updates").select("update_id").where("update_id", "in", [9_001, 9_002]).execute();
      expect(handled.map((r) => r.update_id).sort()).toEqual([9_001, 9_002]);
      expect(errors).toHaveLength(1);
    });
  });
});

// SQLite only: it replaces the database file under the service.

describe("/healthz", () => {
  it("reports the database and the updates, and turns 503 when the database file is replaced", async () => {
    h = await startWebhookService();
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ ok: true, mode: "webhook", database: { ok: true }, updates: { reading: true } });
    const path = join(h.dir, "dondoc.sqlite");
    copyFileSync(path, `${path}.copy`);
    renameSync(`${path}.copy`, path);
    const replaced = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(replaced.status).toBe(503);
    expect(await replaced.json()).toMatchObject({ ok: false, database: { ok: false, error: expect.stringContaining("deleted or replaced") } });
    await expect(h.service.stopped).rejects.toThrow(/deleted or replaced/);
  }, 20_000);
});
