import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The build for process tests, and one real PostgreSQL for the run (store tests run against it and SQLite).
    globalSetup: ["test/global-setup.ts", "test/support/postgres-setup.ts"],
    // `--coverage` (CI) prints a summary of what the tests run; it is a report, not a gate.
    coverage: { provider: "v8", include: ["src/**", "commands/**"], reporter: ["text-summary"] },
    // Vitest's default on a 2-core machine is one worker (cores − 1), which ran the files one after
    // another; the process and end-to-end files spend most of their time waiting on child processes
    // and schedules, so two workers overlap them. Each store test takes its own schema or file.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
