/**
 * What the reranking experiments (fit-rerank.ts, try-encoder.ts) share: each tune question's
 * candidates with their features, a leave-one-folder-out logistic score of the first K, and the
 * answer path replayed over a new order of them. Held-out questions are never read here.
 */
import { modelAnswers } from "../../src/search/answer-model.js";
import { fitLogistic, predict } from "./logistic.js";
import { type Outcome, replayAnswers, type TuneRanking } from "./tune-replay.js";

export interface RerankCandidate {
  features: Record<string, number>;
  passes: boolean;
  coverage: number;
  gold: boolean;
}

export interface RerankExample {
  folder: string;
  offtopic: boolean;
  candidates: RerankCandidate[];
}

/**
 * A tune question's candidates with the features a reranker may use (the existing scores,
 * question-type, date and position features), plus `extra` ones per candidate position.
 */
export function rerankExample(
  { set, question, ranking, gold }: TuneRanking,
  extra: (i: number) => Record<string, number> = () => ({}),
): RerankExample {
  const top = ranking.candidates[0];
  const dates = ranking.candidates.map((c) => c.hit.passage.date ?? "").sort();
  return {
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
        ...extra(i),
      },
      passes: c.rulesAllow && modelAnswers(c.evidence),
      coverage: c.coverage,
      gold: gold[i] ?? false,
    })),
  };
}

/** The answer path replayed over `order`'s candidates that the decision passes (see replayAnswers). */
export function replayOrder(list: RerankExample[], order: (e: RerankExample) => RerankCandidate[]): Outcome {
  return replayAnswers(list, (e) => order(e).filter((c) => c.passes));
}

/** Each question's first `k` candidates ordered by `score`, best first; the rest as they were. */
export function reorderedFirst(k: number, score: (c: RerankCandidate) => number) {
  return (e: RerankExample): RerankCandidate[] => [
    ...e.candidates.slice(0, k).sort((a, b) => score(b) - score(a)),
    ...e.candidates.slice(k),
  ];
}

/**
 * A logistic score over `features` for each of the first `k` candidates of every question, from a
 * model fitted on the other folders' questions (their first `k` candidates, for questions with a
 * judged answer among them).
 */
export function leaveOneFolderOutScores(
  examples: RerankExample[],
  k: number,
  features: string[],
  l2: number,
): Map<RerankCandidate, number> {
  const vector = (c: RerankCandidate) => features.map((f) => c.features[f] ?? 0);
  const scoreOf = new Map<RerankCandidate, number>();
  for (const folder of new Set(examples.map((e) => e.folder))) {
    const x: number[][] = [];
    const y: number[] = [];
    for (const e of examples.filter((ex) => ex.folder !== folder)) {
      const top = e.candidates.slice(0, k);
      if (!top.some((c) => c.gold)) continue;
      for (const c of top) {
        x.push(vector(c));
        y.push(c.gold ? 1 : 0);
      }
    }
    const fit = fitLogistic(x, y, l2);
    for (const e of examples.filter((ex) => ex.folder === folder))
      for (const c of e.candidates.slice(0, k)) scoreOf.set(c, predict(fit, vector(c)));
  }
  return scoreOf;
}
