/** The tick's outcome in the words of DESIGN.md §6 (`tick --json`): who got what, what was skipped. */
import type { Db } from "../../storage/database.js";
import type { TickOutcome } from "./tick.js";
import { findCycleLabel, findPersonLabel, getDeliveredRow } from "../../storage/delivery-repository.js";

export interface TickLine {
  person: string;
  agency: string | null;
  ref: string | null;
  stage: string;
  due: string | null;
}

async function describeReminder(db: Db, cycleId: number, personId: number, stage: string): Promise<TickLine> {
  const cycle = await findCycleLabel(db, cycleId);
  const person = await findPersonLabel(db, personId);
  return { person: person?.name ?? String(personId), agency: cycle?.agencyCode ?? null, ref: cycle?.ref ?? null, stage, due: cycle?.dueOn ?? null };
}

async function describeNotice(db: Db, personId: number, kind: string): Promise<TickLine> {
  const person = await findPersonLabel(db, personId);
  return { person: person?.name ?? String(personId), agency: person?.agencyCode ?? null, ref: null, stage: kind, due: null };
}

export async function describeTick(db: Db, report: TickOutcome): Promise<{ at: string; sent: TickLine[]; skipped: TickLine[]; failed: Array<TickLine & { error: string }> }> {
  const sent: TickLine[] = [];
  const failed: Array<TickLine & { error: string }> = [];
  for (const line of report.delivered) {
    if (line.outcome !== "sent" && line.outcome !== "failed") continue;
    const row = await getDeliveredRow(db, line.table, line.id);
    const described = row.table === "reminders" ? await describeReminder(db, row.cycleId, line.personId, row.stage) : await describeNotice(db, line.personId, row.kind);
    if (line.outcome === "sent") sent.push(described);
    else failed.push({ ...described, error: line.error ?? "" });
  }
  const skipped: TickLine[] = [];
  for (const line of report.planned.filter((p) => p.decision === "skip")) skipped.push(await describeReminder(db, line.cycleId, line.personId, line.stage));
  return { at: report.at, sent, skipped, failed };
}
