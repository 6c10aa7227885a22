import { createHash } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import pino from "pino";
import { z } from "zod";
import { hostname } from "node:os";
import path from "node:path";
import {
  type CorpusFiles,
  type LoadOptions,
  type ParsedCorpus,
  parseCorpus,
  parsedCorpusSchema,
  readCorpusFiles,
  restoreCorpus,
  SnapshotMismatchError,
  toParsedReport,
} from "./corpus/load.js";
import { createLogger, type Logger } from "./logger.js";
import { restoreMentions, type SavedMentions, savedMentionsOf } from "./mentions.js";
import { NEVER_GIVE_WAY, type Slicer } from "./time-slice.js";
import { knownMentions, mentionsByPassage } from "./timeline/mentions.js";
import { isProcessAlive } from "./process-alive.js";
import { compactIndexSchema, coversDocuments } from "./search/compact-snapshot.js";
import { type IndexSnapshot, type Opened, PassageIndex } from "./search/index.js";
import { inferPublicationDates } from "./timeline/infer.js";

/**
 * Opening a corpus for questions: load the reports, then reuse the index snapshot when the corpus
 * is unchanged. The CLI, the bot and the benchmarks all start here.
 */
export interface OpenOptions extends LoadOptions {
  corpusDir: string;
  /** Where the index snapshot is kept; null to never read or write one. */
  dataDir: string | null;
  /** Where a snapshot that could not be saved, or cleaned-up leftovers, are reported; default stderr. */
  logger?: Logger;
  /**
   * Only restore from a snapshot made from exactly these files; never index (a process reading the
   * corpus another one indexes). Without one, SnapshotUnavailableError.
   */
  snapshotOnly?: boolean;
}

let fallbackLogger: Logger | null = null;

/** Warnings of callers that have no logger of their own (the CLI): JSON lines on stderr. */
export function defaultLogger(): Logger {
  fallbackLogger ??= createLogger("warn", pino.destination(2));
  return fallbackLogger;
}

/** A snapshot-only open found no snapshot of the files it read (the indexer has not written it yet). */
export class SnapshotUnavailableError extends Error {
  override name = "SnapshotUnavailableError";
  constructor(readonly corpusHash: string) {
    super(`no index snapshot of corpus ${corpusHash.slice(0, 12)} yet; the indexing process writes it`);
  }
}

export interface OpenedCorpus extends Opened {
  fromSnapshot: boolean;
  /** The files it was made from (texts, hashes, signatures): what a reload compares the folder with. */
  files: CorpusFiles;
}

/** A corpus folder's short name: its absolute path, hashed (same mount path, same key on every machine). */
export function corpusFolderKey(corpusDir: string): string {
  return createHash("sha256").update(path.resolve(corpusDir)).digest("hex").slice(0, 12);
}

/** One snapshot per corpus folder, so switching `--corpus` does not evict the other's snapshot. */
export function snapshotPathFor(dataDir: string, corpusDir: string): string {
  return path.join(dataDir, `index-${corpusFolderKey(corpusDir)}.json`);
}

/** The snapshot file's envelope; the parse and the index inside are checked by their own schemas. */
const snapshotSchema = z.object({
  format: z.literal("sitrep-snapshot"),
  corpusHash: z.string(),
  /** Every file read as text: [path, stat signature, SHA-1]; an unchanged signature is not hashed again. */
  files: z.array(z.tuple([z.string(), z.string(), z.string()])),
  corpus: parsedCorpusSchema,
  /** Per report, the dates its passages name (src/mentions.ts), each checked against its passage on load. */
  mentions: z.custom<SavedMentions>((value) => Array.isArray(value), "a list of mentions per report"),
  index: z.object({
    version: z.number(),
    passages: compactIndexSchema,
    titles: compactIndexSchema,
  }),
}) satisfies z.ZodType<{
  format: "sitrep-snapshot";
  corpusHash: string;
  files: [string, string, string][];
  corpus: ParsedCorpus;
  mentions: SavedMentions;
  index: IndexSnapshot;
}>;

type SnapshotFile = z.infer<typeof snapshotSchema>;

/** The snapshot in `file`, or null when there is none or it is not a snapshot (then the index is rebuilt). */
async function readSnapshot(file: string): Promise<SnapshotFile | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
  const parsed = snapshotSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Writes `file` whole or not at all: to `<file>.<host>~<pid>.tmp` first, then renamed, so a crash mid-write
 * never leaves a truncated file. A failed write (a full disk) removes its half-written temporary;
 * a crash leaves it for removeLeftoverTempFiles. Snapshots and button states are saved this way.
 * Data given in pieces is written a megabyte at a time, giving way through `slicer` between pieces.
 */
export async function writeAtomically(
  file: string,
  data: string | Iterable<string>,
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${HOST}~${process.pid}.tmp`;
  try {
    if (typeof data === "string") await writeFile(temporary, data);
    else await writePieces(temporary, data, slicer);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function writePieces(file: string, pieces: Iterable<string>, slicer: Slicer): Promise<void> {
  const handle = await open(file, "w");
  try {
    let buffered: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      buffered.push(piece);
      size += piece.length;
      if (size >= 1 << 20) {
        await handle.writeFile(buffered.join(""));
        buffered = [];
        size = 0;
      }
      if (slicer.due()) await slicer.giveWay();
    }
    await handle.writeFile(buffered.join(""));
  } finally {
    await handle.close();
  }
}

/**
 * This machine's name as it can stand in a file name. A shared DATA_DIR is seen by processes on
 * several hosts (containers all run node as pid 1), so a pid alone does not say whose file it is.
 */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, "-") || "host";

/**
 * Deletes the temporary files a crash or a full disk left in `dataDir`: `*.<host>~<pid>.tmp` of this
 * host whose process no longer runs, or is this one, which has written nothing yet (`*.<pid>.tmp` of
 * older versions count as this host's). A CLI run beside the bot keeps its own, and another host's
 * files are that host's to clean. Returns the names removed.
 */
async function removeLeftoverTempFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const [, host, pid] = /(?:\.([A-Za-z0-9-]+)~|\.)(\d+)\.tmp$/.exec(name) ?? [];
    if (pid === undefined || (host !== undefined && host !== HOST)) continue;
    if (Number(pid) !== process.pid && isProcessAlive(Number(pid))) continue;
    await rm(path.join(dataDir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Reads the corpus folder; when a snapshot was made from exactly these files (same hash), the
 * parse and the index come from it, else both are rebuilt and the snapshot rewritten. A snapshot
 * that cannot be read or does not fit is rebuilt, never fatal.
 */
export async function openCorpus(options: OpenOptions): Promise<OpenedCorpus> {
  const logger = options.logger ?? defaultLogger();
  if (options.dataDir) {
    const removed = await removeLeftoverTempFiles(options.dataDir);
    if (removed.length > 0) logger.info({ dataDir: options.dataDir, removed }, "removed leftover temporary files");
  }
  const snapshotFile = options.dataDir ? snapshotPathFor(options.dataDir, options.corpusDir) : null;
  const snapshot = snapshotFile ? await readSnapshot(snapshotFile) : null;
  const known = new Map(snapshot?.files.map(([file, signature, contentHash]) => [file, { signature, contentHash }]));
  const read = await readCorpusFiles(options.corpusDir, options, known);
  if (snapshot && snapshot.corpusHash === read.hash) {
    try {
      const corpus = restoreCorpus(read, snapshot.corpus);
      if (!coversDocuments(snapshot.index.passages, corpus.passages.length)) {
        throw new SnapshotMismatchError("the index's documents are not the corpus's passages");
      }
      inferPublicationDates(corpus);
      restoreMentions(corpus, snapshot.mentions);
      const index = PassageIndex.fromSnapshot(corpus, snapshot.index);
      if (index) return { corpus, index, fromSnapshot: true, files: read };
    } catch (error) {
      // A snapshot that does not fit these files (edited, or made by other code): rebuild below.
      logger.warn({ file: snapshotFile, err: error }, "index snapshot does not fit the corpus: rebuilding it");
    }
  }
  if (options.snapshotOnly) throw new SnapshotUnavailableError(read.hash);
  return buildCorpus(read, snapshotFile, logger);
}

/** Parses and indexes every file read, and saves the snapshot. */
export async function buildCorpus(
  read: CorpusFiles,
  snapshotFile: string | null,
  logger: Logger,
): Promise<OpenedCorpus> {
  const corpus = parseCorpus(read);
  inferPublicationDates(corpus);
  // Read now, once, and kept with the corpus (and in its snapshot): no timeline waits for them.
  await mentionsByPassage(corpus, NEVER_GIVE_WAY);
  const index = PassageIndex.build(corpus);
  const opened: OpenedCorpus = { corpus, index, fromSnapshot: false, files: read };
  if (snapshotFile) await saveSnapshot(snapshotFile, opened, logger);
  return opened;
}

/**
 * Saves the snapshot of `opened`, written in pieces (see snapshotPieces) and giving way through
 * `slicer`: serialising a million-passage snapshot in one JSON.stringify blocks for seconds.
 */
export async function saveSnapshot(
  snapshotFile: string,
  opened: OpenedCorpus,
  logger: Logger,
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<void> {
  // Not fatal (the index is built and serves), but every start will rebuild until it is fixed.
  await writeAtomically(snapshotFile, snapshotPieces(opened), slicer).catch((error: unknown) => {
    logger.warn({ file: snapshotFile, err: error }, "could not save the index snapshot: the next start rebuilds it");
  });
}

/** The snapshot file (snapshotSchema) as JSON text, one report, one list or one term at a time. */
function* snapshotPieces(opened: OpenedCorpus): Generator<string> {
  const { corpus, files, index } = opened;
  const list = function* <T>(items: readonly T[], json: (item: T) => string): Generator<string> {
    for (const [i, item] of items.entries()) yield `${i > 0 ? "," : ""}${json(item)}`;
  };
  yield `{"format":"sitrep-snapshot","corpusHash":${JSON.stringify(files.hash)},"files":[`;
  yield* list(files.files, (f) => JSON.stringify([f.file, f.signature, f.contentHash]));
  yield `],"corpus":{"reports":[`;
  yield* list(corpus.reports, (r) => JSON.stringify(toParsedReport(r)));
  yield `],"rejected":${JSON.stringify(corpus.rejected)}},"mentions":[`;
  const mentions = knownMentions(corpus);
  yield* list(corpus.reports, (r) => JSON.stringify(savedMentionsOf(r, mentions)));
  yield `],"index":`;
  yield* index.snapshotJsonPieces();
  yield "}";
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
