import type { PassageFilter, PassageHit, PassageIndex } from "./index.js";

/**
 * Relevance: which passages answer a question or belong to a topic, and how well. Answers, timeline
 * topics and digest topics all ask here, so "relevant" means one thing everywhere.
 */

/** Share of the question's weight (by IDF) a passage must match to count as an answer. */
export const RELEVANCE_THRESHOLD = 0.5;
/** Near misses must match this share of the question as written, or they are noise, not near. */
export const NEAR_MISS_THRESHOLD = 0.25;
const FUZZY_CREDIT = 0.75;
/** Rarest terms looked up in the index; the rest are checked on the candidates they find. */
const MAX_LOOKUP_TERMS = 3;
/** Candidates scored in full per question. */
const CANDIDATE_POOL = 240;

export interface RankedPassage {
  hit: PassageHit;
  /** Share of the question's IDF weight this passage matched, 0 to 1 (typo matches count for less). */
  coverage: number;
  /** The same share, counting only words matched as written. */
  exactCoverage: number;
  rank: number;
  /** Whether this passage answers the question (see `isAnswer`). */
  answers: boolean;
}

export interface Ranking {
  /** The question's terms, as analysed. */
  terms: string[];
  /** Best first. */
  candidates: RankedPassage[];
}

/**
 * Scores passages for a question, words the corpus lacks standing in by their spelling corrections.
 * Ranked by BM25 times coverage squared, so passages that match the whole question beat passages
 * that repeat one word of it.
 */
export function rankPassages(index: PassageIndex, text: string, filter: PassageFilter): Ranking {
  const terms = index.analyzer.queryTerms(text);
  if (terms.length === 0) return { terms, candidates: [] };
  const weights = new Map(terms.map((t) => [t, index.idf(t)]));
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);

  // Words the corpus lacks are looked up by their spelling corrections; the correction stands in
  // for the word as written, with less credit.
  const writtenAs = new Map<string, string>();
  for (const term of terms) {
    if (index.has(term)) continue;
    for (const correction of index.corrections(term)) if (!writtenAs.has(correction)) writtenAs.set(correction, term);
  }
  // Index terms to match: the question's own, and corrections for the words the corpus lacks.
  const matchable = [...terms.filter((t) => index.has(t)), ...writtenAs.keys()];
  // Very common terms ("oil" in a corpus about an oil spill) would make every passage a candidate:
  // look up the rarest few, then check the others on the candidates found.
  const byRarity = (a: string, b: string) => index.idf(b) - index.idf(a);
  const rarestFirst = [...matchable].sort(byRarity);
  const selective = rarestFirst.filter((t) => !index.isCommon(t)).slice(0, MAX_LOOKUP_TERMS);
  const lookup = selective.length > 0 ? selective : rarestFirst.slice(0, 2);
  const checkLater = matchable.filter((t) => !lookup.includes(t));

  const hits = index.search(lookup, filter);
  const top = hits.slice(0, CANDIDATE_POOL);
  const exactOf = new Map<PassageHit, Set<string>>();
  for (const hit of top) {
    const found = new Set(hit.queryTerms);
    for (const t of checkLater) {
      if (!index.passageHas(hit.passage, t)) continue;
      found.add(t);
      hit.documentTerms.push(t);
    }
    // Report matches in the question's own terms: a correction stands for the word as written.
    const exact = new Set([...found].filter((t) => !writtenAs.has(t)));
    const corrected = [...found].filter((t) => writtenAs.has(t)).map((t) => writtenAs.get(t) as string);
    hit.queryTerms = [...new Set([...exact, ...corrected])];
    exactOf.set(hit, exact);
  }
  // A term matched only through a spelling correction counts for less than one matched as written.
  const coverageOf = (hit: PassageHit, credit = FUZZY_CREDIT) => {
    const exact = exactOf.get(hit) ?? new Set<string>();
    const matched = hit.queryTerms.reduce((sum, t) => sum + (weights.get(t) ?? 0) * (exact.has(t) ? 1 : credit), 0);
    return matched / totalWeight;
  };
  const candidates = top.map((hit) => {
    const coverage = coverageOf(hit);
    const exactCoverage = coverageOf(hit, 0);
    // Typo matches alone make an answer only when every word of the question found its match:
    // "Mosle" is Mosul, but "best pizza recipe" is not "rest … residents".
    const answers = coverage >= RELEVANCE_THRESHOLD && (exactCoverage > 0 || hit.queryTerms.length === terms.length);
    return { hit, coverage, exactCoverage, rank: hit.score * coverage * coverage, answers };
  });
  candidates.sort((a, b) => b.rank - a.rank);
  return { terms, candidates };
}

/** The passages that answer `text` (a question or a topic), best first. */
export function answeringPassages(index: PassageIndex, text: string, filter: PassageFilter): RankedPassage[] {
  return rankPassages(index, text, filter).candidates.filter((c) => c.answers);
}
