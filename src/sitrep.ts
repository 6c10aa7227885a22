import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type LoadOptions,
  type ParsedCorpus,
  parseCorpus,
  readCorpusFiles,
  restoreCorpus,
  toParsedCorpus,
} from "./corpus/load.js";
import type { Corpus } from "./corpus/types.js";
import { type IndexSnapshot, PassageIndex } from "./search/index.js";
import { inferPublicationDates } from "./timeline/infer.js";

/**
 * Opening a corpus for questions: load the reports, then reuse the index snapshot when the corpus
 * is unchanged. The CLI, the bot and the benchmarks all start here.
 */
export interface OpenOptions extends LoadOptions {
  corpusDir: string;
  /** Where the index snapshot is kept; null to never read or write one. */
  dataDir: string | null;
  /**
   * Only restore from a snapshot made from exactly these files; never index (a process reading the
   * corpus another one indexes). Without one, SnapshotUnavailableError.
   */
  snapshotOnly?: boolean;
}

/** A snapshot-only open found no snapshot of the files it read (the indexer has not written it yet). */
export class SnapshotUnavailableError extends Error {
  override name = "SnapshotUnavailableError";
  constructor(readonly corpusHash: string) {
    super(`no index snapshot of corpus ${corpusHash.slice(0, 12)} yet; the indexing process writes it`);
  }
}

export interface OpenedCorpus {
  corpus: Corpus;
  index: PassageIndex;
  fromSnapshot: boolean;
}

/** A corpus folder's short name: its absolute path, hashed (same mount path, same key on every machine). */
export function corpusFolderKey(corpusDir: string): string {
  return createHash("sha256").update(path.resolve(corpusDir)).digest("hex").slice(0, 12);
}

/** One snapshot per corpus folder, so switching `--corpus` does not evict the other's snapshot. */
export function snapshotPathFor(dataDir: string, corpusDir: string): string {
  return path.join(dataDir, `index-${corpusFolderKey(corpusDir)}.json`);
}

interface SnapshotFile {
  format: "sitrep-snapshot";
  corpusHash: string;
  corpus: ParsedCorpus;
  index: IndexSnapshot;
}

async function readSnapshot(file: string): Promise<SnapshotFile | null> {
  try {
    const snapshot = JSON.parse(await readFile(file, "utf8")) as SnapshotFile;
    return snapshot.format === "sitrep-snapshot" ? snapshot : null;
  } catch {
    return null;
  }
}

async function writeSnapshot(file: string, snapshot: SnapshotFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Write then rename, so a crash mid-write never leaves a truncated snapshot behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(snapshot));
  await rename(temporary, file);
}

/**
 * Reads the corpus folder; when a snapshot was made from exactly these files (same hash), the
 * parse and the index come from it, else both are rebuilt and the snapshot rewritten. A snapshot
 * that cannot be read or does not fit is rebuilt, never fatal.
 */
export async function openCorpus(options: OpenOptions): Promise<OpenedCorpus> {
  const read = await readCorpusFiles(options.corpusDir, options);
  const snapshotFile = options.dataDir ? snapshotPathFor(options.dataDir, options.corpusDir) : null;
  const snapshot = snapshotFile ? await readSnapshot(snapshotFile) : null;
  if (snapshot && snapshot.corpusHash === read.hash) {
    try {
      const corpus = restoreCorpus(read, snapshot.corpus);
      inferPublicationDates(corpus);
      const index = PassageIndex.fromSnapshot(corpus, snapshot.index);
      if (index) return { corpus, index, fromSnapshot: true };
    } catch {
      // A snapshot that does not fit these files: rebuild below.
    }
  }
  if (options.snapshotOnly) throw new SnapshotUnavailableError(read.hash);
  const corpus = parseCorpus(read);
  inferPublicationDates(corpus);
  const index = PassageIndex.build(corpus);
  if (snapshotFile) {
    const fresh: SnapshotFile = {
      format: "sitrep-snapshot",
      corpusHash: read.hash,
      corpus: toParsedCorpus(corpus),
      index: index.toSnapshot(),
    };
    await writeSnapshot(snapshotFile, fresh).catch(() => undefined);
  }
  return { corpus, index, fromSnapshot: false };
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
    // Off the reload's path, as at start: the first misspelt question after a reload is not slower.
    setImmediate(() => opened.index.warmUp());
  }
}
