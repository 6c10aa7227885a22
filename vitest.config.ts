import { defineConfig } from "vitest/config";

/**
 * Test files that get a process of their own: the bot end to end and the process-level tests (the
 * longest files, which run first), and the files that draw pictures in the test process: Vega-Lite
 * adds `Set.prototype.toJSON` to the realm it loads in, after which discord.js no longer loads there.
 * A file that mocks a module does too: in the shared workers the module is already loaded unmocked,
 * and the mock would reach the files after it.
 */
const OWN_PROCESS = [
  "test/bot/e2e.test.ts",
  "test/bot/digest-e2e.test.ts",
  "test/bot/busy-timeline.test.ts",
  "test/bot/main.test.ts",
  "test/bot/scale-*.test.ts",
  "test/cli.test.ts",
  "test/chart.test.ts",
  "test/corpus-parse-failure.test.ts",
];

/** What both projects share. */
const common = {
  // Deadlines for hung tests, not for speed: on a 2-core machine shared with other work, a test that
  // starts processes or runs a property over many corpora can take several times its idle time.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Removes the temporary folders a file's tests made outside a test (test/helpers/corpus.ts).
  setupFiles: ["test/support/temp-dirs.ts"],
};

export default defineConfig({
  test: {
    // The build for process tests, and one real PostgreSQL for the run (store tests run against it and SQLite).
    globalSetup: ["test/global-setup.ts", "test/support/postgres-setup.ts"],
    // `--coverage` (CI) prints a summary of what the tests run; it is a report, not a gate.
    coverage: { provider: "v8", include: ["src/**", "commands/**"], reporter: ["text-summary"] },
    // Vitest's default on a 2-core machine is one worker (cores − 1), which ran the files one after
    // another; the process and end-to-end files spend most of their time waiting on child processes
    // and schedules, so two workers overlap them. Each store test takes its own schema or file.
    maxWorkers: 2,
    projects: [
      { test: { ...common, name: "own-process", include: OWN_PROCESS } },
      {
        test: {
          ...common,
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: OWN_PROCESS,
          isolate: false,
          setupFiles: [...common.setupFiles, "test/support/shared-worker-guard.ts"],
        },
      },
    ],
  },
});
