import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Digest } from "../../src/digest/build.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { DigestStore } from "../../src/digest/store.js";
import type { DigestTarget, RunKey, SentMessages } from "../../src/digest/transport.js";
import { LiveCorpus, type OpenedCorpus } from "../../src/sitrep.js";
import { BACKENDS } from "../support/stores.js";
import { FakeTransport, MORE_REPORTS, openTemp, REPORTS } from "./fixtures.js";

/**
 * Several schedulers on one PostgreSQL store, as several Sitrep processes run them: every run is
 * posted exactly once, and a run whose claimant died is finished by another after its lease, still
 * once. (On SQLite one process owns the store: a second is refused by the DATA_DIR lock, see
 * store.test.ts; the single-process protocol is scheduler.test.ts.)
 */

const postgres = BACKENDS.find((b) => b.name === "postgres");
if (!postgres) throw new Error("no PostgreSQL backend");

const at = (iso: string) => new Date(iso).getTime();
const due = at("2025-06-02T09:00:00Z");

let after: OpenedCorpus;
beforeAll(async () => {
  after = (await openTemp({ ...REPORTS, ...MORE_REPORTS })).opened;
});

const stores: DigestStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** A clock the test moves; timers are real but never armed (the tests call tick()). */
function manualClock(start: number) {
  let now = start;
  return {
    now: () => now,
    set: (t: number) => {
      now = t;
    },
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** Posts into the shared channel log like FakeTransport, but a "dying" process never returns from send. */
class DyingTransport extends FakeTransport {
  dieAfterPost = false;
  dieBeforePost = false;
  override readonly send = vi.fn(async (target: DigestTarget, digest: Digest, run: RunKey): Promise<SentMessages> => {
    if (this.dieBeforePost) return new Promise<SentMessages>(() => undefined);
    const messageIds = [`m${this.posted.length + 1}`];
    this.posted.push({ target, digest, run, messageIds });
    if (this.dieAfterPost) return new Promise<SentMessages>(() => undefined);
    return { messageIds };
  });
}

async function sharedWorld(processes: number) {
  const config = postgres?.config() ?? {};
  const handles: DigestStore[] = [];
  for (let i = 0; i < processes; i++) {
    const store = await DigestStore.open({ ...config, poolSize: 4 });
    stores.push(store);
    handles.push(store);
  }
  const first = handles[0] as DigestStore;
  const subscriptions: string[] = [];
  return {
    handles,
    first,
    subscriptions,
    async subscribe(count: number) {
      for (let i = 0; i < count; i++) {
        const made = await first.createSubscription(
          {
            guildId: "g",
            channelId: `c${i}`,
            schedule: "daily 09:00",
            timezone: "UTC",
            topic: null,
            createdBy: "u",
          },
          at("2025-06-02T08:00:00Z"),
        );
        if (!made.created) throw new Error("twin");
        subscriptions.push(made.subscription.id);
      }
      // The new reports, first seen after the subscriptions began.
      await first.recordSeen(after.corpus.reports, at("2025-06-02T08:30:00Z"));
    },
  };
}

describe.skipIf(postgres.skip)("schedulers of several processes on one PostgreSQL", () => {
  it("post every due run exactly once while all of them run", async () => {
    const world = await sharedWorld(3);
    await world.subscribe(24);
    const channel = new FakeTransport();
    const clock = manualClock(due + 5_000);
    const schedulers = world.handles.map(
      (store) =>
        new DigestScheduler({ store, corpus: new LiveCorpus(after), transport: channel, clock, concurrency: 4 }),
    );
    const outcomes = (await Promise.all(schedulers.map((s) => s.tick()))).flat();
    const keys = channel.posted.map((p) => p.run.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(24);
    expect(outcomes.filter((o) => o.status === "delivered")).toHaveLength(24);
    // More than one process did some of the work (the claim is per run, not per process).
    const owners = new Set(
      (await Promise.all(world.subscriptions.map((id) => world.first.deliveries(id, 1)))).map((d) => d[0]?.claimedBy),
    );
    expect(owners.size).toBeGreaterThan(1);
    for (const id of world.subscriptions) {
      expect(await world.first.deliveries(id)).toEqual([
        expect.objectContaining({ status: "delivered", scheduledAt: due }),
      ]);
    }
    // Ticking again, anywhere, posts nothing more.
    await Promise.all(schedulers.map((s) => s.tick()));
    expect(channel.posted).toHaveLength(24);
  });

  it.each([
    ["after its post reached the channel", "dieAfterPost", 1, true],
    ["before its post reached the channel", "dieBeforePost", 1, false],
  ] as const)("take over a run whose process died %s, after the lease, exactly once", async (_, how, posts, found) => {
    const world = await sharedWorld(2);
    await world.subscribe(1);
    const [id] = world.subscriptions;
    const channel = new DyingTransport();
    const clockA = manualClock(due + 5_000);
    const clockB = manualClock(due + 5_000);
    const leaseMs = 30_000;
    const a = new DigestScheduler({
      store: world.handles[0] as DigestStore,
      corpus: new LiveCorpus(after),
      transport: channel,
      clock: clockA,
      leaseMs,
      owner: "process-a",
    });
    const b = new DigestScheduler({
      store: world.handles[1] as DigestStore,
      corpus: new LiveCorpus(after),
      transport: channel,
      clock: clockB,
      leaseMs,
      owner: "process-b",
    });
    channel[how] = true;
    // A claims the run and dies in the middle of sending it (its tick never finishes).
    void a.tick();
    const claimed = async () => (await world.first.getDelivery(id ?? "", due))?.attempts === 1;
    for (let i = 0; i < 200 && !(await claimed()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await world.first.getDelivery(id ?? "", due)).toMatchObject({ claimedBy: "process-a", attempts: 1 });
    channel[how] = false;

    // B, meanwhile: the run is held under a live lease, so B leaves it alone.
    clockB.set(due + 5_000 + leaseMs - 1_000);
    expect(await b.tick()).toEqual([]);
    expect(channel.posted).toHaveLength(how === "dieAfterPost" ? 1 : 0);

    // The lease runs out: B takes the run over, looks for the post, and finishes it once.
    clockB.set(due + 5_000 + leaseMs + 1_000);
    const outcomes = await b.tick();
    expect(outcomes).toEqual([
      expect.objectContaining({ subscriptionId: id, status: "delivered", reconciled: true, foundSent: found }),
    ]);
    expect(channel.posted).toHaveLength(posts);
    expect(new Set(channel.posted.map((p) => p.run.key)).size).toBe(1);
    expect(await world.first.getDelivery(id ?? "", due)).toMatchObject({ status: "delivered", claimedBy: "process-b" });
  });
});
