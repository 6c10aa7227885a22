/**
 * `npx tsx bench/qa/fit-rerank.ts [--cache FILE] [--with-reworded]`: would a learned reranker of the first few
 * candidates (a logistic model over the existing scores, question-type, date and position
 * features) put judged answers first more often? Tune split only, leave-one-folder-out, as
 * fit-decision.ts does; prints the replayed hit@1 / hit@3 / no-answer beside the current order.
 * `--with-reworded` adds each tune question's dev rewordings, in its folder's fold.
 */
import {
  leaveOneFolderOutScores,
  type RerankExample,
  reorderedFirst,
  replayOrder,
  rerankExample,
} from "./rerank-replay.js";
import { cacheFileArg, cachedExamples, formatOutcome, tuneRankings } from "./tune-replay.js";

/** Candidates reordered: the first K of the final order. */
const K = Number(process.env.RERANK_K ?? 8);
const cacheFile = cacheFileArg();

async function collect(): Promise<RerankExample[]> {
  const examples: RerankExample[] = [];
  for await (const ranked of tuneRankings([], process.argv.includes("--with-reworded")))
    examples.push(rerankExample(ranked));
  return examples;
}

const examples = await cachedExamples(cacheFile, collect);
const fmt = formatOutcome;

const FEATURE_SETS: Record<string, string[]> = {
  scores: ["relativeRank", "coverage", "proximity", "wholeScore"],
  "scores+type+date": ["relativeRank", "coverage", "proximity", "wholeScore", "typeMissing", "inPeriod", "boost"],
  "scores+type+date+position": [
    "relativeRank",
    "coverage",
    "proximity",
    "wholeScore",
    "typeMissing",
    "inPeriod",
    "boost",
    "ordinal",
    "length",
    "newer",
    "focusMissing",
    "exactCoverage",
  ],
};
console.log(`tune: ${examples.length} questions; reranking the first ${K}; hit@1 / hit@3 / no-answer`);
console.log(`current order: ${fmt(replayOrder(examples, (e) => e.candidates))}`);
for (const [name, features] of Object.entries(FEATURE_SETS))
  for (const l2 of [0.1, 1, 10, 100]) {
    const scoreOf = leaveOneFolderOutScores(examples, K, features, l2);
    const reordered = reorderedFirst(K, (c) => scoreOf.get(c) ?? 0);
    console.log(`  ${name.padEnd(28)} l2 ${String(l2).padStart(5)}  ${fmt(replayOrder(examples, reordered))}`);
  }
