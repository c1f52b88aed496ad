/**
 * The bot's features, in the order their handlers run (telegram/feature.ts says what a feature
 * declares). The order matters where two look at the same update: the web feature's /status
 * hook runs before the coordinators' /status, and coordinators' documents are plan files
 * before officers' documents are status replies' evidence.
 */
import type { BotCommand } from "telegraf/types";
import { commandMenuFor, type Feature } from "../feature.js";
import { adminFeature } from "./admin.js";
import { coordinatorFeature } from "./coordinator.js";
import { exportFilesFeature } from "./export-files.js";
import { historyFeature } from "./history.js";
import { onboardingFeature } from "./onboarding.js";
import { planUploadFeature } from "./plan-upload.js";
import { registryFeature } from "./registry.js";
import { statusRepliesFeature } from "./status-replies.js";
import { tasksFeature } from "./tasks.js";
import { webFeature } from "./web.js";

export const features: readonly Feature[] = [
  onboardingFeature,
  tasksFeature,
  webFeature,
  coordinatorFeature,
  exportFilesFeature,
  historyFeature,
  adminFeature,
  registryFeature,
  planUploadFeature,
  statusRepliesFeature,
];

/** The menu everyone sees (focal officers, and strangers before they join): the bot's default. */
export const commandMenu: BotCommand[] = commandMenuFor(features, "focal");
