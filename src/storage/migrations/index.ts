/** Migrations registered in code, in order (STYLE.md §5): never read from the file system. */
import type { Migration, MigrationProvider } from "kysely";
import * as initial from "./0001-initial.js";
import * as botMessages from "./0002-bot-messages.js";
import * as delivery from "./0003-delivery.js";
import * as planning from "./0004-planning.js";
import * as statusCounts from "./0005-status-counts.js";
import * as registryLifecycle from "./0006-registry-lifecycle.js";
import * as planUploads from "./0007-plan-uploads.js";
import * as webSessions from "./0008-web-sessions.js";
import * as planCodesStatus from "./0009-plan-codes-status.js";
import * as leases from "./0010-leases.js";

const migrations: Record<string, Migration> = {
  "0001-initial": initial,
  "0002-bot-messages": botMessages,
  "0003-delivery": delivery,
  "0004-planning": planning,
  "0005-status-counts": statusCounts,
  "0006-registry-lifecycle": registryLifecycle,
  "0007-plan-uploads": planUploads,
  "0008-web-sessions": webSessions,
  "0009-plan-codes-status": planCodesStatus,
  "0010-leases": leases,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
