import type { TestProject } from "vitest/node";
import { OPT_OUT_VARIABLE, startPostgres } from "./postgres.js";

/**
 * Vitest global setup: one PostgreSQL server for the whole run, its URL handed to the tests as
 * inject("postgresUrl"). If it cannot start, the run fails here, loudly; only SITREP_TEST_POSTGRES=off
 * runs without it, and says so.
 */

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env[OPT_OUT_VARIABLE] === "off") {
    process.stderr.write(
      `\n*** ${OPT_OUT_VARIABLE}=off: the PostgreSQL store tests are SKIPPED in this run (SQLite only). ***\n\n`,
    );
    project.provide("postgresUrl", null);
    return async () => undefined;
  }
  const server = await startPostgres();
  project.provide("postgresUrl", server.url);
  return () => server.stop();
}
