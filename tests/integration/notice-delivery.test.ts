/**
 * Notices by kind on a real SQLite file: a row whose kind this version does not know (written by
 * a newer one) is not sent as some other message; it is recorded as failed with its reason, and
 * the tick report lists it, while the notices beside it go out.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import { parseRegistry } from "../../src/plan/registry.js";
import { deliverDue, type OutgoingMessage } from "../../src/services/reminders/delivery.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { describeTick } from "../../src/services/reminders/tick-summary.js";
import type { Db } from "../../src/storage/database.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const timeZone = "Asia/Ho_Chi_Minh";
const full = parseRegistry(readFileSync("seeds/agencies.json", "utf8"));
const registry = { agencies: full.agencies.filter((a) => a.code === "SXD"), collectives: [] };

const document = `KẾ HOẠCH
Thực hiện Chương trình cải cách hành chính năm 2026
(Kèm theo Quyết định số 78/QĐ-UBND ngày 15 tháng 1 năm 2026 của Ủy ban nhân dân tỉnh Thanh Hóa)
I. NHIỆM VỤ
1. Sở Xây dựng chủ trì rà soát quy hoạch xây dựng, hoàn thành trước ngày 18/09/2026.
`;

let db: Db;
let close: () => Promise<void>;

describe.each(stores)("on $name", (store) => {
  beforeEach(async () => {
    ({ db, close } = await store.open());
    const imported = new Date("2026-08-01T02:00:00Z");
    await seedRegistry(db, registry, imported, "test");
    await importPlan({ db, timeZone }, parsePlan(document, createAgencyMatcher(registry), { fallbackCode: "x" }), { file: "plan.txt", hash: "h" }, imported, "test");
  });
  afterEach(async () => await close());

  describe("a notice of a kind this version does not know", () => {
    it("is recorded as failed with its reason and reported, not sent as a backlog summary", async () => {
      const now = new Date("2026-10-05T02:00:00Z");
      const invite = await createInvite(db, { agencyCode: "SXD", role: "focal", createdBy: "test", now });
      const officer = await redeemInvite(db, invite.code, { telegramUserId: 7001, chatId: 7001, displayName: "Cán bộ Xây dựng" }, now);
      const overdue = await db.selectFrom("cycles").select("id").executeTakeFirstOrThrow();
      // The same payload under a kind it knows and under one from a newer version.
      const row = (key: string, kind: string) => ({
        person_id: officer.id,
        key,
        kind,
        payload: JSON.stringify({ cycles: [overdue.id] }),
        planned_at: now.toISOString(),
        state: "planned" as const,
        attempts: 0,
        created_at: now.toISOString(),
      });
      await db
        .insertInto("notices")
        .values([row("backlog", "backlog"), row("survey-2026-10", "survey")])
        .execute();

      const sent: OutgoingMessage[] = [];
      const messenger = { send: async (message: OutgoingMessage) => (sent.push(message), { messageId: sent.length }) };
      const delivered = await deliverDue(db, messenger, { now, timeZone });

      expect(sent.map((m) => m.kind)).toEqual(["backlog"]);
      const survey = await db.selectFrom("notices").select(["id", "state", "last_error"]).where("kind", "=", "survey").executeTakeFirstOrThrow();
      expect(survey.state).toBe("failed");
      expect(survey.last_error).toBe('notice kind "survey" is unknown to this version of dondoc: not sent');
      expect(delivered.find((line) => line.id === survey.id)).toMatchObject({ table: "notices", outcome: "failed", error: survey.last_error });

      // `tick --json` lists it among the failures, under its kind.
      const report = await describeTick(db, { at: now.toISOString(), cyclesCreated: 0, planned: [], backlogs: 0, setAside: [], delivered });
      expect(report.failed).toEqual([{ person: "Cán bộ Xây dựng", agency: "SXD", ref: null, stage: "survey", due: null, error: survey.last_error }]);

      // Failed for good: a later pass does not try it again.
      expect(await deliverDue(db, messenger, { now: new Date("2026-10-06T02:00:00Z"), timeZone })).toEqual([]);
      expect(sent).toHaveLength(1);
    });
  });
});
