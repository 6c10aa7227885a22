/**
 * `npm run eval:timeline`: Sitrep's timelines on the Timeline17 protocol (see
 * ../shared/datasets/timeline17/README.md), run through the CLI's own `timeline` command
 * (`--dates N --per-date K --since/--until <reference span> --granularity day --json`), beside the
 * busiest-days baseline. Three tables:
 * - dev-tune: the bpoil_* and H1N1_* folders, the only ones weights were tuned on;
 * - held out: the other four folders, never tuned on;
 * - topic-merged: all sources of one topic as one corpus, scored against each source's reference
 *   (as the published figures are).
 *   npm run eval:timeline [-- --dir <timeline17 dir>] [--only tune|held-out|merged]
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runTimelineCommand, timelineJson } from "../src/cli/timeline.js";
import { openCorpus } from "../src/sitrep.js";
import { baselineTimeline } from "./timeline17/baseline.js";
import { isTuneFolder, listFolders, resolveDatasetDir } from "./timeline17/dataset.js";
import type { Timeline as ScoredTimeline } from "./timeline17/metrics.js";
import { type BuilderInput, type EvaluationResults, evaluate, formatTable } from "./timeline17/run.js";

// The topic-merged corpora are folders of links into ../shared/datasets (read-only): follow them.
process.env.FOLLOW_EXTERNAL_LINKS ??= "true";

const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-eval-"));
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;

const topicOf = (folder: string) => folder.split("_")[0] ?? folder;
const folders = listFolders(datasetDir);
const tune = folders.filter(isTuneFolder);
const heldOut = folders.filter((f) => !isTuneFolder(f));

/** One corpus folder per topic, linking every source's reports (the loader follows linked folders). */
const topicsDir = mkdtempSync(path.join(tmpdir(), "sitrep-eval-topics-"));
for (const folder of folders) {
  const topicDir = path.join(topicsDir, topicOf(folder));
  mkdirSync(topicDir, { recursive: true });
  symlinkSync(path.join(datasetDir, folder, "reports"), path.join(topicDir, folder));
}

const reportsDirOf = (folder: BuilderInput) => path.dirname(folder.reportFiles[0] ?? "");
const topicDirOf = (folder: BuilderInput) => path.join(topicsDir, topicOf(folder.name));

/** The CLI's timeline command with the protocol's flags, its JSON grouped by day as the scorer wants. */
async function sitrepTimeline(corpusDir: string, folder: BuilderInput): Promise<ScoredTimeline> {
  const timeline = await runTimelineCommand({
    corpusDir,
    dataDir,
    topic: null,
    since: folder.span.since,
    until: folder.span.until,
    dates: folder.referenceDates,
    perDate: folder.sentencesPerDate,
    granularity: "day",
  });
  const byDay = new Map<string, string[]>();
  for (const event of timelineJson(timeline).events) {
    byDay.set(event.date, [...(byDay.get(event.date) ?? []), event.quote]);
  }
  return [...byDay].map(([date, sentences]) => ({ date, sentences }));
}

async function baseline(folder: BuilderInput, files: readonly string[]): Promise<ScoredTimeline> {
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  return baselineTimeline(texts, folder.referenceDates, folder.sentencesPerDate, folder.span);
}

async function topicReportFiles(topic: string): Promise<string[]> {
  const dirs = folders.filter((f) => topicOf(f) === topic).map((f) => path.join(datasetDir, f, "reports"));
  const lists = await Promise.all(
    dirs.map(async (dir) => (await readdir(dir)).filter((f) => f.endsWith(".txt")).map((f) => path.join(dir, f))),
  );
  return lists.flat();
}

interface Split {
  name: string;
  folders: string[];
  corpusDir: (folder: BuilderInput) => string;
}
const splits: Split[] = [
  { name: `dev-tune (${tune.join(", ")})`, folders: tune, corpusDir: reportsDirOf },
  { name: `held out (${heldOut.join(", ")})`, folders: heldOut, corpusDir: reportsDirOf },
  {
    name: "topic-merged (each topic's sources as one corpus, scored against each source's reference)",
    folders,
    corpusDir: topicDirOf,
  },
].filter((_, i) => !only || ["tune", "held-out", "merged"][i] === only);

// Snapshots first, untimed: the timed run measures a start from snapshot, as the bot has it.
for (const split of splits) {
  await evaluate(
    async (folder) => {
      await openCorpus({ corpusDir: split.corpusDir(folder), dataDir });
      return [];
    },
    { datasetDir, folders: split.folders },
  );
}

const summary: string[][] = [];
const average = (name: string, method: string, r: EvaluationResults) =>
  summary.push([
    name,
    method,
    ...[r.average.dateF1, r.average.ar1, r.average.ar2].map((v) => v.toFixed(3)),
    r.average.seconds.toFixed(2),
  ]);
for (const split of splits) {
  const results = await evaluate((folder) => sitrepTimeline(split.corpusDir(folder), folder), {
    datasetDir,
    folders: split.folders,
  });
  process.stdout.write(`\n${split.name}: Sitrep\n${formatTable(results)}\n`);
  // The baseline reads the same reports: in the topic-merged split, every source of the topic.
  const baselineResults = await evaluate(
    async (folder) => {
      const merged = split.corpusDir === topicDirOf;
      return baseline(folder, merged ? await topicReportFiles(topicOf(folder.name)) : folder.reportFiles);
    },
    { datasetDir, folders: split.folders },
  );
  const label = split.name.split(" (")[0] ?? split.name;
  average(label, "Sitrep (CLI)", results);
  average(label, "busiest days", baselineResults);
}

const header = ["split", "method", "Date-F1", "AR-1", "AR-2", "s/folder"];
const widths = header.map((h, i) => Math.max(h.length, ...summary.map((row) => (row[i] ?? "").length)));
const line = (row: string[]) =>
  row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
process.stdout.write(
  `\nAverages\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${summary.map(line).join("\n")}\n`,
);
process.stdout.write("Published DATEWISE on Timeline17 (topic-merged): Date-F1 0.544, AR-1 0.120, AR-2 0.035\n");
rmSync(dataDir, { recursive: true, force: true });
rmSync(topicsDir, { recursive: true, force: true });
