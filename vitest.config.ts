import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // one throwaway PostgreSQL server per run, started in the background (tests/support/postgres.ts)
    globalSetup: ["tests/support/postgres-setup.ts"],
  },
});
