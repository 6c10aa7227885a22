// src/corpus: reading the corpus folder safely and parsing reports (dates, titles, boilerplate, passages).
import { createHash } from "node:crypto";
import type { Dirent, Stats } from "node:fs";
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { chooseTitle, type Line, type ParsedReport, parseReport, segment } from "./parse.js";
import { isSpace } from "./sentences.js";
import { BOILERPLATE_KINDS, type Boilerplate, type Corpus, type Passage, type Rejection, type Report } from "./types.js";

/** Bumped whenever parsing changes, so index snapshots made by an older loader are not reused. */
const LOADER_VERSION = 5;
const DEFAULT_MAX_REPORT_BYTES = 2 * 1024 * 1024;
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
  return path.relative(root, file).split(path.sep).join("/");
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


type Decoded = { text: string; bytes: Buffer } | { reason: string };

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
 * At most `maxBytes + 1` bytes of `file`: the limit holds for what is read, whatever `stat` said
 * (files in /proc say 0 bytes and hold more). Opened non-blocking, so a pipe swapped in after the
 * check cannot hang the load.
 */
function readBounded(file: string, maxBytes: number): Buffer | { reason: string } {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    const wrongKind = notRegular(info);
    if (wrongKind) return { reason: wrongKind };
    if (info.size > maxBytes) return { reason: overLimit(formatBytes(info.size), maxBytes) };
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= maxBytes) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - length));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      length += read;
    }
    if (length > maxBytes) return { reason: overLimit(`over ${formatBytes(maxBytes)}`, maxBytes) };
    // A file that says it is empty and yet has bytes is generated as it is read (/proc, /sys).
    if (info.size === 0 && length > 0) return { reason: "not a regular file (generated when read, as in /proc)" };
    return Buffer.concat(chunks, length);
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
function readReport(listed: Listed, maxBytes: number): Decoded {
  let bytes: Buffer;
  try {
    // Checked before opening: opening a device or a pipe can itself do something. A link that
    // leads nowhere fails here with its reason (ENOENT, ELOOP).
    const info = statSync(listed.real ?? listed.full);
    if (listed.real === null) return { reason: "file cannot be read (its link could not be resolved)" };
    const wrongKind = notRegular(info);
    if (wrongKind) return { reason: wrongKind };
    const read = readBounded(listed.real, maxBytes);
    if ("reason" in read) return read;
    bytes = read;
  } catch (error) {
    return { reason: `file cannot be read (${errorCode(error)})` };
  }
  if (bytes.length === 0) return { reason: "empty file" };
  if (looksLikeUtf16(bytes)) return { reason: "UTF-16 text: convert the file to UTF-8" };
  if (bytes.includes(0)) return { reason: "binary file (contains NUL bytes), not a text report" };
  if (!isUtf8(bytes)) return { reason: "not valid UTF-8 text (re-save the file as UTF-8)" };
  const text = bytes.toString("utf8");
  if (text.trim() === "") return { reason: "blank file (only whitespace)" };
  return { text, bytes };
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
 * Lines repeated across reports. A run of several repeated lines (a photo gallery, a "related
 * stories" box) is boilerplate everywhere it appears; a single repeated paragraph is wire copy, kept
 * in the first report that has it and dropped from the others so answers do not quote it twice.
 */
function markRepeatedAcrossReports(parsed: { id: string; report: ParsedReport }[]): void {
  // Keys per line, computed once: this runs over every line of the corpus.
  const keys = parsed.map(({ report }) => {
    const excluded = new Set(report.boilerplate.map((b) => b.start));
    // null: boilerplate, outside the comparison; "": too short to compare, but it ends a run.
    return report.lines.map((line) =>
      excluded.has(line.start) ? null : line.content.length < MIN_REPEATED_LINE ? "" : normalise(line.content),
    );
  });
  const owners = new Map<string, number[]>();
  keys.forEach((reportKeys, index) => {
    for (const key of reportKeys) {
      if (!key) continue;
      const list = owners.get(key);
      if (!list) owners.set(key, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  parsed.forEach(({ report }, index) => {
    const reportKeys = keys[index] ?? [];
    const others = (i: number) => {
      const key = reportKeys[i];
      const list = key ? owners.get(key) : undefined;
      return list && list.length > 1 ? list.filter((o) => o !== index) : [];
    };
    const added: Boilerplate[] = [];
    let run: { line: Line; others: number[] }[] = [];
    const flush = () => {
      if (run.length >= MIN_REPEATED_BLOCK_LINES) {
        for (const { line, others: shared } of run) {
          const reason = `block repeated in ${shared.length + 1} reports`;
          added.push({ start: line.start, end: line.end, kind: "repeated-block", reason });
        }
      } else {
        for (const { line, others: shared } of run) {
          const first = shared[0];
          if (first !== undefined && first < index) {
            const reason = `also in report ${parsed[first]?.id}`;
            added.push({ start: line.start, end: line.end, kind: "repeated-paragraph", reason });
          }
        }
      }
      run = [];
    };
    report.lines.forEach((line, i) => {
      if (reportKeys[i] === null) return;
      const shared = others(i);
      if (shared.length > 0) run.push({ line, others: shared });
      else flush();
    });
    flush();
    if (added.length > 0) report.boilerplate = [...report.boilerplate, ...added].sort((a, b) => a.start - b.start);
  });
}

/** The corpus folder as read: every file decoded or rejected, and the hash of it all. */
export interface CorpusFiles {
  root: string;
  files: { file: string; text: string; contentHash: string }[];
  /** Files that could not be read as text. */
  rejected: Rejection[];
  aliases: string[][];
  /** Everything parsing depends on: loader version, size limit, alias file, every file's path and bytes. */
  hash: string;
}

/** Reads the corpus folder. Only a missing folder throws; bad files become rejections. */
export async function readCorpusFiles(dir: string, options: LoadOptions = {}): Promise<CorpusFiles> {
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
  const candidates = listed
    .map((entry) => ({ entry, file: relative(root, entry.full) }))
    .filter(({ file }) => file !== ALIAS_FILE)
    .filter(({ file }) => {
      const extension = path.extname(file).toLowerCase();
      if (REPORT_EXTENSIONS.includes(extension)) return true;
      const shown = extension === "" ? "no extension" : `extension ${extension}`;
      rejected.push({ file, reason: `unsupported ${shown} (reports are ${REPORT_EXTENSIONS.join(", ")} files)` });
      return false;
    });
  const decoded = candidates.map(({ entry }) => readReport(entry, maxBytes));
  const files: CorpusFiles["files"] = [];
  candidates.forEach(({ file }, i) => {
    const result = decoded[i] as Decoded;
    if ("reason" in result) {
      rejected.push({ file, reason: result.reason });
      return;
    }
    // Change detection, not security: SHA-1 is three times faster than SHA-256 here and as good at it.
    const contentHash = createHash("sha1").update(result.bytes).digest("hex");
    hash.update(`${file}\0${contentHash}\0`);
    files.push({ file, text: result.text, contentHash });
  });
  return { root, files, rejected, aliases: aliases.groups, hash: hash.digest("hex") };
}

/** Parses what `readCorpusFiles` read: duplicates, boilerplate, titles, sentence passages. */
export function parseCorpus(read: CorpusFiles): Corpus {
  const rejected = [...read.rejected];
  const parsed: { id: string; file: string; text: string; contentHash: string; report: ParsedReport }[] = [];
  const byContent = new Map<string, string>();
  const ids = new Set<string>();
  for (const { file, text, contentHash } of read.files) {
    const textKey = createHash("sha256").update(normalise(text)).digest("hex");
    const original = byContent.get(textKey);
    if (original) {
      rejected.push({ file, reason: `duplicate of ${original}` });
      continue;
    }
    byContent.set(textKey, file);
    const extension = path.extname(file);
    let id = file.slice(0, file.length - extension.length);
    if (ids.has(id)) id = file;
    ids.add(id);
    parsed.push({ id, file, text, contentHash, report: parseReport(text) });
  }

  markRepeatedAcrossReports(parsed);

  const passages: Passage[] = [];
  const reports: Report[] = parsed.map(({ id, file, text, contentHash, report }) => {
    const paragraphs = segment(text, report.lines, new Set(report.boilerplate.map((b) => b.start)));
    const reportPassages: Passage[] = [];
    for (const paragraph of paragraphs) {
      for (const sentence of paragraph.sentences) {
        const passage: Passage = {
          id: passages.length,
          reportId: id,
          ordinal: reportPassages.length,
          paragraph: paragraph.index,
          start: sentence.start,
          end: sentence.end,
          date: report.date,
        };
        passages.push(passage);
        reportPassages.push(passage);
      }
    }
    const warnings = [...report.warnings];
    if (reportPassages.length === 0) warnings.push("no text left once boilerplate was removed");
    return {
      id,
      file,
      text,
      title: chooseTitle(text, report, paragraphs),
      date: report.date,
      dateSource: report.dateSource,
      source: report.source,
      url: report.url,
      bodyStart: report.bodyStart,
      boilerplate: report.boilerplate,
      passages: reportPassages,
      warnings,
      contentHash,
    };
  });
  rejected.sort((a, b) => a.file.localeCompare(b.file));
  return { dir: read.root, reports, rejected, passages, aliases: read.aliases, hash: read.hash };
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
  reports: (Omit<Report, "text" | "passages" | "contentHash"> & { spans: number[] })[];
  rejected: Rejection[];
}

const rejectionSchema = z.object({ file: z.string(), reason: z.string() });

/**
 * The shape of a saved ParsedCorpus. `spans` is only checked to be an array here: restoreCorpus
 * checks its numbers as it reads them, which costs nothing extra on a million passages.
 */
export const parsedCorpusSchema = z.object({
  reports: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      title: z.string(),
      date: z.string().nullable(),
      dateSource: z.enum(["header", "frontmatter", "inferred", "none"]),
      source: z.string().nullable(),
      url: z.string().nullable(),
      bodyStart: z.number().int().nonnegative(),
      boilerplate: z.array(
        z.object({
          start: z.number().int().nonnegative(),
          end: z.number().int().nonnegative(),
          kind: z.enum(BOILERPLATE_KINDS),
          reason: z.string(),
        }),
      ),
      warnings: z.array(z.string()),
      spans: z.custom<number[]>((value) => Array.isArray(value), "an array of passage offsets"),
    }),
  ),
  rejected: z.array(rejectionSchema),
}) satisfies z.ZodType<ParsedCorpus>;

/** A saved parse that does not fit the files read now: the caller rebuilds instead. */
export class SnapshotMismatchError extends Error {
  override name = "SnapshotMismatchError";
}


export function toParsedCorpus(corpus: Corpus): ParsedCorpus {
  return {
    reports: corpus.reports.map(({ text: _text, passages, contentHash: _hash, ...rest }) => ({
      ...rest,
      // Flat [start, end, paragraph] triples: a third of the size of objects in JSON.
      spans: passages.flatMap((p) => [p.start, p.end, p.paragraph]),
    })),
    rejected: corpus.rejected,
  };
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
  const passages: Passage[] = [];
  const reports: Report[] = parsed.reports.map(({ spans, ...saved }) => {
    const file = byFile.get(saved.file);
    if (!file) throw new SnapshotMismatchError(`restored report ${saved.file} is not among the files read`);
    const { text } = file;
    if (spans.length % 3 !== 0 || saved.bodyStart > text.length) {
      throw new SnapshotMismatchError(`${saved.file}: passage offsets do not fit the text`);
    }
    const reportPassages: Passage[] = [];
    let previousEnd = 0;
    for (let i = 0; i + 2 < spans.length; i += 3) {
      const [start, end, paragraph] = [spans[i], spans[i + 1], spans[i + 2]];
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
        end > text.length ||
        isSpace(text[start]) ||
        isSpace(text[end - 1])
      ) {
        throw new SnapshotMismatchError(`${saved.file}: passage ${i / 3} does not fit the text`);
      }
      previousEnd = end;
      const passage: Passage = {
        id: passages.length,
        reportId: saved.id,
        ordinal: reportPassages.length,
        paragraph,
        start,
        end,
        date: saved.date,
      };
      passages.push(passage);
      reportPassages.push(passage);
    }
    return { ...saved, text: file.text, contentHash: file.contentHash, passages: reportPassages };
  });
  return { dir: read.root, reports, rejected: parsed.rejected, passages, aliases: read.aliases, hash: read.hash };
}
