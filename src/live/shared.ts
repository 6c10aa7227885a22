import { createLogger, type Logger } from "../logger.js";
import { type OpenedCorpus, openCorpus, SnapshotUnavailableError } from "../sitrep.js";
import {
  type CorpusWatcher,
  diffCorpora,
  type LiveCorpusOptions,
  type LiveCorpusService,
  type ReloadEvent,
  watchCorpusFolder,
} from "./watch.js";

/**
 * One corpus, many processes. Exactly one process indexes: it holds the coordinator's lock, watches
 * the folder as a single process would (CorpusWatcher), writes the snapshot (openCorpus: a temporary
 * file renamed into place, so nobody ever reads half of it) and then announces the new corpus hash.
 * Every other process reads: on an announcement it reads the files and restores parse and index
 * from that snapshot (`snapshotOnly`, never indexing), then swaps. So all processes serve the same
 * corpus version within the time it takes to read the snapshot.
 *
 * Readers keep trying for the lock; when the indexer dies its lock goes with its connection, and the
 * next reader to try takes over. An indexer that loses its lock (its connection dropped) goes back
 * to reading. PostgreSQL implements the coordinator (src/live/postgres.ts); SQLite mode runs one
 * process, which is always the indexer and needs none of this.
 */

export interface CorpusCoordinator {
  /** Tries (without waiting) to become the process that indexes; true while this process holds it. */
  tryLead(): Promise<boolean>;
  /** Tells every process that the snapshot of `hash` is written. */
  announce(hash: string): Promise<void>;
  /**
   * Each announced hash; null after a reconnect (announcements may have been missed, so look) and
   * `lost` when the lock went with the old connection.
   */
  subscribe(listener: (signal: { hash: string | null; lost: boolean }) => void): Promise<void>;
  close(): Promise<void>;
}

export type CorpusRole = "indexer" | "reader";

export interface SharedOpenOptions extends Omit<LiveCorpusOptions, "live"> {
  coordinator: CorpusCoordinator;
  /** How long a reader waits at start for the indexer's first snapshot. Default 10 minutes. */
  firstSnapshotTimeoutMs?: number;
  /** Between a reader's tries for the lock (and for a snapshot it could not read yet). Default 5 s. */
  retryMs?: number;
}

/**
 * The first corpus of a process that shares the folder: the indexer opens (and indexes if need
 * be) as usual; a reader waits for a snapshot of the current files, taking over if the lock frees.
 */
export async function openSharedCorpus(
  options: SharedOpenOptions,
): Promise<{ opened: OpenedCorpus; role: CorpusRole }> {
  const { coordinator } = options;
  const { corpusDir, dataDir, maxReportBytes } = options;
  const open = (snapshotOnly: boolean) => openCorpus({ corpusDir, dataDir, maxReportBytes, snapshotOnly });
  const deadline = Date.now() + (options.firstSnapshotTimeoutMs ?? 10 * 60_000);
  const retryMs = options.retryMs ?? 5_000;
  let announced: () => void = () => undefined;
  await coordinator.subscribe(() => announced());
  for (;;) {
    if (await coordinator.tryLead()) return { opened: await open(false), role: "indexer" };
    try {
      return { opened: await open(true), role: "reader" };
    } catch (error) {
      if (!(error instanceof SnapshotUnavailableError)) throw error;
      if (Date.now() > deadline) {
        throw new Error(
          `no index snapshot of the corpus appeared within ${Math.round((options.firstSnapshotTimeoutMs ?? 600_000) / 1000)} s; is the indexing process stuck?`,
          { cause: error },
        );
      }
      options.logger?.info({ corpusHash: error.corpusHash }, "waiting for the indexing process's snapshot");
    }
    // The indexer announces the snapshot; until then, try again now and then (the lock may free up).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, retryMs);
      announced = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    announced = () => undefined;
  }
}

export interface SharedLiveCorpusOptions extends SharedOpenOptions {
  live: LiveCorpusOptions["live"];
  /** What openSharedCorpus returned. */
  role: CorpusRole;
}

/** The live corpus of a process that shares its folder with others (see the module comment). */
export class SharedLiveCorpus implements LiveCorpusService {
  private readonly logger: Logger;
  private readonly listeners = new Set<(event: ReloadEvent) => void>();
  private watcher: CorpusWatcher | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private following: Promise<void> = Promise.resolve();
  private stopped = false;
  private currentRole: CorpusRole;

  private constructor(private readonly options: SharedLiveCorpusOptions) {
    this.logger = options.logger ?? createLogger("silent");
    this.currentRole = options.role;
  }

  static async start(options: SharedLiveCorpusOptions): Promise<SharedLiveCorpus> {
    const shared = new SharedLiveCorpus(options);
    await options.coordinator.subscribe((signal) => shared.onSignal(signal));
    if (options.role === "indexer") await shared.lead();
    else shared.follow(null);
    shared.timer = setInterval(() => void shared.tick(), options.retryMs ?? 5_000);
    shared.timer.unref();
    return shared;
  }

  get role(): CorpusRole {
    return this.currentRole;
  }

  onReload(listener: (event: ReloadEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.watcher?.stop();
    await this.following;
    await this.options.coordinator.close();
  }

  private onSignal(signal: { hash: string | null; lost: boolean }): void {
    if (this.stopped) return;
    if (signal.lost && this.currentRole === "indexer") {
      this.logger.warn("lost the corpus indexing lock; reading the corpus another process indexes");
      this.currentRole = "reader";
      const watcher = this.watcher;
      this.watcher = null;
      void watcher?.stop();
    }
    if (this.currentRole === "reader") this.follow(signal.hash);
  }

  /** Readers try for the lock now and then, so a dead indexer is replaced. */
  private async tick(): Promise<void> {
    if (this.stopped || this.currentRole === "indexer") return;
    try {
      if (await this.options.coordinator.tryLead()) {
        this.currentRole = "indexer";
        await this.lead();
      }
    } catch (error) {
      this.logger.warn({ err: error }, "could not try for the corpus indexing lock");
    }
  }

  /** Becomes the indexer: watch the folder, announce every reload and what is served now. */
  private async lead(): Promise<void> {
    this.logger.info("indexing the corpus for every process");
    const { coordinator, live, corpusDir, dataDir, maxReportBytes, logger, debounceMs, pollMs, events } = this.options;
    const watcher = await watchCorpusFolder({
      live,
      corpusDir,
      dataDir,
      maxReportBytes,
      logger,
      debounceMs,
      pollMs,
      events,
    });
    watcher.onReload((event) => {
      this.emit(event);
      coordinator.announce(event.opened.corpus.hash).catch((error: unknown) => {
        this.logger.error({ err: error }, "could not announce the new corpus");
      });
    });
    this.watcher = watcher;
    if (this.stopped) {
      await watcher.stop();
      return;
    }
    // A reader that started while this process was indexing waits for this.
    await coordinator.announce(live.current.corpus.hash);
  }

  /** A reader loads the announced version (null: whatever the files are now) from its snapshot. */
  private follow(hash: string | null): void {
    this.following = this.following.then(async () => {
      const { live } = this.options;
      if (this.stopped || this.currentRole !== "reader" || hash === live.current.corpus.hash) return;
      const started = performance.now();
      let opened: OpenedCorpus;
      try {
        const { corpusDir, dataDir, maxReportBytes } = this.options;
        opened = await openCorpus({ corpusDir, dataDir, maxReportBytes, snapshotOnly: true });
      } catch (error) {
        // Not written yet (the files changed again): the next announcement brings it.
        const level = error instanceof SnapshotUnavailableError ? "debug" : "error";
        this.logger[level]({ err: error, announced: hash }, "could not load the announced corpus yet");
        return;
      }
      if (this.stopped || opened.corpus.hash === live.current.corpus.hash) return;
      const previous = live.current;
      live.replace(opened);
      const event: ReloadEvent = {
        opened,
        previous,
        diff: diffCorpora(previous.corpus, opened.corpus),
        at: Date.now(),
        ms: performance.now() - started,
      };
      this.logger.info(
        { reports: opened.corpus.reports.length, hash: opened.corpus.hash.slice(0, 12), ms: Math.round(event.ms) },
        "corpus reloaded from the indexing process's snapshot",
      );
      this.emit(event);
    });
  }

  private emit(event: ReloadEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error }, "corpus reload listener failed");
      }
    }
  }
}
