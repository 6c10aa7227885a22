/**
 * One benchmark row, run in its own process so heap figures are not polluted by other rows:
 *   node --expose-gc --import tsx bench/measure.ts <seeds|timeline17> <sitrep|plain>
 * Prints one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import MiniSearch from "minisearch";
import { loadCorpus } from "../src/corpus/load.js";
import { answerQuestion } from "../src/search/answer.js";
import { PassageIndex } from "../src/search/index.js";
import { openCorpus, snapshotPathFor } from "../src/sitrep.js";
import { SEED_CORPUS, timeline17Corpus } from "./corpora.js";
import { MOSUL_QUESTIONS, questionMix, TIMELINE17_QUESTIONS } from "./questions.js";

const [corpusName = "seeds", mode = "sitrep"] = process.argv.slice(2);
const QUESTIONS = 300;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main() {
  const dir = corpusName === "timeline17" ? timeline17Corpus() : SEED_CORPUS;
  if (!dir) throw new Error("Timeline17 dataset not found (set TIMELINE17_DIR)");
  const questions =
    corpusName === "timeline17"
      ? questionMix(TIMELINE17_QUESTIONS, ["2010", "June 2010", "May 2009"], QUESTIONS)
      : questionMix(MOSUL_QUESTIONS, ["June 2017", "2016", "May 2017"], QUESTIONS);
  const snapshot = path.join(tmpdir(), `sitrep-bench-${process.pid}.json`);

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  const corpus = await loadCorpus(dir);
  const loadMs = performance.now() - t;

  let buildMs: number;
  let saveSnapshot: () => Promise<void>;
  let reopen: () => Promise<unknown>;
  let ask: (q: string) => unknown;
  // One-time work a long-running bot does after start, kept out of the latency figures.
  let warmUp = () => {};
  if (mode === "plain") {
    t = performance.now();
    const plain = new MiniSearch({ fields: ["text"] });
    plain.addAll(
      corpus.passages.map((p) => ({
        id: p.id,
        text: corpus.reports.find((r) => r.id === p.reportId)?.text.slice(p.start, p.end) ?? "",
      })),
    );
    buildMs = performance.now() - t;
    saveSnapshot = async () => {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(snapshot, JSON.stringify(plain));
    };
    reopen = async () => {
      const { readFile } = await import("node:fs/promises");
      await loadCorpus(dir);
      return MiniSearch.loadJSON(await readFile(snapshot, "utf8"), { fields: ["text"] });
    };
    ask = (q) => plain.search(q).slice(0, 5);
  } else {
    t = performance.now();
    const index = PassageIndex.build(corpus);
    buildMs = performance.now() - t;
    const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-bench-data-"));
    saveSnapshot = async () => {
      await openCorpus({ corpusDir: dir, dataDir });
      writeFileSync(snapshot, readFileSync(snapshotPathFor(dataDir, dir)));
    };
    reopen = async () => {
      const opened = await openCorpus({ corpusDir: dir, dataDir });
      if (!opened.fromSnapshot) throw new Error("the snapshot was not used");
      return opened;
    };
    ask = (q) => answerQuestion(index, q, { limit: 5 });
    warmUp = () => index.warmUp();
  }
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  await saveSnapshot();
  const snapshotMb = statSync(snapshot).size / 1024 / 1024;
  t = performance.now();
  const reopened = await reopen();
  const startMs = performance.now() - t;
  if (!reopened) throw new Error("snapshot did not load");

  warmUp();
  for (const q of questions.slice(0, 20)) ask(q);
  const times: number[] = [];
  for (const q of questions) {
    const start = performance.now();
    ask(q);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  rmSync(snapshot, { force: true });
  const row = {
    corpus: corpusName,
    mode,
    reports: corpus.reports.length,
    passages: corpus.passages.length,
    loadMs,
    buildMs,
    snapshotMb,
    startFromSnapshotMs: startMs,
    heapMb,
    queries: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

await main();
