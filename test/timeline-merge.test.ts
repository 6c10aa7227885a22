import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventList } from "../src/timeline/merge.js";
import type { DatePrecision, TimelineEvent } from "../src/timeline/types.js";
import type { Vector } from "../src/timeline/vectors.js";

/** An event dated `day` at `precision` (its date written as the timeline writes it), citing one sentence. */
function eventOn(day: string, precision: DatePrecision, sentence: number): TimelineEvent {
  const date =
    precision === "day" ? day : precision === "month" ? day.slice(0, 7) : precision === "year" ? day.slice(0, 4) : day;
  const citation = {
    reportId: `r${sentence}`,
    reportTitle: "",
    reportFile: `r${sentence}.txt`,
    reportDate: null,
    reportDateSource: "none" as const,
    quote: `sentence ${sentence}`,
    start: 0,
    end: 10,
  };
  return {
    date,
    precision,
    day,
    quote: citation.quote,
    reportId: citation.reportId,
    reportDate: null,
    sources: [citation],
    disputedDates: [],
  };
}

const vectorOf = (words: string[]): Vector => new Map(words.map((w) => [w, 1]));

describe("EventList.couldMerge", () => {
  it("is true for the same event a few days off, and false for one told years away", () => {
    const list = new EventList();
    list.add(eventOn("2017-07-09", "day", 1), vectorOf(["victory", "mosul", "announce"]));
    const nearby = eventOn("2017-07-10", "day", 2);
    expect(list.couldMerge(nearby)).toBe(true);
    expect(list.mergeIntoExisting(nearby, vectorOf(["victory", "mosul", "announce"]))).toBe(true);
    // The same words, years before: not one event, and the list need not read its sentences to know.
    const background = eventOn("2014-06-10", "day", 3);
    expect(list.couldMerge(background)).toBe(false);
    expect(list.mergeIntoExisting(background, vectorOf(["victory", "mosul", "announce"]))).toBe(false);
  });

  it("reaches an entry through an overlapping period, however long", () => {
    const list = new EventList();
    list.add(eventOn("2014-01-01", "year", 1), vectorOf(["caliphate"]));
    expect(list.couldMerge(eventOn("2014-11-20", "day", 2))).toBe(true);
    expect(list.couldMerge(eventOn("2016-11-20", "day", 2))).toBe(false);
  });

  it("is false whenever mergeIntoExisting would not fold the event (property)", () => {
    const days = fc
      .integer({ min: 0, max: 700 })
      .map((n) => new Date(Date.UTC(2008, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const precision = fc.constantFrom<DatePrecision>("day", "month", "year");
    const words = fc.subarray(["oil", "well", "cap", "leak", "spill", "die", "arrest", "seal"], { minLength: 1 });
    const dated = fc.record({ day: days, precision, words, sentence: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(dated, { maxLength: 8 }), dated, (listed, candidate) => {
        const list = new EventList();
        for (const e of listed) list.add(eventOn(e.day, e.precision, e.sentence), vectorOf(e.words));
        const event = eventOn(candidate.day, candidate.precision, candidate.sentence);
        const could = list.couldMerge(event);
        const merged = list.mergeIntoExisting(event, vectorOf(candidate.words));
        if (!could) expect(merged).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("EventList.mergeIntoExisting", () => {
  // "Oil leaked into the Gulf from 20 April when the Deepwater Horizon rig explosion killed 11 workers."
  const explosion = ["oil", "leak", "gulf", "deepwat", "horizon", "rig", "explos", "kill", "11", "worker"];
  // "The BP-operated Deepwater Horizon rig sank on 22 April, two days after a huge explosion that killed 11 workers."
  const sinking = ["bp", "oper", "deepwat", "horizon", "rig", "sank", "dai", "huge", "explos", "kill", "11", "worker"];

  it("keeps two days' news apart however alike their words ('the rig sank on 22 April, two days after …')", () => {
    const list = new EventList();
    list.add(eventOn("2010-04-20", "day", 1), vectorOf(explosion));
    const sank = eventOn("2010-04-22", "day", 2);
    expect(list.mergeIntoExisting(sank, vectorOf(sinking))).toBe(false);
    expect(list.events[0]?.disputedDates).toEqual([]);
    // A milestone shared with a day months later is no dispute either ("the cap shut off the flow").
    expect(list.mergeIntoExisting(eventOn("2010-07-15", "day", 3), vectorOf(["kill", "gulf", "cap"]))).toBe(false);
  });

  it("reads two days told in the same words, a few days apart, as one event the reports date differently", () => {
    const list = new EventList();
    list.add(eventOn("2010-04-20", "day", 1), vectorOf(["slick", "reach", "coast", "louisiana"]));
    expect(
      list.mergeIntoExisting(eventOn("2010-04-22", "day", 2), vectorOf(["slick", "reach", "coast", "louisiana"])),
    ).toBe(true);
    expect(list.events[0]?.disputedDates.map((d) => d.date)).toEqual(["2010-04-22"]);
    // The same words a month later are a later day's news.
    expect(
      list.mergeIntoExisting(eventOn("2010-05-20", "day", 3), vectorOf(["slick", "reach", "coast", "louisiana"])),
    ).toBe(false);
  });

  it("lets a month be disputed by the next month, not a week by a day six weeks away", () => {
    const list = new EventList();
    list.add(eventOn("2016-10-01", "month", 1), vectorOf(["oper", "begin", "citi", "mosul"]));
    expect(list.mergeIntoExisting(eventOn("2016-11-01", "month", 2), vectorOf(["battl", "begin", "citi"]))).toBe(true);
    expect(list.events[0]?.disputedDates.map((d) => d.date)).toEqual(["2016-11"]);
    const pandemic = new EventList();
    pandemic.add(eventOn("2009-06-08", "week", 1), vectorOf(["who", "declar", "pandem", "global"]));
    // "raised its alert level … two steps short of declaring a full pandemic", six weeks before.
    expect(
      pandemic.mergeIntoExisting(eventOn("2009-04-28", "day", 2), vectorOf(["who", "declar", "pandem", "alert"])),
    ).toBe(false);
  });
});
