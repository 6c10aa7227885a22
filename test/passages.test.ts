import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PassageDirectory, ReportPassages } from "../src/corpus/passages.js";
import type { Passage } from "../src/corpus/types.js";

const SPANS = [
  { start: 0, end: 10, paragraph: 0 },
  { start: 11, end: 25, paragraph: 0 },
  { start: 27, end: 40, paragraph: 1 },
];

describe("ReportPassages", () => {
  const run = ReportPassages.of("r", 5, SPANS, "2017-06-28");

  it("at: makes the passage of an ordinal, with its id, report and date", () => {
    expect(run.length).toBe(3);
    expect(run.at(1)).toEqual({
      id: 6,
      reportId: "r",
      ordinal: 1,
      paragraph: 0,
      start: 11,
      end: 25,
      date: "2017-06-28",
    });
    expect(run.at(2)?.paragraph).toBe(1);
  });

  it("at: undefined outside the report, for negative, past-the-end and fractional ordinals", () => {
    expect(run.at(-1)).toBeUndefined();
    expect(run.at(3)).toBeUndefined();
    expect(run.at(0.5)).toBeUndefined();
  });

  it("iterates, slices and lists the passages in ordinal order", () => {
    expect([...run].map((p) => p.id)).toEqual([5, 6, 7]);
    expect(run.slice(1).map((p) => p.ordinal)).toEqual([1, 2]);
    expect(run.slice(-2, 10).map((p) => p.ordinal)).toEqual([0, 1, 2]);
    expect(run.toArray()).toEqual([...run]);
  });

  it("holds: a passage read from it, not one that differs in id, span, report or date", () => {
    const passage = run.at(2);
    if (!passage) throw new Error("no passage");
    expect(run.holds(passage)).toBe(true);
    expect(run.holds({ ...passage, id: 8 })).toBe(false);
    expect(run.holds({ ...passage, end: 39 })).toBe(false);
    expect(run.holds({ ...passage, reportId: "s" })).toBe(false);
    expect(run.holds({ ...passage, date: null })).toBe(false);
    expect(run.holdsId(4)).toBe(false);
    expect(run.holdsId(7)).toBe(true);
  });

  it("renumbered and withDate share the table and leave the original as it was", () => {
    const moved = run.renumbered(100);
    expect(moved.spans).toBe(run.spans);
    expect(moved.at(0)?.id).toBe(100);
    expect(run.at(0)?.id).toBe(5);
    expect(run.renumbered(5)).toBe(run);
    const undated = run.withDate(null);
    expect(undated.at(0)?.date).toBeNull();
    expect(run.at(0)?.date).toBe("2017-06-28");
  });

  it("fromSpans takes a table as it is, and refuses one that is not triples", () => {
    const table = new Uint32Array([0, 4, 0, 5, 9, 1]);
    expect(ReportPassages.fromSpans("t", 0, table, null).spans).toBe(table);
    expect(() => ReportPassages.fromSpans("t", 0, new Uint32Array(4), null)).toThrow(/^sitrep: t: .*triples/);
  });
});

describe("PassageDirectory", () => {
  it("finds every passage by id, in runs given in any order, and nothing at a hole", () => {
    const a = ReportPassages.of("a", 4, SPANS, null);
    const b = ReportPassages.of("b", 0, SPANS.slice(0, 2), null);
    const empty = ReportPassages.of("e", 2, [], null);
    // Ids 2 and 3 are a hole (a removed report's), 7 is past the last run's end.
    const directory = PassageDirectory.of([a, empty, b], 8);
    expect(directory.length).toBe(8);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((id) => directory.at(id)?.reportId ?? null)).toEqual([
      "b",
      "b",
      null,
      null,
      "a",
      "a",
      "a",
      null,
    ]);
    expect(directory.at(5)).toEqual(a.at(1));
    expect(directory.runOf(4)).toBe(a);
    expect(directory.holds(a.at(1) as Passage)).toBe(true);
    expect(directory.holds({ ...(a.at(1) as Passage), id: 2 })).toBe(false);
    expect(directory.at(-1)).toBeUndefined();
    expect(directory.at(8)).toBeUndefined();
    expect([...directory].map((p) => p.id)).toEqual([0, 1, 4, 5, 6]);
  });

  it("refuses runs whose ids overlap or run past the id space", () => {
    const a = ReportPassages.of("a", 0, SPANS, null);
    const b = ReportPassages.of("b", 2, SPANS, null);
    expect(() => PassageDirectory.of([a, b], 10)).toThrow(/^sitrep: passage ids of b overlap/);
    expect(() => PassageDirectory.of([a], 2)).toThrow(/^sitrep: passage ids run past the id space/);
  });

  it("at(id) is the passage its run makes, for any runs and holes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(4)), { maxLength: 20 }), (shapes) => {
        // Each run: a gap of `gap` unused ids, then `count` passages.
        let next = 0;
        const runs = shapes.map(([gap, count], i) => {
          const spans = Array.from({ length: count }, (_, j) => ({ start: j * 10, end: j * 10 + 5, paragraph: j }));
          const run = ReportPassages.of(`r${i}`, next + gap, spans, null);
          next += gap + count;
          return run;
        });
        const directory = PassageDirectory.of([...runs].reverse(), next + 1);
        for (let id = 0; id <= next; id++) {
          const owner = runs.find((run) => run.holdsId(id));
          expect(directory.at(id)).toEqual(owner?.at(id - owner.firstId));
        }
      }),
    );
  });
});
