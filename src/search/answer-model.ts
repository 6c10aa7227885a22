import { ANSWER_MODEL } from "./answer-model-fit.js";

/**
 * The answer decision: whether a candidate passage answers the question, as a probability from a
 * small logistic model over what `rankPassages` already knows of the passage and the question. The
 * coefficients (`answer-model-fit.ts`) are fitted on the tune split of the question sets by
 * `bench/qa/fit-decision.ts`, which also chooses the regularisation and the threshold by
 * leave-one-folder-out cross-validation; refit and compare with `--check`.
 */

/** What the decision reads of a candidate: all shares of the question's IDF weight, 0 to 1, except `termCount`. */
export interface AnswerEvidence {
  /** Matched share, each word at its stand-in's credit (spelling 0.75, related 0.5…). */
  coverage: number;
  /** Matched share, counting only words as written. */
  exactCoverage: number;
  /** Share of the question's words (by count, not weight) the passage matches. */
  matchedWords: number;
  /** Coverage without the single best matched word: what the rest of the question adds. */
  restCoverage: number;
  /** The heaviest question word the passage misses. */
  heaviestMissing: number;
  /** Question words no passage of the corpus has, and no spelling correction reaches. */
  unknownWeight: number;
  /** Question words the corpus has only through a spelling correction. */
  correctedWeight: number;
  /** How many content words the question has. */
  termCount: number;
  /** How closely the passage keeps the question's words together, 0 to 1 (0 for candidates not read word by word). */
  proximity: number;
  /** BM25 over every question word, per unit of the question's weight (0 for candidates not read word by word). */
  wholeScore: number;
  /**
   * 1 when the passage misses the question's first content word, which is most often what it
   * asks about ("what *salary* will Dudley get", "who was the *captain*"), however light that word is.
   */
  focusMissing: number;
  /** 1 when the question wants a kind of answer (a date, a number, a name, a place) the passage lacks. */
  typeMissing: number;
  /** How far this passage ranks above the next, as the log of the ratio of their scores (0 for a lone candidate). */
  margin: number;
}

export const EVIDENCE_FEATURES = [
  "coverage",
  "exactCoverage",
  "matchedWords",
  "restCoverage",
  "heaviestMissing",
  "unknownWeight",
  "correctedWeight",
  "termCount",
  "proximity",
  "wholeScore",
  "typeMissing",
  "margin",
  "focusMissing",
] as const satisfies readonly (keyof AnswerEvidence)[];
export type EvidenceFeature = (typeof EVIDENCE_FEATURES)[number];

export interface AnswerModel {
  /** The features the model reads, in the order of `weights`, `mean` and `scale`. */
  features: readonly EvidenceFeature[];
  /** Features are standardised with the training set's mean and standard deviation. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  intercept: number;
  /** A passage answers when its probability reaches this. */
  threshold: number;
  /** L2 penalty the fit used (for the record). */
  l2: number;
}

/** Margins are capped here: beyond it, the second passage is no rival. */
const MAX_MARGIN = 3;

/** `margin` for a passage ranked `rank` over the next one's `nextRank` (none: the cap). */
export function marginOver(rank: number, nextRank: number | undefined): number {
  if (nextRank === undefined || nextRank <= 0) return MAX_MARGIN;
  if (rank <= 0) return 0;
  return Math.min(MAX_MARGIN, Math.max(0, Math.log(rank / nextRank)));
}

/** The model's input: `termCount` as its logarithm, since a fifth word means less than a second. */
export function featureValue(evidence: AnswerEvidence, feature: EvidenceFeature): number {
  return feature === "termCount" ? Math.log(evidence.termCount) : evidence[feature];
}

/** Probability, 0 to 1, that a passage with this evidence answers its question. */
export function answerProbability(evidence: AnswerEvidence, model: AnswerModel = ANSWER_MODEL): number {
  let z = model.intercept;
  model.features.forEach((feature, i) => {
    const scale = model.scale[i] ?? 1;
    z += ((model.weights[i] ?? 0) * (featureValue(evidence, feature) - (model.mean[i] ?? 0))) / (scale || 1);
  });
  return 1 / (1 + Math.exp(-z));
}

/** Whether the model counts a passage with this evidence as an answer. */
export function modelAnswers(evidence: AnswerEvidence, model: AnswerModel = ANSWER_MODEL): boolean {
  return answerProbability(evidence, model) >= model.threshold;
}
