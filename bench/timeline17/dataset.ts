// Loader for the Timeline17 development split. The data set stays where it is
// (read-only, publishers' text) and is read by path at run time; nothing from
// it may be copied into the project.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Timeline } from "./metrics.js";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const DEFAULT_DATASET_DIR = path.resolve(PROJECT_ROOT, "../shared/datasets/timeline17");

/**
 * Where the data set lives: `--dir <path>` / `--dir=<path>` beats
 * `TIMELINE17_DIR`, which beats the sibling `shared` checkout.
 */
export function resolveDatasetDir(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dir") {
      const value = argv[i + 1];
      if (!value) throw new Error("--dir needs a path");
      return path.resolve(value);
    }
    if (arg?.startsWith("--dir=")) return path.resolve(arg.slice("--dir=".length));
  }
  const fromEnv = env.TIMELINE17_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  return DEFAULT_DATASET_DIR;
}

export interface Timeline17Folder {
  name: string;
  dir: string;
  /** Absolute paths of `reports/*.txt`, sorted by file name (date first). */
  reportFiles: string[];
  keywords: string[];
  /** One entry per distinct day, days ascending. */
  reference: Timeline;
  /** Reference blocks left out because their date is not a real day. */
  skippedBlocks: SkippedBlock[];
}

/**
 * The dev folders timeline weights are tuned on (the oil spill's and the flu's); the other dev
 * folders are held out, and are never read to tune.
 */
export function isTuneFolder(name: string): boolean {
  return /^(?:bpoil|H1N1)_/.test(name);
}

/** Story folders (those holding a `timeline.txt`), sorted by name. */
export function listFolders(datasetDir: string): string[] {
  return readdirSync(datasetDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => {
      try {
        return statSync(path.join(datasetDir, name, "timeline.txt")).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

export interface SkippedBlock {
  header: string;
  sentences: number;
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * Parses `timeline.txt`: blocks separated by dash lines, each a date line and
 * that day's sentences. Splitting on the dash lines first (rather than on
 * anything that looks like a date) keeps sentences such as "24 of the 32..."
 * inside their block.
 * - A few references list the same day twice (H1N1_bbc, bpoil_guardian); those
 *   blocks are merged, because the metric (like tilse) keys days by date.
 * - A block whose header is not a real day (MJ_bbc has "2011-04-0") cannot be
 *   aligned by day distance, so it is left out and reported via `onSkip`.
 */
export function parseTimeline(text: string, onSkip?: (block: SkippedBlock) => void): Timeline {
  const byDate = new Map<string, string[]>();
  const blocks: string[][] = [[]];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^-{3,}$/.test(line)) blocks.push([]);
    else if (line !== "") blocks[blocks.length - 1]?.push(line);
  }
  for (const [header, ...sentences] of blocks) {
    if (header === undefined) continue;
    if (!isDay(header)) {
      onSkip?.({ header, sentences: sentences.length });
      continue;
    }
    const day = byDate.get(header);
    if (day) day.push(...sentences);
    else byDate.set(header, sentences);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, sentences]) => ({ date, sentences }));
}

export interface Report {
  date: string;
  /** Body lines; the original was sentence-split, one sentence per line. */
  sentences: string[];
}

export function parseReport(text: string): Report {
  const lines = text.split(/\r?\n/);
  const match = /^date (\d{4}-\d{2}-\d{2})\s*$/.exec(lines[0] ?? "");
  if (!match?.[1]) throw new Error(`report does not start with a "date YYYY-MM-DD" line`);
  const sentences = lines
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return { date: match[1], sentences };
}

export function loadFolder(datasetDir: string, name: string): Timeline17Folder {
  const dir = path.join(datasetDir, name);
  const reportsDir = path.join(dir, "reports");
  const reportFiles = readdirSync(reportsDir)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => path.join(reportsDir, file));
  const keywords: unknown = JSON.parse(readFileSync(path.join(dir, "keywords.json"), "utf8"));
  if (!Array.isArray(keywords) || !keywords.every((k) => typeof k === "string")) {
    throw new Error(`${name}/keywords.json is not a list of strings`);
  }
  const skippedBlocks: SkippedBlock[] = [];
  const reference = parseTimeline(readFileSync(path.join(dir, "timeline.txt"), "utf8"), (block) =>
    skippedBlocks.push(block),
  );
  return { name, dir, reportFiles, keywords, reference, skippedBlocks };
}

export function loadDataset(datasetDir: string): Timeline17Folder[] {
  return listFolders(datasetDir).map((name) => loadFolder(datasetDir, name));
}

export async function readReports(files: readonly string[]): Promise<Report[]> {
  return Promise.all(files.map(async (file) => parseReport(await readFile(file, "utf8"))));
}
