import { randomInt } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { SitrepDatabase, type StoreConfig } from "../store/database.js";
import { type Tables, twinKey } from "../store/tables.js";
import { type Delivery, type Subscription, type SubscriptionStatus, toDelivery, toSubscription } from "./store-rows.js";

/**
 * Digest state: subscriptions, the delivery log and when each report was first seen, in the shared
 * store (SQLite by default, PostgreSQL with DATABASE_URL; see store/database.ts). Every state change
 * is one short transaction, so a crash leaves either the old state or the new one, never half of each.
 *
 * Time is stored as epoch milliseconds, for display and scheduling. What a digest covers is decided
 * by `seen_seq`, a counter that only ever grows, not by time: a clock set back an hour must not
 * hide reports first seen during that hour behind an already covered window.
 */

export { DB_FILE } from "../store/database.js";
export { StoreError } from "../store/errors.js";
export { SCHEMA_VERSION } from "../store/migrations.js";
export type { Delivery, DeliveryStatus, Subscription, SubscriptionStatus } from "./store-rows.js";

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

/** A run about to be recorded (the log's other fields start empty). */
export type NewRun = Omit<
  Delivery,
  "messageIds" | "attempts" | "error" | "recordedAt" | "updatedAt" | "status" | "claimedBy" | "leaseUntil"
> & { status: "recorded" | "skipped" };

/** Who holds a run and for how long: a scheduler's id and its lease length. */
export interface Claim {
  owner: string;
  leaseMs: number;
}

export type CreatedOrTwin = { created: true; subscription: Subscription } | { created: false; twin: Subscription };
export type CreateResult =
  | CreatedOrTwin
  /** The scope (server, or DM channel) already holds `inScope` subscriptions, the most allowed. */
  | { created: false; full: true; inScope: number };

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

/** Serialises first-sighting scans across PostgreSQL processes (pg_advisory_xact_lock key). */
const SEEN_LOCK_KEY = 0x53_49_54_01;
/** With a scope's hash, serialises subscribes to one server or DM across PostgreSQL processes. */
const SCOPE_LOCK_KEY = 0x53_49_54_02;

type Db = Kysely<Tables> | Transaction<Tables>;

export class DigestStore {
  readonly database: SitrepDatabase;
  private readonly db: Kysely<Tables>;
  private readonly ownsDatabase: boolean;

  constructor(database: SitrepDatabase, options: { ownsDatabase?: boolean } = {}) {
    this.database = database;
    this.db = database.db;
    this.ownsDatabase = options.ownsDatabase ?? false;
  }

  /** Opens (creating if needed) the store the configuration names; close() closes it. */
  static async open(config: StoreConfig): Promise<DigestStore> {
    return new DigestStore(await SitrepDatabase.open(config), { ownsDatabase: true });
  }

  /**
   * True when one process owns the store (SQLite, behind its lock file): a run recorded by anyone
   * else was left by a process that is gone, so its lease need not be waited out.
   */
  get exclusive(): boolean {
    return this.database.dialect === "sqlite";
  }

  get isOpen(): boolean {
    return this.database.isOpen;
  }

  schemaVersion(): Promise<number> {
    return this.database.schemaVersion();
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) await this.database.close();
  }

  // --- Subscriptions ----------------------------------------------------------------------------

  /**
   * A new subscription, unless its twin (same channel, schedule, zone and topic) exists: then that
   * one. The unique twin key decides, so two processes subscribing at once make one row. With
   * `maxInScope`, a server (or a DM) that already holds that many is refused; the count is taken
   * inside the insert's transaction, under a per-scope lock on PostgreSQL (SQLite runs one
   * transaction at a time), so subscribes at once cannot pass the limit together.
   */
  async createSubscription(input: NewSubscription, now: number): Promise<CreatedOrTwin>;
  async createSubscription(input: NewSubscription, now: number, limit: { maxInScope: number }): Promise<CreateResult>;
  async createSubscription(
    input: NewSubscription,
    now: number,
    limit: { maxInScope?: number } = {},
  ): Promise<CreateResult> {
    const key = twinKey({
      channel_id: input.channelId,
      schedule: input.schedule,
      timezone: input.timezone,
      topic: input.topic,
    });
    for (let attempt = 0; attempt < 40; attempt++) {
      const id = randomId(attempt < 20 ? 4 : 6);
      const result = await this.db.transaction().execute(async (trx) => {
        if (limit.maxInScope !== undefined) {
          const inScope = await this.countInScope(trx, input);
          if (inScope >= limit.maxInScope) return { created: false as const, full: true as const, inScope };
        }
        // A new subscription starts from now: it announces what appears from here on, not the backlog.
        const inserted = await trx
          .insertInto("subscriptions")
          .values({
            id,
            guild_id: input.guildId,
            channel_id: input.channelId,
            schedule: input.schedule,
            timezone: input.timezone,
            topic: input.topic,
            status: "active",
            created_by: input.createdBy,
            created_at: now,
            covered_seq: await maxSeenSeq(trx),
            covered_until: now,
            paused_reason: null,
            paused_at: null,
            last_run_at: null,
            last_post_at: null,
            twin_key: key,
            created_order: sql<number>`(SELECT COALESCE(MAX(created_order), 0) + 1 FROM subscriptions)`,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
          return { created: true as const, subscription: await getSubscription(trx, id) };
        }
        const twin = await trx.selectFrom("subscriptions").selectAll().where("twin_key", "=", key).executeTakeFirst();
        return twin ? { created: false as const, twin: toSubscription(twin) } : null;
      });
      if (result?.created === false) return result;
      if (result?.subscription) return { created: true, subscription: result.subscription };
      // Otherwise the random id was taken: draw another.
    }
    throw new Error("could not find a free subscription id");
  }

  /** Subscriptions in the input's scope: its server, or for a DM its channel. */
  private async countInScope(trx: Transaction<Tables>, input: NewSubscription): Promise<number> {
    const scope = input.guildId === null ? `dm:${input.channelId}` : `guild:${input.guildId}`;
    if (this.database.dialect === "postgres") {
      await sql`SELECT pg_advisory_xact_lock(${SCOPE_LOCK_KEY}, hashtext(${scope}))`.execute(trx);
    }
    let query = trx.selectFrom("subscriptions").select((eb) => eb.fn.countAll<number | string>().as("count"));
    query =
      input.guildId === null
        ? query.where("guild_id", "is", null).where("channel_id", "=", input.channelId)
        : query.where("guild_id", "=", input.guildId);
    const row = await query.executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  getSubscription(id: string): Promise<Subscription | null> {
    return getSubscription(this.db, normaliseId(id));
  }

  /** Subscriptions, oldest first. `guildId: null` means DMs (then `channelId` picks one). */
  async listSubscriptions(
    filter: { guildId?: string | null; channelId?: string; status?: SubscriptionStatus } = {},
  ): Promise<Subscription[]> {
    let query = this.db.selectFrom("subscriptions").selectAll();
    if (filter.guildId === null) query = query.where("guild_id", "is", null);
    else if (filter.guildId !== undefined) query = query.where("guild_id", "=", filter.guildId);
    if (filter.channelId !== undefined) query = query.where("channel_id", "=", filter.channelId);
    if (filter.status !== undefined) query = query.where("status", "=", filter.status);
    const rows = await query.orderBy("created_order").orderBy("created_at").orderBy("id").execute();
    return rows.map(toSubscription);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom("subscriptions").where("id", "=", normaliseId(id)).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async pauseSubscription(id: string, reason: string, now: number): Promise<Subscription | null> {
    await pause(this.db, normaliseId(id), reason, now);
    return this.getSubscription(id);
  }

  /**
   * Active again. Runs scheduled while paused are not made up for; the reports of that time are not
   * lost either: the cursor did not move, so the next run covers them.
   */
  async resumeSubscription(id: string, now: number): Promise<Subscription | null> {
    await this.db
      .updateTable("subscriptions")
      .set({
        status: "active",
        paused_reason: null,
        paused_at: null,
        last_run_at: this.database.greatest(sql`COALESCE(last_run_at, 0)`, now),
      })
      .where("id", "=", normaliseId(id))
      .execute();
    return this.getSubscription(id);
  }

  // --- Delivery log -----------------------------------------------------------------------------

  /**
   * Records a run before anything is sent, and moves the subscription's run marker past it, in one
   * transaction. Returns null when this run (subscription, scheduled time) is already in the log:
   * whoever recorded it owns it. A "skipped" run also advances the covered cursor. With `claim`,
   * the recorder holds the run's lease (see claimRun).
   */
  async recordRun(run: NewRun, now: number, claim: Claim | null = null): Promise<Delivery | null> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("deliveries")
        .values({
          subscription_id: run.subscriptionId,
          scheduled_at: run.scheduledAt,
          covered_from: run.coveredFrom,
          covered_to: run.coveredTo,
          seq_from: run.seqFrom,
          seq_to: run.seqTo,
          status: run.status,
          missed_runs: run.missedRuns,
          error: null,
          recorded_at: now,
          updated_at: now,
          claimed_by: claim?.owner ?? null,
          lease_until: claim ? now + claim.leaseMs : null,
        })
        .onConflict((oc) => oc.columns(["subscription_id", "scheduled_at"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) return null;
      await trx
        .updateTable("subscriptions")
        .set({
          last_run_at: this.database.greatest(sql`COALESCE(last_run_at, 0)`, run.scheduledAt),
          ...(run.status === "skipped" ? this.cursorAdvance(run.seqTo, run.coveredTo) : {}),
        })
        .where("id", "=", run.subscriptionId)
        .execute();
      return toDelivery(inserted);
    });
  }

  /**
   * Takes a "recorded" run over: granted when its lease has run out (its holder died or hung), when it
   * has none, or when `claim.owner` holds it already. With `ignoreLease` (an exclusive store, where
   * any other holder is a previous, dead process) the lease is not waited out.
   */
  async claimRun(
    subscriptionId: string,
    scheduledAt: number,
    claim: Claim,
    now: number,
    ignoreLease = false,
  ): Promise<Delivery | null> {
    let update = this.db
      .updateTable("deliveries")
      .set({ claimed_by: claim.owner, lease_until: now + claim.leaseMs })
      .where("subscription_id", "=", subscriptionId)
      .where("scheduled_at", "=", scheduledAt)
      .where("status", "=", "recorded");
    if (!ignoreLease) {
      update = update.where((eb) =>
        eb.or([
          eb("claimed_by", "is", null),
          eb("claimed_by", "=", claim.owner),
          eb("lease_until", "is", null),
          eb("lease_until", "<=", now),
        ]),
      );
    }
    const result = await update.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return null;
    return getDelivery(this.db, subscriptionId, scheduledAt);
  }

  /**
   * Counts an attempt before the transport is called (attempts > 0 means "may have been sent") and,
   * with `claim`, renews the lease. False when the run is no longer this claimant's to send (another
   * process took it over after the lease ran out, or it was finished): then nothing may be sent.
   */
  async markAttempt(subscriptionId: string, scheduledAt: number, now: number, claim: Claim | null = null) {
    let update = this.db
      .updateTable("deliveries")
      .set((eb) => ({
        attempts: eb("attempts", "+", 1),
        updated_at: now,
        ...(claim ? { lease_until: now + claim.leaseMs } : {}),
      }))
      .where("subscription_id", "=", subscriptionId)
      .where("scheduled_at", "=", scheduledAt)
      .where("status", "=", "recorded");
    if (claim) update = update.where("claimed_by", "=", claim.owner);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Sent: store the message ids and move the covered cursor, in one transaction. */
  async markDelivered(subscriptionId: string, scheduledAt: number, messageIds: string[], now: number) {
    return this.db
      .transaction()
      .execute((trx) =>
        this.closeRun(
          trx,
          subscriptionId,
          scheduledAt,
          { status: "delivered", message_ids: JSON.stringify(messageIds), error: null, updated_at: now },
          { last_post_at: now },
        ),
      );
  }

  /** Nothing new to post: the run is done and its window covered. */
  async markSkipped(subscriptionId: string, scheduledAt: number, now: number): Promise<boolean> {
    return this.db
      .transaction()
      .execute((trx) => this.closeRun(trx, subscriptionId, scheduledAt, { status: "skipped", updated_at: now }));
  }

  /** A recorded run done (delivered or skipped): its window is covered. False if it was not "recorded". */
  private async closeRun(
    trx: Transaction<Tables>,
    subscriptionId: string,
    scheduledAt: number,
    set: { status: "delivered" | "skipped"; updated_at: number; message_ids?: string; error?: null },
    subscription: { last_post_at?: number } = {},
  ): Promise<boolean> {
    const run = await trx
      .updateTable("deliveries")
      .set(set)
      .where("subscription_id", "=", subscriptionId)
      .where("scheduled_at", "=", scheduledAt)
      .where("status", "=", "recorded")
      .returning(["seq_to", "covered_to"])
      .executeTakeFirst();
    if (!run) return false;
    await trx
      .updateTable("subscriptions")
      .set({ ...this.cursorAdvance(run.seq_to, run.covered_to), ...subscription })
      .where("id", "=", subscriptionId)
      .execute();
    return true;
  }

  /**
   * Given up on. The cursor stays, so the next run covers these reports again; with `pauseReason`
   * the subscription is paused too (the channel is gone or closed to Sitrep).
   */
  async markFailed(subscriptionId: string, scheduledAt: number, error: string, now: number, pauseReason?: string) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("deliveries")
        .set({ status: "failed", error, updated_at: now })
        .where("subscription_id", "=", subscriptionId)
        .where("scheduled_at", "=", scheduledAt)
        .where("status", "=", "recorded")
        .execute();
      if (pauseReason) await pause(trx, subscriptionId, pauseReason, now);
    });
  }

  /** Keeps a note of the latest error on a run that is still being retried. */
  async noteError(subscriptionId: string, scheduledAt: number, error: string, now: number): Promise<void> {
    await this.db
      .updateTable("deliveries")
      .set({ error, updated_at: now })
      .where("subscription_id", "=", subscriptionId)
      .where("scheduled_at", "=", scheduledAt)
      .execute();
  }

  /** The covered cursor moved to `seq` (never back), and its time with it. */
  private cursorAdvance(seq: number, until: number) {
    return {
      covered_seq: this.database.greatest(sql.ref("covered_seq"), seq),
      covered_until: sql<number>`CASE WHEN ${seq} >= covered_seq THEN ${this.database.greatest(
        sql.ref("covered_until"),
        until,
      )} ELSE covered_until END`,
    };
  }

  getDelivery(subscriptionId: string, scheduledAt: number): Promise<Delivery | null> {
    return getDelivery(this.db, subscriptionId, scheduledAt);
  }

  /** Runs recorded but not finished: in progress, or left by a crash or a stop. */
  async pendingRuns(subscriptionId?: string): Promise<Delivery[]> {
    let query = this.db.selectFrom("deliveries").selectAll().where("status", "=", "recorded");
    if (subscriptionId !== undefined) query = query.where("subscription_id", "=", subscriptionId);
    const rows = await query.orderBy("scheduled_at").orderBy("subscription_id").execute();
    return rows.map(toDelivery);
  }

  /** The delivery log of one subscription, newest first. */
  async deliveries(subscriptionId: string, limit = 20): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("subscription_id", "=", normaliseId(subscriptionId))
      .orderBy("scheduled_at", "desc")
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  /** The newest log entry of each of these subscriptions (one query for a whole /digest list). */
  async latestDeliveries(subscriptionIds: readonly string[]): Promise<Map<string, Delivery>> {
    const latest = new Map<string, Delivery>();
    if (subscriptionIds.length === 0) return latest;
    const rows = await this.db
      .selectFrom("deliveries as d")
      .selectAll("d")
      .where("d.subscription_id", "in", [...subscriptionIds])
      .where((eb) =>
        eb(
          "d.scheduled_at",
          "=",
          eb
            .selectFrom("deliveries as n")
            .select(({ fn }) => fn.max("n.scheduled_at").as("at"))
            .whereRef("n.subscription_id", "=", "d.subscription_id"),
        ),
      )
      .execute();
    for (const row of rows) latest.set(row.subscription_id, toDelivery(row));
    return latest;
  }

  // --- Reports seen -----------------------------------------------------------------------------

  maxSeenSeq(): Promise<number> {
    return maxSeenSeq(this.db);
  }

  /**
   * Records the reports of a corpus scan. First-seen is per report id: an edited report keeps its
   * first-seen time (a fixed typo is not news), a moved file (new id, content of a removed one)
   * inherits it, and a report removed and put back keeps it too.
   */
  async recordSeen(reports: readonly SeenReport[], now: number): Promise<SeenChanges> {
    return this.db.transaction().execute(async (trx) => {
      // Two processes scanning at once would hand out the same seq to different reports.
      if (this.database.dialect === "postgres") await sql`SELECT pg_advisory_xact_lock(${SEEN_LOCK_KEY})`.execute(trx);
      const rows = await trx.selectFrom("reports_seen").selectAll().execute();
      const byId = new Map(rows.map((r) => [r.report_id, r]));
      const present = new Set(reports.map((r) => r.id));
      const changes: SeenChanges = { added: [], changed: [], removed: [], renamed: [], restored: [], seq: 0 };

      const removedByHash = new Map<string, (typeof rows)[number]>();
      const newlyRemoved: string[] = [];
      for (const row of rows) {
        if (row.removed_at === null && !present.has(row.report_id)) {
          newlyRemoved.push(row.report_id);
          changes.removed.push(row.report_id);
          row.removed_at = now;
        }
        if (row.removed_at !== null && !present.has(row.report_id)) removedByHash.set(row.content_hash, row);
      }
      for (const ids of chunks(newlyRemoved)) {
        await trx.updateTable("reports_seen").set({ removed_at: now }).where("report_id", "in", ids).execute();
      }

      const nextSeq = (await maxSeenSeq(trx)) + 1;
      const inserts: Tables["reports_seen"][] = [];
      for (const report of reports) {
        const row = byId.get(report.id);
        if (row) {
          const changed = row.content_hash !== report.contentHash;
          if (row.removed_at !== null) changes.restored.push(report.id);
          else if (changed) changes.changed.push(report.id);
          if (changed || row.removed_at !== null) {
            await trx
              .updateTable("reports_seen")
              .set({ content_hash: report.contentHash, changed_at: changed ? now : row.changed_at, removed_at: null })
              .where("report_id", "=", report.id)
              .execute();
          }
          continue;
        }
        const moved = removedByHash.get(report.contentHash);
        const seen = { report_id: report.id, content_hash: report.contentHash, changed_at: null, removed_at: null };
        if (moved) {
          removedByHash.delete(report.contentHash);
          inserts.push({ ...seen, first_seen_at: moved.first_seen_at, seen_seq: moved.seen_seq });
          changes.renamed.push({ from: moved.report_id, to: report.id });
          continue;
        }
        inserts.push({ ...seen, first_seen_at: now, seen_seq: nextSeq });
        changes.added.push(report.id);
      }
      for (const batch of chunks(inserts)) await trx.insertInto("reports_seen").values(batch).execute();
      changes.seq = changes.added.length > 0 ? nextSeq : nextSeq - 1;
      return changes;
    });
  }

  /** Ids of reports first seen after `afterSeq`, up to and including `uptoSeq`, removed ones included. */
  async reportIdsSeenBetween(afterSeq: number, uptoSeq: number): Promise<string[]> {
    return (await this.sightingsBetween(afterSeq, uptoSeq)).map((s) => s.id);
  }

  /** Reports first seen after `afterSeq`, up to and including `uptoSeq`, with their seq, in seq order. */
  async sightingsBetween(
    afterSeq: number,
    uptoSeq: number,
  ): Promise<{ id: string; seq: number; removedAt: number | null }[]> {
    const rows = await this.db
      .selectFrom("reports_seen")
      .select(["report_id", "seen_seq", "removed_at"])
      .where("seen_seq", ">", afterSeq)
      .where("seen_seq", "<=", uptoSeq)
      .orderBy("seen_seq")
      .orderBy("report_id")
      .execute();
    return rows.map((r) => ({ id: r.report_id, seq: r.seen_seq, removedAt: r.removed_at }));
  }

  /** Ids of reports first seen in (from, to] by the clock; for previews and people, not for runs. */
  async reportIdsFirstSeenIn(from: number, to: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom("reports_seen")
      .select("report_id")
      .where("first_seen_at", ">", from)
      .where("first_seen_at", "<=", to)
      .orderBy("seen_seq")
      .orderBy("report_id")
      .execute();
    return rows.map((r) => r.report_id);
  }

  async firstSeen(reportId: string): Promise<{ firstSeenAt: number; seq: number; removedAt: number | null } | null> {
    const row = await this.db
      .selectFrom("reports_seen")
      .selectAll()
      .where("report_id", "=", reportId)
      .executeTakeFirst();
    return row ? { firstSeenAt: row.first_seen_at, seq: row.seen_seq, removedAt: row.removed_at } : null;
  }
}

async function getSubscription(db: Db, id: string): Promise<Subscription | null> {
  const row = await db.selectFrom("subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toSubscription(row) : null;
}

async function getDelivery(db: Db, subscriptionId: string, scheduledAt: number): Promise<Delivery | null> {
  const row = await db
    .selectFrom("deliveries")
    .selectAll()
    .where("subscription_id", "=", subscriptionId)
    .where("scheduled_at", "=", scheduledAt)
    .executeTakeFirst();
  return row ? toDelivery(row) : null;
}

async function pause(db: Db, id: string, reason: string, now: number): Promise<void> {
  await db
    .updateTable("subscriptions")
    .set({ status: "paused", paused_reason: reason, paused_at: now })
    .where("id", "=", id)
    .execute();
}

async function maxSeenSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom("reports_seen")
    .select(({ fn }) => fn.max("seen_seq").as("seq"))
    .executeTakeFirst();
  return row?.seq ?? 0;
}

/** SQLite allows at most 32,766 bound values per statement; 500 rows of 6 stay far below. */
function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
