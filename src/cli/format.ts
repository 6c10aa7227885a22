import type { Corpus } from "../corpus/types.js";
import type { Answer, Excerpt } from "../search/answer.js";
import type { Timeline, TimelineEvent } from "../timeline/types.js";

/** Plain-text rendering for the terminal: the same quotes, sources and dates the bot shows. */

export function describeDate(date: string | null, dateSource: string): string {
  if (!date) return "undated";
  return dateSource === "inferred" ? `${date} (inferred)` : date;
}

function excerptLines(excerpt: Excerpt, n: number): string[] {
  return [
    `${n}. “${excerpt.text.replace(/\s+/g, " ")}”`,
    `   — ${excerpt.title} · ${describeDate(excerpt.date, excerpt.dateSource)} · ${excerpt.file}`,
  ];
}

export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  const { since, until, phrase } = answer.range;
  if (since || until) {
    // A phrase in the question prefers its period; only --since/--until filter.
    const from = phrase ? `Preferring reports published` : `Reports published`;
    const quoted = phrase ? ` (from “${phrase}”)` : "";
    lines.push(`${from} ${since ?? "any time"} to ${until ?? "now"}${quoted}`, "");
  }
  if (answer.results.length > 0 && answer.message) lines.push(answer.message, "");
  if (answer.disagreement) lines.push(answer.disagreement, "");
  if (answer.results.length === 0) {
    lines.push(answer.message ?? "No report covers this.");
    if (answer.nearMisses.length > 0) {
      lines.push("", "Closest passages (not answers):");
      answer.nearMisses.forEach((e, i) => {
        lines.push(...excerptLines(e, i + 1));
      });
    }
    return lines.join("\n");
  }
  answer.results.forEach((e, i) => {
    if (i > 0) lines.push("");
    lines.push(...excerptLines(e, i + 1));
  });
  return lines.join("\n");
}

export function formatReports(corpus: Corpus): string {
  const lines = [`${corpus.reports.length} reports in ${corpus.dir}`];
  for (const r of corpus.reports) {
    lines.push(
      `- ${describeDate(r.date, r.dateSource).padEnd(10)}  ${r.title}  [${r.file}, ${r.passages.length} passages]`,
    );
    for (const w of r.warnings) lines.push(`    warning: ${w}`);
  }
  if (corpus.rejected.length > 0) {
    lines.push("", `${corpus.rejected.length} files not loaded:`);
    for (const r of corpus.rejected) lines.push(`- ${r.file}: ${r.reason}`);
  }
  return lines.join("\n");
}

/** Entries other than days say what they are: "2017-W25 (week of 2017-06-19)". */
const PRECISION_NOTE: Record<TimelineEvent["precision"], (day: string) => string> = {
  day: () => "",
  week: (day) => ` (week of ${day})`,
  month: () => " (month)",
  year: () => " (year)",
};

export function formatTimeline(timeline: Timeline): string {
  if (timeline.events.length === 0) return timeline.message ?? "No dated events.";
  const lines: string[] = [];
  for (const event of timeline.events) {
    const disputed =
      event.disputedDates.length > 0 ? ` (other reports: ${event.disputedDates.map((d) => d.date).join(", ")})` : "";
    const others = event.sources.length > 1 ? ` · ${event.sources.length} reports` : "";
    lines.push(`${event.date}${PRECISION_NOTE[event.precision](event.day)}${disputed}${others}`);
    const lead = event.sources[0];
    lines.push(`  “${event.quote.replace(/\s+/g, " ")}”`);
    if (lead) lines.push(`  — ${lead.reportTitle} · ${describeDate(lead.reportDate, lead.reportDateSource)}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
