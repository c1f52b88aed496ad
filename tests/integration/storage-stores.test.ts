/**
 * Repositories no service test runs on PostgreSQL yet, on both stores: the plan catalog (a plan
 * found by its code in any case, its counts, its removal), plan files waiting for Nhập / Huỷ,
 * the Mini App's one-time links and replay window, and housekeeping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedPlan } from "../../src/plan/types.js";
import type { Db } from "../../src/storage/database.js";
import { deleteHandledUpdatesBefore } from "../../src/storage/maintenance-repository.js";
import { deletePlan, findPlanIdByTypedCode, findPlanSummaries } from "../../src/storage/plan-catalog-repository.js";
import { decidePlanUpload, findPlanUpload, insertPlanUpload, undecidePlanUpload } from "../../src/storage/plan-upload-repository.js";
import { claimInitDataHash, claimWebLoginLink, findWebSessionUser, insertWebLoginLink, insertWebSession } from "../../src/storage/web-repository.js";
import { testStores } from "../support/postgres.js";

const stores = await testStores();
const now = "2026-11-27T02:00:00.000Z";
const later = "2026-11-27T03:00:00.000Z";

describe.each(stores)("storage on $name", (store) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await store.open()));
  afterAll(async () => await close?.());

  it("finds a plan by its code in any case or by its number alone, counts it, and removes it with its unregistered agency", async () => {
    const plan = await db
      .insertInto("plans")
      .values({ code: "1861/QĐ-UBND", title: "QĐ 1861", issued_on: "2022-05-30", source_file: "f", source_hash: "h", imported_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const agency = await db.insertInto("agencies").values({ code: "BQL-X", name: "Ban quản lý X", kind: "unregistered" }).returning("id").executeTakeFirstOrThrow();
    const task = (ref: string, position: number) => ({
      plan_id: plan.id,
      ref,
      section: "I",
      text: `Nhiệm vụ ${ref}`,
      deadline_kind: "date",
      deadline_date: null,
      deadline_month: null,
      deadline_day: null,
      deadline_phrase: null,
      source_line: position,
      position,
      removed_at: null,
      created_at: now,
      updated_at: now,
    });
    const tasks = await db
      .insertInto("tasks")
      .values([task("I.1", 1), task("I.2", 2)])
      .returning("id")
      .execute();
    const assignments = await db
      .insertInto("assignments")
      .values(tasks.map((t) => ({ task_id: t.id, agency_id: agency.id, role: "lead" as const, removed_at: null, created_at: now })))
      .returning("id")
      .execute();
    await db
      .insertInto("cycles")
      .values([
        { assignment_id: assignments[0]!.id, period: "once", original_due_on: "2026-06-30", due_on: "2026-06-30", completed_at: null, created_at: now },
        { assignment_id: assignments[1]!.id, period: "once", original_due_on: "2026-12-31", due_on: "2026-12-31", completed_at: null, created_at: now },
      ])
      .execute();

    expect(await findPlanIdByTypedCode(db, "1861/QĐ-ubnd")).toEqual({ id: plan.id, code: "1861/QĐ-UBND", shortCode: "1861", status: "active" });
    expect(await findPlanIdByTypedCode(db, " 1861 ")).toEqual({ id: plan.id, code: "1861/QĐ-UBND", shortCode: "1861", status: "active" });
    expect(await findPlanIdByTypedCode(db, "1862")).toBeNull();
    expect(await findPlanSummaries(db, "2026-11-27")).toEqual([
      {
        id: plan.id,
        code: "1861/QĐ-UBND",
        title: "QĐ 1861",
        issuedOn: "2022-05-30",
        importedAt: now,
        sourceFile: "f",
        tasks: 2,
        assignments: 2,
        open: 2,
        overdue: 1,
        shortCode: "1861",
        status: "active",
        statusChangedAt: null,
        issuer: null,
      },
    ]);
    expect(await db.transaction().execute((trx) => deletePlan(trx, plan.id))).toEqual({
      tasks: 2,
      assignments: 2,
      cycles: 2,
      status_updates: 0,
      reminders: 0,
      extension_requests: 0,
      bot_messages: 0,
      agencies: 1,
    });
    expect(await findPlanSummaries(db, "2026-11-27")).toEqual([]);
  });

  it("keeps a plan file's preview and lets only one press decide it", async () => {
    const parsed = { plan: { code: "12/KH-UBND", title: "Kế hoạch 12", issued_on: null }, tasks: [], targets: [] } as unknown as ParsedPlan;
    const id = await insertPlanUpload(db, { telegramUserId: 7_012_345_678, chatId: 7_012_345_678, fileName: "ke-hoach.docx", fileHash: "abc", parsed, corrections: [] }, now);
    expect(await findPlanUpload(db, id)).toMatchObject({ id, telegramUserId: 7_012_345_678, fileName: "ke-hoach.docx", parsed, decision: null });
    expect(await decidePlanUpload(db, id, "imported", later)).toBe(true);
    expect(await decidePlanUpload(db, id, "cancelled", later)).toBe(false);
    await undecidePlanUpload(db, id);
    expect(await decidePlanUpload(db, id, "cancelled", later)).toBe(true);
    expect((await findPlanUpload(db, id))?.decision).toBe("cancelled");
  });

  it("lets a login link in once, a session until it expires, and refuses replayed initData", async () => {
    await insertWebLoginLink(db, { codeHash: "link", telegramUserId: 7_012_345_678, createdAt: now, expiresAt: later });
    expect(await claimWebLoginLink(db, "link", now)).toBe(7_012_345_678);
    expect(await claimWebLoginLink(db, "link", now)).toBeNull();
    await insertWebSession(db, { tokenHash: "session", telegramUserId: 7_012_345_678, createdAt: now, expiresAt: later });
    expect(await findWebSessionUser(db, "session", now)).toBe(7_012_345_678);
    expect(await findWebSessionUser(db, "session", later)).toBeNull();
    expect(await claimInitDataHash(db, "init", now, later)).toBe(true);
    expect(await claimInitDataHash(db, "init", now, later)).toBe(false);
  });

  it("forgets handled updates older than a day and keeps the newer", async () => {
    await db
      .insertInto("handled_updates")
      .values([
        { update_id: 1, handled_at: "2026-11-25T00:00:00.000Z" },
        { update_id: 2, handled_at: now },
      ])
      .execute();
    expect(await deleteHandledUpdatesBefore(db, "2026-11-26T02:00:00.000Z")).toBe(1);
    expect((await db.selectFrom("handled_updates").select("update_id").execute()).map((r) => r.update_id)).toEqual([2]);
  });
});
