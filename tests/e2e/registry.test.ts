/**
 * The registry through the Bot API emulator: an admin merges SKHDT into STC in chat (QĐ 1861,
 * effective 1/3/2025), the SKHDT officer is told at the next tick and now works for STC, and
 * /status the day after shows STC carrying the work; a coordinator reassigns a task's lead and
 * both officers are told; officers cannot change the registry.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function join(userId: number, agency: string | null, role: "focal" | "coordinator" | "admin" = "focal", name = "Lan") {
  const user = h.emu.user(userId, { first_name: name });
  user.sendCommand("/start", await h.invite(agency, role));
  await h.settle();
  return user;
}

const texts = (user: ReturnType<BotHarness["emu"]["user"]>) => user.inbox().map((m) => m.text ?? "");

describe.each(stores)("on $name", (store) => {
  describe("the registry in chat", () => {
    it("merges SKHDT into STC: the officer is told, /status shows STC", async () => {
      h = await startBotHarness({ store, now: "2025-03-03T02:00:00Z", env: { ADMIN_TELEGRAM_IDS: "900" } });
      const officer = await join(501, "SKHDT", "focal", "Hà");
      const admin = h.emu.user(900, { first_name: "Quản trị" });
      const db = h.service.app.db;
      const skhdtOpen = await db
        .selectFrom("cycles")
        .innerJoin("agencies", "agencies.id", "cycles.agency_id")
        .select("cycles.id")
        .where("agencies.code", "=", "SKHDT")
        .where("cycles.in_force", "=", 1)
        .where("cycles.completed_at", "is", null)
        .execute();
      expect(skhdtOpen.length).toBeGreaterThan(10);

      officer.sendCommand("/merge", "SKHDT STC 01/03/2025");
      await h.settle();
      expect(officer.lastReceived()?.text).toBe("Chỉ quản trị viên được sửa danh mục cơ quan.");

      admin.sendCommand("/merge", "SKHDT STC 32/03/2025");
      await h.settle();
      expect(admin.lastReceived()?.text).toContain('Ngày "32/03/2025" không hợp lệ');

      admin.sendCommand("/merge", "SKHDT STC 01/03/2025 Nghị quyết của HĐND tỉnh");
      await h.settle();
      expect(admin.lastReceived()?.text).toMatch(
        /^Đã hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính từ ngày 01\/03\/2025: chuyển \d+ phân công, \d+ kỳ chưa hoàn thành, 1 người dùng\. Lịch sử giữ nguyên\.$/,
      );
      admin.sendCommand("/merge", "SKHDT STC 01/03/2025");
      await h.settle();
      expect(admin.lastReceived()?.text).toBe("Sở Kế hoạch và Đầu tư đã hợp nhất vào Sở Tài chính; hãy dùng cơ quan mới.");

      await h.service.tick();
      await h.settle();
      expect(texts(officer).some((t) => t.includes("Từ ngày 01/03/2025, Sở Kế hoạch và Đầu tư đã hợp nhất vào Sở Tài chính. Tài khoản của anh/chị nay thuộc Sở Tài chính"))).toBe(true);

      officer.sendCommand("/whoami");
      await h.settle();
      expect(officer.lastReceived()?.text).toContain("Sở Tài chính");

      h.setNow("2025-03-04T02:00:00Z");
      admin.sendCommand("/status");
      await h.settle();
      const lastText = () =>
        admin
          .inbox()
          .filter((m) => m.text !== undefined)
          .at(-1)!.text!;
      const status = lastText();
      expect(status).toContain("STC — Sở Tài chính");
      expect(status).not.toContain("SKHDT");
      admin.sendCommand("/status", "SKHDT");
      await h.settle();
      expect(lastText()).toContain("Sở Tài chính");

      // A moved task's card says where it came from.
      const card = await h.openCard(officer, "III.1.1");
      expect(card.text).toContain("Hiện giao: Sở Tài chính (trước đây: Sở Kế hoạch và Đầu tư)");
    });

    it("reassigns a lead and adds a coordinating agency; both officers are told", async () => {
      h = await startBotHarness({ store, env: { ADMIN_TELEGRAM_IDS: "900" } });
      const stc = await join(601, "STC", "focal", "Tài");
      const snv = await join(602, "SNV", "focal", "Nội");
      const coordinator = await join(603, null, "coordinator", "Minh");

      stc.sendCommand("/setlead", "III.1.4.a.2 SNV");
      await h.settle();
      expect(stc.lastReceived()?.text).toBe("Chỉ điều phối viên và quản trị viên được giao lại nhiệm vụ.");

      coordinator.sendCommand("/setlead", "III.1.4.a.2");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("Cách dùng: /setlead");
      coordinator.sendCommand("/setlead", "IX.9 SNV");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toBe('Không tìm thấy nhiệm vụ "IX.9".');

      coordinator.sendCommand("/setlead", "III.1.4.a.2 SNV");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toBe("Đã giao nhiệm vụ III.1.4.a.2 cho Sở Nội vụ chủ trì (thay Sở Tài chính); chuyển 1 kỳ chưa hoàn thành cùng hạn và lịch sử.");
      coordinator.sendCommand("/addcoord", "III.1.4.a.2 SXD");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toBe("Đã thêm Sở Xây dựng phối hợp nhiệm vụ III.1.4.a.2.");
      coordinator.sendCommand("/rmcoord", "III.1.4.a.2 SXD");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toBe("Đã bỏ Sở Xây dựng khỏi danh sách phối hợp nhiệm vụ III.1.4.a.2.");

      await h.service.tick();
      await h.settle();
      expect(texts(stc).some((t) => t.includes("Nhiệm vụ III.1.4.a.2 đã được giao cho Sở Nội vụ chủ trì."))).toBe(true);
      expect(texts(snv).some((t) => t.includes("Cơ quan của anh/chị được giao chủ trì nhiệm vụ III.1.4.a.2 (thay Sở Tài chính)"))).toBe(true);

      coordinator.sendCommand("/history", "III.1.4.a.2");
      await h.settle();
      const history = coordinator.lastReceived()?.text ?? "";
      expect(history).toContain("Giao lại cơ quan chủ trì");
      expect(history).toContain("Cơ quan chủ trì: Sở Tài chính → Sở Nội vụ");
      expect(history).toContain("SNV (trước đây: STC)");
    });

    it("lets an admin add and rename agencies in chat, audited, and lists them", async () => {
      h = await startBotHarness({ store, env: { ADMIN_TELEGRAM_IDS: "900" } });
      const admin = h.emu.user(900, { first_name: "Quản trị" });
      const coordinator = await join(701, null, "coordinator", "Minh");
      coordinator.sendCommand("/agency", "add SNNMT department Sở Nông nghiệp và Môi trường");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toBe("Chỉ quản trị viên được sửa danh mục cơ quan.");
      admin.sendCommand("/agency", "add snnmt department Sở Nông nghiệp và Môi trường");
      await h.settle();
      expect(admin.lastReceived()?.text).toBe("Đã thêm cơ quan SNNMT: Sở Nông nghiệp và Môi trường.");
      admin.sendCommand("/agency", "alias SNNMT Sở NN&MT <b>");
      await h.settle();
      expect(admin.lastReceived()?.text).toBe("Đã cập nhật SNNMT: Sở Nông nghiệp và Môi trường; Sở NN&MT <b>.");
      admin.sendCommand("/agency", "kind SNNMT ministry");
      await h.settle();
      expect(admin.lastReceived()?.text).toContain('Loại "ministry" không hợp lệ');
      admin.sendCommand("/agency", "rename");
      await h.settle();
      expect(admin.lastReceived()?.text).toContain("/agency add MÃ loại Tên đầy đủ");
      const officer = await join(702, "STC", "focal", "Tài");
      officer.sendCommand("/agencies");
      await h.settle();
      expect(officer.lastReceived()?.text).toBe("Lệnh này dành cho điều phối viên.");
      coordinator.sendCommand("/agencies");
      await h.settle();
      expect(coordinator.lastReceived()?.text).toContain("SNNMT Sở Nông nghiệp và Môi trường");
      const audit = await h.service.app.db.selectFrom("audit").select(["actor", "action"]).where("entity", "=", "agency").orderBy("id").execute();
      expect(audit).toEqual([
        { actor: "telegram:900", action: "agency.added" },
        { actor: "telegram:900", action: "agency.alias_added" },
      ]);
    });
  });
});
