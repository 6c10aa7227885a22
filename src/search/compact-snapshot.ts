import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { z } from "zod";

/**
 * A faster snapshot for a large MiniSearch index. `MiniSearch.loadJS` rebuilds every posting list
 * from an object keyed by document id, which on Timeline17 (1.6 million postings) takes longer to
 * parse and convert than everything else at start-up together. Here postings are stored as plain
 * number arrays, which parse several times faster, and put back into MiniSearch's own maps only
 * when a query first reads them.
 *
 * That last step fills in MiniSearch's protected tables (`_index`, `_documentIds`, `_fieldLength`,
 * `_idToShortId`) from a subclass, so it depends on MiniSearch's internals: package.json pins the
 * exact version this was written against (7.2.0), and a load that does not come out whole throws, so
 * the caller rebuilds the index from the corpus instead.
 */

export interface CompactIndex {
  format: "sitrep-compact-minisearch";
  version: 1;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** Per short id: the document id. */
  documentIds: number[];
  /** Per short id, one length per field, flat: a single array parses far faster than many small ones. */
  fieldLength: number[];
  terms: string[];
  /** Per term and field id: [shortIds, frequencies]. */
  postings: Record<string, [number[], number[]]>[];
}

/**
 * A term's postings per field, turned into the Map MiniSearch expects only when something reads
 * them. A query touches a handful of terms; building maps for all 1.6 million postings up front was
 * most of the start-up time. Every read, write and iteration goes through here, so MiniSearch sees
 * an ordinary map (adds, removals and toJSON included).
 */
class LazyPostings extends Map<number, Map<number, number>> {
  private pending: Map<number, [number[], number[]]> | null;

  constructor(byField: Record<string, [number[], number[]]>) {
    super();
    const pending = new Map<number, [number[], number[]]>();
    for (const [fieldId, lists] of Object.entries(byField)) pending.set(Number(fieldId), lists);
    this.pending = pending.size > 0 ? pending : null;
  }

  materialize(fieldId?: number): void {
    if (!this.pending) return;
    for (const [id, [ids, freqs]] of this.pending) {
      if (fieldId !== undefined && id !== fieldId) continue;
      const entries = new Map<number, number>();
      for (let j = 0; j < ids.length; j++) entries.set(ids[j] as number, freqs[j] as number);
      super.set(id, entries);
      this.pending.delete(id);
    }
    if (this.pending.size === 0) this.pending = null;
  }

  override get(fieldId: number): Map<number, number> | undefined {
    this.materialize(fieldId);
    return super.get(fieldId);
  }

  override has(fieldId: number): boolean {
    return super.has(fieldId) || (this.pending?.has(fieldId) ?? false);
  }

  override set(fieldId: number, value: Map<number, number>): this {
    this.pending?.delete(fieldId);
    return super.set(fieldId, value);
  }

  override delete(fieldId: number): boolean {
    const wasPending = this.pending?.delete(fieldId) ?? false;
    return super.delete(fieldId) || wasPending;
  }

  override get size(): number {
    return super.size + (this.pending?.size ?? 0);
  }

  override clear(): void {
    this.pending = null;
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
 * MiniSearch loaded from a compact snapshot. A subclass, because the tables it fills in are MiniSearch's
 * `protected` fields; MiniSearch's own methods then see an ordinary index.
 */
/**
 * MiniSearch that also answers "does document `id` hold `term`?" from its own postings. They are
 * `protected` in MiniSearch and it has no public way to ask; reading them answers in O(1), where
 * re-analysing the passage cost most of a question's time.
 */
export class PassageMiniSearch<T> extends MiniSearch<T> {
  holds(id: unknown, term: string): boolean {
    const shortId = this._idToShortId.get(id);
    return shortId !== undefined && (this._index.get(term)?.get(0)?.has(shortId) ?? false);
  }

  /**
   * The compact snapshot of this index (what `JSON.stringify(toCompact(this.toJSON()))` holds) as
   * JSON text in pieces, read straight from the index: no plain-object copy of a million postings
   * is made at once, and the writer can give way between pieces. `documentName` gives the id a
   * document is saved under.
   */
  *compactJsonPieces(documentName: (id: number) => number): Generator<string> {
    const fields = Object.keys(this._fieldIds).length;
    const CHUNK = 10_000;
    // Short ids were given in increasing order, so the map's order is theirs; removed documents
    // leave gaps, and on disk short ids are positions, so they are renumbered (in slices).
    const shortIds: number[] = [];
    const position = new Int32Array(this._nextId).fill(-1);
    for (const shortId of this._documentIds.keys()) {
      position[shortId] = shortIds.length;
      shortIds.push(shortId);
      if (shortIds.length % CHUNK === 0) yield "";
    }
    yield `{"format":"sitrep-compact-minisearch","version":1,"documentCount":${this._documentCount}`;
    yield `,"nextId":${shortIds.length},"fieldIds":${JSON.stringify(this._fieldIds)}`;
    yield `,"averageFieldLength":${JSON.stringify(this._avgFieldLength)},"dirtCount":${this._dirtCount}`;
    yield `,"documentIds":[`;
    for (let i = 0; i < shortIds.length; i += CHUNK) {
      const names = shortIds
        .slice(i, i + CHUNK)
        .map((shortId) => documentName(this._documentIds.get(shortId) as number));
      yield `${i > 0 ? "," : ""}${names.join(",")}`;
    }
    yield `],"fieldLength":[`;
    for (let i = 0; i < shortIds.length; i += CHUNK) {
      const lengths = shortIds.slice(i, i + CHUNK).flatMap((shortId) => {
        const own = this._fieldLength.get(shortId) ?? [];
        return Array.from({ length: fields }, (_, field) => own[field] ?? 0);
      });
      yield `${i > 0 ? "," : ""}${lengths.join(",")}`;
    }
    // Postings before terms (JSON does not care), so the vocabulary is walked once, a term at a time.
    yield `],"postings":[`;
    const terms: string[] = [];
    for (const [term, byField] of this._index) {
      const out: Record<string, [number[], number[]]> = {};
      for (const [fieldId, entries] of byField) {
        const ids = [...entries.keys()].sort((a, b) => a - b);
        out[fieldId] = [ids.map((id) => position[id] ?? id), ids.map((id) => entries.get(id) ?? 0)];
      }
      yield `${terms.length > 0 ? "," : ""}${JSON.stringify(out)}`;
      terms.push(term);
    }
    yield `],"terms":[`;
    for (let i = 0; i < terms.length; i += CHUNK) {
      yield `${i > 0 ? "," : ""}${terms
        .slice(i, i + CHUNK)
        .map((term) => JSON.stringify(term))
        .join(",")}`;
    }
    yield "]}";
  }

  /**
   * Sets each field's average length to the exact mean. MiniSearch keeps a running mean, whose
   * rounding depends on the order documents came and went; an index changed by a reload must score
   * exactly as one built from scratch.
   */
  recomputeAverageFieldLength(): void {
    for (const _ of this.recomputeAverageFieldLengthSteps());
  }

  /** The same, yielding every 50,000 documents (a long loop on a large index). */
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

class CompactMiniSearch<T> extends PassageMiniSearch<T> {
  /** Posting maps not built yet; null once buildDeferredPostings has run. */
  private deferred: LazyPostings[] | null = null;

  static load<T>(compact: CompactIndex, options: Options<T>): CompactMiniSearch<T> {
    const miniSearch = new CompactMiniSearch<T>(options);
    miniSearch.restore(compact);
    return miniSearch;
  }

  private restore(compact: CompactIndex): void {
    const fields = Object.keys(compact.fieldIds).length;
    this._documentCount = compact.documentCount;
    this._nextId = compact.nextId;
    this._fieldIds = compact.fieldIds;
    this._avgFieldLength = compact.averageFieldLength;
    this._dirtCount = compact.dirtCount;
    compact.documentIds.forEach((id, shortId) => {
      this._documentIds.set(shortId, id);
      this._idToShortId.set(id, shortId);
      this._fieldLength.set(shortId, compact.fieldLength.slice(shortId * fields, (shortId + 1) * fields));
    });
    this.deferred = compact.terms.map((term, i) => {
      const postings = new LazyPostings(compact.postings[i] ?? {});
      this._index.set(term, postings);
      return postings;
    });
  }

  buildDeferredPostings(): void {
    for (const postings of this.deferred ?? []) postings.materialize();
    this.deferred = null;
  }
}

/**
 * Builds every posting map a compact load left for later, so no question pays for it. A running
 * bot calls it once it is up (through PassageIndex.warmUp); an index not loaded compactly has none.
 */
export function buildDeferredPostings(miniSearch: object): void {
  if (miniSearch instanceof CompactMiniSearch) miniSearch.buildDeferredPostings();
}

const numbers = z.custom<number[]>((value) => Array.isArray(value), "an array of numbers");

/**
 * The shape of a compact snapshot, checked before loading. The big tables are only checked to be
 * arrays (their lengths are checked against each other on load): validating 1.6 million postings one
 * by one would cost more than loading them.
 */
export const compactIndexSchema = z.object({
  format: z.literal("sitrep-compact-minisearch"),
  version: z.literal(1),
  documentCount: z.number().int().nonnegative(),
  nextId: z.number().int().nonnegative(),
  fieldIds: z.record(z.string(), z.number().int().nonnegative()),
  averageFieldLength: z.array(z.number()),
  dirtCount: z.number().int().nonnegative(),
  documentIds: numbers,
  fieldLength: numbers,
  terms: z.custom<string[]>((value) => Array.isArray(value), "an array of terms"),
  postings: z.custom<Record<string, [number[], number[]]>[]>((value) => Array.isArray(value), "an array of postings"),
}) satisfies z.ZodType<CompactIndex>;

/**
 * Whether the snapshot's documents are exactly `count` documents with ids 0 … count-1 (the passages
 * of the corpus it is loaded with). One pass over the ids: cheap next to loading them.
 */
export function coversDocuments(compact: CompactIndex, count: number): boolean {
  if (compact.documentCount !== count || compact.documentIds.length !== count) return false;
  const seen = new Uint8Array(count);
  for (const id of compact.documentIds) {
    if (!Number.isInteger(id) || id < 0 || id >= count || seen[id] === 1) return false;
    seen[id] = 1;
  }
  return true;
}

export function toCompact(plain: AsPlainObject): CompactIndex {
  const shortIds = Object.keys(plain.documentIds).map(Number);
  // Short ids are positions in `documentIds` on load; removed documents leave gaps, so renumber.
  const position = new Map(shortIds.map((shortId, i) => [String(shortId), i]));
  return {
    format: "sitrep-compact-minisearch",
    version: 1,
    documentCount: plain.documentCount,
    nextId: shortIds.length,
    fieldIds: plain.fieldIds,
    averageFieldLength: plain.averageFieldLength,
    dirtCount: plain.dirtCount ?? 0,
    documentIds: shortIds.map((s) => Number(plain.documentIds[s])),
    fieldLength: shortIds.flatMap((s) => {
      const lengths = plain.fieldLength[s] ?? [];
      return Object.keys(plain.fieldIds).map((_, field) => lengths[field] ?? 0);
    }),
    terms: plain.index.map(([term]) => term),
    postings: plain.index.map(([, byField]) => {
      const out: Record<string, [number[], number[]]> = {};
      for (const [fieldId, entries] of Object.entries(byField)) {
        const ids = Object.keys(entries);
        out[fieldId] = [ids.map((id) => position.get(id) ?? Number(id)), ids.map((id) => entries[id] as number)];
      }
      return out;
    }),
  };
}

export function fromCompact<T>(compact: CompactIndex, options: Options<T>): PassageMiniSearch<T> {
  if (compact.format !== "sitrep-compact-minisearch" || compact.version !== 1) {
    throw new Error("Sitrep: not a compact MiniSearch snapshot");
  }
  const fields = Object.keys(compact.fieldIds).length;
  if (
    compact.postings.length !== compact.terms.length ||
    compact.fieldLength.length !== compact.documentIds.length * fields
  ) {
    throw new Error("Sitrep: compact snapshot did not load whole (its tables disagree in length)");
  }
  const miniSearch = CompactMiniSearch.load(compact, options);
  if (miniSearch.documentCount !== compact.documentCount || miniSearch.termCount !== compact.terms.length) {
    throw new Error("Sitrep: compact snapshot did not load whole");
  }
  return miniSearch;
}

/** How many documents each term is in (for the first field): the length of its posting list. */
export function compactDocumentFrequency(compact: CompactIndex): Map<string, number> {
  const frequency = new Map<string, number>();
  compact.terms.forEach((term, i) => {
    const first = Object.values(compact.postings[i] ?? {})[0];
    if (first) frequency.set(term, first[0].length);
  });
  return frequency;
}
