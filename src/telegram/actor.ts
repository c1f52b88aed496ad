/** Who sent an update: their person record, and whether the configuration names them admin. */
import type { Actor } from "../domain/person.js";
import type { Db } from "../storage/database.js";
import { findPersonByTelegramId } from "../storage/people-repository.js";

export async function resolveActor(db: Db, telegramUserId: number, adminIds: readonly number[]): Promise<Actor> {
  return { telegramUserId, person: await findPersonByTelegramId(db, telegramUserId), isConfigAdmin: adminIds.includes(telegramUserId) };
}
