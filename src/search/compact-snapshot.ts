import MiniSearch, { type Options } from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import * as z from "zod";
import { drain } from "../time-slice.js";

/**
 * The passage index's postings, packed into typed arrays, and the MiniSearch that reads them.
 *
 * MiniSearch keeps a Map per term and an entry per posting. On Timeline17 (1.6 million postings)
 * building those maps (`addAll`), turning them into JSON and back (`loadJS`) and scoring through
 * them (a result object per matching passage) was most of the build, start and query time, and
 * most of the garbage. Here the postings are built straight into typed arrays, saved as those
 * arrays' bytes (binary tables of the snapshot file, `src/table-file.ts`: nothing is parsed per
 * posting at start, only checked), and handed to MiniSearch as lazy
 * per-term maps that become real maps only when MiniSearch itself reads or changes a term (adds
 * and removals keep working). Questions are scored from the packed arrays (`topMatches`).
 *
 * Filling in MiniSearch's protected tables (`_index`, `_documentIds`, `_fieldLength`, …) from a
 * subclass depends on its internals: package.json pins the exact version this was written
 * against (7.2.0), and a load that does not come out whole throws, so the caller rebuilds.
 */

/** Term i's documents are `ids[offsets[i]] … ids[offsets[i + 1] - 1]`, ascending, with their term frequencies. */
export interface PackedIndex {
  /** The one indexed field's name. */
  field: string;
  /** Per short id (0 … n-1): the document id. */
  documentIds: Uint32Array;
  /** Per short id: the number of distinct terms (MiniSearch's field length). */
  fieldLength: Uint32Array;
  /** Running mean of the field lengths, computed as MiniSearch computes it, so scores match to the bit. */
  averageFieldLength: number;
  terms: string[];
  offsets: Uint32Array;
  ids: Uint32Array;
  freqs: Uint16Array;
}

/** The snapshot form of a PackedIndex: its scalars and terms (for a JSON header) and its tables as they are. */
export interface CompactIndex {
  meta: CompactIndexMeta;
  tables: CompactTables;
}

export interface CompactIndexMeta {
  format: "sitrep-compact-minisearch";
  version: 4;
  field: string;
  averageFieldLength: number;
  /** Newline-separated, in table order. */
  terms: string;
}

export interface CompactTables {
  documentIds: Uint32Array;
  fieldLength: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  freqs: Uint16Array;
}

/** A growable Uint32Array: the build appends millions of numbers without a JS array per term. */
class Uint32Builder {
  data = new Uint32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Collects analysed documents, in id order, into a PackedIndex: what MiniSearch's `addAll` would
 * hold for the same documents (same short ids, field lengths and average), without a Map per term.
 */
export class PackedIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private readonly tokens = new Uint32Builder();
  private readonly documentEnds = new Uint32Builder();
  private readonly documentIds = new Uint32Builder();
  private readonly fieldLength = new Uint32Builder();
  private averageFieldLength = 0;
  /** Per term, the last document it was seen in plus one (0: none yet). */
  private lastSeen = new Uint32Array(1 << 12);
  /** Per term, how many documents hold it. */
  private documentFrequency = new Uint32Array(1 << 12);

  constructor(private readonly field: string) {}

  add(id: number, terms: readonly string[]): void {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff)
      throw new Error(`Sitrep: document id ${id} is not a uint32`);
    const document = this.documentIds.length;
    let distinct = 0;
    for (const term of terms) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.terms.length;
        this.termIds.set(term, termId);
        this.terms.push(term);
        if (termId >= this.lastSeen.length) {
          const grown = (old: Uint32Array) => {
            const bigger = new Uint32Array(old.length * 2);
            bigger.set(old);
            return bigger;
          };
          this.lastSeen = grown(this.lastSeen);
          this.documentFrequency = grown(this.documentFrequency);
        }
      }
      if (this.lastSeen[termId] !== document + 1) {
        this.lastSeen[termId] = document + 1;
        this.documentFrequency[termId] = (this.documentFrequency[termId] as number) + 1;
        distinct++;
      }
      this.tokens.push(termId);
    }
    this.documentEnds.push(this.tokens.length);
    this.documentIds.push(id);
    this.fieldLength.push(distinct);
    // MiniSearch's addFieldLength, operation for operation.
    this.averageFieldLength = (this.averageFieldLength * document + distinct) / (document + 1);
  }

  finish(): PackedIndex {
    const termCount = this.terms.length;
    const tokens = this.tokens.data;
    const ends = this.documentEnds.data;
    const documents = this.documentIds.length;
    const offsets = new Uint32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t] as number) + (this.documentFrequency[t] as number);
    const total = offsets[termCount] as number;
    const ids = new Uint32Array(total);
    const freqs = new Uint16Array(total);
    /** Per term, where its next posting goes; per term, that posting's slot while in the same document. */
    const next = offsets.slice(0, termCount);
    const slot = new Uint32Array(termCount);
    const lastSeen = new Uint32Array(termCount);
    let start = 0;
    for (let doc = 0; doc < documents; doc++) {
      const end = ends[doc] as number;
      for (let i = start; i < end; i++) {
        const termId = tokens[i] as number;
        if (lastSeen[termId] !== doc + 1) {
          lastSeen[termId] = doc + 1;
          const at = next[termId] as number;
          next[termId] = at + 1;
          slot[termId] = at;
          ids[at] = doc;
          freqs[at] = 1;
        } else {
          const at = slot[termId] as number;
          freqs[at] = Math.min(0xffff, (freqs[at] as number) + 1);
        }
      }
      start = end;
    }
    return {
      field: this.field,
      documentIds: this.documentIds.data.slice(0, documents),
      fieldLength: this.fieldLength.data.slice(0, documents),
      averageFieldLength: this.averageFieldLength,
      terms: this.terms,
      offsets,
      ids,
      freqs,
    };
  }
}

/**
 * A term's postings as MiniSearch expects them (field id → short id → frequency), built from the
 * packed arrays only when MiniSearch itself reads or changes them. Questions read the packed
 * arrays directly (`packedRange`), so most terms are never built.
 */
class LazyPostings extends Map<number, Map<number, number>> {
  private pending: boolean;

  constructor(
    readonly packed: PackedIndex,
    readonly termIndex: number,
  ) {
    super();
    this.pending = true;
  }

  /**
   * How often document `shortId` holds this term, read in place from the packed arrays (0: not at
   * all), without the range tuple `packedRange` makes; null once it is a real map.
   */
  packedFrequencyOf(shortId: number): number | null {
    if (!this.pending) return null;
    const { ids, freqs, offsets } = this.packed;
    const at = positionInSorted(ids, offsets[this.termIndex] as number, offsets[this.termIndex + 1] as number, shortId);
    return at < 0 ? 0 : (freqs[at] as number);
  }

  /** [start, end) of this term in the packed arrays, or null once it is a real map. */
  packedRange(): [number, number] | null {
    if (!this.pending) return null;
    return [this.packed.offsets[this.termIndex] as number, this.packed.offsets[this.termIndex + 1] as number];
  }

  materialize(): void {
    const range = this.packedRange();
    if (!range) return;
    this.pending = false;
    const entries = new Map<number, number>();
    for (let j = range[0]; j < range[1]; j++) entries.set(this.packed.ids[j] as number, this.packed.freqs[j] as number);
    if (entries.size > 0) super.set(0, entries);
  }

  override get(fieldId: number): Map<number, number> | undefined {
    this.materialize();
    return super.get(fieldId);
  }

  override has(fieldId: number): boolean {
    this.materialize();
    return super.has(fieldId);
  }

  override set(fieldId: number, value: Map<number, number>): this {
    this.materialize();
    return super.set(fieldId, value);
  }

  override delete(fieldId: number): boolean {
    this.materialize();
    return super.delete(fieldId);
  }

  override get size(): number {
    this.materialize();
    return super.size;
  }

  override clear(): void {
    this.pending = false;
    super.clear();
  }

  override forEach(
    callback: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ): void {
    this.materialize();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[number, Map<number, number>]> {
    this.materialize();
    return super.entries();
  }

  override keys(): MapIterator<number> {
    this.materialize();
    return super.keys();
  }

  override values(): MapIterator<Map<number, number>> {
    this.materialize();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries();
  }
}

/**
 * One of MiniSearch's per-document tables (short id → id, id → short id, short id → field
 * lengths), read from packed arrays: no Map entry, and no array, per document at start. Entries
 * MiniSearch sets or deletes later (adds, removals) live in the Map itself and shadow the packed ones.
 */
class PackedTable<V> extends Map<number, V> {
  private readonly shadowed = new Set<number>();
  private packedGone = false;

  constructor(
    private readonly packedCount: number,
    private readonly packedKey: (i: number) => number,
    private readonly packedValue: (key: number) => V | undefined,
  ) {
    super();
  }

  private fromPacked(key: number): V | undefined {
    return this.packedGone || this.shadowed.has(key) ? undefined : this.packedValue(key);
  }

  override get(key: number): V | undefined {
    return super.has(key) ? super.get(key) : this.fromPacked(key);
  }

  override has(key: number): boolean {
    return super.has(key) || this.fromPacked(key) !== undefined;
  }

  override set(key: number, value: V): this {
    if (this.fromPacked(key) !== undefined) this.shadowed.add(key);
    return super.set(key, value);
  }

  override delete(key: number): boolean {
    const packed = this.fromPacked(key) !== undefined;
    if (packed) this.shadowed.add(key);
    return super.delete(key) || packed;
  }

  override get size(): number {
    return (this.packedGone ? 0 : this.packedCount - this.shadowed.size) + super.size;
  }

  override clear(): void {
    this.packedGone = true;
    super.clear();
  }

  /** Every entry as one plain Map: iterating is rare (MiniSearch's toJSON, vacuum, wildcard search). */
  private whole(): Map<number, V> {
    const all = new Map<number, V>();
    for (let i = 0; i < this.packedCount; i++) {
      const key = this.packedKey(i);
      const value = this.fromPacked(key);
      if (value !== undefined) all.set(key, value);
    }
    for (const [key, value] of super.entries()) all.set(key, value);
    return all;
  }

  override forEach(callback: (value: V, key: number, map: Map<number, V>) => void, thisArg?: unknown): void {
    this.whole().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  override entries(): MapIterator<[number, V]> {
    return this.whole().entries();
  }

  override keys(): MapIterator<number> {
    return this.whole().keys();
  }

  override values(): MapIterator<V> {
    return this.whole().values();
  }

  override [Symbol.iterator](): MapIterator<[number, V]> {
    return this.entries();
  }
}

/**
 * MiniSearch's term tree (`_index`, a radix tree) of a restored index, built only when MiniSearch
 * walks it. Building it inserts every term (tens of thousands on Timeline17, hundreds of
 * thousands at a million passages), which was most of a start's index restore; yet questions never
 * walk it (they look terms up in the packed table), and a reload only looks up, adds, changes and
 * removes terms. Until something walks the tree (iteration, prefix or fuzzy search, size), a term
 * is found through the packed term table and a Map of the terms set or deleted since; then the
 * tree is built from both and takes over.
 */
class LazyTermTree<V> extends SearchableMap<V> {
  private pending: {
    packedTerms: ReadonlyMap<string, number>;
    packedValue: (termIndex: number) => V;
    /** Terms set since (undefined: deleted), shadowing the packed ones. */
    changed: Map<string, V | undefined>;
  } | null;

  constructor(packedTerms: ReadonlyMap<string, number>, packedValue: (termIndex: number) => V) {
    super();
    this.pending = { packedTerms, packedValue, changed: new Map() };
  }

  private lookup(key: string): V | undefined {
    if (!this.pending) return super.get(key);
    const { packedTerms, packedValue, changed } = this.pending;
    if (changed.has(key)) return changed.get(key);
    const termIndex = packedTerms.get(key);
    return termIndex === undefined ? undefined : packedValue(termIndex);
  }

  private build(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    for (const [term, termIndex] of pending.packedTerms) {
      if (!pending.changed.has(term)) super.set(term, pending.packedValue(termIndex));
    }
    for (const [term, value] of pending.changed) if (value !== undefined) super.set(term, value);
  }

  override get(key: string): V | undefined {
    return this.lookup(key);
  }

  override has(key: string): boolean {
    return this.pending ? this.lookup(key) !== undefined : super.has(key);
  }

  override set(key: string, value: V): SearchableMap<V> {
    if (!this.pending) return super.set(key, value);
    this.pending.changed.set(key, value);
    return this;
  }

  override delete(key: string): void {
    if (this.pending) this.pending.changed.set(key, undefined);
    else super.delete(key);
  }

  override fetch(key: string, initial: () => V): V {
    if (!this.pending) return super.fetch(key, initial);
    const found = this.lookup(key);
    if (found !== undefined) return found;
    const value = initial();
    this.pending.changed.set(key, value);
    return value;
  }

  override update(key: string, fn: (value: V | undefined) => V): SearchableMap<V> {
    if (!this.pending) return super.update(key, fn);
    this.pending.changed.set(key, fn(this.lookup(key)));
    return this;
  }

  override clear(): void {
    this.pending = null;
    super.clear();
  }

  override atPrefix(prefix: string): SearchableMap<V> {
    this.build();
    return super.atPrefix(prefix);
  }

  override fuzzyGet(key: string, maxEditDistance: number): ReturnType<SearchableMap<V>["fuzzyGet"]> {
    this.build();
    return super.fuzzyGet(key, maxEditDistance);
  }

  override forEach(fn: (key: string, value: V, map: SearchableMap) => void): void {
    this.build();
    super.forEach(fn);
  }

  override entries(): ReturnType<SearchableMap<V>["entries"]> {
    this.build();
    return super.entries();
  }

  override keys(): ReturnType<SearchableMap<V>["keys"]> {
    this.build();
    return super.keys();
  }

  override values(): ReturnType<SearchableMap<V>["values"]> {
    this.build();
    return super.values();
  }

  override get size(): number {
    this.build();
    return super.size;
  }

  override [Symbol.iterator](): ReturnType<SearchableMap<V>["entries"]> {
    return this.entries();
  }
}

/** A factor per document, by group: document `id` is boosted by `factors[groupOf[id]]` (0 leaves it out). */
export interface DocumentBoost {
  factors: Float64Array;
  groupOf: Uint32Array;
}

/**
 * What one layer of a layered index (layers.ts) is scored with: the statistics of every live
 * document of the index (so a document scores as in a fresh build of them all), and which of the
 * layer's own documents have been removed.
 */
export interface ScoringView {
  /** Per short id, 1 for a document removed since the layer was packed: left out. */
  removed: Uint8Array | null;
  documentCount: number;
  averageFieldLength: number;
  documentFrequency: (term: string) => number;
}

/** One matching document of `topMatches`: as a MiniSearch search result, without the per-field detail. */
export interface Match {
  id: number;
  score: number;
  /** The query terms it holds, in query order (MiniSearch's `queryTerms`, and here also its `terms`). */
  terms: string[];
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** BM25's inverse document frequency (MiniSearch's), for a term `matching` of `total` documents hold. */
export function bm25Idf(total: number, matching: number): number {
  return Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
}

/** Where `sorted[start … end)` holds `value`, or -1 (posting lists are ascending). */
function positionInSorted(sorted: Uint32Array, start: number, end: number, value: number): number {
  let low = start;
  let high = end - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid] as number;
    if (at === value) return mid;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/**
 * MiniSearch over one field of ready-analysed terms, loaded from packed postings. It also answers
 * "does document `id` hold `term`?" and "which documents score best?" from the postings
 * themselves: MiniSearch has no public way to ask the first, and answers the second only by
 * building a result for every matching document.
 */
export class PassageMiniSearch<T> extends MiniSearch<T> {
  private packed: PackedIndex | null = null;
  /** Packed terms by name, and their lazy postings by term index. */
  private readonly termIndex = new Map<string, number>();
  private readonly lazyPostings: LazyPostings[] = [];
  /** Per short id: score so far and which query terms matched (a bit each); reused across questions. */
  private scores = new Float64Array(0);
  private masks = new Uint32Array(0);
  /** The documents a question's terms touched, in order of first match (see scoredExhaustively): reused, as the scores are. */
  private touched = new Uint32Array(0);
  /**
   * Whether `topMatches` prunes (exact either way: the same matches, scores and order). Off only to
   * compare the two, as `bench/pruning.ts` does.
   */
  prune = true;
  /** Per packed term used so far: its best BM25 term-frequency part per block of postings, for `boundsAverage`. */
  private readonly blockBounds = new Map<number, Float64Array>();
  private boundsAverage = Number.NaN;
  /** Group tables (per document id) found to rise with the id, for `BlockFactors`. */
  private readonly monotonicGroups = new WeakMap<Uint32Array, boolean>();

  static fromPacked<T>(packed: PackedIndex, options: Options<T>): PassageMiniSearch<T> {
    if (options.fields.length !== 1 || options.fields[0] !== packed.field) {
      throw new Error(`Sitrep: packed postings are of field "${packed.field}", not of ${options.fields.join(", ")}`);
    }
    const miniSearch = new PassageMiniSearch<T>(options);
    miniSearch.restore(packed);
    return miniSearch;
  }

  private restore(packed: PackedIndex): void {
    const { documentIds, fieldLength } = packed;
    const count = documentIds.length;
    // Indexed loops: these run once per start, mostly before any optimising, where a typed array's
    // iterator (or a callback per element) costs several times an index.
    let largestId = -1;
    for (let i = 0; i < count; i++) largestId = Math.max(largestId, documentIds[i] as number);
    const shortIdOf = new Int32Array(largestId + 1).fill(-1);
    for (let shortId = 0; shortId < count; shortId++) shortIdOf[documentIds[shortId] as number] = shortId;
    const isShortId = (key: number) => Number.isInteger(key) && key >= 0 && key < count;
    this.packed = packed;
    this._documentCount = count;
    this._nextId = count;
    this._fieldIds = { [packed.field]: 0 };
    this._avgFieldLength = [packed.averageFieldLength];
    this._dirtCount = 0;
    this._documentIds = new PackedTable(
      count,
      (i) => i,
      (shortId) => (isShortId(shortId) ? documentIds[shortId] : undefined),
    );
    this._idToShortId = new PackedTable(
      count,
      (i) => documentIds[i] as number,
      (id) => {
        const shortId = Number.isInteger(id) ? (shortIdOf[id] ?? -1) : -1;
        return shortId >= 0 ? shortId : undefined;
      },
    );
    this._fieldLength = new PackedTable(
      count,
      (i) => i,
      (shortId) => (isShortId(shortId) ? [fieldLength[shortId] as number] : undefined),
    );
    for (let i = 0; i < packed.terms.length; i++) {
      if ((packed.offsets[i + 1] as number) !== (packed.offsets[i] as number)) {
        this.termIndex.set(packed.terms[i] as string, i);
      }
    }
    // A term's postings object is made when first asked for; MiniSearch's own tree, when first walked.
    const tree = new LazyTermTree(this.termIndex, (i) => (this.lazyPostings[i] ??= new LazyPostings(packed, i)));
    // MiniSearch's SearchableMap as published at its own subpath: the same code as the copy in its
    // bundle, which TypeScript declares apart.
    this._index = tree as unknown as typeof this._index;
  }

  /** A packed term's lazy postings, by a hash lookup (see postingsOf); undefined for a term never packed or not yet asked for. */
  private lazyPostingsOf(term: string): LazyPostings | undefined {
    const packedTerm = this.termIndex.get(term);
    return packedTerm === undefined ? undefined : this.lazyPostings[packedTerm];
  }

  /** A term's postings: a packed range (nothing built), a real map, or nothing. */
  private postingsOf(term: string): [Uint32Array, Uint16Array, number, number] | Map<number, number> | null {
    // A hash lookup first: MiniSearch's radix tree costs a string slice per node, and a question
    // asks for the same few terms hundreds of times. A term still packed is one MiniSearch has
    // never touched, so it is still what its tree holds.
    const lazy = this.lazyPostingsOf(term);
    const range = lazy?.packedRange();
    if (lazy && range) return [lazy.packed.ids, lazy.packed.freqs, range[0], range[1]];
    const postings = this._index.get(term);
    if (!postings) return null;
    if (postings instanceof LazyPostings) {
      const stillPacked = postings.packedRange();
      if (stillPacked) return [postings.packed.ids, postings.packed.freqs, stillPacked[0], stillPacked[1]];
    }
    return postings.get(0) ?? null;
  }

  /**
   * How many documents hold `term`, its packed postings' range, and the packed terms: as packed
   * (what MiniSearch's own add and remove changed since is not seen; the layers never use them).
   */
  packedFrequency(term: string): number {
    const [start, end] = this.packedRange(term);
    return end - start;
  }

  packedRange(term: string): [number, number] {
    const termIndex = this.termIndex.get(term);
    const offsets = this.packed?.offsets;
    if (termIndex === undefined || !offsets) return [0, 0];
    return [offsets[termIndex] as number, offsets[termIndex + 1] as number];
  }

  packedTerms(): IterableIterator<string> {
    return this.termIndex.keys();
  }

  holds(id: unknown, term: string): boolean {
    return this.termFrequency(id, term) > 0;
  }

  /** How often document `id` holds `term` (0: not at all), read from its postings. */
  termFrequency(id: unknown, term: string): number {
    const shortId = this._idToShortId.get(id);
    if (shortId === undefined) return 0;
    // A term still packed is read in place, as postingsOf would find it, without the tuples it
    // makes: questions ask this thousands of times each, and the garbage was a sixth of theirs.
    const inPlace = this.lazyPostingsOf(term)?.packedFrequencyOf(shortId);
    if (inPlace !== undefined && inPlace !== null) return inPlace;
    const postings = this.postingsOf(term);
    if (postings === null) return 0;
    if (postings instanceof Map) return postings.get(shortId) ?? 0;
    const at = positionInSorted(postings[0], postings[2], postings[3], shortId);
    return at < 0 ? 0 : (postings[1][at] as number);
  }

  /**
   * The `limit` best documents for `terms`, scored, ordered and tie-broken exactly as
   * `search({ queries: terms, combineWith: "OR" }, { boostDocument })` would (BM25 per term, times
   * the document's boost, summed, times the number of terms matched; stable by first match), but
   * into reused typed arrays instead of a result object per matching document. A boost of 0 leaves
   * the document out. Documents removed but not yet vacuumed are skipped; their postings still
   * count in the term's document frequency. With a `view`, scored with its statistics, its removed
   * documents left out.
   */
  topMatches(
    terms: readonly string[],
    boost: DocumentBoost | null,
    limit: number,
    view: ScoringView | null = null,
  ): Match[] {
    if (terms.length > 32) throw new Error("Sitrep: at most 32 terms are scored at once");
    if (this.prune && this.postingCount(terms) >= PRUNE_FROM * limit) {
      const pruned = this.prunedTopMatches(terms, boost, limit, view);
      if (pruned) return pruned;
    }
    return this.exhaustiveTopMatches(terms, boost, limit, view);
  }

  /** How many postings `terms` have together. */
  private postingCount(terms: readonly string[]): number {
    let count = 0;
    for (const term of terms) {
      const postings = this.postingsOf(term);
      if (postings) count += postings instanceof Map ? postings.size : postings[3] - postings[2];
    }
    return count;
  }

  /** `topMatches` scoring every posting of every term: what pruning must reproduce exactly. */
  exhaustiveTopMatches(
    terms: readonly string[],
    boost: DocumentBoost | null,
    limit: number,
    view: ScoringView | null = null,
  ): Match[] {
    // Best first, ties in order of first match: MiniSearch's stable sort of its result map.
    return this.scoredExhaustively(terms, boost, view, (touched, final, masks) =>
      selectBest(final, limit).map((i) => {
        const shortId = touched[i] as number;
        return {
          id: this._documentIds.get(shortId) as number,
          score: final[i] as number,
          terms: terms.filter((_, k) => ((masks[shortId] as number) & (1 << k)) !== 0),
        };
      }),
    );
  }

  /**
   * Every document holding one of `terms`, with the score `topMatches` gives it (unboosted), in
   * no particular order: for a caller that needs the scores, not a ranking, which sorting every
   * match (and an object per match) would cost.
   */
  scoresOf(terms: readonly string[]): { ids: Uint32Array; scores: Float64Array } {
    return this.scoredExhaustively(terms, null, null, (touched, final) => ({
      ids: Uint32Array.from(touched, (shortId) => this._documentIds.get(shortId) as number),
      scores: final,
    }));
  }

  /**
   * Scores every posting of `terms` into the reused tables and hands `read` the documents touched
   * (short ids, in order of first match), their final scores and the matched-term masks, which
   * are valid only during the call.
   */
  private scoredExhaustively<R>(
    terms: readonly string[],
    boost: DocumentBoost | null,
    view: ScoringView | null,
    read: (touched: Uint32Array, final: Float64Array, masks: Uint32Array) => R,
  ): R {
    if (terms.length > 32) throw new Error("Sitrep: at most 32 terms are scored at once");
    const size = this._nextId;
    if (this.scores.length < size) {
      this.scores = new Float64Array(size);
      this.masks = new Uint32Array(size);
      this.touched = new Uint32Array(size);
    }
    const { scores, masks } = this;
    // Each document is touched once (its mask turns non-zero), so `size` places hold them all.
    const touchedIds = this.touched;
    let touchedCount = 0;
    const clean = this._dirtCount === 0;
    const packed = this.packed;
    const average = view ? view.averageFieldLength : (this._avgFieldLength[0] ?? 0);
    const total = view ? view.documentCount : this._documentCount;
    const removed = view?.removed ?? null;
    const add = (shortId: number, id: number, termFreq: number, fieldLength: number, idf: number, bit: number) => {
      const factor = boost ? (boost.factors[boost.groupOf[id] as number] as number) : 1;
      if (!factor) return;
      const raw = idf * (BM25.d + tfPart(termFreq, fieldLength, average));
      if (masks[shortId] === 0) {
        touchedIds[touchedCount++] = shortId;
        scores[shortId] = factor * raw;
      } else {
        scores[shortId] = (scores[shortId] as number) + factor * raw;
      }
      masks[shortId] = (masks[shortId] as number) | bit;
    };
    terms.forEach((term, k) => {
      const postings = this.postingsOf(term);
      if (postings === null) return;
      const matching = postings instanceof Map ? postings.size : postings[3] - postings[2];
      const idf = bm25Idf(total, view ? view.documentFrequency(term) : matching);
      const bit = 1 << k;
      if (postings instanceof Map || !clean || packed === null) {
        // Terms MiniSearch has built maps for, or an index with removals: through its own tables.
        const each = (shortId: number, termFreq: number) => {
          if (removed?.[shortId] === 1) return;
          const id = this._documentIds.get(shortId) as number | undefined;
          const fieldLength = this._fieldLength.get(shortId)?.[0];
          if (id !== undefined && fieldLength !== undefined) add(shortId, id, termFreq, fieldLength, idf, bit);
        };
        if (postings instanceof Map) for (const [shortId, termFreq] of postings) each(shortId, termFreq);
        else for (let j = postings[2]; j < postings[3]; j++) each(postings[0][j] as number, postings[1][j] as number);
        return;
      }
      // The common case, a term as packed in a clean index: typed arrays only, and `add` written
      // out, since this loop runs once per posting (tens of thousands per question at 1M passages).
      const [ids, freqs, start, end] = postings;
      const { documentIds, fieldLength } = packed;
      const factors = boost?.factors;
      const groupOf = boost?.groupOf;
      for (let j = start; j < end; j++) {
        const shortId = ids[j] as number;
        if (removed !== null && removed[shortId] === 1) continue;
        const factor = factors && groupOf ? (factors[groupOf[documentIds[shortId] as number] as number] as number) : 1;
        if (!factor) continue;
        const termFreq = freqs[j] as number;
        const raw =
          idf *
          (BM25.d +
            (termFreq * (BM25.k + 1)) /
              (termFreq + BM25.k * (1 - BM25.b + (BM25.b * (fieldLength[shortId] as number)) / average)));
        const mask = masks[shortId] as number;
        if (mask === 0) {
          touchedIds[touchedCount++] = shortId;
          scores[shortId] = factor * raw;
        } else {
          scores[shortId] = (scores[shortId] as number) + factor * raw;
        }
        masks[shortId] = mask | bit;
      }
    });
    const touched = touchedIds.subarray(0, touchedCount);
    const final = new Float64Array(touched.length);
    touched.forEach((shortId, i) => (final[i] = (scores[shortId] as number) * bitCount(masks[shortId] as number)));
    const result = read(touched, final, masks);
    for (const shortId of touched) {
      masks[shortId] = 0;
      scores[shortId] = 0;
    }
    return result;
  }

  /**
   * Exact top-k by MaxScore (Turtle and Flood, 1995) with block-max skipping: `exhaustiveTopMatches`'
   * result, scores, order and ties included, without scoring every posting. Each term has an upper
   * bound on what it adds to any document's score (its best BM25 term-frequency part over its
   * postings, times the largest boost factor), and each block of BLOCK postings a bound of its own.
   * Documents are visited in id order over the terms that could still lift a document into the
   * best `limit` on their own (the essential ones); the others are only probed for the documents
   * visited, and a document is dropped only when its bound is strictly below the current `limit`-th
   * score, so a document that could tie it (and win on MiniSearch's tie order) is always scored.
   * Scores are summed in query order, as the exhaustive loop sums them, so they are the same to
   * the bit. Null when pruning cannot help: an unbounded `limit`, removals not yet vacuumed, or no
   * more postings than `limit`.
   */
  prunedTopMatches(
    terms: readonly string[],
    boost: DocumentBoost | null,
    limit: number,
    view: ScoringView | null = null,
  ): Match[] | null {
    if (!Number.isInteger(limit) || limit < 1 || this._dirtCount !== 0) return null;
    const average = view ? view.averageFieldLength : (this._avgFieldLength[0] ?? 0);
    const total = view ? view.documentCount : this._documentCount;
    const removed = view?.removed ?? null;
    let maxFactor = 1;
    if (boost) {
      maxFactor = 0;
      for (const factor of boost.factors) if (factor > maxFactor) maxFactor = factor;
      if (!Number.isFinite(maxFactor)) return null;
      if (maxFactor === 0) return [];
    }
    const lists: PostingList[] = [];
    let postingCount = 0;
    for (const [position, term] of terms.entries()) {
      const list = this.postingList(term, position, average, total, maxFactor, view);
      if (list === null) continue;
      lists.push(list);
      postingCount += list.end - list.start;
    }
    if (postingCount <= limit) return null;

    const packed = this.packed;
    const packedCount = packed ? packed.documentIds.length : 0;
    const idOf = (shortId: number): number | undefined =>
      packed && shortId < packedCount
        ? packed.documentIds[shortId]
        : (this._documentIds.get(shortId) as number | undefined);
    const lengthOf = (shortId: number): number =>
      packed && shortId < packedCount
        ? (packed.fieldLength[shortId] as number)
        : (this._fieldLength.get(shortId)?.[0] ?? 0);
    const factors = boost?.factors;
    const groupOf = boost?.groupOf;
    /** The document's boost factor; 0 for one removed or left out by the filters. */
    const factorOf = (shortId: number): number => {
      if (removed !== null && removed[shortId] === 1) return 0;
      const id = idOf(shortId);
      return id === undefined ? 0 : factors && groupOf ? (factors[groupOf[id] as number] as number) : 1;
    };
    const blockFactors =
      boost && packed ? BlockFactors.of(boost, maxFactor, packed.documentIds, this.monotonicGroups) : null;

    const toMatch = ({ score, shortId, mask }: RankedMatch): Match => ({
      id: this._documentIds.get(shortId) as number,
      score,
      terms: terms.filter((_, k) => (mask & (1 << k)) !== 0),
    });
    const [only] = lists;
    if (lists.length === 1 && only) {
      return singleListBest(only, limit, maxFactor, blockFactors, factorOf, lengthOf).map(toMatch);
    }

    // Lowest bound first: the first `nonEssential` lists together cannot reach the threshold.
    lists.sort((a, b) => a.bound - b.bound);
    const n = lists.length;
    /** boundBelow[i]: the sum of the first i lists' bounds; rawBelow[i], the same unboosted. */
    const boundBelow = new Float64Array(n + 1);
    const rawBelow = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      boundBelow[i + 1] = (boundBelow[i] as number) + (lists[i] as PostingList).bound;
      rawBelow[i + 1] = (rawBelow[i] as number) + (lists[i] as PostingList).rawBound;
    }
    const positions = lists.map((list) => list.start);
    /** Per list, the block whose largest factor `factorOfBlock` holds. */
    const factorBlock = new Int32Array(n).fill(-1);
    const factorOfBlock = new Float64Array(n);
    /** Per list, the end of the block last found worth visiting, and the threshold it was found at. */
    const visitUntil = new Float64Array(n);
    const visitedAt = new Float64Array(n);
    let nonEssential = 0;
    let threshold = Number.NEGATIVE_INFINITY;
    const best = new BestMatches(limit);
    /** Per query position: what the visited document gets from that term (valid where its bit is set). */
    const parts = new Float64Array(terms.length);

    for (;;) {
      // Block-max skips in the essential lists: blocks of documents all left out by the filters
      // (factor 0); and, with one essential list left, blocks that cannot reach the threshold.
      for (let i = nonEssential; i < n; i++) {
        const list = lists[i] as PostingList;
        const alone = i === n - 1 && nonEssential === n - 1;
        const rest = boundBelow[n - 1] as number;
        let at = positions[i] as number;
        // Still inside the block found worth visiting, against the same threshold: nothing to skip.
        if (at < (visitUntil[i] as number) && (!alone || visitedAt[i] === threshold)) continue;
        while (at < list.end) {
          const block = ((at - list.start) / BLOCK) | 0;
          const blockEnd = Math.min(list.end, list.start + (block + 1) * BLOCK);
          if (factorBlock[i] !== block) {
            factorBlock[i] = block;
            factorOfBlock[i] =
              blockFactors && list.packed
                ? blockFactors.most(list.ids, list.start + block * BLOCK, blockEnd)
                : maxFactor;
          }
          const factor = factorOfBlock[i] as number;
          if (factor !== 0 && !(alone && (list.blockBound(block, factor) + rest) * n * BOUND_SLACK < threshold)) {
            visitUntil[i] = blockEnd;
            visitedAt[i] = threshold;
            break;
          }
          at = blockEnd;
        }
        positions[i] = at;
      }
      let shortId = 0xffffffff;
      for (let i = nonEssential; i < n; i++) {
        const at = positions[i] as number;
        const list = lists[i] as PostingList;
        if (at < list.end && (list.ids[at] as number) < shortId) shortId = list.ids[at] as number;
      }
      if (shortId === 0xffffffff) break;
      const factor = factorOf(shortId);
      let known = 0;
      let mask = 0;
      let matched = 0;
      for (let i = nonEssential; i < n; i++) {
        const list = lists[i] as PostingList;
        const at = positions[i] as number;
        if (at >= list.end || list.ids[at] !== shortId) continue;
        positions[i] = at + 1;
        if (!factor) continue;
        const part = factor * list.raw(list.freqs[at] as number, lengthOf(shortId));
        parts[list.position] = part;
        known += part;
        mask |= 1 << list.position;
        matched++;
      }
      if (!factor) continue;
      let pruned = false;
      for (let i = nonEssential - 1; i >= 0; i--) {
        if ((known + factor * (rawBelow[i + 1] as number)) * (matched + i + 1) * BOUND_SLACK < threshold) {
          pruned = true;
          break;
        }
        const list = lists[i] as PostingList;
        const at = seek(list.ids, positions[i] as number, list.end, shortId);
        positions[i] = at;
        if (at >= list.end || list.ids[at] !== shortId) continue;
        const part = factor * list.raw(list.freqs[at] as number, lengthOf(shortId));
        parts[list.position] = part;
        known += part;
        mask |= 1 << list.position;
        matched++;
      }
      if (pruned) continue;
      // The exact score: summed in query order, as the exhaustive loop sums it.
      let sum = 0;
      let first = -1;
      for (let k = 0; k < terms.length; k++) {
        if ((mask & (1 << k)) === 0) continue;
        if (first < 0) {
          first = k;
          sum = parts[k] as number;
        } else sum += parts[k] as number;
      }
      if (!best.offer(sum * matched, first * 2 ** 32 + shortId, shortId, mask)) continue;
      if (best.full()) {
        threshold = best.worstScore();
        while (
          nonEssential < n &&
          (boundBelow[nonEssential + 1] as number) * (nonEssential + 1) * BOUND_SLACK < threshold
        )
          nonEssential++;
      }
    }
    return best.ranked().map(toMatch);
  }

  /** A term's postings for `prunedTopMatches`, with its bounds; null when the index lacks it. */
  private postingList(
    term: string,
    position: number,
    average: number,
    total: number,
    maxFactor: number,
    view: ScoringView | null,
  ): PostingList | null {
    const postings = this.postingsOf(term);
    if (postings === null) return null;
    const matching = postings instanceof Map ? postings.size : postings[3] - postings[2];
    const idf = bm25Idf(total, view ? view.documentFrequency(term) : matching);
    if (postings instanceof Map) {
      // A term MiniSearch has built a map for (a reload touched it): copied out in id order, as the
      // exhaustive loop reads it (MiniSearch appends new short ids, so its maps are in id order).
      const ids = new Uint32Array(postings.size);
      const freqs = new Uint32Array(postings.size);
      let count = 0;
      for (const [shortId, termFreq] of postings) {
        if (this._documentIds.get(shortId) === undefined || this._fieldLength.get(shortId)?.[0] === undefined) continue;
        ids[count] = shortId;
        freqs[count++] = termFreq;
      }
      const lengths = Uint32Array.from(ids.subarray(0, count), (shortId) => this._fieldLength.get(shortId)?.[0] ?? 0);
      const blocks = blockTfBounds(ids, freqs, 0, count, (_, j) => lengths[j] as number, average);
      return new PostingList(position, ids, freqs, 0, count, false, idf, average, maxFactor, blocks);
    }
    const [ids, freqs, start, end] = postings;
    const termIndex = this.termIndex.get(term);
    let blocks = termIndex === undefined ? undefined : this.cachedBlockBounds(termIndex, average);
    if (!blocks) {
      const packed = this.packed;
      if (!packed) return null;
      const lengths = packed.fieldLength;
      blocks = blockTfBounds(ids, freqs, start, end, (shortId) => lengths[shortId] as number, average);
      if (termIndex !== undefined) this.blockBounds.set(termIndex, blocks);
    }
    return new PostingList(position, ids, freqs, start, end, true, idf, average, maxFactor, blocks);
  }

  /** A packed term's block bounds as computed on its first use, while the mean field length they assume holds. */
  private cachedBlockBounds(termIndex: number, average: number): Float64Array | undefined {
    if (average !== this.boundsAverage) {
      this.blockBounds.clear();
      this.boundsAverage = average;
    }
    return this.blockBounds.get(termIndex);
  }

  /** The packed form of the index as it stands (adds and removals included), renumbered without gaps. */
  toPacked(): PackedIndex {
    return drain(this.toPackedSteps());
  }

  /** The same, yielding every few thousand terms, so a writer can give way between them. */
  *toPackedSteps(): Generator<void, PackedIndex> {
    const field = this._options.fields[0];
    if (this._options.fields.length !== 1 || field === undefined) throw new Error("Sitrep: packs one field only");
    const fieldId = this._fieldIds[field] ?? 0;
    const live = [...this._documentIds.keys()].sort((a, b) => a - b);
    const renumbered = new Map(live.map((shortId, i) => [shortId, i]));
    const documentIds = Uint32Array.from(live, (shortId) => this._documentIds.get(shortId) as number);
    const fieldLength = Uint32Array.from(live, (shortId) => this._fieldLength.get(shortId)?.[fieldId] ?? 0);
    const terms: string[] = [];
    const offsets: number[] = [0];
    const ids = new Uint32Builder();
    const freqs: number[] = [];
    for (const term of this._index.keys()) {
      const postings = this.postingsOf(term);
      if (postings === null) continue;
      const entries: [number, number][] = [];
      const keep = (shortId: number, termFreq: number) => {
        const renamed = renumbered.get(shortId);
        if (renamed !== undefined) entries.push([renamed, termFreq]);
      };
      if (postings instanceof Map) for (const [shortId, termFreq] of postings) keep(shortId, termFreq);
      else for (let j = postings[2]; j < postings[3]; j++) keep(postings[0][j] as number, postings[1][j] as number);
      if (entries.length === 0) continue;
      entries.sort((a, b) => a[0] - b[0]);
      for (const [shortId, termFreq] of entries) {
        ids.push(shortId);
        freqs.push(termFreq);
      }
      terms.push(term);
      offsets.push(ids.length);
      if (terms.length % 4096 === 0) yield;
    }
    return {
      field,
      documentIds,
      fieldLength,
      averageFieldLength: this._avgFieldLength[fieldId] ?? 0,
      terms,
      offsets: Uint32Array.from(offsets),
      ids: ids.data.slice(0, ids.length),
      freqs: Uint16Array.from(freqs),
    };
  }

  /**
   * Sets the field's average length to the exact mean, yielding every 50,000 documents (a long
   * loop on a large index). MiniSearch keeps a running mean, whose rounding depends on the order
   * documents came and went; an index changed by a reload must score exactly as one built from
   * scratch.
   */
  *recomputeAverageFieldLengthSteps(): Generator<void> {
    const totals: number[] = [];
    let seen = 0;
    for (const lengths of this._fieldLength.values()) {
      lengths.forEach((length, field) => (totals[field] = (totals[field] ?? 0) + length));
      if (++seen % 50_000 === 0) yield;
    }
    this._avgFieldLength = totals.map((total) => (this._documentCount > 0 ? total / this._documentCount : 0));
  }
}

/**
 * Questions prune only with at least this many postings per match kept: below it, visiting
 * documents one by one across the lists costs more than scoring them all (`npm run bench:pruning`:
 * at 240 kept, pruning was slower at the median and faster at the tail of a million passages).
 */
const PRUNE_FROM = 64;

/** Postings per block of the block-max bounds: small enough to skip often, large enough to cost little. */
const BLOCK = 64;

/**
 * Every pruning bound is widened by this much. A bound adds the same per-term floats a score adds,
 * and float rounding is monotonic, but it adds them in another order, which can differ by an ulp.
 */
const BOUND_SLACK = 1 + 1e-9;

/** MiniSearch's BM25 term-frequency part, the one expression the exhaustive loop also writes out. */
function tfPart(termFreq: number, fieldLength: number, average: number): number {
  return (termFreq * (BM25.k + 1)) / (termFreq + BM25.k * (1 - BM25.b + (BM25.b * fieldLength) / average));
}

/** Per block of BLOCK postings in [start, end), the largest `tfPart` among them. */
function blockTfBounds(
  ids: Uint32Array,
  freqs: Uint16Array | Uint32Array,
  start: number,
  end: number,
  lengthOf: (shortId: number, offset: number) => number,
  average: number,
): Float64Array {
  const blocks = new Float64Array(Math.ceil((end - start) / BLOCK));
  for (let j = start; j < end; j++) {
    const part = tfPart(freqs[j] as number, lengthOf(ids[j] as number, j - start), average);
    const block = ((j - start) / BLOCK) | 0;
    if (part > (blocks[block] as number)) blocks[block] = part;
  }
  return blocks;
}

/** One query term's postings in id order, with what any posting (or any block of them) can add to a score. */
class PostingList {
  /** The most this term adds to any document's score; and unboosted. */
  readonly bound: number;
  readonly rawBound: number;

  constructor(
    /** The term's place in the question: its bit in a match's mask. */
    readonly position: number,
    readonly ids: Uint32Array,
    readonly freqs: Uint16Array | Uint32Array,
    readonly start: number,
    readonly end: number,
    /** Whether `ids` are the packed index's short ids (not a copy of a map MiniSearch built). */
    readonly packed: boolean,
    private readonly idf: number,
    private readonly average: number,
    private readonly maxFactor: number,
    private readonly blocks: Float64Array,
  ) {
    let best = 0;
    for (const part of blocks) if (part > best) best = part;
    this.rawBound = this.idf * (BM25.d + best);
    this.bound = this.maxFactor * this.rawBound;
  }

  /** The most block `block` (postings start + block·BLOCK …) adds to a document boosted at most `factor`. */
  blockBound(block: number, factor: number): number {
    return factor * (this.idf * (BM25.d + (this.blocks[block] as number)));
  }

  /** The unboosted BM25 score of one posting, as MiniSearch computes it. */
  raw(termFreq: number, fieldLength: number): number {
    return this.idf * (BM25.d + tfPart(termFreq, fieldLength, this.average));
  }
}

/**
 * The largest boost factor of any document in a run of packed postings, from the groups of its
 * first and last documents: exact where the groups rise with the short id (a fresh build or a
 * snapshot numbers passages report by report), so a date filter's zeroed reports skip whole blocks
 * and only blocks of title-boosted reports carry the largest factor. Elsewhere (after a reload
 * appended documents) it is always the largest factor.
 */
class BlockFactors {
  private constructor(
    private readonly groupOf: Uint32Array,
    private readonly documentIds: Uint32Array,
    private readonly maxFactor: number,
    /** Per group g, how many groups before g have a factor above 0; and above 1. */
    private readonly positiveBefore: Uint32Array,
    private readonly boostedBefore: Uint32Array,
  ) {}

  static of(
    boost: DocumentBoost,
    maxFactor: number,
    documentIds: Uint32Array,
    monotonic: WeakMap<Uint32Array, boolean>,
  ): BlockFactors | null {
    const { factors, groupOf } = boost;
    let rising = monotonic.get(groupOf);
    if (rising === undefined) {
      rising = true;
      for (let shortId = 1; shortId < documentIds.length && rising; shortId++) {
        const previous = documentIds[shortId - 1] as number;
        const id = documentIds[shortId] as number;
        rising = id > previous && (groupOf[id] ?? Infinity) >= (groupOf[previous] ?? Infinity);
      }
      monotonic.set(groupOf, rising);
    }
    if (!rising) return null;
    const positiveBefore = new Uint32Array(factors.length + 1);
    const boostedBefore = new Uint32Array(factors.length + 1);
    for (let g = 0; g < factors.length; g++) {
      const factor = factors[g] as number;
      positiveBefore[g + 1] = (positiveBefore[g] as number) + (factor > 0 ? 1 : 0);
      boostedBefore[g + 1] = (boostedBefore[g] as number) + (factor > 1 ? 1 : 0);
    }
    return new BlockFactors(groupOf, documentIds, maxFactor, positiveBefore, boostedBefore);
  }

  /** The largest factor of the documents of packed postings ids[from … end). */
  most(ids: Uint32Array, from: number, end: number): number {
    const first = this.groupOf[this.documentIds[ids[from] as number] as number] ?? Infinity;
    // Groups past the factors (documents of no report) have no factor: they count as 0.
    const last = Math.min(
      this.groupOf[this.documentIds[ids[end - 1] as number] as number] ?? Infinity,
      this.positiveBefore.length - 2,
    );
    if (first > last) return 0;
    if ((this.boostedBefore[last + 1] as number) > (this.boostedBefore[first] as number)) return this.maxFactor;
    if ((this.positiveBefore[last + 1] as number) > (this.positiveBefore[first] as number))
      return Math.min(1, this.maxFactor);
    return 0;
  }
}

/**
 * `prunedTopMatches` for a question with one term: a block at a time, skipping blocks whose bound
 * is below the threshold, the rest in a tight loop (a document's score is its one part).
 */
function singleListBest(
  list: PostingList,
  limit: number,
  maxFactor: number,
  blockFactors: BlockFactors | null,
  factorOf: (shortId: number) => number,
  lengthOf: (shortId: number) => number,
): RankedMatch[] {
  const best = new BestMatches(limit);
  const { ids, freqs, start, end } = list;
  const mask = 1 << list.position;
  const keyBase = list.position * 2 ** 32;
  let threshold = Number.NEGATIVE_INFINITY;
  for (let blockStart = start, block = 0; blockStart < end; blockStart += BLOCK, block++) {
    const blockEnd = Math.min(end, blockStart + BLOCK);
    const factor = blockFactors && list.packed ? blockFactors.most(ids, blockStart, blockEnd) : maxFactor;
    if (factor === 0 || list.blockBound(block, factor) * BOUND_SLACK < threshold) continue;
    for (let j = blockStart; j < blockEnd; j++) {
      const shortId = ids[j] as number;
      const documentFactor = factorOf(shortId);
      if (!documentFactor) continue;
      const score = documentFactor * list.raw(freqs[j] as number, lengthOf(shortId));
      if (score < threshold) continue;
      if (best.offer(score, keyBase + shortId, shortId, mask) && best.full()) threshold = best.worstScore();
    }
  }
  return best.ranked();
}

/** The first position in ids[from … end) whose id is at least `target` (galloping, then binary search). */
function seek(ids: Uint32Array, from: number, end: number, target: number): number {
  if (from >= end || (ids[from] as number) >= target) return from;
  let low = from;
  let step = 1;
  let high = from + 1;
  while (high < end && (ids[high] as number) < target) {
    low = high;
    step *= 2;
    high = from + step;
  }
  high = Math.min(high, end);
  // ids[low] < target; the answer is in (low, high].
  while (low + 1 < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] as number) < target) low = mid;
    else high = mid;
  }
  return high;
}

interface RankedMatch {
  score: number;
  shortId: number;
  mask: number;
}

/** Swaps two entries of a table (not by destructuring, which allocates: this runs per heap step). */
function swapIn(table: Float64Array | Uint32Array, a: number, b: number): void {
  const kept = table[a] as number;
  table[a] = table[b] as number;
  table[b] = kept;
}

/**
 * The best `limit` documents offered so far, in a heap with the worst on top. Ties go to the lower
 * order key (first matching query position, then short id): the exhaustive loop's order of first
 * match, which is MiniSearch's.
 */
class BestMatches {
  private readonly scores: Float64Array;
  private readonly keys: Float64Array;
  private readonly shortIds: Uint32Array;
  private readonly masks: Uint32Array;
  private size = 0;

  constructor(private readonly limit: number) {
    this.scores = new Float64Array(limit);
    this.keys = new Float64Array(limit);
    this.shortIds = new Uint32Array(limit);
    this.masks = new Uint32Array(limit);
  }

  full(): boolean {
    return this.size === this.limit;
  }

  worstScore(): number {
    return this.scores[0] as number;
  }

  /** Whether slot a ranks below slot b. */
  private worse(a: number, b: number): boolean {
    const sa = this.scores[a] as number;
    const sb = this.scores[b] as number;
    return sa < sb || (sa === sb && (this.keys[a] as number) > (this.keys[b] as number));
  }

  private swap(a: number, b: number): void {
    swapIn(this.scores, a, b);
    swapIn(this.keys, a, b);
    swapIn(this.shortIds, a, b);
    swapIn(this.masks, a, b);
  }

  /** Keeps the match if it is among the best so far; whether it was kept. */
  offer(score: number, key: number, shortId: number, mask: number): boolean {
    let at: number;
    if (this.size < this.limit) {
      at = this.size++;
    } else {
      const worst = this.scores[0] as number;
      if (score < worst || (score === worst && key > (this.keys[0] as number))) return false;
      at = 0;
    }
    this.scores[at] = score;
    this.keys[at] = key;
    this.shortIds[at] = shortId;
    this.masks[at] = mask;
    if (at > 0) {
      for (let parent = (at - 1) >> 1; at > 0 && this.worse(at, parent); at = parent, parent = (at - 1) >> 1)
        this.swap(at, parent);
    } else {
      for (;;) {
        const left = 2 * at + 1;
        let worst = at;
        if (left < this.size && this.worse(left, worst)) worst = left;
        if (left + 1 < this.size && this.worse(left + 1, worst)) worst = left + 1;
        if (worst === at) break;
        this.swap(at, worst);
        at = worst;
      }
    }
    return true;
  }

  /** The kept matches, best first. */
  ranked(): RankedMatch[] {
    const slots = Array.from({ length: this.size }, (_, i) => i);
    slots.sort((a, b) => (this.worse(b, a) ? -1 : this.worse(a, b) ? 1 : 0));
    return slots.map((i) => ({
      score: this.scores[i] as number,
      shortId: this.shortIds[i] as number,
      mask: this.masks[i] as number,
    }));
  }
}

function bitCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/**
 * The positions of the `limit` best scores, best first, ties to the earlier position: a bounded
 * heap of positions (worst on top), since a question can match tens of thousands of documents.
 */
function selectBest(scores: Float64Array, limit: number): number[] {
  const better = (a: number, b: number) =>
    (scores[a] as number) > (scores[b] as number) || (scores[a] === scores[b] && a < b);
  const byRank = (a: number, b: number) => (better(a, b) ? -1 : better(b, a) ? 1 : 0);
  if (scores.length <= limit) return Array.from(scores.keys()).sort(byRank);
  const heap: number[] = [];
  // Through a local, not a destructuring swap: that made an array per swap (a tenth of a question's garbage).
  const swap = (a: number, b: number) => {
    const held = heap[a] as number;
    heap[a] = heap[b] as number;
    heap[b] = held;
  };
  for (let i = 0; i < scores.length; i++) {
    if (heap.length < limit) {
      heap.push(i);
      for (let at = heap.length - 1, parent = (at - 1) >> 1; at > 0; at = parent, parent = (at - 1) >> 1) {
        if (!better(heap[parent] as number, heap[at] as number)) break;
        swap(at, parent);
      }
    } else if (better(i, heap[0] as number)) {
      heap[0] = i;
      for (let at = 0; ;) {
        const left = 2 * at + 1;
        let worst = at;
        if (left < heap.length && better(heap[worst] as number, heap[left] as number)) worst = left;
        if (left + 1 < heap.length && better(heap[worst] as number, heap[left + 1] as number)) worst = left + 1;
        if (worst === at) break;
        swap(at, worst);
        at = worst;
      }
    }
  }
  return heap.sort(byRank);
}

export function toCompact(packed: PackedIndex): CompactIndex {
  const { field, averageFieldLength, documentIds, fieldLength, offsets, ids, freqs } = packed;
  return {
    meta: {
      format: "sitrep-compact-minisearch",
      version: 4,
      field,
      averageFieldLength,
      terms: packed.terms.join("\n"),
    },
    tables: { documentIds, fieldLength, offsets, ids, freqs },
  };
}

/**
 * The packed index of a compact snapshot, checked whole in one pass over each table (cheap next
 * to what it replaces): tables of matching lengths, offsets rising to the end, every posting's
 * document a known one, ascending within its term, frequencies above 0. A tampered or truncated
 * snapshot throws, and the caller rebuilds. The tables are kept as they are (the snapshot reads
 * each into an array of its own).
 */
export function fromCompact(compact: CompactIndex): PackedIndex {
  const { meta, tables } = compact;
  if (meta.format !== "sitrep-compact-minisearch" || meta.version !== 4) {
    throw new Error("Sitrep: not a compact MiniSearch snapshot of this version");
  }
  const { documentIds, fieldLength, offsets, ids, freqs } = tables;
  const terms = meta.terms === "" ? [] : meta.terms.split("\n");
  const documents = documentIds.length;
  if (fieldLength.length !== documents || offsets.length !== terms.length + 1 || offsets[0] !== 0) {
    throw new Error("Sitrep: compact snapshot did not load whole (its tables disagree in length)");
  }
  for (let t = 0; t < terms.length; t++) {
    if ((offsets[t + 1] as number) < (offsets[t] as number))
      throw new Error("Sitrep: compact snapshot's offsets are out of order");
  }
  const postings = offsets[terms.length] as number;
  if (ids.length !== postings || freqs.length !== postings) {
    throw new Error("Sitrep: compact snapshot's postings are not as long as its offsets say");
  }
  for (let t = 0; t < terms.length; t++) {
    const end = offsets[t + 1] as number;
    let previous = -1;
    for (let j = offsets[t] as number; j < end; j++) {
      const id = ids[j] as number;
      if (id <= previous) throw new Error("Sitrep: compact snapshot's postings are out of order");
      if (id >= documents || freqs[j] === 0)
        throw new Error("Sitrep: compact snapshot's postings name unknown documents");
      previous = id;
    }
  }
  return {
    field: meta.field,
    documentIds,
    fieldLength,
    averageFieldLength: meta.averageFieldLength,
    terms,
    offsets,
    ids,
    freqs,
  };
}

/** The shape of a compact snapshot's scalars, checked before loading; `fromCompact` checks the tables. */
export const compactIndexMetaSchema = z.object({
  format: z.literal("sitrep-compact-minisearch"),
  version: z.literal(4),
  field: z.string(),
  averageFieldLength: z.number().nonnegative(),
  terms: z.string(),
}) satisfies z.ZodType<CompactIndexMeta>;
