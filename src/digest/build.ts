import { inQuotationMarks } from "../citation.js";
import { textSlice } from "../corpus/saved-texts.js";
import type { DateSource, Passage, Report } from "../corpus/types.js";
import { MAX_QUESTION_LENGTH } from "../search/answer.js";
import { answeringPassages } from "../search/relevance.js";
import type { PassageIndex, Opened } from "../search/index.js";
import { type Slicer, TimeSlicer } from "../time-slice.js";
import { buildTimeline } from "../timeline/build.js";
import type { Timeline } from "../timeline/types.js";
import { DigestError } from "./errors.js";
import { counted } from "../counted.js";

/**
 * A digest: the reports first seen in a window and the events they add, each quoted verbatim.
 * Pure: no clock, no store, no Discord. The scheduler, the /digest preview and the bench call it.
 */

export interface DigestExcerpt {
  /** Verbatim: `report.text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  passageId: number;
  /** "lead": the report's opening sentence; "topic": the passage that best matches the topic. */
  reason: "lead" | "topic";
}

export interface DigestReport {
  reportId: string;
  title: string;
  file: string;
  date: string | null;
  dateSource: DateSource;
  source: string | null;
  url: string | null;
  /** Null only for a report left without text once boilerplate was removed. */
  excerpt: DigestExcerpt | null;
}

export interface Digest {
  topic: string | null;
  /** The window, epoch ms: reports first seen after `from`, up to `to`. */
  from: number;
  to: number;
  /** Newest publication date first, undated last. */
  reports: DigestReport[];
  /** Matching reports left out beyond `maxReports`, so a renderer can say "and N more". */
  moreReports: number;
  /** New reports in the window still in the corpus, before the topic filter. */
  newReports: number;
  /** Events the new reports add; null when they state no dated events. */
  timeline: Timeline | null;
  /** Set when this digest stands in for runs missed while the bot was down. */
  catchUp: { missedRuns: number } | null;
}

export interface DigestOptions {
  topic?: string | null;
  from: number;
  to: number;
  /** Scheduled runs missed and merged into this one (a catch-up); 0 or absent for a normal run. */
  missedRuns?: number;
  /** Reports listed at most (default 100); the rest are counted in `moreReports`. */
  maxReports?: number;
  /** Dates in the timeline at most (default 8, as /timeline). */
  timelineDates?: number;
}

export const DEFAULT_MAX_REPORTS = 100;
export const DEFAULT_TIMELINE_DATES = 8;
/** A lead shorter than this is a dateline or a stray label, not a sentence worth quoting. */
const MIN_LEAD_WORDS = 6;
const TOPIC_EXAMPLE = "Use a name or a subject, e.g. “oil spill”.";

/**
 * Checks a digest topic the way questions are checked, plus: it must contain a searchable word.
 * Returns the trimmed topic, or null for no topic. Throws DigestError with a readable message.
 */
export function validateTopic(topic: string | null | undefined, index: PassageIndex): string | null {
  const trimmed = topic?.trim().replace(/\s+/g, " ") ?? "";
  if (trimmed === "") return null;
  if (trimmed.length > MAX_QUESTION_LENGTH) {
    throw new DigestError(
      `The topic is ${trimmed.length} characters long; the limit is ${MAX_QUESTION_LENGTH}. ${TOPIC_EXAMPLE}`,
    );
  }
  if (index.analyzer.queryTerms(trimmed).length === 0) {
    throw new DigestError(`The topic “${trimmed}” has no searchable words. ${TOPIC_EXAMPLE}`);
  }
  return trimmed;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const normalise = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

/** The report's opening sentence, skipping a headline repeated as a sentence and fragments. */
export function leadPassage(report: Report): Passage | null {
  const title = normalise(report.title);
  for (const passage of report.passages.slice(0, 5)) {
    // The passage's own text only: a report restored from the snapshot is not decoded whole for it.
    const text = textSlice(report, passage.start, passage.end);
    if (normalise(text) === title) continue;
    if (words(text) >= MIN_LEAD_WORDS) return passage;
  }
  return report.passages.at(0) ?? null;
}

/** For each report with a passage relevant to the topic (as answers judge relevance), its best passage. */
async function bestTopicPassages(
  index: PassageIndex,
  topic: string,
  reportIds: Set<string>,
  slicer: Slicer,
): Promise<Map<string, Passage>> {
  const best = new Map<string, Passage>();
  let remaining = new Set(reportIds);
  // answeringPassages works from a bounded candidate list; reports crowded out of it get another round,
  // until a round finds no more.
  for (let round = 0; round < 10 && remaining.size > 0; round++) {
    if (slicer.due()) await slicer.giveWay();
    let found = 0;
    for (const c of answeringPassages(index, topic, { reportIds: remaining })) {
      if (best.has(c.hit.passage.reportId)) continue;
      best.set(c.hit.passage.reportId, c.hit.passage);
      found++;
    }
    if (found === 0) break;
    remaining = new Set([...remaining].filter((id) => !best.has(id)));
  }
  return best;
}

function excerptOf(report: Report, passage: Passage | null, reason: DigestExcerpt["reason"]): DigestExcerpt | null {
  if (!passage) return null;
  return {
    text: textSlice(report, passage.start, passage.end),
    start: passage.start,
    end: passage.end,
    passageId: passage.id,
    reason,
  };
}

/**
 * The digest for the reports first seen in a window (`reportIds`; ids no longer in the corpus are
 * ignored), or null when there is nothing to post: no new reports, or none matching the topic.
 * Its topic filter and timeline run in slices under `slicer`, giving way to the bot's other events.
 */
export async function buildDigest(
  opened: Opened,
  reportIds: Iterable<string>,
  options: DigestOptions,
  slicer: Slicer = new TimeSlicer(),
): Promise<Digest | null> {
  const { index } = opened;
  const topic = options.topic?.trim() || null;
  const fresh = [...new Set(reportIds)].map((id) => index.report(id)).filter((r): r is Report => r !== undefined);
  if (fresh.length === 0) return null;

  let chosen: { report: Report; excerpt: DigestExcerpt | null }[];
  if (topic) {
    const matches = await bestTopicPassages(index, topic, new Set(fresh.map((r) => r.id)), slicer);
    chosen = fresh
      .filter((r) => matches.has(r.id))
      .map((report) => ({ report, excerpt: excerptOf(report, matches.get(report.id) ?? null, "topic") }));
  } else {
    chosen = fresh.map((report) => ({ report, excerpt: excerptOf(report, leadPassage(report), "lead") }));
  }
  if (chosen.length === 0) return null;
  chosen.sort(
    (a, b) =>
      (b.report.date ?? "").localeCompare(a.report.date ?? "") ||
      a.report.title.localeCompare(b.report.title) ||
      a.report.id.localeCompare(b.report.id),
  );

  const timeline = await buildTimeline(
    opened,
    {
      topic,
      reportIds: new Set(chosen.map((c) => c.report.id)),
      dates: options.timelineDates ?? DEFAULT_TIMELINE_DATES,
    },
    slicer,
  );
  const maxReports = Math.max(1, options.maxReports ?? DEFAULT_MAX_REPORTS);
  const missedRuns = options.missedRuns ?? 0;
  return {
    topic,
    from: options.from,
    to: options.to,
    reports: chosen.slice(0, maxReports).map(({ report, excerpt }) => ({
      reportId: report.id,
      title: report.title,
      file: report.file,
      date: report.date,
      dateSource: report.dateSource,
      source: report.source,
      url: report.url,
      excerpt,
    })),
    moreReports: Math.max(0, chosen.length - maxReports),
    newReports: fresh.length,
    timeline: timeline.events.length > 0 ? timeline : null,
    catchUp: missedRuns > 0 ? { missedRuns } : null,
  };
}

// --- Plain text -------------------------------------------------------------------------------

const DATE_SOURCE: Record<DateSource, string> = {
  header: "",
  frontmatter: "",
  inferred: " (date inferred from the text)",
  none: "",
};

/** "2025-03-30 10:00 Europe/London": local time in the subscription's zone, named unambiguously. */
export function formatInstant(ms: number, timeZone = "UTC"): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${timeZone}`;
}

/**
 * A digest's opening lines, in every front end: how many new reports (about what) since when, and
 * the runs it catches up on. `quoteTopic` writes the subscriber's topic as the front end must (the
 * bot escapes Discord's markdown in it).
 */
export function digestHeadline(digest: Digest, timeZone = "UTC", quoteTopic = (topic: string) => topic): string[] {
  const count = digest.reports.length + digest.moreReports;
  const about = digest.topic ? ` about “${quoteTopic(digest.topic)}”` : "";
  const lines = [
    `${counted(count, "new report")}${about} since ${formatInstant(digest.from, timeZone)}` +
      ` (to ${formatInstant(digest.to, timeZone)}).`,
  ];
  if (digest.catchUp) {
    const n = digest.catchUp.missedRuns;
    lines.push(`Catch-up: this digest also covers ${counted(n, "scheduled digest")} missed while Sitrep was offline.`);
  }
  return lines;
}

/** The whole digest as plain text, for the CLI, logs and tests. Discord rendering lives in the bot. */
export function renderDigestText(digest: Digest, timeZone = "UTC"): string {
  const lines = digestHeadline(digest, timeZone);
  lines.push("");
  for (const report of digest.reports) {
    const date = report.date ? `${report.date}${DATE_SOURCE[report.dateSource]}` : "undated";
    lines.push(`• ${report.title} — ${date} — ${report.file}`);
    if (report.excerpt) lines.push(`  > ${report.excerpt.text.replace(/\s+/g, " ")}`);
  }
  if (digest.moreReports > 0) lines.push(`…and ${digest.moreReports} more.`);
  if (digest.timeline) {
    lines.push("", "Timeline");
    for (const event of digest.timeline.events) {
      const date = event.precision === "week" ? `week of ${event.day}` : event.date;
      const title = event.sources[0]?.reportTitle ?? event.reportId;
      lines.push(`${date}: ${inQuotationMarks(event.quote.replace(/\s+/g, " "))} (${title})`);
    }
  }
  return lines.join("\n");
}
