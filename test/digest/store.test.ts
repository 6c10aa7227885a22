import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DigestStore, SCHEMA_VERSION, StoreError } from "../../src/digest/store.js";
import { tempDir } from "../helpers/corpus.js";

const open: DigestStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

function openStore(file: string): DigestStore {
  const store = DigestStore.open(file);
  open.push(store);
  return store;
}

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

const sub = {
  guildId: "111111111111111111",
  channelId: "222222222222222222",
  schedule: "daily 09:00",
  timezone: "UTC",
  topic: null,
  createdBy: "333333333333333333",
};

describe("migrations", () => {
  it("creates a new database at the latest version, in WAL mode", () => {
    const file = path.join(tempDir(), "data", "sitrep.db");
    const store = openStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("upgrades a database written by schema version 1 and keeps its rows", () => {
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
    old
      .prepare(
        `INSERT INTO deliveries (subscription_id, scheduled_at, covered_from, covered_to, seq_from, seq_to, status,
           message_ids, attempts, recorded_at, updated_at)
         VALUES ('abcd', 2000, 1000, 2000, 0, 5, 'delivered', '["m1","m2"]', 1, 2000, 2001)`,
      )
      .run();
    old.prepare("INSERT INTO reports_seen VALUES ('r1', 'h1', 900, 5, NULL, NULL)").run();
    old.close();

    const store = openStore(file);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const upgraded = store.getSubscription("abcd");
    expect(upgraded).toMatchObject({
      id: "abcd",
      timezone: "Europe/London",
      topic: "oil spill",
      status: "active",
      pausedReason: null,
      lastRunAt: 2000,
      coveredSeq: 5,
    });
    // Migration 2 gives subscriptions paused before it a reason to show.
    expect(store.getSubscription("efgh")).toMatchObject({
      guildId: null,
      status: "paused",
      pausedReason: "Paused before Sitrep recorded reasons.",
      pausedAt: 1500,
    });
    expect(store.deliveries("abcd")).toEqual([
      expect.objectContaining({ status: "delivered", messageIds: ["m1", "m2"], missedRuns: 0, attempts: 1 }),
    ]);
    expect(store.firstSeen("r1")).toEqual({ firstSeenAt: 900, seq: 5, removedAt: null });
    // The new columns work.
    store.pauseSubscription("abcd", "testing", 3000);
    expect(store.getSubscription("abcd")?.pausedReason).toBe("testing");
    store.close();
    // Opening again applies nothing twice.
    expect(openStore(file).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("stops at a target version (an older Sitrep) and refuses a database from a newer one", () => {
    const file = path.join(tempDir(), "sitrep.db");
    const v1 = DigestStore.open(file, { targetVersion: 1 });
    expect(v1.schemaVersion).toBe(1);
    v1.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => DigestStore.open(file)).toThrow(StoreError);
    expect(() => DigestStore.open(file)).toThrow(/newer Sitrep/);
  });
});

describe("subscriptions", () => {
  it("creates, lists by scope, pauses, resumes and deletes", () => {
    const store = openStore(path.join(tempDir(), "sitrep.db"));
    const a = store.createSubscription(sub, 1000);
    const b = store.createSubscription({ ...sub, guildId: null, channelId: "dm-1" }, 2000);
    expect(a.id).toMatch(/^[a-z2-9]{4}$/);
    expect(a).toMatchObject({ status: "active", coveredSeq: 0, coveredUntil: 1000, lastRunAt: null });
    expect(store.getSubscription(a.id.toUpperCase())?.id).toBe(a.id);
    expect(store.listSubscriptions({ guildId: sub.guildId }).map((s) => s.id)).toEqual([a.id]);
    expect(store.listSubscriptions({ guildId: null, channelId: "dm-1" }).map((s) => s.id)).toEqual([b.id]);
    expect(store.listSubscriptions({ status: "active" })).toHaveLength(2);

    expect(store.pauseSubscription(a.id, "Channel deleted", 3000)).toMatchObject({
      status: "paused",
      pausedReason: "Channel deleted",
      pausedAt: 3000,
    });
    expect(store.listSubscriptions({ status: "active" }).map((s) => s.id)).toEqual([b.id]);
    expect(store.resumeSubscription(a.id, 4000)).toMatchObject({
      status: "active",
      pausedReason: null,
      lastRunAt: 4000,
    });
    expect(store.deleteSubscription(a.id)).toBe(true);
    expect(store.deleteSubscription(a.id)).toBe(false);
    expect(store.getSubscription(a.id)).toBeNull();
  });

  it("starts a new subscription's window at the reports already seen", () => {
    const store = openStore(path.join(tempDir(), "sitrep.db"));
    store.recordSeen([{ id: "r1", contentHash: "h1" }], 100);
    expect(store.createSubscription(sub, 200).coveredSeq).toBe(1);
  });
});

describe("delivery log", () => {
  it("records a run once, and moves the cursor only when delivered or skipped", () => {
    const store = openStore(path.join(tempDir(), "sitrep.db"));
    const s = store.createSubscription(sub, 0);
    const run = { subscriptionId: s.id, scheduledAt: 5000, coveredFrom: 0, coveredTo: 5000, seqFrom: 0, seqTo: 3 };
    expect(store.recordRun({ ...run, missedRuns: 0, status: "recorded" }, 5000)).toMatchObject({
      status: "recorded",
      attempts: 0,
    });
    expect(store.recordRun({ ...run, missedRuns: 0, status: "recorded" }, 5001)).toBeNull();
    expect(store.getSubscription(s.id)).toMatchObject({ lastRunAt: 5000, coveredSeq: 0 });
    expect(store.pendingRuns().map((r) => r.scheduledAt)).toEqual([5000]);

    store.markAttempt(s.id, 5000, 5002);
    store.markFailed(s.id, 5000, "transient: 503", 5003);
    expect(store.getSubscription(s.id)?.coveredSeq).toBe(0);
    expect(store.pendingRuns()).toEqual([]);

    store.recordRun({ ...run, scheduledAt: 6000, coveredTo: 6000, missedRuns: 2, status: "recorded" }, 6000);
    expect(store.markDelivered(s.id, 6000, ["m1"], 6001)).toBe(true);
    expect(store.markDelivered(s.id, 6000, ["m2"], 6002)).toBe(false);
    expect(store.getSubscription(s.id)).toMatchObject({ coveredSeq: 3, coveredUntil: 6000, lastPostAt: 6001 });

    store.recordRun(
      { ...run, scheduledAt: 7000, coveredTo: 7000, seqFrom: 3, seqTo: 4, missedRuns: 0, status: "skipped" },
      7000,
    );
    expect(store.getSubscription(s.id)).toMatchObject({ coveredSeq: 4, coveredUntil: 7000, lastRunAt: 7000 });
    expect(store.deliveries(s.id).map((d) => [d.scheduledAt, d.status, d.attempts, d.missedRuns])).toEqual([
      [7000, "skipped", 0, 0],
      [6000, "delivered", 0, 2],
      [5000, "failed", 1, 0],
    ]);
    // Removing the subscription removes its log.
    store.deleteSubscription(s.id);
    expect(store.deliveries(s.id)).toEqual([]);
  });
});

describe("reports seen", () => {
  it("first-seen is per report id: edits keep it, moves inherit it, removals keep the row", () => {
    const store = openStore(path.join(tempDir(), "sitrep.db"));
    let changes = store.recordSeen(
      [
        { id: "a", contentHash: "ha" },
        { id: "b", contentHash: "hb" },
      ],
      1000,
    );
    expect(changes).toMatchObject({ added: ["a", "b"], seq: 1 });

    changes = store.recordSeen(
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
    expect(store.firstSeen("a")).toMatchObject({ firstSeenAt: 1000, seq: 1 });
    expect(store.firstSeen("moved/b")).toMatchObject({ firstSeenAt: 1000, seq: 1 });
    expect(store.firstSeen("b")).toMatchObject({ removedAt: 2000 });

    changes = store.recordSeen([{ id: "b", contentHash: "hb" }], 3000);
    expect(changes).toMatchObject({ added: [], restored: ["b"], removed: ["a", "moved/b", "c"], seq: 2 });
    expect(store.reportIdsSeenBetween(1, 2)).toEqual(["c"]);
    expect(store.reportIdsSeenBetween(0, 2)).toEqual(["a", "b", "moved/b", "c"]);
    expect(store.reportIdsFirstSeenIn(1000, 2000)).toEqual(["c"]);
  });

  it("orders sightings by sequence, not by the clock: a clock set back does not hide new reports", () => {
    const store = openStore(path.join(tempDir(), "sitrep.db"));
    store.recordSeen([{ id: "a", contentHash: "ha" }], 10_000);
    const s = store.createSubscription(sub, 10_000);
    // The clock goes back an hour; a report arrives.
    store.recordSeen(
      [
        { id: "a", contentHash: "ha" },
        { id: "b", contentHash: "hb" },
      ],
      10_000 - 3_600_000,
    );
    expect(store.reportIdsSeenBetween(s.coveredSeq, store.maxSeenSeq())).toEqual(["b"]);
  });
});
