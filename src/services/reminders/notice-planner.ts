/**
 * The notices the planner adds beside the reminder ladder: the coordinators' escalation on a
 * cycle's first overdue working day and their Monday digest, and the officers' monthly check-in
 * on undated tasks. Each is keyed (per person and day or month), so planning twice is a no-op.
 */
import { addDaysToInstant, dayOfWeek } from "../../domain/local-date.js";
import type { NoticePayload } from "../../domain/notice-kinds.js";
import { lookBackDays, shiftDate, stageInstant } from "../../domain/reminder-ladder.js";
import type { PlanningContext } from "../../domain/reminder-plan.js";
import type { Db } from "../../storage/database.js";
import { findFocalOfficersByAgency, findOpenCyclesDueBetween, findQuietUndatedCycles } from "../../storage/ledger-repository.js";
import { findCoordinatorIds, planNotice, planPendingExtensionNotices } from "../../storage/notice-repository.js";
import { readSetting, writeSetting } from "../../storage/planning-repository.js";

const checkInKey = "planner.checkin_month";
/** an undated task with nothing reported for this long is asked about */
const checkInAfterDays = 30;

/**
 * Undated tasks ("thường xuyên"): once a month, on the first working day the planner sees from
 * 08:00, each focal officer is asked about their agency's open undated tasks with nothing
 * reported (and not imported) in the last 30 days — one message for all of them.
 */
export async function planCheckIns(db: Db, context: PlanningContext, today: string): Promise<void> {
  const { now, timeZone, calendar, ladder } = context;
  const month = today.slice(0, 7);
  if (!calendar.isWorkingDay(today) || now < stageInstant(today, ladder, timeZone)) return;
  if ((await readSetting(db, checkInKey)) === month) return;
  const at = now.toISOString();
  const quietSince = addDaysToInstant(now, -checkInAfterDays).toISOString();
  const quiet = await findQuietUndatedCycles(db, quietSince);
  const byAgency = new Map<number, number[]>();
  for (const { cycleId, agencyId } of quiet) {
    const ids = byAgency.get(agencyId);
    if (ids) ids.push(cycleId);
    else byAgency.set(agencyId, [cycleId]);
  }
  const officers = await findFocalOfficersByAgency(db);
  for (const [agencyId, cycleIds] of byAgency) {
    for (const personId of officers.get(agencyId) ?? []) {
      await planNotice(db, { personId, key: `checkin-${month}`, kind: "checkin", payload: { cycles: cycleIds } }, at);
    }
  }
  await writeSetting(db, checkInKey, month);
}

/**
 * Coordinators hear of every cycle on its first overdue working day (one message a day for all
 * of them), and get a digest every Monday, both from 08:00 local. A coordinator who joins gets
 * the extension requests still pending at the next tick, whatever the hour.
 */
export async function planCoordinatorNotices(db: Db, context: PlanningContext, today: string): Promise<void> {
  const { now, timeZone, calendar, ladder } = context;
  await planPendingExtensionNotices(db, now.toISOString());
  if (now < stageInstant(today, ladder, timeZone)) return;
  const at = now.toISOString();
  const coordinators = await findCoordinatorIds(db);
  if (coordinators.length === 0) return;
  const notices: Array<{ key: string } & ({ kind: "escalation"; payload: NoticePayload<"escalation"> } | { kind: "digest"; payload: NoticePayload<"digest"> })> = [];
  // Cycles whose first overdue working day is today: due on the last working day or a holiday before it.
  const window = await findOpenCyclesDueBetween(db, shiftDate(today, -lookBackDays), today);
  const newlyOverdue = window.filter((c) => calendar.nextWorkingDay(shiftDate(c.due, 1)) === today).map((c) => c.cycleId);
  if (newlyOverdue.length > 0) notices.push({ key: `escalation-${today}`, kind: "escalation", payload: { cycles: newlyOverdue } });
  if (dayOfWeek(today) === 1) notices.push({ key: `digest-${today}`, kind: "digest", payload: { date: today } });
  for (const coordinator of coordinators) {
    for (const notice of notices) {
      await planNotice(db, { personId: coordinator, ...notice }, at);
    }
  }
}
