import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The build for process tests, and one real PostgreSQL for the run (store tests run against it and SQLite).
    globalSetup: ["test/global-setup.ts", "test/support/postgres-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
