import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A real PostgreSQL for the store tests: the one CI gives, else a temporary cluster.
    globalSetup: ["./tests/support/pg-global-setup.ts"],
    // End-to-end tests start servers and child processes; two workers match CI's two cores.
    maxWorkers: 2,
    reporters: ["default", "./tests/support/summary-reporter.ts"],
  },
});
