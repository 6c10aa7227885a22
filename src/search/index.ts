// src/search: the analyzer, the passage index (MiniSearch), relevance, and quoted answers.
import { textSlice } from "../corpus/saved-texts.js";
import type { Corpus, Passage, Report } from "../corpus/types.js";
import { drain, fillSteps, NEVER_GIVE_WAY, runSliced, type Slicer } from "../time-slice.js";
import { withDefaultAliases } from "./aliases.js";
import { Analyzer, isAliasTerm } from "./analyzer.js";
import {
  bm25Idf,
  type CompactIndex,
  fromCompact,
  type PackedIndex,
  PackedIndexBuilder,
  PassageMiniSearch,
  toCompact,
} from "./compact-snapshot.js";
import { type DeltaDocument, INDEXED_FIELD, type IndexedDoc, IndexLayers, miniSearchOptions } from "./layers.js";
import { RecentlyUsed } from "./recently-used.js";

/**
 * The passage index: packed postings of sentence passages in layers (layers.ts: a base, its
 * removed passages, and the passages added since), plus a small index of report titles used to
 * boost passages of reports whose title matches. Text is analysed once, by our Analyzer.
 */

/** Bumped whenever the index layout or analysis changes, so older snapshots are rebuilt. */
export const INDEX_FORMAT_VERSION = 116;
/** A name typed short leaves out at least this many letters (`termsBegunBy`): fewer is a word's ending. */
const MIN_NAME_COMPLETION = 3;

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
  titles: CompactIndex;
}

/** Passage texts kept per index (a few megabytes): as many as the reranker keeps passages' words. */
const PASSAGE_TEXTS_KEPT = 20_000;
/** Prefixes of one or two letters that make a word of another ("re-take", "un-safe", "de-rail", "co-author"). */
const WORD_MAKING_PREFIX = /^(?:re|un|de|co|in|im|il|ir|ex|a)$/;

/** A term in more than this share of passages is too common to look up on its own. */
const COMMON_TERM_SHARE = 0.015;

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

/**
 * Per passage id, its position in path order (-1 for an id no passage holds), a step per few
 * hundred reports: a reload keeps passage ids (see Passage.id), so they may be in another order.
 */
function* pathOrderSteps(corpus: Corpus): Generator<void, Int32Array> {
  const positions = yield* fillSteps(new Int32Array(corpus.passages.length), -1);
  let position = 0;
  for (let i = 0; i < corpus.reports.length; i++) {
    const { firstId, length } = (corpus.reports[i] as Report).passages;
    for (let id = firstId; id < firstId + length; id++) positions[id] = position++;
    if (i % 256 === 255) yield;
  }
  return positions;
}

/** Per passage id (a fresh index's document ids), the index of its report in `corpus.reports`. */
function reportIndexes(corpus: Corpus): Uint32Array {
  // From each report's own passages: no look-up by report id per passage (a million at 1M passages).
  const indexes = new Uint32Array(corpus.passages.length);
  // By index: this runs once per start over every passage, before anything is optimised.
  for (let i = 0; i < corpus.reports.length; i++) {
    const { firstId, length } = (corpus.reports[i] as Report).passages;
    indexes.fill(i, firstId, firstId + length);
  }
  return indexes;
}

interface TitleIndex {
  search: PassageMiniSearch<IndexedDoc>;
  packed: PackedIndex;
  /** Each report's title terms, by report id, when the index was built from the titles (not a snapshot). */
  terms?: ReadonlyMap<string, readonly string[]>;
}

function titleIndexOf(packed: PackedIndex): TitleIndex {
  return { search: PassageMiniSearch.fromPacked<IndexedDoc>(packed, miniSearchOptions()), packed };
}

/**
 * The small index of report titles, by report position, packed like the passages'. A reload passes
 * the terms of the titles it kept (`keptTerms`, by report id), so only new and re-parsed reports'
 * titles are analysed again (analysing 20k titles at every reload cost a quarter second of CPU).
 */
function* titleIndexSteps(
  corpus: Corpus,
  analyzer: Analyzer,
  keptTerms: (report: Report) => readonly string[] | undefined = () => undefined,
): Generator<void, TitleIndex> {
  const titles = new PackedIndexBuilder(INDEXED_FIELD);
  const terms = new Map<string, readonly string[]>();
  for (const [id, report] of corpus.reports.entries()) {
    const reportTerms = keptTerms(report) ?? analyzer.tokenize(report.title);
    terms.set(report.id, reportTerms);
    titles.add(id, reportTerms);
    if (id % 64 === 63) yield;
  }
  return { ...titleIndexOf(titles.finish()), terms };
}

function hasVariants(term: string): boolean {
  return term.length >= 3 && !/^\d/.test(term) && !isAliasTerm(term);
}

/**
 * What looking `term` up in the spelling map of `vocabulary` (addVariants over it, in order) finds,
 * without the map: each term filed under a key `term` is looked up by (itself or one of its
 * deletions equal to `term` or one of its deletions), one letter longer or shorter at most, ordered
 * as the map's lists give them (by the first key that finds it, then in vocabulary order). A
 * shared deletion keeps a first and a last letter of each word among its first two and last two,
 * which rules out most of the vocabulary before any deletion is made.
 */
export function neighboursByScan(vocabulary: readonly string[], term: string): string[] {
  const keys = new Map<string, number>();
  [term, ...deletions(term)].forEach((key, i) => {
    if (!keys.has(key)) keys.set(key, i);
  });
  // Letters read one by one, not as arrays: this runs over the whole vocabulary for each word of the
  // first questions after a start, and an array per candidate was most of its time and garbage.
  const first = term.charCodeAt(0);
  const second = term.charCodeAt(1);
  const last = term.charCodeAt(term.length - 1);
  const beforeLast = term.charCodeAt(term.length - 2);
  const found: { candidate: string; key: number; at: number }[] = [];
  for (let at = 0; at < vocabulary.length; at++) {
    const candidate = vocabulary[at] as string;
    const n = candidate.length;
    if (candidate === term || Math.abs(n - term.length) > 1) continue;
    const c0 = candidate.charCodeAt(0);
    const c1 = candidate.charCodeAt(1);
    if (c0 !== first && c0 !== second && c1 !== first && c1 !== second) continue;
    const cLast = candidate.charCodeAt(n - 1);
    const cBeforeLast = candidate.charCodeAt(n - 2);
    if (cLast !== last && cLast !== beforeLast && cBeforeLast !== last && cBeforeLast !== beforeLast) continue;
    if (!hasVariants(candidate)) continue;
    let key = keys.get(candidate) ?? Number.POSITIVE_INFINITY;
    for (const deletion of deletions(candidate)) key = Math.min(key, keys.get(deletion) ?? Number.POSITIVE_INFINITY);
    if (key !== Number.POSITIVE_INFINITY) found.push({ candidate, key, at });
  }
  return found.sort((a, b) => a.key - b.key || a.at - b.at).map((f) => f.candidate);
}

/**
 * The spelling map: each corpus term filed under itself and each of its one-letter deletions. A key
 * most often leads to one term, kept as the term itself; a list only where several share the key.
 * A list per key made 217k one-term arrays at the Timeline17 size: 15 of the 78 MB heap a
 * warmed-up index held, all of it marked again by every full collection. Keys are filed by a hash
 * (`spellingKey`), not as strings: the deletions were most of the strings on the heap of a
 * warmed-up index (hundreds of thousands at a million passages), and the terms a hash files
 * together by chance are told apart when read (`filedUnder`).
 */
type SpellingMap = Map<number, string | string[]>;

/** A key's number in the spelling map: FNV-1a cut to 30 bits, so V8 keeps it as a small integer, not a heap number. */
function spellingKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

/** Whether `term` is filed under `key`: it is the key, or the key is one of its one-letter deletions. */
function isFiledAs(term: string, key: string): boolean {
  if (term === key) return true;
  if (term.length !== key.length + 1) return false;
  let i = 0;
  while (i < key.length && term.charCodeAt(i) === key.charCodeAt(i)) i++;
  for (; i < key.length; i++) if (term.charCodeAt(i + 1) !== key.charCodeAt(i)) return false;
  return true;
}

/** The terms filed under `key`'s hash, those filed under another key with the same hash included. */
function filedUnderHash(map: SpellingMap, hash: number): readonly string[] {
  const terms = map.get(hash);
  return terms === undefined ? [] : typeof terms === "string" ? [terms] : terms;
}

/** The terms filed under `key` (none, one or several), in the order they were filed. */
function filedUnder(map: SpellingMap, key: string): readonly string[] {
  return filedUnderHash(map, spellingKey(key)).filter((term) => isFiledAs(term, key));
}

/** Files `term` under itself and each of its one-letter deletions, for spelling corrections. */
function addVariants(map: SpellingMap, term: string): void {
  if (!hasVariants(term)) return;
  for (const key of [term, ...deletions(term)]) {
    const hash = spellingKey(key);
    const terms = map.get(hash);
    if (terms === undefined) map.set(hash, term);
    else if (typeof terms === "string") {
      if (terms !== term) map.set(hash, [terms, term]);
    } else if (terms[terms.length - 1] !== term) terms.push(term);
  }
}

function removeVariants(map: SpellingMap, term: string): void {
  if (!hasVariants(term)) return;
  for (const hash of new Set([term, ...deletions(term)].map(spellingKey))) {
    const left = filedUnderHash(map, hash).filter((t) => t !== term);
    if (left.length === 0) map.delete(hash);
    else map.set(hash, left.length === 1 ? (left[0] as string) : left);
  }
}

/** What the index looks up per report: made in steps on a reload, where 20k reports in one step held the event loop. */
interface ReportLookups {
  reportsById: Map<string, Report>;
  /** The newest publication date in the corpus. */
  latestDate: string | null;
}

function* reportLookupSteps(corpus: Corpus): Generator<void, ReportLookups> {
  const reportsById = new Map<string, Report>();
  let latestDate: string | null = null;
  for (const [i, report] of corpus.reports.entries()) {
    reportsById.set(report.id, report);
    if (report.date && (!latestDate || report.date > latestDate)) latestDate = report.date;
    if (i % 1024 === 1023) yield;
  }
  return { reportsById, latestDate };
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
  /**
   * Per document id, the position of its report in `corpus.reports` (the group of its per-report
   * factor); a removed document takes its live neighbour's (its tombstone leaves it out).
   */
  private readonly reportIndexOfDocument: Uint32Array;
  /** Whether questions also match other spellings of a name found in the corpus (name-variants.ts); opt out here. */
  findNameVariants = true;
  /**
   * Whether questions also match WordNet synonyms of their words, at reduced credit (relevance.ts).
   * Off: on our question set it won one tuning question and lost one held-out one, and costs time
   * (bench/qa/ABLATION.md); kept to measure again on other question sets.
   */
  findSynonyms = false;

  private constructor(
    readonly corpus: Corpus,
    private readonly layers: IndexLayers,
    private readonly titles: TitleIndex,
    analyzer: Analyzer,
    reportIndexOfDocument: Uint32Array | null = null,
    lookups: ReportLookups = drain(reportLookupSteps(corpus)),
  ) {
    this.analyzer = analyzer;
    this.reportsById = lookups.reportsById;
    this.reportIndexOfDocument = reportIndexOfDocument ?? reportIndexes(corpus);
    this.latestDate = lookups.latestDate;
  }

  /**
   * Whether a question's lookup prunes (exact top-k by MaxScore, compact-snapshot.ts): the same
   * answers either way. Off only to compare the two in one run (`npm run bench:pruning`).
   */
  set pruneLookups(on: boolean) {
    this.layers.prune = on;
  }

  /** Passages in the packed base, removed from it since, and added since (folded into a new base when many). */
  get layerSizes(): IndexLayers["sizes"] {
    return this.layers.sizes;
  }

  report(id: string): Report | undefined {
    return this.reportsById.get(id);
  }

  /**
   * `report.text.slice(start, end)`, reading only that piece of a report's text kept in the
   * snapshot (saved-texts.ts): questions read passages, never whole reports.
   */
  textOf(report: Report, start: number, end: number): string {
    return textSlice(report, start, end);
  }

  /** The texts of the passages read most lately (see `passageText`). */
  private readonly passageTexts = new RecentlyUsed<number, string>(PASSAGE_TEXTS_KEPT);

  /**
   * A passage's text (see `textOf`); empty for a passage of no report of this corpus. The latest
   * few thousand are kept: a question reads each of its candidates' texts two or three times
   * (reranking, the question type, dates, excerpts), and questions on one story meet the same
   * passages again, each read a file read while the text is in the snapshot.
   */
  passageText(passage: Passage): string {
    // Kept by id: this corpus's passage of that id (another corpus's passage is read, not kept).
    const own = this.corpus.passages.holds(passage);
    const known = own ? this.passageTexts.get(passage.id) : undefined;
    if (known !== undefined) return known;
    const report = this.reportsById.get(passage.reportId);
    const text = report ? textSlice(report, passage.start, passage.end) : "";
    if (own) this.passageTexts.set(passage.id, text);
    return text;
  }

  /** Whether a term is in so many passages that looking it up costs more than it tells. */
  isCommon(term: string): boolean {
    const df = this.layers.documentFrequency(term);
    return df > Math.max(50, this.layers.documentCount * COMMON_TERM_SHARE);
  }

  /** Whether a passage holds an (analysed) term, read from the index's own postings. */
  passageHas(passage: Passage, term: string): boolean {
    return this.passageIdHas(passage.id, term);
  }

  /** Whether passage `id` holds an (analysed) term: `passageHas` without making the passage. */
  passageIdHas(id: number, term: string): boolean {
    return this.layers.holds(this.layers.documentOf(id), term);
  }

  /** How often a passage holds an (analysed) term, read from the index's own postings. */
  termFrequency(passage: Passage, term: string): number {
    return this.layers.termFrequency(this.layers.documentOf(passage.id), term);
  }

  static build(corpus: Corpus): PassageIndex {
    const analyzer = new Analyzer(withDefaultAliases(corpus.aliases));
    const reportsById = new Map(corpus.reports.map((r) => [r.id, r]));
    // Postings straight into typed arrays: MiniSearch's addAll would build a Map per term and an
    // entry per posting, which was most of the build time and of the garbage.
    const builder = new PackedIndexBuilder(INDEXED_FIELD);
    for (const passage of corpus.passages) {
      const report = reportsById.get(passage.reportId);
      if (!report) continue;
      builder.add(passage.id, analyzer.tokenize(report.text.slice(passage.start, passage.end)));
    }
    const built = builder.finish();
    // The exact mean, as a reload leaves it (the builder's running mean, MiniSearch's, depends on
    // the order), taken from the packed lengths rather than through MiniSearch's per-document table.
    const total = built.fieldLength.reduce((sum, length) => sum + length, 0);
    const packed = { ...built, averageFieldLength: total / Math.max(1, built.fieldLength.length) };
    const layers = IndexLayers.ofBase(packed);
    if (!layers) throw new Error("Sitrep: the corpus's passages are not numbered 0 … n-1 in order");
    return new PassageIndex(corpus, layers, drain(titleIndexSteps(corpus, analyzer)), analyzer);
  }

  /** The index's saved form (scalars and typed arrays), for the snapshot file. */
  toSnapshot(): IndexSnapshot {
    return drain(this.snapshotSteps());
  }

  /**
   * The same, yielding every few thousand terms or postings (after a reload, the layers are merged
   * into one packed index, documents named by their passage's position in path order, as a fresh
   * build of the same files packs them and as a restore numbers the passages).
   */
  *snapshotSteps(): Generator<void, IndexSnapshot> {
    const passages = toCompact(yield* this.layers.packedSteps(() => pathOrderSteps(this.corpus)));
    return { version: INDEX_FORMAT_VERSION, passages, titles: toCompact(this.titles.packed) };
  }

  /**
   * The index from a snapshot made over this same corpus; null when the snapshot's format is stale
   * or its documents are not the passages in order (older snapshots saved after a reload).
   */
  static fromSnapshot(corpus: Corpus, snapshot: IndexSnapshot): PassageIndex | null {
    if (snapshot.version !== INDEX_FORMAT_VERSION) return null;
    const layers = IndexLayers.ofBase(fromCompact(snapshot.passages));
    if (!layers) return null;
    const titles = titleIndexOf(fromCompact(snapshot.titles));
    return new PassageIndex(corpus, layers, titles, new Analyzer(withDefaultAliases(corpus.aliases)));
  }

  /** Inverse document frequency of a processed term; unseen terms get the highest value. */
  idf(term: string): number {
    return bm25Idf(this.layers.documentCount, this.layers.documentFrequency(term));
  }

  /**
   * Two passages in path order (report, then ordinal), for ties: passage ids are in that order only
   * until a reload adds a report (passage ids are stable, see Passage.id).
   */
  comparePassages(a: Passage, b: Passage): number {
    const reportOf = (passage: Passage) => this.reportIndexOfDocument[this.layers.documentOf(passage.id)] as number;
    return a.reportId === b.reportId ? a.ordinal - b.ordinal : reportOf(a) - reportOf(b);
  }

  /** How many passages hold a term. */
  passageCount(term: string): number {
    return this.layers.documentFrequency(term);
  }

  has(term: string): boolean {
    return this.layers.documentFrequency(term) > 0;
  }

  /**
   * Scores passages for already-processed `terms`, each matched as written (MiniSearch's BM25,
   * OR-combined), and returns the best `limit`, best first. Exact: pruning skips only passages whose
   * score bound is below the `limit`-th score, and only the best `limit` become objects.
   */
  search(terms: string[], filter: PassageFilter = {}, limit = Number.POSITIVE_INFINITY): PassageHit[] {
    if (terms.length === 0) return [];
    const passages = this.corpus.passages;
    const factors = this.reportFactors(terms, filter);
    const matches = this.layers.topMatches(
      terms,
      // One factor per report: 0 leaves the passage out before it is scored (the filters are all
      // per report), above 1 boosts passages of reports whose title matches.
      factors ? { factors, groupOf: this.reportIndexOfDocument } : null,
      limit,
      this.reportIndexOfDocument,
    );
    const hits: PassageHit[] = [];
    for (const match of matches) {
      const passage = passages.at(this.layers.passageIdOf(match.id));
      if (passage) hits.push({ passage, score: match.score, queryTerms: match.terms, documentTerms: [...match.terms] });
    }
    return hits;
  }

  private reportFactors(terms: string[], filter: PassageFilter): Float64Array | null {
    const reports = this.corpus.reports;
    const factors = new Float64Array(reports.length).fill(1);
    let any = false;
    const titles = this.titles.search.scoresOf(terms);
    let best = 0;
    for (const score of titles.scores) if (score > best) best = score;
    titles.ids.forEach((id, i) => {
      // Up to 1.5× for the best-matching title: a title must not outweigh the passage itself.
      factors[id] = 1 + 0.5 * ((titles.scores[i] as number) / best);
      any = true;
    });
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
    // No word one edit away: a word with a short prefix or suffix more ("evacu" → "evacuat"), but
    // not a prefix that makes another word of it: "capture" is not "recapture", nor "safe" "unsafe".
    if (found.size === 0 && term.length >= 5) {
      for (const candidate of this.termsAround(term)) {
        const extra = candidate.length - term.length;
        if (extra > 2) continue;
        if (candidate.startsWith(term)) found.add(candidate);
        else if (!WORD_MAKING_PREFIX.test(candidate.slice(0, extra))) found.add(candidate);
      }
    }
    return this.commonestFirst([...found]).slice(0, max);
  }

  /**
   * Corpus terms three letters or more longer that begin with `term` ("glaxo": "glaxosmithklin"),
   * commonest first: a name typed short. A scan of the vocabulary, made only for a name the corpus lacks.
   */
  termsBegunBy(term: string): string[] {
    return this.commonestFirst(
      this.termsAround(term).filter((t) => t.length >= term.length + MIN_NAME_COMPLETION && t.startsWith(term)),
    );
  }

  /** The last vocabulary scan (`termsAround`): a name the corpus lacks asks `corrections`, then `termsBegunBy`. */
  private lastScan: { term: string; around: readonly string[] } | null = null;

  /**
   * Corpus terms longer than `term` that begin or end with it, in vocabulary order: one scan of
   * the whole vocabulary (about a millisecond at Timeline17's size), kept for the next call.
   */
  private termsAround(term: string): readonly string[] {
    if (this.lastScan?.term === term) return this.lastScan.around;
    const around: string[] = [];
    for (const candidate of this.layers.terms())
      if (candidate.length > term.length && (candidate.startsWith(term) || candidate.endsWith(term)))
        around.push(candidate);
    this.lastScan = { term, around };
    return around;
  }

  /**
   * Terms in the order a correction is likeliest: in more passages first, ties alphabetically, so
   * the same corrections come whatever order the vocabulary was built in. Sorts `terms` in place.
   */
  commonestFirst(terms: string[]): string[] {
    const df = (term: string) => this.layers.documentFrequency(term);
    return terms.sort((a, b) => df(b) - df(a) || (a < b ? -1 : a > b ? 1 : 0));
  }

  /**
   * Corpus terms one edit from `term` (a letter missing, extra or wrong, two swapped), by symmetric
   * deletes: looked up in the spelling map once warmUp has built it, else found by a scan of the
   * vocabulary (a few milliseconds), so the first questions after a start never wait for the map
   * (a second at Timeline17's size, several at a million passages). Both give the same terms in the
   * same order (neighboursByScan).
   */
  spellingNeighbours(term: string): string[] {
    const variants = this.deleteMap;
    if (!variants) return neighboursByScan(this.currentPartialDeleteMap().terms, term);
    const found = new Set<string>();
    for (const key of [term, ...deletions(term)]) {
      for (const candidate of filedUnder(variants, key)) {
        if (candidate !== term && Math.abs(candidate.length - term.length) <= 1) found.add(candidate);
      }
    }
    return [...found];
  }

  /** Passages (at most `max`) that hold a term, best first: a sample of where a word is used. */
  passagesWith(term: string, max: number): Passage[] {
    return this.search([term], {}, max).map((h) => h.passage);
  }

  private deleteMap: SpellingMap | null = null;
  /** The spelling map as far as warmUp has built it. */
  private partialDeleteMap: { map: SpellingMap; terms: string[]; done: number } | null = null;
  /** Set once a reload has made this index's successor, which warms up on its own. */
  private superseded = false;

  /**
   * Builds what questions would otherwise wait for on first use: the spelling index (a second at
   * Timeline17's size, seconds at a million passages), a few hundred terms at a time, giving way
   * through `slicer`; questions meanwhile find neighbours by a scan of the vocabulary
   * (spellingNeighbours). Then WordNet's index (a tenth of a second, in steps of 40 ms at most:
   * reading and decoding the noun index is the longest), which synonyms and the spelling of words
   * as written (spelling.ts) read, so the first question with a typo does not load it.
   * Long-running front ends call it once they are up; the CLI never needs to. (Postings need no
   * warm-up: questions read them packed.)
   */
  async warmUp(slicer: Slicer = NEVER_GIVE_WAY): Promise<void> {
    while (!this.deleteMap && !this.superseded) {
      const partial = this.currentPartialDeleteMap();
      const stop = Math.min(partial.terms.length, partial.done + 256);
      for (; partial.done < stop; partial.done++) addVariants(partial.map, partial.terms[partial.done] as string);
      if (partial.done === partial.terms.length) this.finishDeleteMap(partial);
      else if (slicer.due()) await slicer.giveWay();
    }
    await this.analyzer.warmUp(slicer);
  }

  private currentPartialDeleteMap(): NonNullable<PassageIndex["partialDeleteMap"]> {
    this.partialDeleteMap ??= { map: new Map(), terms: this.layers.termList(), done: 0 };
    return this.partialDeleteMap;
  }

  private finishDeleteMap(partial: NonNullable<PassageIndex["partialDeleteMap"]>): SpellingMap {
    for (; partial.done < partial.terms.length; partial.done++) {
      addVariants(partial.map, partial.terms[partial.done] as string);
    }
    this.deleteMap = partial.map;
    this.partialDeleteMap = null;
    return partial.map;
  }

  /** The title terms `prepareReload` made for an index whose titles came from a snapshot. */
  private preparedTitleTerms: ReadonlyMap<string, readonly string[]> | null = null;

  /**
   * Gets ready for a first reload, in slices (the watcher's first pass over an unchanged folder): an
   * index restored from a snapshot keeps no title terms, so that reload would analyse all 20k titles
   * on its way to serving instead of only the new ones.
   */
  async prepareReload(slicer: Slicer): Promise<void> {
    if (this.titles.terms || this.preparedTitleTerms) return;
    const terms = new Map<string, readonly string[]>();
    for (const report of this.corpus.reports) {
      terms.set(report.id, this.analyzer.tokenize(report.title));
      if (slicer.due()) await slicer.giveWay();
    }
    this.preparedTitleTerms = terms;
  }

  /**
   * This index changed to serve `next`, made from this one's corpus by `updateCorpus`, at the cost of
   * what changed: the passages of reports it did not rebuild keep their documents; removed and
   * rebuilt reports' passages in the base become tombstones, and new ones go to the delta
   * (layers.ts). Tokenising and packing run in slices; this index is left as it was and keeps
   * serving until the swap. The spelling map, when built, is shared and brought up to date in one
   * last synchronous step (the terms that appeared or vanished, a few per report).
   */
  async updated(next: Corpus, rebuilt: ReadonlySet<string>, slicer: Slicer): Promise<PassageIndex> {
    const { layers } = this;
    const baseDocumentOf = await runSliced(fillSteps(new Int32Array(next.passages.length), -1), slicer);
    const delta: DeltaDocument[] = [];
    const termsOf = (report: Report, passage: Passage) =>
      this.analyzer.tokenize(report.text.slice(passage.start, passage.end));
    const kept = new Set<string>();
    for (const report of next.reports) {
      const old = rebuilt.has(report.id) ? undefined : this.reportsById.get(report.id);
      if (old) kept.add(report.id);
      const { passages } = report;
      for (let i = 0; i < passages.length; i++) {
        const id = passages.firstId + i;
        const document = old && i < old.passages.length ? layers.documentOf(old.passages.firstId + i) : -1;
        if (document >= 0 && document < layers.baseCount) baseDocumentOf[id] = document;
        else
          delta.push({
            passageId: id,
            terms: (document >= 0 ? layers.deltaTerms(document) : null) ?? termsOf(report, passages.at(i) as Passage),
          });
      }
      if (slicer.due()) await slicer.giveWay();
    }
    const removedBase: { document: number; terms: string[] }[] = [];
    for (const report of this.corpus.reports) {
      if (kept.has(report.id)) continue;
      for (const passage of report.passages) {
        const document = layers.documentOf(passage.id);
        if (document >= 0 && document < layers.baseCount)
          removedBase.push({ document, terms: termsOf(report, passage) });
      }
      if (slicer.due()) await slicer.giveWay();
    }
    const pathOrder = () => pathOrderSteps(next);
    const change = { passageCount: next.passages.length, pathOrder, baseDocumentOf, removedBase, delta };
    const { layers: nextLayers, terms } = await layers.changed(change, slicer);
    const reportIndexOfDocument = await this.reportIndexesIn(next, nextLayers, slicer);
    // Titles are one per report: packed afresh.
    const keptTitles = this.titles.terms ?? this.preparedTitleTerms;
    const keptTerms = (report: Report) => (kept.has(report.id) ? keptTitles?.get(report.id) : undefined);
    const titles = await runSliced(titleIndexSteps(next, this.analyzer, keptTerms), slicer);
    const lookups = await runSliced(reportLookupSteps(next), slicer);
    const index = new PassageIndex(next, nextLayers, titles, this.analyzer, reportIndexOfDocument, lookups);
    if (this.deleteMap) {
      for (const term of terms.vanished) removeVariants(this.deleteMap, term);
      for (const term of terms.appeared) addVariants(this.deleteMap, term);
      index.deleteMap = this.deleteMap;
    }
    this.superseded = true;
    this.partialDeleteMap = null;
    return index;
  }

  /**
   * Per document of `layers`, the position of its passage's report in `next.reports`. A removed
   * base document takes the group of the live one before it, so the groups still rise with the
   * short id (BlockFactors prunes whole blocks then); it is left out by its tombstone anyway.
   */
  private async reportIndexesIn(next: Corpus, layers: IndexLayers, slicer: Slicer): Promise<Uint32Array> {
    const groups = await runSliced(fillSteps(new Uint32Array(layers.documentSlots), next.reports.length), slicer);
    for (const [i, report] of next.reports.entries()) {
      for (const passage of report.passages) {
        const document = layers.documentOf(passage.id);
        if (document >= 0) groups[document] = i;
      }
      if (slicer.due()) await slicer.giveWay();
    }
    let group = 0;
    for (let document = 0; document < layers.baseCount; document++) {
      if (layers.passageIdOf(document) < 0) groups[document] = group;
      else group = groups[document] as number;
      if (document % 65_536 === 65_535 && slicer.due()) await slicer.giveWay();
    }
    return groups;
  }
}
