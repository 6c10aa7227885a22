// Runs the trivial baseline through the Timeline17 harness and prints the table.
//   npx tsx bench/timeline17/baseline-main.ts [--dir <timeline17 dir>]
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { baselineTimeline } from "./baseline.js";
import { resolveDatasetDir } from "./dataset.js";
import { evaluate, printTable } from "./run.js";

const started = performance.now();
const results = await evaluate(
  async (folder) => {
    const texts = await Promise.all(folder.reportFiles.map((file) => readFile(file, "utf8")));
    return baselineTimeline(texts, folder.referenceDates, folder.sentencesPerDate);
  },
  { datasetDir: resolveDatasetDir() },
);
printTable(results);
console.log(`total ${((performance.now() - started) / 1000).toFixed(2)} s`);
