import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DigestScheduler, type RunOutcome, type SchedulerOptions } from "../../src/digest/scheduler.js";
import { DigestStore, type NewSubscription } from "../../src/digest/store.js";
import { DeliveryError } from "../../src/digest/transport.js";
import { createLogger } from "../../src/logger.js";
import { LiveCorpus, type OpenedCorpus } from "../../src/sitrep.js";
import { NEVER_GIVE_WAY } from "../../src/time-slice.js";
import { tempDir } from "../helpers/corpus.js";
import { blindTransport, FakeTransport, MORE_REPORTS, openTemp, REPORTS, settle } from "./fixtures.js";

const at = (iso: string) => new Date(iso).getTime();
const MONDAY_0800 = "2025-06-02T08:00:00Z";

let before: OpenedCorpus;
let after: OpenedCorpus;
beforeAll(async () => {
  // Opened with real timers: the corpus loader reads files.
  before = (await openTemp(REPORTS)).opened;
  after = (await openTemp({ ...REPORTS, ...MORE_REPORTS })).opened;
});

const stores: DigestStore[] = [];
const schedulers: DigestScheduler[] = [];
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date(MONDAY_0800));
});
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const s of stores.splice(0)) await s.close();
  vi.useRealTimers();
});

interface World {
  file: string;
  store: DigestStore;
  live: LiveCorpus;
  transport: FakeTransport;
  logs: Record<string, unknown>[];
  subscribe(extra?: Partial<NewSubscription>): Promise<string>;
  /** The corpus gains MORE_REPORTS, first seen now. */
  addReports(): Promise<void>;
  scheduler(options?: Partial<SchedulerOptions>): DigestScheduler;
  /** The store opened again, as by a restarted process (close the old one first). */
  reopen(): Promise<DigestStore>;
}

/**
 * One process with its SQLite store (the exclusive case, on a fake clock). Several schedulers sharing
 * one PostgreSQL store are in scheduler-shared.test.ts.
 */
async function world(): Promise<World> {
  const file = path.join(tempDir(), "sitrep.db");
  const store = await DigestStore.open({ file });
  stores.push(store);
  const live = new LiveCorpus(before);
  await store.recordSeen(before.corpus.reports, Date.now());
  const transport = new FakeTransport();
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => logs.push(JSON.parse(line)) });
  const w: World = {
    file,
    store,
    live,
    transport,
    logs,
    subscribe: async (extra = {}) => {
      const result = await w.store.createSubscription(
        {
          guildId: "g1",
          channelId: "c1",
          schedule: "daily 09:00",
          timezone: "UTC",
          topic: null,
          createdBy: "u1",
          ...extra,
        },
        Date.now(),
      );
      if (!result.created) throw new Error(`twin of ${result.twin.id}`);
      return result.subscription.id;
    },
    addReports: async () => {
      live.replace(after);
      await w.store.recordSeen(after.corpus.reports, Date.now());
    },
    scheduler: (options = {}) => {
      const scheduler = new DigestScheduler({
        store: w.store,
        corpus: live,
        transport,
        logger,
        retryDelaysMs: [1_000, 2_000, 4_000],
        // Production re-checks every minute; an hour keeps days of fake time quick to run.
        maxSleepMs: 60 * 60 * 1000,
        // The fake clock's advance must see each digest built.
        slicer: () => NEVER_GIVE_WAY,
        ...options,
      });
      schedulers.push(scheduler);
      return scheduler;
    },
    reopen: async () => {
      await w.store.close();
      w.store = await DigestStore.open({ file });
      stores.push(w.store);
      return w.store;
    },
  };
  return w;
}

const newIds = Object.keys(MORE_REPORTS).map((f) => f.replace(/\.txt$/, ""));

describe("scheduled delivery", () => {
  it("posts the new reports at the scheduled time, then records a skip when nothing is new", async () => {
    const w = await world();
    const id = await w.subscribe();
    vi.setSystemTime(new Date("2025-06-02T08:30:00Z"));
    await w.addReports();
    const scheduler = w.scheduler();
    expect(await scheduler.start()).toEqual([]);
    expect(await scheduler.nextDueAt()).toBe(at("2025-06-02T09:00:00Z"));

    await vi.advanceTimersByTimeAsync(30 * 60 * 1000);
    expect(w.transport.posted).toHaveLength(1);
    const [post] = w.transport.posted;
    expect(post?.target).toEqual({ subscriptionId: id, guildId: "g1", channelId: "c1", timezone: "UTC" });
    expect(post?.run).toMatchObject({ key: `sitrep-digest:${id}:${at("2025-06-02T09:00:00Z")}`, attempt: 1 });
    expect(post?.run.nonce.length).toBeLessThanOrEqual(20);
    expect(post?.digest.reports.map((r) => r.reportId).sort()).toEqual([...newIds].sort());
    expect(post?.digest.from).toBe(at(MONDAY_0800));
    expect((await w.store.deliveries(id))[0]).toMatchObject({ status: "delivered", messageIds: ["m1"], attempts: 1 });

    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    expect(w.transport.posted).toHaveLength(1);
    expect((await w.store.deliveries(id)).map((d) => d.status)).toEqual(["skipped", "delivered"]);
    expect((await w.store.getSubscription(id))?.lastPostAt).toBe(at("2025-06-02T09:00:00Z"));
  });

  it("posts only what matches the subscription's topic, and skips when nothing does", async () => {
    const w = await world();
    const quake = await w.subscribe({ topic: "earthquake" });
    const cricket = await w.subscribe({ topic: "cricket", channelId: "c2" });
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:05Z"));
    const outcomes = await w.scheduler().start();
    expect(outcomes.map((o) => [o.subscriptionId, o.status])).toEqual(
      expect.arrayContaining([
        [quake, "delivered"],
        [cricket, "skipped"],
      ]),
    );
    expect(w.transport.posted.map((p) => p.digest.reports.map((r) => r.reportId))).toEqual([["quake/aid-arrives"]]);
  });

  it("after downtime posts ONE catch-up digest covering the whole gap", async () => {
    const w = await world();
    const id = await w.subscribe();
    vi.setSystemTime(new Date("2025-06-03T12:00:00Z"));
    await w.addReports();
    // Down from Monday 08:00 until Thursday 10:00: Monday to Thursday's 09:00 runs were missed.
    vi.setSystemTime(new Date("2025-06-05T10:00:00Z"));
    const outcomes = await w.scheduler().start();
    expect(outcomes).toEqual([
      expect.objectContaining({
        subscriptionId: id,
        status: "delivered",
        missedRuns: 3,
        scheduledAt: at("2025-06-05T09:00:00Z"),
      }),
    ]);
    expect(w.transport.posted).toHaveLength(1);
    expect(w.transport.posted[0]?.digest.catchUp).toEqual({ missedRuns: 3 });
    expect(w.transport.posted[0]?.digest.reports).toHaveLength(2);
    expect(await w.store.deliveries(id)).toEqual([expect.objectContaining({ status: "delivered", missedRuns: 3 })]);

    await vi.advanceTimersByTimeAsync(3 * 60 * 60 * 1000);
    expect(w.transport.posted).toHaveLength(1);
    expect(w.logs.some((l) => l.msg === "digest catch-up after missed runs")).toBe(true);
  });

  it("a catch-up with nothing new is one skip, not one per missed run", async () => {
    const w = await world();
    const id = await w.subscribe();
    vi.setSystemTime(new Date("2025-06-09T10:00:00Z"));
    await w.scheduler().start();
    expect(w.transport.send).not.toHaveBeenCalled();
    expect(await w.store.deliveries(id)).toEqual([expect.objectContaining({ status: "skipped", missedRuns: 7 })]);
  });

  it("a clock set back never repeats a run", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:01Z"));
    const scheduler = w.scheduler();
    await scheduler.start();
    expect(w.transport.posted).toHaveLength(1);
    vi.setSystemTime(new Date("2025-06-02T08:30:00Z"));
    expect(await scheduler.tick()).toEqual([]);
    vi.setSystemTime(new Date("2025-06-02T09:00:30Z"));
    expect(await scheduler.tick()).toEqual([]);
    expect(w.transport.posted).toHaveLength(1);
    expect(await w.store.deliveries(id)).toHaveLength(1);
  });

  it("notices a clock jumped forward within a minute (the default longest sleep)", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    const scheduler = w.scheduler({ maxSleepMs: undefined });
    await scheduler.start();
    // The wall clock jumps past 09:00 without any timer firing (an NTP correction, a resumed VM).
    vi.setSystemTime(new Date("2025-06-02T09:10:00Z"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await w.store.deliveries(id)).toEqual([
      expect.objectContaining({ status: "delivered", scheduledAt: at("2025-06-02T09:00:00Z") }),
    ]);
  });

  it("follows a DST change: a daily 01:30 London digest runs once on both transition days", async () => {
    const w = await world();
    vi.setSystemTime(new Date("2025-03-29T12:00:00Z"));
    const id = await w.subscribe({ schedule: "daily 01:30", timezone: "Europe/London" });
    const scheduler = w.scheduler();
    await scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 24 * 60 * 60 * 1000);
    expect((await w.store.deliveries(id)).map((d) => new Date(d.scheduledAt).toISOString())).toEqual([
      "2025-04-01T00:30:00.000Z",
      "2025-03-31T00:30:00.000Z",
      "2025-03-30T01:00:00.000Z",
    ]);
    await scheduler.stop();
    vi.setSystemTime(new Date("2025-10-25T12:00:00Z"));
    await w.store.resumeSubscription(id, Date.now());
    const again = w.scheduler();
    await again.start();
    await vi.advanceTimersByTimeAsync(2 * 24 * 60 * 60 * 1000);
    const fall = (await w.store.deliveries(id)).filter((d) => d.scheduledAt > at("2025-10-25T12:00:00Z"));
    expect(fall.map((d) => new Date(d.scheduledAt).toISOString())).toEqual([
      "2025-10-27T01:30:00.000Z",
      "2025-10-26T00:30:00.000Z",
    ]);
  });
});

describe("exactly once across crashes", () => {
  it("a crash after the post but before the mark: the restart finds the post and does not post again", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    // The process dies right after Discord accepted the message: the database is gone before the mark.
    w.transport.afterPost = () => w.store.close();
    const first = w.scheduler();
    expect(await first.start()).toEqual([]);
    expect(w.transport.posted).toHaveLength(1);
    expect(w.logs.some((l) => l.msg === "digest run failed unexpectedly")).toBe(true);
    await first.stop();

    w.transport.afterPost = null;
    vi.setSystemTime(new Date("2025-06-02T09:05:00Z"));
    const store = await w.reopen();
    expect(await store.pendingRuns()).toEqual([expect.objectContaining({ subscriptionId: id, attempts: 1 })]);
    const outcomes = await w.scheduler().start();
    expect(outcomes).toEqual([
      expect.objectContaining({ status: "delivered", reconciled: true, foundSent: true, messageIds: ["m1"] }),
    ]);
    expect(w.transport.send).toHaveBeenCalledTimes(1);
    expect(w.transport.posted).toHaveLength(1);
    expect(await store.deliveries(id)).toEqual([expect.objectContaining({ status: "delivered", messageIds: ["m1"] })]);
    expect((await store.getSubscription(id))?.coveredSeq).toBe(await store.maxSeenSeq());
  });

  it("a crash before the post reached Discord: the restart posts it, once", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    w.transport.beforePost = async () => {
      await w.store.close();
      throw new Error("process killed");
    };
    await w.scheduler().start();
    expect(w.transport.posted).toHaveLength(0);

    w.transport.beforePost = null;
    const store = await w.reopen();
    const outcomes = await w.scheduler().start();
    expect(outcomes).toEqual([expect.objectContaining({ status: "delivered", reconciled: true, foundSent: false })]);
    expect(w.transport.findSent).toHaveBeenCalledTimes(1);
    expect(w.transport.posted).toHaveLength(1);
    expect(w.transport.posted[0]?.run.attempt).toBe(2);
    expect((await store.deliveries(id))[0]).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("a run recorded but never attempted is sent without a lookup", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    await w.store.recordRun(
      {
        subscriptionId: id,
        scheduledAt: at("2025-06-02T09:00:00Z"),
        coveredFrom: at(MONDAY_0800),
        coveredTo: at("2025-06-02T09:00:00Z"),
        seqFrom: 1,
        seqTo: 2,
        missedRuns: 0,
        status: "recorded",
      },
      at("2025-06-02T09:00:00Z"),
    );
    vi.setSystemTime(new Date("2025-06-02T09:30:00Z"));
    const outcomes = await w.scheduler().start();
    expect(outcomes.map((o) => o.status)).toEqual(["delivered"]);
    expect(w.transport.findSent).not.toHaveBeenCalled();
    expect(w.transport.posted[0]?.digest.reports).toHaveLength(2);
  });

  it("without findSent the transport gets the same run key and nonce again (at-least-once)", async () => {
    const w = await world();
    await w.subscribe();
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    w.transport.afterPost = () => w.store.close();
    await w.scheduler({ transport: blindTransport(w.transport) }).start();
    w.transport.afterPost = null;
    await w.reopen();
    await w.scheduler({ transport: blindTransport(w.transport) }).start();
    expect(w.transport.posted).toHaveLength(2);
    expect(w.transport.posted[1]?.run.nonce).toBe(w.transport.posted[0]?.run.nonce);
    expect(w.logs.some((l) => String(l.msg).includes("no findSent"))).toBe(true);
  });

  it("stop() during a retry wait leaves the run recorded; the next start finishes it", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    w.transport.failWith(Object.assign(new Error("Service Unavailable"), { status: 503 }));
    const first = w.scheduler();
    const starting = first.start();
    await vi.advanceTimersByTimeAsync(100);
    await first.stop();
    const outcomes = await starting;
    expect(outcomes.map((o) => o.status)).toEqual(["interrupted"]);
    expect(await w.store.pendingRuns(id)).toHaveLength(1);

    const second = await w.scheduler().start();
    expect(second.map((o) => o.status)).toEqual(["delivered"]);
    expect(w.transport.posted).toHaveLength(1);
  });
});

describe("delivery failures", () => {
  const discordError = (code: number, status: number, message: string) =>
    Object.assign(new Error(message), { name: "DiscordAPIError", code, status });

  it("pauses on a deleted channel, missing access or permissions, with a reason; others still post", async () => {
    const w = await world();
    const gone = await w.subscribe({ channelId: "deleted" });
    const hidden = await w.subscribe({ channelId: "hidden" });
    const muted = await w.subscribe({ channelId: "muted" });
    const fine = await w.subscribe({ channelId: "fine" });
    await w.addReports();
    const errors: Record<string, Error> = {
      // Transports classify their platform's codes (the Discord one: test/bot/digest-transport.test.ts).
      deleted: new DeliveryError("Unknown Channel", "channel-gone", { code: 10003, status: 404 }),
      hidden: new DeliveryError("Missing Access", "no-access", { code: 50001, status: 403 }),
      muted: new DeliveryError("Missing Permissions", "no-permission", { code: 50013, status: 403 }),
    };
    const send = w.transport.send;
    const transport = {
      send: vi.fn(async (...args: Parameters<typeof send>) => {
        const error = errors[args[0].channelId];
        if (error) throw error;
        return send(...args);
      }),
    };
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    const outcomes = await w.scheduler({ transport }).start();
    const byId = new Map(outcomes.map((o) => [o.subscriptionId, o] as [string, RunOutcome]));
    for (const id of [gone, hidden, muted]) expect(byId.get(id)).toMatchObject({ status: "failed", paused: true });
    expect(byId.get(fine)?.status).toBe("delivered");
    // No retries for these.
    expect(transport.send).toHaveBeenCalledTimes(4);
    expect(await w.store.getSubscription(gone)).toMatchObject({ status: "paused" });
    expect((await w.store.getSubscription(gone))?.pausedReason).toMatch(/channel was deleted.*10003/);
    expect((await w.store.getSubscription(hidden))?.pausedReason).toMatch(/can no longer see this channel.*50001/);
    expect((await w.store.getSubscription(muted))?.pausedReason).toMatch(/not allowed to post.*50013/);
    expect((await w.store.deliveries(muted))[0]).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/no-permission/),
    });
    // The reports are not lost: the cursor did not move.
    expect((await w.store.getSubscription(muted))?.coveredSeq).toBeLessThan(await w.store.maxSeenSeq());
    expect(w.logs.filter((l) => l.msg === "digest paused: cannot post")).toHaveLength(3);

    // Paused subscriptions are left alone by later ticks; resumed, the next run posts the reports held back.
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    expect(transport.send).toHaveBeenCalledTimes(4);
    expect((await w.store.deliveries(fine)).map((d) => d.status)).toEqual(["skipped", "delivered"]);
    delete errors.muted;
    await w.store.resumeSubscription(muted, Date.now());
    vi.setSystemTime(new Date("2025-06-04T09:00:10Z"));
    const resumed = await w.scheduler({ transport }).tick();
    expect(resumed.find((o) => o.subscriptionId === muted)).toMatchObject({ status: "delivered" });
    expect(w.transport.posted.at(-1)?.digest.reports).toHaveLength(2);
  });

  it("retries a 5xx with back-off and looks the run up before each retry", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    w.transport.failWith(
      discordError(0, 502, "Bad Gateway"),
      Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
    );
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    const outcomes = await settle(w.scheduler().start());
    expect(outcomes).toEqual([expect.objectContaining({ status: "delivered", attempts: 3 })]);
    expect(w.transport.send).toHaveBeenCalledTimes(3);
    expect(w.transport.findSent).toHaveBeenCalledTimes(2);
    expect(w.transport.posted).toHaveLength(1);
    expect((await w.store.deliveries(id))[0]).toMatchObject({ status: "delivered", attempts: 3, error: null });
  });

  it("gives up after a bounded number of retries, stays active, and the next run carries the reports", async () => {
    const w = await world();
    const id = await w.subscribe();
    await w.addReports();
    const unavailable = () => Object.assign(new Error("Service Unavailable"), { status: 503 });
    w.transport.failWith(unavailable(), unavailable(), unavailable(), unavailable(), unavailable());
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    const scheduler = w.scheduler();
    const outcomes = await settle(scheduler.start());
    expect(outcomes).toEqual([expect.objectContaining({ status: "failed", attempts: 4, paused: false })]);
    expect(w.transport.send).toHaveBeenCalledTimes(4);
    expect((await w.store.getSubscription(id))?.status).toBe("active");

    w.transport.failures.length = 0;
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    expect(w.transport.posted).toHaveLength(1);
    expect(w.transport.posted[0]?.digest.reports).toHaveLength(2);
    expect((await w.store.deliveries(id)).map((d) => d.status)).toEqual(["delivered", "failed"]);
  });

  it("an unexpected error fails the run without retries and without stopping the scheduler", async () => {
    const w = await world();
    const broken = await w.subscribe({ channelId: "broken" });
    const fine = await w.subscribe({ channelId: "fine" });
    await w.addReports();
    const send = w.transport.send;
    const transport = {
      send: vi.fn((...args: Parameters<typeof send>) => {
        if (args[0].channelId === "broken") throw new TypeError("cannot read properties of undefined");
        return send(...args);
      }),
    };
    const onRun = vi.fn(() => {
      throw new Error("listener bug");
    });
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    const outcomes = await w.scheduler({ transport, onRun }).start();
    expect(outcomes.find((o) => o.subscriptionId === broken)).toMatchObject({ status: "failed", paused: false });
    expect(outcomes.find((o) => o.subscriptionId === fine)).toMatchObject({ status: "delivered" });
    expect(transport.send).toHaveBeenCalledTimes(2);
    expect(onRun).toHaveBeenCalledTimes(2);
  });

  it("pauses a subscription whose stored schedule no longer parses", async () => {
    const w = await world();
    const id = await w.subscribe({ schedule: "daily 09:00", timezone: "Mars/Olympus" });
    vi.setSystemTime(new Date("2025-06-02T09:00:10Z"));
    await w.scheduler().start();
    expect(await w.store.getSubscription(id)).toMatchObject({
      status: "paused",
      pausedReason: expect.stringMatching(/Mars\/Olympus/),
    });
  });
});
