import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_CORPUS_MESSAGE } from "../src/search/answer.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import type { TimelineEvent } from "../src/timeline/types.js";
import { SEED_CORPUS, tempCorpus } from "./helpers/corpus.js";

let seeds: OpenedCorpus;
let full: TimelineEvent[];
beforeAll(async () => {
  seeds = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
  full = (await buildTimeline(seeds, { dates: 30, perDate: 2 })).events;
});

const quoteOf = (e: TimelineEvent) => e.sources.map((s) => s.quote).join(" | ");

describe("buildTimeline on the seed reports", () => {
  it("dates the June 2014 seizure of Mosul to June 10, 2014, citing both reports that tell it", () => {
    const seizure = full.find((e) => /seized/.test(quoteOf(e)) && e.day.startsWith("2014-06"));
    expect(seizure).toMatchObject({ date: "2014-06-10", precision: "day" });
    expect(seizure?.quote).toMatch(/seized Mosul in a lightning offensive on June 10, 2014/);
    expect(new Set(seizure?.sources.map((s) => s.reportId))).toEqual(
      new Set(["002_65310d27e48b504e", "001_b0fe4d8c11b7b64b"]),
    );
  });

  it("has the October 2016 start of the offensive, and shows the report that says November", () => {
    const start = full.find((e) => e.day.startsWith("2016-10") && /began in October 2016/.test(quoteOf(e)));
    expect(start).toBeDefined();
    expect(start?.disputedDates.map((d) => d.date)).toContain("2016-11");
    expect(quoteOf(start as TimelineEvent)).toMatch(/began in November/);
  });

  it("dates the push toward the Tigris to Tuesday 27 June 2017, from the 28 June report", () => {
    const push = full.find((e) => /River Tigris from the Old City on Tuesday/.test(e.quote));
    expect(push).toMatchObject({
      date: "2017-06-27",
      precision: "day",
      reportId: "000_836b727390f08bf6",
      reportDate: "2017-06-28",
    });
  });

  it("puts the Grand Mosque demolition in the week of 19 June 2017, as a week", () => {
    const mosque = full.find((e) => /Grand Mosque/.test(e.quote));
    expect(mosque).toMatchObject({ date: "2017-W25", precision: "week", day: "2017-06-19" });
  });

  it("never quotes a photo caption", () => {
    for (const e of full) for (const s of e.sources) expect(s.quote).not.toMatch(/^\d+\/22\b|Getty$|In pictures/);
  });

  it("narrows to a topic through the index", async () => {
    const events = (await buildTimeline(seeds, { topic: "grand mosque" })).events;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.quote).toMatch(/Grand Mosque/);
    // Asked for in a chat's words, the same events; the topic is shown as typed.
    const typed = "hey sitrep, can you show me a timeline of the grand mosque pls";
    const chatty = await buildTimeline(seeds, { topic: typed });
    expect(chatty.events).toEqual(events);
    expect(chatty.topic).toBe(typed);
  });

  it("narrows to a date range, on the events' own dates", async () => {
    const events = (await buildTimeline(seeds, { since: "2017-06-01", until: "2017-06-30", dates: 20 })).events;
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(e.day >= "2017-06-01" && e.day <= "2017-06-30").toBe(true);
  });

  it("says why when nothing matches", async () => {
    expect(await buildTimeline(seeds, { topic: "bitcoin price" })).toMatchObject({
      events: [],
      message: "No report covers “bitcoin price”.",
    });
    expect((await buildTimeline(seeds, { since: "2030-01-01" })).message).toBe("No dated events in that date range.");
  });

  it("says the folder has no reports when it has none", async () => {
    const empty = await openCorpus({ corpusDir: tempCorpus({}), dataDir: null });
    expect(await buildTimeline(empty)).toMatchObject({ events: [], message: EMPTY_CORPUS_MESSAGE });
  });
});

describe("the seeds' default timeline, as a reader gets it", () => {
  let events: TimelineEvent[];
  beforeAll(async () => {
    events = (await buildTimeline(seeds)).events;
  });

  it("is sized to the story's three years, days first", () => {
    expect(events.length).toBeGreaterThanOrEqual(10);
    expect(events.length).toBeLessThanOrEqual(15);
    expect(events.filter((e) => e.precision === "day").length).toBeGreaterThan(events.length / 2);
  });

  it("holds the key events, the earliest and the latest included", () => {
    const at = (date: string, text: RegExp) => events.find((e) => e.date === date && text.test(quoteOf(e)));
    expect(at("2014-06-10", /seized Mosul/)).toBeDefined();
    // The offensive as its first day: the month's retelling ("… began in October 2016") is no entry
    // beside a day of that month (the next test), though a longer timeline folds it into that day.
    expect(at("2016-10-17", /regained from Isis on Monday/)).toBeDefined();
    expect(at("2017-06-27", /River Tigris/)).toBeDefined();
    expect(at("2017-W25", /blew up the city’s 12th century Grand Mosque/)).toMatchObject({ precision: "week" });
    expect(at("2017-07-09", /final victory/)).toBeDefined();
    expect(events[0]?.date).toBe("2014-06-10");
    expect(events.at(-1)?.date).toBe("2017-07-09");
  });

  it("has no month entry for a month it holds a day of: the day dates that month's news", () => {
    const days = events.filter((e) => e.precision === "day").map((e) => e.day);
    const months = events.filter((e) => e.precision === "month");
    for (const month of months) expect(days.filter((day) => day.startsWith(month.date))).toEqual([]);
    // A week stays beside its other days: the Grand Mosque's destruction is its own event.
    expect(events.find((e) => e.date === "2017-W25")).toBeDefined();
    expect(events.find((e) => e.date === "2017-06-24")).toBeDefined();
  });

  it("has no caption, comment, hope or background year as an event", () => {
    for (const e of events) {
      expect(e.quote).not.toMatch(/^\d+\/22\b|Getty|In pictures|\| Reply|Smoke rises/);
      expect(e.quote).not.toMatch(/had once hoped|would bring to an end/);
      expect(e.precision).not.toBe("year");
    }
  });
});

describe("buildTimeline on undated reports", () => {
  it("infers the second day of the offensive from another report's start date, and labels it", () => {
    const offensive = seeds.corpus.reports.find((r) => r.id === "004_ceb49da1b8e02d70");
    expect(offensive).toMatchObject({ date: "2016-10-18", dateSource: "inferred" });
    const monday = full.find((e) => /regained from Isis on Monday/.test(e.quote));
    expect(monday?.date).toBe("2016-10-17");
  });

  it("takes a page's publication stamp before a later date it looks ahead to", async () => {
    const dir = tempCorpus({
      "trial.txt":
        "Trial set for December\n\nPublished: 1 November 2024\n\nThe trial of the two men will open on 5 December 2024, prosecutors said on Friday.\n",
      "plain.txt": "The trial of the two men will open on 5 December 2024, prosecutors said on Friday.\n",
    });
    const { corpus } = await openCorpus({ corpusDir: dir, dataDir: null });
    const trial = corpus.reports.find((r) => r.id === "trial");
    expect(trial).toMatchObject({ date: "2024-11-01", dateSource: "inferred" });
    expect(trial?.warnings.join(" ")).toMatch(/publication stamp \(“Published: 1 November 2024”\)/);
    // Without a stamp, the latest full date it mentions, as before.
    expect(corpus.reports.find((r) => r.id === "plain")).toMatchObject({ date: "2024-12-05", dateSource: "inferred" });
  });

  it("leaves a report with no date evidence undated, and its relative dates make no events", async () => {
    const dir = tempCorpus({
      "undated.txt": "Troops entered the old market on Monday. Officials said the city would be safe last week.",
      "dated.txt": "date 2017-03-01 Engineers repaired the bridge on 12 February 2017.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    expect(opened.corpus.reports.find((r) => r.id === "undated")).toMatchObject({ date: null, dateSource: "none" });
    const events = (await buildTimeline(opened, { dates: 10 })).events;
    expect(events.some((e) => e.reportId === "undated" || e.sources.some((s) => s.reportId === "undated"))).toBe(false);
    expect(events.map((e) => e.date)).toContain("2017-02-12");
  });
});

describe("timestamps are not date evidence", () => {
  it("drops reader-comment stamps and datelines, and never quotes a comment", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2011-02-01 Protesters filled Tahrir Square on January 25, 2011.\n\nThe army deployed on January 28, 2011.\n\n" +
        "Sam wrote: January 28, 2011 at 12:44 pm | Reply The president should speak.\n\n" +
        "CAIRO | Tue Feb 1, 2011 8:45 am EDT CAIRO (Reuters) - Crowds gathered again.",
      "b.txt": "date 2011-02-02 NEW YORK, January 30 (Reuters) - Markets fell as protests went on.",
      // A live chat's entries, each after a dash and its stamp.
      "c.txt":
        "date 2011-02-03 Is the army with them?? -- January 31, 2011 2:27 PM -- January 31, 2011 2:31 PM Did the crowds grow?",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const events = (await buildTimeline(opened, { dates: 10, granularity: "any" })).events;
    expect(events.map((e) => e.date)).toEqual(expect.arrayContaining(["2011-01-25", "2011-01-28"]));
    expect(events.map((e) => e.date)).not.toContain("2011-01-30");
    expect(events.map((e) => e.date)).not.toContain("2011-01-31");
    for (const e of events) for (const s of e.sources) expect(s.quote).not.toMatch(/Reply/);
  });

  /**
   * The dates of the timeline of four reports of early May 2010, each leading with a day of April
   * and then saying `lines[i]`, over `since`–`until` (which leaves the publication days out, so
   * the year named has nothing to compete with), at each granularity.
   */
  async function yearCase(lines: string[], since: string, earlier: Record<string, string> = {}) {
    const files: Record<string, string> = { ...earlier };
    lines.forEach((line, i) => {
      files[`r${i}.txt`] =
        `date 2010-05-0${i + 1}\nThe slick reached the coast of Louisiana on ${20 + i} April 2010, officials said.\n\n${line}\n`;
    });
    const opened = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    const dates = async (granularity: "days-first" | "any") =>
      (await buildTimeline(opened, { dates: 8, granularity, since, until: "2010-04-30" })).events.map((e) => e.date);
    return { daysFirst: await dates("days-first"), any: await dates("any") };
  }

  it("takes no year entry from a report's own year ('this year'), unless every precision is asked for", async () => {
    const { daysFirst, any } = await yearCase(
      [
        "Sales of shrimp have fallen sharply this year, fishermen said.",
        "Fewer tourists have come to the coast this year, hotels said.",
        "The oyster beds have stayed closed all this year, the state said.",
        "Charter boats have sat idle for most of this year.",
      ],
      "2010-01-01",
      // Reported over years, where a year can be an entry: not this one, the reports' own.
      { "old.txt": "date 2006-06-01\nThe rig was built in a Korean shipyard in 2001.\n" },
    );
    expect(daysFirst).toEqual(["2010-04-20"]);
    expect(any).toContain("2010");
  });

  it("has no year entries for a story reported over a year or so ('a similar spill last year')", async () => {
    const { daysFirst, any } = await yearCase(
      [
        "A similar spill off Australia last year took ten weeks to bring under control.",
        "Last year a smaller leak in the Timor Sea burned for weeks.",
        "Insurers paid out less for spills last year than for storms.",
        "Regulators fined the platform's owner twice last year.",
      ],
      "2009-01-01",
    );
    expect(daysFirst).not.toContain("2009");
    expect(any).toContain("2009");
  });

  it("takes no date evidence from a photo caption: it dates a picture, not an event", async () => {
    const caption = "April 26: Weathered oil is seen on the surface of the Gulf of Mexico near Louisiana.";
    const dir = tempCorpus({
      "a.txt": `date 2010-05-01 ${caption}`,
      "b.txt": `date 2010-05-01 ${caption}`,
      "c.txt": `date 2010-05-01 ${caption}`,
      "d.txt": "date 2010-05-01 BP began spraying dispersant at the leaking wellhead on April 28.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const events = (await buildTimeline(opened, { dates: 1, granularity: "day" })).events;
    expect(events.map((e) => e.date)).toEqual(["2010-04-28"]);
  });

  it("in the protocol's day mode, prefers a day reports still name a month later to one only named that week", async () => {
    const dir = tempCorpus({
      "start.txt": "date 2010-03-01 The rig was towed into the Gulf on March 1.",
      "end.txt": "date 2010-08-01 The relief well was finished on August 1.",
      // Told twice the same week, twice in each report: more sentences, so a higher score alone.
      "a.txt": "date 2010-04-21 A supply boat collided with a barge on April 20. The crash on April 20 hurt no one.",
      "b.txt": "date 2010-04-21 The coast guard said the collision on April 20 was minor. Work resumed after April 20.",
      "c.txt": "date 2010-05-21 Engineers sealed the first leak on May 20.",
      "d.txt": "date 2010-07-15 Looking back, the turning point came when engineers sealed the first leak on May 20.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const days = (await buildTimeline(opened, { dates: 3, granularity: "day" })).events.map((e) => e.date);
    expect(days).toEqual(["2010-03-01", "2010-05-20", "2010-08-01"]);
  });

  it("in the protocol's day mode, keeps a day nearly every report names though a kept day crowds it", async () => {
    const named = (day: string, published: string, n: number, what: string) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `${what}-${i}.txt`,
          `date ${published} Witness number ${i + 1} said ${what} on ${day}.`,
        ]),
      );
    const dir = tempCorpus({
      "start.txt": "date 2010-03-01 The rig was towed into the Gulf on March 1.",
      "end.txt": "date 2010-08-01 The relief well was finished on August 1.",
      ...named("April 20", "2010-04-21", 4, "the rig exploded"),
      // Five days after the explosion, inside its crowding window, and told by nearly as many reports.
      ...named("April 25", "2010-04-26", 3, "the robots failed to shut the valve"),
      // Far from every other day, and told by fewer.
      ...named("June 10", "2010-06-11", 2, "the hearing opened"),
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const days = (await buildTimeline(opened, { dates: 4, granularity: "day" })).events.map((e) => e.date);
    expect(days).toEqual(["2010-03-01", "2010-04-20", "2010-04-25", "2010-08-01"]);
  });

  it("in a reader's timeline, keeps the day most reports name before a week more reports mention", async () => {
    const dir = tempCorpus({
      "start.txt": "date 2010-03-01 The rig was towed into the Gulf on March 1.",
      "end.txt": "date 2010-08-01 The relief well was finished on August 1.",
      ...Object.fromEntries(
        [1, 2, 3].map((i) => [`hearing-${i}.txt`, `date 2010-06-11 Witness ${i} said the hearing opened on June 10.`]),
      ),
      // One report more, but each names only a week, in passing.
      ...Object.fromEntries(
        ["21", "22", "23", "24"].map((d) => [
          `march-${d}.txt`,
          `date 2010-06-${d} Last week, protesters marched in town, a shopkeeper on street ${d} said.`,
        ]),
      ),
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const dates = (await buildTimeline(opened, { dates: 3 })).events.map((e) => e.date);
    expect(dates).toEqual(["2010-03-01", "2010-06-10", "2010-08-01"]);
    // Asked for every precision alike, the week competes as it always did.
    const any = (await buildTimeline(opened, { dates: 3, granularity: "any" })).events.map((e) => e.date);
    expect(any).toContain("2010-W24");
  });

  it("quotes a wire report from after its dateline, still verbatim", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2010-05-28 WASHINGTON | Thu May 27, 2010 3:54 pm EDT WASHINGTON (Reuters) - President Obama extended a moratorium on offshore drilling on Thursday.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const [event] = (await buildTimeline(opened, { dates: 1, granularity: "day" })).events;
    expect(event?.date).toBe("2010-05-27");
    expect(event?.quote).toBe("President Obama extended a moratorium on offshore drilling on Thursday.");
    const source = event?.sources[0];
    const report = opened.corpus.reports[0];
    expect(source && report?.text.slice(source.start, source.end)).toBe(event?.quote);
  });
});

describe("buildTimeline properties", () => {
  it("events are always in order and every quote is verbatim from its report", async () => {
    const reports = new Map(seeds.corpus.reports.map((r) => [r.id, r]));
    const topics = [null, "Mosul", "Isis", "civilians fled", "Old City", "offensive", "xyzzy"];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...topics),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.date({ min: new Date("2014-01-01"), max: new Date("2018-01-01"), noInvalidDate: true })),
        async (topic, dates, perDate, since) => {
          const timeline = await buildTimeline(seeds, {
            topic,
            dates,
            perDate,
            since: since ? since.toISOString().slice(0, 10) : null,
          });
          for (let i = 1; i < timeline.events.length; i++) {
            expect((timeline.events[i - 1] as TimelineEvent).day <= (timeline.events[i] as TimelineEvent).day).toBe(
              true,
            );
          }
          for (const e of timeline.events) {
            expect(e.quote).toBe(e.sources[0]?.quote);
            for (const s of e.sources) expect(reports.get(s.reportId)?.text.slice(s.start, s.end)).toBe(s.quote);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Ten reports on a flood, each leading with it and telling a day of it; two on a football match. */
function floodAndFootball(dateline = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 10; i++) {
    const day = String(i + 1).padStart(2, "0");
    files[`flood${i}.txt`] =
      `date 2017-03-${day}\n${dateline}The flood in the valley rose again on ${day} March 2017, officials said.\n\n` +
      `Rescuers in the valley worked through the night.\n`;
  }
  files["football1.txt"] =
    `date 2017-03-05\n${dateline}The football club won its cup final on 20 February 2017 in extra time.\n`;
  files["football2.txt"] =
    `date 2017-03-06\n${dateline}Fans of the football club celebrated the cup final win of 20 February 2017.\n`;
  return files;
}

describe("a reader's timeline of a one-story corpus", () => {
  const files = floodAndFootball();
  let opened: OpenedCorpus;
  beforeAll(async () => {
    opened = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
  });

  it("leaves out the reports whose heads share none of the story's words", async () => {
    const days = (await buildTimeline(opened, { dates: 20 })).events.map((e) => e.day);
    expect(days).not.toContain("2017-02-20");
    expect(days).toContain("2017-03-02");
  });

  it("keeps them on a topic, and in the protocol's day mode", async () => {
    const onTopic = await buildTimeline(opened, { topic: "cup final" });
    expect(onTopic.events.map((e) => e.day)).toContain("2017-02-20");
    const protocol = await buildTimeline(opened, { dates: 20, granularity: "day" });
    expect(protocol.events.map((e) => e.day)).toContain("2017-02-20");
  });

  it("takes no evidence from another story's history, told before this story's first report", async () => {
    const told = {
      ...floodAndFootball(),
      // On the story, far into the report: the head is the flood's, the history is not.
      "flood11.txt":
        "date 2017-03-12\nThe flood in the valley fell on 12 March 2017, officials said.\n\n" +
        "The same engineer advised victims of the 11 September 2001 attacks, his office said.\n\n" +
        "He had warned of a flood in the valley on 14 January 2015.\n",
      "flood12.txt":
        "date 2017-03-13\nThe flood in the valley was over on 13 March 2017, officials said.\n\n" +
        "Victims of the 11 September 2001 attacks were also paid by his fund.\n\n" +
        "The valley's last flood was on 14 January 2015.\n",
    };
    const withHistory = await openCorpus({ corpusDir: tempCorpus(told), dataDir: null });
    const days = (await buildTimeline(withHistory, { dates: 20 })).events.map((e) => e.day);
    expect(days).not.toContain("2001-09-11");
    // The story's own history, told in its words, is an entry (the earliest).
    expect(days[0]).toBe("2015-01-14");
    const protocol = await buildTimeline(withHistory, { dates: 20, granularity: "day" });
    expect(protocol.events.map((e) => e.day)).toContain("2001-09-11");
  });

  it("does not take a wire's credit, which heads every report, for the story", async () => {
    const wire = await openCorpus({
      corpusDir: tempCorpus(floodAndFootball("LONDON, March 5 (Reuters) - ")),
      dataDir: null,
    });
    const days = (await buildTimeline(wire, { dates: 20 })).events.map((e) => e.day);
    expect(days).not.toContain("2017-02-20");
    expect(days).toContain("2017-03-02");
  });
});
