import MiniSearch, { type AsPlainObject, type Options } from "minisearch";

/**
 * A faster snapshot for a large MiniSearch index. `MiniSearch.loadJS` rebuilds every posting list
 * from an object keyed by document id, which on Timeline17 (1.6 million postings) takes longer to
 * parse and convert than everything else at start-up together. Here postings are stored as plain
 * number arrays, which parse several times faster, and put back into MiniSearch's own maps.
 *
 * That last step writes MiniSearch's internal fields (`_index`, `_documentIds`, `_fieldLength`,
 * `_idToShortId`), so it is checked: any mismatch throws, and the caller rebuilds the index from
 * the corpus instead. The lockfile pins the MiniSearch version this was written against (7.2).
 */

export interface CompactIndex {
  format: "sitrep-compact-minisearch";
  version: 1;
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
  /** Per short id: the document id, then its field lengths. */
  documentIds: number[];
  fieldLength: number[][];
  terms: string[];
  /** Per term and field id: [shortIds, frequencies]. */
  postings: Record<string, [number[], number[]]>[];
}

interface Internals {
  _index: { set(term: string, data: Map<number, Map<number, number>>): unknown; size: number };
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldLength: Map<number, number[]>;
  _storedFields: Map<number, unknown>;
}

export function toCompact(plain: AsPlainObject): CompactIndex {
  const shortIds = Object.keys(plain.documentIds).map(Number);
  return {
    format: "sitrep-compact-minisearch",
    version: 1,
    documentCount: plain.documentCount,
    nextId: plain.nextId,
    fieldIds: plain.fieldIds,
    averageFieldLength: plain.averageFieldLength,
    dirtCount: plain.dirtCount ?? 0,
    documentIds: shortIds.map((s) => Number(plain.documentIds[s])),
    fieldLength: shortIds.map((s) => plain.fieldLength[s] ?? []),
    terms: plain.index.map(([term]) => term),
    postings: plain.index.map(([, byField]) => {
      const out: Record<string, [number[], number[]]> = {};
      for (const [fieldId, entries] of Object.entries(byField)) {
        const ids = Object.keys(entries);
        out[fieldId] = [ids.map(Number), ids.map((id) => entries[id] as number)];
      }
      return out;
    }),
  };
}

export function fromCompact<T>(compact: CompactIndex, options: Options<T>): MiniSearch<T> {
  if (compact.format !== "sitrep-compact-minisearch" || compact.version !== 1) {
    throw new Error("Sitrep: not a compact MiniSearch snapshot");
  }
  if (compact.postings.length !== compact.terms.length || compact.fieldLength.length !== compact.documentIds.length) {
    throw new Error("Sitrep: compact snapshot did not load whole (its tables disagree in length)");
  }
  // The public loader sets up everything but the postings and the document tables.
  const miniSearch = MiniSearch.loadJS<T>(
    {
      documentCount: compact.documentCount,
      nextId: compact.nextId,
      documentIds: {},
      fieldIds: compact.fieldIds,
      fieldLength: {},
      averageFieldLength: compact.averageFieldLength,
      storedFields: {},
      dirtCount: compact.dirtCount,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const internals = miniSearch as unknown as Partial<Internals>;
  const { _index: index, _documentIds: documentIds, _idToShortId: idToShortId, _fieldLength: fieldLength } = internals;
  if (
    !index ||
    typeof index.set !== "function" ||
    !(documentIds instanceof Map) ||
    !(idToShortId instanceof Map) ||
    !(fieldLength instanceof Map)
  ) {
    throw new Error("Sitrep: this MiniSearch version's internals differ from what the compact snapshot expects");
  }
  compact.documentIds.forEach((id, shortId) => {
    documentIds.set(shortId, id);
    idToShortId.set(id, shortId);
    fieldLength.set(shortId, compact.fieldLength[shortId] ?? []);
  });
  compact.terms.forEach((term, i) => {
    const byField = new Map<number, Map<number, number>>();
    for (const [fieldId, [ids, freqs]] of Object.entries(compact.postings[i] ?? {})) {
      const entries = new Map<number, number>();
      for (let j = 0; j < ids.length; j++) entries.set(ids[j] as number, freqs[j] as number);
      byField.set(Number(fieldId), entries);
    }
    index.set(term, byField);
  });
  if (miniSearch.documentCount !== compact.documentCount || miniSearch.termCount !== compact.terms.length) {
    throw new Error("Sitrep: compact snapshot did not load whole");
  }
  return miniSearch;
}
