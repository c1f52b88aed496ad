/** Finding a cycle in a test's database by what a person would name: the task's ref and the lead agency. */
import { cyclesWithAgencies } from "../../src/storage/cycle-joins.js";
import type { Db } from "../../src/storage/database.js";

export async function cycleIdOf(db: Db, ref: string, agencyCode: string, period?: string): Promise<number> {
  let query = cyclesWithAgencies(db).select("cycles.id").where("tasks.ref", "=", ref).where("agencies.code", "=", agencyCode).where("assignments.role", "=", "lead");
  if (period !== undefined) query = query.where("cycles.period", "=", period);
  return (await query.executeTakeFirstOrThrow()).id;
}
