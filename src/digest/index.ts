// src/digest: scheduled digests: subscriptions, schedules, the scheduler and its exactly-once delivery.
import type { Logger } from "../logger.js";
import type { CorpusUpdates } from "../live/watch.js";
import type { LiveCorpus } from "../sitrep.js";
import { DigestScheduler, type SchedulerOptions } from "./scheduler.js";
import { DigestService } from "./service.js";
import type { SitrepDatabase } from "../store/database.js";
import { DigestStore } from "./store.js";
import type { DigestTransport } from "./transport.js";

/**
 * The digest feature wired up, for a front end (the Discord bot) to start once it can send:
 * the store (the shared database, or DATA_DIR/sitrep.db), subscribed to the live corpus (src/live) for first sightings,
 * the scheduler and the service the /digest command calls. The pieces are exported too, for tests
 * and other front ends.
 */

export { buildDigest, type Digest, type DigestExcerpt, type DigestReport, renderDigestText } from "./build.js";
export { DigestError, ScheduleError, SubscriptionNotFoundError } from "./errors.js";
export { parseSchedule, type Schedule, searchTimeZones, timeZones } from "./schedule.js";
export { type RunOutcome } from "./deliver.js";
export { DigestScheduler } from "./scheduler.js";
export {
  DigestService,
  type PreviewTarget,
  type Scope,
  type SubscribeInput,
  type SubscriptionView,
} from "./service.js";
export { type Delivery, DigestStore, type Subscription } from "./store.js";
export {
  DeliveryError,
  type DeliveryFailureKind,
  type DigestTarget,
  type DigestTransport,
  type RunKey,
  type SentMessages,
} from "./transport.js";

export interface DigestSystemOptions {
  live: LiveCorpus;
  /** Reloads of the live corpus, whose new reports digests announce; null when nothing watches it. */
  updates: CorpusUpdates | null;
  dataDir: string;
  /** The shared store, opened by the caller (who closes it); without it, SQLite in dataDir is opened here. */
  database?: SitrepDatabase | null;
  transport: DigestTransport;
  logger: Logger;
  scheduler?: Pick<
    SchedulerOptions,
    "retryDelaysMs" | "maxSleepMs" | "concurrency" | "clock" | "onRun" | "leaseMs" | "owner"
  >;
  /**
   * Shortest schedule interval /digest subscribe accepts. Default one hour (MIN_INTERVAL_MS), which
   * production keeps; tests lower it to run seconds-level cron schedules.
   */
  minIntervalMs?: number;
}

export interface DigestSystem {
  store: DigestStore;
  service: DigestService;
  scheduler: DigestScheduler;
  /** Resolves when the first pass (reconciliation and catch-up) is done; never rejects. */
  started: Promise<void>;
  /** Stops the scheduler (waiting for runs in progress), leaves the live corpus, then closes the store if it opened it. */
  stop(): Promise<void>;
}

/**
 * Starts the digest feature. Call it when the transport can send (the Discord client is ready);
 * it returns at once, while the first pass (finishing interrupted runs, one catch-up per
 * subscription) goes on in the background. Throws only if the database cannot be opened.
 */
export async function startDigestSystem(options: DigestSystemOptions): Promise<DigestSystem> {
  const { live, logger } = options;
  const store = options.database
    ? new DigestStore(options.database)
    : await DigestStore.open({ dataDir: options.dataDir });
  // The corpus being served now, then every reload: recorded after the swap, so a digest never
  // announces a report before it can be served.
  try {
    const write = await store.database.checkWritable(Date.now());
    if (!write.writable) logger.error({ problem: write.problem }, "digest database is read-only");
    await store.recordSeen(live.current.corpus.reports, Date.now());
  } catch (error) {
    await store.close();
    throw error;
  }
  // One recording at a time, in reload order, so sequence numbers follow the swaps.
  let recording: Promise<void> = Promise.resolve();
  const unsubscribe =
    options.updates?.onReload((event) => {
      recording = recording.then(async () => {
        try {
          const seen = await store.recordSeen(event.opened.corpus.reports, event.at);
          if (seen.added.length > 0) logger.info({ added: seen.added.length, seq: seen.seq }, "new reports seen");
        } catch (error) {
          // The corpus is served either way; the next reload records these reports.
          logger.error({ err: error }, "could not record first sightings of reports");
        }
      });
    }) ?? (() => undefined);
  const scheduler = new DigestScheduler({
    ...options.scheduler,
    store,
    corpus: live,
    transport: options.transport,
    logger,
  });
  const service = new DigestService({
    store,
    corpus: live,
    scheduler,
    ...(options.minIntervalMs === undefined ? {} : { minIntervalMs: options.minIntervalMs }),
  });
  const started = scheduler.start().then(
    (outcomes) => {
      if (outcomes.length > 0) logger.info({ runs: outcomes.length }, "digest scheduler started");
    },
    (error: unknown) => logger.error({ err: error }, "digest scheduler could not start"),
  );
  return {
    store,
    service,
    scheduler,
    started,
    async stop() {
      await scheduler.stop();
      unsubscribe();
      await recording;
      await started;
      await store.close();
    },
  };
}
