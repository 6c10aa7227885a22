import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One real PostgreSQL for the run (the store tests run against it and SQLite).
    globalSetup: ["test/support/postgres-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
