import { QUOTE_MODEL } from "./quote-model-fit.js";

/**
 * Which sentence tells what happened on a date: a linear score over what the timeline knows of each
 * candidate sentence. The coefficients (`quote-model-fit.ts`) are fitted on Timeline17's tune split
 * by `bench/timeline17/fit-quote.ts` against each candidate's ROUGE-1 to the reference summary of
 * its day, with the feature set and regularisation chosen by leave-one-folder-out cross-validation;
 * refit and compare with `--check`.
 */

/** What the quote model reads of a candidate sentence for one date. */
export interface QuoteEvidence {
  /** Cosine to the date's centroid (every candidate's TF-IDF vector summed). */
  centroid: number;
  /** Cosine to the centroid of the sentences that name the date only. */
  namingCentroid: number;
  /** Cosine to the centroid of the leads published that day or the next only. */
  leadCentroid: number;
  /** Cosine of the sentence's words (each once, unweighted) to the sum of every candidate's: ROUGE weighs no word by rarity. */
  plainCentroid: number;
  /** The three cosines as log(0.01 + cosine): the hand-set score multiplied them with the other weights. */
  logCentroid: number;
  logNamingCentroid: number;
  logLeadCentroid: number;
  /** 1 up to 25 words, then √(25 / words): a long sentence carries more than one event. */
  lengthFit: number;
  /** Words, as a logarithm. */
  logWords: number;
  /** 1 when the sentence names the date; 0 when it is a lead of a report published then. */
  names: number;
  /** Position in its report, as log(1 + ordinal): a report's first sentences tell its news. */
  logPosition: number;
  /** 1 when its report was published the day after the date. */
  nextDay: number;
  /** Days between the date and its report's publication, as log(1 + |days|). */
  logLag: number;
  /** 1 when the date is named at the sentence's head ("June 16 - Hayward …", a chronology line). */
  dateAtHead: number;
  /** Other days the sentence names. */
  otherDays: number;
  /** 1 for a hope, plan or forecast; a question; a photo caption (eventness.ts). */
  unrealised: number;
  question: number;
  caption: number;
  /** 1 when the sentence opens with a quotation mark (direct speech). */
  speech: number;
  /** 1 when the sentence holds a number (a toll, a count, an amount). */
  number: number;
}

export const QUOTE_FEATURES = [
  "centroid",
  "namingCentroid",
  "leadCentroid",
  "plainCentroid",
  "logCentroid",
  "logNamingCentroid",
  "logLeadCentroid",
  "lengthFit",
  "logWords",
  "names",
  "logPosition",
  "nextDay",
  "logLag",
  "dateAtHead",
  "otherDays",
  "unrealised",
  "question",
  "caption",
  "speech",
  "number",
] as const satisfies readonly (keyof QuoteEvidence)[];
export type QuoteFeature = (typeof QUOTE_FEATURES)[number];

export interface QuoteModel {
  /** The features the model reads, in the order of `weights`, `mean` and `scale`. */
  features: readonly QuoteFeature[];
  /** Features are standardised with the training set's mean and standard deviation. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  intercept: number;
  /** L2 penalty the fit used (for the record). */
  l2: number;
}

/** The model's log-odds that a candidate is among the best quotes of its date: higher is better. */
export function quoteScore(evidence: QuoteEvidence, model: QuoteModel = QUOTE_MODEL): number {
  let z = model.intercept;
  model.features.forEach((feature, i) => {
    const scale = model.scale[i] ?? 1;
    z += ((model.weights[i] ?? 0) * (evidence[feature] - (model.mean[i] ?? 0))) / (scale || 1);
  });
  return z;
}
