import type { Options } from "minisearch";
import { fillSteps, runSliced, type Slicer } from "../time-slice.js";
import {
  type DocumentBoost,
  type Match,
  type PackedIndex,
  PackedIndexBuilder,
  PassageMiniSearch,
  type ScoringView,
} from "./compact-snapshot.js";

/**
 * The passage index as layers, so that a reload costs what changed (docs/design.md, "Live reload"):
 *
 * - the base: packed postings (a fresh build's or a snapshot's), never changed once made, in
 *   path order (ascending short ids are passages in path order; a short id is its passage's id
 *   unless the base was folded after reloads, which keep passage ids but not their order);
 * - tombstones: the base documents removed since (a byte per base document), left out when scoring;
 * - the delta: the documents added since, packed afresh at every reload (it is small), scored
 *   exhaustively or pruned on its own.
 *
 * Both layers are scored with the corpus-wide statistics (document count, mean field length, each
 * term's document frequency) of the live documents, kept from the base's plus what changed, so a
 * document scores to the bit what it scores in a fresh build of the same passages; each layer's best
 * `limit` are merged in the fresh build's order (score, then first matched query term, then path
 * order: report, then passage). Each version of the layers is a value: a reload makes a new one beside the one serving.
 * When the delta or the tombstones grow large, a reload folds them into a new base (in slices).
 */

export type IndexedDoc = { id: number; terms: string };
export const INDEXED_FIELD = "terms";

export function miniSearchOptions(): Options<IndexedDoc> {
  return {
    fields: [INDEXED_FIELD],
    idField: "id",
    // Terms arrive analysed; MiniSearch only splits them.
    tokenize: (text) => (text === "" ? [] : text.split(" ")),
    processTerm: (term) => term,
  };
}

/** A document of the delta: its passage (in the corpus it is part of) and its analysed terms. */
export interface DeltaDocument {
  passageId: number;
  terms: readonly string[];
}

interface Delta {
  search: PassageMiniSearch<IndexedDoc>;
  packed: PackedIndex;
  /** Per delta short id, its terms (kept for the next reload's delta, and for compaction). */
  documents: readonly (readonly string[])[];
  totalLength: number;
}

/** What a reload changes: base documents removed (with their terms), and every delta document, in path order. */
export interface LayerChange {
  /** The new corpus's passage id space (`corpus.passages.length`, holes included). */
  passageCount: number;
  /**
   * Steps to make, per passage id, its position in path order (-1: no passage): run only when the
   * layers are folded (a million-entry table made at every reload was one more block).
   */
  pathOrder: () => Generator<void, Int32Array>;
  /**
   * Per new passage id, its base document, or -1 for a delta document. `changed` takes it over
   * (it becomes the new layers' table, delta documents filled in), so it is made for one change.
   */
  baseDocumentOf: Int32Array;
  removedBase: readonly { document: number; terms: readonly string[] }[];
  delta: readonly DeltaDocument[];
}

/** Terms whose document frequency went from 0 or to 0: what the spelling map must follow. */
export interface TermChanges {
  appeared: string[];
  vanished: string[];
}

/** The delta is folded into the base beyond this many documents, or this share of the base. */
const COMPACT_DELTA_DOCUMENTS = 4096;
const COMPACT_DELTA_SHARE = 0.02;
/** And the tombstones beyond this share of the base. */
const COMPACT_REMOVED_SHARE = 0.1;

export class IndexLayers {
  /** The live documents' count and mean field length: what a fresh build of them would score with. */
  readonly documentCount: number;
  readonly averageFieldLength: number;
  private readonly view: ScoringView | null;

  private constructor(
    private readonly base: PassageMiniSearch<IndexedDoc>,
    readonly basePacked: PackedIndex,
    /** The sum of the base's field lengths. */
    private readonly baseTotalLength: number,
    /** Per base document, 1 once removed; null when none is. */
    private readonly removed: Uint8Array | null,
    private readonly removedCount: number,
    private readonly removedLength: number,
    /** Per term, how many removed base documents hold it. */
    private readonly removedTerms: ReadonlyMap<string, number>,
    private readonly delta: Delta | null,
    /** Per passage id, its document (base: its short id; delta: base count + delta short id); null: the identity. */
    private readonly ofPassage: Int32Array | null,
    /** Per document, its passage id, -1 once removed; null: the identity. */
    private readonly passageOf: Int32Array | null,
  ) {
    const baseCount = basePacked.documentIds.length;
    this.documentCount = baseCount - removedCount + (delta?.documents.length ?? 0);
    const total = baseTotalLength - removedLength + (delta?.totalLength ?? 0);
    this.averageFieldLength = total / Math.max(1, this.documentCount);
    this.view =
      removed || delta
        ? {
            removed,
            documentCount: this.documentCount,
            averageFieldLength: this.averageFieldLength,
            documentFrequency: (term) => this.documentFrequency(term),
          }
        : null;
  }

  /**
   * Layers over packed postings whose documents are 0 … n-1, the passages in path order (a fresh
   * build's, a snapshot's, a fold's), null when they are not, so the caller rebuilds. Document i is
   * passage i, or, given `pathOrder` (a fold's: per passage id, its position), the passage at position i.
   */
  static ofBase(packed: PackedIndex, pathOrder: Int32Array | null = null): IndexLayers | null {
    const { documentIds, fieldLength } = packed;
    let total = 0;
    for (let i = 0; i < documentIds.length; i++) {
      if (documentIds[i] !== i) return null;
      total += fieldLength[i] as number;
    }
    const base = PassageMiniSearch.fromPacked<IndexedDoc>(packed, miniSearchOptions());
    let ofPassage: Int32Array | null = null;
    let passageOf: Int32Array | null = null;
    if (pathOrder && !isIdentity(pathOrder)) {
      ofPassage = pathOrder;
      passageOf = new Int32Array(documentIds.length).fill(-1);
      for (let passage = 0; passage < pathOrder.length; passage++) {
        const position = pathOrder[passage] as number;
        if (position >= 0) passageOf[position] = passage;
      }
    }
    return new IndexLayers(base, packed, total, null, 0, 0, new Map(), null, ofPassage, passageOf);
  }

  get baseCount(): number {
    return this.basePacked.documentIds.length;
  }

  /** How many documents the layers number: the base's (removed ones included) and the delta's. */
  get documentSlots(): number {
    return this.baseCount + (this.delta?.documents.length ?? 0);
  }

  /** How many documents each layer holds: the base (removed ones included), the removed, the delta. */
  get sizes(): { base: number; removed: number; added: number } {
    return { base: this.baseCount, removed: this.removedCount, added: this.delta?.documents.length ?? 0 };
  }

  set prune(on: boolean) {
    this.base.prune = on;
    if (this.delta) this.delta.search.prune = on;
  }

  /** How many live passages hold a term. */
  documentFrequency(term: string): number {
    const inBase = this.base.packedFrequency(term);
    const removed = inBase > 0 ? (this.removedTerms.get(term) ?? 0) : 0;
    return inBase - removed + (this.delta?.search.packedFrequency(term) ?? 0);
  }

  /**
   * `terms()` as an array. A base alone (as restored from a snapshot) spreads its own term table:
   * the generator's step and removal check per term was a tenth of a cold first question's time.
   */
  termList(): string[] {
    if (this.removedTerms.size === 0 && !this.delta) return [...this.base.packedTerms()];
    return [...this.terms()];
  }

  /** Every term some live passage holds. */
  *terms(): Generator<string> {
    for (const term of this.base.packedTerms()) {
      if (!this.removedTerms.has(term) || this.documentFrequency(term) > 0) yield term;
    }
    if (!this.delta) return;
    for (const term of this.delta.search.packedTerms()) if (this.base.packedFrequency(term) === 0) yield term;
  }

  documentOf(passageId: number): number {
    return this.ofPassage ? (this.ofPassage[passageId] ?? -1) : passageId;
  }

  passageIdOf(document: number): number {
    return this.passageOf ? (this.passageOf[document] ?? -1) : document;
  }

  /** A delta document's terms; null for a base document. */
  deltaTerms(document: number): readonly string[] | null {
    return this.delta?.documents[document - this.baseCount] ?? null;
  }

  holds(document: number, term: string): boolean {
    return this.termFrequency(document, term) > 0;
  }

  /** How often a live document holds a term (0: not at all, or removed). */
  termFrequency(document: number, term: string): number {
    if (document < 0) return 0;
    if (document < this.baseCount) return this.removed?.[document] === 1 ? 0 : this.base.termFrequency(document, term);
    return this.delta?.search.termFrequency(document, term) ?? 0;
  }

  /**
   * The best `limit` live documents for `terms` (see PassageMiniSearch.topMatches), both layers
   * merged; `reportOf` gives each document's report position, for ties (path order: a report's
   * passages have ascending ids).
   */
  topMatches(terms: readonly string[], boost: DocumentBoost | null, limit: number, reportOf: Uint32Array): Match[] {
    const fromBase = this.base.topMatches(terms, boost, limit, this.view);
    if (!this.delta || !this.view) return fromBase;
    const fromDelta = this.delta.search.topMatches(terms, boost, limit, { ...this.view, removed: null });
    if (fromDelta.length === 0) return fromBase;
    const first = (match: Match) => terms.indexOf(match.terms[0] ?? "");
    const inPathOrder = (a: Match, b: Match) =>
      (reportOf[a.id] as number) - (reportOf[b.id] as number) || this.passageIdOf(a.id) - this.passageIdOf(b.id);
    return [...fromBase, ...fromDelta]
      .sort((a, b) => b.score - a.score || first(a) - first(b) || inPathOrder(a, b))
      .slice(0, limit);
  }

  /**
   * The layers after a reload: `change` says which base documents are gone and what the delta now
   * holds. Folds everything into a new base when the delta or the tombstones have grown large.
   * Gives way through `slicer`; this version is left as it was (it serves until the swap).
   */
  async changed(change: LayerChange, slicer: Slicer): Promise<{ layers: IndexLayers; terms: TermChanges }> {
    const baseCount = this.baseCount;
    const removed = this.removed ? this.removed.slice() : new Uint8Array(baseCount);
    // Copied in slices: it grows with the removals until a fold (tens of thousands of terms).
    const removedTerms = new Map<string, number>();
    for (const [term, count] of this.removedTerms) {
      removedTerms.set(term, count);
      if (removedTerms.size % 1024 === 0 && slicer.due()) await slicer.giveWay();
    }
    let { removedCount, removedLength } = this;
    const touched = new Set<string>();
    for (const { document, terms } of change.removedBase) {
      if (removed[document] === 1) continue;
      removed[document] = 1;
      removedCount++;
      removedLength += this.basePacked.fieldLength[document] as number;
      for (const term of new Set(terms)) {
        removedTerms.set(term, (removedTerms.get(term) ?? 0) + 1);
        touched.add(term);
      }
      if (slicer.due()) await slicer.giveWay();
    }
    if (this.delta) for (const term of this.delta.search.packedTerms()) touched.add(term);

    const builder = new PackedIndexBuilder(INDEXED_FIELD);
    const documents: (readonly string[])[] = [];
    // The change's table becomes the layers' own (made for this reload alone): a copy of a
    // million entries was one more block.
    const ofPassage = change.baseDocumentOf;
    if (ofPassage.length !== change.passageCount) throw new Error("Sitrep: a layer change of the wrong length");
    for (const { passageId, terms } of change.delta) {
      const document = baseCount + documents.length;
      builder.add(document, terms);
      documents.push(terms);
      ofPassage[passageId] = document;
      for (const term of terms) touched.add(term);
      if (slicer.due()) await slicer.giveWay();
    }
    let delta: Delta | null = null;
    if (documents.length > 0) {
      const packed = builder.finish();
      let totalLength = 0;
      for (const length of packed.fieldLength) totalLength += length;
      const search = PassageMiniSearch.fromPacked<IndexedDoc>(packed, miniSearchOptions());
      delta = { search, packed, documents, totalLength };
    }
    if (slicer.due()) await slicer.giveWay();
    const passageOf = await runSliced(fillSteps(new Int32Array(baseCount + documents.length), -1), slicer);
    for (let passage = 0; passage < ofPassage.length; passage++) {
      const document = ofPassage[passage] as number;
      if (document >= 0) passageOf[document] = passage;
      if (passage % 65_536 === 65_535 && slicer.due()) await slicer.giveWay();
    }
    let layers = new IndexLayers(
      this.base,
      this.basePacked,
      this.baseTotalLength,
      removedCount > 0 ? removed : null,
      removedCount,
      removedLength,
      removedTerms,
      delta,
      ofPassage,
      passageOf,
    );
    const terms: TermChanges = { appeared: [], vanished: [] };
    for (const term of touched) {
      const before = this.documentFrequency(term);
      const after = layers.documentFrequency(term);
      if (before === 0 && after > 0) terms.appeared.push(term);
      else if (before > 0 && after === 0) terms.vanished.push(term);
    }
    if (layers.needsFolding()) {
      const pathOrder = await runSliced(change.pathOrder(), slicer);
      const folded = IndexLayers.ofBase(await runSliced(layers.packedSteps(pathOrder), slicer), pathOrder);
      if (!folded) throw new Error("Sitrep: a folded index is not in path order");
      layers = folded;
    }
    return { layers, terms };
  }

  private needsFolding(): boolean {
    const deltaCount = this.delta?.documents.length ?? 0;
    return (
      deltaCount > Math.max(COMPACT_DELTA_DOCUMENTS, this.baseCount * COMPACT_DELTA_SHARE) ||
      this.removedCount > this.baseCount * COMPACT_REMOVED_SHARE
    );
  }

  /**
   * The live documents as one packed index in path order (documents named by their passage's
   * position, `pathOrder` per passage id), as a fresh build of the same passages packs them (the
   * terms may come in another order): what the snapshot saves and a fold makes the new base. Yields
   * every few thousand postings.
   */
  *packedSteps(pathOrder: Int32Array | (() => Generator<void, Int32Array>)): Generator<void, PackedIndex> {
    const base = this.basePacked;
    // The base is in path order already: a position is its short id when nothing was removed or added.
    if (!this.removed && !this.delta) return base;
    const positions = typeof pathOrder === "function" ? yield* pathOrder() : pathOrder;
    const count = this.documentCount;
    const lengths: FieldLengths = {
      base: base.fieldLength,
      delta: this.delta?.packed.fieldLength ?? EMPTY_IDS,
      baseCount: this.baseCount,
    };
    // Each document's position, -1 once removed, in one table: the merge below reads one entry per
    // posting, where it read three tables at scattered places (the tombstones, each document's passage,
    // each passage's position). At a million passages the merge's 11.5 million postings took 630–720
    // ms in steps of up to 39 ms, now 455–550 ms in steps of up to 28 (bench/reload.ts 7, two runs each).
    const documentPosition = new Int32Array(this.documentSlots);
    const fieldLength = new Uint32Array(count);
    let totalLength = 0;
    for (let from = 0; from < this.documentSlots; from += DOCUMENT_STEP) {
      const to = Math.min(this.documentSlots, from + DOCUMENT_STEP);
      placeDocuments(this.removed, this.passageOf, positions, from, to, documentPosition);
      totalLength += placeFieldLengths(documentPosition, lengths, from, to, fieldLength);
      yield;
    }
    const terms: string[] = [];
    const termCounts: number[] = [];
    for (const term of this.terms()) {
      terms.push(term);
      termCounts.push(this.documentFrequency(term));
      if (terms.length % 8192 === 0) yield;
    }
    const offsets = new Uint32Array(terms.length + 1);
    for (let t = 0; t < terms.length; t++) {
      offsets[t + 1] = (offsets[t] as number) + (termCounts[t] as number);
      if (t % 65_536 === 65_535) yield;
    }
    const postings = offsets[terms.length] as number;
    const ids = new Uint32Array(postings);
    const freqs = new Uint16Array(postings);
    const deltaPacked = this.delta?.packed ?? EMPTY_PACKED;
    let at = 0;
    let sinceYield = 0;
    for (const term of terms) {
      const [b, bEnd] = this.base.packedRange(term);
      const [d, dEnd] = this.delta ? this.delta.search.packedRange(term) : [0, 0];
      at = mergeTermPostings(documentPosition, base, b, bEnd, deltaPacked, this.baseCount, d, dEnd, ids, freqs, at);
      sinceYield += bEnd - b + dEnd - d;
      if (sinceYield > POSTING_STEP) {
        sinceYield = 0;
        yield;
      }
    }
    if (at !== postings) throw new Error("Sitrep: the index's term counts disagree with its postings");
    const documentIds = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      documentIds[i] = i;
      if (i % 65_536 === 65_535) yield;
    }
    return {
      field: base.field,
      documentIds,
      fieldLength,
      averageFieldLength: totalLength / Math.max(1, count),
      terms,
      offsets,
      ids,
      freqs,
    };
  }
}

const EMPTY_IDS = new Uint32Array(0);
/** Postings of no document, for merging a term when there is no delta. */
const EMPTY_PACKED: Pick<PackedIndex, "ids" | "freqs"> = { ids: EMPTY_IDS, freqs: new Uint16Array(0) };
/** Documents placed, and postings merged, between two chances to give way. */
const DOCUMENT_STEP = 1 << 16;
const POSTING_STEP = 1 << 14;

/*
 * The loops of packedSteps are plain functions called per step or per term, not loops written inside
 * the generator: each is optimised as a function of its own once it is hot.
 */

/**
 * `documentPosition[document]` for documents `from` … `to` − 1: its position in path order
 * (`positions` per passage id), or -1 once removed.
 */
function placeDocuments(
  removed: Uint8Array | null,
  passageOf: Int32Array | null,
  positions: Int32Array,
  from: number,
  to: number,
  documentPosition: Int32Array,
): void {
  for (let document = from; document < to; document++) {
    const passage = passageOf ? (passageOf[document] as number) : document;
    documentPosition[document] = passage < 0 || removed?.[document] === 1 ? -1 : (positions[passage] as number);
  }
}

interface FieldLengths {
  base: Uint32Array;
  delta: Uint32Array;
  baseCount: number;
}

/** Places the field lengths of documents `from` … `to` − 1 at their positions; returns their sum. */
function placeFieldLengths(
  documentPosition: Int32Array,
  lengths: FieldLengths,
  from: number,
  to: number,
  fieldLength: Uint32Array,
): number {
  let total = 0;
  for (let document = from; document < to; document++) {
    const position = documentPosition[document] as number;
    if (position < 0) continue;
    const length =
      document < lengths.baseCount
        ? (lengths.base[document] as number)
        : (lengths.delta[document - lengths.baseCount] as number);
    fieldLength[position] = length;
    total += length;
  }
  return total;
}

/**
 * One term's postings, base `b` … `bEnd` (removed documents left out) and delta `d` … `dEnd`, both
 * ascending in path order, merged into `ids`/`freqs` from `at`; returns the next free slot.
 */
function mergeTermPostings(
  documentPosition: Int32Array,
  base: Pick<PackedIndex, "ids" | "freqs">,
  b: number,
  bEnd: number,
  delta: Pick<PackedIndex, "ids" | "freqs">,
  /** The delta's first document number: the base's count. */
  deltaStart: number,
  d: number,
  dEnd: number,
  ids: Uint32Array,
  freqs: Uint16Array,
  at: number,
): number {
  let i = b;
  let j = d;
  let next = at;
  for (;;) {
    while (i < bEnd && (documentPosition[base.ids[i] as number] as number) < 0) i++;
    const fromBase = i < bEnd ? (documentPosition[base.ids[i] as number] as number) : Number.POSITIVE_INFINITY;
    const fromDelta =
      j < dEnd ? (documentPosition[deltaStart + (delta.ids[j] as number)] as number) : Number.POSITIVE_INFINITY;
    if (fromBase === Number.POSITIVE_INFINITY && fromDelta === Number.POSITIVE_INFINITY) return next;
    if (fromBase < fromDelta) {
      ids[next] = fromBase;
      freqs[next++] = base.freqs[i++] as number;
    } else {
      ids[next] = fromDelta;
      freqs[next++] = delta.freqs[j++] as number;
    }
  }
}

/** Whether each passage id is its own position (a full load's numbering, without holes). */
function isIdentity(pathOrder: Int32Array): boolean {
  for (let i = 0; i < pathOrder.length; i++) if (pathOrder[i] !== i) return false;
  return true;
}
