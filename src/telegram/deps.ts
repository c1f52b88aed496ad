/** What the bot's features are built from (composition happens in main.ts). */
import type { Config } from "../config.js";
import type { Clock } from "../domain/clock.js";
import { localDateOf } from "../domain/local-date.js";
import type { Logger } from "../logger.js";
import type { AgencyMatcher } from "../plan/agency-matcher.js";
import type { UpdateJournal } from "../services/update-journal.js";
import type { Db } from "../storage/database.js";

export interface BotDeps {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  matcher: AgencyMatcher;
  /** the bot's username, for invite links (`https://t.me/<username>?start=<code>`) */
  botUsername: () => string;
  /** where handled updates and message links are written (group commits in the service); by default, at once */
  journal?: UpdateJournal;
}

export type WiredDeps = BotDeps & { journal: UpdateJournal };

export function todayOf(deps: Pick<BotDeps, "clock" | "config">): string {
  return localDateOf(deps.clock.now(), deps.config.timeZone);
}
