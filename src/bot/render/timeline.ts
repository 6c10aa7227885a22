import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { describeDate, inQuotationMarks } from "../../citation.js";
import type { Corpus } from "../../corpus/types.js";
import type { Timeline, TimelineEvent } from "../../timeline/types.js";
import {
  type ButtonIds,
  clampPage,
  contextRow,
  DESCRIPTION_BUDGET,
  EMBED_COLOR,
  pageFooter,
  pagerRow,
  rangeLine,
  titleText,
} from "./format.js";
import { quoteUserInput, renderHighlightedWithin } from "./markdown.js";
import type { ReplyData } from "./reply.js";
import { counted } from "../../counted.js";

export const EVENTS_PER_PAGE = 5;
/** The picture's file name; the embed shows it as `attachment://timeline.png`. */
export const TIMELINE_PICTURE = "timeline.png";
const NO_EVENTS = "No dated events found.";

export interface TimelineView {
  timeline: Timeline;
  corpus: Corpus;
  page: number;
  ids: ButtonIds;
  /** The timeline as a PNG (src/chart), shown under the events; null when it could not be drawn. */
  picture?: Buffer | null;
}

export function timelinePages(timeline: Timeline): number {
  return Math.max(1, Math.ceil(timeline.events.length / EVENTS_PER_PAGE));
}

/** "2017-06-28", "week of 2017-06-26", "2017-06", "2017": what the event's date claims, no more. */
export function eventDate(date: string, precision: TimelineEvent["precision"], day: string): string {
  return precision === "week" ? `week of ${day}` : date;
}

/** The passages a quote spans, for its "Show context" button. */
export function passageRange(
  corpus: Corpus,
  reportId: string,
  start: number,
  end: number,
): { first: number; last: number } | null {
  const report = corpus.reports.find((r) => r.id === reportId);
  const inside = (report?.passages.toArray() ?? []).filter((p) => p.start < Math.max(end, start + 1) && p.end > start);
  const first = inside[0];
  const last = inside[inside.length - 1];
  return first && last ? { first: first.id, last: last.id } : null;
}

function eventBlock(event: TimelineEvent, n: number, titles: Map<string, string>, budget: number): string {
  const lead = event.sources[0];
  const lines: string[] = [];
  const meta = lead ? `— ${titleText(lead.reportTitle)} · ${describeDate(lead.reportDate, lead.reportDateSource)}` : "";
  const merged = event.sources.length > 1 ? ` · ${event.sources.length} reports` : "";
  let disputed = "";
  if (event.disputedDates.length > 0) {
    const others = event.disputedDates
      .slice(0, 3)
      .map((d) => `${eventDate(d.date, d.precision, d.date)} (${titleText(titles.get(d.reportId) ?? d.reportId, 60)})`);
    const more = event.disputedDates.length > 3 ? ` and ${event.disputedDates.length - 3} more` : "";
    disputed = `\nDate disputed: other reports say ${others.join("; ")}${more}`;
  }
  const label = `**${n}. ${eventDate(event.date, event.precision, event.day)}** `;
  const room = Math.max(60, budget - label.length - meta.length - merged.length - disputed.length - 4);
  const quote = renderHighlightedWithin(lead?.quote ?? event.quote, [], room).text;
  lines.push(`${label}${inQuotationMarks(quote, lead?.quote ?? event.quote)}`);
  if (meta) lines.push(`${meta}${merged}`);
  return lines.join("\n") + disputed;
}

export function renderTimeline(view: TimelineView): ReplyData {
  const { timeline, corpus } = view;
  const pages = timelinePages(timeline);
  const page = clampPage(view.page, pages);
  const titles = new Map(corpus.reports.map((r) => [r.id, r.title]));
  const range = rangeLine(timeline.since, timeline.until);
  const head = range ? `${range}\n\n` : "";
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  let description: string;
  let footer: string;
  if (timeline.events.length === 0) {
    description = head + quoteUserInput(timeline.message ?? NO_EVENTS, 300);
    footer = "Dates come from the reports' own wording and publication dates.";
  } else {
    const start = page * EVENTS_PER_PAGE;
    const shown = timeline.events.slice(start, start + EVENTS_PER_PAGE);
    const each = Math.floor((DESCRIPTION_BUDGET - head.length) / shown.length) - 2;
    description = head + shown.map((e, i) => eventBlock(e, start + i + 1, titles, each)).join("\n\n");
    const count = timeline.events.length;
    footer = pageFooter(page, pages, `${counted(count, "event")}, oldest first · quotes are verbatim`);
    const refs = shown.flatMap((e, i) => {
      const lead = e.sources[0];
      const range = lead ? passageRange(corpus, lead.reportId, lead.start, lead.end) : null;
      return range ? [{ n: start + i + 1, ...range }] : [];
    });
    const context = contextRow("timeline", refs, view.ids);
    if (context) rows.push(context);
  }
  const pager = pagerRow("timeline", page, pages, view.ids);
  if (pager) rows.push(pager);
  const title = timeline.topic ? `Timeline: ${quoteUserInput(timeline.topic, 200)}` : "Timeline";
  const embed: APIEmbed = { color: EMBED_COLOR, title, description, footer: { text: footer } };
  if (view.picture && timeline.events.length > 0) {
    embed.image = { url: `attachment://${TIMELINE_PICTURE}` };
    const alt = `The ${timeline.events.length} events on a time axis, with the number of reports published per day`;
    return {
      embeds: [embed],
      components: rows,
      files: [{ name: TIMELINE_PICTURE, data: view.picture, description: alt }],
    };
  }
  return { embeds: [embed], components: rows };
}
