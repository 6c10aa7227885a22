import { createHash } from "node:crypto";
import path from "node:path";
import { type LoadOptions, loadCorpus } from "./corpus/load.js";
import type { Corpus } from "./corpus/types.js";
import { PassageIndex } from "./search/index.js";
import { inferPublicationDates } from "./timeline/infer.js";

/**
 * Opening a corpus for questions: load the reports, then reuse the index snapshot when the corpus
 * is unchanged. The CLI, the bot and the benchmarks all start here.
 */
export interface OpenOptions extends LoadOptions {
  corpusDir: string;
  /** Where the index snapshot is kept; null to never read or write one. */
  dataDir: string | null;
}

export interface OpenedCorpus {
  corpus: Corpus;
  index: PassageIndex;
  fromSnapshot: boolean;
}

/** One snapshot per corpus folder, so switching `--corpus` does not evict the other's snapshot. */
export function snapshotPathFor(dataDir: string, corpusDir: string): string {
  const key = createHash("sha256").update(path.resolve(corpusDir)).digest("hex").slice(0, 12);
  return path.join(dataDir, `index-${key}.json`);
}

export async function openCorpus(options: OpenOptions): Promise<OpenedCorpus> {
  const corpus = await loadCorpus(options.corpusDir, options);
  inferPublicationDates(corpus);
  const snapshot = options.dataDir ? snapshotPathFor(options.dataDir, options.corpusDir) : null;
  const { index, fromSnapshot } = await PassageIndex.open(corpus, snapshot);
  return { corpus, index, fromSnapshot };
}

/**
 * The corpus currently being served. Replacing it is atomic: a question that already holds the
 * old one finishes on it, the next one sees the new one.
 */
export class LiveCorpus {
  private opened: OpenedCorpus;

  constructor(opened: OpenedCorpus) {
    this.opened = opened;
  }

  get current(): OpenedCorpus {
    return this.opened;
  }

  replace(opened: OpenedCorpus): void {
    this.opened = opened;
  }
}
