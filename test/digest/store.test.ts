import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { DigestStore, type NewSubscription, SCHEMA_VERSION, StoreError } from "../../src/digest/store.js";
import { ButtonStateTable } from "../../src/store/button-states.js";
import { LOCK_FILE, SitrepDatabase, type StoreConfig } from "../../src/store/database.js";
import { DataDirLockedError } from "../../src/store/errors.js";
import { tempDir } from "../helpers/corpus.js";
import { BACKENDS } from "../support/stores.js";

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

async function openStore(config: StoreConfig): Promise<DigestStore> {
  const store = await DigestStore.open(config);
  open.push(store);
  return store;
}

const sub = {
  guildId: "111111111111111111",
  channelId: "222222222222222222",
  schedule: "daily 09:00",
  timezone: "UTC",
  topic: null,
  createdBy: "333333333333333333",
};

async function created(store: DigestStore, input: NewSubscription = sub, now = 0) {
  const result = await store.createSubscription(input, now);
  if (!result.created) throw new Error(`expected a new subscription, got the twin ${result.twin.id}`);
  return result.subscription;
}

describe.each(BACKENDS)("the store on $name", (backend) => {
  describe.skipIf(backend.skip)("schema", () => {
    it("creates a new store at the latest version, and opening again applies nothing twice", async () => {
      const config = backend.config();
      const store = await openStore(config);
      expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
      await store.close();
      const again = await openStore(config);
      expect(await again.schemaVersion()).toBe(SCHEMA_VERSION);
    });

    it("stops at a target version (an older Sitrep) and refuses a store from a newer one", async () => {
      const config = backend.config();
      const v1 = await openStore({ ...config, targetVersion: 1 });
      expect(await v1.schemaVersion()).toBe(1);
      // A newer Sitrep ran a migration this one does not know.
      const table = sql.table(v1.database.schema ? `${v1.database.schema}.kysely_migration` : "kysely_migration");
      await sql`INSERT INTO ${table} (name, timestamp) VALUES ('9999-from-the-future', 'x')`.execute(v1.database.db);
      await v1.close();
      await expect(DigestStore.open(config)).rejects.toThrow(StoreError);
      await expect(DigestStore.open(config)).rejects.toThrow(/newer Sitrep/);
    });
  });

  describe.skipIf(backend.skip)("subscriptions", () => {
    it("creates, lists by scope, pauses, resumes and deletes", async () => {
      const store = await openStore(backend.config());
      const a = await created(store, sub, 1000);
      const b = await created(store, { ...sub, guildId: null, channelId: "dm-1" }, 2000);
      expect(a.id).toMatch(/^[a-z2-9]{4}$/);
      expect(a).toMatchObject({ status: "active", coveredSeq: 0, coveredUntil: 1000, lastRunAt: null });
      expect((await store.getSubscription(a.id.toUpperCase()))?.id).toBe(a.id);
      expect((await store.listSubscriptions({ guildId: sub.guildId })).map((s) => s.id)).toEqual([a.id]);
      expect((await store.listSubscriptions({ guildId: null, channelId: "dm-1" })).map((s) => s.id)).toEqual([b.id]);
      expect(await store.listSubscriptions({ status: "active" })).toHaveLength(2);

      expect(await store.pauseSubscription(a.id, "Channel deleted", 3000)).toMatchObject({
        status: "paused",
        pausedReason: "Channel deleted",
        pausedAt: 3000,
      });
      expect((await store.listSubscriptions({ status: "active" })).map((s) => s.id)).toEqual([b.id]);
      expect(await store.resumeSubscription(a.id, 4000)).toMatchObject({
        status: "active",
        pausedReason: null,
        lastRunAt: 4000,
      });
      expect(await store.deleteSubscription(a.id)).toBe(true);
      expect(await store.deleteSubscription(a.id)).toBe(false);
      expect(await store.getSubscription(a.id)).toBeNull();
    });

    it("starts a new subscription's window at the reports already seen", async () => {
      const store = await openStore(backend.config());
      await store.recordSeen([{ id: "r1", contentHash: "h1" }], 100);
      expect((await created(store, sub, 200)).coveredSeq).toBe(1);
    });

    it("makes one subscription of twins subscribed at once, from two handles on the store", async () => {
      const config = backend.config();
      const first = await openStore(config);
      // On PostgreSQL a second pool is a second process as far as the server can tell; SQLite has one process.
      const second = backend.name === "postgres" ? await openStore(backend.same(config)) : first;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? second : first).createSubscription({ ...sub, topic: i % 4 < 2 ? "Oil" : "oil" }, 1000 + i),
        ),
      );
      const made = results.filter((r) => r.created);
      expect(made).toHaveLength(1);
      const id = made[0]?.created ? made[0].subscription.id : "";
      for (const result of results) {
        expect(result.created ? result.subscription.id : result.twin.id).toBe(id);
      }
      expect(await first.listSubscriptions()).toHaveLength(1);
      // Another schedule or channel is another digest.
      expect((await first.createSubscription({ ...sub, schedule: "daily 10:00" }, 2000)).created).toBe(true);
      expect((await first.createSubscription({ ...sub, channelId: "444444444444444444" }, 2000)).created).toBe(true);
    });
    it("never lets subscribes at once pass a scope's limit, from two handles on the store", async () => {
      const config = backend.config();
      const first = await openStore(config);
      const second = backend.name === "postgres" ? await openStore(backend.same(config)) : first;
      const hours = Array.from({ length: 12 }, (_, i) => `daily ${String(i + 8).padStart(2, "0")}:00`);
      const results = await Promise.all(
        hours.map((schedule, i) =>
          (i % 2 ? second : first).createSubscription({ ...sub, schedule }, 1000 + i, { maxInScope: 5 }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(5);
      const refused = results.filter((r) => "full" in r);
      expect(refused).toHaveLength(7);
      for (const result of refused) expect(result).toMatchObject({ full: true, inScope: 5 });
      expect(await first.listSubscriptions({ guildId: sub.guildId })).toHaveLength(5);
      // The limit is per scope: another server, or a DM, still has room.
      expect(
        (
          await first.createSubscription(
            { ...sub, guildId: "555555555555555555", channelId: "777777777777777777" },
            3000,
            { maxInScope: 5 },
          )
        ).created,
      ).toBe(true);
      const dm = { ...sub, guildId: null, channelId: "666666666666666666" };
      expect((await first.createSubscription(dm, 3000, { maxInScope: 1 })).created).toBe(true);
      expect(await first.createSubscription({ ...dm, schedule: "daily 11:00" }, 3000, { maxInScope: 1 })).toMatchObject(
        { full: true, inScope: 1 },
      );
    });
  });

  describe.skipIf(backend.skip)("delivery log", () => {
    it("records a run once, and moves the cursor only when delivered or skipped", async () => {
      const store = await openStore(backend.config());
      const s = await created(store);
      const run = { subscriptionId: s.id, scheduledAt: 5000, coveredFrom: 0, coveredTo: 5000, seqFrom: 0, seqTo: 3 };
      expect(await store.recordRun({ ...run, missedRuns: 0, status: "recorded" }, 5000)).toMatchObject({
        status: "recorded",
        attempts: 0,
      });
      expect(await store.recordRun({ ...run, missedRuns: 0, status: "recorded" }, 5001)).toBeNull();
      expect(await store.getSubscription(s.id)).toMatchObject({ lastRunAt: 5000, coveredSeq: 0 });
      expect((await store.pendingRuns()).map((r) => r.scheduledAt)).toEqual([5000]);

      expect(await store.markAttempt(s.id, 5000, 5002)).toBe(true);
      await store.markFailed(s.id, 5000, "transient: 503", 5003);
      expect((await store.getSubscription(s.id))?.coveredSeq).toBe(0);
      expect(await store.pendingRuns()).toEqual([]);

      await store.recordRun({ ...run, scheduledAt: 6000, coveredTo: 6000, missedRuns: 2, status: "recorded" }, 6000);
      expect(await store.markDelivered(s.id, 6000, ["m1"], 6001)).toBe(true);
      expect(await store.markDelivered(s.id, 6000, ["m2"], 6002)).toBe(false);
      expect(await store.getSubscription(s.id)).toMatchObject({ coveredSeq: 3, coveredUntil: 6000, lastPostAt: 6001 });

      await store.recordRun(
        { ...run, scheduledAt: 7000, coveredTo: 7000, seqFrom: 3, seqTo: 4, missedRuns: 0, status: "skipped" },
        7000,
      );
      expect(await store.getSubscription(s.id)).toMatchObject({ coveredSeq: 4, coveredUntil: 7000, lastRunAt: 7000 });
      await store.recordRun(
        { ...run, scheduledAt: 8000, coveredTo: 8000, seqFrom: 4, seqTo: 6, missedRuns: 0, status: "recorded" },
        8000,
      );
      expect(await store.markSkipped(s.id, 8000, 8001)).toBe(true);
      expect(await store.markSkipped(s.id, 8000, 8002)).toBe(false);
      expect(await store.getSubscription(s.id)).toMatchObject({ coveredSeq: 6, coveredUntil: 8000 });
      const log = await store.deliveries(s.id);
      expect(log.map((d) => [d.scheduledAt, d.status, d.attempts, d.missedRuns])).toEqual([
        [8000, "skipped", 0, 0],
        [7000, "skipped", 0, 0],
        [6000, "delivered", 0, 2],
        [5000, "failed", 1, 0],
      ]);
      expect((await store.latestDeliveries([s.id])).get(s.id)?.scheduledAt).toBe(8000);
      expect(log.find((d) => d.scheduledAt === 6000)?.messageIds).toEqual(["m1"]);
      // Removing the subscription removes its log.
      await store.deleteSubscription(s.id);
      expect(await store.deliveries(s.id)).toEqual([]);
    });

    it("lets one claimant at a time hold a run, and another take it over only after the lease runs out", async () => {
      const config = backend.config();
      const store = await openStore(config);
      const other = backend.name === "postgres" ? await openStore(backend.same(config)) : store;
      const s = await created(store);
      const base = { subscriptionId: s.id, scheduledAt: 5000, coveredFrom: 0, coveredTo: 5000, seqFrom: 0, seqTo: 1 };
      const a = { owner: "process-a", leaseMs: 1000 };
      const b = { owner: "process-b", leaseMs: 1000 };
      // Both record the same run at once: exactly one gets it.
      const recorded = await Promise.all([
        store.recordRun({ ...base, missedRuns: 0, status: "recorded" }, 5000, a),
        other.recordRun({ ...base, missedRuns: 0, status: "recorded" }, 5000, b),
      ]);
      expect(recorded.filter((r) => r !== null)).toHaveLength(1);
      const holder = recorded[0] ? a : b;
      const taker = recorded[0] ? b : a;
      expect((await store.getDelivery(s.id, 5000))?.claimedBy).toBe(holder.owner);

      expect(await other.claimRun(s.id, 5000, taker, 5500)).toBeNull();
      // The holder renews its lease with each attempt.
      expect(await store.markAttempt(s.id, 5000, 5900, holder)).toBe(true);
      expect(await other.claimRun(s.id, 6500, taker, 6500)).toBeNull();
      // The holder dies; its lease (renewed at 5900) runs out at 6900.
      const taken = await other.claimRun(s.id, 5000, taker, 6900);
      expect(taken).toMatchObject({ claimedBy: taker.owner, leaseUntil: 7900, attempts: 1 });
      // The old holder, back from a pause, finds the run is not its own any more: it must not send.
      expect(await store.markAttempt(s.id, 5000, 7000, holder)).toBe(false);
      expect(await other.markAttempt(s.id, 5000, 7000, taker)).toBe(true);
      expect(await other.markDelivered(s.id, 5000, ["m1"], 7001)).toBe(true);
      // A finished run cannot be claimed.
      expect(await store.claimRun(s.id, 5000, holder, 99_000)).toBeNull();
      // An exclusive store (SQLite) may take a run over without waiting: its holder was a dead process.
      await store.recordRun({ ...base, scheduledAt: 9000, missedRuns: 0, status: "recorded" }, 9000, a);
      expect(await store.claimRun(s.id, 9000, b, 9001, true)).toMatchObject({ claimedBy: "process-b" });
    });
  });

  describe.skipIf(backend.skip)("reports seen", () => {
    it("first-seen is per report id: edits keep it, moves inherit it, removals keep the row", async () => {
      const store = await openStore(backend.config());
      let changes = await store.recordSeen(
        [
          { id: "a", contentHash: "ha" },
          { id: "b", contentHash: "hb" },
        ],
        1000,
      );
      expect(changes).toMatchObject({ added: ["a", "b"], seq: 1 });

      changes = await store.recordSeen(
        [
          { id: "a", contentHash: "ha2" },
          { id: "moved/b", contentHash: "hb" },
          { id: "c", contentHash: "hc" },
        ],
        2000,
      );
      expect(changes).toEqual({
        added: ["c"],
        changed: ["a"],
        removed: ["b"],
        renamed: [{ from: "b", to: "moved/b" }],
        restored: [],
        seq: 2,
      });
      expect(await store.firstSeen("a")).toMatchObject({ firstSeenAt: 1000, seq: 1 });
      expect(await store.firstSeen("moved/b")).toMatchObject({ firstSeenAt: 1000, seq: 1 });
      expect(await store.firstSeen("b")).toMatchObject({ removedAt: 2000 });

      changes = await store.recordSeen([{ id: "b", contentHash: "hb" }], 3000);
      expect(changes).toMatchObject({ added: [], restored: ["b"], removed: ["a", "moved/b", "c"], seq: 2 });
      expect(await store.reportIdsSeenBetween(1, 2)).toEqual(["c"]);
      expect(await store.reportIdsSeenBetween(0, 2)).toEqual(["a", "b", "moved/b", "c"]);
      expect(await store.reportIdsFirstSeenIn(1000, 2000)).toEqual(["c"]);
      expect(await store.sightingsBetween(0, 2)).toContainEqual({ id: "c", seq: 2, removedAt: 3000 });
    });

    it("orders sightings by sequence, not by the clock: a clock set back does not hide new reports", async () => {
      const store = await openStore(backend.config());
      await store.recordSeen([{ id: "a", contentHash: "ha" }], 10_000);
      const s = await created(store, sub, 10_000);
      // The clock goes back an hour; a report arrives.
      await store.recordSeen(
        [
          { id: "a", contentHash: "ha" },
          { id: "b", contentHash: "hb" },
        ],
        10_000 - 3_600_000,
      );
      expect(await store.reportIdsSeenBetween(s.coveredSeq, await store.maxSeenSeq())).toEqual(["b"]);
    });

    it("gives each scan its own sequence number when scans run at once", async () => {
      const config = backend.config();
      const first = await openStore(config);
      const second = backend.name === "postgres" ? await openStore(backend.same(config)) : first;
      const scans = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? second : first).recordSeen([{ id: `r${i}`, contentHash: `h${i}` }], 1000 + i),
        ),
      );
      // Scans do not see one another's reports, so each marks the others' removed; what matters is
      // that every added report has a distinct, increasing seq.
      const seqs = scans.map((c) => c.seq).sort((x, y) => x - y);
      expect(new Set(seqs).size).toBe(6);
      expect(await first.maxSeenSeq()).toBe(6);
    });
  });

  describe.skipIf(backend.skip)("button states", () => {
    it("keeps states across handles, returns the newest live ones and forgets expired ones", async () => {
      const config = backend.config();
      const database = await SitrepDatabase.open(config);
      open.push(database);
      const table = new ButtonStateTable(database);
      await table.put({ key: "k1", value: '["old"]', at: 1000 });
      await table.put({ key: "k2", value: '["new"]', at: 2000 });
      await table.put({ key: "k1", value: '["old, again"]', at: 3000 });
      expect(await table.get("k1")).toEqual({ key: "k1", value: '["old, again"]', at: 3000 });
      expect(await table.recent(1500, 10)).toEqual([
        { key: "k2", value: '["new"]', at: 2000 },
        { key: "k1", value: '["old, again"]', at: 3000 },
      ]);
      expect(await table.recent(0, 1)).toEqual([{ key: "k1", value: '["old, again"]', at: 3000 }]);
      expect(await table.prune(2000)).toBe(1);
      expect(await table.get("k2")).toBeNull();
    });
  });

  describe.skipIf(backend.skip)("health", () => {
    it("reports the store writable", async () => {
      const store = await openStore(backend.config());
      expect(store.database.writeCheck.writable).toBe(true);
      expect(await store.database.checkWritable(1000)).toMatchObject({ writable: true, problem: null });
    });
  });
});

/** Migration 1 exactly as released: databases in the wild were created by this SQL. */
const SCHEMA_V1 = `
  CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY, guild_id TEXT, channel_id TEXT NOT NULL, schedule TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC', topic TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    created_by TEXT NOT NULL, created_at INTEGER NOT NULL, last_run_at INTEGER, last_post_at INTEGER,
    covered_seq INTEGER NOT NULL DEFAULT 0, covered_until INTEGER NOT NULL
  );
  CREATE INDEX subscriptions_scope ON subscriptions (guild_id, channel_id);
  CREATE TABLE deliveries (
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    scheduled_at INTEGER NOT NULL, covered_from INTEGER NOT NULL, covered_to INTEGER NOT NULL,
    seq_from INTEGER NOT NULL, seq_to INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('recorded', 'delivered', 'skipped', 'failed')),
    message_ids TEXT NOT NULL DEFAULT '[]', attempts INTEGER NOT NULL DEFAULT 0, error TEXT,
    recorded_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, scheduled_at)
  ) WITHOUT ROWID;
  CREATE TABLE reports_seen (
    report_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, first_seen_at INTEGER NOT NULL,
    seen_seq INTEGER NOT NULL, changed_at INTEGER, removed_at INTEGER
  );
  CREATE INDEX reports_seen_seq ON reports_seen (seen_seq);
  PRAGMA user_version = 1;
`;

describe("SQLite only", () => {
  it("upgrades a database written by schema version 1 (before the Migrator) and keeps its rows", async () => {
    const file = path.join(tempDir(), "sitrep.db");
    const old = new Database(file);
    old.exec(SCHEMA_V1);
    old
      .prepare(
        `INSERT INTO subscriptions (id, guild_id, channel_id, schedule, timezone, topic, status, created_by,
           created_at, last_run_at, covered_seq, covered_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run("abcd", "1", "2", "daily 09:00", "Europe/London", "oil spill", "active", "3", 1000, 2000, 5, 2000);
    old
      .prepare(
        `INSERT INTO subscriptions (id, guild_id, channel_id, schedule, status, created_by, created_at, covered_until)
         VALUES ('efgh', NULL, '9', 'weekly monday 08:00', 'paused', '3', 1500, 1500)`,
      )
      .run();
    // The bug this version fixes: two processes subscribed the same digest twice.
    old
      .prepare(
        `INSERT INTO subscriptions (id, guild_id, channel_id, schedule, timezone, topic, status, created_by,
           created_at, covered_until)
         VALUES ('twin', '1', '2', 'daily 09:00', 'Europe/London', 'Oil Spill', 'active', '3', 1001, 1001)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO deliveries (subscription_id, scheduled_at, covered_from, covered_to, seq_from, seq_to, status,
           message_ids, attempts, recorded_at, updated_at)
         VALUES ('abcd', 2000, 1000, 2000, 0, 5, 'delivered', '["m1","m2"]', 1, 2000, 2001)`,
      )
      .run();
    old.prepare("INSERT INTO reports_seen VALUES ('r1', 'h1', 900, 5, NULL, NULL)").run();
    old.close();

    const store = await openStore({ file });
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(await store.getSubscription("abcd")).toMatchObject({
      id: "abcd",
      timezone: "Europe/London",
      topic: "oil spill",
      status: "active",
      pausedReason: null,
      lastRunAt: 2000,
      coveredSeq: 5,
    });
    // Migration 2 gives subscriptions paused before it a reason to show.
    expect(await store.getSubscription("efgh")).toMatchObject({
      guildId: null,
      status: "paused",
      pausedReason: "Paused before Sitrep recorded reasons.",
      pausedAt: 1500,
    });
    // Existing twins both stay; the older one is the twin a new subscribe finds.
    expect(await store.getSubscription("twin")).toMatchObject({ status: "active" });
    const again = await store.createSubscription(
      {
        guildId: "1",
        channelId: "2",
        schedule: "daily 09:00",
        timezone: "Europe/London",
        topic: "OIL SPILL",
        createdBy: "3",
      },
      5000,
    );
    expect(again).toMatchObject({ created: false, twin: { id: "abcd" } });
    expect(await store.deliveries("abcd")).toEqual([
      expect.objectContaining({ status: "delivered", messageIds: ["m1", "m2"], missedRuns: 0, attempts: 1 }),
    ]);
    expect(await store.firstSeen("r1")).toEqual({ firstSeenAt: 900, seq: 5, removedAt: null });
    await store.pauseSubscription("abcd", "testing", 3000);
    expect((await store.getSubscription("abcd"))?.pausedReason).toBe("testing");
    await store.close();
    // An older Sitrep reads user_version to refuse a database newer than itself.
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(check.pragma("journal_mode", { simple: true })).toBe("wal");
    check.close();
    expect(await (await openStore({ file })).schemaVersion()).toBe(SCHEMA_VERSION);
  });

  it("refuses a database whose user_version is newer than this Sitrep", async () => {
    const file = path.join(tempDir(), "sitrep.db");
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(DigestStore.open({ file })).rejects.toThrow(/newer Sitrep/);
  });

  it("refuses a second process on the same DATA_DIR, and takes over a lock left by a dead one", async () => {
    const dataDir = tempDir();
    const store = await openStore({ dataDir });
    const lock = path.join(dataDir, LOCK_FILE);
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    await expect(DigestStore.open({ dataDir })).rejects.toThrow(DataDirLockedError);
    await expect(DigestStore.open({ dataDir })).rejects.toThrow(
      new RegExp(`in use by another Sitrep process \\(PID ${process.pid}`),
    );
    await store.close();
    expect(existsSync(lock)).toBe(false);

    // A lock whose process is gone (PID far above any pid_max) is stale: taken over.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 30, host: hostname(), startedAt: "2026-01-01T00:00:00Z" }));
    const next = await openStore({ dataDir });
    expect(JSON.parse(readFileSync(lock, "utf8"))).toMatchObject({ pid: process.pid });
    await next.close();

    // One from another host cannot be checked from here: refused, naming the host.
    writeFileSync(lock, JSON.stringify({ pid: 123, host: "elsewhere.example", startedAt: "2026-01-01T00:00:00Z" }));
    await expect(DigestStore.open({ dataDir })).rejects.toThrow(/on host elsewhere\.example \(PID 123/);
  });

  it("refuses a 0-byte database instead of silently starting over, and keeps the file", async () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, "sitrep.db");
    writeFileSync(file, "");
    await expect(DigestStore.open({ dataDir })).rejects.toThrow(/is empty \(0 bytes\).*Restore it from a backup/);
    expect(readFileSync(file).length).toBe(0);
    // The refusal released the lock: fixing the file is enough.
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});

describe("read-only databases (as root too)", () => {
  it("reports a database opened read-only as not writable, with where it is", async () => {
    const dataDir = tempDir();
    mkdirSync(dataDir, { recursive: true });
    await (await openStore({ dataDir })).close();
    open.pop();
    const store = await openStore({ dataDir });
    // As root chmod does not stop writes; a query-only connection does, for root as for anyone.
    await sql`PRAGMA query_only = ON`.execute(store.database.db);
    const check = await store.database.checkWritable(2);
    expect(check.writable).toBe(false);
    expect(check.problem).toMatch(/does not take writes.*digests cannot be recorded/);
    expect(check.problem).toContain(path.join(dataDir, "sitrep.db"));
    expect(store.database.writeCheck).toEqual(check);
  });
});
