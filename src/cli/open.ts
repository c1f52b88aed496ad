/** Opens the app for a CLI command, turning configuration problems into a CliError. */
import { openApp, type App } from "../app.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { isWithinDateWindow } from "../domain/local-date.js";
import type { CliContext } from "./context.js";
import { CliError } from "./context.js";
import { cliTexts } from "./texts.js";

/** The configuration, or a CliError listing every bad variable. */
export function loadCliConfig(context: CliContext): Config {
  try {
    return loadConfig(context.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(cliTexts.configProblem(error.problems.map((p) => `  - ${p}`).join("\n")));
    throw error;
  }
}

export async function openCliApp(context: CliContext): Promise<App> {
  return openApp(loadCliConfig(context), context.clock, { actor: "cli", registryFile: context.registryFile });
}

export async function withApp<T>(context: CliContext, work: (app: App) => Promise<T>): Promise<T> {
  const app = await openCliApp(context);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/**
 * An ISO-8601 instant with its offset ("2026-11-30T08:00:00+07:00", "…Z"). Without one the
 * server's own zone would decide, and outside DATE_WINDOW date code breaks (a pass "in year
 * 9999" would plan cycles no later pass can use), so both are refused (an invalid Date).
 */
export function parseInstant(text: string): Date {
  const instant = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim()) ? new Date(text) : new Date(Number.NaN);
  return Number.isNaN(instant.getTime()) || !isWithinDateWindow(instant.toISOString().slice(0, 10)) ? new Date(Number.NaN) : instant;
}
