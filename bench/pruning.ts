/**
 * `npm run bench:pruning [timeline17|large]`: query latency with exact top-k pruning against
 * exhaustive scoring, side by side in one process (each question asked both ways, in alternating
 * order, so load and JIT state hit both alike), and whether every answer is the same both ways.
 * Then the lookup alone (`PassageIndex.search`, as the questions called it) at several pool sizes,
 * since pruning gains less the more documents must be kept.
 * `large` is 7 copies of Timeline17 (about 1M passages); its snapshot is kept under the system
 * temp dir, so only the first run builds it (minutes).
 */
import { mkdtempSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { answerQuestion } from "../src/search/answer.js";
import type { PassageFilter } from "../src/search/index.js";
import { openCorpus } from "../src/sitrep.js";
import { timeline17Corpus } from "./corpora.js";
import { largeCorpus } from "./large-corpus.js";
import { questionMix, TIMELINE17_QUESTIONS } from "./questions.js";

const corpusName = process.argv[2] ?? "timeline17";
const LARGE_COPIES = 7;
const POOLS = [10, 60, 240, 1000, 5000];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

const corpusDir = corpusName === "large" ? largeCorpus(LARGE_COPIES) : timeline17Corpus();
if (!corpusDir) throw new Error("Timeline17 dataset not found (set TIMELINE17_DIR)");
const dataDir =
  corpusName === "large"
    ? path.join(tmpdir(), `sitrep-pruning-data-${LARGE_COPIES}`)
    : mkdtempSync(path.join(tmpdir(), "sitrep-pruning-data-"));
process.stderr.write(`opening ${corpusDir}…\n`);
const { index, corpus } = await openCorpus({ corpusDir, dataDir });
index.warmUp();
const questions = questionMix(
  TIMELINE17_QUESTIONS,
  ["2010", "June 2010", "May 2009"],
  corpusName === "large" ? 100 : 300,
);

// Every lookup the questions make, to replay alone at other pool sizes.
const lookups: [string[], PassageFilter][] = [];
const search = index.search.bind(index);
index.search = (terms, filter, limit) => {
  lookups.push([terms, filter ?? {}]);
  return search(terms, filter, limit);
};

const ask = (question: string, prune: boolean) => {
  index.pruneLookups = prune;
  return timed(() => JSON.stringify(answerQuestion(index, question, { limit: 5 })));
};
for (const q of questions.slice(0, 20)) for (const prune of [false, true]) ask(q, prune);
lookups.length = 0;

let differing = 0;
const times = { exhaustive: [[], []] as number[][], pruned: [[], []] as number[][] };
for (const pass of [0, 1]) {
  questions.forEach((q, i) => {
    const first = (i + pass) % 2 === 0;
    const [a, aMs] = ask(q, first);
    const [b, bMs] = ask(q, !first);
    if (a !== b) differing++;
    times[first ? "pruned" : "exhaustive"][pass]?.push(aMs);
    times[first ? "exhaustive" : "pruned"][pass]?.push(bMs);
  });
}
const recorded = lookups.slice(0, lookups.length / 4);

const fixed = (v: number) => v.toFixed(v < 10 ? 2 : 1);
const row = (cells: (string | number)[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(12) : String(c).padStart(16))).join("");
const out: string[] = [
  `${corpusName}: ${corpus.reports.length} reports, ${corpus.passages.length} passages, ${questions.length} questions × 2 passes`,
  `answers differing between exhaustive and pruned: ${differing} of ${questions.length * 2}`,
  "",
  row(["scoring", "p50 ms", "p99 ms", "again p50 ms", "again p99 ms"]),
];
for (const mode of ["exhaustive", "pruned"] as const) {
  const [first = [], again = []] = times[mode].map((t) => [...t].sort((x, y) => x - y));
  out.push(
    row([
      mode,
      fixed(percentile(first, 50)),
      fixed(percentile(first, 99)),
      fixed(percentile(again, 50)),
      fixed(percentile(again, 99)),
    ]),
  );
}
out.push("", `the lookup alone (${recorded.length} lookups), by pool size:`);
out.push(row(["pool", "exhaustive p50", "exhaustive p99", "pruned p50", "pruned p99"]));
for (const pool of POOLS) {
  const lookupTimes = { exhaustive: [] as number[], pruned: [] as number[] };
  for (const [i, [terms, filter]] of recorded.entries()) {
    for (const prune of i % 2 === 0 ? [true, false] : [false, true]) {
      index.pruneLookups = prune;
      lookupTimes[prune ? "pruned" : "exhaustive"].push(timed(() => search(terms, filter, pool))[1]);
    }
  }
  const [e, p] = [lookupTimes.exhaustive, lookupTimes.pruned].map((t) => t.sort((x, y) => x - y)) as [
    number[],
    number[],
  ];
  out.push(
    row([pool, fixed(percentile(e, 50)), fixed(percentile(e, 99)), fixed(percentile(p, 50)), fixed(percentile(p, 99))]),
  );
}
out.push(
  "",
  `load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}`,
);
process.stdout.write(`${out.join("\n")}\n`);
