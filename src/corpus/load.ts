// src/corpus: reading the corpus folder safely and parsing reports (dates, titles, boilerplate, passages).
import { createHash } from "node:crypto";
import type { Dirent, Stats } from "node:fs";
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import * as z from "zod";
import { arrayWhere, isRecord, isString, isStringOrNull } from "../checked-arrays.js";
import { chooseTitle, type ParsedReport, parseReport, parseYaml, segment } from "./parse.js";
import { drain, NEVER_GIVE_WAY, runSliced, type Slicer } from "../time-slice.js";
import { DEFAULT_MAX_REPORT_BYTES } from "./limits.js";
import { isSpaceCode } from "./sentences.js";
import { type SavedTexts, savedTextOf, withSavedText } from "./saved-texts.js";
import { PassageDirectory, ReportPassages } from "./passages.js";
import { type SavedBoilerplate, withSavedBoilerplate } from "./saved-boilerplate.js";
import { type Boilerplate, type Corpus, type DateSource, type Rejection, type Report } from "./types.js";

/** Bumped whenever parsing changes, so index snapshots made by an older loader are not reused. */
const LOADER_VERSION = 6;
const ALIAS_FILE = "aliases.yml";
const REPORT_EXTENSIONS = [".txt", ".md", ".markdown", ".text"];

export interface LoadOptions {
  /** Files larger than this are rejected. Default 2 MiB. */
  maxReportBytes?: number;
  /**
   * Follow links that lead outside the corpus folder. Default: FOLLOW_EXTERNAL_LINKS=true in the
   * environment, else no.
   */
  followExternalLinks?: boolean;
  /** How long after its last change a file's stat signature is trusted (see SETTLE_MS); tests shorten it. */
  settleMs?: number;
  /**
   * Each regular file's stat signature (fileSignature), by its path under the corpus folder, as a
   * scan just took them (the live watcher's): a file whose text is known under that signature is
   * reused without being stat'ed again (20k stats again were a fifth of a reload's CPU); any other
   * is stat'ed and read as always. Signatures, not Stats objects: 20k of those kept alive through
   * a scavenge made it longer.
   */
  scanned?: ReadonlyMap<string, string>;
}

function followExternalLinksByDefault(): boolean {
  const value = process.env.FOLLOW_EXTERNAL_LINKS?.trim().toLowerCase();
  return value === "true" || value === "1";
}

/** The corpus as a whole cannot be read (a missing folder); single bad files are rejections instead. */
export class CorpusError extends Error {
  override name = "CorpusError";
}

const MIN_REPEATED_LINE = 30;

const MIN_REPEATED_BLOCK_LINES = 3;
/** A line this long (characters) is prose, not a menu item, a headline or a link: see `repeatedAcrossReports`. */
const MIN_PROSE_LINE = 80;

/** A file found under the corpus folder: where it was listed, and the file it really is. */
interface Listed {
  full: string;
  /** The path with every link resolved; null for a link that leads nowhere. */
  real: string | null;
}

function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root + path.sep);
}

export const EXTERNAL_LINK_REASON =
  "link to a file outside the corpus folder, not followed (set FOLLOW_EXTERNAL_LINKS=true to allow it)";

/**
 * Every file under `root`, hidden ones left out. Linked folders are followed once each. A link is
 * followed only when it resolves inside the corpus folder, unless `followExternalLinks`: a link to
 * a config file or /proc must never be quoted to whoever can ask a question.
 */
async function listFiles(root: string, followExternalLinks: boolean, rejected: Rejection[]): Promise<Listed[]> {
  const files: Listed[] = [];
  const visited = new Set<string>();
  const realRoot = await realpath(root);
  async function walk(dir: string): Promise<void> {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) return;
      visited.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      rejected.push({ file: relative(root, dir), reason: `folder cannot be read (${errorCode(error)})` });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!entry.isSymbolicLink()) {
        files.push({ full, real: full });
        continue;
      }
      const real = await realpath(full).catch(() => null);
      if (real === null) {
        files.push({ full, real: null });
      } else if (!followExternalLinks && !isInside(realRoot, real)) {
        rejected.push({ file: relative(root, full), reason: EXTERNAL_LINK_REASON });
      } else if ((await stat(real).catch(() => null))?.isDirectory()) {
        await walk(full);
      } else {
        files.push({ full, real });
      }
    }
  }
  await walk(root);
  return files.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
}

function relative(root: string, file: string): string {
  // Listed files are under the root, so a slice does; path.relative resolves both paths again, a
  // noticeable block over 20k files at every reload.
  const prefix = root + path.sep;
  const under = file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(root, file);
  return path.sep === "/" ? under : under.split(path.sep).join("/");
}

function errorCode(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) return String(error.code);
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}


/**
 * A file read: decoded already (`text`), or valid UTF-8 that is not blank (`utf8`, valid until the
 * next read) for TextBatches to decode; or why it was rejected.
 */
type Decoded =
  | (({ text: string } | { utf8: Buffer }) & { contentHash: string; signature: string })
  | { reason: string }
  /** Unchanged since it was read before, by its signature: that read as it was, text and all. */
  | { reused: ReadFile };

/** What a file that is not a regular file is, for its rejection. */
function notRegular(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isFIFO()) return "not a regular file (a named pipe)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "not a regular file (a device)";
  if (info.isSocket()) return "not a regular file (a socket)";
  return "not a regular file";
}

function overLimit(size: string, maxBytes: number): string {
  return `file is ${size}, over the ${formatBytes(maxBytes)} limit for a report`;
}

/**
 * Where files are read into, reused: a fresh zeroed buffer per file (thousands at a start) was
 * most of the start's garbage. Safe to share because a report is read and decoded in one
 * synchronous step (readReport), so no two reads ever hold it at once.
 */
let scratch = Buffer.allocUnsafe(0);

/** Makes `scratch` at least `size` bytes, keeping its first `kept` bytes. */
function reserve(size: number, kept: number): void {
  if (scratch.length >= size) return;
  const bigger = Buffer.allocUnsafe(Math.max(size, 1 << 20));
  scratch.copy(bigger, 0, 0, kept);
  scratch = bigger;
}

/**
 * At most `maxBytes + 1` bytes of `file`: the limit holds for what is read, whatever `stat` said
 * (files in /proc say 0 bytes and hold more). Opened non-blocking, so a pipe swapped in after the
 * check cannot hang the load. The bytes returned are valid until the next call.
 */
function readBounded(file: string, maxBytes: number): Buffer | { reason: string } {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    const wrongKind = notRegular(info);
    if (wrongKind) return { reason: wrongKind };
    if (info.size > maxBytes) return { reason: overLimit(formatBytes(info.size), maxBytes) };
    let length = 0;
    // Room for what stat says and more (a file may grow while it is read), up to one byte over the limit.
    reserve(Math.min(maxBytes + 1, info.size + 64 * 1024), 0);
    while (length <= maxBytes) {
      if (length === scratch.length) reserve(Math.min(maxBytes + 1, scratch.length * 2), length);
      const read = readSync(fd, scratch, length, Math.min(scratch.length, maxBytes + 1) - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { reason: overLimit(`over ${formatBytes(maxBytes)}`, maxBytes) };
    // A file that says it is empty and yet has bytes is generated as it is read (/proc, /sys).
    if (info.size === 0 && length > 0) return { reason: "not a regular file (generated when read, as in /proc)" };
    return scratch.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** UTF-16 text, by its byte-order mark or by NULs in every other byte (mostly-ASCII text). */
function looksLikeUtf16(bytes: Buffer): boolean {
  if (bytes.length >= 2) {
    const [a, b] = [bytes[0], bytes[1]];
    if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  }
  const sample = Math.min(bytes.length, 4096) & ~1;
  if (sample < 8) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = sample / 2;
  const [many, few] = evenNuls > oddNuls ? [evenNuls, oddNuls] : [oddNuls, evenNuls];
  return many >= pairs * 0.3 && few <= pairs * 0.02;
}

/**
 * Reads one report. Synchronous on purpose: for thousands of small files, plain reads are several
 * times faster than queued asynchronous ones, and a start-up or a reload waits for all of them anyway.
 */
function readReport(
  listed: Listed,
  maxBytes: number,
  settleMs: number,
  known: KnownFiles | undefined,
  file: string,
  scanned: ReadonlyMap<string, string> | undefined,
): Decoded {
  // Unchanged since the scan, and known: neither stat'ed nor read.
  const same = known?.get(file);
  if (listed.real !== null && same && same.signature === scanned?.get(listed.full) && "text" in same) {
    return { reused: same };
  }
  let bytes: Buffer;
  let signature: string;
  try {
    // Checked before opening: opening a device or a pipe can itself do something. A link that
    // leads nowhere fails here with its reason (ENOENT, ELOOP).
    const info = statSync(listed.real ?? listed.full);
    if (listed.real === null) return { reason: "file cannot be read (its link could not be resolved)" };
    const wrongKind = notRegular(info);
    if (wrongKind) return { reason: wrongKind };
    // Taken before reading: a file changed while it is read looks changed to the next scan.
    const current = fileSignature(info);
    // `in`, not the text itself: a snapshot's text is decoded only when something reads it.
    if (same && same.signature === current && "text" in same) return { reused: same };
    const read = readBounded(listed.real, maxBytes);
    if ("reason" in read) return read;
    bytes = read;
    // A signature taken within a clock tick of a write may also be a later write's: never trusted.
    signature = settled(info, settleMs) ? current : "";
    if (same && same.signature === current) return decode(bytes, same.contentHash, signature);
  } catch (error) {
    return { reason: `file cannot be read (${errorCode(error)})` };
  }
  // Change detection, not security: SHA-1 is three times faster than SHA-256 here and as good at it.
  return decode(bytes, createHash("sha1").update(bytes).digest("hex"), signature);
}

function decode(bytes: Buffer, contentHash: string, signature: string): Decoded {
  if (bytes.length === 0) return { reason: "empty file" };
  if (looksLikeUtf16(bytes)) return { reason: "UTF-16 text: convert the file to UTF-8" };
  if (bytes.includes(0)) return { reason: "binary file (contains NUL bytes), not a text report" };
  if (!isUtf8(bytes)) return { reason: "not valid UTF-8 text (re-save the file as UTF-8)" };
  // Any printable ASCII character, and the file is not blank: decoded later, with others.
  if (bytes.some((byte) => byte > 0x20 && byte < 0x7f)) return { utf8: bytes, contentHash, signature };
  const text = bytes.toString("utf8");
  if (text.trim() === "") return { reason: "blank file (only whitespace)" };
  return { text, contentHash, signature };
}

/**
 * What identifies a file's version without reading it: size, modification and change times and
 * inode, as the live watcher compares them. ctime cannot be set back by users, so a file rewritten
 * with its old size and mtime still differs. A start from the snapshot trusts it: a file whose
 * signature is unchanged is not read at all (its text is the snapshot's).
 */
export function fileSignature(info: Stats): string {
  return `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
}

/**
 * How long after a file's last change its signature is trusted. Timestamps advance in ticks (a few
 * milliseconds on Linux, seconds on some file systems), so a file written again in the tick it was
 * read in keeps its signature with other bytes; git calls such entries "racily clean" and checks
 * their content. Here they get no signature (""), so the next read reads and hashes them again.
 */
const SETTLE_MS = 3000;

function settled(info: Stats, settleMs: number): boolean {
  // 0 trusts at once: Date.now() is whole milliseconds, so a file changed within the current one
  // has a timestamp a fraction of a millisecond after it, and would otherwise not count as settled.
  return settleMs <= 0 || Date.now() - Math.max(info.mtimeMs, info.ctimeMs) >= settleMs;
}

async function readAliases(dir: string, warnings: Rejection[]): Promise<{ groups: string[][]; raw: string }> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, ALIAS_FILE), "utf8");
  } catch {
    return { groups: [], raw: "" };
  }
  try {
    const data: unknown = parseYaml(raw);
    if (data === null) return { groups: [], raw };
    if (!Array.isArray(data)) throw new Error("expected a list of name lists");
    const groups = data
      .filter((group): group is unknown[] => Array.isArray(group))
      .map((group) => group.map((name) => String(name).trim()).filter(Boolean))
      .filter((group) => group.length > 1);
    return { groups, raw };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    warnings.push({ file: ALIAS_FILE, reason: `alias file ignored: ${detail}` });
    return { groups: [], raw };
  }
}

const normalise = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * A 53-bit hash of a normalised line (cyrb53). Lines are compared across reports by it, so the
 * corpus keeps a number per line instead of a copy of every line (a million-passage corpus has
 * hundreds of thousands); two different lines share a hash about once in 10^10 pairs.
 */
function lineHash(line: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // 0 means "too short to compare".
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

/**
 * The lines of a report that are compared with other reports, flat [start, end, key]: key 0 for a
 * line too short to compare (it still ends a run). The report's own boilerplate lines are left out.
 */
function comparedLinesOf(report: ParsedReport): Float64Array {
  const excluded = new Set(report.boilerplate.map((b) => b.start));
  const out: number[] = [];
  for (const line of report.lines) {
    if (excluded.has(line.start)) continue;
    out.push(line.start, line.end, line.content.length < MIN_REPEATED_LINE ? 0 : lineHash(normalise(line.content)));
  }
  return new Float64Array(out);
}

/**
 * Which reports hold each compared line (by its key, see comparedLinesOf): one file, or the files
 * of a line in several reports, in path order (the corpus's report order). Kept with the corpus and
 * carried to the next one by a reload (`updateSteps`), so finding lines repeated across reports
 * costs what changed: the changed reports' lines, and the reports that share them.
 *
 * Held in typed arrays, not maps: a million-passage corpus has hundreds of thousands of keys, and
 * maps of them were young objects that survived, so building them (the watcher's first pass after
 * a start) made minor collections of 34-72 ms copying them. A typed array's memory lies outside
 * the heap and is never copied. A line's holder is a file number; the rare line held by several
 * files points to one small array of their paths (see `several`).
 */
class LineOwners {
  /**
   * Split by key into many small tables: one table of a million lines stalled the event loop each
   * time it grew (a rehash copies every entry at once, into memory touched for the first time).
   */
  private readonly tables = Array.from({ length: LINE_TABLES }, () => new LineTable());
  private readonly fileNumbers = new Map<string, number>();
  private readonly files: string[] = [];
  /** By file number, how many keys the file holds: a file holding none gives its number back. */
  private readonly keysHeld: number[] = [];
  private readonly freeFileNumbers: number[] = [];
  /** The files of each line held by several, in path order: entry k is holder -(k + 1). */
  private readonly several: (string[] | undefined)[] = [];
  private readonly freeSeveral: number[] = [];

  /** The files holding `key`, when more than one does (null for a line of one report or none). */
  shared(key: number): readonly string[] | null {
    const holder = this.holderOf(key);
    return holder < 0 && holder !== NO_HOLDER ? (this.several[-1 - holder] as string[]) : null;
  }

  /** Every file holding `key` (none, one or several). */
  owners(key: number): readonly string[] {
    const holder = this.holderOf(key);
    if (holder === NO_HOLDER) return [];
    return holder >= 0 ? [this.files[holder] as string] : (this.several[-1 - holder] as string[]);
  }

  add(key: number, file: string): void {
    const number = this.fileNumber(file);
    this.addHolder(key, file, number);
    this.forgetIfUnused(number);
  }

  remove(key: number, file: string): void {
    const number = this.fileNumbers.get(file);
    if (number !== undefined) this.removeHolder(key, file, number);
  }

  /** Adds (or removes) every compared line of one report. */
  addReport(report: { file: string; comparedLines: ArrayLike<number> }): void {
    const number = this.fileNumber(report.file);
    for (let i = 2; i < report.comparedLines.length; i += 3) {
      const key = report.comparedLines[i] as number;
      if (key !== 0) this.addHolder(key, report.file, number);
    }
    this.forgetIfUnused(number);
  }

  removeReport(report: { file: string; comparedLines: ArrayLike<number> }): void {
    const number = this.fileNumbers.get(report.file);
    if (number === undefined) return;
    for (let i = 2; i < report.comparedLines.length; i += 3) {
      const key = report.comparedLines[i] as number;
      // The file gave its number back once it holds no key.
      if (key !== 0 && this.removeHolder(key, report.file, number)) return;
    }
  }

  private holderOf(key: number): number {
    const hash = lineKeyHash(key);
    return (this.tables[hash >>> LINE_TABLE_SHIFT] as LineTable).get(key, hash);
  }

  private addHolder(key: number, file: string, number: number): void {
    const hash = lineKeyHash(key);
    const table = this.tables[hash >>> LINE_TABLE_SHIFT] as LineTable;
    const holder = table.get(key, hash);
    if (holder === NO_HOLDER) table.set(key, hash, number);
    else if (holder >= 0) {
      const other = this.files[holder] as string;
      if (other === file) return;
      table.set(key, hash, this.severalHolder(other < file ? [other, file] : [file, other]));
    } else {
      const files = this.several[-1 - holder] as string[];
      const at = sortedPosition(files, file);
      if (files[at] === file) return;
      files.splice(at, 0, file);
    }
    this.keysHeld[number] = (this.keysHeld[number] as number) + 1;
  }

  /** Whether the file is left holding no key (and so without its number). */
  private removeHolder(key: number, file: string, number: number): boolean {
    const hash = lineKeyHash(key);
    const table = this.tables[hash >>> LINE_TABLE_SHIFT] as LineTable;
    const holder = table.get(key, hash);
    if (holder === NO_HOLDER) return false;
    if (holder >= 0) {
      if (holder !== number) return false;
      table.set(key, hash, NO_HOLDER);
    } else {
      const files = this.several[-1 - holder] as string[];
      const at = sortedPosition(files, file);
      if (files[at] !== file) return false;
      files.splice(at, 1);
      if (files.length === 1) {
        table.set(key, hash, this.fileNumbers.get(files[0] as string) as number);
        this.several[-1 - holder] = undefined;
        this.freeSeveral.push(-1 - holder);
      }
    }
    this.keysHeld[number] = (this.keysHeld[number] as number) - 1;
    return this.forgetIfUnused(number);
  }

  private severalHolder(files: string[]): number {
    const entry = this.freeSeveral.pop() ?? this.several.length;
    this.several[entry] = files;
    return -1 - entry;
  }

  private fileNumber(file: string): number {
    let number = this.fileNumbers.get(file);
    if (number === undefined) {
      number = this.freeFileNumbers.pop() ?? this.files.length;
      this.fileNumbers.set(file, number);
      this.files[number] = file;
      this.keysHeld[number] = 0;
    }
    return number;
  }

  private forgetIfUnused(number: number): boolean {
    if (this.keysHeld[number] !== 0) return false;
    this.fileNumbers.delete(this.files[number] as string);
    this.files[number] = "";
    this.freeFileNumbers.push(number);
    return true;
  }
}

/** LineOwners' tables: 256, chosen by the top 8 bits of a key's hash. */
const LINE_TABLES = 256;
const LINE_TABLE_SHIFT = 24;
/** The holder of a key no file holds any more (its slot stays taken until its table is rehashed). */
const NO_HOLDER = -0x80000000;

/**
 * A line key's 32-bit hash (murmur3's finaliser over its two halves): keys are hashes already, but
 * a table picks its slot from the low bits and LineOwners its table from the high ones.
 */
function lineKeyHash(key: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Line keys (53-bit, never 0, so 0 marks an empty slot) to a number, open addressing with linear
 * probing, at most half full counting the slots of keys set to NO_HOLDER (which the same key
 * takes back, and a rehash drops).
 */
class LineTable {
  private keys = new Float64Array(16);
  private values = new Int32Array(16);
  /** Slots taken, by live keys and by keys set to NO_HOLDER. */
  private taken = 0;
  private live = 0;

  /** The number of `key` (`hash` its lineKeyHash), NO_HOLDER for none. */
  get(key: number, hash: number): number {
    const slot = this.slotOf(key, hash);
    return this.keys[slot] === 0 ? NO_HOLDER : (this.values[slot] as number);
  }

  set(key: number, hash: number, value: number): void {
    let slot = this.slotOf(key, hash);
    if (this.keys[slot] === 0) {
      if (value === NO_HOLDER) return;
      if ((this.taken + 1) * 2 > this.keys.length) {
        this.rehash();
        slot = this.slotOf(key, hash);
      }
      this.keys[slot] = key;
      this.values[slot] = NO_HOLDER;
      this.taken++;
    }
    if (this.values[slot] === NO_HOLDER) this.live++;
    if (value === NO_HOLDER) this.live--;
    this.values[slot] = value;
  }

  /** The slot holding `key`, or the empty one where it would go. */
  private slotOf(key: number, hash: number): number {
    const mask = this.keys.length - 1;
    let slot = hash & mask;
    for (;;) {
      const at = this.keys[slot];
      if (at === key || at === 0) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** Drops the keys set to NO_HOLDER, doubling the table unless they were most of it. */
  private rehash(): void {
    const { keys, values } = this;
    const capacity = this.live * 4 >= keys.length ? keys.length * 2 : keys.length;
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot] as number;
      const value = values[slot] as number;
      if (key === 0 || value === NO_HOLDER) continue;
      const to = this.slotOf(key, lineKeyHash(key));
      this.keys[to] = key;
      this.values[to] = value;
    }
    this.taken = this.live;
  }
}

/** Where `file` is, or would go, in the ascending `files`. */
function sortedPosition(files: readonly string[], file: string): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((files[mid] as string) < file) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Each corpus's line owners, moved to the next corpus by a reload (so a superseded corpus has none). */
const lineOwnersOfCorpus = new WeakMap<Corpus, LineOwners>();

/** The line owners of `reports` (a corpus restored from its snapshot has none yet), a report per step. */
function* lineOwnersSteps(reports: readonly Report[]): Generator<void, LineOwners> {
  const owners = new LineOwners();
  for (const report of reports) {
    owners.addReport(report);
    yield;
  }
  return owners;
}

/**
 * Builds `corpus`'s line owners now if it has none (a corpus restored from its snapshot), in
 * slices, so that its first reload does not: the watcher's first pass calls it.
 */
export async function prepareLineOwners(corpus: Corpus, slicer: Slicer): Promise<void> {
  if (lineOwnersOfCorpus.has(corpus)) return;
  lineOwnersOfCorpus.set(corpus, await runSliced(lineOwnersSteps(corpus.reports), slicer));
}

/**
 * A report's lines repeated in other reports. A run of several repeated short lines (a "related
 * stories" box, a menu) is boilerplate everywhere it appears; a single repeated paragraph, or a run
 * of them that reads as prose (two thirds of its lines at least MIN_PROSE_LINE long: an article
 * printed twice), is wire copy, kept in the first report (in path order) that has it and dropped
 * from the others so answers do not quote it twice. `idOf` names a report by its file.
 */
function repeatedAcrossReports(
  report: { file: string; comparedLines: ArrayLike<number> },
  owners: LineOwners,
  idOf: (file: string) => string | undefined,
): Boilerplate[] {
  const lines = report.comparedLines;
  const added: Boilerplate[] = [];
  let run: { start: number; end: number; shared: readonly string[] }[] = [];
  const flush = () => {
    // A run of prose is an article printed twice (an update, a wire story in two feeds): kept once,
    // as a repeated paragraph is. Whole, it was boilerplate in both, and neither report could answer.
    const prose = run.filter(({ start, end }) => end - start >= MIN_PROSE_LINE).length * 3 >= run.length * 2;
    if (run.length >= MIN_REPEATED_BLOCK_LINES && !prose) {
      for (const { start, end, shared } of run) {
        added.push({ start, end, kind: "repeated-block", reason: `block repeated in ${shared.length} reports` });
      }
    } else {
      for (const { start, end, shared } of run) {
        // The first report holding the line keeps it; `shared` is in path order.
        const first = shared[0] === report.file ? undefined : shared[0];
        if (first !== undefined) {
          added.push({ start, end, kind: "repeated-paragraph", reason: `also in report ${idOf(first)}` });
        }
      }
    }
    run = [];
  };
  for (let i = 0; i + 2 < lines.length; i += 3) {
    const key = lines[i + 2] as number;
    const shared = key === 0 ? null : owners.shared(key);
    if (shared) run.push({ start: lines[i] as number, end: lines[i + 1] as number, shared });
    else flush();
  }
  flush();
  return added;
}

/** A batch's bytes once it is decoded: well above the size V8 allocates as a large object (never copied by a scavenge). */
const TEXT_BATCH_BYTES = 1 << 20;

/**
 * Report texts decoded a batch of files at a time, each text a slice of its batch's string. A string
 * per file put tens of megabytes of short-lived-looking strings through the scavenger at start
 * (each copied twice before it settles in the old generation); a batch is one string allocated
 * where large objects live, never copied, and each file's text a small slice of it. Files whose
 * text fits Latin-1 are batched apart from the others, so one curly quote does not double a
 * whole batch's size in memory. A slice keeps its batch alive: a report replaced by a reload holds
 * its batch until the batch's other reports are replaced too (so, at most, the corpus as read once).
 */
class TextBatches {
  private readonly batches = { narrow: new TextBatch(), wide: new TextBatch() };

  /** `into.text` becomes the text of `utf8` (valid UTF-8, copied now) by `finish` at the latest. */
  add(utf8: Buffer, into: ReadFile): void {
    let units = utf8.length;
    let wide = false;
    for (let i = 0; i < utf8.length; i++) {
      const byte = utf8[i] as number;
      // UTF-16 code units: one per character, two for those of four bytes; leads from 0xC4 on are beyond Latin-1.
      if (byte >= 0x80) {
        if (byte < 0xc0) units--;
        else if (byte >= 0xf0) units++;
        if (byte >= 0xc4) wide = true;
      }
    }
    const batch = wide ? this.batches.wide : this.batches.narrow;
    batch.add(Buffer.from(utf8), units, into);
    if (batch.bytes >= TEXT_BATCH_BYTES) batch.decode();
  }

  finish(): void {
    this.batches.narrow.decode();
    this.batches.wide.decode();
  }
}

class TextBatch {
  private parts: Buffer[] = [];
  private files: { into: ReadFile; units: number }[] = [];
  bytes = 0;

  add(bytes: Buffer, units: number, into: ReadFile): void {
    this.parts.push(bytes);
    this.files.push({ into, units });
    this.bytes += bytes.length;
  }

  decode(): void {
    if (this.files.length === 0) return;
    // Valid UTF-8 files, end to end, decode to their texts end to end.
    const whole = Buffer.concat(this.parts, this.bytes).toString("utf8");
    let at = 0;
    for (const { into, units } of this.files) {
      into.text = whole.slice(at, at + units);
      at += units;
    }
    if (at !== whole.length) throw new Error(`Sitrep: a batch of texts decoded to ${whole.length} code units, not ${at}`);
    this.parts = [];
    this.files = [];
    this.bytes = 0;
  }
}

/** A file as read: its text, the SHA-1 of its bytes and its stat signature (see fileSignature). */
export interface ReadFile {
  file: string;
  text: string;
  contentHash: string;
  signature: string;
}

/**
 * Files read before, by path: a file whose signature is unchanged is not hashed again, and not
 * even read when its text is known (a reload, or a start from the snapshot, whose texts it keeps).
 */
export type KnownFiles = ReadonlyMap<string, ReadFile | { signature: string; contentHash: string }>;

/** The corpus folder as read: every file decoded or rejected, and the hash of it all. */
export interface CorpusFiles {
  root: string;
  files: ReadFile[];
  /** Files that could not be read as text. */
  rejected: Rejection[];
  aliases: string[][];
  /** The alias file's text, as it was read. */
  aliasSource: string;
  /** Everything parsing depends on: loader version, size limit, alias file, every file's path and bytes. */
  hash: string;
}

/** Reads the corpus folder. Only a missing folder throws; bad files become rejections. */
export async function readCorpusFiles(
  dir: string,
  options: LoadOptions = {},
  known?: KnownFiles,
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<CorpusFiles> {
  const maxBytes = options.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES;
  const root = path.resolve(dir);
  const rootInfo = await stat(root).catch(() => null);
  if (!rootInfo) throw new CorpusError(`corpus folder not found: ${dir}`);
  if (!rootInfo.isDirectory()) throw new CorpusError(`corpus path is not a folder: ${dir}`);

  const rejected: Rejection[] = [];
  const aliases = await readAliases(root, rejected);
  const followExternal = options.followExternalLinks ?? followExternalLinksByDefault();
  const listed = await listFiles(root, followExternal, rejected);
  const hash = createHash("sha256").update(`sitrep-loader-${LOADER_VERSION}\0${maxBytes}\0${aliases.raw}\0`);
  // Files of other kinds are rejected before any read is (the order rejections are listed in).
  const unreadable: Rejection[] = [];
  const files: ReadFile[] = [];
  const texts = new TextBatches();
  for (const entry of listed) {
    if (slicer.due()) await slicer.giveWay();
    const file = relative(root, entry.full);
    if (file === ALIAS_FILE) continue;
    const extension = path.extname(file).toLowerCase();
    if (!REPORT_EXTENSIONS.includes(extension)) {
      const shown = extension === "" ? "no extension" : `extension ${extension}`;
      rejected.push({ file, reason: `unsupported ${shown} (reports are ${REPORT_EXTENSIONS.join(", ")} files)` });
      continue;
    }
    const result = readReport(entry, maxBytes, options.settleMs ?? SETTLE_MS, known, file, options.scanned);
    if ("reason" in result) {
      unreadable.push({ file, reason: result.reason });
      continue;
    }
    if ("reused" in result) {
      hash.update(`${file}\0${result.reused.contentHash}\0`);
      files.push(result.reused);
      continue;
    }
    const { contentHash, signature } = result;
    hash.update(`${file}\0${contentHash}\0`);
    const read: ReadFile = { file, text: "text" in result ? result.text : "", contentHash, signature };
    if ("utf8" in result) texts.add(result.utf8, read);
    files.push(read);
  }
  texts.finish();
  rejected.push(...unreadable);
  return { root, files, rejected, aliases: aliases.groups, aliasSource: aliases.raw, hash: hash.digest("hex") };
}

/** A corpus made from another by re-parsing only what changed. */
export interface CorpusUpdate {
  corpus: Corpus;
  /**
   * Ids of the new corpus's reports whose passages were made afresh (new, changed, or whose
   * boilerplate changed because another report now shares or no longer shares their lines).
   * Every other report has the same passages as in the previous corpus (the same objects, unless
   * the reload numbered every passage again: see updateSteps).
   */
  rebuilt: Set<string>;
}

/** Parses what `readCorpusFiles` read: duplicates, boilerplate, titles, sentence passages. */
export function parseCorpus(read: CorpusFiles): Corpus {
  return drain(updateSteps(null, read)).corpus;
}

/**
 * The corpus `read` holds, made from `previous` (parsed from an earlier read of the same folder
 * with the same alias file and limits): only new and changed files are parsed, and reports whose
 * cross-report boilerplate changed are parsed again; the rest is reused. The result equals
 * `parseCorpus(read)`.
 */
export function updateCorpus(previous: Corpus, read: CorpusFiles, slicer: Slicer): Promise<CorpusUpdate> {
  return runSliced(updateSteps(previous, read), slicer);
}

interface Candidate {
  id: string;
  file: string;
  /** The file read; its `text` is read only for a report parsed now (a kept one's may be undecoded, see saved-texts.ts). */
  read: { readonly text: string };
  contentHash: string;
  textKey: string;
  /** The same report in the previous corpus, unchanged; null when it must be parsed. */
  old: Report | null;
  parsed: ParsedReport | null;
  comparedLines: Float64Array;
}

function* updateSteps(previous: Corpus | null, read: CorpusFiles): Generator<void, CorpusUpdate> {
  const rejected = [...read.rejected];
  const oldByFile = new Map(previous?.reports.map((r) => [r.file, r]));
  const candidates: Candidate[] = [];
  const byContent = new Map<string, string>();
  const ids = new Set<string>();
  for (const readFile of read.files) {
    const { file, contentHash } = readFile;
    const unchanged = oldByFile.get(file);
    const old = unchanged && unchanged.contentHash === contentHash ? unchanged : null;
    const textKey = old?.textKey ?? createHash("sha256").update(normalise(readFile.text)).digest("hex");
    const original = byContent.get(textKey);
    if (original) {
      rejected.push({ file, reason: `duplicate of ${original}` });
      continue;
    }
    const extension = path.extname(file);
    let id = file.slice(0, file.length - extension.length);
    if (ids.has(id)) id = file;
    const kept = old && old.id === id ? old : null;
    let parsed: ParsedReport | null;
    let comparedLines: Float64Array;
    try {
      parsed = kept ? null : parseReport(readFile.text);
      comparedLines = kept ? kept.comparedLines : comparedLinesOf(parsed as ParsedReport);
    } catch (error) {
      rejected.push({ file, reason: unparsedReason(error) });
      yield;
      continue;
    }
    byContent.set(textKey, file);
    ids.add(id);
    candidates.push({ id, file, read: readFile, contentHash, textKey, old: kept, parsed, comparedLines });
    if (!kept || candidates.length % 256 === 0) yield;
  }

  // Lines repeated across reports: the line owners brought up to date with the reports that left
  // or were parsed now; only reports sharing a line with those can have other boilerplate of this kind.
  const owners =
    (previous && lineOwnersOfCorpus.get(previous)) ??
    (previous ? yield* lineOwnersSteps(previous.reports) : new LineOwners());
  if (previous) lineOwnersOfCorpus.delete(previous);
  const keptReports = new Set<Report>();
  for (const candidate of candidates) if (candidate.old) keptReports.add(candidate.old);
  const changedLines = new Set<number>();
  for (const report of previous?.reports ?? []) {
    if (keptReports.has(report)) continue;
    owners.removeReport(report);
    for (let i = 2; i < report.comparedLines.length; i += 3) changedLines.add(report.comparedLines[i] as number);
    yield;
  }
  const checked = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.old) continue;
    owners.addReport(candidate);
    for (let i = 2; i < candidate.comparedLines.length; i += 3) {
      changedLines.add(candidate.comparedLines[i] as number);
    }
    yield;
  }
  changedLines.delete(0);
  for (const key of changedLines) for (const file of owners.owners(key)) checked.add(file);
  const idOfFile = new Map(candidates.map((c) => [c.file, c.id]));
  const idOf = (file: string) => idOfFile.get(file);

  const rebuilt = new Set<string>();
  const reports: Report[] = [];
  // Passage ids are stable: a kept report keeps its passages, ids and all, and a report parsed now
  // numbers its passages after every id the previous corpus used (so ids are not in path order, and
  // the ids of removed passages are left unused). Renumbering every passage after a report added
  // first in path order copied a million passages, and the collections promoting the copies were
  // the longest blocks of a reload. A full load numbers them 0 … n-1 in path order.
  let nextId = previous?.passages.length ?? 0;
  let passageCount = 0;
  for (const candidate of candidates) {
    const { old } = candidate;
    // A kept report sharing no line with a changed one keeps its boilerplate.
    const across = old && !checked.has(candidate.file) ? null : repeatedAcrossReports(candidate, owners, idOf);
    let report: Report;
    if (old && (across === null || sameBoilerplate(acrossReports(old), across))) {
      report = old;
    } else {
      try {
        const parsed = candidate.parsed ?? parseReport(candidate.read.text);
        report = buildReport(candidate, parsed, across ?? [], nextId);
      } catch (error) {
        rejected.push({ file: candidate.file, reason: unparsedReason(error) });
        yield;
        continue;
      }
      rebuilt.add(candidate.id);
      nextId += report.passages.length;
    }
    reports.push(report);
    passageCount += report.passages.length;
    yield;
  }
  // Once unused ids outnumber the passages, every passage is numbered again in path order, as a
  // full load numbers them (rare: it takes removals or changes of as many passages as the corpus holds).
  if (nextId - passageCount > passageCount) {
    let first = 0;
    for (const [i, report] of reports.entries()) {
      reports[i] = renumbered(report, first);
      first += report.passages.length;
      if (i % 256 === 255) yield;
    }
    nextId = first;
  }
  const passages = PassageDirectory.of(
    reports.map((r) => r.passages),
    nextId,
  );
  rejected.sort((a, b) => a.file.localeCompare(b.file));
  const corpus: Corpus = { dir: read.root, reports, rejected, passages, aliases: read.aliases, hash: read.hash };
  lineOwnersOfCorpus.set(corpus, owners);
  return { corpus, rebuilt };
}

/**
 * Why a report whose reading threw is left out. The error is Sitrep's, not the file's (any text is
 * a report), so one such file must not take the corpus down with it: the others load, and the
 * reason names the error for a bug report.
 */
function unparsedReason(error: unknown): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `could not be read as a report (${what.slice(0, 200)}); this is a Sitrep bug, please report it with the file`;
}

/** A report's boilerplate of lines repeated in other reports: the entries on lines it compares. */
function acrossReports(report: Report): Boilerplate[] {
  const compared = new Set<number>();
  for (let i = 0; i < report.comparedLines.length; i += 3) compared.add(report.comparedLines[i] as number);
  return report.boilerplate.filter((b) => compared.has(b.start));
}

function sameBoilerplate(a: readonly Boilerplate[], b: readonly Boilerplate[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return y !== undefined && x.start === y.start && x.end === y.end && x.kind === y.kind && x.reason === y.reason;
    })
  );
}

/** A report of the new corpus, its passages from id `first`: the same object when they keep their ids. */
function renumbered(report: Report, first: number): Report {
  if (report.passages.length === 0 || report.passages.firstId === first) return report;
  // Copied with its property descriptors, not spread: spreading would read (decode) a saved text.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(report)) as Report;
  copy.passages = report.passages.renumbered(first);
  return copy;
}

/** A report parsed now, its passages numbered from `firstId`. */
function buildReport(candidate: Candidate, report: ParsedReport, across: Boilerplate[], firstId: number): Report {
  const { id, file, contentHash, textKey, comparedLines } = candidate;
  const { text } = candidate.read;
  const boilerplate =
    across.length > 0 ? [...report.boilerplate, ...across].sort((a, b) => a.start - b.start) : report.boilerplate;
  const paragraphs = segment(text, report.lines, new Set(boilerplate.map((b) => b.start)));
  const spans: { start: number; end: number; paragraph: number }[] = [];
  for (const paragraph of paragraphs) {
    for (const sentence of paragraph.sentences) {
      spans.push({ start: sentence.start, end: sentence.end, paragraph: paragraph.index });
    }
  }
  const reportPassages = ReportPassages.of(id, firstId, spans, report.date);
  const warnings = [...report.warnings];
  if (reportPassages.length === 0) warnings.push("no text left once boilerplate was removed");
  return {
    id,
    file,
    text,
    title: chooseTitle(text, { ...report, boilerplate }, paragraphs),
    date: report.date,
    dateSource: report.dateSource,
    source: report.source,
    url: report.url,
    bodyStart: report.bodyStart,
    boilerplate,
    passages: reportPassages,
    warnings,
    contentHash,
    textKey,
    comparedLines,
  };
}

/**
 * Loads every report under `dir`. Bad files are rejected with a reason and never stop the load;
 * files are only ever read.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  return parseCorpus(await readCorpusFiles(dir, options));
}

/** What parsing found, without the texts: enough to rebuild the corpus from the same files. */
export interface ParsedCorpus {
  reports: ParsedReportOf<ArrayLike<number>>[];
  rejected: Rejection[];
}

/**
 * One report of a ParsedCorpus: `spans` its passages as flat [start, end, paragraph] triples
 * (an array, or a view of a snapshot's table), `comparedLines` as in Report, and its boilerplate
 * as entries or as the snapshot's rows (read each time the restored report's is: saved-boilerplate.ts).
 */
export type ParsedReportOf<Numbers> = Omit<Report, "text" | "passages" | "contentHash" | "boilerplate"> & {
  spans: Numbers;
  boilerplate: Boilerplate[] | SavedBoilerplate;
};

/** A ParsedCorpus without its numbers, which a snapshot keeps in binary tables (see src/table-file.ts). */
export type SavedCorpus = {
  reports: Omit<ParsedReportOf<never>, "spans" | "comparedLines" | "boilerplate">[];
  rejected: Rejection[];
};

const rejectionSchema = z.object({ file: z.string(), reason: z.string() });

const DATE_SOURCES: ReadonlySet<unknown> = new Set(["header", "frontmatter", "inferred", "none"] satisfies DateSource[]);

/** One report of a SavedCorpus, every field of the type it must have (see arrayWhere for why not a zod schema). */
function isSavedReport(value: unknown): value is SavedCorpus["reports"][number] {
  return (
    isRecord(value) &&
    isString(value.id) &&
    isString(value.file) &&
    isString(value.title) &&
    isStringOrNull(value.date) &&
    DATE_SOURCES.has(value.dateSource) &&
    isStringOrNull(value.source) &&
    isStringOrNull(value.url) &&
    Number.isInteger(value.bodyStart) &&
    (value.bodyStart as number) >= 0 &&
    Array.isArray(value.warnings) &&
    value.warnings.every(isString) &&
    isString(value.textKey)
  );
}

/** The shape of a saved SavedCorpus; restoreCorpus checks the spans as it reads them. */
export const savedCorpusSchema = z.object({
  reports: arrayWhere(isSavedReport, "saved reports"),
  rejected: z.array(rejectionSchema),
}) satisfies z.ZodType<SavedCorpus>;

/** A saved parse that does not fit the files read now: the caller rebuilds instead. */
export class SnapshotMismatchError extends Error {
  override name = "SnapshotMismatchError";
}


const LEFT_OUT_OF_SAVED_REPORT = new Set(["text", "passages", "contentHash", "comparedLines", "boilerplate"]);

/**
 * One report of a SavedCorpus: what parsing found, but its text, passages, compared lines and
 * boilerplate. Copied key by key, never reading `text`: a restored report's text is decoded on
 * first read, and saving the snapshot again must not decode every one.
 */
export function toSavedReport(report: Report): SavedCorpus["reports"][number] {
  const saved: Record<string, unknown> = {};
  for (const key of Object.keys(report)) {
    if (!LEFT_OUT_OF_SAVED_REPORT.has(key)) saved[key] = report[key as keyof Report];
  }
  return saved as SavedCorpus["reports"][number];
}

/**
 * The corpus from files read now and what parsing them found before; only valid when the files'
 * hash is the one the parse was made from (the caller checks).
 */
export function restoreCorpus(read: CorpusFiles, parsed: ParsedCorpus): Corpus {
  const byFile = new Map(read.files.map((f) => [f.file, f]));
  // Every file read is accounted for exactly once: a report or a rejection (a duplicate).
  const accounted = new Set([...parsed.reports.map((r) => r.file), ...parsed.rejected.map((r) => r.file)]);
  const unaccounted = read.files.filter((f) => !accounted.has(f.file));
  if (unaccounted.length > 0) throw new SnapshotMismatchError(`${unaccounted[0]?.file} is missing from the snapshot`);
  let idSpace = 0;
  const checked = new Set<SavedTexts>();
  const reports: Report[] = parsed.reports.map((saved) => {
    const { spans } = saved;
    const file = byFile.get(saved.file);
    if (!file) throw new SnapshotMismatchError(`restored report ${saved.file} is not among the files read`);
    // A snapshot's text is checked in its packed bytes, left undecoded until something reads it.
    const source = savedTextOf(file);
    const length = source ? source.texts.length(source.at) : file.text.length;
    if (source) checked.add(source.texts);
    const codeAt = source ? source.texts.codeUnits(source.at) : (at: number) => file.text.charCodeAt(at);
    if (spans.length % 3 !== 0 || saved.bodyStart > length) {
      throw new SnapshotMismatchError(`${saved.file}: passage offsets do not fit the text`);
    }
    let previousEnd = 0;
    for (let i = 0; i + 2 < spans.length; i += 3) {
      const start = spans[i];
      const end = spans[i + 1];
      const paragraph = spans[i + 2];
      // Cheap, and enough to catch an edited snapshot: in order, inside the text, trimmed as every passage is.
      if (
        !Number.isInteger(start) ||
        !Number.isInteger(end) ||
        !Number.isInteger(paragraph) ||
        start === undefined ||
        end === undefined ||
        paragraph === undefined ||
        start < previousEnd ||
        end <= start ||
        end > length ||
        isSpaceCode(codeAt(start)) ||
        isSpaceCode(codeAt(end - 1))
      ) {
        throw new SnapshotMismatchError(`${saved.file}: passage ${i / 3} does not fit the text`);
      }
      previousEnd = end;
    }
    // The snapshot's own table when it is one (no copy, and no object per passage).
    const reportPassages = ReportPassages.fromSpans(
      saved.id,
      idSpace,
      spans instanceof Uint32Array ? spans : Uint32Array.from(spans),
      saved.date,
    );
    idSpace += reportPassages.length;
    // Field by field, not spread from `saved`: V8 gives objects made by spreading shapes that the text
    // getter added next makes slow, several times the cost of the rest of a report's restore.
    const boilerplate = saved.boilerplate;
    const fields: Omit<Report, "text" | "boilerplate"> = {
      id: saved.id,
      file: saved.file,
      title: saved.title,
      date: saved.date,
      dateSource: saved.dateSource,
      source: saved.source,
      url: saved.url,
      bodyStart: saved.bodyStart,
      passages: reportPassages,
      warnings: saved.warnings,
      contentHash: file.contentHash,
      textKey: saved.textKey,
      // The snapshot's own view, not copied: 400k numbers at Timeline17's size, read only by a reload.
      comparedLines: saved.comparedLines,
    };
    // Added after, as the saved text's getter is: a data property made an accessor later, or a
    // getter in the literal, makes the report a dictionary-mode object, slow to read.
    const restored = Array.isArray(boilerplate)
      ? Object.assign(fields, { boilerplate })
      : withSavedBoilerplate(fields, boilerplate);
    return source ? withSavedText(restored, source.texts, source.at) : { ...restored, text: file.text };
  });
  for (const texts of checked) texts.releaseWindows();
  const passages = PassageDirectory.of(
    reports.map((r) => r.passages),
    idSpace,
  );
  return { dir: read.root, reports, rejected: parsed.rejected, passages, aliases: read.aliases, hash: read.hash };
}
