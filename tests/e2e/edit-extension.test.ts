/**
 * Issue 11, item 7: editing a reply keeps extension requests in step. An extension request
 * edited into a progress report is withdrawn (its buttons no longer approve anything) and the
 * coordinators who saw it are told; a progress report edited into an extension request opens
 * one, which the coordinators receive.
 */
import { afterEach, describe, expect, it } from "vitest";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import type { SentMessage, SimulatedUser } from "../../src/tools/bot-api-emulator/emulator.js";
import { testStores, type TestStore } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function setUp(store: TestStore): Promise<{ officer: SimulatedUser; coordinator: SimulatedUser; card: SentMessage; cardId: number }> {
  h = await startBotHarness({ store });
  const coordinator = h.emu.user(961, { first_name: "Điều phối" });
  coordinator.sendCommand("/start", await h.invite("SKHDT", "coordinator"));
  const officer = h.emu.user(962, { first_name: "Hà" });
  officer.sendCommand("/start", await h.invite("SCT"));
  await h.settle();
  const card = await h.openCard(officer, "IV.2");
  return { officer, coordinator, card, cardId: card.messageId };
}

const requests = () => h.service.app.db.selectFrom("extension_requests").select(["proposed_due_on", "state"]).orderBy("id").execute();

describe.each(stores)("on $name", (store) => {
  describe("an edited reply", () => {
    it("withdraws the extension request it no longer asks for, and the coordinator is told", async () => {
      const { officer, coordinator, cardId } = await setUp(store);
      const sent = officer.sendText("xin gia hạn đến 20/12 vì chờ số liệu", { replyToMessageId: cardId });
      await h.settle();
      await h.service.tick();
      await h.settle();
      const request = coordinator.lastReceived()!;
      expect(request.text).toContain("Đề nghị gia hạn IV.2");

      officer.editText(sent.message.message_id, "đang thực hiện 50%");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã sửa cập nhật cho IV.2: Đang thực hiện 50%.");
      expect(officer.lastReceived()?.text).toContain("Đề nghị gia hạn đến 20/12/2026 đã được rút lại");
      expect(await requests()).toEqual([{ proposed_due_on: "2026-12-20", state: "withdrawn" }]);

      await h.service.tick();
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("Đề nghị gia hạn IV.2 đến 20/12/2026");
      expect(coordinator.lastReceived()?.text).toContain("đã được rút lại");

      // The buttons of the request no longer approve it.
      const dueBefore = await h.service.app.db
        .selectFrom("cycles")
        .select("due_on")
        .where("id", "=", await h.cycleIdOf("IV.2", "SCT"))
        .executeTakeFirstOrThrow();
      coordinator.pressButton(request, buttonData(request, "Đồng ý"));
      await h.settle();
      expect(await requests()).toEqual([{ proposed_due_on: "2026-12-20", state: "withdrawn" }]);
      expect(
        await h.service.app.db
          .selectFrom("cycles")
          .select("due_on")
          .where("id", "=", await h.cycleIdOf("IV.2", "SCT"))
          .executeTakeFirstOrThrow(),
      ).toEqual(dueBefore);
    });

    it("opens an extension request when it now asks for one, and the coordinator receives it", async () => {
      const { officer, coordinator, cardId } = await setUp(store);
      const sent = officer.sendText("đang thực hiện 50%", { replyToMessageId: cardId });
      await h.settle();
      expect(await requests()).toEqual([]);

      officer.editText(sent.message.message_id, "xin gia hạn đến 20/12 vì chờ số liệu");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã sửa cập nhật cho IV.2: Xin gia hạn.");
      expect(officer.lastReceived()?.text).toContain("Đề nghị gia hạn đến 20/12/2026 đã gửi điều phối viên.");
      expect(await requests()).toEqual([{ proposed_due_on: "2026-12-20", state: "pending" }]);

      await h.service.tick();
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("Đề nghị gia hạn IV.2");
      expect(coordinator.lastReceived()?.text).toContain("20/12/2026");
    });

    it("keeps reading an edited answer to the date question as a date (the question's context holds on edits)", async () => {
      const { officer, card } = await setUp(store);
      officer.pressButton(card, buttonData(card, "Xin gia hạn"));
      await h.settle();
      const question = officer.lastReceived()!;
      expect(question.text).toContain("trả lời tin nhắn này với ngày đề nghị");
      const sent = officer.sendText("15/12", { replyToMessageId: question.messageId });
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đề nghị gia hạn đến 15/12/2026 đã gửi điều phối viên.");
      expect(await requests()).toEqual([{ proposed_due_on: "2026-12-15", state: "pending" }]);

      officer.editText(sent.message.message_id, "20/12");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Đã sửa cập nhật cho IV.2: Xin gia hạn.");
      expect(officer.lastReceived()?.text).toContain("Đề nghị gia hạn đến 20/12/2026 đã gửi điều phối viên.");
      expect(await requests()).toEqual([
        { proposed_due_on: "2026-12-15", state: "withdrawn" },
        { proposed_due_on: "2026-12-20", state: "pending" },
      ]);
      expect(await h.service.app.db.selectFrom("status_updates").select(["kind", "text"]).execute()).toEqual([{ kind: "extension_request", text: "20/12" }]);
    });

    it("moves the request to the new date when the date is edited", async () => {
      const { officer, cardId } = await setUp(store);
      const sent = officer.sendText("xin gia hạn đến 20/12", { replyToMessageId: cardId });
      await h.settle();
      officer.editText(sent.message.message_id, "xin gia hạn đến 25/12");
      await h.settle();
      expect(await requests()).toEqual([
        { proposed_due_on: "2026-12-20", state: "withdrawn" },
        { proposed_due_on: "2026-12-25", state: "pending" },
      ]);
    });
  });
});
