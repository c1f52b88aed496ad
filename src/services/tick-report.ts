/** The tick's outcome in the words of DESIGN.md §6 (`tick --json`): who got what, what was skipped. */
import type { Db } from "../storage/database.js";
import type { TickReport } from "./tick.js";
import { cyclesWithAgencies } from "../storage/cycle-joins.js";

export interface TickLine {
  person: string;
  agency: string | null;
  ref: string | null;
  stage: string;
  due: string | null;
}

async function describeReminder(db: Db, cycleId: number, personId: number, stage: string): Promise<TickLine> {
  const row = await cyclesWithAgencies(db)
    .select(["tasks.ref", "agencies.code", "cycles.due_on"])
    .where("cycles.id", "=", cycleId)
    .executeTakeFirst();
  const person = await db.selectFrom("people").select("display_name").where("id", "=", personId).executeTakeFirst();
  return { person: person?.display_name ?? String(personId), agency: row?.code ?? null, ref: row?.ref ?? null, stage, due: row?.due_on ?? null };
}

export async function describeTick(db: Db, report: TickReport): Promise<{ at: string; sent: TickLine[]; skipped: TickLine[]; failed: Array<TickLine & { error: string }> }> {
  const sent: TickLine[] = [];
  const failed: Array<TickLine & { error: string }> = [];
  for (const line of report.delivered) {
    if (line.outcome !== "sent" && line.outcome !== "failed") continue;
    const described =
      line.table === "reminders"
        ? await (async () => {
            const r = await db.selectFrom("reminders").select(["cycle_id", "stage"]).where("id", "=", line.id).executeTakeFirstOrThrow();
            return describeReminder(db, r.cycle_id, line.personId, r.stage);
          })()
        : await (async () => {
            const n = await db.selectFrom("notices").select("kind").where("id", "=", line.id).executeTakeFirstOrThrow();
            const person = await db.selectFrom("people").leftJoin("agencies", "agencies.id", "people.agency_id").select(["people.display_name", "agencies.code"]).where("people.id", "=", line.personId).executeTakeFirst();
            return { person: person?.display_name ?? String(line.personId), agency: person?.code ?? null, ref: null, stage: n.kind, due: null };
          })();
    if (line.outcome === "sent") sent.push(described);
    else failed.push({ ...described, error: line.error ?? "" });
  }
  const skipped: TickLine[] = [];
  for (const line of report.planned.filter((p) => p.decision === "skip")) skipped.push(await describeReminder(db, line.cycleId, line.personId, line.stage));
  return { at: report.at, sent, skipped, failed };
}
