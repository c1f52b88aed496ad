/** What coordinators' notices say, computed when they are sent so the numbers are current. */
import { addDaysToDate } from "../../domain/local-date.js";
import type { Digest, EscalationItem, ExtensionRequestInfo } from "../../domain/notice-kinds.js";
import type { Db } from "../../storage/database.js";
import { countPendingExtensions, findExtensionRequest } from "../../storage/extension-repository.js";
import { findLeadAgenciesWithoutFocal, findUnreachablePeople } from "../../storage/health-repository.js";
import { findCoordinatorIds, planNotice } from "../../storage/notice-repository.js";
import { findActivePlanCodes } from "../../storage/plan-catalog-repository.js";
import { findCycleLines } from "../../storage/status-repository.js";
import { withTaskLabels } from "../plans/plan-lifecycle.js";

export async function escalationItems(db: Db, cycleIds: number[], today: string): Promise<EscalationItem[]> {
  if (cycleIds.length === 0) return [];
  const lines = await findCycleLines(db, { today, status: "overdue", activePlans: true });
  const wanted = new Set(cycleIds);
  return lines.filter((l) => wanted.has(l.cycleId)).map((l) => ({ ref: l.label, agencyCode: l.agencyCode, agencyName: l.agencyName, due: l.due!, text: l.text }));
}

export const digestHorizonDays = 14;

export async function weeklyDigest(db: Db, today: string): Promise<Digest> {
  const overdue = await findCycleLines(db, { today, status: "overdue", activePlans: true });
  const byAgency = new Map<string, { code: string; name: string; count: number }>();
  for (const line of overdue) {
    const entry = byAgency.get(line.agencyCode) ?? { code: line.agencyCode, name: line.agencyName, count: 0 };
    entry.count++;
    byAgency.set(line.agencyCode, entry);
  }
  const soon = (await findCycleLines(db, { today, dueBetween: [today, addDaysToDate(today, digestHorizonDays)], activePlans: true })).filter((l) => l.status === "in_progress");
  const active = await findActivePlanCodes(db);
  const byPlan = new Map(active.map((plan) => [plan, { plan, overdue: 0, dueSoon: 0 }]));
  const planOf = (code: string) => byPlan.get(code) ?? byPlan.set(code, { plan: code, overdue: 0, dueSoon: 0 }).get(code)!;
  for (const line of overdue) planOf(line.planCode).overdue++;
  for (const line of soon) planOf(line.planCode).dueSoon++;
  const byTask = new Map<string, { ref: string; agencies: number; due: string }>();
  for (const line of soon) {
    const key = `${line.label}|${line.due}`;
    const entry = byTask.get(key) ?? { ref: line.label, agencies: 0, due: line.due! };
    entry.agencies++;
    byTask.set(key, entry);
  }
  const unreachable = await findUnreachablePeople(db);
  const withoutFocal = await findLeadAgenciesWithoutFocal(db);
  const pendingExtensions = await countPendingExtensions(db);
  return {
    date: today,
    overdueByAgency: [...byAgency.values()].sort((a, b) => b.count - a.count),
    byPlan: active.length > 1 ? [...byPlan.values()] : [],
    dueSoon: [...byTask.values()],
    unreachable: unreachable.map((p) => ({ name: p.name, agency: p.agencyName })),
    withoutFocal,
    pendingExtensions,
  };
}

export async function pendingExtension(db: Db, requestId: number): Promise<ExtensionRequestInfo | null> {
  const request = await findExtensionRequest(db, requestId);
  if (request?.state !== "pending") return null;
  const [labelled] = await withTaskLabels(db, [request]);
  const { requestId: id, ref, text, agencyName, requester, currentDue, proposedDue, reason } = labelled!;
  return { requestId: id, ref, text, agencyName, requester, currentDue, proposedDue, reason };
}

/**
 * An officer reported an obstacle (or that the deadline will be missed): every coordinator
 * hears of it once a day per cycle. The message, composed when sent, carries the latest
 * obstacle reported since, so a button press followed by its description is one alert.
 */
export async function announceObstacle(db: Db, cycleId: number, today: string, now: Date): Promise<void> {
  const at = now.toISOString();
  for (const personId of await findCoordinatorIds(db)) {
    await planNotice(db, { personId, key: `obstacle-${cycleId}-${today}`, kind: "obstacle", payload: { cycle: cycleId, since: at } }, at);
  }
}
