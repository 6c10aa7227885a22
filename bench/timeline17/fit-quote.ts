/**
 * `npx tsx bench/timeline17/fit-quote.ts [--write | --check] [--cache FILE]`: fits the quote model
 * (`src/timeline/quote-model.ts`) on Timeline17's tune folders (bpoil_*, H1N1_*), reading them from
 * ../shared at run time. The held-out folders are never read here.
 *
 * Examples: for each reference day of a tune folder, every candidate sentence the protocol timeline
 * (days only, the reference's span) would weigh for that day, with its ROUGE-1 F against the
 * reference's sentences of the day. The label is a candidate's ROUGE-1 over the best of its day
 * (0 to 1), or 1 within three quarters of that best, whichever cross-validates better, each day weighing the same. Feature set and regularisation are chosen by
 * leave-one-folder-out cross-validation within tune (eight folds): each folder's days are ranked
 * by a model fitted on the other seven, and the choice maximises the mean over folders of the
 * ROUGE-1 of each day's top-ranked candidate (what AR-1 rewards on the days a timeline gets
 * right). Features enter by forward selection. The final model is fitted on all of tune.
 *
 *   --write   rewrite src/timeline/quote-model-fit.ts with the chosen model
 *   --check   exit 1 unless the committed model is what this fit gives
 *   --cache   keep the examples in FILE (outside the repo) to refit without rebuilding them
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../../src/sitrep.js";
import { quoteCandidatesByDay } from "../../src/timeline/build.js";
import {
  type QuoteEvidence,
  type QuoteFeature,
  type QuoteModel,
  QUOTE_FEATURES,
} from "../../src/timeline/quote-model.js";
import { QUOTE_MODEL } from "../../src/timeline/quote-model-fit.js";
import { PROJECT_ROOT } from "../corpora.js";
import { fitLogistic, type LogisticFit } from "../qa/logistic.js";
import { cachedExamples } from "../qa/tune-replay.js";
import { listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { clippedHits, ngramCounts, tokenize } from "./metrics.js";

interface Day {
  folder: string;
  day: string;
  /** Sentences a timeline gives each day in this folder (the protocol's K). */
  perDate: number;
  reference: string[];
  /** Per candidate: its ROUGE tokens, and how many of them the reference day holds (clipped). */
  candidates: { evidence: QuoteEvidence; text: string; tokens: number; hits: number }[];
}

const args = process.argv.slice(2);
const cacheFile = args.includes("--cache") ? args[args.indexOf("--cache") + 1] : undefined;
/**
 * "relative": a candidate's ROUGE-1 over its day's best; "near best": 1 within three quarters of the
 * day's best, else 0.
 */
type Labelling = "relative" | "near best";
const LABELLINGS: Labelling[] = ["relative", "near best"];
const isTune = (folder: string) => /^(?:bpoil|H1N1)_/.test(folder);

async function collect(): Promise<Day[]> {
  const datasetDir = resolveDatasetDir();
  const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-fit-quote-"));
  const days: Day[] = [];
  try {
    for (const name of listFolders(datasetDir).filter(isTune)) {
      const folder = loadFolder(datasetDir, name);
      const span = { since: folder.reference[0]?.date ?? "", until: folder.reference.at(-1)?.date ?? "" };
      const opened = await openCorpus({ corpusDir: path.join(folder.dir, "reports"), dataDir });
      const sentences = folder.reference.reduce((sum, day) => sum + day.sentences.length, 0);
      const perDate = Math.max(1, Math.round(sentences / Math.max(1, folder.reference.length)));
      const byDay = await quoteCandidatesByDay(
        opened,
        span,
        folder.reference.map((d) => d.date),
      );
      for (const reference of folder.reference) {
        const candidates = byDay.get(reference.date) ?? [];
        if (candidates.length === 0) continue;
        const referenceCounts = ngramCounts(tokenize(reference.sentences.join("\n")), 1);
        days.push({
          folder: name,
          day: reference.date,
          perDate,
          reference: reference.sentences,
          candidates: candidates.map((c) => {
            const counts = ngramCounts(tokenize(c.text), 1);
            const tokens = [...counts.values()].reduce((a, b) => a + b, 0);
            return { evidence: c.evidence, text: c.text, tokens, hits: clippedHits(counts, referenceCounts) };
          }),
        });
      }
      process.stderr.write(`${name}: ${byDay.size} reference days with candidates\n`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return days;
}

const days = (await cachedExamples(cacheFile, collect)).filter((d) => d.candidates.some((c) => c.hits > 0));
const folders = [...new Set(days.map((d) => d.folder))];
if (folders.length === 0) throw new Error("No tune days: is ../shared/datasets/timeline17 there?");

const vector = (e: QuoteEvidence, features: readonly QuoteFeature[]) => features.map((f) => e[f]);
const linear = (fit: LogisticFit, x: number[]) =>
  x.reduce((z, v, j) => z + ((fit.weights[j] ?? 0) * (v - (fit.mean[j] ?? 0))) / (fit.scale[j] ?? 1), fit.intercept);

/**
 * What a candidate adds to a timeline's ROUGE-1 F: its hits, less its words at LENGTH_COST each. F
 * = 2H / (T + R) over the timeline's hits H, quote words T and reference words R rises with a
 * quote exactly when its hits per word exceed F / 2; AR-1 runs at 0.1 to 0.2 per folder, and the
 * days a timeline gets wrong add words with few hits, so a word costs a tenth of a hit.
 */
const LENGTH_COST = 0.1;
const utility = (c: { hits: number; tokens: number }) => c.hits - LENGTH_COST * c.tokens;

function trainingRows(list: readonly Day[], features: readonly QuoteFeature[], labelling: Labelling) {
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (const day of list) {
    const values = day.candidates.map(utility);
    const best = Math.max(...values);
    const worst = Math.min(...values);
    const range = best - worst || 1;
    day.candidates.forEach((c, i) => {
      const relative = ((values[i] ?? worst) - worst) / range;
      x.push(vector(c.evidence, features));
      y.push(labelling === "relative" ? relative : relative >= 0.75 ? 1 : 0);
      w.push(1 / day.candidates.length);
    });
  }
  return { x, y, w };
}

/**
 * Mean over folders of the ROUGE-1 F of each day's K top candidates by `score` against the day's
 * reference, over the folder's days together (hits and words summed, as AR-1 sums them over a
 * timeline). The timeline also skips near-duplicates of a pick; this does not.
 */
function topQuoteRouge(list: readonly Day[], score: (day: Day, e: QuoteEvidence) => number): number {
  const perFolder = folders.map((folder) => {
    let hits = 0;
    let words = 0;
    let reference = 0;
    for (const day of list) {
      if (day.folder !== folder) continue;
      const top = day.candidates
        .map((c, i) => ({ c, s: score(day, c.evidence), i }))
        .sort((a, b) => b.s - a.s || a.i - b.i)
        .slice(0, day.perDate);
      const predicted = ngramCounts(tokenize(top.map((t) => t.c.text).join("\n")), 1);
      const wanted = ngramCounts(tokenize(day.reference.join("\n")), 1);
      hits += clippedHits(predicted, wanted);
      words += [...predicted.values()].reduce((a, b) => a + b, 0);
      reference += [...wanted.values()].reduce((a, b) => a + b, 0);
    }
    return words + reference === 0 ? 0 : (2 * hits) / (words + reference);
  });
  return perFolder.reduce((a, b) => a + b, 0) / perFolder.length;
}

/** The weights build.ts set by hand before the model (ABLATION rows 0-29), for comparison. */
function handSet(e: QuoteEvidence): number {
  const ordinal = Math.exp(e.logPosition) - 1;
  const placed = e.names ? 1 : 0.8 / (1 + 0.15 * ordinal);
  return e.centroid * e.lengthFit * placed * (e.unrealised ? 0.8 : 1) * (e.question ? 0.5 : 1) * (e.caption ? 0.5 : 1);
}

function crossValidated(features: readonly QuoteFeature[], l2: number, labelling: Labelling): number {
  const scores = new Map<Day, LogisticFit>();
  for (const folder of folders) {
    const { x, y, w } = trainingRows(
      days.filter((d) => d.folder !== folder),
      features,
      labelling,
    );
    const fit = fitLogistic(x, y, l2, w);
    for (const day of days) if (day.folder === folder) scores.set(day, fit);
  }
  return topQuoteRouge(days, (day, e) => {
    const fit = scores.get(day);
    return fit ? linear(fit, vector(e, features)) : 0;
  });
}

console.log(`tune: ${days.length} reference days with candidates, ${folders.length} folders`);
console.log(
  `ROUGE-1 F of each day's top candidate: hand-set ${topQuoteRouge(days, (_, e) => handSet(e)).toFixed(4)}; ` +
    `the K best by utility (an oracle) ${topQuoteRouge(days, (day, e) => utility(day.candidates.find((c) => c.evidence === e) ?? { hits: 0, tokens: 0 })).toFixed(4)}`,
);

const L2 = [0.01, 0.1, 1, 10];
const SELECTION_L2 = 0.1;
/** A feature enters only for a real gain: half a thousandth of ROUGE-1 F is noise over two hundred days. */
const MIN_GAIN = 0.0005;
/** The hand-set score's inputs, its product as a sum of logs: where forward selection starts. */
const HAND_SET_INPUTS: QuoteFeature[] = [
  "logCentroid",
  "lengthFit",
  "names",
  "logPosition",
  "unrealised",
  "question",
  "caption",
];

interface Choice {
  labelling: Labelling;
  features: QuoteFeature[];
  l2: number;
  value: number;
}
let choice: Choice | null = null;
for (const labelling of LABELLINGS) {
  let features = [...HAND_SET_INPUTS];
  let value = crossValidated(features, SELECTION_L2, labelling);
  console.log(`\n${labelling}: the hand-set inputs, refitted: ${value.toFixed(4)}`);
  for (;;) {
    let step: { feature: QuoteFeature; value: number } | null = null;
    for (const feature of QUOTE_FEATURES) {
      if (features.includes(feature)) continue;
      const v = crossValidated([...features, feature], SELECTION_L2, labelling);
      if (!step || v > step.value) step = { feature, value: v };
    }
    if (!step || step.value < value + MIN_GAIN) break;
    features = [...features, step.feature];
    value = step.value;
    console.log(`  + ${step.feature.padEnd(18)} leave-one-folder-out ${value.toFixed(4)}`);
  }
  for (const l2 of L2) {
    const v = crossValidated(features, l2, labelling);
    console.log(`  l2 ${String(l2).padStart(4)}: ${v.toFixed(4)}`);
    if (!choice || v > choice.value + 1e-9) choice = { labelling, features, l2, value: v };
  }
}
if (!choice) throw new Error("no model was fitted");
const { labelling, features: chosen, l2 } = choice;
console.log(`\nchosen: ${labelling}; ${chosen.join(", ")}; l2 ${l2}: ${choice.value.toFixed(4)} (cross-validated)`);

const { x, y, w } = trainingRows(days, chosen, labelling);
const fit = fitLogistic(x, y, l2, w);
const round = (v: number) => Math.round(v * 1e6) / 1e6;
const model: QuoteModel = {
  features: chosen,
  mean: fit.mean.map(round),
  scale: fit.scale.map(round),
  weights: fit.weights.map(round),
  intercept: round(fit.intercept),
  l2,
};
console.log(JSON.stringify(model, null, 2));

const target = path.join(PROJECT_ROOT, "src/timeline/quote-model-fit.ts");
if (args.includes("--write")) {
  writeFileSync(
    target,
    `import type { QuoteModel } from "./quote-model.js";

/** Fitted by \`npx tsx bench/timeline17/fit-quote.ts --write\` on the tune split; \`--check\` refits and compares. */
export const QUOTE_MODEL: QuoteModel = ${JSON.stringify(model, null, 2)};
`,
  );
  console.log(`wrote ${path.relative(PROJECT_ROOT, target)} (run prettier on it)`);
}
if (args.includes("--check")) {
  const same = JSON.stringify(model) === JSON.stringify({ ...QUOTE_MODEL });
  console.log(same ? "the committed model is this fit" : "the committed model differs from this fit");
  if (!same) process.exitCode = 1;
}
