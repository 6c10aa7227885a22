// src/search: the analyzer, the passage index (MiniSearch), relevance, and quoted answers.
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from "minisearch";
import type { Corpus, Passage, Report } from "../corpus/types.js";
import { withDefaultAliases } from "./aliases.js";
import { Analyzer } from "./analyzer.js";
import {
  buildDeferredPostings,
  type CompactIndex,
  compactDocumentFrequency,
  fromCompact,
  PassageMiniSearch,
  toCompact,
} from "./compact-snapshot.js";

/**
 * The passage index: MiniSearch over sentence passages, plus a small index of report titles used
 * to boost passages of reports whose title matches. Text is analysed once, by our Analyzer, and
 * handed to MiniSearch as ready-made terms.
 */

/** Bumped whenever the index layout or analysis changes, so older snapshots are rebuilt. */
export const INDEX_FORMAT_VERSION = 5;

export interface PassageFilter {
  since?: string | null;
  until?: string | null;
  /** Only passages of these reports. */
  reportIds?: ReadonlySet<string> | null;
}

export interface PassageHit {
  passage: Passage;
  score: number;
  /** Query terms (processed) that this passage matched, exactly or fuzzily. */
  queryTerms: string[];
  /** The passage's own terms that matched, which differ from the query's for fuzzy matches. */
  documentTerms: string[];
}

export interface IndexSnapshot {
  version: number;
  passages: CompactIndex;
  titles: AsPlainObject;
}

type IndexedDoc = { id: number; terms: string };

function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: ["terms"],
    idField: "id",
    // Terms arrive analysed; MiniSearch only splits them.
    tokenize: (text) => (text === "" ? [] : text.split(" ")),
    processTerm: (term) => term,
  };
}

/** A term in more than this share of passages is too common to look up on its own. */
const COMMON_TERM_SHARE = 0.015;

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/** A corpus with its index: what answers, timelines and digests read (the CLI and bot hold one). */
export interface Opened {
  corpus: Corpus;
  index: PassageIndex;
}

export class PassageIndex {
  readonly analyzer: Analyzer;
  private readonly reportsById: Map<string, Report>;
  /** The newest publication date in the corpus: "now" for relative dates in questions. */
  readonly latestDate: string | null;
  private readonly reportIndexOfPassage: Uint32Array;
  /** Whether questions also match other spellings of a name found in the corpus (name-variants.ts); opt out here. */
  findNameVariants = true;

  private constructor(
    readonly corpus: Corpus,
    private readonly passageSearch: PassageMiniSearch<IndexedDoc>,
    private readonly titleSearch: MiniSearch<IndexedDoc>,
    private readonly documentFrequency: Map<string, number>,
    analyzer: Analyzer,
  ) {
    this.analyzer = analyzer;
    this.reportsById = new Map(corpus.reports.map((r) => [r.id, r]));
    const reportIndex = new Map(corpus.reports.map((r, i) => [r.id, i]));
    this.reportIndexOfPassage = Uint32Array.from(corpus.passages, (p) => reportIndex.get(p.reportId) ?? 0);
    this.latestDate = corpus.reports.reduce<string | null>(
      (max, r) => (r.date && (!max || r.date > max) ? r.date : max),
      null,
    );
  }

  report(id: string): Report | undefined {
    return this.reportsById.get(id);
  }

  /** Whether a term is in so many passages that looking it up costs more than it tells. */
  isCommon(term: string): boolean {
    const df = this.documentFrequency.get(term) ?? 0;
    return df > Math.max(50, this.corpus.passages.length * COMMON_TERM_SHARE);
  }

  /** Whether a passage holds an (analysed) term, read from the index's own postings. */
  passageHas(passage: Passage, term: string): boolean {
    return this.passageSearch.holds(passage.id, term);
  }

  static build(corpus: Corpus): PassageIndex {
    const analyzer = new Analyzer(withDefaultAliases(corpus.aliases));
    const documentFrequency = new Map<string, number>();
    const passageSearch = new PassageMiniSearch<IndexedDoc>(miniSearchOptions());
    const reportsById = new Map(corpus.reports.map((r) => [r.id, r]));
    const docs: IndexedDoc[] = [];
    for (const passage of corpus.passages) {
      const report = reportsById.get(passage.reportId);
      if (!report) continue;
      const terms = analyzer.tokenize(report.text.slice(passage.start, passage.end));
      for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      docs.push({ id: passage.id, terms: terms.join(" ") });
    }
    passageSearch.addAll(docs);
    const titleSearch = new MiniSearch<IndexedDoc>(miniSearchOptions());
    titleSearch.addAll(corpus.reports.map((r, id) => ({ id, terms: analyzer.tokenize(r.title).join(" ") })));
    return new PassageIndex(corpus, passageSearch, titleSearch, documentFrequency, analyzer);
  }

  /** A plain-object form of the index, for the snapshot file. */
  toSnapshot(): IndexSnapshot {
    return {
      version: INDEX_FORMAT_VERSION,
      passages: toCompact(this.passageSearch.toJSON()),
      titles: this.titleSearch.toJSON(),
    };
  }

  /** The index from a snapshot made over this same corpus; null when the snapshot's format is stale. */
  static fromSnapshot(corpus: Corpus, snapshot: IndexSnapshot): PassageIndex | null {
    if (snapshot.version !== INDEX_FORMAT_VERSION) return null;
    const passageSearch = fromCompact<IndexedDoc>(snapshot.passages, miniSearchOptions());
    const titleSearch = MiniSearch.loadJS<IndexedDoc>(snapshot.titles, miniSearchOptions());
    return new PassageIndex(
      corpus,
      passageSearch,
      titleSearch,
      // Passages per term: the length of the term's posting list, so the snapshot need not repeat it.
      compactDocumentFrequency(snapshot.passages),
      new Analyzer(withDefaultAliases(corpus.aliases)),
    );
  }

  /** Inverse document frequency of a processed term; unseen terms get the highest value. */
  idf(term: string): number {
    const n = this.corpus.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** How many passages hold a term. */
  passageCount(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /** Scores passages for already-processed `terms`, each matched as written. */
  search(terms: string[], filter: PassageFilter = {}): PassageHit[] {
    if (terms.length === 0) return [];
    const passages = this.corpus.passages;
    const factors = this.reportFactors(terms, filter);
    const reportOf = this.reportIndexOfPassage;
    const results: SearchResult[] = this.passageSearch.search(
      { queries: terms, combineWith: "OR" },
      // One factor per report: 0 leaves the passage out before MiniSearch scores it (the filters
      // are all per report), above 1 boosts passages of reports whose title matches.
      factors ? { boostDocument: (id) => factors[reportOf[id as number] as number] as number } : {},
    );
    const hits: PassageHit[] = [];
    for (const result of results) {
      const passage = passages[result.id as number];
      if (passage)
        hits.push({ passage, score: result.score, queryTerms: result.queryTerms, documentTerms: result.terms });
    }
    return hits;
  }

  private reportFactors(terms: string[], filter: PassageFilter): Float64Array | null {
    const reports = this.corpus.reports;
    const factors = new Float64Array(reports.length).fill(1);
    let any = false;
    const matches = this.titleSearch.search({ queries: terms, combineWith: "OR" });
    const best = matches[0]?.score ?? 0;
    for (const match of matches) {
      // Up to 1.5× for the best-matching title: a title must not outweigh the passage itself.
      factors[match.id as number] = 1 + 0.5 * (match.score / best);
      any = true;
    }
    const { since, until, reportIds } = filter;
    if (since || until || reportIds) {
      any = true;
      reports.forEach((report, i) => {
        const outside =
          (reportIds && !reportIds.has(report.id)) ||
          ((since || until) && (!report.date || (since && report.date < since) || (until && report.date > until)));
        if (outside) factors[i] = 0;
      });
    }
    return any ? factors : null;
  }

  /**
   * Corpus terms one edit away from a term the corpus lacks: a letter missing, extra, wrong or two
   * letters swapped ("sipll" → "spill", "mosq" → "mosqu"), else one with two letters more at either
   * end. Symmetric-delete lookup (as SymSpell
   * does) answers in microseconds where MiniSearch's fuzzy search walks the whole vocabulary.
   * Most frequent first.
   */
  corrections(term: string, max = 2): string[] {
    if (term.length < 4 || /^\d/.test(term)) return [];
    const found = new Set(this.spellingNeighbours(term));
    // No word one edit away: a word with a short prefix or suffix more ("captur" → "recaptur").
    if (found.size === 0 && term.length >= 5) {
      for (const candidate of this.documentFrequency.keys()) {
        const extra = candidate.length - term.length;
        if (extra > 0 && extra <= 2 && (candidate.startsWith(term) || candidate.endsWith(term))) found.add(candidate);
      }
    }
    const byFrequency = (a: string, b: string) =>
      (this.documentFrequency.get(b) ?? 0) - (this.documentFrequency.get(a) ?? 0);
    return [...found].sort(byFrequency).slice(0, max);
  }

  /** Corpus terms one edit from `term` (a letter missing, extra or wrong, two swapped), by symmetric deletes. */
  spellingNeighbours(term: string): string[] {
    const variants = this.deleteVariants();
    const found = new Set<string>();
    for (const key of [term, ...deletions(term)]) {
      for (const candidate of variants.get(key) ?? []) {
        if (candidate !== term && Math.abs(candidate.length - term.length) <= 1) found.add(candidate);
      }
    }
    return [...found];
  }

  /** Passages (at most `max`) that hold a term, best first: a sample of where a word is used. */
  passagesWith(term: string, max: number): Passage[] {
    return this.search([term])
      .slice(0, max)
      .map((h) => h.passage);
  }

  private deleteMap: Map<string, string[]> | null = null;

  /**
   * Builds what questions would otherwise wait for on first use: the spelling index (a quarter
   * second on a large corpus), the posting maps a snapshot load defers, and WordNet's index. Long-running front ends
   * call it once they are up; the CLI never needs to.
   */
  warmUp(): void {
    this.deleteVariants();
    buildDeferredPostings(this.passageSearch);
    this.analyzer.warmUp();
  }

  private deleteVariants(): Map<string, string[]> {
    if (this.deleteMap) return this.deleteMap;
    const map = new Map<string, string[]>();
    const add = (key: string, term: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [term]);
      else if (list[list.length - 1] !== term) list.push(term);
    };
    for (const term of this.documentFrequency.keys()) {
      if (term.length < 3 || /^\d/.test(term) || term.startsWith("alias")) continue;
      add(term, term);
      for (const variant of deletions(term)) add(variant, term);
    }
    this.deleteMap = map;
    return map;
  }
}
