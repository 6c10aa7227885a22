import { randomBytes, randomInt } from "node:crypto";
import { hostname } from "node:os";
import type { Corpus } from "../corpus/types.js";
import { createLogger, type Logger } from "../logger.js";
import type { Opened } from "../search/index.js";
import { type Slicer, TimeSlicer } from "../time-slice.js";
import { buildDigest, type Digest, type DigestOptions } from "./build.js";
import { deliverRun, type DeliveryContext, MAX_TOTAL_ATTEMPTS, outcomeOf, type RunOutcome } from "./deliver.js";
import { dueRuns, loadSchedule, nextRun } from "./schedule.js";
import type { Claim, Delivery, DigestStore, Subscription } from "./store.js";
import type { DigestTransport } from "./transport.js";

/**
 * Posts digests on schedule, exactly once per run, with any number of processes sharing one store.
 *
 * A run is (subscription id, scheduled time). Whoever inserts that row into the delivery log
 * ("recorded") owns the run: the primary key makes the claim atomic across processes, and the
 * claimant holds a lease on it, renewed before every send. The protocol of sending is deliver.ts.
 * Runs still "recorded" whose lease ran out (their process died) are taken over by any scheduler
 * (at start, and on every tick), and finished with the transport's findSent, so they are not posted
 * twice. On SQLite one process owns the store (a lock file), so a run it finds recorded is from a
 * previous, dead process and is taken over at once.
 *
 * Runs missed while the bot was down (or the clock jumped forward) become one catch-up run at the
 * latest missed time, covering everything since the last digest. A clock set back finds no run
 * due: runs are counted from the last run recorded, never from "now".
 *
 * Nothing here throws out of a timer: each run is wrapped, failures are logged and recorded.
 */

export type { RunOutcome } from "./deliver.js";

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. Looked up on each call, so vi.useFakeTimers() applies to it as well. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  store: DigestStore;
  /** The corpus being served; read once per run (a LiveCorpus). */
  corpus: { readonly current: Opened };
  transport: DigestTransport;
  logger?: Logger;
  clock?: Clock;
  /** Waits before each retry of a transient failure; its length bounds the retries. Default 2 s, 10 s, 30 s. */
  retryDelaysMs?: readonly number[];
  /** Longest sleep between checks, so a clock change is noticed within it. Default one minute. */
  maxSleepMs?: number;
  /** Subscriptions delivered at once. Default 4. */
  concurrency?: number;
  digest?: Pick<DigestOptions, "maxReports" | "timelineDates">;
  /** Called after every run, whatever its outcome. */
  onRun?: (outcome: RunOutcome) => void;
  /**
   * How long a claimed run stays this scheduler's without renewal (renewed before each send).
   * Another process takes a run over only after it runs out. Default two minutes: longer than
   * the longest retry wait plus a send.
   */
  leaseMs?: number;
  /** This scheduler's name in the delivery log's claims. Default host:pid:random. */
  owner?: string;
  /**
   * How a digest's build gives way to the bot's other events: a fresh TimeSlicer per build by
   * default. Tests on a fake clock, which expect a build to finish while they advance it, pass
   * NEVER_GIVE_WAY.
   */
  slicer?: () => Slicer;
}

export const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 30_000] as const;
export const DEFAULT_LEASE_MS = 120_000;
/** Digests kept per corpus version for subscriptions that share new reports and topic. */
const DIGEST_CACHE_SIZE = 64;
/** After an unexpected error, a subscription is left alone this long (no hot loop of errors). */
const ERROR_BACKOFF_MS = 60_000;

export class DigestScheduler {
  private readonly store: DigestStore;
  private readonly corpus: { readonly current: Opened };
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly maxSleepMs: number;
  private readonly concurrency: number;
  private readonly digestOptions: Pick<DigestOptions, "maxReports" | "timelineDates">;
  private readonly onRun: ((outcome: RunOutcome) => void) | undefined;
  private readonly claim: Claim;
  private readonly delivery: DeliveryContext;
  private readonly slicer: () => Slicer;

  private timer: unknown = null;
  /** Bumped by every arm(), so a plan that finished late does not set a stale timer. */
  private armGeneration = 0;
  private started = false;
  private stopping = false;
  private readonly inFlight = new Map<string, Promise<RunOutcome[]>>();
  /** Picked by a tick, waiting for a free slot in the pool. */
  private readonly queued = new Set<string>();
  private readonly sleepers = new Set<() => void>();
  private readonly backoffUntil = new Map<string, number>();
  private readonly corpusIds = new WeakMap<Corpus, Set<string>>();
  /** Promises, so subscriptions due together wait for one build rather than each starting its own. */
  private readonly digestCache = new WeakMap<Corpus, Map<string, Promise<Digest | null>>>();

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.corpus = options.corpus;
    this.logger = options.logger ?? createLogger("silent");
    this.clock = options.clock ?? systemClock;
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.digestOptions = options.digest ?? {};
    this.onRun = options.onRun;
    this.slicer = options.slicer ?? (() => new TimeSlicer());
    this.claim = {
      owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    };
    this.delivery = {
      store: this.store,
      transport: options.transport,
      logger: this.logger,
      now: () => this.clock.now(),
      claim: this.claim,
      retryDelays: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      sleep: (ms) => this.sleep(ms),
      stopping: () => this.stopping,
      report: (outcome) => this.report(outcome),
    };
  }

  /** This scheduler's name in the claims of the delivery log. */
  get owner(): string {
    return this.claim.owner;
  }

  /** Finishes runs left recorded by a previous process, posts what is due (one catch-up each), then keeps time. */
  async start(): Promise<RunOutcome[]> {
    if (this.started) return [];
    this.started = true;
    this.stopping = false;
    const outcomes = [...(await this.reconcile()), ...(await this.tick())];
    this.arm();
    return outcomes;
  }

  /** Stops the timer and waits for runs in progress; a run waiting to retry stays recorded for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    this.armGeneration++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const wake of this.sleepers) wake();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Re-plans the next wake-up; call after subscriptions change (the service does). */
  wake(): void {
    if (this.started && !this.stopping) this.arm();
  }

  /** Finishes every run still "recorded" that is free to take, whatever its subscription's state. */
  async reconcile(): Promise<RunOutcome[]> {
    const ids = await this.subscriptionsWithClaimableRuns();
    const tasks = [...ids].map((id) => () => this.exclusive(id, () => this.finishPending(id)));
    return (await this.pool(tasks)).flat();
  }

  /** Runs everything due now. Public for tests and for a manual "post now". */
  async tick(): Promise<RunOutcome[]> {
    const now = this.clock.now();
    const tasks: (() => Promise<RunOutcome[]>)[] = [];
    // A run left recorded (its process died, or its reconciliation failed) is finished before the next is due.
    const pending = await this.subscriptionsWithClaimableRuns();
    for (const subscription of await this.store.listSubscriptions({ status: "active" })) {
      const { id } = subscription;
      if (this.inFlight.has(id) || this.queued.has(id)) continue;
      if ((this.backoffUntil.get(id) ?? 0) > now) continue;
      // Most ticks find nothing due; only due subscriptions cost a run.
      const due = this.nextDueFor(subscription);
      const hasPending = pending.has(id);
      if (!hasPending && (due === null || due > now)) continue;
      this.queued.add(id);
      tasks.push(() => {
        this.queued.delete(id);
        return this.exclusive(id, () => this.runSubscription(id, hasPending));
      });
    }
    // Each scheduler starts at its own place in the list, so that processes sharing the store
    // claim different runs instead of queueing on the same rows one after another.
    const start = tasks.length > 0 ? randomInt(tasks.length) : 0;
    return (await this.pool([...tasks.slice(start), ...tasks.slice(0, start)])).flat();
  }

  /** When the next run is due (epoch ms), or null when no active subscription has one. */
  async nextDueAt(): Promise<number | null> {
    let next: number | null = null;
    for (const subscription of await this.store.listSubscriptions({ status: "active" })) {
      const at = this.nextDueFor(subscription);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** Runs recorded and not finished that this scheduler may take: no live lease of another process on them. */
  private async subscriptionsWithClaimableRuns(): Promise<Set<string>> {
    const now = this.clock.now();
    const ids = new Set<string>();
    for (const run of await this.store.pendingRuns()) {
      if (this.inFlight.has(run.subscriptionId)) continue;
      if (this.isClaimable(run, now)) ids.add(run.subscriptionId);
    }
    return ids;
  }

  private isClaimable(run: Delivery, now: number): boolean {
    return (
      this.store.exclusive ||
      run.claimedBy === null ||
      run.claimedBy === this.claim.owner ||
      run.leaseUntil === null ||
      run.leaseUntil <= now
    );
  }

  private nextDueFor(subscription: Subscription): number | null {
    if (this.inFlight.has(subscription.id) || this.queued.has(subscription.id)) return null;
    const backoff = this.backoffUntil.get(subscription.id);
    if (backoff !== undefined && backoff > this.clock.now()) return backoff;
    try {
      const schedule = loadSchedule(subscription.schedule, subscription.timezone);
      return nextRun(schedule, subscription.lastRunAt ?? subscription.createdAt)?.getTime() ?? null;
    } catch {
      // An unusable stored schedule is dealt with (paused, with a reason) by the run itself.
      return this.clock.now();
    }
  }

  private arm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.stopping) return;
    const generation = ++this.armGeneration;
    void this.nextDueAt()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, "digest scheduler could not plan its next run");
        return null;
      })
      .then((next) => {
        if (generation !== this.armGeneration || this.stopping) return;
        // Runs held by another process are looked at again within maxSleepMs, when their lease may be out.
        let delay = this.maxSleepMs;
        if (next !== null) delay = Math.min(Math.max(0, next - this.clock.now()), this.maxSleepMs);
        if (this.timer !== null) this.clock.clearTimeout(this.timer);
        this.timer = this.clock.setTimeout(() => this.onTimer(), delay);
      });
  }

  private onTimer(): void {
    this.timer = null;
    if (this.stopping) return;
    const ticking = this.tick().catch((error: unknown) => {
      this.logger.error({ err: error }, "digest scheduler tick failed");
      return [];
    });
    // Plan again now for the subscriptions not running, and again once these runs end.
    this.arm();
    void ticking.finally(() => this.wake());
  }

  private async pool<T>(tasks: (() => Promise<T>)[]): Promise<T[]> {
    const results: T[] = new Array<T>(tasks.length);
    let next = 0;
    const worker = async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, tasks.length) }, worker));
    return results;
  }

  /** One run at a time per subscription, and nothing escapes: errors are logged and the subscription backs off. */
  private exclusive(id: string, work: () => Promise<RunOutcome[]>): Promise<RunOutcome[]> {
    const running = this.inFlight.get(id);
    if (running) return running.then(() => []);
    const promise = work()
      .catch((error: unknown) => {
        this.backoffUntil.set(id, this.clock.now() + ERROR_BACKOFF_MS);
        this.logger.error({ err: error, subscription: id }, "digest run failed unexpectedly");
        return [] as RunOutcome[];
      })
      .finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, promise);
    return promise;
  }

  /** Finishes this subscription's recorded runs that are free to take. True when none is left held by another process. */
  private async finishPending(id: string): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    for (const pending of await this.store.pendingRuns(id)) {
      if (this.stopping) break;
      const run = await this.store.claimRun(
        id,
        pending.scheduledAt,
        this.claim,
        this.clock.now(),
        this.store.exclusive,
      );
      if (run) outcomes.push(await this.finishRun(run));
    }
    return outcomes;
  }

  private async runSubscription(id: string, hasPending: boolean): Promise<RunOutcome[]> {
    const outcomes = hasPending ? await this.finishPending(id) : [];
    const subscription = await this.store.getSubscription(id);
    if (!subscription || subscription.status !== "active" || this.stopping) return outcomes;
    // A run still recorded is another process's, in progress (or held under a live lease): this
    // subscription waits for it, else the next run would cover the same reports and post them again.
    if ((await this.store.pendingRuns(id)).length > 0) return outcomes;

    let schedule: ReturnType<typeof loadSchedule>;
    try {
      schedule = loadSchedule(subscription.schedule, subscription.timezone);
    } catch (error) {
      const reason = `The schedule can no longer be used: ${error instanceof Error ? error.message : String(error)}`;
      await this.store.pauseSubscription(id, reason, this.clock.now());
      this.logger.warn({ subscription: id, reason }, "digest paused");
      return outcomes;
    }
    const now = this.clock.now();
    const due = dueRuns(schedule, subscription.lastRunAt ?? subscription.createdAt, now);
    if (!due) return outcomes;

    // The window is read before the corpus: this process's watcher swaps the corpus before it records
    // first sightings, so every report in the window is served here. Sightings recorded by another
    // process may be ahead of this process's corpus; the window stops before the first of those.
    const sightings = await this.store.sightingsBetween(subscription.coveredSeq, Number.MAX_SAFE_INTEGER);
    const opened = this.corpus.current;
    const window = this.servedWindow(opened.corpus, sightings, subscription.coveredSeq);
    const base = {
      subscriptionId: id,
      scheduledAt: due.latest.getTime(),
      coveredFrom: subscription.coveredUntil,
      coveredTo: now,
      seqFrom: subscription.coveredSeq,
      seqTo: window.seqTo,
      missedRuns: due.count - 1,
    };
    // Claim first (the unique run row), so that of several schedulers only one builds the digest.
    const run = await this.store.recordRun({ ...base, status: "recorded" }, now, this.claim);
    if (!run) return outcomes;
    if (due.count > 1) {
      this.logger.info({ subscription: id, missedRuns: due.count - 1 }, "digest catch-up after missed runs");
    }
    let digest: Digest | null;
    try {
      digest = await this.build(opened, window.ids, subscription.topic, base);
    } catch (error) {
      // Failed, so the run is not retried every tick; the reports stay for the next run.
      await this.store.markFailed(id, run.scheduledAt, `could not build the digest: ${String(error)}`, now);
      throw error;
    }
    if (!digest) {
      await this.store.markSkipped(id, run.scheduledAt, now);
      this.logger.info({ subscription: id, scheduledAt: iso(run.scheduledAt) }, "digest skipped: nothing new");
      return [...outcomes, this.report(outcomeOf(run, "skipped", { reconciled: false }))];
    }
    return [...outcomes, await deliverRun(this.delivery, subscription, run, digest, false)];
  }

  /** The sightings this process's corpus can serve: all, or those before the first it has not loaded yet. */
  private servedWindow(
    corpus: Corpus,
    sightings: { id: string; seq: number; removedAt: number | null }[],
    fromSeq: number,
  ): { ids: string[]; seqTo: number } {
    let served = this.corpusIds.get(corpus);
    if (!served) {
      served = new Set(corpus.reports.map((r) => r.id));
      this.corpusIds.set(corpus, served);
    }
    const known = served;
    // A removed report is simply left out (buildDigest drops it); one not loaded here yet waits.
    const ahead = this.store.exclusive ? undefined : sightings.find((s) => s.removedAt === null && !known.has(s.id));
    const seqTo = ahead ? ahead.seq - 1 : Math.max(fromSeq, ...sightings.map((s) => s.seq));
    return { ids: sightings.filter((s) => s.seq <= seqTo).map((s) => s.id), seqTo: Math.max(fromSeq, seqTo) };
  }

  /**
   * The digest of these reports for this topic. Built once per corpus version and shared by every
   * subscription with the same new reports and topic (thousands, on a busy minute); only the window
   * and the catch-up count differ between them.
   */
  private async build(
    opened: Opened,
    ids: string[],
    topic: string | null,
    window: { coveredFrom: number; coveredTo: number; missedRuns: number },
  ): Promise<Digest | null> {
    let cache = this.digestCache.get(opened.corpus);
    if (!cache) {
      cache = new Map();
      this.digestCache.set(opened.corpus, cache);
    }
    const key = JSON.stringify([topic, ids]);
    let building = cache.get(key);
    if (building === undefined) {
      const started = buildDigest(opened, ids, { ...this.digestOptions, topic, from: 0, to: 0 }, this.slicer());
      building = started;
      cache.set(key, started);
      // A failed build is not kept: the run is marked failed, and the next one builds again.
      started.catch(() => {
        if (cache.get(key) === started) cache.delete(key);
      });
      for (const oldest of cache.keys()) {
        if (cache.size <= DIGEST_CACHE_SIZE) break;
        cache.delete(oldest);
      }
    }
    const built = await building;
    if (!built) return null;
    const { missedRuns } = window;
    return {
      ...built,
      from: window.coveredFrom,
      to: window.coveredTo,
      catchUp: missedRuns > 0 ? { missedRuns } : null,
    };
  }

  /** A run found "recorded" and claimed: left by a crash, by stop() during a retry wait, or by a dead process. */
  private async finishRun(run: Delivery): Promise<RunOutcome> {
    const now = this.clock.now();
    const subscription = await this.store.getSubscription(run.subscriptionId);
    if (!subscription) return outcomeOf(run, "failed", { reconciled: true, error: "subscription removed" });
    if (subscription.status !== "active") {
      const error = "the subscription was paused before this digest was delivered";
      await this.store.markFailed(run.subscriptionId, run.scheduledAt, error, now);
      return this.report(outcomeOf(run, "failed", { reconciled: true, error }));
    }
    if (run.attempts >= MAX_TOTAL_ATTEMPTS) {
      const error = `gave up after ${run.attempts} attempts`;
      await this.store.markFailed(run.subscriptionId, run.scheduledAt, error, now);
      return this.report(outcomeOf(run, "failed", { reconciled: true, error }));
    }
    const digest = await this.build(
      this.corpus.current,
      await this.store.reportIdsSeenBetween(run.seqFrom, run.seqTo),
      subscription.topic,
      run,
    );
    if (!digest) {
      // Its reports left the corpus since; there is nothing left to say.
      await this.store.markFailed(run.subscriptionId, run.scheduledAt, "its reports were removed before delivery", now);
      return this.report(outcomeOf(run, "failed", { reconciled: true, error: "reports removed" }));
    }
    this.logger.info(
      { subscription: run.subscriptionId, scheduledAt: iso(run.scheduledAt), attempts: run.attempts },
      "finishing a digest run recorded earlier",
    );
    return deliverRun(this.delivery, subscription, run, digest, true);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.sleepers.delete(done);
        this.clock.clearTimeout(handle);
        resolve();
      };
      const handle = this.clock.setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private report(outcome: RunOutcome): RunOutcome {
    try {
      this.onRun?.(outcome);
    } catch (error) {
      this.logger.error({ err: error }, "digest onRun listener failed");
    }
    return outcome;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
