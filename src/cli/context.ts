/** What every CLI command is handed: where to write, the environment and the clock. */
import type { Clock } from "../domain/clock.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** a side note for the person at the terminal (stderr); `err` when not given */
  note?(text: string): void;
}

export interface CliContext {
  io: CliIo;
  env: Record<string, string | undefined>;
  clock: Clock;
  /** overrides `seeds/agencies.json` (tests) */
  registryFile?: string;
}

/**
 * The folder the user started the command from: npm runs scripts in the package root and names
 * the caller's folder in INIT_CWD. Relative output paths are taken from here.
 */
export function callerFolder(context: CliContext): string {
  return context.env.INIT_CWD || process.cwd();
}

/** A failure the user can act on; the CLI prints the message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
