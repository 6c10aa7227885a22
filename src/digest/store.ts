import { randomInt } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * Digest state in SQLite (`DATA_DIR/sitrep.db`): subscriptions, the delivery log and when each
 * report was first seen. Synchronous on purpose: every state change is one short transaction, so a
 * crash leaves either the old state or the new one, never half of each.
 *
 * Time is stored as epoch milliseconds, for display and scheduling. What a digest covers is decided
 * by `seen_seq`, a counter that only ever grows, not by time: a clock set back an hour must not
 * hide reports first seen during that hour behind an already covered window.
 */

export const DB_FILE = "sitrep.db";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Append only: a released migration never changes, databases in the wild were made by it. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "subscriptions, delivery log, reports seen",
    sql: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        guild_id TEXT,
        channel_id TEXT NOT NULL,
        schedule TEXT NOT NULL,
        timezone TEXT NOT NULL DEFAULT 'UTC',
        topic TEXT,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_run_at INTEGER,
        last_post_at INTEGER,
        covered_seq INTEGER NOT NULL DEFAULT 0,
        covered_until INTEGER NOT NULL
      );
      CREATE INDEX subscriptions_scope ON subscriptions (guild_id, channel_id);
      CREATE TABLE deliveries (
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        scheduled_at INTEGER NOT NULL,
        covered_from INTEGER NOT NULL,
        covered_to INTEGER NOT NULL,
        seq_from INTEGER NOT NULL,
        seq_to INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('recorded', 'delivered', 'skipped', 'failed')),
        message_ids TEXT NOT NULL DEFAULT '[]',
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        recorded_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (subscription_id, scheduled_at)
      ) WITHOUT ROWID;
      CREATE TABLE reports_seen (
        report_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        seen_seq INTEGER NOT NULL,
        changed_at INTEGER,
        removed_at INTEGER
      );
      CREATE INDEX reports_seen_seq ON reports_seen (seen_seq);
    `,
  },
  {
    version: 2,
    description: "pause reasons, catch-up run counts, lookup indexes",
    sql: `
      ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT;
      ALTER TABLE subscriptions ADD COLUMN paused_at INTEGER;
      UPDATE subscriptions
        SET paused_reason = 'Paused before Sitrep recorded reasons.', paused_at = created_at
        WHERE status = 'paused';
      ALTER TABLE deliveries ADD COLUMN missed_runs INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX deliveries_pending ON deliveries (subscription_id) WHERE status = 'recorded';
      CREATE INDEX reports_seen_hash ON reports_seen (content_hash);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class StoreError extends Error {
  override name = "StoreError";
}

export type SubscriptionStatus = "active" | "paused";

export interface Subscription {
  /** Short and typeable, e.g. "k7dx". Unique across all servers. */
  id: string;
  /** Null for a DM. */
  guildId: string | null;
  channelId: string;
  /** Normalised schedule text, see schedule.ts. */
  schedule: string;
  timezone: string;
  topic: string | null;
  status: SubscriptionStatus;
  /** Why it is paused, worded for people ("Sitrep can no longer post in this channel …"). */
  pausedReason: string | null;
  pausedAt: number | null;
  createdBy: string;
  createdAt: number;
  /**
   * Scheduled runs at or before this time are done (posted, skipped, failed or merged into a
   * catch-up) or deliberately not run (while paused). Null until the first run.
   */
  lastRunAt: number | null;
  /** When a digest was last delivered. */
  lastPostAt: number | null;
  /** Reports with seen_seq <= coveredSeq were covered by a delivered or skipped digest. */
  coveredSeq: number;
  /** When that covered window ended; "new since" for people. */
  coveredUntil: number;
}

export type DeliveryStatus = "recorded" | "delivered" | "skipped" | "failed";

export interface Delivery {
  subscriptionId: string;
  /** The run's scheduled time; with the subscription id, the run's identity. */
  scheduledAt: number;
  coveredFrom: number;
  coveredTo: number;
  /** Reports with seqFrom < seen_seq <= seqTo. */
  seqFrom: number;
  seqTo: number;
  status: DeliveryStatus;
  messageIds: string[];
  attempts: number;
  error: string | null;
  /** Scheduled runs this one stands in for besides itself (a catch-up after downtime). */
  missedRuns: number;
  recordedAt: number;
  updatedAt: number;
}

export interface NewSubscription {
  guildId: string | null;
  channelId: string;
  schedule: string;
  timezone: string;
  topic: string | null;
  createdBy: string;
}

export interface SeenReport {
  id: string;
  contentHash: string;
}

/** What one corpus scan changed, as far as first-seen times are concerned. */
export interface SeenChanges {
  /** Reports seen for the first time: these are what digests announce. */
  added: string[];
  /** Same id, new content: not new, their first-seen time stays. */
  changed: string[];
  /** Gone from the corpus (kept in the table, marked removed). */
  removed: string[];
  /** A new id with the content of a removed report: a moved or renamed file, not new. */
  renamed: { from: string; to: string }[];
  /** Removed earlier and back now: not new. */
  restored: string[];
  /** The seen_seq given to `added`, or the current maximum when nothing was added. */
  seq: number;
}

interface SubscriptionRow {
  id: string;
  guild_id: string | null;
  channel_id: string;
  schedule: string;
  timezone: string;
  topic: string | null;
  status: SubscriptionStatus;
  paused_reason: string | null;
  paused_at: number | null;
  created_by: string;
  created_at: number;
  last_run_at: number | null;
  last_post_at: number | null;
  covered_seq: number;
  covered_until: number;
}

interface DeliveryRow {
  subscription_id: string;
  scheduled_at: number;
  covered_from: number;
  covered_to: number;
  seq_from: number;
  seq_to: number;
  status: DeliveryStatus;
  message_ids: string;
  attempts: number;
  error: string | null;
  missed_runs: number;
  recorded_at: number;
  updated_at: number;
}

interface SeenRow {
  report_id: string;
  content_hash: string;
  first_seen_at: number;
  seen_seq: number;
  changed_at: number | null;
  removed_at: number | null;
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    schedule: row.schedule,
    timezone: row.timezone,
    topic: row.topic,
    status: row.status,
    pausedReason: row.paused_reason,
    pausedAt: row.paused_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastRunAt: row.last_run_at,
    lastPostAt: row.last_post_at,
    coveredSeq: row.covered_seq,
    coveredUntil: row.covered_until,
  };
}

function parseIds(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

function toDelivery(row: DeliveryRow): Delivery {
  return {
    subscriptionId: row.subscription_id,
    scheduledAt: row.scheduled_at,
    coveredFrom: row.covered_from,
    coveredTo: row.covered_to,
    seqFrom: row.seq_from,
    seqTo: row.seq_to,
    status: row.status,
    messageIds: parseIds(row.message_ids),
    attempts: row.attempts,
    error: row.error,
    missedRuns: row.missed_runs,
    recordedAt: row.recorded_at,
    updatedAt: row.updated_at,
  };
}

/** Letters and digits that cannot be misread for one another (no 0/o, 1/l/i). */
const ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function randomId(length: number): string {
  let id = "";
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** "K7DX " → "k7dx": ids are typed by people. */
export function normaliseId(id: string): string {
  return id.trim().toLowerCase();
}

export interface OpenStoreOptions {
  /** For tests: stop after this schema version (simulates an older Sitrep). */
  targetVersion?: number;
}

export class DigestStore {
  readonly file: string;
  private readonly db: Database.Database;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
  }

  /** Opens (creating if needed) the database at `file` and brings its schema up to date. */
  static open(file: string, options: OpenStoreOptions = {}): DigestStore {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      // FULL: a delivery marked in the log must survive a power cut, or a post could repeat.
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
      migrate(db, options.targetVersion ?? SCHEMA_VERSION);
    } catch (error) {
      db.close();
      throw error;
    }
    return new DigestStore(file, db);
  }

  static openInDataDir(dataDir: string): DigestStore {
    return DigestStore.open(path.join(dataDir, DB_FILE));
  }

  get schemaVersion(): number {
    return this.db.pragma("user_version", { simple: true }) as number;
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // --- Subscriptions ----------------------------------------------------------------------------

  createSubscription(input: NewSubscription, now: number): Subscription {
    return this.db.transaction(() => {
      const taken = this.db.prepare("SELECT 1 FROM subscriptions WHERE id = ?");
      let id = randomId(4);
      for (let attempt = 0; taken.get(id); attempt++) id = randomId(attempt < 20 ? 4 : 6);
      // A new subscription starts from now: it announces what appears from here on, not the backlog.
      this.db
        .prepare(
          `INSERT INTO subscriptions
            (id, guild_id, channel_id, schedule, timezone, topic, status, created_by, created_at,
             covered_seq, covered_until)
           VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.guildId,
          input.channelId,
          input.schedule,
          input.timezone,
          input.topic,
          input.createdBy,
          now,
          this.maxSeenSeq(),
          now,
        );
      return this.getSubscription(id) as Subscription;
    })();
  }

  getSubscription(id: string): Subscription | null {
    const row = this.db.prepare("SELECT * FROM subscriptions WHERE id = ?").get(normaliseId(id)) as
      SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  /** Subscriptions, oldest first. `guildId: null` means DMs (then `channelId` picks one). */
  listSubscriptions(filter: { guildId?: string | null; channelId?: string; status?: SubscriptionStatus } = {}) {
    const where: string[] = [];
    const params: (string | null)[] = [];
    if (filter.guildId !== undefined) {
      if (filter.guildId === null) where.push("guild_id IS NULL");
      else {
        where.push("guild_id = ?");
        params.push(filter.guildId);
      }
    }
    if (filter.channelId !== undefined) {
      where.push("channel_id = ?");
      params.push(filter.channelId);
    }
    if (filter.status !== undefined) {
      where.push("status = ?");
      params.push(filter.status);
    }
    const sql = `SELECT * FROM subscriptions ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY created_at, rowid`;
    return (this.db.prepare(sql).all(...params) as SubscriptionRow[]).map(toSubscription);
  }

  deleteSubscription(id: string): boolean {
    return this.db.prepare("DELETE FROM subscriptions WHERE id = ?").run(normaliseId(id)).changes > 0;
  }

  pauseSubscription(id: string, reason: string, now: number): Subscription | null {
    this.db
      .prepare("UPDATE subscriptions SET status = 'paused', paused_reason = ?, paused_at = ? WHERE id = ?")
      .run(reason, now, normaliseId(id));
    return this.getSubscription(id);
  }

  /**
   * Active again. Runs scheduled while paused are not made up for; the reports of that time are not
   * lost either: the cursor did not move, so the next run covers them.
   */
  resumeSubscription(id: string, now: number): Subscription | null {
    this.db
      .prepare(
        `UPDATE subscriptions SET status = 'active', paused_reason = NULL, paused_at = NULL,
           last_run_at = MAX(COALESCE(last_run_at, 0), ?)
         WHERE id = ?`,
      )
      .run(now, normaliseId(id));
    return this.getSubscription(id);
  }

  // --- Delivery log -----------------------------------------------------------------------------

  /**
   * Records a run before anything is sent, and moves the subscription's run marker past it, in one
   * transaction. Returns null when this run (subscription, scheduled time) is already in the log:
   * whoever recorded it owns it. A "skipped" run also advances the covered cursor.
   */
  recordRun(
    run: Omit<Delivery, "messageIds" | "attempts" | "error" | "recordedAt" | "updatedAt" | "status"> & {
      status: "recorded" | "skipped";
    },
    now: number,
  ): Delivery | null {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO deliveries
            (subscription_id, scheduled_at, covered_from, covered_to, seq_from, seq_to, status, missed_runs,
             recorded_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (subscription_id, scheduled_at) DO NOTHING`,
        )
        .run(
          run.subscriptionId,
          run.scheduledAt,
          run.coveredFrom,
          run.coveredTo,
          run.seqFrom,
          run.seqTo,
          run.status,
          run.missedRuns,
          now,
          now,
        );
      if (inserted.changes === 0) return null;
      this.db
        .prepare("UPDATE subscriptions SET last_run_at = MAX(COALESCE(last_run_at, 0), ?) WHERE id = ?")
        .run(run.scheduledAt, run.subscriptionId);
      if (run.status === "skipped") this.advanceCursor(run.subscriptionId, run.seqTo, run.coveredTo);
      return this.getDelivery(run.subscriptionId, run.scheduledAt);
    })();
  }

  /** Counts an attempt before the transport is called: attempts > 0 means "may have been sent". */
  markAttempt(subscriptionId: string, scheduledAt: number, now: number): void {
    this.db
      .prepare(
        `UPDATE deliveries SET attempts = attempts + 1, updated_at = ?
         WHERE subscription_id = ? AND scheduled_at = ? AND status = 'recorded'`,
      )
      .run(now, subscriptionId, scheduledAt);
  }

  /** Sent: store the message ids and move the covered cursor, in one transaction. */
  markDelivered(subscriptionId: string, scheduledAt: number, messageIds: string[], now: number): boolean {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE deliveries SET status = 'delivered', message_ids = ?, error = NULL, updated_at = ?
           WHERE subscription_id = ? AND scheduled_at = ? AND status = 'recorded'`,
        )
        .run(JSON.stringify(messageIds), now, subscriptionId, scheduledAt).changes;
      if (changed === 0) return false;
      const run = this.getDelivery(subscriptionId, scheduledAt) as Delivery;
      this.advanceCursor(subscriptionId, run.seqTo, run.coveredTo);
      this.db.prepare("UPDATE subscriptions SET last_post_at = ? WHERE id = ?").run(now, subscriptionId);
      return true;
    })();
  }

  /**
   * Given up on. The cursor stays, so the next run covers these reports again; with `pauseReason`
   * the subscription is paused too (the channel is gone or closed to Sitrep).
   */
  markFailed(subscriptionId: string, scheduledAt: number, error: string, now: number, pauseReason?: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE deliveries SET status = 'failed', error = ?, updated_at = ?
           WHERE subscription_id = ? AND scheduled_at = ? AND status = 'recorded'`,
        )
        .run(error, now, subscriptionId, scheduledAt);
      if (pauseReason) this.pauseSubscription(subscriptionId, pauseReason, now);
    })();
  }

  /** Keeps a note of the latest error on a run that is still being retried. */
  noteError(subscriptionId: string, scheduledAt: number, error: string, now: number): void {
    this.db
      .prepare("UPDATE deliveries SET error = ?, updated_at = ? WHERE subscription_id = ? AND scheduled_at = ?")
      .run(error, now, subscriptionId, scheduledAt);
  }

  private advanceCursor(subscriptionId: string, seq: number, until: number): void {
    this.db
      .prepare(
        `UPDATE subscriptions SET covered_seq = MAX(covered_seq, ?),
           covered_until = CASE WHEN ? >= covered_seq THEN MAX(covered_until, ?) ELSE covered_until END
         WHERE id = ?`,
      )
      .run(seq, seq, until, subscriptionId);
  }

  getDelivery(subscriptionId: string, scheduledAt: number): Delivery | null {
    const row = this.db
      .prepare("SELECT * FROM deliveries WHERE subscription_id = ? AND scheduled_at = ?")
      .get(subscriptionId, scheduledAt) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }

  /** Runs recorded but not finished: a crash or a stop came between recording and marking. */
  pendingRuns(subscriptionId?: string): Delivery[] {
    const rows = subscriptionId
      ? this.db
          .prepare("SELECT * FROM deliveries WHERE status = 'recorded' AND subscription_id = ? ORDER BY scheduled_at")
          .all(subscriptionId)
      : this.db.prepare("SELECT * FROM deliveries WHERE status = 'recorded' ORDER BY scheduled_at").all();
    return (rows as DeliveryRow[]).map(toDelivery);
  }

  /** The delivery log of one subscription, newest first. */
  deliveries(subscriptionId: string, limit = 20): Delivery[] {
    const rows = this.db
      .prepare("SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY scheduled_at DESC LIMIT ?")
      .all(normaliseId(subscriptionId), limit) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  // --- Reports seen -----------------------------------------------------------------------------

  maxSeenSeq(): number {
    const row = this.db.prepare("SELECT MAX(seen_seq) AS seq FROM reports_seen").get() as { seq: number | null };
    return row.seq ?? 0;
  }

  /**
   * Records the reports of a corpus scan. First-seen is per report id: an edited report keeps its
   * first-seen time (a fixed typo is not news), a moved file (new id, content of a removed one)
   * inherits it, and a report removed and put back keeps it too.
   */
  recordSeen(reports: readonly SeenReport[], now: number): SeenChanges {
    return this.db.transaction((): SeenChanges => {
      const rows = this.db.prepare("SELECT * FROM reports_seen").all() as SeenRow[];
      const byId = new Map(rows.map((r) => [r.report_id, r]));
      const present = new Set(reports.map((r) => r.id));
      const changes: SeenChanges = { added: [], changed: [], removed: [], renamed: [], restored: [], seq: 0 };

      const markRemoved = this.db.prepare("UPDATE reports_seen SET removed_at = ? WHERE report_id = ?");
      const removedByHash = new Map<string, SeenRow>();
      for (const row of rows) {
        if (row.removed_at === null && !present.has(row.report_id)) {
          markRemoved.run(now, row.report_id);
          changes.removed.push(row.report_id);
          row.removed_at = now;
        }
        if (row.removed_at !== null && !present.has(row.report_id)) removedByHash.set(row.content_hash, row);
      }

      const nextSeq = this.maxSeenSeq() + 1;
      const insert = this.db.prepare(
        `INSERT INTO reports_seen (report_id, content_hash, first_seen_at, seen_seq, changed_at, removed_at)
         VALUES (?, ?, ?, ?, NULL, NULL)`,
      );
      const update = this.db.prepare(
        "UPDATE reports_seen SET content_hash = ?, changed_at = ?, removed_at = NULL WHERE report_id = ?",
      );
      for (const report of reports) {
        const row = byId.get(report.id);
        if (row) {
          const changed = row.content_hash !== report.contentHash;
          if (row.removed_at !== null) changes.restored.push(report.id);
          else if (changed) changes.changed.push(report.id);
          if (changed || row.removed_at !== null) {
            update.run(report.contentHash, changed ? now : row.changed_at, report.id);
          }
          continue;
        }
        const moved = removedByHash.get(report.contentHash);
        if (moved) {
          removedByHash.delete(report.contentHash);
          insert.run(report.id, report.contentHash, moved.first_seen_at, moved.seen_seq);
          changes.renamed.push({ from: moved.report_id, to: report.id });
          continue;
        }
        insert.run(report.id, report.contentHash, now, nextSeq);
        changes.added.push(report.id);
      }
      changes.seq = changes.added.length > 0 ? nextSeq : nextSeq - 1;
      return changes;
    })();
  }

  /** Ids of reports first seen after `afterSeq`, up to and including `uptoSeq`, removed ones included. */
  reportIdsSeenBetween(afterSeq: number, uptoSeq: number): string[] {
    const rows = this.db
      .prepare("SELECT report_id FROM reports_seen WHERE seen_seq > ? AND seen_seq <= ? ORDER BY seen_seq, report_id")
      .all(afterSeq, uptoSeq) as { report_id: string }[];
    return rows.map((r) => r.report_id);
  }

  /** Ids of reports first seen in (from, to] by the clock; for previews and people, not for runs. */
  reportIdsFirstSeenIn(from: number, to: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT report_id FROM reports_seen WHERE first_seen_at > ? AND first_seen_at <= ?
         ORDER BY seen_seq, report_id`,
      )
      .all(from, to) as { report_id: string }[];
    return rows.map((r) => r.report_id);
  }

  firstSeen(reportId: string): { firstSeenAt: number; seq: number; removedAt: number | null } | null {
    const row = this.db.prepare("SELECT * FROM reports_seen WHERE report_id = ?").get(reportId) as SeenRow | undefined;
    return row ? { firstSeenAt: row.first_seen_at, seq: row.seen_seq, removedAt: row.removed_at } : null;
  }
}

function migrate(db: Database.Database, target: number): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      `The digest database was written by a newer Sitrep (schema version ${current}; this version knows up to ` +
        `${SCHEMA_VERSION}). Upgrade Sitrep or point DATA_DIR elsewhere.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    // Each migration and its version bump commit together: a crash mid-way leaves the previous version.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
