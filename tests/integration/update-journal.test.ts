/** The update journal's group commits, on a real SQLite file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpdateJournal } from "../../src/services/runtime/update-journal.js";
import type { Db } from "../../src/storage/database.js";
import { testStores } from "../support/postgres.js";
import { insertTaskRow } from "../support/rows.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let dir: string;
let db: Db;
let close: () => Promise<void>;
let cycleId: number;
const now = new Date("2026-11-27T02:00:00Z");

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "dondoc-journal-"));
    ({ db, close } = await store.open());
    const at = now.toISOString();
    const agency = await db.insertInto("agencies").values({ code: "STC", name: "Sở Tài chính", kind: "department" }).returning("id").executeTakeFirstOrThrow();
    const plan = await db
      .insertInto("plans")
      .values({ code: "P", title: "P", issued_on: null, source_file: "f", source_hash: "h", imported_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = await insertTaskRow(db, { plan_id: plan.id, ref: "I.1", section: "I", text: "t", position: 1, at });
    const assignment = await db
      .insertInto("assignments")
      .values({ task_id: task.id, agency_id: agency.id, role: "lead", removed_at: null, created_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    cycleId = (
      await db
        .insertInto("cycles")
        .values({ assignment_id: assignment.id, period: "open", original_due_on: null, due_on: null, completed_at: null, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async (table: "handled_updates" | "bot_messages") => (await db.selectFrom(table).selectAll().execute()).length;

  describe("the update journal", () => {
    it("answers from what waits, and writes one group per interval", async () => {
      const journal = new UpdateJournal(db, { flushMs: 10_000 });
      await journal.finish(1, [{ chatId: 7, messageId: 70, cycleId, purpose: "confirmation" }], now);
      await journal.finish(2, [], now);
      expect(await rows("handled_updates")).toBe(0);
      expect(await journal.wasHandled(1)).toBe(true);
      expect(await journal.wasHandled(3)).toBe(false);
      expect(await journal.findCycleOfMessage(7, 70)).toEqual({ cycleId, purpose: "confirmation" });
      await journal.close();
      expect(await rows("handled_updates")).toBe(2);
      expect(await rows("bot_messages")).toBe(1);
      // Written: the tables answer now.
      expect(await journal.wasHandled(2)).toBe(true);
      expect(await new UpdateJournal(db).findCycleOfMessage(7, 70)).toEqual({ cycleId, purpose: "confirmation" });
    });

    it("writes at once without an interval, and a failed group does not stop the next", async () => {
      const errors: unknown[] = [];
      const journal = new UpdateJournal(db, { onError: (e) => errors.push(e) });
      await journal.finish(1, [], now);
      expect(await rows("handled_updates")).toBe(1);
      // A link to a cycle that does not exist breaks its group's foreign key.
      await expect(journal.finish(2, [{ chatId: 7, messageId: 71, cycleId: 999_999, purpose: "card" }], now)).rejects.toThrow(/foreign key/i);
      await journal.finish(3, [{ chatId: 7, messageId: 72, cycleId, purpose: "card" }], now);
      expect(await rows("handled_updates")).toBe(2);
      expect(await journal.wasHandled(2)).toBe(false);
      expect(await journal.findCycleOfMessage(7, 72)).toEqual({ cycleId, purpose: "card" });
    });

    it("waits on close for the updates still being handled, and writes theirs too", async () => {
      const journal = new UpdateJournal(db, { flushMs: 10_000 });
      const done = journal.begin();
      let closed = false;
      const closing = journal.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBe(false);
      await journal.finish(5, [{ chatId: 7, messageId: 75, cycleId, purpose: "card" }], now);
      done();
      await closing;
      expect(await rows("handled_updates")).toBe(1);
      expect(await rows("bot_messages")).toBe(1);
    });

    it("does not wait on close longer than it is told", async () => {
      const journal = new UpdateJournal(db, { flushMs: 10_000 });
      journal.begin(); // never ends
      await journal.finish(6, [], now);
      await journal.close(100);
      expect(await rows("handled_updates")).toBe(1);
    });
  });
});
