import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import { StoreError } from "./errors.js";
import { twinKey } from "./tables.js";

/**
 * One schema for SQLite and PostgreSQL, written with Kysely's schema builder so each dialect gets
 * its own DDL from the same source. Kysely's Migrator records what ran (table kysely_migration) and,
 * on PostgreSQL, takes a lock so that processes starting together migrate once.
 *
 * Append only: a released migration never changes, databases in the wild were made by it.
 */

/** Migrations touch only the schema, never typed rows, so they see the database untyped. */
type AnyDatabase = Kysely<unknown>;

const v1: Migration = {
  async up(db: AnyDatabase) {
    await db.schema
      .createTable("subscriptions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("guild_id", "text")
      .addColumn("channel_id", "text", (c) => c.notNull())
      .addColumn("schedule", "text", (c) => c.notNull())
      .addColumn("timezone", "text", (c) => c.notNull().defaultTo("UTC"))
      .addColumn("topic", "text")
      .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_run_at", "bigint")
      .addColumn("last_post_at", "bigint")
      .addColumn("covered_seq", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("covered_until", "bigint", (c) => c.notNull())
      .addCheckConstraint("subscriptions_status", sql`status IN ('active', 'paused')`)
      .execute();
    await db.schema
      .createIndex("subscriptions_scope")
      .on("subscriptions")
      .columns(["guild_id", "channel_id"])
      .execute();
    await db.schema
      .createTable("deliveries")
      .addColumn("subscription_id", "text", (c) => c.notNull().references("subscriptions.id").onDelete("cascade"))
      .addColumn("scheduled_at", "bigint", (c) => c.notNull())
      .addColumn("covered_from", "bigint", (c) => c.notNull())
      .addColumn("covered_to", "bigint", (c) => c.notNull())
      .addColumn("seq_from", "bigint", (c) => c.notNull())
      .addColumn("seq_to", "bigint", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("message_ids", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("error", "text")
      .addColumn("recorded_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("deliveries_run", ["subscription_id", "scheduled_at"])
      .addCheckConstraint("deliveries_status", sql`status IN ('recorded', 'delivered', 'skipped', 'failed')`)
      .execute();
    await db.schema
      .createTable("reports_seen")
      .addColumn("report_id", "text", (c) => c.primaryKey())
      .addColumn("content_hash", "text", (c) => c.notNull())
      .addColumn("first_seen_at", "bigint", (c) => c.notNull())
      .addColumn("seen_seq", "bigint", (c) => c.notNull())
      .addColumn("changed_at", "bigint")
      .addColumn("removed_at", "bigint")
      .execute();
    await db.schema.createIndex("reports_seen_seq").on("reports_seen").column("seen_seq").execute();
  },
};

const v2: Migration = {
  async up(db: AnyDatabase) {
    await db.schema.alterTable("subscriptions").addColumn("paused_reason", "text").execute();
    await db.schema.alterTable("subscriptions").addColumn("paused_at", "bigint").execute();
    await sql`UPDATE subscriptions
      SET paused_reason = 'Paused before Sitrep recorded reasons.', paused_at = created_at
      WHERE status = 'paused'`.execute(db);
    await db.schema
      .alterTable("deliveries")
      .addColumn("missed_runs", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex("deliveries_pending")
      .on("deliveries")
      .column("subscription_id")
      .where(sql.ref("status"), "=", "recorded")
      .execute();
    await db.schema.createIndex("reports_seen_hash").on("reports_seen").column("content_hash").execute();
  },
};

const v3: Migration = {
  async up(db: AnyDatabase) {
    await db.schema.alterTable("subscriptions").addColumn("twin_key", "text").execute();
    // The order subscriptions were made in, for lists: PostgreSQL has no rowid to fall back on.
    await db.schema.alterTable("subscriptions").addColumn("created_order", "bigint").execute();
    // Databases from before this check may hold twins already (two processes subscribed at once):
    // the oldest keeps the key, the others stay as they are and keep running.
    const { rows } = await sql<{
      id: string;
      channel_id: string;
      schedule: string;
      timezone: string;
      topic: string | null;
    }>`SELECT id, channel_id, schedule, timezone, topic FROM subscriptions ORDER BY created_at, id`.execute(db);
    const taken = new Set<string>();
    for (const [order, row] of rows.entries()) {
      const key = twinKey(row);
      const twin = taken.has(key);
      taken.add(key);
      await sql`UPDATE subscriptions SET twin_key = ${twin ? null : key}, created_order = ${order + 1}
        WHERE id = ${row.id}`.execute(db);
    }
    await db.schema.createIndex("subscriptions_twins").on("subscriptions").column("twin_key").unique().execute();
    await db.schema.alterTable("deliveries").addColumn("claimed_by", "text").execute();
    await db.schema.alterTable("deliveries").addColumn("lease_until", "bigint").execute();
    await db.schema
      .createTable("button_states")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("saved_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("button_states_age").on("button_states").column("saved_at").execute();
    await db.schema
      .createTable("store_meta")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};

/** In order; the position (from 1) is the schema version. */
export const MIGRATIONS: readonly (readonly [name: string, migration: Migration])[] = [
  ["0001-subscriptions-deliveries-seen", v1],
  ["0002-pause-reasons-missed-runs", v2],
  ["0003-claims-twins-button-states", v3],
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const provider = (target: number): MigrationProvider => ({
  getMigrations: () => Promise.resolve(Object.fromEntries(MIGRATIONS.slice(0, target))),
});

/**
 * `schema`: PostgreSQL's schema for the Migrator's own tables (the connection's current schema).
 * Kysely looks for them among every schema's tables unless told which.
 */
function migrator(db: AnyDatabase, target: number, schema: string | null): Migrator {
  return new Migrator({ db, provider: provider(target), ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** The version a database is at: how many of our migrations it has run. */
export async function schemaVersion(db: AnyDatabase, schema: string | null = null): Promise<number> {
  const migrator_ = migrator(db, SCHEMA_VERSION, schema);
  const done = (await migrator_.getMigrations()).filter((m) => m.executedAt !== undefined);
  return done.length;
}

/**
 * Brings the schema to `target` (default: the latest). A SQLite database made before the Migrator
 * counted its versions in `PRAGMA user_version`; those are adopted first, so nothing runs twice.
 */
export async function migrate(
  db: AnyDatabase,
  options: { target?: number; legacyVersion?: number; schema?: string | null } = {},
): Promise<void> {
  const target = options.target ?? SCHEMA_VERSION;
  const schema = options.schema ?? null;
  await refuseNewer(db, schema);
  if (options.legacyVersion) await adoptLegacyVersion(db, options.legacyVersion);
  const { error, results } = await migrator(db, target, schema).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new StoreError(
      `Could not bring the database schema up to date (migration ${failed}): ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

async function refuseNewer(db: AnyDatabase, schema: string | null): Promise<void> {
  const known = new Set(MIGRATIONS.map(([name]) => name));
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === "kysely_migration" && (schema === null || t.schema === schema))) return;
  const table = sql.table(schema ? `${schema}.kysely_migration` : "kysely_migration");
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(db);
  const unknown = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      `The database was written by a newer Sitrep (it has run migration ${unknown.join(", ")}, which this ` +
        `version does not know; it knows up to schema version ${SCHEMA_VERSION}). Upgrade Sitrep, or point ` +
        `DATA_DIR or DATABASE_URL elsewhere.`,
    );
  }
}

/** Marks migrations 1..version as run, in the Migrator's own table (same DDL as Kysely's). */
async function adoptLegacyVersion(db: AnyDatabase, version: number): Promise<void> {
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `The database was written by a newer Sitrep (schema version ${version}; this version knows up to ` +
        `${SCHEMA_VERSION}). Upgrade Sitrep or point DATA_DIR elsewhere.`,
    );
  }
  await db.schema
    .createTable("kysely_migration")
    .ifNotExists()
    .addColumn("name", "varchar(255)", (c) => c.notNull().primaryKey())
    .addColumn("timestamp", "varchar(255)", (c) => c.notNull())
    .execute();
  const at = new Date().toISOString();
  for (const [name] of MIGRATIONS.slice(0, version)) {
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, ${at}) ON CONFLICT (name) DO NOTHING`.execute(
      db,
    );
  }
}
