// src/store: the shared store (SQLite or PostgreSQL through Kysely), its migrations and locks.
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type RawBuilder, sql, SqliteDialect } from "kysely";
import pg from "pg";
import { StoreError } from "./errors.js";
import { acquireLock, type FileLock } from "./lock.js";
import { migrate, schemaVersion } from "./migrations.js";
import type { Tables } from "./tables.js";

/**
 * The shared store: SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set. Both are
 * reached through Kysely, so the queries and the migrations are written once. SQLite serves one
 * process (a lock file keeps a second out); PostgreSQL serves any number.
 */

export const DB_FILE = "sitrep.db";
export const LOCK_FILE = "sitrep.lock";

export type Dialect = "sqlite" | "postgres";

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; absent or empty, SQLite at `file` or DATA_DIR/sitrep.db. */
  databaseUrl?: string | null;
  dataDir?: string | null;
  /** SQLite file, instead of DATA_DIR/sitrep.db (tests). */
  file?: string | null;
  /** PostgreSQL schema to use (created if missing); tests give each store its own. Default: public. */
  pgSchema?: string | null;
  /** Connections in the PostgreSQL pool. Default 10. */
  poolSize?: number;
  /** Longest any one statement may run (ms). Default 15 s. */
  statementTimeoutMs?: number;
  /** For tests: stop after this schema version (simulates an older Sitrep). */
  targetVersion?: number;
}

export interface WriteCheck {
  writable: boolean;
  /** Why not, for people. */
  problem: string | null;
  checkedAt: number;
}

const CONNECT_TIMEOUT_MS = 5_000;
/** pg_advisory_lock key held while migrating ("SITR" + 0). */
export const MIGRATION_LOCK_KEY = 0x53_49_54_52_00;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** BIGINT columns hold epoch ms and counters, all below 2^53: read them back as numbers. */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary"): unknown => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export class SitrepDatabase {
  /** The PostgreSQL pool (null on SQLite): for advisory locks and LISTEN/NOTIFY beside the store. */
  readonly pool: pg.Pool | null;
  private closed = false;
  private lastCheck: WriteCheck = { writable: true, problem: null, checkedAt: 0 };

  private constructor(
    readonly db: Kysely<Tables>,
    /** PostgreSQL's schema holding the tables (null on SQLite). */
    readonly schema: string | null,
    readonly dialect: Dialect,
    /** Where it is, for messages: the SQLite file or the PostgreSQL host/database (no password). */
    readonly location: string,
    pool: pg.Pool | null,
    private readonly lock: FileLock | null,
  ) {
    this.pool = pool;
  }

  /** Opens the store the configuration names and brings its schema up to date. */
  static async open(config: StoreConfig): Promise<SitrepDatabase> {
    const url = config.databaseUrl?.trim();
    if (url) return SitrepDatabase.openPostgres(url, config);
    const file = config.file ?? (config.dataDir ? path.join(config.dataDir, DB_FILE) : null);
    if (!file) throw new StoreError("No database given: set DATABASE_URL, or DATA_DIR for SQLite.");
    return SitrepDatabase.openSqlite(file, config);
  }

  private static async openSqlite(file: string, config: StoreConfig): Promise<SitrepDatabase> {
    mkdirSync(path.dirname(file), { recursive: true });
    const lock = acquireLock(path.join(path.dirname(file), LOCK_FILE), `The database ${file}`);
    let native: SQLite.Database | null = null;
    try {
      refuseEmptyFile(file);
      native = new SQLite(file);
      native.pragma("journal_mode = WAL");
      // FULL: a delivery marked in the log must survive a power cut, or a post could repeat.
      native.pragma("synchronous = FULL");
      native.pragma("foreign_keys = ON");
      native.pragma("busy_timeout = 5000");
      const legacyVersion = native.pragma("user_version", { simple: true }) as number;
      const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: native }) });
      const store = new SitrepDatabase(db, null, "sqlite", file, null, lock);
      try {
        await migrate(db as Kysely<unknown>, { legacyVersion, ...optionalTarget(config) });
        // What an older Sitrep (before the Migrator) reads to refuse a database newer than itself.
        native.pragma(`user_version = ${await schemaVersion(db as Kysely<unknown>)}`);
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    } catch (error) {
      if (native?.open) native.close();
      lock.release();
      throw error instanceof StoreError
        ? error
        : new StoreError(`Could not open ${file}: ${messageOf(error)}`, { cause: error });
    }
  }

  private static async openPostgres(url: string, config: StoreConfig): Promise<SitrepDatabase> {
    const schema = config.pgSchema ?? null;
    if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw new StoreError(`PostgreSQL schema name "${schema}" must be lower-case letters, digits and _.`);
    }
    const statementTimeout = config.statementTimeoutMs ?? 15_000;
    const pool = new pg.Pool({
      connectionString: url,
      max: config.poolSize ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // Server side, every statement and any transaction left idle; client side, a hung connection.
      statement_timeout: statementTimeout,
      idle_in_transaction_session_timeout: statementTimeout * 2,
      query_timeout: statementTimeout + 5_000,
      application_name: "sitrep",
      types: pgTypes,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    const location = describeUrl(url, schema);
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      if (schema) await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
      const current = await sql<{ schema: string | null }>`SELECT current_schema() AS schema`.execute(db);
      const inUse = current.rows[0]?.schema;
      if (!inUse)
        throw new StoreError(`PostgreSQL at ${location} has no schema on its search_path to create tables in.`);
      // Processes starting together on a new database would race to create the same tables:
      // one connection holds a session advisory lock while it migrates, the others wait for it.
      await db.connection().execute(async (connection) => {
        await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
        try {
          await migrate(connection as Kysely<unknown>, { ...optionalTarget(config), schema: inUse });
        } finally {
          await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
        }
      });
      return new SitrepDatabase(db, inUse, "postgres", location, pool, null);
    } catch (error) {
      await db.destroy();
      throw error instanceof StoreError
        ? error
        : new StoreError(`Could not open PostgreSQL at ${location}: ${messageOf(error)}`, { cause: error });
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async schemaVersion(): Promise<number> {
    return schemaVersion(this.db as Kysely<unknown>, this.schema);
  }

  /**
   * Writes a row to find out whether the store takes writes: a read-only file or role would
   * otherwise look healthy while every digest run fails.
   */
  async checkWritable(now: number): Promise<WriteCheck> {
    try {
      await this.db
        .insertInto("store_meta")
        .values({ name: "write_check", value: String(process.pid), updated_at: now })
        .onConflict((oc) => oc.column("name").doUpdateSet({ value: String(process.pid), updated_at: now }))
        .execute();
      this.lastCheck = { writable: true, problem: null, checkedAt: now };
    } catch (error) {
      this.lastCheck = {
        writable: false,
        problem: `The database at ${this.location} does not take writes (${messageOf(error)}); digests cannot be recorded.`,
        checkedAt: now,
      };
    }
    return this.lastCheck;
  }

  /** The result of the last checkWritable (writable until checked). */
  get writeCheck(): WriteCheck {
    return this.lastCheck;
  }

  /** `GREATEST(a, b)`: SQLite spells it MAX with two arguments. */
  greatest(a: RawBuilder<unknown>, b: unknown): RawBuilder<number> {
    return this.dialect === "postgres" ? sql<number>`GREATEST(${a}, ${b})` : sql<number>`MAX(${a}, ${b})`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // Kysely ends the pool (PostgreSQL) or closes the file (SQLite).
      await this.db.destroy();
    } finally {
      this.lock?.release();
    }
  }
}

/**
 * A database file of 0 bytes would be taken by SQLite as a new, empty database: every subscription
 * gone without a word. A crash cannot make one (SQLite writes the header first), so it is a
 * truncation or a bad copy: refuse it and say how to go on.
 */
function refuseEmptyFile(file: string): void {
  if (!existsSync(file) || statSync(file).size > 0) return;
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) return;
  throw new StoreError(
    `The database ${file} is empty (0 bytes): it was truncated or badly copied, and opening it would start ` +
      `over with no subscriptions. Restore it from a backup, or delete it to start afresh on purpose.`,
  );
}

function optionalTarget(config: StoreConfig): { target?: number } {
  return config.targetVersion === undefined ? {} : { target: config.targetVersion };
}

function describeUrl(url: string, schema: string | null): string {
  try {
    const parsed = new URL(url);
    return `postgres://${parsed.host}${parsed.pathname}${schema ? ` (schema ${schema})` : ""}`;
  } catch {
    return "the PostgreSQL server in DATABASE_URL";
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
