/**
 * Several plans at once through the Bot API emulator: QĐ 1861 (the bundled seed) and KH
 * 172/KH-UBND of Hồ Chí Minh City (a practice plan; its IV.1 is also a ref of QĐ 1861, and its
 * II.1 is an annual task of Sở Nội vụ). Refs show qualified (`1861/IV.1`, `172/IV.1`), a bare
 * ambiguous ref gets a choice, `/status 1861` filters, and closing 172 stops its reminders.
 */
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { annualReportData } from "../../src/services/exports/annual-report.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { resolveActor } from "../../src/services/people/people.js";
import { viewerOf } from "../../src/services/web/web-access.js";
import { agencyPageOf } from "../../src/services/web/web-dashboard.js";
import { agencyPage } from "../../src/web/pages.js";
import { readPlanFile } from "../../src/services/plans/plan-files.js";
import { buttonData, startBotHarness, type BotHarness } from "../support/bot-harness.js";
import { testStores } from "../support/postgres.js";

/** SQLite, and PostgreSQL where the run's server runs (tests/support/postgres.ts). */
const stores = await testStores();

const secondPlan = "/work/wt/shared/plans/practice/hcm-172-kh-ubnd-2025.txt";

let h: BotHarness;
afterEach(async () => {
  await h.stop();
});

async function join(userId: number, agency: string | null, role: "focal" | "coordinator" | "admin", name: string) {
  const user = h.emu.user(userId, { first_name: name });
  user.sendCommand("/start", await h.invite(agency, role));
  await h.settle();
  return user;
}

async function importSecondPlan(): Promise<void> {
  const { app } = h.service;
  const file = await readPlanFile(secondPlan, app.registry);
  expect(file.parsed.plan.code).toBe("172/KH-UBND");
  await importPlan({ db: app.db, timeZone: app.config.timeZone }, file.parsed, { file: secondPlan, hash: file.hash }, h.now(), "test");
}

type User = Awaited<ReturnType<typeof join>>;
const labelsOf = (message: { replyMarkup?: unknown }) =>
  ((message.replyMarkup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);
const lastText = (user: User) =>
  user
    .inbox()
    .filter((m) => m.text !== undefined)
    .at(-1)!.text!;

async function ask(user: User, command: string, payload?: string): Promise<string> {
  if (payload === undefined) user.sendCommand(command);
  else user.sendCommand(command, payload);
  await h.settle();
  return lastText(user);
}

/** Reminders of one plan's cycles recorded in the ledger, by state. */
async function remindersOf(planCode: string): Promise<Record<string, number>> {
  const rows = await h.service.app.db
    .selectFrom("reminders")
    .innerJoin("cycles", "cycles.id", "reminders.cycle_id")
    .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
    .innerJoin("tasks", "tasks.id", "assignments.task_id")
    .innerJoin("plans", "plans.id", "tasks.plan_id")
    .select(["reminders.state", (eb) => eb.fn.countAll<number>().as("n")])
    .where("plans.short_code", "=", planCode)
    .groupBy("reminders.state")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

describe.each(stores)("on $name", (store) => {
  describe("two plans at once", () => {
    it("qualifies refs, offers a choice for a shared bare ref, filters by plan, lists plans", async () => {
      h = await startBotHarness({ store, env: { ADMIN_TELEGRAM_IDS: "900" } });
      const officer = await join(701, "SNV", "focal", "Nội");
      const coordinator = await join(702, null, "coordinator", "Minh");

      // One plan: bare refs everywhere.
      expect(await ask(coordinator, "/status", "IV.1")).toContain("Nhiệm vụ IV.1");

      await importSecondPlan();

      const plans = await ask(coordinator, "/plans");
      expect(plans).toContain("Các kế hoạch: 2");
      expect(plans).toContain("1861 — 1861/QĐ-UBND, UBND tỉnh Thanh Hóa · đang theo dõi");
      expect(plans).toContain("172 — 172/KH-UBND, UBND thành phố Hồ Chí Minh · đang theo dõi");

      // The officer's task list names each task with its plan.
      officer.sendCommand("/tasks");
      await h.settle();
      const list = officer.lastReceived()!;
      const labels = ((list.replyMarkup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard ?? []).flat().map((b) => b.text);
      expect(labels.some((l) => l.includes("172/II.1"))).toBe(true);
      expect(labels.some((l) => /\b1861\//.test(l))).toBe(true);

      // A bare ref both plans have: the coordinator chooses.
      const choice = await ask(coordinator, "/status", "IV.1");
      expect(choice).toContain("Số thứ tự IV.1 có trong nhiều kế hoạch");
      expect(choice).toContain("1861/IV.1");
      expect(choice).toContain("172/IV.1");
      const choiceMessage = coordinator
        .inbox()
        .filter((m) => m.text !== undefined)
        .at(-1)!;
      coordinator.pressButton(choiceMessage, buttonData(choiceMessage, "172/IV.1"));
      await h.settle();
      const chosen = lastText(coordinator);
      expect(chosen).toContain("Nhiệm vụ 172/IV.1");
      expect(chosen).toContain("Sở Nội vụ chịu trách nhiệm");

      // /history offers the same choice; a button opens that plan's task.
      expect(await ask(coordinator, "/history", "IV.1")).toContain("Số thứ tự IV.1 có trong nhiều kế hoạch");
      const historyChoice = coordinator
        .inbox()
        .filter((m) => m.text !== undefined)
        .at(-1)!;
      coordinator.pressButton(historyChoice, buttonData(historyChoice, "172/IV.1"));
      await h.settle();
      expect(lastText(coordinator)).toContain("Lịch sử nhiệm vụ IV.1");
      expect(await ask(coordinator, "/history", "172/IV.1")).toContain("Lịch sử nhiệm vụ IV.1");

      // Qualified, it goes straight to the task; a ref only one plan has works bare.
      expect(await ask(coordinator, "/status", "1861/IV.1")).toContain("Nhiệm vụ 1861/IV.1");
      expect(await ask(coordinator, "/status", "III.1.4.a.2")).toContain("Nhiệm vụ 1861/III.1.4.a.2");
      expect(await ask(coordinator, "/status", "999/IV.1")).toContain("Không tìm thấy");

      // /status groups by plan; /status 1861 counts that plan only.
      const all = await ask(coordinator, "/status");
      expect(all).toContain("Theo kế hoạch");
      expect(all).toMatch(/• 1861 \(đang theo dõi\): \d+ đang mở, 🔴 \d+ quá hạn/);
      expect(all).toMatch(/• 172 \(đang theo dõi\): \d+ đang mở/);
      const only1861 = await ask(coordinator, "/status", "1861");
      expect(only1861).toContain("Tình hình thực hiện kế hoạch 1861");
      const total = (text: string) => [...text.matchAll(/\((\d+) lượt giao việc/g)].map((m) => Number(m[1]))[0]!;
      const only172 = await ask(coordinator, "/status", "172");
      expect(total(only1861) + total(only172)).toBe(total(all));
      expect(total(only172)).toBeGreaterThan(0);

      // Lists show qualified refs and filter by plan.
      const overdue = await ask(coordinator, "/overdue");
      expect(overdue).toMatch(/<b>1861\/|1861\/[IVX]/);
      const overdue172 = await ask(coordinator, "/overdue", "172");
      expect(overdue172).toContain("kế hoạch 172");
      expect(overdue172).not.toContain("1861/");
      const upcoming = await ask(coordinator, "/upcoming", "60 172");
      expect(upcoming).toContain("Đến hạn trong 60 ngày tới");
      expect(upcoming).toContain("kế hoạch 172");
      expect(upcoming).toContain("172/II.1");
      expect(upcoming).not.toContain("1861/");
      expect(await ask(coordinator, "/overdue", "9999")).toContain("Không có kế hoạch «9999»");

      // /report csv 172: that plan's assignments only.
      coordinator.sendCommand("/report", "csv 172");
      await h.settle();
      const csv = coordinator.inbox().at(-1)!.document!;
      expect(csv.fileName).toBe("bao-cao-172-2026-11-27.csv");
      const rows = (parse(csv.bytes, { bom: true }) as string[][]).slice(1).map((r) => r.join(" | "));
      expect(rows.length).toBe(total(only172));
      expect(rows.some((r) => r.includes("III.1.4.a.2"))).toBe(false);

      // Monday's digest: a line per plan, refs qualified.
      h.setNow("2026-11-30T02:00:00Z");
      await h.service.tick();
      await h.settle();
      const digest = coordinator
        .inbox()
        .map((m) => m.text ?? "")
        .find((t) => t.includes("Tổng hợp tuần"));
      expect(digest).toBeDefined();
      expect(digest).toContain("Theo kế hoạch");
      expect(digest).toMatch(/• 1861: 🔴 \d+ quá hạn/);
      expect(digest).toMatch(/• 172: 🔴 \d+ quá hạn, \d+ sắp đến hạn/);
    });

    it("reminders, summaries and /setdue name a shared ref with its plan; /setdue asks which plan", async () => {
      h = await startBotHarness({ store, env: { ADMIN_TELEGRAM_IDS: "900" } });
      await importSecondPlan();
      const coordinator = await join(702, null, "coordinator", "Minh");

      // IV.1 is undated in both plans: /setdue does not guess, it asks which plan.
      const choice = await ask(coordinator, "/setdue", "IV.1 20/11/2026");
      expect(choice).toContain("Số thứ tự IV.1 có trong nhiều kế hoạch");
      expect(choice).toContain("/setdue 1861/IV.1");
      const choiceMessage = coordinator
        .inbox()
        .filter((m) => m.text !== undefined)
        .at(-1)!;
      expect(labelsOf(choiceMessage)).toEqual(["1861/IV.1", "172/IV.1"]);
      const dueOfIv1 = async () =>
        (
          await h.service.app.db
            .selectFrom("cycles")
            .innerJoin("assignments", "assignments.id", "cycles.assignment_id")
            .innerJoin("tasks", "tasks.id", "assignments.task_id")
            .innerJoin("plans", "plans.id", "tasks.plan_id")
            .select(["plans.short_code", "cycles.due_on"])
            .where("tasks.ref", "=", "IV.1")
            .where("assignments.role", "=", "lead")
            .execute()
        )
          .map((r) => `${r.short_code}:${r.due_on ?? "-"}`)
          .sort();
      expect(new Set(await dueOfIv1())).toEqual(new Set(["1861:-", "172:-"]));
      coordinator.pressButton(choiceMessage, buttonData(choiceMessage, "172/IV.1"));
      await h.settle();
      expect(lastText(coordinator)).toBe("Đã đặt hạn 20/11/2026 cho 172/IV.1 (1 cơ quan chủ trì).");
      // Only KH 172's IV.1 has the date; QĐ 1861's stays undated.
      expect(new Set(await dueOfIv1())).toEqual(new Set(["1861:-", "172:2026-11-20"]));

      // Sở Nội vụ's new officer: the backlog summary lists 172/IV.1, the check-in 1861/IV.1.
      const officer = await join(701, "SNV", "focal", "Nội");
      h.setNow("2026-11-27T03:00:00Z");
      await h.service.tick();
      await h.settle();
      const received = officer.inbox().map((m) => m.text ?? "");
      const backlog = received.find((t) => t.includes("đã quá hạn"));
      expect(backlog).toContain("🔴 172/IV.1 — Hạn: 20/11/2026");
      const backlogMessage = officer.inbox().find((m) => m.text === backlog)!;
      expect(labelsOf(backlogMessage).some((l) => l.includes("172/IV.1"))).toBe(true);

      // Sở Kế hoạch và Đầu tư: 1861/IV.3 (KH 172 has an IV.3 too) due 31/12, reminded 14 days before.
      const planner = await join(703, "SKHDT", "focal", "Đầu tư");
      h.setNow("2026-12-17T02:00:00Z");
      await h.service.tick();
      await h.settle();
      const reminder = planner
        .inbox()
        .map((m) => m.text ?? "")
        .find((t) => t.includes("31/12/2026") && t.includes("IV.3"));
      expect(reminder).toContain("1861/IV.3");
      // January's check-in of undated tasks quiet for 30 days names QĐ 1861's IV.1 with its plan.
      h.setNow("2027-01-04T02:00:00Z");
      await h.service.tick();
      await h.settle();
      const checkIn = officer
        .inbox()
        .map((m) => m.text ?? "")
        .find((t) => t.includes("Kiểm tra định kỳ"));
      expect(checkIn).toContain("🔵 1861/IV.1:");

      // The spreadsheet: Nhiệm vụ and Lịch sử show qualified refs; for KH 172, its history only.
      officer.sendText("đang triển khai 40%", { replyToMessageId: backlogMessage.messageId });
      await h.settle();
      const sheetRefs = async (payload: string) => {
        coordinator.sendCommand("/report", payload);
        await h.settle();
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(coordinator.inbox().at(-1)!.document!.bytes as unknown as ArrayBuffer);
        const column = (name: string) => {
          const sheet = book.worksheets.find((w) => w.name === name)!;
          const refColumn = (sheet.getRow(1).values as unknown[]).indexOf("Số TT");
          return sheet.getColumn(refColumn).values.slice(2).map(String);
        };
        return { assignments: column("Nhiệm vụ"), history: column("Lịch sử") };
      };
      const all = await sheetRefs("xlsx");
      expect(all.assignments).toContain("172/IV.1");
      expect(all.assignments).toContain("1861/IV.1");
      expect(all.assignments).not.toContain("IV.1");
      expect(all.history).toContain("172/IV.1");
      const of1861 = await sheetRefs("xlsx 1861");
      expect(of1861.assignments).toContain("1861/IV.1");
      expect(of1861.assignments.some((r) => r.startsWith("172/"))).toBe(false);
      // /setdue and the report on 172/IV.1 are KH 172's history, not QĐ 1861's.
      expect(of1861.history.some((r) => r.startsWith("172/"))).toBe(false);

      // The Mini App: Sở Nội vụ's page links both IV.1 with their plans.
      const { app } = h.service;
      const snv = await app.db.selectFrom("agencies").select("id").where("code", "=", "SNV").executeTakeFirstOrThrow();
      const page = await agencyPageOf(app.db, viewerOf(await resolveActor(app.db, 702, []))!, "2026-12-17", snv.id, app.config.timeZone);
      expect(page.ok).toBe(true);
      if (!page.ok) return;
      expect(page.value.cycles.map((c) => c.label)).toEqual(expect.arrayContaining(["172/IV.1", "1861/IV.1"]));
      const html = agencyPage("/app/", viewerOf(await resolveActor(app.db, 702, []))!, page.value);
      expect(html).toMatch(/<a href="\/app\/task\/\d+">172\/IV\.1<\/a>/);

      // The annual report of QĐ 1861: its section names the task with its plan.
      const plan1861 = await app.db.selectFrom("plans").select("id").where("short_code", "=", "1861").executeTakeFirstOrThrow();
      const annual = await annualReportData(app.db, { year: 2026, today: "2026-12-17", timeZone: app.config.timeZone, planId: plan1861.id });
      expect(annual.sections.map((section) => section.ref)).toEqual(["1861/IV.2"]);
    });

    it("closing the second plan stops its reminders; its history stays; reopening resumes", async () => {
      h = await startBotHarness({ store, now: "2026-12-10T02:00:00Z", env: { ADMIN_TELEGRAM_IDS: "900" } });
      const officer = await join(801, "SNV", "focal", "Nội");
      const admin = h.emu.user(900, { first_name: "Quản trị" });
      await importSecondPlan();

      // The officer reports on 172/II.1 before the plan closes.
      const card = await h.openCard(officer, "172/II.1");
      expect(card.text).toContain("172/II.1");
      officer.sendText("đang triển khai 30%", { replyToMessageId: card.messageId });
      await h.settle();
      expect(lastText(officer)).toContain("172/II.1");

      expect(await ask(officer, "/plan", "close 172")).toBe("Lệnh này dành cho quản trị viên.");
      expect(await ask(admin, "/plan", "close")).toContain("Cách dùng: /plan close|archive|reopen");
      expect(await ask(admin, "/plan", "close 9999")).toContain("Không có kế hoạch «9999»");
      const closed = await ask(admin, "/plan", "close 172");
      expect(closed).toContain("Kế hoạch 172 nay «đã kết thúc»: ngừng nhắc việc");
      expect(await ask(admin, "/plan", "close 172")).toBe("Kế hoạch 172 đã ở trạng thái «đã kết thúc».");

      // 17/12, 14 days before 31/12: QĐ 1861 is reminded, KH 172 is not.
      h.setNow("2026-12-17T02:00:00Z");
      await h.service.tick();
      await h.settle();
      expect(await remindersOf("172")).toEqual({});
      const of1861 = await remindersOf("1861");
      expect((of1861.sent ?? 0) + (of1861.skipped ?? 0)).toBeGreaterThan(0);

      // Its history stays visible: the report is there, and /plans shows it closed.
      const coordinator = await join(802, null, "coordinator", "Minh");
      const status = await ask(coordinator, "/status", "172/II.1");
      expect(status).toContain("Nhiệm vụ II.1");
      expect(status).toContain("30%");
      expect(await ask(coordinator, "/plans")).toContain("172 — 172/KH-UBND, UBND thành phố Hồ Chí Minh · đã kết thúc");

      // With one plan active, refs are bare again; the closed plan's II.1 is not ambiguous.
      expect(await ask(coordinator, "/status", "II.1")).toContain("Nhiệm vụ II.1");

      // Reopened: the next tick reminds of it again.
      expect(await ask(admin, "/plan", "reopen 172")).toContain("Đã mở lại kế hoạch 172");
      h.setNow("2026-12-24T02:00:00Z");
      await h.service.tick();
      await h.settle();
      const after = await remindersOf("172");
      expect((after.sent ?? 0) + (after.skipped ?? 0)).toBeGreaterThan(0);
    });
  });
});
