import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drain } from "../src/time-slice.js";
import { type DocumentBoost, PackedIndexBuilder, PassageMiniSearch } from "../src/search/compact-snapshot.js";

const OPTIONS = { fields: ["text"] };
/** A tiny vocabulary and short documents: many documents score the same, so tie order matters. */
const WORDS = ["oil", "spill", "gulf", "coast", "well", "cap"];
const FACTORS = [0, 1, 1.25, 1.5];

const documentText = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 7 }).map((w) => w.join(" "));

const scenario = fc.record({
  texts: fc.array(documentText, { minLength: 1, maxLength: 400, size: "max" }),
  /** Per document, its group's index into `factors`. */
  groups: fc.array(fc.nat(3), { minLength: 400, maxLength: 400 }),
  /** Groups rising with the document id, as a fresh build numbers passages report by report. */
  reportOrder: fc.boolean(),
  factors: fc.option(fc.array(fc.constantFrom(...FACTORS), { minLength: 4, maxLength: 4 }), { nil: null }),
  terms: fc.array(fc.constantFrom(...WORDS, "absent"), { minLength: 1, maxLength: 4 }),
  limit: fc.integer({ min: 1, max: 40 }),
  /** After loading, as a reload would: documents removed (by position) and new ones added. */
  removed: fc.array(fc.nat(399), { maxLength: 20 }),
  added: fc.array(documentText, { maxLength: 20 }),
});

function indexOf(texts: string[]): PassageMiniSearch<{ id: number; text: string }> {
  const builder = new PackedIndexBuilder("text");
  texts.forEach((text, id) => builder.add(id, text === "" ? [] : text.split(" ")));
  return PassageMiniSearch.fromPacked(builder.finish(), OPTIONS);
}

describe("pruned top matches", () => {
  it("are the exhaustive top matches: same documents, scores, terms and tie order", () => {
    let prunedRuns = 0;
    fc.assert(
      fc.property(scenario, ({ texts, groups, reportOrder, factors, terms, limit, removed, added }) => {
        const index = indexOf(texts);
        const live = new Set(texts.keys());
        for (const at of removed) {
          if (!live.has(at)) continue;
          index.remove({ id: at, text: texts[at] ?? "" });
          live.delete(at);
        }
        added.forEach((text, i) => index.add({ id: texts.length + i, text }));
        drain(index.recomputeAverageFieldLengthSteps());
        const boost: DocumentBoost | null = factors
          ? {
              factors: Float64Array.from(factors),
              groupOf: Uint32Array.from(reportOrder ? [...groups].sort((a, b) => a - b) : groups.concat(groups)),
            }
          : null;
        const exhaustive = index.exhaustiveTopMatches(terms, boost, limit);
        const pruned = index.prunedTopMatches(terms, boost, limit);
        if (pruned === null) return;
        prunedRuns++;
        expect(pruned).toEqual(exhaustive);
        index.prune = true;
        expect(index.topMatches(terms, boost, limit)).toEqual(exhaustive);
      }),
      { numRuns: 600 },
    );
    // Most scenarios have more postings than `limit`: the pruned path must have run, not fallen back.
    expect(prunedRuns).toBeGreaterThan(300);
  });

  it("score every matching document as the ranking does, when asked for the scores alone", () => {
    fc.assert(
      fc.property(scenario, ({ texts, terms }) => {
        const index = indexOf(texts);
        const ranked = index.exhaustiveTopMatches(terms, null, Number.POSITIVE_INFINITY);
        const { ids, scores } = index.scoresOf(terms);
        const scored = [...ids].map((id, i) => ({ id, score: scores[i] }));
        expect(scored.sort((a, b) => a.id - b.id)).toEqual(
          ranked.map(({ id, score }) => ({ id, score })).sort((a, b) => a.id - b.id),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("rank a document holding rare terms above hundreds holding only a common one, as MiniSearch does", () => {
    // One document holds both rare terms; hundreds hold only the common one.
    const texts = [
      ...Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? "oil oil spill" : "oil well")),
      "gulf coast oil",
      ...Array.from({ length: 500 }, () => "oil"),
    ];
    const index = indexOf(texts);
    const terms = ["gulf", "oil", "coast"];
    // MiniSearch's own search, on another copy: it turns the terms it reads into maps.
    const plain = indexOf(texts).search({ queries: terms, combineWith: "OR" }).slice(0, 3);
    const expected = plain.map((r) => ({ id: r.id as number, score: r.score, terms: r.queryTerms }));
    expect(index.prunedTopMatches(terms, null, 3)).toEqual(expected);
    expect(index.prunedTopMatches(terms, null, 3)?.[0]?.id).toBe(500);
  });
});
