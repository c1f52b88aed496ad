/** What the Mini App's pages are built from: the plan filter, and who may see which agency and task. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { totalOf } from "../../src/services/status/status-summary.js";
import { readPlanFile } from "../../src/services/plans/plan-files.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { resolveActor } from "../../src/services/people/people.js";
import { viewerOf, type WebViewer } from "../../src/services/web/web-access.js";
import { agencyPageOf, overviewOf, taskPageOf, upcomingOf } from "../../src/services/web/web-dashboard.js";
import { testStores } from "../support/postgres.js";
import { openWebFixture, type WebFixture } from "../support/web-fixtures.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let f: WebFixture;
const today = "2026-11-27";
describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    f = await openWebFixture(undefined, undefined, store);
  });
  afterEach(() => f.close());

  async function viewer(telegramUserId: number): Promise<WebViewer> {
    return viewerOf(await resolveActor(f.app.db, telegramUserId, []))!;
  }
  const idOf = async (table: "agencies" | "tasks", column: "code" | "ref", value: string) =>
    (
      await f.app.db
        .selectFrom(table)
        .select("id")
        .where(column as never, "=", value as never)
        .executeTakeFirstOrThrow()
    ).id as number;

  describe("the overview's plan filter", () => {
    it("counts one plan's cycles when asked; the plans' counts add up to the whole", async () => {
      const second = await readPlanFile("tests/fixtures/table-plan.md", f.app.registry);
      await importPlan({ db: f.app.db, timeZone: "Asia/Ho_Chi_Minh" }, second.parsed, { file: "table-plan.md", hash: second.hash }, f.now, "test");
      const all = await overviewOf(f.app.db, today, null);
      expect(all.plans.map((p) => p.code)).toEqual(["1861/QĐ-UBND", "245/KH-UBND"]);
      const [first, other] = await Promise.all(all.plans.map((p) => overviewOf(f.app.db, today, p.id)));
      expect(totalOf(other!.status.totals)).toBeGreaterThan(0);
      expect(totalOf(first!.status.totals) + totalOf(other!.status.totals)).toBe(totalOf(all.status.totals));
      expect(other!.planId).toBe(all.plans[1]!.id);
      expect((await overviewOf(f.app.db, today, 999)).planId).toBeNull();
    });
  });

  describe("who sees what", () => {
    it("keeps a focal officer to their agency and the tasks it leads or coordinates", async () => {
      await f.join(601, "focal", "STC");
      const officer = await viewer(601);
      expect((await agencyPageOf(f.app.db, officer, today, await idOf("agencies", "code", "STC"), "Asia/Ho_Chi_Minh")).ok).toBe(true);
      expect(await agencyPageOf(f.app.db, officer, today, await idOf("agencies", "code", "SCT"), "Asia/Ho_Chi_Minh")).toEqual({ ok: false, reason: "forbidden" });
      // IV.2 is led by every department: the officer sees only STC's part of it.
      const led = await taskPageOf(f.app.db, officer, today, await idOf("tasks", "ref", "IV.2"), "Asia/Ho_Chi_Minh");
      if (!led.ok) throw new Error(led.reason);
      expect(new Set(led.value.cycles.map((c) => c.agencyCode))).toEqual(new Set(["STC"]));
      const upcoming = await upcomingOf(f.app.db, officer, today, 90);
      expect(upcoming.every((c) => c.agencyCode === "STC")).toBe(true);
    });

    it("refuses a focal officer a task their agency has no part in; shows coordinators everything", async () => {
      await f.join(602, "focal", "STC");
      await f.join(603, "coordinator", null);
      const stcTasks = f.app.db
        .selectFrom("assignments")
        .select("task_id")
        .where("agency_id", "=", await idOf("agencies", "code", "STC"));
      const foreign = await f.app.db.selectFrom("tasks").select("id").where("id", "not in", stcTasks).executeTakeFirstOrThrow();
      expect(await taskPageOf(f.app.db, await viewer(602), today, foreign.id, "Asia/Ho_Chi_Minh")).toEqual({ ok: false, reason: "forbidden" });
      expect((await taskPageOf(f.app.db, await viewer(603), today, foreign.id, "Asia/Ho_Chi_Minh")).ok).toBe(true);
      expect(await taskPageOf(f.app.db, await viewer(603), today, 987654, "Asia/Ho_Chi_Minh")).toEqual({ ok: false, reason: "not_found" });
    });
  });
});
