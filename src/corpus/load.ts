import { createHash } from "node:crypto";
import type { Dirent } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { chooseTitle, type Line, type ParsedReport, parseReport, segment } from "./parse.js";
import type { Boilerplate, Corpus, Passage, Rejection, Report } from "./types.js";

/** Bumped whenever parsing changes, so index snapshots made by an older loader are not reused. */
export const LOADER_VERSION = 1;
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
      const isFolder = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
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

const utf8 = new TextDecoder("utf-8", { fatal: true });

type Decoded = { text: string; bytes: Buffer } | { reason: string };

async function readReport(file: string, maxBytes: number): Promise<Decoded> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { reason: "not a regular file" };
    if (info.size > maxBytes) {
      return { reason: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit for a report` };
    }
    bytes = await readFile(file);
  } catch (error) {
    return { reason: `file cannot be read (${errorCode(error)})` };
  }
  if (bytes.length === 0) return { reason: "empty file" };
  if (bytes.includes(0)) return { reason: "binary file (contains NUL bytes), not a text report" };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { reason: "not valid UTF-8 text (re-save the file as UTF-8)" };
  }
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
  const owners = new Map<string, number[]>();
  parsed.forEach(({ report }, index) => {
    const excluded = new Set(report.boilerplate.map((b) => b.start));
    for (const line of report.lines) {
      if (excluded.has(line.start) || line.content.length < MIN_REPEATED_LINE) continue;
      const key = normalise(line.content);
      const list = owners.get(key);
      if (!list) owners.set(key, [index]);
      else if (list[list.length - 1] !== index) list.push(index);
    }
  });
  parsed.forEach(({ report }, index) => {
    const excluded = new Set(report.boilerplate.map((b) => b.start));
    const candidates = report.lines.filter((line) => !excluded.has(line.start));
    const sharedWith = (line: Line) => (owners.get(normalise(line.content)) ?? []).filter((i) => i !== index);
    const added: Boilerplate[] = [];
    let run: Line[] = [];
    const flush = () => {
      if (run.length >= MIN_REPEATED_BLOCK_LINES) {
        for (const line of run) {
          const count = sharedWith(line).length + 1;
          added.push({
            start: line.start,
            end: line.end,
            kind: "repeated-block",
            reason: `block repeated in ${count} reports`,
          });
        }
      } else {
        for (const line of run) {
          const first = sharedWith(line)[0];
          if (first !== undefined && first < index) {
            added.push({
              start: line.start,
              end: line.end,
              kind: "repeated-paragraph",
              reason: `also in report ${parsed[first]?.id}`,
            });
          }
        }
      }
      run = [];
    };
    for (const line of candidates) {
      if (sharedWith(line).length > 0) run.push(line);
      else flush();
    }
    flush();
    if (added.length > 0) report.boilerplate = [...report.boilerplate, ...added].sort((a, b) => a.start - b.start);
  });
}

/**
 * Loads every report under `dir`. Bad files are rejected with a reason and never stop the load;
 * files are only ever read.
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<Corpus> {
  const maxBytes = options.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES;
  const root = path.resolve(dir);
  const rootInfo = await stat(root).catch(() => null);
  if (!rootInfo) throw new CorpusError(`corpus folder not found: ${dir}`);
  if (!rootInfo.isDirectory()) throw new CorpusError(`corpus path is not a folder: ${dir}`);

  const rejected: Rejection[] = [];
  const aliasWarnings: Rejection[] = [];
  const aliases = await readAliases(root, aliasWarnings);
  const files = await listFiles(root, rejected);
  const hash = createHash("sha256").update(`sitrep-loader-${LOADER_VERSION}\0${maxBytes}\0${aliases.raw}\0`);

  const parsed: { id: string; file: string; text: string; contentHash: string; report: ParsedReport }[] = [];
  const byContent = new Map<string, string>();
  const ids = new Set<string>();
  for (const full of files) {
    const file = relative(root, full);
    if (file === ALIAS_FILE) continue;
    const extension = path.extname(file).toLowerCase();
    if (!REPORT_EXTENSIONS.includes(extension)) {
      const shown = extension === "" ? "no extension" : `extension ${extension}`;
      rejected.push({ file, reason: `unsupported ${shown} (reports are ${REPORT_EXTENSIONS.join(", ")} files)` });
      continue;
    }
    const decoded = await readReport(full, maxBytes);
    if ("reason" in decoded) {
      rejected.push({ file, reason: decoded.reason });
      continue;
    }
    const contentHash = createHash("sha256").update(decoded.bytes).digest("hex");
    hash.update(`${file}\0${contentHash}\0`);
    const textKey = createHash("sha256").update(normalise(decoded.text)).digest("hex");
    const original = byContent.get(textKey);
    if (original) {
      rejected.push({ file, reason: `duplicate of ${original}` });
      continue;
    }
    byContent.set(textKey, file);
    let id = file.slice(0, file.length - extension.length);
    if (ids.has(id)) id = file;
    ids.add(id);
    parsed.push({ id, file, text: decoded.text, contentHash, report: parseReport(decoded.text) });
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

  return {
    dir: root,
    reports,
    rejected: [...aliasWarnings, ...rejected],
    passages,
    aliases: aliases.groups,
    hash: hash.digest("hex"),
  };
}
