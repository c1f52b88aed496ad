/**
 * Debian's Chromium driven by playwright-core (no browser downloads exist here). Where it is
 * missing, browser tests skip with a printed reason on a newcomer's machine, and fail in CI
 * (CI=true), where `.ci/run` installs it.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return isExecutableFile(chromiumPath) ? null : `no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export const inCi = process.env.CI === "true";

/** Flags for a root user on a machine with a closed network (no sandbox, no background fetches). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

/** Where the test run writes its screenshots (git-ignored). */
export function screenshotDir(): string {
  const dir = resolve("test-output", "screenshots");
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const screenshotPath = (name: string) => join(screenshotDir(), `${name}.png`);
