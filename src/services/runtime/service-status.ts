/**
 * What the running service says of itself, for `doctor` in another process: whether it reads
 * updates, since when, and why not. Written every few seconds while it runs, and once more when
 * it stops because it could not go on.
 */
import type { Db } from "../../storage/database.js";
import { readSetting, writeSetting } from "../../storage/planning-repository.js";

export interface ServiceStatus {
  mode: "polling" | "webhook";
  /** reading; not_reading (polling failing or silent); failed (stopped, and exited non-zero) */
  state: "reading" | "not_reading" | "failed";
  /** the last time updates were read (getUpdates answered, or a webhook request came) */
  read_at: string | null;
  error: string | null;
  /** when this was written */
  at: string;
}

const statusKey = "service.status";

export async function writeServiceStatus(db: Db, status: ServiceStatus): Promise<void> {
  await writeSetting(db, statusKey, JSON.stringify(status));
}

export async function readServiceStatus(db: Db): Promise<ServiceStatus | null> {
  const text = await readSetting(db, statusKey);
  if (text === null) return null;
  try {
    return JSON.parse(text) as ServiceStatus;
  } catch {
    return null;
  }
}
