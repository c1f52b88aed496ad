/**
 * The data of the multi-instance benchmark, built with the project's own services (registry
 * seed, plan import from a plan document, invites, message links), on either store:
 *
 *  - plan A (QĐ 901): one task per agency, due in 60 days (nothing of it is due during the
 *    run); every officer has a task card for their agency's task, which their replies answer;
 *  - plan B (QĐ 902), imported while the instances run: one task per agency due 7 days after a
 *    recent working day, so that its d7 stage is due now and 24 h have not passed: every officer
 *    gets one reminder at the leader's next tick, all at once.
 *
 * The services run against the real clock, as the instances do (they are plain `node
 * dist/main.js`): the stage's hour is chosen (REMINDER_TIME, given to the instances too) so
 * that the stage lies in the past but within the 24-hour catch-up window, whatever the time of
 * day. When no working day is near enough (a Sunday afternoon, the middle of Tết) there is no
 * such stage, and the burst part says why instead of running.
 */
import { TZDate } from "@date-fns/tz";
import type { Telegram } from "telegraf";
import { bundledFiles } from "../../src/app.js";
import { localDateOf } from "../../src/domain/local-date.js";
import { catchUpWindowMs, decideStages, defaultLadder, ladderStages, shiftDate, stageInstant, type LadderConfig } from "../../src/domain/reminder-ladder.js";
import { createAgencyMatcher } from "../../src/plan/agency-matcher.js";
import { parsePlan } from "../../src/plan/parse-plan.js";
import type { AgencyRegistry } from "../../src/plan/types.js";
import { createInvite, redeemInvite } from "../../src/services/people/people.js";
import { readCalendarFile, readRegistryFile } from "../../src/services/plans/plan-files.js";
import { importPlan } from "../../src/services/plans/plan-import.js";
import { seedRegistry } from "../../src/services/registry/registry-seed.js";
import { linkBotMessage } from "../../src/services/replies/conversation.js";
import { listAgencyAssignments } from "../../src/services/status/agency-tasks.js";
import type { Db } from "../../src/storage/database.js";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
const USER_BASE = 870_000_000;
/** what plan B's reminders say, and nothing else the bot sends */
export const burstTaskText = "rà soát hồ sơ thủ tục hành chính đợt cuối năm";

export interface Officer {
  telegramUserId: number;
  agencyCode: string;
  cardMessageId: number;
}

const dmy = (date: string) => date.split("-").reverse().join("/");

function planDocument(code: number, title: string, registry: AgencyRegistry, agencies: number, task: string, dueOn: string): string {
  const tasks = registry.agencies.slice(0, agencies).map((a, i) => `${i + 1}. ${a.name} chủ trì ${task}, hoàn thành trước ngày ${dmy(dueOn)}.`);
  return ["KẾ HOẠCH", title, `(Kèm theo Quyết định số ${code}/QĐ-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Thanh Hóa)`, "I. NHIỆM VỤ", ...tasks, ""].join("\n");
}

async function importDocument(db: Db, registry: AgencyRegistry, document: string, name: string, now: Date, expectedTasks: number): Promise<void> {
  const parsed = parsePlan(document, createAgencyMatcher(registry), { fallbackCode: name });
  const report = await importPlan({ db, timeZone: TIME_ZONE }, parsed, { file: name, hash: name }, now, "bench");
  if (report.created.length !== expectedTasks || report.unregistered_agencies.length > 0)
    throw new Error(`${name}: ${report.created.length} tasks imported of ${expectedTasks}, unregistered ${report.unregistered_agencies.join(", ")}`);
}

export interface SeedOptions {
  agencies: number;
  officersPerAgency: number;
  /** sends a task card to a chat over the Bot API (the emulator), as the bot would */
  telegram: Telegram;
  /** makes an officer's private chat known to Telegram's side */
  knowChat: (telegramUserId: number, name: string) => void;
  now: Date;
}

/** Registry, plan A, officers (by invite) and their task cards. */
export async function seedFleet(db: Db, options: SeedOptions): Promise<{ officers: Officer[]; registry: AgencyRegistry }> {
  const { now } = options;
  const registry = await readRegistryFile(bundledFiles.registry);
  if (registry.agencies.length < options.agencies) throw new Error(`the bundled registry has ${registry.agencies.length} agencies, ${options.agencies} asked`);
  await seedRegistry(db, registry, now, "bench", TIME_ZONE);
  const today = localDateOf(now, TIME_ZONE);
  const planA = planDocument(901, "Báo cáo kết quả cải cách hành chính năm 2026", registry, options.agencies, "báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính", shiftDate(today, 60));
  await importDocument(db, registry, planA, "bench-plan-a.txt", now, options.agencies);
  const officers: Officer[] = [];
  for (let k = 0; k < options.officersPerAgency; k++) {
    for (const agency of registry.agencies.slice(0, options.agencies)) {
      const telegramUserId = USER_BASE + officers.length;
      const name = `Cán bộ ${agency.code} ${k + 1}`;
      options.knowChat(telegramUserId, name);
      const invite = await createInvite(db, { agencyCode: agency.code, role: "focal", createdBy: "bench", now });
      const person = await redeemInvite(db, invite.code, { telegramUserId, chatId: telegramUserId, displayName: name }, now);
      const item = (await listAgencyAssignments(db, person.agencyId!, today)).find((a) => a.role === "lead" && a.cycleId !== null);
      if (!item) throw new Error(`no lead cycle for ${agency.code}`);
      const card = await options.telegram.sendMessage(telegramUserId, `<b>${item.ref}</b> — ${item.text}`, { parse_mode: "HTML" });
      await linkBotMessage(db, { chatId: telegramUserId, messageId: card.message_id, cycleId: item.cycleId!, purpose: "card" }, now);
      officers.push({ telegramUserId, agencyCode: agency.code, cardMessageId: card.message_id });
    }
  }
  return { officers, registry };
}

export type BurstTiming = { ok: true; reminderTime: string; dueOn: string; stageAt: string } | { ok: false; reason: string };

/**
 * A due date whose d7 stage lies between now and `horizonMs` from now, already due and not yet
 * 24 h old, with REMINDER_TIME chosen for it: today at two minutes ago when today is a working
 * day, else the last working day at 23:59.
 */
export async function burstTiming(now: Date, horizonMs: number): Promise<BurstTiming> {
  const calendar = await readCalendarFile(bundledFiles.calendar);
  const today = localDateOf(now, TIME_ZONE);
  for (let back = 0; back <= 4; back++) {
    const day = shiftDate(today, -back);
    if (!calendar.isWorkingDay(day)) continue;
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    const local = back === 0 ? new TZDate(now.getTime() - 120_000, TIME_ZONE) : new TZDate(y, m - 1, d, 23, 59, 0, TIME_ZONE);
    if (localDateOf(local, TIME_ZONE) !== day) continue; // a few minutes past midnight: today has no earlier minute
    const ladder: LadderConfig = { ...defaultLadder, hour: local.getHours(), minute: local.getMinutes() };
    const stageAt = stageInstant(day, ladder, TIME_ZONE);
    if (now.getTime() + horizonMs - stageAt.getTime() >= catchUpWindowMs) break; // older days are older still
    const dueOn = shiftDate(day, 7);
    const sent = (at: Date) =>
      decideStages(ladderStages(dueOn, "once", ladder, calendar, { from: shiftDate(today, -10), until: localDateOf(at, TIME_ZONE) }), new Set(), at, ladder, TIME_ZONE)
        .filter((d) => d.decision === "send")
        .map((d) => d.stage.key);
    const key = `d7@${dueOn}`;
    if (sent(now).join() !== key || sent(new Date(now.getTime() + horizonMs)).join() !== key) continue;
    const hhmm = `${String(ladder.hour).padStart(2, "0")}:${String(ladder.minute).padStart(2, "0")}`;
    return { ok: true, reminderTime: hhmm, dueOn, stageAt: stageAt.toISOString() };
  }
  return {
    ok: false,
    reason: `no reminder stage can be due now and less than 24 h old: the last working day before ${today} (${TIME_ZONE}, seeds/calendar-vn.json) ended more than 24 h ago (weekend or holiday); run the bench on a working day or the day after one`,
  };
}

/** Plan B: one task per agency due on `dueOn`; the leader's next tick finds one reminder due for every officer. */
export async function importBurstPlan(db: Db, registry: AgencyRegistry, agencies: number, dueOn: string, now: Date): Promise<void> {
  const document = planDocument(902, "Rà soát thủ tục hành chính cuối năm 2026", registry, agencies, burstTaskText, dueOn);
  await importDocument(db, registry, document, "bench-plan-b.txt", now, agencies);
}
