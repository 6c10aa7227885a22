/**
 * `npm run bench:pruning [timeline17|large]`: query latency with exact top-k pruning against
 * exhaustive scoring. Each way runs in its own process, as `bench/measure.ts` runs a row: start
 * from the snapshot, warm up, then two passes over the questions (the first pays every cold cache,
 * pruning's per-term bounds included). Every answer must be the same both ways. Then, in one
 * process, the lookup alone (`PassageIndex.search`, as the questions called it) at several pool
 * sizes, both ways in alternating order, since pruning gains less the more documents are kept.
 * `large` is 7 copies of Timeline17 (about 1M passages); its snapshot is kept under the system
 * temp dir, so only the first run builds it (minutes).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { answerQuestion } from "../src/search/answer.js";
import type { PassageFilter } from "../src/search/index.js";
import { openCorpus } from "../src/sitrep.js";
import { PROJECT_ROOT, timeline17Corpus } from "./corpora.js";
import { largeCorpus } from "./large-corpus.js";
import { questionMix, TIMELINE17_QUESTIONS } from "./questions.js";
import { percentile } from "./stats.js";

const LARGE_COPIES = 7;
const POOLS = [10, 60, 240, 1000, 5000];

interface Run {
  mode: "exhaustive" | "pruned";
  p50Ms: number;
  p99Ms: number;
  againP50Ms: number;
  againP99Ms: number;
  /** Lookup p50/p99 per pool size, both ways (the pruned run only). */
  pools?: { pool: number; exhaustive: [number, number]; pruned: [number, number] }[];
  lookups?: number;
}

function percentiles(times: number[]): [number, number] {
  const sorted = [...times].sort((a, b) => a - b);
  return [percentile(sorted, 50), percentile(sorted, 99)];
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

function questionsFor(corpusName: string): string[] {
  return questionMix(TIMELINE17_QUESTIONS, ["2010", "June 2010", "May 2009"], corpusName === "large" ? 100 : 300);
}

/** One way of scoring, in this process: prints a Run and writes every answer to `answersFile`. */
async function child(corpusDir: string, dataDir: string, corpusName: string, mode: Run["mode"], answersFile: string) {
  const { index } = await openCorpus({ corpusDir, dataDir });
  index.pruneLookups = mode === "pruned";
  await index.warmUp();
  const questions = questionsFor(corpusName);
  // Every lookup the questions make, to replay alone at other pool sizes.
  const lookups: [string[], PassageFilter][] = [];
  const search = index.search.bind(index);
  index.search = (terms, filter, limit) => {
    lookups.push([terms, filter ?? {}]);
    return search(terms, filter, limit);
  };
  const ask = (q: string) => timed(() => JSON.stringify(answerQuestion(index, q, { limit: 5 })));
  for (const q of questions.slice(0, 20)) ask(q);
  lookups.length = 0;
  const first = questions.map(ask);
  const recorded = [...lookups];
  const again = questions.map(ask);
  writeFileSync(answersFile, JSON.stringify(first.map(([answer]) => answer)));
  const run: Run = {
    mode,
    ...(([p50Ms, p99Ms]) => ({ p50Ms, p99Ms }))(percentiles(first.map(([, ms]) => ms))),
    ...(([againP50Ms, againP99Ms]) => ({ againP50Ms, againP99Ms }))(percentiles(again.map(([, ms]) => ms))),
  };
  if (mode === "pruned") {
    run.lookups = recorded.length;
    run.pools = POOLS.map((pool) => {
      const times = { exhaustive: [] as number[], pruned: [] as number[] };
      for (const [i, [terms, filter]] of recorded.entries()) {
        for (const prune of i % 2 === 0 ? [true, false] : [false, true]) {
          index.pruneLookups = prune;
          times[prune ? "pruned" : "exhaustive"].push(timed(() => search(terms, filter, pool))[1]);
        }
      }
      return { pool, exhaustive: percentiles(times.exhaustive), pruned: percentiles(times.pruned) };
    });
  }
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

async function main() {
  const [corpusName = "timeline17", childMode, answersFile, corpusArg, dataArg] = process.argv.slice(2);
  if (childMode === "exhaustive" || childMode === "pruned") {
    if (!answersFile || !corpusArg || !dataArg) throw new Error("a child run needs its answers file and folders");
    await child(corpusArg, dataArg, corpusName, childMode, answersFile);
    return;
  }
  const corpusDir = corpusName === "large" ? largeCorpus(LARGE_COPIES) : timeline17Corpus();
  if (!corpusDir) throw new Error("Timeline17 dataset not found (set TIMELINE17_DIR)");
  const scratch = mkdtempSync(path.join(tmpdir(), "sitrep-pruning-"));
  const dataDir = corpusName === "large" ? path.join(tmpdir(), `sitrep-pruning-data-${LARGE_COPIES}`) : scratch;
  // A first open (building the snapshot if there is none) so that both runs start from it.
  process.stderr.write(`opening ${corpusDir}…\n`);
  const { corpus } = await openCorpus({ corpusDir, dataDir });
  const runs = (["exhaustive", "pruned"] as const).map((mode) => {
    process.stderr.write(`measuring ${corpusName} / ${mode}…\n`);
    const out = execFileSync(
      process.execPath,
      [
        "--max-old-space-size=8192",
        "--import",
        "tsx",
        path.join(PROJECT_ROOT, "bench", "pruning.ts"),
        corpusName,
        mode,
        path.join(scratch, `${mode}.json`),
        corpusDir,
        dataDir,
      ],
      { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 1 << 20 },
    );
    return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Run;
  });
  const answers = runs.map(
    ({ mode }) => JSON.parse(readFileSync(path.join(scratch, `${mode}.json`), "utf8")) as string[],
  );
  const [exhaustiveAnswers = [], prunedAnswers = []] = answers;
  const differing = exhaustiveAnswers.filter((answer, i) => answer !== prunedAnswers[i]).length;
  rmSync(scratch, { recursive: true, force: true });

  const fixed = (v: number) => v.toFixed(v < 10 ? 2 : 1);
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(12) : String(c).padStart(16))).join("");
  const questions = questionsFor(corpusName).length;
  const out: string[] = [
    `${corpusName}: ${corpus.reports.length} reports, ${corpus.passages.length} passages, ${questions} questions`,
    `answers differing between exhaustive and pruned: ${differing} of ${exhaustiveAnswers.length}`,
    "",
    row(["scoring", "query p50 ms", "query p99 ms", "again p50 ms", "again p99 ms"]),
    ...runs.map((r) => row([r.mode, fixed(r.p50Ms), fixed(r.p99Ms), fixed(r.againP50Ms), fixed(r.againP99Ms)])),
  ];
  const pools = runs.find((r) => r.pools)?.pools ?? [];
  out.push("", `the lookup alone (${runs[1]?.lookups ?? 0} lookups, warm), by pool size:`);
  out.push(row(["pool", "exhaustive p50", "exhaustive p99", "pruned p50", "pruned p99"]));
  for (const { pool, exhaustive, pruned } of pools) out.push(row([pool, ...[...exhaustive, ...pruned].map(fixed)]));
  out.push(
    "",
    `load average ${loadavg()
      .map((v) => v.toFixed(1))
      .join(" ")}`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

await main();
