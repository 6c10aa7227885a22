import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { buildDeferredPostings, type CompactIndex, fromCompact, toCompact } from "../src/search/compact-snapshot.js";

const OPTIONS = { fields: ["text"] };
const DOCS = [
  { id: 0, text: "Iraqi forces pushed towards the Tigris" },
  { id: 1, text: "Isis blew up the Grand Mosque" },
  { id: 2, text: "Civilians fled the Old City as forces advanced" },
];

function built(): MiniSearch {
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(DOCS);
  return ms;
}

describe("compact MiniSearch snapshot", () => {
  it("round-trips to an index that scores every query exactly as the original", () => {
    const original = built();
    const restored = fromCompact(JSON.parse(JSON.stringify(toCompact(original.toJSON()))) as CompactIndex, OPTIONS);
    for (const query of ["forces", "grand mosque", "tigris civilians", "city", "nothing here"]) {
      expect(restored.search(query)).toEqual(original.search(query));
    }
    expect(restored.documentCount).toBe(3);
    expect(restored.termCount).toBe(original.termCount);
  });

  it("keeps working as a live index: documents can be added and removed after loading", () => {
    const restored = fromCompact(toCompact(built().toJSON()), OPTIONS);
    restored.add({ id: 3, text: "The Grand Mosque was rebuilt" });
    expect(restored.search("rebuilt").map((r) => r.id)).toEqual([3]);
    restored.discard(1);
    expect(restored.search("blew").map((r) => r.id)).toEqual([]);
  });

  it("scores the same before and after its deferred postings are built", () => {
    const restored = fromCompact(toCompact(built().toJSON()), OPTIONS);
    const before = restored.search("forces city mosque");
    buildDeferredPostings(restored);
    expect(restored.search("forces city mosque")).toEqual(before);
    // Same content; the order terms are listed in follows insertion order, which the format does not keep.
    const byTerm = (json: ReturnType<MiniSearch["toJSON"]>) => ({
      ...json,
      index: [...json.index].sort(([a], [b]) => a.localeCompare(b)),
    });
    expect(byTerm(restored.toJSON())).toEqual(byTerm(built().toJSON()));
  });

  it("refuses something that is not a compact snapshot, so the caller rebuilds", () => {
    const compact = toCompact(built().toJSON());
    expect(() => fromCompact({ ...compact, version: 9 } as unknown as CompactIndex, OPTIONS)).toThrow(/^Sitrep: /);
    expect(() => fromCompact({ ...compact, terms: compact.terms.slice(1) }, OPTIONS)).toThrow(/did not load whole/);
  });
});
