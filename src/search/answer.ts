import type { DateSource, Passage, Report, Span } from "../corpus/types.js";
import type { PassageFilter, PassageHit, PassageIndex } from "./index.js";
import { dateRangeInQuestion, type QuestionDateRange } from "./question-dates.js";

/**
 * Answers a question with verbatim excerpts. Every excerpt is `report.text.slice(start, end)`:
 * adjacent relevant sentences of one paragraph are merged, never rewritten.
 */

export const MAX_QUESTION_LENGTH = 300;
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 25;
/** Share of the question's weight (by IDF) a passage must match to count as an answer. */
export const RELEVANCE_THRESHOLD = 0.5;
export const NO_ANSWER_MESSAGE = "No report covers this.";
export const EMPTY_CORPUS_MESSAGE = "The corpus folder has no reports yet, so there is nothing to quote.";

export interface Excerpt extends Span {
  reportId: string;
  file: string;
  title: string;
  date: string | null;
  dateSource: DateSource;
  /** Verbatim: `report.text.slice(start, end)`. */
  text: string;
  score: number;
  /** Words of the excerpt that matched the question, as written in the report. */
  matchedTerms: string[];
  /** Where those words stand, relative to the excerpt text. */
  highlights: Span[];
  passageIds: number[];
}

export interface AnswerOptions {
  limit?: number;
  since?: string | null;
  until?: string | null;
  /** Restrict to these reports (ids). */
  reportIds?: string[] | null;
}

export interface Answer {
  query: string;
  /** The date range applied, from options and from date phrases in the question. */
  range: { since: string | null; until: string | null; phrase: string | null };
  results: Excerpt[];
  /** Closest passages when nothing was relevant enough; never presented as answers. */
  nearMisses: Excerpt[];
  message?: string;
}

/** A problem with the question itself, worded for the person who asked it. */
export class QuestionError extends Error {
  override name = "QuestionError";
}

/** Near misses must match this share of the question as written, or they are noise, not near. */
export const NEAR_MISS_THRESHOLD = 0.25;
const FUZZY_CREDIT = 0.75;
/** Rarest terms looked up in the index; the rest are checked on the candidates they find. */
const MAX_LOOKUP_TERMS = 3;
const MAX_MERGED_SENTENCES = 3;
const SAME_REPORT_PENALTY = 0.7;
const NEAR_DUPLICATE = 0.6;
const CANDIDATES = 60;
const NEAR_MISSES = 3;

export interface RankedPassage {
  hit: PassageHit;
  /** Share of the question's IDF weight this passage matched, 0 to 1 (typo matches count for less). */
  coverage: number;
  /** The same share, counting only words matched as written. */
  exactCoverage: number;
  rank: number;
}

/**
 * Scores passages for a question, words the corpus lacks standing in by their spelling corrections.
 * Ranked by BM25 times coverage squared, so passages that match the whole question beat passages
 * that repeat one word of it.
 */
export function rankPassages(
  index: PassageIndex,
  text: string,
  filter: PassageFilter,
): { terms: string[]; candidates: RankedPassage[] } {
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
  const top = hits.slice(0, CANDIDATES * 4);
  const exactOf = new Map<PassageHit, Set<string>>();
  for (const hit of top) {
    const found = new Set(hit.queryTerms);
    if (checkLater.length > 0) {
      const passageTerms = index.passageTerms(hit.passage);
      for (const t of checkLater) {
        if (!passageTerms.has(t)) continue;
        found.add(t);
        hit.documentTerms.push(t);
      }
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
    return { hit, coverage, exactCoverage: coverageOf(hit, 0), rank: hit.score * coverage * coverage };
  });
  candidates.sort((a, b) => b.rank - a.rank);
  return { terms, candidates };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function laterOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

function earlierOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

/** Characters that show nothing: controls, format characters (zero-width spaces, joiners), marks alone, fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{M}\u115f\u1160\u3164\uffa0\u2800]/gu;

/** The one check of a question, for the CLI, slash commands, DMs and mentions alike. */
export function validateQuestion(question: string): string {
  const trimmed = question.trim();
  if (trimmed.replace(INVISIBLE, "") === "")
    throw new QuestionError(
      "The question is empty. Ask about something in the reports, e.g. “How many people have fled Mosul?”",
    );
  if (trimmed.length > MAX_QUESTION_LENGTH) {
    throw new QuestionError(
      `The question is ${trimmed.length} characters long; the limit is ${MAX_QUESTION_LENGTH}. Ask about one thing at a time.`,
    );
  }
  return trimmed;
}

export function answerQuestion(index: PassageIndex, question: string, options: AnswerOptions = {}): Answer {
  const query = validateQuestion(question);
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const fromQuestion: QuestionDateRange | null = dateRangeInQuestion(query, index.latestDate);
  const since = laterOf(options.since, fromQuestion?.since);
  const until = earlierOf(options.until, fromQuestion?.until);
  const range = { since, until, phrase: fromQuestion?.phrase ?? null };
  const searchText = fromQuestion ? fromQuestion.remainder : query;

  const filter = { since, until, reportIds: options.reportIds ? new Set(options.reportIds) : null };
  const noReports = index.corpus.reports.length === 0;
  const empty: Answer = {
    query,
    range,
    results: [],
    nearMisses: [],
    message: noReports ? EMPTY_CORPUS_MESSAGE : NO_ANSWER_MESSAGE,
  };
  if (noReports) return empty;
  if (since && until && since > until) {
    return { ...empty, message: `${NO_ANSWER_MESSAGE} (The date range ${since} to ${until} is empty.)` };
  }
  const { terms, candidates } = rankPassages(index, searchText, filter);
  if (terms.length === 0) return empty;
  // Typo matches alone make an answer only when every word of the question found its match:
  // "Mosle" is Mosul, but "best pizza recipe" is not "rest … residents".
  const isRelevant = (c: RankedPassage) =>
    c.coverage >= RELEVANCE_THRESHOLD && (c.exactCoverage > 0 || c.hit.queryTerms.length === terms.length);
  const relevant = candidates.filter(isRelevant).slice(0, CANDIDATES);

  if (relevant.length === 0) {
    const near = candidates.filter((c) => c.exactCoverage >= NEAR_MISS_THRESHOLD).slice(0, CANDIDATES);
    const nearMisses = select(near, new Map(), index, NEAR_MISSES, new Set(terms));
    return { ...empty, nearMisses };
  }
  return {
    query,
    range,
    results: select(relevant, new Map(candidates.map((c) => [c.hit.passage.id, c])), index, limit, new Set(terms)),
    nearMisses: [],
  };
}

/** Greedy selection: best first, merging neighbours, spreading across reports, skipping near-duplicates. */
function select(
  candidates: RankedPassage[],
  /** Passages that may join a neighbouring excerpt; empty to never merge. */
  mergeable: Map<number, RankedPassage>,
  index: PassageIndex,
  limit: number,
  queryTerms: Set<string>,
): Excerpt[] {
  const matchedTerms = new Set(queryTerms);
  for (const c of candidates) for (const t of c.hit.documentTerms) matchedTerms.add(t);
  const used = new Set<number>();
  const perReport = new Map<string, number>();
  const chosen: { excerpt: Excerpt; terms: Set<string> }[] = [];
  const pool = [...candidates];
  while (chosen.length < limit && pool.length > 0) {
    // Re-rank with the same-report penalty as it stands now.
    let bestAt = 0;
    let bestRank = -1;
    pool.forEach((c, i) => {
      const rank = c.rank * SAME_REPORT_PENALTY ** (perReport.get(c.hit.passage.reportId) ?? 0);
      if (rank > bestRank) {
        bestRank = rank;
        bestAt = i;
      }
    });
    const [candidate] = pool.splice(bestAt, 1);
    if (!candidate || used.has(candidate.hit.passage.id)) continue;
    const report = index.report(candidate.hit.passage.reportId);
    if (!report) continue;
    const group = mergeNeighbours(report, candidate, mergeable, used);
    const excerpt = toExcerpt(report, group, bestRank, index, matchedTerms);
    const terms = new Set(index.analyzer.tokenize(excerpt.text));
    if (chosen.some((c) => jaccard(c.terms, terms) >= NEAR_DUPLICATE)) continue;
    for (const p of group) used.add(p.id);
    perReport.set(report.id, (perReport.get(report.id) ?? 0) + 1);
    chosen.push({ excerpt, terms });
  }
  return chosen.map((c) => c.excerpt);
}

/**
 * Grows an excerpt with neighbouring sentences of the same paragraph that match the question in
 * part and add words of it the excerpt lacks: "In nine months of fighting… The Iraqi government
 * has refused to release casualty figures" reads as one answer.
 */
function mergeNeighbours(
  report: Report,
  seed: RankedPassage,
  mergeable: Map<number, RankedPassage>,
  used: Set<number>,
): Passage[] {
  const passage = seed.hit.passage;
  const group = [passage];
  const covered = new Set(seed.hit.queryTerms);
  const joinable = (p: Passage | undefined): p is Passage => {
    if (p === undefined || p.paragraph !== passage.paragraph || used.has(p.id)) return false;
    const ranked = mergeable.get(p.id);
    if (!ranked || ranked.coverage < RELEVANCE_THRESHOLD / 2) return false;
    return ranked.hit.queryTerms.some((t) => !covered.has(t));
  };
  const take = (p: Passage) => {
    for (const t of mergeable.get(p.id)?.hit.queryTerms ?? []) covered.add(t);
  };
  let before = passage.ordinal - 1;
  let after = passage.ordinal + 1;
  while (group.length < MAX_MERGED_SENTENCES) {
    const previous = report.passages[before];
    const next = report.passages[after];
    if (joinable(next)) {
      group.push(next);
      take(next);
      after++;
    } else if (joinable(previous)) {
      group.unshift(previous);
      take(previous);
      before--;
    } else {
      break;
    }
  }
  return group;
}

function toExcerpt(
  report: Report,
  group: Passage[],
  score: number,
  index: PassageIndex,
  queryTerms: Set<string>,
): Excerpt {
  const first = group[0] as Passage;
  const last = group[group.length - 1] as Passage;
  const text = report.text.slice(first.start, last.end);
  const highlights: Span[] = [];
  const matched = new Set<string>();
  for (const term of index.analyzer.surfaceTerms(text)) {
    if (!queryTerms.has(term.term)) continue;
    if (highlights.some((h) => h.start < term.end && term.start < h.end)) continue;
    highlights.push({ start: term.start, end: term.end });
    matched.add(text.slice(term.start, term.end));
  }
  highlights.sort((a, b) => a.start - b.start);
  return {
    reportId: report.id,
    file: report.file,
    title: report.title,
    date: report.date,
    dateSource: report.dateSource,
    start: first.start,
    end: last.end,
    text,
    score: Math.round(score * 1000) / 1000,
    matchedTerms: [...matched],
    highlights,
    passageIds: group.map((p) => p.id),
  };
}
