import { createHash } from "node:crypto";
import { mkdir, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import * as z from "zod";
import { hostname } from "node:os";
import path from "node:path";
import {
  type CorpusFiles,
  type LoadOptions,
  type ParsedCorpus,
  parseCorpus,
  readCorpusFiles,
  restoreCorpus,
  savedCorpusSchema,
  SnapshotMismatchError,
  toSavedReport,
} from "./corpus/load.js";
import {
  keepTextsInMemory,
  type PackedBytes,
  SavedTexts,
  savedTextOf,
  textTableSteps,
  withSavedText,
} from "./corpus/saved-texts.js";
import {
  BOILERPLATE_ROW,
  boilerplateRowCount,
  checkSavedBoilerplate,
  SavedBoilerplateError,
  writeBoilerplateRows,
} from "./corpus/saved-boilerplate.js";
import { type Logger, stderrLogger } from "./logger.js";
import { restoreMentions, type SavedMentions, savedMentionsSteps } from "./mentions.js";
import { NEVER_GIVE_WAY, type Slicer, TimeSlicer } from "./time-slice.js";
import { knownMentions, mentionsByPassage } from "./timeline/mentions.js";
import { isProcessAlive } from "./process-alive.js";
import { arrayWhere, isString } from "./checked-arrays.js";
import { type CompactIndex, compactIndexMetaSchema } from "./search/compact-snapshot.js";
import {
  readTableFileAt,
  type StreamedBytes,
  type Table,
  type TableFile,
  TableFileError,
  tableFilePieces,
  tableOf,
} from "./table-file.js";
import { warmUpAnswers } from "./search/answer.js";
import { INDEX_FORMAT_VERSION, type IndexSnapshot, type Opened, PassageIndex } from "./search/index.js";
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
  fallbackLogger ??= stderrLogger("warn");
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
  return path.join(dataDir, `index-${corpusFolderKey(corpusDir)}.snapshot`);
}

/**
 * Bumped whenever the snapshot's layout changes, or what it keeps does (the date mentions, as the
 * resolver reads them; the parse, as boilerplate rules cut it): a snapshot of another version is
 * rebuilt, never misread.
 */
const SNAPSHOT_VERSION = 32;

const isFileEntry = (value: unknown): value is [string, string, string] =>
  Array.isArray(value) && value.length === 3 && value.every(isString);

/**
 * The snapshot file's JSON header (see src/table-file.ts for the file); its numbers are in
 * binary tables, checked when they are read.
 */
const snapshotSchema = z.object({
  format: z.literal("sitrep-snapshot"),
  version: z.literal(SNAPSHOT_VERSION),
  corpusHash: z.string(),
  /**
   * Every file read as text: [path, stat signature, SHA-1]. A file whose signature is unchanged is
   * neither read nor hashed again: its text is the snapshot's (the tables `texts.*`, in this order).
   */
  files: arrayWhere(isFileEntry, "[path, signature, hash] entries"),
  corpus: savedCorpusSchema,
  /** The dates mentions name, which the mention table points into. */
  mentionDates: arrayWhere(isString, "dates"),
  /** The reasons boilerplate is cut for, which the boilerplate table points into (a few thousand for 170k entries). */
  boilerplateReasons: arrayWhere(isString, "reasons"),
  index: z.object({
    version: z.number(),
    passages: compactIndexMetaSchema,
    titles: compactIndexMetaSchema,
  }),
});

/** A snapshot as read: what the hash vouches for (the corpus's files), and what is restored from it. */
interface Snapshot {
  corpusHash: string;
  files: [string, string, string][];
  /** The text of each of `files`, as it was read. */
  texts: SavedTexts;
  corpus: ParsedCorpus;
  mentions: SavedMentions;
  index: IndexSnapshot;
}

/**
 * The snapshot in `file`; null when there is none (a first start), or a reason why it cannot be
 * used (cut short, of another version, not a snapshot), for the log; the caller then rebuilds.
 */
async function readSnapshot(file: string): Promise<Snapshot | { unusable: string } | null> {
  try {
    const read = await readTableFileAt(file, LEFT_IN_FILE);
    try {
      return snapshotOf(read);
    } catch (error) {
      read.left?.close();
      throw error;
    }
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    if (
      error instanceof TableFileError ||
      error instanceof SnapshotMismatchError ||
      error instanceof SavedBoilerplateError
    ) {
      return { unusable: error.message };
    }
    return { unusable: `cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The report texts: read from the snapshot file a text at a time, when something needs one (see saved-texts.ts). */
const LEFT_IN_FILE = ["texts.latin1", "texts.utf16"];

function leftInFile(file: TableFile, name: string): PackedBytes {
  const { left } = file;
  const length = left?.length(name);
  if (!left || length === undefined) throw new TableFileError(`table ${name} (Uint8Array) is missing`);
  return { length, read: (start, end, into) => left.read(name, start, end, into) };
}

function closeLeft(left: TableFile["left"]): () => void {
  return () => left?.close();
}

function snapshotOf(file: TableFile): Snapshot {
  const parsed = snapshotSchema.safeParse(file.content);
  if (!parsed.success) {
    const version = (file.content as { version?: unknown } | null)?.version;
    throw new TableFileError(
      version === SNAPSHOT_VERSION
        ? "its header is not a snapshot's"
        : `snapshot version ${String(version)}, not ${SNAPSHOT_VERSION}`,
    );
  }
  const header = parsed.data;
  // Checked here, with the header's own version: an index of another format is rebuilt, and the log says why.
  if (header.index.version !== INDEX_FORMAT_VERSION) {
    throw new TableFileError(`its index is of format version ${header.index.version}, not ${INDEX_FORMAT_VERSION}`);
  }
  const index = (which: "passages" | "titles"): CompactIndex => ({
    meta: header.index[which],
    tables: {
      documentIds: tableOf(file, `${which}.documentIds`, Uint32Array),
      fieldLength: tableOf(file, `${which}.fieldLength`, Uint32Array),
      offsets: tableOf(file, `${which}.offsets`, Uint32Array),
      ids: tableOf(file, `${which}.ids`, Uint32Array),
      freqs: tableOf(file, `${which}.freqs`, Uint16Array),
    },
  });
  const reports = header.corpus.reports;
  // Per report, its passages' [start, end, paragraph] spans and its compared lines' [start, end, key]
  // (SavedCorpus leaves both out), each table with its counts per report.
  const passageCounts = tableOf(file, "passageCounts", Uint32Array);
  const spans = perReport(passageCounts, tableOf(file, "spans", Uint32Array), 3, reports.length, "passages");
  const lineCounts = tableOf(file, "comparedLineCounts", Uint32Array);
  const lines = tableOf(file, "comparedLines", Float64Array);
  const compared = perReport(lineCounts, lines, 3, reports.length, "compared lines");
  const boilerplate = perReport(
    tableOf(file, "boilerplateCounts", Uint32Array),
    tableOf(file, "boilerplate", Uint32Array),
    BOILERPLATE_ROW,
    reports.length,
    "boilerplate",
  ).map((rows) => {
    const saved = { rows, reasons: header.boilerplateReasons };
    checkSavedBoilerplate(saved);
    return saved;
  });
  const texts = new SavedTexts(
    {
      latin1: leftInFile(file, "texts.latin1"),
      utf16: leftInFile(file, "texts.utf16"),
      places: tableOf(file, "texts.places", Uint32Array),
    },
    header.files.length,
    // Only the open file: the tables read from it belong to the index, not to the texts.
    closeLeft(file.left),
  );
  return {
    corpusHash: header.corpusHash,
    files: header.files,
    texts,
    corpus: {
      // Field by field, not spread: see restoreCorpus.
      reports: reports.map((report, i) => ({
        id: report.id,
        file: report.file,
        title: report.title,
        date: report.date,
        dateSource: report.dateSource,
        source: report.source,
        url: report.url,
        bodyStart: report.bodyStart,
        warnings: report.warnings,
        textKey: report.textKey,
        boilerplate: boilerplate[i] ?? [],
        spans: spans[i] ?? new Uint32Array(0),
        comparedLines: compared[i] ?? new Float64Array(0),
      })),
      rejected: header.corpus.rejected,
    },
    mentions: {
      counts: tableOf(file, "mentionCounts", Uint32Array),
      numbers: tableOf(file, "mentions", Uint32Array),
      dates: header.mentionDates,
    },
    index: { version: header.index.version, passages: index("passages"), titles: index("titles") },
  };
}

/** `flat` cut into one view per report, `counts[i] × width` numbers each; throws when they do not add up. */
function perReport<T extends Uint32Array | Float64Array>(
  counts: Uint32Array,
  flat: T,
  width: number,
  reports: number,
  what: string,
): T[] {
  if (counts.length !== reports)
    throw new TableFileError(`counts of ${what} for ${counts.length} reports, not ${reports}`);
  const views: T[] = [];
  let at = 0;
  for (const count of counts) {
    const end = at + count * width;
    if (end > flat.length) break;
    views.push(flat.subarray(at, end) as T);
    at = end;
  }
  if (views.length !== reports || at !== flat.length) {
    throw new TableFileError(`the table of ${what} holds ${flat.length} numbers, not what its counts say`);
  }
  return views;
}

/**
 * Writes `file` whole or not at all: to `<file>.<host>~<pid>.tmp` first, then renamed, so a crash mid-write
 * never leaves a truncated file. A failed write (a full disk) removes its half-written temporary;
 * a crash leaves it for removeLeftoverTempFiles. Snapshots and button states are saved this way.
 * Data given in pieces is written a megabyte at a time, giving way through `slicer` between pieces.
 * Two writes of one file by this process run one after the other: at once they would write the
 * same temporary, and the first rename would move the other's half-written bytes into place.
 */
export async function writeAtomically(
  file: string,
  data: string | Iterable<string | Uint8Array>,
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<void> {
  const key = path.resolve(file);
  const previous = lastWriteOf.get(key);
  const write = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() =>
    writeNow(file, data, slicer),
  );
  lastWriteOf.set(key, write);
  try {
    await write;
  } finally {
    if (lastWriteOf.get(key) === write) lastWriteOf.delete(key);
  }
}

/** The last write of each file (by absolute path) this process started: the next one waits for it. */
const lastWriteOf = new Map<string, Promise<void>>();
/** Temporaries this process is writing (absolute paths): never leftovers to removeLeftoverTempFiles. */
const writingNow = new Set<string>();

async function writeNow(file: string, data: string | Iterable<string | Uint8Array>, slicer: Slicer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${HOST}~${process.pid}.tmp`;
  writingNow.add(path.resolve(temporary));
  try {
    if (typeof data === "string") await writeFile(temporary, data);
    else await writePieces(temporary, data, slicer);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    writingNow.delete(path.resolve(temporary));
  }
}

/** Bytes the writer gathers before each write. */
const WRITE_BUFFER_BYTES = 1 << 20;

/**
 * Write buffers kept for the next write: on these machines the first touch of fresh memory is slow
 * (tens of milliseconds a megabyte under load), so a buffer is made once and reused.
 */
const spareWriteBuffers: Buffer[] = [];

/**
 * Writes `pieces` through one reused buffer, each piece copied in (a string encoded straight into
 * it) before the next is asked for: pieces may be views of buffers their maker reuses
 * (tableFilePieces), and no piece costs an allocation of its own.
 */
async function writePieces(file: string, pieces: Iterable<string | Uint8Array>, slicer: Slicer): Promise<void> {
  const handle = await open(file, "w");
  const buffer = spareWriteBuffers.pop() ?? Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  try {
    let filled = 0;
    const flush = async () => {
      // A write may write fewer bytes than asked (a full disk): the count is checked, never assumed.
      for (let done = 0; done < filled;) {
        const { bytesWritten } = await handle.write(buffer, done, filled - done);
        if (bytesWritten === 0) throw new Error(`wrote ${done} of ${filled} bytes to ${file}`);
        done += bytesWritten;
      }
      filled = 0;
    };
    const copy = async (bytes: Uint8Array) => {
      for (let at = 0; at < bytes.byteLength;) {
        const room = buffer.length - filled;
        const n = Math.min(room, bytes.byteLength - at);
        buffer.set(bytes.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === buffer.length) await flush();
      }
    };
    for (const piece of pieces) {
      if (typeof piece !== "string") await copy(piece);
      else if (piece.length * 3 <= buffer.length - filled) filled += buffer.write(piece, filled, "utf8");
      else await copy(Buffer.from(piece));
      if (slicer.due()) await slicer.giveWay();
    }
    await flush();
  } finally {
    spareWriteBuffers.push(buffer);
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
 * host whose process no longer runs, or is this one but not being written now (`*.<pid>.tmp` of
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
    // This process's own, still being written (a snapshot saved again in the background).
    if (writingNow.has(path.resolve(dataDir, name))) continue;
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
  // Made when there is something to log: the CLI's logger would load pino at every start.
  const log = (): Logger => options.logger ?? defaultLogger();
  if (options.dataDir) {
    const removed = await removeLeftoverTempFiles(options.dataDir);
    if (removed.length > 0) log().info({ dataDir: options.dataDir, removed }, "removed leftover temporary files");
  }
  const snapshotFile = options.dataDir ? snapshotPathFor(options.dataDir, options.corpusDir) : null;
  const found = snapshotFile ? await readSnapshot(snapshotFile) : null;
  if (found && "unusable" in found) {
    log().warn({ file: snapshotFile, reason: found.unusable }, "index snapshot cannot be used: rebuilding it");
  }
  const snapshot = found && "unusable" in found ? null : found;
  const known = new Map(
    snapshot?.files.map(([file, signature, contentHash], i) => [
      file,
      withSavedText({ file, contentHash, signature }, snapshot.texts, i),
    ]),
  );
  const read = await readCorpusFiles(options.corpusDir, options, known);
  if (snapshot && snapshot.corpusHash === read.hash) {
    try {
      const corpus = restoreCorpus(read, snapshot.corpus);
      // A count here; that each document is its passage, in order, PassageIndex.fromSnapshot checks
      // (IndexLayers.ofBase), which made a second pass marking every id seen (a tenth of a second cold) redundant.
      if (snapshot.index.passages.tables.documentIds.length !== corpus.passages.length) {
        throw new SnapshotMismatchError("the index's documents are not the corpus's passages");
      }
      // Not inferPublicationDates: the snapshot's reports carry the dates inferred when it was made
      // (the same files, so the same dates); inferring again would read every dated report's text.
      restoreMentions(corpus, snapshot.mentions);
      const index = PassageIndex.fromSnapshot(corpus, snapshot.index);
      if (!index) throw new SnapshotMismatchError("the index's documents are not the passages in order");
      const opened: OpenedCorpus = { corpus, index, fromSnapshot: true, files: read };
      if (snapshotFile && !options.snapshotOnly) refreshSignatures(snapshotFile, opened, log);
      return opened;
    } catch (error) {
      // A snapshot that does not fit these files (edited, or made by other code): rebuild below.
      log().warn({ file: snapshotFile, err: error }, "index snapshot does not fit the corpus: rebuilding it");
    }
  }
  // Not restored: nothing will read the snapshot's texts.
  snapshot?.texts.close();
  if (options.snapshotOnly) throw new SnapshotUnavailableError(read.hash);
  // Rebuilt from the files themselves: a snapshot's texts are trusted only with the rest of it.
  return buildCorpus(snapshot ? await readCorpusFiles(options.corpusDir, options) : read, snapshotFile, log());
}

/**
 * Saves the snapshot again, after the start and in slices, when some files were read afresh though
 * their content is the snapshot's: their stat signatures changed (the folder copied or restored,
 * files touched). Else every later start would read and hash them all again. Not for files changed
 * within the last few seconds only: they have no signature to save yet (see SETTLE_MS).
 */
function refreshSignatures(snapshotFile: string, opened: OpenedCorpus, log: () => Logger): void {
  if (!opened.files.files.some((file) => savedTextOf(file) === null && file.signature !== "")) return;
  setImmediate(() => void saveSnapshot(snapshotFile, opened, log, new TimeSlicer()));
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
 * `slicer`: serialising a million-passage snapshot at once blocks for seconds. A snapshot of the
 * older JSON format beside it is removed. `logger` may be a function making it when a failure is
 * logged (the CLI's, see openCorpus).
 */
export async function saveSnapshot(
  snapshotFile: string,
  opened: OpenedCorpus,
  logger: Logger | (() => Logger),
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<void> {
  // Not fatal (the index is built and serves), but every start will rebuild until it is fixed.
  await writeAtomically(snapshotFile, snapshotPieces(opened), slicer).catch((error: unknown) => {
    const log = typeof logger === "function" ? logger() : logger;
    log.warn({ file: snapshotFile, err: error }, "could not save the index snapshot: the next start rebuilds it");
  });
  await rm(snapshotFile.replace(/\.snapshot$/, ".json"), { force: true }).catch(() => undefined);
}

/**
 * The snapshot file as pieces: its tables (TABLES and the indexes'), built in steps (reports are
 * counted 1,024 and written 32 at a time, terms a few thousand; an empty piece between steps, where
 * the writer may give way),
 * then its header (snapshotSchema), one report or one list at a time.
 */
function* snapshotPieces(opened: OpenedCorpus): Generator<string | Uint8Array> {
  const { corpus, index } = opened;
  const reports = corpus.reports;
  const passageCounts = new Uint32Array(reports.length);
  const comparedLineCounts = new Uint32Array(reports.length);
  const boilerplateCounts = new Uint32Array(reports.length);
  let lineNumbers = 0;
  let boilerplateNumbers = 0;
  // Counted here, not read from corpus.passages: after a reload that list has holes (passage ids are stable).
  let passageNumbers = 0;
  for (const [i, report] of reports.entries()) {
    passageCounts[i] = report.passages.length;
    passageNumbers += report.passages.length * 3;
    comparedLineCounts[i] = report.comparedLines.length / 3;
    const entries = boilerplateRowCount(report);
    boilerplateCounts[i] = entries;
    lineNumbers += report.comparedLines.length;
    boilerplateNumbers += entries * BOILERPLATE_ROW;
    if (i % 1024 === 1023) yield "";
  }
  const boilerplate = new Uint32Array(boilerplateNumbers);
  const reasons = new Map<string, number>();
  let boilerplateAt = 0;
  const reasonAtOf = (reason: string) => {
    let reasonAt = reasons.get(reason);
    if (reasonAt === undefined) reasons.set(reason, (reasonAt = reasons.size));
    return reasonAt;
  };
  const spans = new Uint32Array(passageNumbers);
  const comparedLines = new Float64Array(lineNumbers);
  let spanAt = 0;
  let lineAt = 0;
  for (const [i, report] of reports.entries()) {
    spans.set(report.passages.spans, spanAt);
    spanAt += report.passages.spans.length;
    comparedLines.set(report.comparedLines, lineAt);
    lineAt += report.comparedLines.length;
    boilerplateAt = writeBoilerplateRows(report, boilerplate, boilerplateAt, reasonAtOf);
    if (i % 32 === 31) yield "";
  }
  const mentions = yield* asPieces(savedMentionsSteps(corpus, knownMentions(corpus)));
  const texts = yield* asPieces(textTableSteps(opened.files.files));
  const saved = yield* asPieces(index.snapshotSteps());
  const indexTables = (which: "passages" | "titles"): [string, Table][] => {
    const { documentIds, fieldLength, offsets, ids, freqs } = saved[which].tables;
    const named: [string, Table][] = [
      ["documentIds", documentIds],
      ["fieldLength", fieldLength],
      ["offsets", offsets],
      ["ids", ids],
      ["freqs", freqs],
    ];
    return named.map(([name, table]) => [`${which}.${name}`, table]);
  };
  const tables: [string, Table | StreamedBytes][] = [
    ["passageCounts", passageCounts],
    ["spans", spans],
    ["comparedLineCounts", comparedLineCounts],
    ["comparedLines", comparedLines],
    ["boilerplateCounts", boilerplateCounts],
    ["boilerplate", boilerplate],
    ["mentionCounts", mentions.counts],
    ["mentions", mentions.numbers],
    ["texts.latin1", texts.latin1],
    ["texts.utf16", texts.utf16],
    ["texts.places", texts.places],
    ...indexTables("passages"),
    ...indexTables("titles"),
  ];
  yield* tableFilePieces(tables, headerPieces(opened, mentions.dates, [...reasons.keys()], saved));
}

/** Runs `steps`, an empty piece (where the writer may give way) for each of its steps. */
function* asPieces<T>(steps: Generator<void, T>): Generator<string, T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    yield "";
  }
}

/** The snapshot's header (snapshotSchema) as JSON text, one report or one list at a time. */
function* headerPieces(
  opened: OpenedCorpus,
  mentionDates: string[],
  boilerplateReasons: string[],
  index: IndexSnapshot,
): Generator<string> {
  const { corpus, files } = opened;
  const list = function* <T>(items: readonly T[], json: (item: T) => string): Generator<string> {
    for (const [i, item] of items.entries()) yield `${i > 0 ? "," : ""}${json(item)}`;
  };
  yield `{"format":"sitrep-snapshot","version":${SNAPSHOT_VERSION},"corpusHash":${JSON.stringify(files.hash)},"files":[`;
  yield* list(files.files, (f) => JSON.stringify([f.file, f.signature, f.contentHash]));
  yield `],"corpus":{"reports":[`;
  yield* list(corpus.reports, (r) => JSON.stringify(toSavedReport(r)));
  yield `],"rejected":${JSON.stringify(corpus.rejected)}},"mentionDates":${JSON.stringify(mentionDates)}`;
  yield `,"boilerplateReasons":${JSON.stringify(boilerplateReasons)}`;
  const { version, passages, titles } = index;
  yield `,"index":${JSON.stringify({ version, passages: passages.meta, titles: titles.meta })}}`;
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
    // As at start: the first questions after a reload are not slower.
    warmUpInBackground(opened.index);
  }
}

/** Whether this process has asked the throwaway questions: the answer path stays compiled after. */
let answerPathWarm = false;

/**
 * The snapshot's report texts read into memory (keepTextsInMemory: a first question then reads its
 * candidates from memory, not the file), the spelling map (so the first misspelt question answers
 * as fast as the rest), then, once per process, a few throwaway questions (`warmUpAnswers`): after
 * a reload the answer path is compiled already, and a question at a million passages holds the
 * event loop for tens of milliseconds.
 * Last, the date mentions a snapshot restored unread (restoreMentions), so the first timeline does
 * not make them. None of it delays a start: questions answer before and during it.
 */
export async function warmUpIndex(index: PassageIndex, slicer: Slicer = NEVER_GIVE_WAY): Promise<void> {
  await keepTextsInMemory(index.corpus.reports, slicer);
  await index.warmUp(slicer);
  if (!answerPathWarm) {
    await warmUpAnswers(index, slicer);
    answerPathWarm = true;
  }
  await mentionsByPassage(index.corpus, slicer);
}

/** `warmUpIndex` after start or a reload, off its path and in slices. */
export function warmUpInBackground(index: PassageIndex, logger: Logger = defaultLogger()): void {
  setImmediate(() => {
    warmUpIndex(index, new TimeSlicer()).catch((error: unknown) =>
      logger.warn({ err: error }, "warm-up failed; questions still answer, the first ones slower"),
    );
  });
}
