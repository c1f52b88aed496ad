/**
 * Officers' flows found lacking when tried as a new user would: a reply to a message about one
 * task, and the "which task?" question over many tasks (paged, whole words, a typed ref).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SentMessage } from "../../src/tools/bot-api-emulator/emulator.js";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function officer(id: number, agency: string) {
  const user = h.emu.user(id, { first_name: `Cán bộ ${agency}` });
  user.sendCommand("/start", await h.invite(agency));
  await h.settle();
  return user;
}

/** Marks done every open lead cycle of the agency except those of `keep`. */
async function completeAllBut(agency: string, keep: string[]): Promise<void> {
  const db = h.service.app.db;
  const ids = await db
    .selectFrom("cycles")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("agencies", "agencies.id", "assignments.agency_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select("cycles.id")
    .where("agencies.code", "=", agency)
    .where("assignments.role", "=", "lead")
    .where("tasks.ref", "not in", keep)
    .execute();
  await db
    .updateTable("cycles")
    .set({ completed_at: "2022-01-02T00:00:00.000Z", completed_on: "2022-01-02" })
    .where(
      "id",
      "in",
      ids.map((r) => r.id),
    )
    .execute();
}

async function updatesOf(ref: string) {
  return h.service.app.db
    .selectFrom("status_updates")
    .innerJoin("cycles", "cycles.id", "status_updates.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .select(["status_updates.kind", "status_updates.percent"])
    .where("tasks.ref", "=", ref)
    .execute();
}

const labels = (message: SentMessage) => ((message.replyMarkup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard ?? []).flat().map((b) => b.text);

describe.each(stores)("on $name", (store) => {
  describe("a reply to a message about one task", () => {
    it("goes to that task when the backlog summary lists only it", async () => {
      h = await startBotHarness({ store, now: "2026-11-27T02:00:00Z" });
      await completeAllBut("STC", ["III.1.4.a.2"]);
      const user = await officer(801, "STC");
      h.setNow("2026-11-27T03:00:00Z");
      await h.service.tick();
      const summary = user.lastReceived()!;
      expect(summary.text).toContain("có 1 nhiệm vụ đã quá hạn");
      user.sendText("đã hoàn thành 100%", { replyToMessageId: summary.messageId });
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đã ghi nhận cho III.1.4.a.2: Hoàn thành 100%.");
      expect(await updatesOf("III.1.4.a.2")).toEqual([{ kind: "done", percent: 100 }]);
    });

    it("still asks which task when the summary lists several", async () => {
      h = await startBotHarness({ store, now: "2026-11-27T02:00:00Z" });
      const user = await officer(802, "SKHDT");
      await h.service.tick();
      const summary = h.emu.sent(user.id).find((m) => m.text?.includes("đã quá hạn nhưng"))!;
      expect(Number(/có (\d+) nhiệm vụ đã quá hạn/.exec(summary.text ?? "")?.[1])).toBeGreaterThan(1);
      user.sendText("đang thực hiện", { replyToMessageId: summary.messageId });
      await h.settle();
      expect(user.lastReceived()?.text).toContain("nhiệm vụ nào");
    });
  });

  describe("the which-task question over many tasks", () => {
    it("pages through every open lead task with whole-word labels, and takes a typed ref", async () => {
      h = await startBotHarness({ store, now: "2026-11-27T02:00:00Z" });
      const user = await officer(803, "SKHDT");
      user.sendText("đang triển khai 50%");
      await h.settle();
      const question = user.lastReceived()!;
      expect(question.text).toContain("nhiệm vụ nào");
      expect(question.text).toContain("gõ số thứ tự");
      const texts = new Map((await h.service.app.db.selectFrom("tasks").select(["ref", "text"]).execute()).map((t) => [t.ref, t.text.replace(/\s+/g, " ").trim()]));
      const seen: string[] = [];
      let page = question;
      for (let n = 0; n < 10; n++) {
        for (const label of labels(page)) {
          const match = /^(\S+) — (.*)$/.exec(label);
          if (!match) continue;
          const [, ref, shown] = match as unknown as [string, string, string];
          seen.push(ref);
          const full = texts.get(ref)!;
          if (shown.endsWith("…")) {
            const cut = shown.slice(0, -1);
            expect(full.startsWith(cut)).toBe(true);
            expect(full[cut.length]).toBe(" "); // cut between words
          } else expect(shown).toBe(full);
        }
        if (!labels(page).some((l) => l.includes("Sau"))) break;
        user.pressButton(page, buttonData(page, "Sau"));
        await h.settle();
        page = h.emu.sent(user.id).find((m) => m.messageId === question.messageId)!;
      }
      const open = await h.service.app.db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .innerJoin("agencies", "agencies.id", "assignments.agency_id")
        .innerJoin("tasks", "tasks.id", "assignments.task_id")
        .select("tasks.ref")
        .distinct()
        .where("agencies.code", "=", "SKHDT")
        .where("assignments.role", "=", "lead")
        .where("cycles.completed_at", "is", null)
        .execute();
      expect(open.length).toBeGreaterThan(8);
      expect(new Set(seen)).toEqual(new Set(open.map((r) => r.ref)));
      expect(seen).toHaveLength(open.length);

      // The officer types the ref of a task on the last page instead of pressing.
      const typed = seen.at(-1)!;
      user.sendText(` ${typed.toLowerCase()} `);
      await h.settle();
      expect(user.lastReceived()?.text).toContain(`Đã ghi nhận cho ${typed}: Đang thực hiện 50%.`);
      expect(await updatesOf(typed)).toEqual([{ kind: "progress", percent: 50 }]);
      expect(await h.service.app.db.selectFrom("status_updates").select("id").execute()).toHaveLength(1);
      // The question is answered: its buttons no longer record anything.
      user.pressButton(question, buttonData(page, seen[0]!.slice(0, 3)));
      await h.settle();
      expect(await h.service.app.db.selectFrom("status_updates").select("id").execute()).toHaveLength(1);
    });

    it("says so when the typed ref is not one of the agency's lead tasks", async () => {
      h = await startBotHarness({ store, now: "2026-11-27T02:00:00Z" });
      const user = await officer(804, "SKHDT");
      user.sendText("đã xong");
      await h.settle();
      user.sendText("IX.9.9");
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Không thấy nhiệm vụ «IX.9.9»");
      expect(await h.service.app.db.selectFrom("status_updates").select("id").execute()).toHaveLength(0);
    });
  });

  describe("coordinators' lists", () => {
    it("/overdue counts the tasks it lists, and says how many assignments they are", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const coordinator = h.emu.user(805, { first_name: "Điều phối" });
      coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      h.setNow("2026-12-07T02:00:00Z"); // the 2026 annual report (IV.2, 59 agencies) is late
      coordinator.sendCommand("/overdue");
      await h.settle();
      const text = coordinator.lastReceived()!.text!;
      const lines = text.split("\n").filter((l) => l.startsWith("🔴"));
      expect(Number(/Quá hạn: (\d+) nhiệm vụ/.exec(text)?.[1])).toBe(lines.length);
      const header = /Quá hạn: (\d+) nhiệm vụ \((\d+) lượt giao cho cơ quan chủ trì\)/.exec(text);
      expect(header).not.toBeNull();
      const overdue = await h.service.app.db
        .selectFrom("cycles")
        .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("assignments.role", "=", "lead")
        .where("cycles.completed_at", "is", null)
        .where("cycles.due_on", "<", "2026-12-07")
        .executeTakeFirstOrThrow();
      expect(Number(header![2])).toBe(Number(overdue.n));
      expect(Number(header![2])).toBeGreaterThan(lines.length);
    });
  });

  describe("a reply that says the deadline will be missed", () => {
    it("is recorded as an obstacle and the coordinators are told", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const coordinator = h.emu.user(806, { first_name: "Điều phối" });
      coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
      await h.settle();
      const user = await officer(807, "SCT");
      const card = await h.openCard(user, "IV.2");
      user.sendText("không thể hoàn thành đúng hạn vì chờ số liệu của các huyện", { replyToMessageId: card.messageId });
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Vướng mắc.");
      expect(await updatesOf("IV.2")).toEqual([{ kind: "blocked", percent: null }]);
      const before = h.emu.sent(coordinator.id).length;
      h.setNow("2026-11-20T02:05:00Z");
      await h.service.tick();
      const told = h.emu
        .sent(coordinator.id)
        .slice(before)
        .map((m) => m.text ?? "");
      const alert = told.find((t) => t.includes("IV.2") && t.includes("Vướng mắc"));
      expect(alert).toContain("Sở Công Thương");
      expect(alert).toContain("không thể hoàn thành đúng hạn vì chờ số liệu của các huyện");
      // Once: a later tick does not repeat it.
      const again = h.emu.sent(coordinator.id).length;
      await h.service.tick();
      expect(
        h.emu
          .sent(coordinator.id)
          .slice(again)
          .filter((m) => m.text?.includes("Vướng mắc")),
      ).toEqual([]);
    });
  });

  describe("a reply naming a paper of another kind than the task makes", () => {
    it("is not taken as done of the annual report: the officer confirms with a button", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const user = await officer(808, "STC");
      const card = await h.openCard(user, "IV.2");
      user.sendText("Sở đã ban hành Kế hoạch số 45/KH-STC", { replyToMessageId: card.messageId });
      await h.settle();
      const answer = user.lastReceived()!;
      expect(answer.text).toContain("Đã ghi nhận cho IV.2: Đang thực hiện.");
      expect(answer.text).toContain("kế hoạch");
      expect(answer.text).toContain("báo cáo");
      const cycle = await h.cycleIdOf("IV.2", "STC");
      const open = async () => (await h.service.app.db.selectFrom("cycles").select("completed_at").where("id", "=", cycle).executeTakeFirstOrThrow()).completed_at;
      expect(await open()).toBeNull();
      user.pressButton(answer, buttonData(answer, "Hoàn thành"));
      await h.settle();
      expect(user.lastReceived()?.text).toContain("Đã ghi nhận cho IV.2: Hoàn thành.");
      expect(await open()).not.toBeNull();
    });
  });

  describe("the history of a task", () => {
    it("names the files a report came with", async () => {
      h = await startBotHarness({ store, now: "2026-11-20T02:00:00Z" });
      const user = await officer(809, "STC");
      const card = await h.openCard(user, "IV.2");
      user.sendDocument("bao-cao-77.pdf", Buffer.from("%PDF-1.4 báo cáo"), { caption: "Báo cáo kèm theo", replyToMessageId: card.messageId });
      await h.settle();
      user.sendCommand("/history", "IV.2");
      await h.settle();
      const history = user.lastReceived()!.text!;
      expect(history).toContain("Báo cáo kèm theo");
      expect(history).toContain("bao-cao-77.pdf");
    });
  });
});
