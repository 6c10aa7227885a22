/**
 * `npx tsx bench/qa/fit-rerank.ts [--cache FILE]`: would a learned reranker of the first few
 * candidates (a logistic model over the existing scores, question-type, date and position
 * features) put judged answers first more often? Tune split only, leave-one-folder-out, as
 * fit-decision.ts does; prints the replayed hit@1 / hit@3 / no-answer beside the current order.
 */
import { modelAnswers } from "../../src/search/answer-model.js";
import { fitLogistic, predict } from "./logistic.js";
import { cachedExamples, formatOutcome, replayAnswers, tuneRankings } from "./tune-replay.js";

interface Candidate {
  features: Record<string, number>;
  passes: boolean;
  coverage: number;
  gold: boolean;
}
interface Example {
  folder: string;
  offtopic: boolean;
  candidates: Candidate[];
}

/** Candidates reordered: the first K of the final order. */
const K = Number(process.env.RERANK_K ?? 8);
const args = process.argv.slice(2);
const cacheFile = args.includes("--cache") ? args[args.indexOf("--cache") + 1] : undefined;

async function collect(): Promise<Example[]> {
  const examples: Example[] = [];
  for await (const { question, set, ranking, gold } of tuneRankings([])) {
    const top = ranking.candidates[0];
    const dates = ranking.candidates.map((c) => c.hit.passage.date ?? "").sort();
    examples.push({
      folder: set,
      offtopic: question.type === "offtopic",
      candidates: ranking.candidates.map((c, i) => ({
        features: {
          position: Math.log(1 + i),
          relativeRank: top && top.rank > 0 && c.rank > 0 ? Math.log(c.rank / top.rank) : -10,
          boost: c.wordRank > 0 ? Math.log(c.rank / c.wordRank) : 0,
          coverage: c.coverage,
          exactCoverage: c.exactCoverage,
          proximity: c.evidence.proximity,
          wholeScore: c.evidence.wholeScore,
          focusMissing: c.evidence.focusMissing,
          typeMissing: c.evidence.typeMissing,
          inPeriod: ranking.inPeriod(c) ? 1 : 0,
          ordinal: Math.log(1 + c.hit.passage.ordinal),
          length: Math.log(1 + c.hit.passage.end - c.hit.passage.start),
          newer: dates.length > 1 ? dates.indexOf(c.hit.passage.date ?? "") / (dates.length - 1) : 0,
        },
        passes: c.rulesAllow && modelAnswers(c.evidence),
        coverage: c.coverage,
        gold: gold[i] ?? false,
      })),
    });
  }
  return examples;
}

const examples = await cachedExamples(cacheFile, collect);

/** The answer path replayed over `order`'s candidates that the decision passes (see replayAnswers). */
const replay = (list: Example[], order: (e: Example) => Candidate[]) =>
  replayAnswers(list, (e) => order(e).filter((c) => c.passes));
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
const folders = [...new Set(examples.map((e) => e.folder))];
console.log(`tune: ${examples.length} questions; reranking the first ${K}; hit@1 / hit@3 / no-answer`);
console.log(`current order: ${fmt(replay(examples, (e) => e.candidates))}`);
/** Training rows: the first K candidates of questions with a judged answer among them. */
function rows(list: Example[], features: string[]) {
  const x: number[][] = [];
  const y: number[] = [];
  for (const e of list) {
    const top = e.candidates.slice(0, K);
    if (!top.some((c) => c.gold)) continue;
    for (const c of top) {
      x.push(features.map((f) => c.features[f] ?? 0));
      y.push(c.gold ? 1 : 0);
    }
  }
  return { x, y };
}
for (const [name, features] of Object.entries(FEATURE_SETS))
  for (const l2 of [0.1, 1, 10, 100]) {
    const scoreOf = new Map<Candidate, number>();
    for (const folder of folders) {
      const { x, y } = rows(
        examples.filter((e) => e.folder !== folder),
        features,
      );
      const fit = fitLogistic(x, y, l2);
      for (const e of examples.filter((ex) => ex.folder === folder))
        for (const c of e.candidates.slice(0, K))
          scoreOf.set(
            c,
            predict(
              fit,
              features.map((f) => c.features[f] ?? 0),
            ),
          );
    }
    const reordered = (e: Example) => [
      ...e.candidates.slice(0, K).sort((a, b) => (scoreOf.get(b) ?? 0) - (scoreOf.get(a) ?? 0)),
      ...e.candidates.slice(K),
    ];
    console.log(`  ${name.padEnd(28)} l2 ${String(l2).padStart(5)}  ${fmt(replay(examples, reordered))}`);
  }
