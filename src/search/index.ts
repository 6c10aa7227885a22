// src/search: the analyzer, the passage index (MiniSearch), relevance, and quoted answers.
import type { Options } from "minisearch";
import type { Corpus, Passage, Report } from "../corpus/types.js";
import { drain, NEVER_GIVE_WAY, runSliced, type Slicer } from "../time-slice.js";
import { withDefaultAliases } from "./aliases.js";
import { Analyzer } from "./analyzer.js";
import {
  bm25Idf,
  type CompactIndex,
  type PackedIndex,
  fromCompact,
  PackedIndexBuilder,
  packedDocumentFrequency,
  PassageMiniSearch,
  toCompact,
} from "./compact-snapshot.js";

/**
 * The passage index: MiniSearch over sentence passages, plus a small index of report titles used
 * to boost passages of reports whose title matches. Text is analysed once, by our Analyzer, and
 * handed to MiniSearch as ready-made terms.
 */

/** Bumped whenever the index layout or analysis changes, so older snapshots are rebuilt. */
export const INDEX_FORMAT_VERSION = 8;

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

type IndexedDoc = { id: number; terms: string };
const INDEXED_FIELD = "terms";

function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: [INDEXED_FIELD],
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

/**
 * Which MiniSearch document holds which passage, once a reload has changed the index in place:
 * documents keep their ids while the passages around them are renumbered. Null: the identity.
 */
interface DocumentKeys {
  /** Per passage id, its document id. */
  ofPassage: Int32Array;
  /** Per document id, its passage id; -1 for a document that is not one of this corpus's passages. */
  passageOf: Int32Array;
}

/** Per passage id (a fresh index's document ids), the index of its report in `corpus.reports`. */
function reportIndexes(corpus: Corpus): Uint32Array {
  // From each report's own passages: no look-up by report id per passage (a million at 1M passages).
  const indexes = new Uint32Array(corpus.passages.length);
  corpus.reports.forEach((report, i) => {
    for (const passage of report.passages) indexes[passage.id] = i;
  });
  return indexes;
}

/** The small index of report titles, by report position, packed like the passages'. */
function titleIndex(corpus: Corpus, analyzer: Analyzer): PassageMiniSearch<IndexedDoc> {
  const titles = new PackedIndexBuilder(INDEXED_FIELD);
  corpus.reports.forEach((report, id) => titles.add(id, analyzer.tokenize(report.title)));
  return PassageMiniSearch.fromPacked<IndexedDoc>(titles.finish(), miniSearchOptions());
}

function hasVariants(term: string): boolean {
  return term.length >= 3 && !/^\d/.test(term) && !term.startsWith("alias");
}

/** Files `term` under itself and each of its one-letter deletions, for spelling corrections. */
function addVariants(map: Map<string, string[]>, term: string): void {
  if (!hasVariants(term)) return;
  for (const key of [term, ...deletions(term)]) {
    const list = map.get(key);
    if (!list) map.set(key, [term]);
    else if (list[list.length - 1] !== term) list.push(term);
  }
}

function removeVariants(map: Map<string, string[]>, term: string): void {
  if (!hasVariants(term)) return;
  for (const key of new Set([term, ...deletions(term)])) {
    const list = map.get(key)?.filter((t) => t !== term);
    if (!list || list.length === 0) map.delete(key);
    else map.set(key, list);
  }
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
   * factor); `reports.length`, which has no factor, for a document that is no passage of this corpus.
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
    private readonly passageSearch: PassageMiniSearch<IndexedDoc>,
    private readonly titleSearch: PassageMiniSearch<IndexedDoc>,
    private readonly documentFrequency: Map<string, number>,
    analyzer: Analyzer,
    private readonly documentKeys: DocumentKeys | null = null,
    reportIndexOfDocument: Uint32Array | null = null,
  ) {
    this.analyzer = analyzer;
    this.reportsById = new Map(corpus.reports.map((r) => [r.id, r]));
    this.reportIndexOfDocument = reportIndexOfDocument ?? reportIndexes(corpus);
    this.latestDate = corpus.reports.reduce<string | null>(
      (max, r) => (r.date && (!max || r.date > max) ? r.date : max),
      null,
    );
  }

  /**
   * Whether a question's lookup prunes (exact top-k by MaxScore, compact-snapshot.ts): the same
   * answers either way. Off only to compare the two in one run (`npm run bench:pruning`).
   */
  set pruneLookups(on: boolean) {
    this.passageSearch.prune = on;
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
    return this.passageSearch.holds(this.documentOf(passage.id), term);
  }

  private documentOf(passageId: number): number {
    return this.documentKeys ? (this.documentKeys.ofPassage[passageId] ?? -1) : passageId;
  }

  private passageIdOf(documentId: number): number {
    return this.documentKeys ? (this.documentKeys.passageOf[documentId] ?? -1) : documentId;
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
    const passageSearch = PassageMiniSearch.fromPacked<IndexedDoc>(packed, miniSearchOptions());
    const documentFrequency = packedDocumentFrequency(packed);
    const titleSearch = titleIndex(corpus, analyzer);
    return new PassageIndex(corpus, passageSearch, titleSearch, documentFrequency, analyzer);
  }

  /** The index's saved form (scalars and typed arrays), for the snapshot file. */
  toSnapshot(): IndexSnapshot {
    return drain(this.snapshotSteps());
  }

  /** The same, yielding every few thousand terms (a million-passage index takes seconds to pack). */
  *snapshotSteps(): Generator<void, IndexSnapshot> {
    const passages = toCompact(this.packedPassages(yield* this.passageSearch.toPackedSteps()));
    return { version: INDEX_FORMAT_VERSION, passages, titles: toCompact(this.titleSearch.toPacked()) };
  }

  /** On disk, documents are always named by passage id, as a fresh build names them. */
  private packedPassages(packed: PackedIndex): PackedIndex {
    if (!this.documentKeys) return packed;
    return { ...packed, documentIds: packed.documentIds.map((id) => this.passageIdOf(id)) };
  }

  /** The index from a snapshot made over this same corpus; null when the snapshot's format is stale. */
  static fromSnapshot(corpus: Corpus, snapshot: IndexSnapshot): PassageIndex | null {
    if (snapshot.version !== INDEX_FORMAT_VERSION) return null;
    const packed = fromCompact(snapshot.passages);
    const passageSearch = PassageMiniSearch.fromPacked<IndexedDoc>(packed, miniSearchOptions());
    const titleSearch = PassageMiniSearch.fromPacked<IndexedDoc>(fromCompact(snapshot.titles), miniSearchOptions());
    return new PassageIndex(
      corpus,
      passageSearch,
      titleSearch,
      // Passages per term: the length of the term's posting list, so the snapshot need not repeat it.
      packedDocumentFrequency(packed),
      new Analyzer(withDefaultAliases(corpus.aliases)),
    );
  }

  /** Inverse document frequency of a processed term; unseen terms get the highest value. */
  idf(term: string): number {
    return bm25Idf(this.corpus.passages.length, this.documentFrequency.get(term) ?? 0);
  }

  /** How many passages hold a term. */
  passageCount(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  has(term: string): boolean {
    return this.documentFrequency.has(term);
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
    const matches = this.passageSearch.topMatches(
      terms,
      // One factor per report: 0 leaves the passage out before it is scored (the filters are all
      // per report), above 1 boosts passages of reports whose title matches.
      factors ? { factors, groupOf: this.reportIndexOfDocument } : null,
      limit,
    );
    const hits: PassageHit[] = [];
    for (const match of matches) {
      const passage = passages[this.passageIdOf(match.id)];
      if (passage) hits.push({ passage, score: match.score, queryTerms: match.terms, documentTerms: [...match.terms] });
    }
    return hits;
  }

  private reportFactors(terms: string[], filter: PassageFilter): Float64Array | null {
    const reports = this.corpus.reports;
    const factors = new Float64Array(reports.length).fill(1);
    let any = false;
    const matches = this.titleSearch.topMatches(terms, null, Number.POSITIVE_INFINITY);
    const best = matches[0]?.score ?? 0;
    for (const match of matches) {
      // Up to 1.5× for the best-matching title: a title must not outweigh the passage itself.
      factors[match.id] = 1 + 0.5 * (match.score / best);
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
    // Ties alphabetically: the same corrections whatever order the vocabulary was built in.
    const byFrequency = (a: string, b: string) =>
      (this.documentFrequency.get(b) ?? 0) - (this.documentFrequency.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
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
    return this.search([term], {}, max).map((h) => h.passage);
  }

  private deleteMap: Map<string, string[]> | null = null;
  /** The spelling map as far as warmUp has built it, and the version of the terms it was begun on. */
  private partialDeleteMap: { map: Map<string, string[]>; terms: string[]; done: number; version: number } | null =
    null;
  /** Bumped whenever the terms change (a reload), so a spelling map begun before starts over. */
  private termsVersion = 0;
  /** Set once a reload has made this index's successor, which warms up on its own. */
  private superseded = false;

  /**
   * Builds what questions would otherwise wait for on first use: the spelling index (a quarter
   * second at Timeline17's size, seconds at a million passages), a few hundred terms at a time,
   * giving way through `slicer`; a question that needs it meanwhile finishes it at once. WordNet's
   * index is loaded only when synonyms are on (they are off by default), since no question reads
   * it otherwise. Long-running front ends call it once they are up; the CLI never needs to.
   * (Postings need no warm-up: questions read them packed.)
   */
  async warmUp(slicer: Slicer = NEVER_GIVE_WAY): Promise<void> {
    while (!this.deleteMap && !this.superseded) {
      const partial = this.currentPartialDeleteMap();
      const stop = Math.min(partial.terms.length, partial.done + 256);
      for (; partial.done < stop; partial.done++) addVariants(partial.map, partial.terms[partial.done] as string);
      if (partial.done === partial.terms.length) this.finishDeleteMap(partial);
      else if (slicer.due()) await slicer.giveWay();
    }
    if (this.findSynonyms) this.analyzer.warmUp();
  }

  private currentPartialDeleteMap(): NonNullable<PassageIndex["partialDeleteMap"]> {
    if (this.partialDeleteMap?.version !== this.termsVersion) {
      const terms = [...this.documentFrequency.keys()];
      this.partialDeleteMap = { map: new Map(), terms, done: 0, version: this.termsVersion };
    }
    return this.partialDeleteMap;
  }

  private finishDeleteMap(partial: NonNullable<PassageIndex["partialDeleteMap"]>): Map<string, string[]> {
    for (; partial.done < partial.terms.length; partial.done++) {
      addVariants(partial.map, partial.terms[partial.done] as string);
    }
    this.deleteMap = partial.map;
    this.partialDeleteMap = null;
    return partial.map;
  }

  private deleteVariants(): Map<string, string[]> {
    return this.deleteMap ?? this.finishDeleteMap(this.currentPartialDeleteMap());
  }

  /**
   * This index changed to serve `next`, made from this one's corpus by `updateCorpus`: the passages
   * of reports it did not rebuild keep their documents; removed and rebuilt reports' documents are
   * removed, and new ones added, with MiniSearch's own `remove`/`add`; passage counts per term and
   * the spelling map follow. Tokenising runs in slices first; then each report's documents change
   * in one synchronous step, so a question asked between slices sees each report whole, old or new
   * (documents this index does not know map to no passage and are left out). The MiniSearch index,
   * term counts and spelling map are shared with this index, which must not be used after the swap.
   */
  async updated(next: Corpus, rebuilt: ReadonlySet<string>, slicer: Slicer): Promise<PassageIndex> {
    const previous = this.corpus;
    const previousById = new Map(previous.reports.map((r) => [r.id, r]));
    const ofPassage = new Int32Array(next.passages.length);
    let nextDocument = this.documentKeys ? this.documentKeys.passageOf.length : previous.passages.length;
    type Change = { remove: IndexedDoc[]; add: IndexedDoc[] };
    const changes = new Map<string, Change>();
    const change = (id: string): Change => {
      let entry = changes.get(id);
      if (!entry) changes.set(id, (entry = { remove: [], add: [] }));
      return entry;
    };
    const docOf = (report: Report, passage: Passage, id: number): IndexedDoc => ({
      id,
      terms: this.analyzer.tokenize(report.text.slice(passage.start, passage.end)).join(" "),
    });
    const kept = new Set<string>();
    for (const report of next.reports) {
      const old = rebuilt.has(report.id) ? undefined : previousById.get(report.id);
      if (old) {
        kept.add(report.id);
        report.passages.forEach((p, i) => {
          const oldPassage = old.passages[i];
          ofPassage[p.id] = oldPassage ? this.documentOf(oldPassage.id) : -1;
        });
        if (slicer.due()) await slicer.giveWay();
        continue;
      }
      const { add } = change(report.id);
      for (const passage of report.passages) {
        ofPassage[passage.id] = nextDocument;
        add.push(docOf(report, passage, nextDocument++));
        if (slicer.due()) await slicer.giveWay();
      }
    }
    for (const report of previous.reports) {
      if (kept.has(report.id)) continue;
      const { remove } = change(report.id);
      for (const passage of report.passages) {
        remove.push(docOf(report, passage, this.documentOf(passage.id)));
        if (slicer.due()) await slicer.giveWay();
      }
    }
    for (const { remove, add } of changes.values()) {
      for (const doc of remove) {
        this.passageSearch.remove(doc);
        this.countTerms(doc, -1);
      }
      for (const doc of add) {
        this.passageSearch.add(doc);
        this.countTerms(doc, 1);
      }
      if (slicer.due()) await slicer.giveWay();
    }
    await runSliced(this.passageSearch.recomputeAverageFieldLengthSteps(), slicer);
    const reportIndexOfDocument = new Uint32Array(nextDocument).fill(next.reports.length);
    for (const [i, report] of next.reports.entries()) {
      for (const passage of report.passages) {
        const document = ofPassage[passage.id] ?? -1;
        if (document >= 0) reportIndexOfDocument[document] = i;
      }
      if (slicer.due()) await slicer.giveWay();
    }
    const passageOf = new Int32Array(nextDocument).fill(-1);
    ofPassage.forEach((doc, passage) => {
      if (doc >= 0) passageOf[doc] = passage;
    });
    if (slicer.due()) await slicer.giveWay();
    // Titles are few (one per report): packed afresh in one step.
    const titleSearch = titleIndex(next, this.analyzer);
    const keys = { ofPassage, passageOf };
    const { passageSearch, documentFrequency, analyzer } = this;
    const index = new PassageIndex(
      next,
      passageSearch,
      titleSearch,
      documentFrequency,
      analyzer,
      keys,
      reportIndexOfDocument,
    );
    index.deleteMap = this.deleteMap;
    this.superseded = true;
    this.partialDeleteMap = null;
    return index;
  }

  /** Adds (+1) or takes away (-1) a document's terms from the passage counts and the spelling map. */
  private countTerms(doc: IndexedDoc, sign: 1 | -1): void {
    if (doc.terms === "") return;
    this.termsVersion++;
    for (const term of new Set(doc.terms.split(" "))) {
      const count = (this.documentFrequency.get(term) ?? 0) + sign;
      if (count > 0) this.documentFrequency.set(term, count);
      else this.documentFrequency.delete(term);
      if (!this.deleteMap) continue;
      if (sign === 1 && count === 1) addVariants(this.deleteMap, term);
      if (count === 0) removeVariants(this.deleteMap, term);
    }
  }
}
