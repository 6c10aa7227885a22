import type { Corpus } from "../corpus/types.js";
import { createLogger, type Logger } from "../logger.js";
import type { PassageIndex } from "../search/index.js";
import { buildDigest, type Digest, type DigestOptions } from "./build.js";
import { dueRuns, loadSchedule, nextRun } from "./schedule.js";
import type { Delivery, DeliveryStatus, DigestStore, Subscription } from "./store.js";
import {
  classifyDeliveryError,
  type DigestTarget,
  type DigestTransport,
  pauseReasonFor,
  runKey,
  type SentMessages,
} from "./transport.js";

/**
 * Posts digests on schedule, exactly once per run.
 *
 * A run is (subscription id, scheduled time). It is written to the delivery log as "recorded"
 * before anything is sent and marked "delivered" after; an attempt is counted before each send.
 * On start, runs still "recorded" are finished: never attempted → sent; maybe sent → the
 * transport's findSent decides (see transport.ts), so a crash between the send and the mark
 * neither posts twice nor drops the post.
 *
 * Runs missed while the bot was down (or the clock jumped forward) become one catch-up run at the
 * latest missed time, covering everything since the last digest. A clock set back finds no run
 * due: runs are counted from the last run recorded, never from "now".
 *
 * Nothing here throws out of a timer: each run is wrapped, failures are logged and recorded.
 */

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

interface Opened {
  corpus: Corpus;
  index: PassageIndex;
}

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
}

export interface RunOutcome {
  subscriptionId: string;
  scheduledAt: number;
  /** "interrupted": stop() came during a retry wait; the run stays recorded for the next start. */
  status: DeliveryStatus | "interrupted";
  messageIds: string[];
  /** Attempts counted for this run so far, across restarts. */
  attempts: number;
  missedRuns: number;
  /** Finished a run recorded earlier (by a previous process, usually). */
  reconciled: boolean;
  /** Found already posted by findSent instead of being sent again. */
  foundSent: boolean;
  paused: boolean;
  error: string | null;
}

export const DEFAULT_RETRY_DELAYS_MS = [2_000, 10_000, 30_000] as const;
/** A run that has failed to finish this many times across restarts is given up. */
const MAX_TOTAL_ATTEMPTS = 12;
/** After an unexpected error, a subscription is left alone this long (no hot loop of errors). */
const ERROR_BACKOFF_MS = 60_000;

export class DigestScheduler {
  private readonly store: DigestStore;
  private readonly corpus: { readonly current: Opened };
  private readonly transport: DigestTransport;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly retryDelays: readonly number[];
  private readonly maxSleepMs: number;
  private readonly concurrency: number;
  private readonly digestOptions: Pick<DigestOptions, "maxReports" | "timelineDates">;
  private readonly onRun: ((outcome: RunOutcome) => void) | undefined;

  private timer: unknown = null;
  private started = false;
  private stopping = false;
  private readonly inFlight = new Map<string, Promise<RunOutcome[]>>();
  /** Picked by a tick, waiting for a free slot in the pool. */
  private readonly queued = new Set<string>();
  private readonly sleepers = new Set<() => void>();
  private readonly backoffUntil = new Map<string, number>();

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.corpus = options.corpus;
    this.transport = options.transport;
    this.logger = options.logger ?? createLogger("silent");
    this.clock = options.clock ?? systemClock;
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.maxSleepMs = options.maxSleepMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.digestOptions = options.digest ?? {};
    this.onRun = options.onRun;
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
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const wake of this.sleepers) wake();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Re-plans the next wake-up; call after subscriptions change (the service does). */
  wake(): void {
    if (this.started && !this.stopping) this.arm();
  }

  /** Finishes every run still "recorded", whatever its subscription's state. */
  async reconcile(): Promise<RunOutcome[]> {
    const ids = new Set(this.store.pendingRuns().map((run) => run.subscriptionId));
    const tasks = [...ids].map((id) => () => this.exclusive(id, () => this.finishPending(id)));
    return (await this.pool(tasks)).flat();
  }

  /** Runs everything due now. Public for tests and for a manual "post now". */
  async tick(): Promise<RunOutcome[]> {
    const now = this.clock.now();
    const tasks: (() => Promise<RunOutcome[]>)[] = [];
    // A run left recorded (its reconciliation failed at start) is finished before the next is due.
    const pending = new Set(this.store.pendingRuns().map((r) => r.subscriptionId));
    for (const subscription of this.store.listSubscriptions({ status: "active" })) {
      const { id } = subscription;
      if (this.inFlight.has(id) || this.queued.has(id)) continue;
      if ((this.backoffUntil.get(id) ?? 0) > now) continue;
      // Most ticks find nothing due; only due subscriptions cost a run.
      const due = this.nextDueFor(subscription);
      if (!pending.has(id) && (due === null || due > now)) continue;
      this.queued.add(id);
      tasks.push(() => {
        this.queued.delete(id);
        return this.exclusive(id, () => this.runSubscription(id));
      });
    }
    return (await this.pool(tasks)).flat();
  }

  /** When the next run is due (epoch ms), or null when no active subscription has one. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const subscription of this.store.listSubscriptions({ status: "active" })) {
      const at = this.nextDueFor(subscription);
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
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
    let delay = this.maxSleepMs;
    try {
      const next = this.nextDueAt();
      if (next !== null) delay = Math.min(Math.max(0, next - this.clock.now()), this.maxSleepMs);
    } catch (error) {
      this.logger.error({ err: error }, "digest scheduler could not plan its next run");
    }
    this.timer = this.clock.setTimeout(() => this.onTimer(), delay);
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
    const results: T[] = new Array(tasks.length);
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

  private async finishPending(id: string): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    for (const run of this.store.pendingRuns(id)) {
      if (this.stopping) break;
      outcomes.push(await this.finishRun(run));
    }
    return outcomes;
  }

  private async runSubscription(id: string): Promise<RunOutcome[]> {
    const outcomes = await this.finishPending(id);
    const subscription = this.store.getSubscription(id);
    if (!subscription || subscription.status !== "active" || this.stopping) return outcomes;
    if (this.store.pendingRuns(id).length > 0) return outcomes;

    let schedule: ReturnType<typeof loadSchedule>;
    try {
      schedule = loadSchedule(subscription.schedule, subscription.timezone);
    } catch (error) {
      const reason = `The schedule can no longer be used: ${error instanceof Error ? error.message : String(error)}`;
      this.store.pauseSubscription(id, reason, this.clock.now());
      this.logger.warn({ subscription: id, reason }, "digest paused");
      return outcomes;
    }
    const now = this.clock.now();
    const due = dueRuns(schedule, subscription.lastRunAt ?? subscription.createdAt, now);
    if (!due) return outcomes;

    // The window and the corpus are read together, synchronously: the live corpus records first
    // sightings in the same tick as it swaps the index, so every report in the window is served.
    const opened = this.corpus.current;
    const seqTo = this.store.maxSeenSeq();
    const ids = this.store.reportIdsSeenBetween(subscription.coveredSeq, seqTo);
    const base = {
      subscriptionId: id,
      scheduledAt: due.latest.getTime(),
      coveredFrom: subscription.coveredUntil,
      coveredTo: now,
      seqFrom: subscription.coveredSeq,
      seqTo,
      missedRuns: due.count - 1,
    };
    let digest: Digest | null;
    try {
      digest = this.build(opened, ids, subscription.topic, base);
    } catch (error) {
      // Recorded and failed, so the run is not retried every tick; the reports stay for the next run.
      if (this.store.recordRun({ ...base, status: "recorded" }, now)) {
        this.store.markFailed(id, base.scheduledAt, `could not build the digest: ${String(error)}`, now);
      }
      throw error;
    }
    const run = this.store.recordRun({ ...base, status: digest ? "recorded" : "skipped" }, now);
    if (!run) return outcomes;
    if (due.count > 1) {
      this.logger.info({ subscription: id, missedRuns: due.count - 1 }, "digest catch-up after missed runs");
    }
    if (!digest) {
      this.logger.info({ subscription: id, scheduledAt: iso(run.scheduledAt) }, "digest skipped: nothing new");
      return [...outcomes, this.report(this.outcome(run, "skipped", { reconciled: false }))];
    }
    return [...outcomes, await this.deliver(subscription, run, digest, false)];
  }

  private build(
    opened: Opened,
    ids: string[],
    topic: string | null,
    window: { coveredFrom: number; coveredTo: number; missedRuns: number },
  ): Digest | null {
    return buildDigest(opened, ids, {
      ...this.digestOptions,
      topic,
      from: window.coveredFrom,
      to: window.coveredTo,
      missedRuns: window.missedRuns,
    });
  }

  /** A run found "recorded": left by a crash, or by stop() during a retry wait. */
  private async finishRun(run: Delivery): Promise<RunOutcome> {
    const now = this.clock.now();
    const subscription = this.store.getSubscription(run.subscriptionId);
    if (!subscription) return this.outcome(run, "failed", { reconciled: true, error: "subscription removed" });
    if (subscription.status !== "active") {
      const error = "the subscription was paused before this digest was delivered";
      this.store.markFailed(run.subscriptionId, run.scheduledAt, error, now);
      return this.report(this.outcome(run, "failed", { reconciled: true, error }));
    }
    if (run.attempts >= MAX_TOTAL_ATTEMPTS) {
      const error = `gave up after ${run.attempts} attempts`;
      this.store.markFailed(run.subscriptionId, run.scheduledAt, error, now);
      return this.report(this.outcome(run, "failed", { reconciled: true, error }));
    }
    const digest = this.build(
      this.corpus.current,
      this.store.reportIdsSeenBetween(run.seqFrom, run.seqTo),
      subscription.topic,
      run,
    );
    if (!digest) {
      // Its reports left the corpus since; there is nothing left to say.
      this.store.markFailed(run.subscriptionId, run.scheduledAt, "its reports were removed before delivery", now);
      return this.report(this.outcome(run, "failed", { reconciled: true, error: "reports removed" }));
    }
    this.logger.info(
      { subscription: run.subscriptionId, scheduledAt: iso(run.scheduledAt), attempts: run.attempts },
      "finishing a digest run recorded earlier",
    );
    return this.deliver(subscription, run, digest, true);
  }

  private async deliver(subscription: Subscription, run: Delivery, digest: Digest, reconciled: boolean) {
    const target: DigestTarget = {
      subscriptionId: subscription.id,
      guildId: subscription.guildId,
      channelId: subscription.channelId,
      timezone: subscription.timezone,
    };
    const log = { subscription: subscription.id, scheduledAt: iso(run.scheduledAt) };
    let attempts = run.attempts;
    // attempts > 0: an earlier attempt may have posted before it failed or the process died.
    let maybeSent = attempts > 0;
    for (let retry = 0; ; retry++) {
      if (this.stopping) return this.report(this.outcome({ ...run, attempts }, "interrupted", { reconciled }));
      const key = runKey(subscription.id, run.scheduledAt, attempts + 1);
      try {
        let sent: SentMessages | null = null;
        let foundSent = false;
        if (maybeSent && this.transport.findSent) {
          sent = await this.transport.findSent(target, key);
          foundSent = sent !== null;
        } else if (maybeSent) {
          this.logger.warn(log, "digest may already have been posted; sending again (the transport has no findSent)");
        }
        if (!sent) {
          this.store.markAttempt(subscription.id, run.scheduledAt, this.clock.now());
          attempts++;
          maybeSent = true;
          sent = await this.transport.send(target, digest, key);
        }
        this.store.markDelivered(subscription.id, run.scheduledAt, sent.messageIds, this.clock.now());
        this.logger.info({ ...log, messages: sent.messageIds.length, foundSent, reconciled }, "digest delivered");
        return this.report(
          this.outcome({ ...run, attempts }, "delivered", { reconciled, foundSent, messageIds: sent.messageIds }),
        );
      } catch (error) {
        if (!this.store.isOpen) throw error;
        const failure = classifyDeliveryError(error);
        const now = this.clock.now();
        const pauseReason = pauseReasonFor(failure);
        const detail = `${failure.kind}: ${failure.message}`;
        if (pauseReason) {
          this.store.markFailed(subscription.id, run.scheduledAt, detail, now, pauseReason);
          this.logger.warn({ ...log, code: failure.code, reason: pauseReason }, "digest paused: cannot post");
          return this.report(this.outcome({ ...run, attempts }, "failed", { reconciled, error: detail, paused: true }));
        }
        const delay = this.retryDelays[retry];
        if (failure.kind === "transient" && delay !== undefined && attempts < MAX_TOTAL_ATTEMPTS) {
          this.store.noteError(subscription.id, run.scheduledAt, detail, now);
          const wait = Math.max(delay, failure.retryAfterMs ?? 0);
          this.logger.warn({ ...log, error: detail, retryInMs: wait }, "digest delivery failed; retrying");
          await this.sleep(wait);
          continue;
        }
        this.store.markFailed(subscription.id, run.scheduledAt, detail, now);
        this.logger.error({ ...log, error: detail, attempts }, "digest delivery failed; giving up on this run");
        return this.report(this.outcome({ ...run, attempts }, "failed", { reconciled, error: detail }));
      }
    }
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

  private outcome(
    run: Pick<Delivery, "subscriptionId" | "scheduledAt" | "attempts" | "missedRuns">,
    status: RunOutcome["status"],
    extra: { reconciled: boolean; foundSent?: boolean; messageIds?: string[]; paused?: boolean; error?: string },
  ): RunOutcome {
    return {
      subscriptionId: run.subscriptionId,
      scheduledAt: run.scheduledAt,
      status,
      messageIds: extra.messageIds ?? [],
      attempts: run.attempts,
      missedRuns: run.missedRuns,
      reconciled: extra.reconciled,
      foundSent: extra.foundSent ?? false,
      paused: extra.paused ?? false,
      error: extra.error ?? null,
    };
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
