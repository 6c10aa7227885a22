import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import {
  type CompactIndex,
  type CompactIndexMeta,
  fromCompact,
  PackedIndexBuilder,
  PassageMiniSearch,
  toCompact,
} from "../src/search/compact-snapshot.js";
import { readTableFile, tableFilePieces, tableOf } from "../src/table-file.js";

const OPTIONS = { fields: ["text"] };
const DOCS = [
  { id: 0, text: "Iraqi forces pushed towards the Tigris" },
  { id: 1, text: "Isis blew up the Grand Mosque" },
  { id: 2, text: "Civilians fled the Old City as forces advanced" },
  { id: 3, text: "forces forces forces near the city" },
];
const QUERIES = ["forces", "grand mosque", "tigris civilians", "city", "forces city mosque", "nothing here"];

function original(): MiniSearch {
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(DOCS);
  return ms;
}

/** The same documents through the packed build (split as MiniSearch's default tokenizer would). */
function packed(): PassageMiniSearch<(typeof DOCS)[number]> {
  const builder = new PackedIndexBuilder("text");
  for (const doc of DOCS) builder.add(doc.id, doc.text.toLowerCase().split(" "));
  return PassageMiniSearch.fromPacked(builder.finish(), OPTIONS);
}

/** Through a table file's bytes and back, as the snapshot keeps an index. */
function throughSnapshot<T>(index: PassageMiniSearch<T>): PassageMiniSearch<T> {
  const { meta, tables } = toCompact(index.toPacked());
  const pieces = [...tableFilePieces(Object.entries(tables), [JSON.stringify(meta)])];
  const file = readTableFile(Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p) : p))));
  const compact: CompactIndex = {
    meta: file.content as CompactIndexMeta,
    tables: {
      documentIds: tableOf(file, "documentIds", Uint32Array),
      fieldLength: tableOf(file, "fieldLength", Uint32Array),
      offsets: tableOf(file, "offsets", Uint32Array),
      ids: tableOf(file, "ids", Uint32Array),
      freqs: tableOf(file, "freqs", Uint16Array),
    },
  };
  return PassageMiniSearch.fromPacked(fromCompact(compact), OPTIONS);
}

describe("packed MiniSearch postings", () => {
  it("build an index MiniSearch scores exactly as its own addAll", () => {
    const built = packed();
    for (const query of QUERIES) expect(built.search(query)).toEqual(original().search(query));
    expect(built.documentCount).toBe(DOCS.length);
    expect(built.termCount).toBe(original().termCount);
  });

  it("give the best matches with MiniSearch's scores and order, boosts and exclusions included", () => {
    const built = packed();
    const factors = Float64Array.from([1, 0, 1.5, 1]);
    const boost = { factors, groupOf: Uint32Array.from([0, 1, 2, 3]) };
    for (const query of QUERIES) {
      const terms = query.split(" ");
      const expected = original()
        .search({ queries: terms, combineWith: "OR" }, { boostDocument: (id) => factors[id as number] ?? 1 })
        .map((r) => ({ id: r.id as number, score: r.score, terms: r.queryTerms }));
      expect(built.topMatches(terms, boost, 10)).toEqual(expected);
      expect(built.topMatches(terms, boost, 1)).toEqual(expected.slice(0, 1));
    }
  });

  it("pick the same best few as MiniSearch among hundreds of matches, ties in MiniSearch's order", () => {
    const words = ["oil", "spill", "gulf", "coast", "well", "cap", "bp", "leak"];
    // Deterministic documents of 1 to 6 words from a small vocabulary: many equal scores.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 997;
    const docs = Array.from({ length: 400 }, (_, id) => ({
      id,
      text: Array.from({ length: 1 + (next() % 6) }, () => words[next() % words.length]).join(" "),
    }));
    const plain = new MiniSearch(OPTIONS);
    plain.addAll(docs);
    const builder = new PackedIndexBuilder("text");
    for (const doc of docs) builder.add(doc.id, doc.text.split(" "));
    const packedIndex = PassageMiniSearch.fromPacked(builder.finish(), OPTIONS);
    const factors = Float64Array.from({ length: 400 }, (_, id) => [1, 0, 1.5][id % 3] ?? 1);
    const boost = { factors, groupOf: Uint32Array.from({ length: 400 }, (_, id) => id) };
    for (const terms of [["oil"], ["spill", "leak"], ["gulf", "coast", "cap", "bp"]]) {
      const expected = plain
        .search({ queries: terms, combineWith: "OR" }, { boostDocument: (id) => factors[id as number] ?? 1 })
        .map((r) => ({ id: r.id as number, score: r.score, terms: r.queryTerms }));
      expect(expected.length).toBeGreaterThan(25);
      expect(packedIndex.topMatches(terms, boost, 25)).toEqual(expected.slice(0, 25));
    }
  });

  it("answer whether a document holds a term, before and after MiniSearch builds the term's map", () => {
    const built = packed();
    expect(built.holds(3, "city")).toBe(true);
    expect(built.holds(0, "city")).toBe(false);
    built.search("city");
    expect(built.holds(3, "city")).toBe(true);
    expect(built.holds(0, "city")).toBe(false);
    expect(built.holds(9, "city")).toBe(false);
  });

  it("count how often a document holds a term, before and after MiniSearch builds the term's map", () => {
    const built = packed();
    const counts = () => [0, 1, 2, 3, 9].map((id) => built.termFrequency(id, "forces"));
    expect(counts()).toEqual([1, 0, 1, 3, 0]);
    expect(built.termFrequency(3, "nothing")).toBe(0);
    built.search("forces");
    expect(counts()).toEqual([1, 0, 1, 3, 0]);
  });

  it("round-trip through a snapshot file to the same scores", () => {
    const restored = throughSnapshot(packed());
    for (const query of QUERIES) expect(restored.search(query)).toEqual(original().search(query));
  });

  it("keep working as a live index: documents added and removed after loading, and saved so", () => {
    const restored = throughSnapshot(packed());
    restored.add({ id: 4, text: "The Grand Mosque was rebuilt" });
    expect(restored.search("rebuilt").map((r) => r.id)).toEqual([4]);
    expect(restored.topMatches(["rebuilt"], null, 5).map((m) => m.id)).toEqual([4]);
    restored.discard(1);
    expect(restored.search("blew").map((r) => r.id)).toEqual([]);
    expect(restored.topMatches(["blew", "mosque"], null, 5).map((m) => m.id)).toEqual([4]);
    const again = throughSnapshot(restored);
    expect(again.topMatches(["mosque"], null, 5).map((m) => m.id)).toEqual([4]);
    expect(again.topMatches(["blew"], null, 5)).toEqual([]);
    expect(again.documentCount).toBe(DOCS.length);
  });

  it("walk their terms as MiniSearch does (prefix and fuzzy search, term count), before and after adds and removals", () => {
    const same = (restored: MiniSearch, own: MiniSearch) => {
      for (const query of ["forc", "mosq", "cit"]) {
        expect(restored.search(query, { prefix: true })).toEqual(own.search(query, { prefix: true }));
      }
      for (const query of ["forcez", "mosqe", "tigrls"]) {
        expect(restored.search(query, { fuzzy: 1 })).toEqual(own.search(query, { fuzzy: 1 }));
      }
      expect(restored.termCount).toBe(own.termCount);
    };
    same(throughSnapshot(packed()), original());
    // Changed before anything walks the terms: the tree is built from the packed terms and the changes.
    const restored = throughSnapshot(packed());
    const own = original();
    for (const index of [restored, own] as MiniSearch[]) {
      index.add({ id: 4, text: "The grand mosque was rebuilt near the citadel" });
      index.remove({ id: 1, text: "Isis blew up the Grand Mosque" });
    }
    expect(restored.search("blew")).toEqual([]);
    same(restored, own);
  });

  it("refuse a snapshot that is not whole or was tampered with, so the caller rebuilds", () => {
    const { meta, tables } = toCompact(packed().toPacked());
    const edited = (changes: Partial<CompactIndex["tables"]>, metaChanges: Partial<CompactIndexMeta> = {}) =>
      fromCompact({ meta: { ...meta, ...metaChanges }, tables: { ...tables, ...changes } });
    expect(() => edited({}, { version: 9 } as unknown as CompactIndexMeta)).toThrow(/^Sitrep: /);
    expect(() => edited({}, { terms: meta.terms.split("\n").slice(1).join("\n") })).toThrow(/did not load whole/);
    // The first term's first posting (document 0) made document 77, of 4.
    const ids = tables.ids.slice();
    ids[0] = 77;
    expect(() => edited({ ids })).toThrow(/unknown documents/);
    expect(() => edited({ freqs: tables.freqs.slice(0, 8) })).toThrow(/not as long as its offsets/);
    expect(() => edited({ ids: Uint32Array.from([...tables.ids, 0]) })).toThrow(/not as long as its offsets/);
    const offsets = tables.offsets.slice();
    offsets[1] = (offsets[2] as number) + 1;
    expect(() => edited({ offsets })).toThrow(/out of order/);
    // A term's postings in descending order: "forces" is in documents 0, 2 and 3.
    const term = meta.terms.split("\n").indexOf("forces");
    const start = tables.offsets[term] as number;
    const swapped = tables.ids.slice();
    swapped.set([swapped[start + 1] as number, swapped[start] as number], start);
    expect(() => edited({ ids: swapped })).toThrow(/out of order/);
    expect(edited({}).ids).toEqual(tables.ids);
  });
});
