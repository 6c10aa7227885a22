import { describe, expect, it } from "vitest";
import { baselineTimeline } from "../bench/timeline17/baseline.js";
import { parseReport, parseTimeline } from "../bench/timeline17/dataset.js";
import type { Timeline } from "../bench/timeline17/metrics.js";
import { alignmentRouge, dateF1, rouge, tokenize } from "../bench/timeline17/metrics.js";

// Every expected figure below was worked out by hand; the comments show the sums.

describe("tokenize", () => {
  it("lowercases and drops stop words", () => {
    expect(tokenize("The Bank of England RAISED rates, and the markets fell.")).toEqual([
      "bank",
      "england",
      "raised",
      "rates",
      "markets",
      "fell",
    ]);
  });

  it("splits on punctuation like Perl ROUGE and keeps non-ASCII letters", () => {
    // "don't" -> "don" + "t"; "t" is a stop word, "don" is not.
    expect(tokenize("Don't panic in Pétion-Ville")).toEqual(["don", "panic", "pétion", "ville"]);
    // "won" is a content word here, not the stem of "won't".
    expect(tokenize("Obama won 2008")).toEqual(["obama", "won", "2008"]);
  });
});

describe("dateF1", () => {
  it("scores exact day overlap", () => {
    // shared {b, c}: P = 2/3, R = 2/4, F = 2·(2/3)(1/2)/(7/6) = 4/7
    const score = dateF1(
      ["2010-01-02", "2010-01-03", "2010-01-04"],
      ["2010-01-03", "2010-01-04", "2010-01-05", "2010-01-06"],
    );
    expect(score.precision).toBeCloseTo(2 / 3, 10);
    expect(score.recall).toBeCloseTo(0.5, 10);
    expect(score.f1).toBeCloseTo(4 / 7, 10);
  });

  it("does not count a neighbouring day, counts duplicates once, and handles empty input", () => {
    expect(dateF1(["2010-01-02"], ["2010-01-03"]).f1).toBe(0);
    expect(dateF1(["2010-01-02", "2010-01-02"], ["2010-01-02", "2010-01-09"])).toEqual({
      precision: 1,
      recall: 0.5,
      f1: 2 / 3,
    });
    expect(dateF1([], ["2010-01-02"])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe("rouge", () => {
  it("clips repeated bigrams", () => {
    // pred bigrams: "rig fire" ×3, "fire rig" ×2 (5); ref: "rig fire" ×2, "fire rig" ×1 (3)
    // hits = min(3,2) + min(2,1) = 3 → P = 3/5, R = 1, F = 0.75
    const score = rouge(["rig fire rig fire rig fire"], ["rig fire rig fire"], 2);
    expect(score.precision).toBeCloseTo(0.6, 10);
    expect(score.recall).toBeCloseTo(1, 10);
    expect(score.f1).toBeCloseTo(0.75, 10);
    // unigrams: pred rig ×3 fire ×3, ref rig ×2 fire ×2 → hits 4, P = 4/6, R = 1, F = 0.8
    expect(rouge(["rig fire rig fire rig fire"], ["rig fire rig fire"], 1).f1).toBeCloseTo(0.8, 10);
  });

  it("forms bigrams after stop-word removal and across a day's sentences", () => {
    expect(rouge(["Rig on fire."], ["rig fire"], 2).f1).toBeCloseTo(1, 10);
    // "rig burns" "burns fire" "fire spreads": 3 bigrams, 1 shared with "burns fire" → P = 1/3, R = 1
    const score = rouge(["Rig burns.", "Fire spreads."], ["burns fire"], 2);
    expect(score.precision).toBeCloseTo(1 / 3, 10);
    expect(score.recall).toBeCloseTo(1, 10);
  });
});

describe("alignmentRouge (align+ m:1)", () => {
  const reference: Timeline = [
    { date: "2010-04-20", sentences: ["Oil rig explodes in gulf waters."] },
    { date: "2010-04-22", sentences: ["Rig sinks after burning fire."] },
  ];

  it("gives 1 for identical timelines", () => {
    for (const n of [1, 2] as const) {
      const score = alignmentRouge(reference, reference, n);
      expect(score.precision).toBeCloseTo(1, 10);
      expect(score.recall).toBeCloseTo(1, 10);
      expect(score.f1).toBeCloseTo(1, 10);
    }
    expect(dateF1(["2010-04-20", "2010-04-22"], ["2010-04-20", "2010-04-22"]).f1).toBe(1);
  });

  it("gives 0 for disjoint vocabulary on the same days", () => {
    const predicted: Timeline = [
      { date: "2010-04-20", sentences: ["Markets rally strongly."] },
      { date: "2010-04-22", sentences: ["Bankers cheer profits."] },
    ];
    expect(alignmentRouge(predicted, reference, 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(alignmentRouge(predicted, reference, 2)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it("halves the hits of identical text one day off", () => {
    const ref: Timeline = [{ date: "2010-04-20", sentences: ["Oil rig explodes in gulf waters."] }];
    const predicted: Timeline = [{ date: "2010-04-21", sentences: ["Oil rig explodes in gulf waters."] }];
    // 5 unigrams, 4 bigrams, all hit, weight 1/(1+1): P = R = F = 1/2 for both n
    for (const n of [1, 2] as const) {
      const score = alignmentRouge(predicted, ref, n);
      expect(score.precision).toBeCloseTo(0.5, 10);
      expect(score.recall).toBeCloseTo(0.5, 10);
      expect(score.f1).toBeCloseTo(0.5, 10);
    }
    expect(dateF1(["2010-04-21"], ["2010-04-20"]).f1).toBe(0);
  });

  describe("two predicted days mapped to the same reference day", () => {
    // ref X 04-20 {oil rig explodes gulf}, ref Y 05-20 {senate hearing questions executives}
    // pred A 04-20 {oil rig burns}, pred B 04-25 {rig explodes gulf}
    // costs: A–X 0; A–Y (30/31)·1; B–X (5/6)·(1 − 6/7) = 5/42; B–Y (25/26)·1
    // precision: A→X, B→X (m:1); recall: X→A (cost 0), Y→B (25/26 < 30/31)
    const ref: Timeline = [
      { date: "2010-04-20", sentences: ["Oil rig explodes in the gulf."] },
      { date: "2010-05-20", sentences: ["Senate hearing questions executives."] },
    ];
    const predicted: Timeline = [
      { date: "2010-04-20", sentences: ["Oil rig burns."] },
      { date: "2010-04-25", sentences: ["Rig explodes in gulf."] },
    ];

    it("ROUGE-1", () => {
      // P = (2·1 + 3·1/6) / 6 = 5/12; R = (2·1 + 0) / 8 = 1/4; F = 5/16
      const score = alignmentRouge(predicted, ref, 1);
      expect(score.precision).toBeCloseTo(5 / 12, 10);
      expect(score.recall).toBeCloseTo(1 / 4, 10);
      expect(score.f1).toBeCloseTo(5 / 16, 10);
    });

    it("ROUGE-2", () => {
      // A {oil rig, rig burns}, B {rig explodes, explodes gulf}, X {oil rig, rig explodes, explodes gulf}
      // P = (1·1 + 2·1/6) / 4 = 1/3; R = (1·1 + 0) / 6 = 1/6; F = 2/9
      const score = alignmentRouge(predicted, ref, 2);
      expect(score.precision).toBeCloseTo(1 / 3, 10);
      expect(score.recall).toBeCloseTo(1 / 6, 10);
      expect(score.f1).toBeCloseTo(2 / 9, 10);
    });
  });

  it("lets content break a date-distance tie", () => {
    // pred P 04-21 sits one day from both X (04-20) and Y (04-22); P–X costs 1/2·1, P–Y 1/2·0 → Y.
    // P = 4·1/2 / 4 = 1/2; R: X→P 0 hits, Y→P 4·1/2 → 2/8 = 1/4; F = 1/3
    const ref: Timeline = [
      { date: "2010-04-20", sentences: ["Oil rig explodes in gulf."] },
      { date: "2010-04-22", sentences: ["Senate hearing questions executives."] },
    ];
    const predicted: Timeline = [{ date: "2010-04-21", sentences: ["Senate hearing questions executives."] }];
    const score = alignmentRouge(predicted, ref, 1);
    expect(score.precision).toBeCloseTo(0.5, 10);
    expect(score.recall).toBeCloseTo(0.25, 10);
    expect(score.f1).toBeCloseTo(1 / 3, 10);
  });

  it("merges repeated days and scores empty timelines as 0", () => {
    const split: Timeline = [
      { date: "2010-04-20", sentences: ["Oil rig explodes."] },
      { date: "2010-04-20", sentences: ["Gulf waters."] },
      { date: "2010-04-22", sentences: ["Rig sinks after burning fire."] },
    ];
    expect(alignmentRouge(split, reference, 2).f1).toBeCloseTo(1, 10);
    expect(alignmentRouge([], reference, 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(alignmentRouge(reference, [], 1)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe("dataset parsing", () => {
  it("splits blocks on dash lines, merges repeated days, skips undated blocks", () => {
    const text = [
      "2009-05-01",
      "Tests confirm a case.",
      "24 of the 32 suspected cases tested negative.",
      "--------------------------------",
      "2009-04-30",
      "A probable case.",
      "--------------------------------",
      "2011-04-0",
      "Jury selection begins.",
      "--------------------------------",
      "2009-05-01",
      "Another case.",
      "--------------------------------",
      "",
    ].join("\n");
    const skipped: string[] = [];
    expect(parseTimeline(text, (block) => skipped.push(block.header))).toEqual([
      { date: "2009-04-30", sentences: ["A probable case."] },
      {
        date: "2009-05-01",
        sentences: ["Tests confirm a case.", "24 of the 32 suspected cases tested negative.", "Another case."],
      },
    ]);
    expect(skipped).toEqual(["2011-04-0"]);
  });

  it("reads a report's date line and body lines", () => {
    expect(parseReport("date 2010-04-21\nFirst line.\n\nSecond line.\n")).toEqual({
      date: "2010-04-21",
      sentences: ["First line.", "Second line."],
    });
  });
});

describe("baselineTimeline", () => {
  it("takes the busiest days with their reports' lead sentences", () => {
    const reports = [
      "date 2010-04-21\nA leads.\nA second.",
      "date 2010-04-20\nB leads.",
      "date 2010-04-21\nC leads.",
      "date 2010-04-22\nD leads.",
      "date 2010-04-22\nE leads.",
      "date 2010-04-22\nD leads.",
    ];
    // 04-22 has 3 reports, 04-21 two, 04-20 one; D's lead repeats and is taken once,
    // then E's lead; 04-21 gets both leads.
    expect(baselineTimeline(reports, 2, 2)).toEqual([
      { date: "2010-04-21", sentences: ["A leads.", "C leads."] },
      { date: "2010-04-22", sentences: ["D leads.", "E leads."] },
    ]);
    // 04-22's reports have only two distinct sentences, so it gets two of three.
    expect(baselineTimeline(reports, 1, 3)).toEqual([{ date: "2010-04-22", sentences: ["D leads.", "E leads."] }]);
    // A lone report fills the quota from its second sentence.
    expect(baselineTimeline(["date 2010-04-21\nA leads.\nA second."], 1, 2)).toEqual([
      { date: "2010-04-21", sentences: ["A leads.", "A second."] },
    ]);
  });
});
