/** What the bot's features are built from (composition happens in main.ts). */
import type { Config } from "../config.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services/index.js";
import type { UpdateJournal } from "../services/runtime/update-journal.js";

export interface BotDeps {
  /** the services with the database, the clock and the time zone bound in (`createServices`) */
  services: Services;
  /** for the bot's own bookkeeping (handled updates, the answer throttle) */
  clock: Clock;
  config: Config;
  logger: Logger;
  /** the bot's username, for invite links (`https://t.me/<username>?start=<code>`) */
  botUsername: () => string;
  /** where handled updates and message links are written (group commits in the service); by default, at once */
  journal?: UpdateJournal;
}

export type WiredDeps = BotDeps & { journal: UpdateJournal };
