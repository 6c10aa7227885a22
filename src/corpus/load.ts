import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readFileSync, statSync } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { chooseTitle, type Line, type ParsedReport, parseReport, segment } from "./parse.js";
import type { Boilerplate, Corpus, Passage, Rejection, Report } from "./types.js";

/** Bumped whenever parsing changes, so index snapshots made by an older loader are not reused. */
export const LOADER_VERSION = 3;
export const DEFAULT_MAX_REPORT_BYTES = 2 * 1024 * 1024;
export const ALIAS_FILE = "aliases.yml";
export const REPORT_EXTENSIONS = [".txt", ".md", ".markdown", ".text"];

export interface LoadOptions {
  /** Files larger than this are rejected. Default 2 MiB. */
  maxReportBytes?: number;
}

/** The corpus as a whole cannot be read (a missing folder); single bad files are rejections instead. */
export class CorpusError extends Error {
  override name = "CorpusError";
}

const MIN_REPEATED_LINE = 30;

const MIN_REPEATED_BLOCK_LINES = 3;

/** Every file under `root`, hidden ones left out. Linked folders are followed once each. */
async function listFiles(root: string, rejected: Rejection[]): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
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
      const isFolder =
        entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
      if (isFolder) await walk(full);
      else files.push(full);
    }
  }
  await walk(root);
  return files.sort();
}

function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}

function errorCode(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}


type Decoded = { text: string; bytes: Buffer } | { reason: string };

/**
 * Reads one report. Synchronous on purpose: for thousands of small files, plain reads are several
 * times faster than queued asynchronous ones, and a start-up or a reload waits for all of them anyway.
 */
function readReport(file: string, maxBytes: number): Decoded {
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) return { reason: "not a regular file" };
    if (info.size > maxBytes) {
      return { reason: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit for a report` };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { reason: `file cannot be read (${errorCode(error)})` };
  }
  if (bytes.length === 0) return { reason: "empty file" };
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
  const listed = await listFiles(root, rejected);
  const hash = createHash("sha256").update(`sitrep-loader-${LOADER_VERSION}\0${maxBytes}\0${aliases.raw}\0`);
  const candidates = listed
    .map((full) => ({ full, file: relative(root, full) }))
    .filter(({ file }) => file !== ALIAS_FILE)
    .filter(({ file }) => {
      const extension = path.extname(file).toLowerCase();
      if (REPORT_EXTENSIONS.includes(extension)) return true;
      const shown = extension === "" ? "no extension" : `extension ${extension}`;
      rejected.push({ file, reason: `unsupported ${shown} (reports are ${REPORT_EXTENSIONS.join(", ")} files)` });
      return false;
    });
  const decoded = candidates.map(({ full }) => readReport(full, maxBytes));
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
  const passages: Passage[] = [];
  const reports: Report[] = parsed.reports.map(({ spans, ...saved }) => {
    const file = byFile.get(saved.file);
    if (!file) throw new Error(`restored report ${saved.file} is not among the files read`);
    const reportPassages: Passage[] = [];
    for (let i = 0; i + 2 < spans.length; i += 3) {
      const passage: Passage = {
        id: passages.length,
        reportId: saved.id,
        ordinal: reportPassages.length,
        paragraph: spans[i + 2] as number,
        start: spans[i] as number,
        end: spans[i + 1] as number,
        date: saved.date,
      };
      passages.push(passage);
      reportPassages.push(passage);
    }
    return { ...saved, text: file.text, contentHash: file.contentHash, passages: reportPassages };
  });
  return { dir: read.root, reports, rejected: parsed.rejected, passages, aliases: read.aliases, hash: read.hash };
}
