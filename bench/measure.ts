/**
 * One benchmark row, run in its own process so heap figures are not polluted by other rows:
 *   node --v8-pool-size=1 --expose-gc --import tsx bench/measure.ts <seeds|timeline17|large> <sitrep|plain>
 * (`large`: 7 copies of Timeline17, about 1M passages, with 100 questions instead of 300.)
 * Prints one JSON object. Phases, as the bot lives them:
 *   1. load and parse the corpus, build the index, save the snapshot (a first start);
 *   2. drop all that, then start again from the snapshot (every later start), and measure the heap
 *      with that one corpus and index loaded;
 *   3. the warm-up a running bot does right after start (warmUpIndex: the spelling index, deferred
 *      postings, throwaway questions, the passages and date mentions a snapshot restored unmade);
 *   4. answer a few hundred questions.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import MiniSearch from "minisearch";
import { loadCorpus } from "../src/corpus/load.js";
import { answerQuestion } from "../src/search/answer.js";
import { PassageIndex } from "../src/search/index.js";
import { openCorpus, snapshotPathFor, warmUpIndex } from "../src/sitrep.js";
import { SEED_CORPUS, timeline17Corpus } from "./corpora.js";
import { largeCorpus } from "./large-corpus.js";
import { MOSUL_QUESTIONS, questionMix, TIMELINE17_QUESTIONS } from "./questions.js";
import { keepShortLivedObjectsYoung } from "../src/ops/v8-settings.js";
import { percentile } from "./stats.js";

// The V8 setting the bot's main makes: these figures are the running bot's.
keepShortLivedObjectsYoung();

const [corpusName = "seeds", mode = "sitrep"] = process.argv.slice(2);
const QUESTIONS = corpusName === "large" ? 100 : 300;
const LARGE_COPIES = 7;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Typed arrays live outside the JS heap: counted apart, so a smaller heap is not a hidden cost. */
function buffersMb(): number {
  gc();
  return process.memoryUsage().arrayBuffers / 1024 / 1024;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

interface Phases {
  /** Load, build and save; returns the snapshot file. */
  firstStart(): Promise<{ passages: number; reports: number; loadMs: number; buildMs: number; snapshot: string }>;
  /** Start from the snapshot; returns the question answerer and the warm-up a running bot does. */
  restart(): Promise<{ ask: (question: string) => unknown; warmUp: () => Promise<void> | void }>;
}

function sitrep(dir: string): Phases {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-bench-data-"));
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  return {
    async firstStart() {
      const [corpus, loadMs] = await timed(() => loadCorpus(dir));
      const [, buildMs] = await timed(() => PassageIndex.build(corpus));
      // openCorpus builds again and writes the snapshot; its time is not reported.
      await openCorpus({ corpusDir: dir, dataDir });
      const snapshot = snapshotPathFor(dataDir, dir);
      return { passages: corpus.passages.length, reports: corpus.reports.length, loadMs, buildMs, snapshot };
    },
    async restart() {
      const opened = await openCorpus({ corpusDir: dir, dataDir });
      if (!opened.fromSnapshot) throw new Error("the snapshot was not used");
      return {
        ask: (question) => answerQuestion(opened.index, question, { limit: 5 }),
        // The bot's warm-up (warmUpIndex), timed whole: never giving way (the bot gives way between slices of it).
        warmUp: () => warmUpIndex(opened.index),
      };
    },
  };
}

/** MiniSearch with its defaults over the same passages: no stemming, aliases, thresholds or merging. */
function plain(dir: string): Phases {
  const snapshot = path.join(tmpdir(), `sitrep-bench-plain-${process.pid}.json`);
  return {
    async firstStart() {
      const [corpus, loadMs] = await timed(() => loadCorpus(dir));
      const reports = new Map(corpus.reports.map((r) => [r.id, r]));
      const [index, buildMs] = await timed(() => {
        const built = new MiniSearch({ fields: ["text"] });
        built.addAll(
          [...corpus.passages].map((p) => ({
            id: p.id,
            text: reports.get(p.reportId)?.text.slice(p.start, p.end) ?? "",
          })),
        );
        return built;
      });
      await writeFile(snapshot, JSON.stringify(index));
      return { passages: corpus.passages.length, reports: corpus.reports.length, loadMs, buildMs, snapshot };
    },
    async restart() {
      await loadCorpus(dir);
      const index = MiniSearch.loadJSON(await readFile(snapshot, "utf8"), { fields: ["text"] });
      return { ask: (question) => index.search(question).slice(0, 5), warmUp: () => {} };
    },
  };
}

async function main() {
  const dir =
    corpusName === "timeline17" ? timeline17Corpus() : corpusName === "large" ? largeCorpus(LARGE_COPIES) : SEED_CORPUS;
  if (!dir) throw new Error("Timeline17 dataset not found (set TIMELINE17_DIR)");
  const questions =
    corpusName !== "seeds"
      ? questionMix(TIMELINE17_QUESTIONS, ["2010", "June 2010", "May 2009"], QUESTIONS)
      : questionMix(MOSUL_QUESTIONS, ["June 2017", "2016", "May 2017"], QUESTIONS);
  const phases = mode === "plain" ? plain(dir) : sitrep(dir);

  // The heap before anything is read: what the first start leaves behind (module caches, the
  // dictionary) is part of what a started process holds, and a baseline taken after it went
  // negative when the restart freed what the first start had kept.
  const heapBefore = heapMb();
  const buffersBefore = buffersMb();
  const first = await phases.firstStart();
  const snapshotMb = statSync(first.snapshot).size / 1024 / 1024;

  const [{ ask, warmUp }, startFromSnapshotMs] = await timed(() => phases.restart());
  const heapAfterStart = heapMb() - heapBefore;
  const buffersAfterStart = buffersMb() - buffersBefore;

  // A running bot has answered questions before: warm-up (and the spelling index) are kept out.
  const [, warmUpMs] = await timed(() => warmUp());
  // What the warm-up adds outside the heap: mostly the snapshot's report texts, kept in memory.
  const buffersAfterWarmUp = buffersMb() - buffersBefore;
  for (const q of questions.slice(0, 20)) ask(q);
  // First pass: each question new to the process. Second pass: the same questions again, as a
  // long-running bot sees recurring topics (its caches and JIT warm).
  const pass = async () => {
    const times: number[] = [];
    for (const q of questions) times.push((await timed(() => ask(q)))[1]);
    return times.sort((a, b) => a - b);
  };
  const times = await pass();
  const warm = await pass();
  rmSync(first.snapshot, { force: true });
  const row = {
    corpus: corpusName,
    mode,
    reports: first.reports,
    passages: first.passages,
    loadMs: first.loadMs,
    buildMs: first.buildMs,
    snapshotMb,
    startFromSnapshotMs,
    warmUpMs,
    heapMb: heapAfterStart,
    buffersMb: buffersAfterStart,
    buffersAfterWarmUpMb: buffersAfterWarmUp,
    queries: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    warmP50Ms: percentile(warm, 50),
    warmP99Ms: percentile(warm, 99),
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

await main();
