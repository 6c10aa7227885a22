/**
 * `npm run eval:timeline`: Sitrep's timelines on the Timeline17 protocol (see
 * ../shared/datasets/timeline17/README.md). Per folder: Date-F1, AR-1, AR-2 and the seconds to
 * open the folder from its index snapshot and build the timeline; then the averages, next to the
 * busiest-days baseline.
 *   npm run eval:timeline [-- --dir <timeline17 dir>] [--baseline]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import { baselineTimeline } from "./timeline17/baseline.js";
import { resolveDatasetDir } from "./timeline17/dataset.js";
import { type BuilderInput, evaluate, formatTable } from "./timeline17/run.js";

const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-eval-"));
const withBaseline = process.argv.includes("--baseline");

async function sitrepTimeline(folder: BuilderInput) {
  const corpusDir = path.dirname(folder.reportFiles[0] ?? "");
  const opened = await openCorpus({ corpusDir, dataDir });
  const timeline = buildTimeline(opened, {
    dates: folder.referenceDates,
    perDate: folder.sentencesPerDate,
    granularity: "day",
    // The protocol scores each day on its own: an event merged under another day would hide a date.
    mergeAcrossDates: false,
  });
  const byDay = new Map<string, string[]>();
  for (const event of timeline.events) byDay.set(event.date, [...(byDay.get(event.date) ?? []), event.quote]);
  return [...byDay].map(([date, sentences]) => ({ date, sentences }));
}

// Snapshots first, untimed: the timed run measures a start from snapshot, as the bot has it.
await evaluate(
  async (folder) => {
    await openCorpus({ corpusDir: path.dirname(folder.reportFiles[0] ?? ""), dataDir });
    return [];
  },
  { datasetDir },
);

const results = await evaluate(sitrepTimeline, { datasetDir });
process.stdout.write(`Sitrep timelines (DATEWISE-style), Timeline17\n${formatTable(results)}\n`);
if (withBaseline) {
  const baseline = await evaluate(
    async (folder) => {
      const texts = await Promise.all(folder.reportFiles.map((file) => readFile(file, "utf8")));
      return baselineTimeline(texts, folder.referenceDates, folder.sentencesPerDate);
    },
    { datasetDir },
  );
  process.stdout.write(`\nBaseline (busiest publication days, lead sentences)\n${formatTable(baseline)}\n`);
}
process.stdout.write("Published DATEWISE on Timeline17: Date-F1 0.544, AR-1 0.120, AR-2 0.035\n");
rmSync(dataDir, { recursive: true, force: true });
