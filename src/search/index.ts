import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from "minisearch";
import type { Corpus, Passage } from "../corpus/types.js";
import { Analyzer } from "./analyzer.js";

/**
 * The passage index: MiniSearch over sentence passages, plus a small index of report titles used
 * to boost passages of reports whose title matches. Text is analysed once, by our Analyzer, and
 * handed to MiniSearch as ready-made terms.
 */

/** Bumped whenever the index layout or analysis changes, so older snapshots are rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

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

interface Snapshot {
  format: "sitrep-index";
  version: number;
  corpusHash: string;
  passages: AsPlainObject;
  titles: AsPlainObject;
  documentFrequency: [string, number][];
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

export class PassageIndex {
  readonly analyzer: Analyzer;

  private constructor(
    readonly corpus: Corpus,
    private readonly passageSearch: MiniSearch<IndexedDoc>,
    private readonly titleSearch: MiniSearch<IndexedDoc>,
    private readonly documentFrequency: Map<string, number>,
    analyzer: Analyzer,
  ) {
    this.analyzer = analyzer;
  }

  static build(corpus: Corpus): PassageIndex {
    const analyzer = new Analyzer(corpus.aliases);
    const documentFrequency = new Map<string, number>();
    const passageSearch = new MiniSearch<IndexedDoc>(miniSearchOptions());
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

  /**
   * Reuses the snapshot at `snapshotPath` when it was made from this exact corpus; otherwise builds
   * the index and writes a new snapshot. A snapshot that cannot be read is rebuilt, never fatal.
   */
  static async open(
    corpus: Corpus,
    snapshotPath: string | null,
  ): Promise<{ index: PassageIndex; fromSnapshot: boolean }> {
    if (snapshotPath) {
      const loaded = await PassageIndex.loadSnapshot(corpus, snapshotPath);
      if (loaded) return { index: loaded, fromSnapshot: true };
    }
    const index = PassageIndex.build(corpus);
    if (snapshotPath) await index.saveSnapshot(snapshotPath).catch(() => undefined);
    return { index, fromSnapshot: false };
  }

  static async loadSnapshot(corpus: Corpus, snapshotPath: string): Promise<PassageIndex | null> {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(await readFile(snapshotPath, "utf8")) as Snapshot;
    } catch {
      return null;
    }
    if (snapshot.format !== "sitrep-index" || snapshot.version !== INDEX_FORMAT_VERSION) return null;
    if (snapshot.corpusHash !== corpus.hash) return null;
    try {
      const passageSearch = MiniSearch.loadJS<IndexedDoc>(snapshot.passages, miniSearchOptions());
      const titleSearch = MiniSearch.loadJS<IndexedDoc>(snapshot.titles, miniSearchOptions());
      return new PassageIndex(
        corpus,
        passageSearch,
        titleSearch,
        new Map(snapshot.documentFrequency),
        new Analyzer(corpus.aliases),
      );
    } catch {
      return null;
    }
  }

  async saveSnapshot(snapshotPath: string): Promise<void> {
    const snapshot: Snapshot = {
      format: "sitrep-index",
      version: INDEX_FORMAT_VERSION,
      corpusHash: this.corpus.hash,
      passages: this.passageSearch.toJSON(),
      titles: this.titleSearch.toJSON(),
      documentFrequency: [...this.documentFrequency],
    };
    await mkdir(path.dirname(snapshotPath), { recursive: true });
    // Write then rename, so a crash mid-write never leaves a truncated snapshot behind.
    const temporary = `${snapshotPath}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(snapshot));
    await rename(temporary, snapshotPath);
  }

  get passageCount(): number {
    return this.corpus.passages.length;
  }

  /** Inverse document frequency of a processed term; unseen terms get the highest value. */
  idf(term: string): number {
    const n = this.corpus.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  has(term: string): boolean {
    return this.documentFrequency.has(term);
  }

  /**
   * Scores passages for already-processed `terms`. `fuzzy` turns on typo-tolerant matching for the
   * terms the corpus does not contain, and prefix matching for long ones: it costs far more, so
   * callers use it only when exact terms find too little.
   */
  search(terms: string[], filter: PassageFilter = {}, fuzzy = false): PassageHit[] {
    if (terms.length === 0) return [];
    const titleBoost = this.titleBoosts(terms);
    const passages = this.corpus.passages;
    const { since, until, reportIds } = filter;
    const filtered = Boolean(since || until || reportIds);
    const results: SearchResult[] = this.passageSearch.search(
      { queries: terms, combineWith: "OR" },
      {
        fuzzy: fuzzy ? (term) => this.typoDistance(term) : false,
        prefix: fuzzy ? (term) => this.typoDistance(term) !== false : false,
        weights: { fuzzy: 0.6, prefix: 0.4 },
        boostDocument: titleBoost.size > 0 ? (id) => titleBoost.get(passages[id]?.reportId ?? "") ?? 1 : undefined,
        filter: filtered
          ? (result) => {
              const passage = passages[result.id as number];
              if (!passage) return false;
              if (reportIds && !reportIds.has(passage.reportId)) return false;
              if (since || until) {
                if (!passage.date) return false;
                if (since && passage.date < since) return false;
                if (until && passage.date > until) return false;
              }
              return true;
            }
          : undefined,
      },
    );
    const hits: PassageHit[] = [];
    for (const result of results) {
      const passage = passages[result.id as number];
      if (passage)
        hits.push({ passage, score: result.score, queryTerms: result.queryTerms, documentTerms: result.terms });
    }
    return hits;
  }

  /** Edit distance allowed for a term the corpus lacks (a typo or a cut-off word); known terms and numbers are taken as written. */
  private typoDistance(term: string): number | false {
    if (this.documentFrequency.has(term) || /^\d/.test(term) || term.length < 4) return false;
    return term.length < 5 ? 1 : 2;
  }

  private titleBoosts(terms: string[]): Map<string, number> {
    const boosts = new Map<string, number>();
    const matches = this.titleSearch.search({ queries: terms, combineWith: "OR" });
    const best = matches[0]?.score ?? 0;
    for (const match of matches) {
      const report = this.corpus.reports[match.id as number];
      // Up to 1.5× for the best-matching title; a title boost must not outweigh the passage itself.
      if (report) boosts.set(report.id, 1 + 0.5 * (match.score / best));
    }
    return boosts;
  }
}
