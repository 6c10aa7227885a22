import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCustomId } from "../../src/bot/custom-id.js";
import { answerPages, EXCERPTS_PER_PAGE, NEAR_MISS_LABEL, renderAnswer } from "../../src/bot/render/answer.js";
import { renderContext } from "../../src/bot/render/context.js";
import { renderError } from "../../src/bot/render/error.js";
import { renderHelp } from "../../src/bot/render/help.js";
import { fitMessage, LIMITS, limitProblems, type ReplyData } from "../../src/bot/render/reply.js";
import { renderReports } from "../../src/bot/render/reports.js";
import { renderTimeline } from "../../src/bot/render/timeline.js";
import { toEditOptions, toMessageOptions } from "../../src/bot/send.js";
import { PassageDirectory, ReportPassages } from "../../src/corpus/passages.js";
import type { Corpus, Report } from "../../src/corpus/types.js";
import type { Answer, Excerpt } from "../../src/search/answer.js";
import type { Timeline, TimelineEvent } from "../../src/timeline/types.js";
import { hostileText } from "./support/arbitraries.js";
import { messageProblems } from "./support/checks.js";

const ids = { issuedAt: Date.UTC(2024, 0, 1), state: "jWyJxIl0", corpusTag: "abcdef0123" };

function excerpt(text: string, overrides: Partial<Excerpt> = {}): Excerpt {
  return {
    reportId: "r1",
    file: "r1.txt",
    title: "Iraqi forces push into the Old City",
    date: "2017-06-28",
    dateSource: "header",
    start: 0,
    end: text.length,
    text,
    score: 1,
    matchedTerms: [],
    highlights: [],
    passageIds: [0],
    ...overrides,
  };
}

function answer(results: Excerpt[], nearMisses: Excerpt[] = [], message?: string): Answer {
  return {
    query: "q",
    range: { since: null, until: null, phrase: null },
    results,
    nearMisses,
    ...(message ? { message } : {}),
  };
}

/** Also checks what the send helper would actually put on the wire. */
function expectSendable(data: ReplyData): void {
  expect(messageProblems(data)).toEqual([]);
  for (const options of [toMessageOptions(data), toEditOptions(data)]) {
    expect(options.allowedMentions).toEqual({ parse: [] });
    expect(limitProblems(options as ReplyData)).toEqual([]);
  }
}

describe("renderAnswer", () => {
  it("quotes with bold matches, source title and publication date; inferred dates are labelled", () => {
    const text = "There are thought to be fewer than 300 militants left in Mosul.";
    const at = text.indexOf("militants");
    const data = renderAnswer({
      answer: answer([
        excerpt(text, { highlights: [{ start: at, end: at + 9 }] }),
        excerpt("Isis is almost defeated.", { title: "West Mosul", date: "2017-06-27", dateSource: "inferred" }),
      ]),
      question: "How many militants are left?",
      sourceTitle: null,
      page: 0,
      ids,
    });
    const embed = data.embeds?.[0];
    expect(embed?.title).toBe("How many militants are left?");
    expect(embed?.description).toContain(
      "**1.** “There are thought to be fewer than 300 **militants** left in Mosul.”",
    );
    expect(embed?.description).toContain("— Iraqi forces push into the Old City · 2017-06-28");
    expect(embed?.description).toContain("— West Mosul · 2017-06-27 (inferred)");
    expectSendable(data);
  });

  it("writes a quote that opens with the report's own quotation mark as it stands, not inside a second pair", () => {
    const text = "“In a few days our forces will reach the Corniche,” the general said.";
    const data = renderAnswer({ answer: answer([excerpt(text)]), question: "q", sourceTitle: null, page: 0, ids });
    const description = data.embeds?.[0]?.description ?? "";
    expect(description).toContain(`**1.** ${text}\n`);
    expect(description).not.toContain("““");
  });

  it("says no report covers it and labels near misses as not answers", () => {
    const data = renderAnswer({
      answer: answer([], [excerpt("Penguins are not mentioned.")], "No report covers this."),
      question: "penguins?",
      sourceTitle: null,
      page: 0,
      ids,
    });
    const description = data.embeds?.[0]?.description ?? "";
    expect(description.startsWith("No report covers this.")).toBe(true);
    expect(description).toContain(`**${NEAR_MISS_LABEL}**`);
    expect(description).not.toContain("**1.**");
    expect(data.components).toEqual([]);
  });

  it("pages three quotes at a time with previous/next and a context button per quote", () => {
    const results = Array.from({ length: 7 }, (_, i) => excerpt(`Quote number ${i + 1}.`, { passageIds: [i * 2] }));
    expect(answerPages(answer(results))).toBe(3);
    const data = renderAnswer({ answer: answer(results), question: "q", sourceTitle: null, page: 1, ids });
    const description = data.embeds?.[0]?.description ?? "";
    expect(description).toContain("**4.** “Quote number 4.”");
    expect(description).not.toContain("Quote number 3.");
    expect(data.embeds?.[0]?.footer?.text).toMatch(/^Page 2\/3 · 7 quotes/);
    const [context, pager] = data.components ?? [];
    expect(context?.components.map((b) => ("label" in b ? b.label : ""))).toEqual([
      "Show context 4",
      "Show context 5",
      "Show context 6",
    ]);
    const targets = pager?.components.map((b) => ("custom_id" in b ? parseCustomId(b.custom_id) : null));
    expect(targets?.map((t) => [t?.command, t?.action, t?.arg, t?.state])).toEqual([
      ["ask", "p", "0", ids.state],
      ["ask", "p", "2", ids.state],
    ]);
    expect(EXCERPTS_PER_PAGE).toBe(3);
    expectSendable(data);
  });

  it("shows the date range, where it came from, and the source restriction", () => {
    const a = answer([excerpt("x")]);
    a.range = { since: "2017-06-01", until: "2017-06-30", phrase: "in June 2017" };
    const data = renderAnswer({ answer: a, question: "q", sourceTitle: "West *Mosul*", page: 0, ids });
    expect(data.embeds?.[0]?.description).toContain(
      "Preferring reports published 2017-06-01 to 2017-06-30 (from “in June 2017”)",
    );
    expect(data.embeds?.[0]?.description).toContain("Only in: West \\*Mosul\\*");
    a.range = { since: "2017-06-27", until: "2017-06-27", phrase: "27 June 2017" };
    const oneDay = renderAnswer({ answer: a, question: "q", sourceTitle: null, page: 0, ids });
    expect(oneDay.embeds?.[0]?.description).toContain(
      "Preferring reports published on 2017-06-27 (from “27 June 2017”)",
    );
  });

  const excerptArb = fc
    .record({
      text: hostileText(3000),
      title: hostileText(60),
      date: fc.option(fc.constantFrom("2017-06-28", "2016-10-18"), { nil: null }),
      dateSource: fc.constantFrom("header", "frontmatter", "inferred", "none" as const),
      spans: fc.array(fc.record({ start: fc.nat(4000), end: fc.nat(4000) }), { maxLength: 20 }),
      passage: fc.nat(100_000),
    })
    .map((r) =>
      excerpt(r.text, {
        title: r.title,
        date: r.date,
        dateSource: r.dateSource,
        highlights: r.spans,
        passageIds: [r.passage, r.passage + 2],
      }),
    );

  it("every page of any answer satisfies Discord's limits, balanced and ping-free (property)", () => {
    fc.assert(
      fc.property(
        fc.array(excerptArb, { maxLength: 10 }),
        fc.array(excerptArb, { maxLength: 3 }),
        hostileText(150),
        fc.option(hostileText(40), { nil: null }),
        fc.option(hostileText(100), { nil: undefined }),
        fc.nat(5),
        (results, nearMisses, question, sourceTitle, message, page) => {
          const a = answer(results, results.length === 0 ? nearMisses : [], message);
          a.range = { since: "2017-01-01", until: null, phrase: sourceTitle };
          expectSendable(renderAnswer({ answer: a, question, sourceTitle, page, ids }));
        },
      ),
      { numRuns: 120 },
    );
  });
});

function timelineEvent(quote: string, overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    date: "2017-06-28",
    precision: "day",
    day: "2017-06-28",
    quote,
    reportId: "r1",
    reportDate: "2017-06-28",
    sources: [
      {
        reportId: "r1",
        reportTitle: "Iraqi forces push",
        reportFile: "r1.txt",
        reportDate: "2017-06-28",
        reportDateSource: "header",
        quote,
        start: 0,
        end: quote.length,
      },
    ],
    disputedDates: [],
    ...overrides,
  };
}

function corpusOf(reports: { id: string; title: string; text: string }[], rejected: Corpus["rejected"] = []): Corpus {
  let idSpace = 0;
  const built: Report[] = reports.map((r) => {
    const sentences = [...r.text.matchAll(/[^.]+\.?/gu)].map((m, ordinal) => ({
      start: m.index,
      end: m.index + m[0].length,
      paragraph: Math.floor(ordinal / 2),
    }));
    const own = ReportPassages.of(r.id, idSpace, sentences, "2017-06-28");
    idSpace += own.length;
    return {
      id: r.id,
      file: `${r.id}.txt`,
      text: r.text,
      title: r.title,
      date: "2017-06-28",
      dateSource: "header",
      source: null,
      url: null,
      bodyStart: 0,
      boilerplate: [],
      passages: own,
      warnings: [],
      contentHash: "0".repeat(64),
      textKey: r.id,
      comparedLines: new Float64Array(0),
    };
  });
  const passages = PassageDirectory.of(
    built.map((r) => r.passages),
    idSpace,
  );
  return { dir: "/tmp/c", reports: built, rejected, passages, aliases: [], hash: "abcdef0123456789" };
}

describe("renderTimeline", () => {
  const corpus = corpusOf([{ id: "r1", title: "Iraqi forces push", text: "One. Two. Three. Four." }]);

  it("lists events in order with quote, source, date, merged and disputed markers", () => {
    const merged = timelineEvent("Two.", {
      sources: [
        { ...timelineEvent("Two.").sources[0], start: 5, end: 9 } as TimelineEvent["sources"][number],
        { ...(timelineEvent("Two.").sources[0] as TimelineEvent["sources"][number]), reportId: "r2" },
      ],
      disputedDates: [{ date: "2017-06-27", precision: "day", reportId: "r1" }],
    });
    const timeline: Timeline = {
      topic: "Mosul",
      since: null,
      until: null,
      events: [timelineEvent("One.", { date: "2016-10", precision: "month", day: "2016-10-01" }), merged],
    };
    const data = renderTimeline({ timeline, corpus, page: 0, ids });
    const description = data.embeds?.[0]?.description ?? "";
    expect(data.embeds?.[0]?.title).toBe("Timeline: Mosul");
    expect(description).toContain("**1. 2016-10** “One.”");
    expect(description).toContain("**2. 2017-06-28** “Two.”\n— Iraqi forces push · 2017-06-28 · 2 reports");
    expect(description).toContain("Date disputed: other reports say 2017-06-27 (Iraqi forces push)");
    expect(description.indexOf("2016-10")).toBeLessThan(description.indexOf("2017-06-28"));
    const context = data.components?.[0]?.components[1];
    expect(context && "custom_id" in context ? parseCustomId(context.custom_id)?.arg : null).toBe("1-1");
    expectSendable(data);
  });

  it("explains an empty timeline", () => {
    const data = renderTimeline({
      timeline: { topic: null, since: "2030-01-01", until: null, events: [], message: "No dated events after 2030." },
      corpus,
      page: 0,
      ids,
    });
    expect(data.embeds?.[0]?.description).toContain("No dated events after 2030.");
  });

  it("any timeline satisfies Discord's limits (property)", () => {
    const eventArb = fc
      .record({ quote: hostileText(2000), title: hostileText(60), n: fc.integer({ min: 1, max: 40 }) })
      .map(({ quote, title, n }) => {
        const base = timelineEvent(quote);
        const lead = { ...(base.sources[0] as TimelineEvent["sources"][number]), reportTitle: title };
        return {
          ...base,
          sources: Array.from({ length: n }, () => lead),
          disputedDates: Array.from({ length: n % 6 }, () => ({
            date: "2017-06",
            precision: "month" as const,
            reportId: "r1",
          })),
        };
      });
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 12 }),
        fc.option(hostileText(60), { nil: null }),
        fc.nat(4),
        (events, topic, page) => {
          expectSendable(renderTimeline({ timeline: { topic, since: null, until: null, events }, corpus, page, ids }));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("renderReports", () => {
  it("lists titles, dates and passage counts, then rejected files with reasons, paged", () => {
    const reports = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, title: `Report ${i}`, text: "A. B." }));
    const corpus = corpusOf(reports, [{ file: "empty.txt", reason: "empty file" }]);
    const first = renderReports(corpus, 0, ids);
    expect(first.embeds?.[0]?.description).toContain("12 reports, 1 file not loaded");
    expect(first.embeds?.[0]?.description).toContain("**1.** Report 0 — 2017-06-28 · 2 passages");
    const last = renderReports(corpus, 1, ids);
    expect(last.embeds?.[0]?.description).toContain("**Not loaded**\n✗ empty.txt — empty file");
    expect(last.embeds?.[0]?.footer?.text).toMatch(/^Page 2\/2/);
    expectSendable(first);
    expectSendable(last);
  });

  it("any corpus listing satisfies Discord's limits (property)", () => {
    fc.assert(
      fc.property(
        fc.array(hostileText(80), { maxLength: 30 }),
        fc.array(fc.record({ file: hostileText(40), reason: hostileText(120) }), { maxLength: 15 }),
        fc.nat(6),
        (titles, rejected, page) => {
          const corpus = corpusOf(
            titles.map((title, i) => ({ id: `r${i}`, title, text: "A." })),
            rejected,
          );
          expectSendable(renderReports(corpus, page, ids));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("renderContext", () => {
  const corpus = corpusOf([
    { id: "r1", title: "Old City", text: "One. Two. Three. Four. Five. Six. Seven." },
    { id: "r2", title: "Other", text: "Alpha. Beta." },
  ]);

  it("shows the neighbouring sentences of the same report with the quote in bold", () => {
    const data = renderContext(corpus, 3, 3);
    const description = data?.embeds?.[0]?.description ?? "";
    expect(description).toContain("**Four.**");
    expect(description).toContain("Two.");
    expect(description).toContain("Six.");
    expect(description).not.toContain("One.");
    expect(description).not.toContain("Alpha");
    expect(data?.ephemeral).toBe(true);
    expectSendable(data as ReplyData);
  });

  it("refuses ranges that do not exist or cross reports", () => {
    expect(renderContext(corpus, 6, 7)).toBeNull();
    expect(renderContext(corpus, 99, 99)).toBeNull();
  });

  it("fits even when the report is one enormous hostile sentence (property)", () => {
    fc.assert(
      fc.property(hostileText(3000), hostileText(3000), (a, b) => {
        const c = corpusOf([{ id: "r", title: a.slice(0, 300), text: `${a}. ${b}. ${a}` }]);
        const data = renderContext(c, 0, 0);
        if (data) expectSendable(data);
      }),
      { numRuns: 60 },
    );
  });
});

describe("renderHelp and renderError", () => {
  it("help explains what Sitrep does with examples", () => {
    const data = renderHelp(5, "sitrep");
    const description = data.embeds?.[0]?.description ?? "";
    expect(description).toContain("5 dated news reports");
    expect(description).toContain("/ask question: How many people have fled Mosul?");
    expectSendable(data);
  });

  it("errors are ephemeral", () => {
    const data = renderError("`since` must be a date written YYYY-MM-DD");
    expect(data.ephemeral).toBe(true);
    expect(toMessageOptions(data).flags).toBe(64);
  });
});

describe("fitMessage", () => {
  it("brings anything within every limit (property)", () => {
    const embed = fc.record({
      title: hostileText(400),
      description: hostileText(3000),
      footer: hostileText(400).map((text) => ({ text })),
      fields: fc.array(
        fc
          .record({ name: hostileText(100), value: hostileText(600) })
          .map((f) => ({ name: f.name || "n", value: f.value || "v" })),
        { maxLength: 30 },
      ),
    });
    fc.assert(
      fc.property(hostileText(1500), fc.array(embed, { maxLength: 12 }), (content, embeds) => {
        const fitted = fitMessage({ content: content || "x", embeds });
        expect(limitProblems(fitted)).toEqual([]);
        expect(fitted.embeds?.length ?? 0).toBeLessThanOrEqual(LIMITS.embeds);
      }),
      { numRuns: 60 },
    );
  });
});
