import type { Logger } from "../logger.js";
import { corpusFolderKey, type OpenedCorpus, openCorpus } from "../sitrep.js";
import { PostgresCorpusCoordinator } from "./postgres.js";
import { type CorpusRole, openSharedCorpus, SharedLiveCorpus } from "./shared.js";
import { type LiveCorpusService, watchCorpusFolder, type WatchOptions, type WatchTuning } from "./watch.js";

export interface OpenLiveOptions extends WatchTuning {
  corpusDir: string;
  dataDir: string;
  maxReportBytes?: number;
  /** DATABASE_URL: with PostgreSQL, processes share one indexer; without it this process indexes. */
  databaseUrl: string | null;
  logger: Logger;
}

export interface OpenedLive {
  opened: OpenedCorpus;
  /** "single": the only process (SQLite mode, or PostgreSQL unreachable for coordination). */
  role: CorpusRole | "single";
  /** Starts the live corpus over the holder of `opened`. */
  start(live: WatchOptions["live"]): Promise<LiveCorpusService>;
}

/** A process's first corpus, and the live corpus service that keeps it current. */
export async function openLiveCorpus(options: OpenLiveOptions): Promise<OpenedLive> {
  const { databaseUrl, ...rest } = options;
  if (databaseUrl) {
    let coordinator: PostgresCorpusCoordinator | null = null;
    try {
      coordinator = await PostgresCorpusCoordinator.connect({
        url: databaseUrl,
        corpusKey: corpusFolderKey(options.corpusDir),
        logger: options.logger,
      });
    } catch (error) {
      // Answering matters more than indexing once: index here, as a single process would.
      options.logger.error({ err: error }, "cannot coordinate the corpus through PostgreSQL; indexing it here");
    }
    if (coordinator) {
      const shared = coordinator;
      try {
        const { opened, role } = await openSharedCorpus({ ...rest, coordinator: shared });
        return { opened, role, start: (live) => SharedLiveCorpus.start({ ...rest, coordinator: shared, live, role }) };
      } catch (error) {
        await shared.close();
        throw error;
      }
    }
  }
  const { corpusDir, dataDir, maxReportBytes } = options;
  const opened = await openCorpus({ corpusDir, dataDir, maxReportBytes });
  return { opened, role: "single", start: (live) => watchCorpusFolder({ ...rest, live }) };
}
