import { beforeAll, describe, expect, it } from "vitest";
import { shortHeadline } from "../src/chart/headline.js";
import { renderTimelineChartOffThread } from "../src/chart/off-thread.js";
import { reportsPerDay } from "../src/chart/report-counts.js";
import { CHART_THEMES } from "../src/chart/theme.js";
import { chartDateLabel, chartDomain, renderTimelineChart, type TimelineChart } from "../src/chart/timeline-chart.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import type { Timeline, TimelineEvent } from "../src/timeline/types.js";
import { SEED_CORPUS } from "./helpers/corpus.js";
import { pngFacts } from "./helpers/png.js";

function event(day: string, precision: TimelineEvent["precision"], quote = "Something happened."): TimelineEvent {
  const date = precision === "year" ? day.slice(0, 4) : precision === "month" ? day.slice(0, 7) : day;
  return { date, precision, day, quote, reportId: "r", reportDate: null, sources: [], disputedDates: [] };
}

/** The SVG's text elements, unescaped. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );
}

describe("shortHeadline", () => {
  const quote =
    "The Islamic State (IS) group seized Mosul in a lightning offensive on June 10, 2014 before sweeping across much of the country.";

  it("cuts at a word boundary, within the limit, with an ellipsis, keeping the quote's own words", () => {
    for (const max of [20, 40, 56, 60]) {
      const headline = shortHeadline(quote, max);
      expect(headline.length).toBeLessThanOrEqual(max);
      expect(headline.endsWith("…")).toBe(true);
      const kept = headline.slice(0, -1);
      expect(quote.startsWith(kept)).toBe(true);
      // The next character of the quote is a space or punctuation: no word was cut in half.
      expect(quote.slice(kept.length)).toMatch(/^[\s,.;:]/);
    }
    expect(shortHeadline(quote, 40)).toBe("The Islamic State (IS) group seized…");
  });

  it("keeps a short quote whole, collapses whitespace, and cuts a single over-long word", () => {
    expect(shortHeadline("Mosul  falls.\n")).toBe("Mosul falls.");
    expect(shortHeadline("x".repeat(80), 30)).toBe(`${"x".repeat(29)}…`);
    expect(shortHeadline("Forces advanced, then, after weeks, stopped", 26)).toBe("Forces advanced, then…");
  });
});

describe("reportsPerDay", () => {
  it("counts dated reports per publication day, oldest first, within the range", () => {
    const reports = [
      { date: "2017-06-28" },
      { date: "2017-06-27" },
      { date: null },
      { date: "2017-06-28" },
      { date: "2016-10-17" },
    ];
    expect(reportsPerDay({ reports })).toEqual([
      { day: "2016-10-17", reports: 1 },
      { day: "2017-06-27", reports: 1 },
      { day: "2017-06-28", reports: 2 },
    ]);
    expect(reportsPerDay({ reports }, { since: "2017-01-01", until: "2017-06-27" })).toEqual([
      { day: "2017-06-27", reports: 1 },
    ]);
  });
});

describe("chart dates and axis", () => {
  it("labels an event no more precisely than its date", () => {
    expect(chartDateLabel(event("2017-07-09", "day"))).toBe("9 Jul 2017");
    expect(chartDateLabel(event("2017-06-19", "week"))).toBe("week of 19 Jun 2017");
    expect(chartDateLabel(event("2016-10-01", "month"))).toBe("Oct 2016");
    expect(chartDateLabel(event("2014-01-01", "year"))).toBe("2014");
  });

  it("covers events near the reports, pins far older ones to the edge, and ignores where periods end", () => {
    const counts = [
      { day: "2017-05-20", reports: 1 },
      { day: "2017-07-09", reports: 2 },
    ];
    // The reports span 50 days, so the axis reaches two months either side of them.
    const near = chartDomain([event("2017-04-01", "day"), event("2017-07-09", "day")], counts);
    expect(near[0] < "2017-04-01" && near[1] > "2017-07-09").toBe(true);
    const far = chartDomain([event("2016-10-17", "day"), event("2017-06-27", "day")], counts);
    expect(far[0] > "2016-10-17" && far[0] <= "2017-03-21").toBe(true);
    // A year-long event that starts inside the axis does not stretch it to December.
    const winter = [{ day: "2016-12-15", reports: 1 }, ...counts];
    const year = chartDomain([event("2017-01-01", "year"), event("2017-06-27", "day")], winter);
    expect(year[0] < "2017-01-01" && year[1] < "2017-08-01").toBe(true);
    // Without dated reports, the axis is the events' span.
    const alone = chartDomain([event("2014-06-10", "day"), event("2017-07-09", "day")], []);
    expect(alone[0] < "2014-06-10" && alone[1] > "2017-07-09").toBe(true);
    // A longer story looks back as far as it spans.
    const long = chartDomain([event("2016-10-17", "day")], [{ day: "2016-10-18", reports: 1 }, ...counts]);
    expect(long[0] < "2016-10-17").toBe(true);
  });
});

describe("the timeline picture", () => {
  let seeds: OpenedCorpus;
  let timeline: Timeline;
  const charts = new Map<string, TimelineChart>();

  beforeAll(async () => {
    seeds = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
    timeline = await buildTimeline(seeds, { dates: 20 });
    for (const theme of CHART_THEMES) {
      charts.set(theme, await renderTimelineChart({ timeline, reportsPerDay: reportsPerDay(seeds.corpus), theme }));
    }
  }, 60_000);

  it("renders the seeds' timeline as a PNG sized for Discord, in both themes", () => {
    expect(timeline.events.length).toBeGreaterThanOrEqual(5);
    const backgrounds = { light: "#ffffff", dark: "#313338" };
    for (const theme of CHART_THEMES) {
      const chart = charts.get(theme);
      if (!chart) throw new Error(`no ${theme} chart`);
      const facts = pngFacts(chart.png);
      expect(facts).toMatchObject({ width: chart.width, height: chart.height, corner: backgrounds[theme] });
      // Wide enough to read when Discord scales it down, never wider than its preview handles well.
      expect(facts.width).toBeGreaterThanOrEqual(1000);
      expect(facts.width).toBeLessThanOrEqual(1300);
      // One row per event plus the axis and the bars.
      expect(facts.height).toBeGreaterThanOrEqual(timeline.events.length * 30 + 250);
      expect(facts.height).toBeLessThanOrEqual(1400);
      expect(facts.inked).toBeGreaterThan(0.02);
      expect(chart.png.length).toBeGreaterThan(20_000);
      expect(chart.png.length).toBeLessThan(2_000_000);
    }
  });

  it("labels every event with its date and the start of its quote, and draws a bar per publication day", () => {
    const svg = charts.get("light")?.svg ?? "";
    const texts = svgTexts(svg);
    for (const e of timeline.events) {
      const label = `${chartDateLabel(e)} · `;
      const text = texts.find((t) => t.startsWith(label));
      expect(text, `label for ${e.date}`).toBeDefined();
      const headline = (text ?? "").slice(label.length);
      expect(headline.length).toBeGreaterThanOrEqual(15);
      expect(headline.length).toBeLessThanOrEqual(60);
      expect(e.quote.replace(/\s+/g, " ").startsWith(headline.replace(/…$/, ""))).toBe(true);
    }
    const days = reportsPerDay(seeds.corpus).length;
    expect(svg.match(/aria-roledescription="bar"/g)?.length).toBe(days);
  });

  it("keeps awkward timelines inside the picture: old events, long periods, markup, long words and topics", async () => {
    const quotes = [
      "Precedent: the <b>1989</b> spill & its “clean-up” cost $2bn, said <@&123> officials on Tuesday night.",
      "A".repeat(120),
      "في الموصل، أعلنت القوات العراقية النصر على تنظيم الدولة الإسلامية بعد معركة طويلة استمرت أشهرا.",
    ];
    const events = [
      event("1989-03-24", "day", quotes[0]),
      event("2009-01-01", "year", quotes[1]),
      event("2010-01-01", "year", quotes[0]),
      event("2010-04-01", "month", quotes[2]),
      event("2010-04-20", "day", quotes[0]),
      event("2010-04-26", "week", quotes[1]),
      event("2010-07-15", "day", quotes[2]),
    ];
    const timeline: Timeline = { topic: "oil ".repeat(40), since: null, until: null, events };
    const counts = [
      { day: "2010-04-21", reports: 12 },
      { day: "2010-07-16", reports: 1 },
    ];
    const chart = await renderTimelineChart({ timeline, reportsPerDay: counts, theme: "dark" });
    const facts = pngFacts(chart.png);
    expect(facts.corner).toBe("#313338");
    expect(facts.width).toBeLessThanOrEqual(1250);
    const texts = svgTexts(chart.svg);
    expect(texts.some((t) => t.startsWith("24 Mar 1989 · Precedent: the <b>1989</b> spill & its"))).toBe(true);
    expect(texts.find((t) => t.startsWith("Timeline: oil oil"))?.length).toBeLessThanOrEqual(80);
    // The 1989 and 2009 events lie before the axis, which starts near the reports.
    expect(texts.some((t) => t.endsWith("◀ earlier than the axis"))).toBe(true);
  }, 60_000);

  it("draws the same picture on the chart thread", async () => {
    const input = { timeline, reportsPerDay: reportsPerDay(seeds.corpus), theme: "dark" as const };
    const chart = await renderTimelineChartOffThread(input);
    expect(Buffer.isBuffer(chart.png)).toBe(true);
    expect(chart.png.equals(charts.get("dark")?.png ?? Buffer.alloc(0))).toBe(true);
  }, 60_000);
});
