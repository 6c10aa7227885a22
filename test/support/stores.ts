import { randomBytes } from "node:crypto";
import path from "node:path";
import { inject } from "vitest";
import type { StoreConfig } from "../../src/store/database.js";
import { tempDir } from "../helpers/corpus.js";

/**
 * The store backends every store test runs against: `describe.each(BACKENDS)`. Each `config()` is a
 * fresh, empty store: a new SQLite file, or a new schema on the run's PostgreSQL server.
 */

export interface Backend {
  name: "sqlite" | "postgres";
  /** Only with SITREP_TEST_POSTGRES=off (reported by the global setup), never silently. */
  skip: boolean;
  config(): StoreConfig;
  /** Another handle on the same store as `config` (a second process). */
  same(config: StoreConfig): StoreConfig;
}

const postgresUrl = inject("postgresUrl");

export const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    skip: false,
    config: () => ({ file: path.join(tempDir(), "data", "sitrep.db") }),
    same: (config) => ({ ...config }),
  },
  {
    name: "postgres",
    skip: postgresUrl === null,
    config: () => ({ databaseUrl: postgresUrl, pgSchema: `t_${randomBytes(6).toString("hex")}` }),
    same: (config) => ({ ...config }),
  },
];

export const POSTGRES_URL = postgresUrl;
