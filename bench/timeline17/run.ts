// Timeline17 harness: runs a timeline builder over every story folder under the
// standard protocol and scores it. Builders plug in through `evaluate`, so the
// baseline and Sitrep's real builder are measured the same way.
import { performance } from "node:perf_hooks";
import { listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import type { Prf, Timeline } from "./metrics.js";
import { alignmentRouge, dateF1 } from "./metrics.js";

export interface BuilderInput {
  name: string;
  /** Absolute paths of the folder's reports, sorted by file name. */
  reportFiles: string[];
  /** How many dates to produce: the reference's distinct-day count. */
  referenceDates: number;
  /** Sentences per date: the reference's rounded average, at least 1. */
  sentencesPerDate: number;
  /** The story's keywords, for builders that want a query. */
  keywords: string[];
  /** The reference's first and last day: the protocol restricts the input to this span. */
  span: { since: string; until: string };
}

export type TimelineBuilder = (folder: BuilderInput) => Promise<Timeline> | Timeline;

export interface EvaluateOptions {
  /** Data set directory; defaults to `--dir`, `TIMELINE17_DIR`, then `../shared/datasets/timeline17`. */
  datasetDir?: string;
  /** Only these folders (by name); default all. */
  folders?: readonly string[];
  /** Called after each folder, e.g. to print progress. */
  onFolder?: (result: FolderResult) => void;
}

export interface FolderResult {
  folder: string;
  referenceDates: number;
  sentencesPerDate: number;
  predictedDates: number;
  dateF1: number;
  ar1: number;
  ar2: number;
  /** Wall time spent inside the builder (scoring excluded). */
  seconds: number;
  /** Headers of reference blocks left out for want of a real date. */
  skippedReferenceBlocks: string[];
  scores: { date: Prf; ar1: Prf; ar2: Prf };
}

export interface Averages {
  dateF1: number;
  ar1: number;
  ar2: number;
  seconds: number;
}

export interface EvaluationResults {
  folders: FolderResult[];
  average: Averages;
}

export async function evaluate(builder: TimelineBuilder, options: EvaluateOptions = {}): Promise<EvaluationResults> {
  const datasetDir = options.datasetDir ?? resolveDatasetDir();
  const available = listFolders(datasetDir);
  const names = options.folders ?? available;
  const missing = names.filter((name) => !available.includes(name));
  if (missing.length > 0) throw new Error(`unknown Timeline17 folder(s): ${missing.join(", ")}`);

  const results: FolderResult[] = [];
  // One folder at a time so the timings are not muddied by each other.
  for (const name of names) {
    const folder = loadFolder(datasetDir, name);
    const reference = folder.reference;
    const sentenceCount = reference.reduce((sum, day) => sum + day.sentences.length, 0);
    const referenceDates = reference.length;
    // Math.round rounds .5 up where news-tls's Python round() goes to even;
    // no Timeline17 folder averages exactly x.5, so the protocol is unaffected.
    const sentencesPerDate = Math.max(1, Math.round(sentenceCount / Math.max(1, referenceDates)));

    const started = performance.now();
    const predicted = await builder({
      name,
      reportFiles: folder.reportFiles,
      referenceDates,
      sentencesPerDate,
      keywords: folder.keywords,
      span: { since: reference[0]?.date ?? "", until: reference[reference.length - 1]?.date ?? "" },
    });
    const seconds = (performance.now() - started) / 1000;

    const scores = {
      date: dateF1(
        predicted.map((day) => day.date),
        reference.map((day) => day.date),
      ),
      ar1: alignmentRouge(predicted, reference, 1),
      ar2: alignmentRouge(predicted, reference, 2),
    };
    const result: FolderResult = {
      folder: name,
      referenceDates,
      sentencesPerDate,
      predictedDates: new Set(predicted.map((day) => day.date)).size,
      dateF1: scores.date.f1,
      ar1: scores.ar1.f1,
      ar2: scores.ar2.f1,
      seconds,
      skippedReferenceBlocks: folder.skippedBlocks.map((block) => block.header),
      scores,
    };
    results.push(result);
    options.onFolder?.(result);
  }

  return { folders: results, average: averages(results) };
}

function averages(results: readonly FolderResult[]): Averages {
  const mean = (pick: (r: FolderResult) => number): number =>
    results.length === 0 ? 0 : results.reduce((sum, r) => sum + pick(r), 0) / results.length;
  return {
    dateF1: mean((r) => r.dateF1),
    ar1: mean((r) => r.ar1),
    ar2: mean((r) => r.ar2),
    seconds: mean((r) => r.seconds),
  };
}

/** Aligned plain-text table: one row per folder, then the averages. */
export function formatTable(results: EvaluationResults): string {
  const header = ["folder", "dates", "Date-F1", "AR-1", "AR-2", "seconds"];
  const score = (value: number): string => value.toFixed(4);
  const rows = results.folders.map((r) => [
    r.folder,
    // Show a builder that missed the date budget, e.g. "18/20".
    r.predictedDates === r.referenceDates ? String(r.referenceDates) : `${r.predictedDates}/${r.referenceDates}`,
    score(r.dateF1),
    score(r.ar1),
    score(r.ar2),
    r.seconds.toFixed(2),
  ]);
  const { average } = results;
  const footer = [
    "average",
    "",
    score(average.dateF1),
    score(average.ar1),
    score(average.ar2),
    average.seconds.toFixed(2),
  ];
  const all = [header, ...rows, footer];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length)));
  const render = (row: readonly string[]): string =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const notes = results.folders
    .filter((r) => r.skippedReferenceBlocks.length > 0)
    .map(
      (r) => `note: ${r.folder} reference blocks without a real date left out: ${r.skippedReferenceBlocks.join(", ")}`,
    );
  return [render(header), rule, ...rows.map(render), rule, render(footer), ...notes].join("\n");
}

export function printTable(results: EvaluationResults, write: (text: string) => void = console.log): void {
  write(formatTable(results));
}
