// src/chart: the timeline as a picture (Vega-Lite, Vega, resvg), drawn off the main thread.
import { existsSync } from "node:fs";
import path from "node:path";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { daysBetween, periodEnd, shiftDay } from "../temporal/index.js";
import type { Timeline, TimelineEvent } from "../timeline/types.js";
import { HEADLINE_MAX, shortHeadline } from "./headline.js";
import type { DayCount } from "./report-counts.js";
import type { ChartTheme } from "./theme.js";
import { counted } from "../counted.js";

/**
 * The timeline as a picture: each event a row, placed on a shared time axis and labelled with its date
 * and a short headline cut from its quote; below, the number of reports published per day. Vega-Lite
 * describes the chart, Vega renders it to SVG, and resvg rasterises the SVG to PNG with the system's
 * fonts (DejaVu Sans on these machines; any sans-serif otherwise).
 */

export interface TimelineChartInput {
  timeline: Timeline;
  reportsPerDay: readonly DayCount[];
  theme?: ChartTheme;
}

export interface TimelineChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Sized for Discord, which shows an embed's image scaled down: about 1,180 pixels wide in all, with
 * large type. The height grows with the number of events.
 */
const PLOT_WIDTH = 1100;
const ROW_HEIGHT = 36;
const BARS_HEIGHT = 130;
const LABEL_FONT_SIZE = 20;
const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
/**
 * Characters of label per pixel: DejaVu Sans averages about 0.56 em a character in news text. (Vega's
 * own estimate without a canvas, 0.8 em, would cut labels far too short.)
 */
const CHARS_PER_PIXEL = 1 / (0.56 * LABEL_FONT_SIZE);
const LABEL_GAP = 14;

interface Palette {
  background: string;
  text: string;
  muted: string;
  grid: string;
  event: string;
  period: string;
  bars: string;
}

const PALETTES: Record<ChartTheme, Palette> = {
  light: {
    background: "#ffffff",
    text: "#1f2328",
    muted: "#57606a",
    grid: "#d8dee4",
    event: "#4752c4",
    period: "#aab1f0",
    bars: "#8c959f",
  },
  dark: {
    background: "#313338",
    text: "#f2f3f5",
    muted: "#b5bac1",
    grid: "#4e5058",
    event: "#8c97ff",
    period: "#5865f2",
    bars: "#80848e",
  },
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "10 Jun 2014", "week of 19 Jun 2017", "Oct 2016", "2014": no more precise than the event's date. */
export function chartDateLabel(event: Pick<TimelineEvent, "day" | "precision">): string {
  const [year, month, day] = event.day.split("-");
  const monthName = MONTHS[Number(month) - 1] ?? month;
  const dayMonthYear = `${Number(day)} ${monthName} ${year}`;
  switch (event.precision) {
    case "day":
      return dayMonthYear;
    case "week":
      return `week of ${dayMonthYear}`;
    case "month":
      return `${monthName} ${year}`;
    case "year":
      return `${year}`;
  }
}

interface EventRow {
  row: number;
  /** Where the event is drawn: its first and last day, clamped to the axis. */
  day: string;
  end: string;
  /** A month, week or year: drawn as a bar over the period. */
  period: boolean;
  /** The event lies (or starts) before the axis, or after it: drawn as an arrowhead at that edge. */
  pinned: "before" | "after" | null;
  label: string;
  /** Where the label goes: before the mark, after it, or over a period's bar from its start. */
  side: LabelSide;
}

type LabelSide = "left" | "right" | "over";

/** How far before the first report (or after the last) the axis reaches for other events, at least. */
const LOOKBACK_DAYS = 60;
/** Below this many pixels on either side, a period's label is written over its bar instead. */
const MIN_LABEL_ROOM = 320;

/**
 * The time axis. It covers every event's start and every report, unless background events lie long
 * before the reports (a 1989 precedent in a 2010 story): then it starts a lookback (the reports' own
 * span, at least two months) before the first report, and those events are pinned to its edge, so
 * the story's own weeks are not squeezed into a sliver. Likewise after the last report.
 */
export function chartDomain(events: readonly TimelineEvent[], counts: readonly DayCount[]): [string, string] {
  // Where periods start, not end: a year-long event must not stretch the axis over months with no news.
  const eventDays = events.map((e) => e.day);
  const reportDays = counts.map((c) => c.day).sort();
  const days = [...eventDays, ...reportDays].sort();
  let first = days[0] ?? "2000-01-01";
  let last = days[days.length - 1] ?? first;
  const firstReport = reportDays[0];
  const lastReport = reportDays[reportDays.length - 1];
  if (firstReport !== undefined && lastReport !== undefined) {
    const lookback = Math.max(LOOKBACK_DAYS, daysBetween(firstReport, lastReport));
    const earliest = shiftDay(firstReport, -lookback);
    const latest = shiftDay(lastReport, lookback);
    if (first < earliest) first = earliest;
    if (last > latest) last = latest;
  }
  // Room either side so the first and last dots are not on the frame.
  const pad = Math.max(3, Math.round(daysBetween(first, last) * 0.02));
  return [shiftDay(first, -pad), shiftDay(last, pad)];
}

const clampDay = (day: string, [from, to]: [string, string]) => (day < from ? from : day > to ? to : day);

/**
 * Each event's row. The label goes on the side of its mark with more room (or over its period's bar
 * when neither side has much) and gets as much of the headline as fits there, so labels stay inside
 * the plot.
 */
function eventRows(events: readonly TimelineEvent[], domain: [string, string]): EventRow[] {
  const span = Math.max(1, daysBetween(domain[0], domain[1]));
  const xOf = (day: string) => (daysBetween(domain[0], day) / span) * PLOT_WIDTH;
  return events.map((event, row) => {
    const lastDay = periodEnd(event.day, event.precision);
    const day = clampDay(event.day, domain);
    const end = clampDay(lastDay, domain);
    const pinned = event.day < domain[0] ? "before" : event.day > domain[1] ? "after" : null;
    const before = xOf(day);
    const after = PLOT_WIDTH - xOf(end);
    const over = PLOT_WIDTH - before;
    const side: LabelSide =
      Math.max(before, after) < MIN_LABEL_ROOM && over > after ? "over" : after > before ? "right" : "left";
    const room = { left: before, right: after, over }[side] - LABEL_GAP - 8;
    const date = chartDateLabel(event);
    const headlineChars = Math.floor(room * CHARS_PER_PIXEL) - date.length - 3;
    const headline = shortHeadline(event.quote, Math.min(HEADLINE_MAX, Math.max(20, headlineChars)));
    return { row, day, end, period: event.precision !== "day", pinned, label: `${date} · ${headline}`, side };
  });
}

export function timelineChartSpec(input: TimelineChartInput): TopLevelSpec {
  const palette = PALETTES[input.theme ?? "light"];
  const { timeline } = input;
  const domain = chartDomain(timeline.events, input.reportsPerDay);
  const rows = eventRows(timeline.events, domain);
  const grid = { labels: false, ticks: false, domain: false, title: null, grid: true, tickCount: 8 };
  const x = { field: "day", type: "temporal", scale: { type: "utc" }, axis: grid } as const;
  const y = { field: "row", type: "ordinal", axis: null } as const;
  const label = (side: LabelSide) => ({
    transform: [{ filter: `datum.side === '${side}'` }],
    mark: {
      type: "text" as const,
      align: side === "left" ? ("right" as const) : ("left" as const),
      baseline: "middle" as const,
      dx: side === "left" ? -LABEL_GAP : LABEL_GAP,
      fontSize: LABEL_FONT_SIZE,
      color: palette.text,
    },
    encoding: { x: side === "right" ? { ...x, field: "end" } : x, y, text: { field: "label" } },
  });
  const eventCount = timeline.events.length;
  const title = timeline.topic ? `Timeline: ${timeline.topic}` : "Timeline";
  const edges = [
    rows.some((r) => r.pinned === "before") ? "◀ earlier" : "",
    rows.some((r) => r.pinned === "after") ? "▶ later" : "",
  ].filter(Boolean);
  const pinned = edges.length > 0 ? ` · ${edges.join(", ")} than the axis` : "";
  const subtitle = `${counted(eventCount, "event")} · bars: reports published per day${pinned}`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    // resvg paints the background after the picture is cropped to its content (see renderTimelineChart).
    background: "transparent",
    padding: { left: 20, right: 20, top: 16, bottom: 16 },
    title: { text: title.length > 80 ? `${title.slice(0, 79)}…` : title, subtitle },
    config: {
      font: FONT,
      view: { stroke: null },
      title: {
        anchor: "start",
        // Aligned with the plots rather than with Vega's (over-wide) estimate of the labels' extent.
        frame: "group",
        color: palette.text,
        fontSize: 26,
        subtitleColor: palette.muted,
        subtitleFontSize: 18,
        offset: 14,
      },
      axis: {
        labelColor: palette.text,
        titleColor: palette.muted,
        gridColor: palette.grid,
        domainColor: palette.grid,
        tickColor: palette.grid,
        labelFontSize: 17,
        titleFontSize: 16,
        titleFontWeight: "normal",
      },
      concat: { spacing: 6 },
    },
    resolve: { scale: { x: "shared" } },
    vconcat: [
      {
        width: PLOT_WIDTH,
        height: Math.max(1, rows.length) * ROW_HEIGHT,
        data: { values: rows },
        encoding: { y: { ...y, scale: { domain: rows.map((r) => r.row), paddingOuter: 0.5 } } },
        layer: [
          {
            transform: [{ filter: "!datum.pinned" }],
            mark: { type: "rule", color: palette.grid, strokeDash: [2, 4] },
            encoding: { x, y: { value: 0 }, y2: { value: Math.max(1, rows.length) * ROW_HEIGHT + 6 } },
          },
          {
            transform: [{ filter: "datum.period && datum.day < datum.end" }],
            mark: { type: "rule", color: palette.period, strokeWidth: 10, strokeCap: "round" },
            encoding: {
              x,
              x2: { field: "end" },
              y,
              // Faint under a label written over it, so the label stays legible.
              opacity: { condition: { test: "datum.side === 'over'", value: 0.35 }, value: 1 },
            },
          },
          {
            transform: [{ filter: "!datum.pinned" }],
            mark: { type: "point", filled: true, size: 170, color: palette.event, opacity: 1 },
            encoding: { x, y },
          },
          ...(["before", "after"] as const).map((edge) => ({
            transform: [{ filter: `datum.pinned === '${edge}'` }],
            mark: {
              type: "point" as const,
              shape: edge === "before" ? "triangle-left" : "triangle-right",
              filled: true,
              size: 260,
              color: palette.event,
              opacity: 1,
            },
            encoding: { x, y },
          })),
          label("left"),
          label("right"),
          label("over"),
        ],
      },
      {
        width: PLOT_WIDTH,
        height: BARS_HEIGHT,
        data: { values: input.reportsPerDay.map((c) => ({ day: c.day, reports: c.reports })) },
        mark: { type: "bar", color: palette.bars, size: barWidth(domain), cornerRadiusEnd: 1 },
        encoding: {
          x: {
            ...x,
            scale: { type: "utc", domain: domain.map(dateTime) },
            axis: { title: null, grid: false, labelOverlap: "greedy", labelFlush: true, tickCount: 8 },
          },
          y: {
            field: "reports",
            type: "quantitative",
            axis: { title: "reports/day", tickMinStep: 1, format: "d", tickCount: 3, gridColor: palette.grid },
          },
        },
      },
    ],
  };
}

function dateTime(day: string): { year: number; month: number; date: number; utc: true } {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return { year, month, date, utc: true };
}

/** One day's bar in pixels, at least 3 so a day with reports is visible on a span of years. */
function barWidth(domain: [string, string]): number {
  const perDay = PLOT_WIDTH / Math.max(1, daysBetween(domain[0], domain[1]));
  return Math.min(14, Math.max(3, Math.floor(perDay * 0.8)));
}

export async function timelineChartSvg(input: TimelineChartInput): Promise<string> {
  const vegaSpec = compile(timelineChartSpec(input)).spec;
  const view = new View(parse(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** DejaVu Sans where Debian, Fedora and Arch put it; without it resvg falls back to any system font. */
const FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"];
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

function fontOptions(): ResvgRenderOptions["font"] {
  const dir = FONT_DIRS.find((d) => FONT_FILES.every((f) => existsSync(path.join(d, f))));
  // Loading two files is much faster than scanning every system font for each picture.
  if (dir)
    return {
      loadSystemFonts: false,
      fontFiles: FONT_FILES.map((f) => path.join(dir, f)),
      defaultFontFamily: "DejaVu Sans",
    };
  return { loadSystemFonts: true, sansSerifFamily: "DejaVu Sans" };
}

/** Margin around the content, in pixels, once cropped. */
const MARGIN = 20;

/**
 * The chart as SVG and PNG. Vega sizes the picture by its own estimate of text widths, which in Node is
 * far too wide; resvg measures the text with the real font, so the picture is cropped to what resvg
 * finds drawn, plus a margin, and only then given its background.
 */
export async function renderTimelineChart(input: TimelineChartInput): Promise<TimelineChart> {
  const svg = await timelineChartSvg(input);
  const palette = PALETTES[input.theme ?? "light"];
  const resvg = new Resvg(svg, { font: fontOptions(), background: palette.background });
  const content = resvg.getBBox();
  if (content) {
    content.x -= MARGIN;
    content.y -= MARGIN;
    content.width += 2 * MARGIN;
    content.height += 2 * MARGIN;
    resvg.cropByBBox(content);
  }
  const image = resvg.render();
  return { svg, png: image.asPng(), width: image.width, height: image.height };
}
