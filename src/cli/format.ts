import { describeDate, inQuotationMarks } from "../citation.js";
import type { Corpus } from "../corpus/types.js";
import { type Answer, type Excerpt, NO_ANSWER_MESSAGE } from "../search/answer.js";
import { describePeriod } from "../temporal/index.js";
import type { Timeline, TimelineEvent } from "../timeline/types.js";
import { counted } from "../counted.js";

/**
 * Plain-text rendering for the terminal: the same quotes, sources and dates the bot shows. Everything
 * that comes from the corpus (file names, titles, report text, reasons) goes through `shown`: a file
 * name may hold a newline or an escape sequence that would forge output lines or drive the terminal.
 */

/** Controls (C0, DEL, C1) and bidirectional overrides, which reorder what follows them. */
const UNSAFE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/** `text` with every control character written out as an escape (`\n`, `\e`, `\u{202e}`). */
export function shown(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
}

/** A quote on one line: runs of whitespace as one space, then any control left escaped. */
function quoted(text: string): string {
  return shown(text.replace(/\s+/g, " "));
}

function excerptLines(excerpt: Excerpt, n: number): string[] {
  return [
    `${n}. ${inQuotationMarks(quoted(excerpt.text))}`,
    `   — ${shown(excerpt.title)} · ${describeDate(excerpt.date, excerpt.dateSource)} · ${shown(excerpt.file)}`,
  ];
}

export function formatAnswer(answer: Answer): string {
  const lines: string[] = [];
  const { since, until, phrase } = answer.range;
  if (since || until) {
    // A phrase in the question prefers its period; only --since/--until filter.
    const from = phrase ? `Preferring reports published` : `Reports published`;
    const source = phrase ? ` (from “${shown(phrase)}”)` : "";
    lines.push(`${from} ${describePeriod(since ?? null, until ?? null)}${source}`, "");
  }
  if (answer.results.length > 0 && answer.message) lines.push(answer.message, "");
  if (answer.disagreement) lines.push(answer.disagreement, "");
  if (answer.results.length === 0) {
    lines.push(shown(answer.message ?? NO_ANSWER_MESSAGE));
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
  const lines = [`${counted(corpus.reports.length, "report")} in ${shown(corpus.dir)}`];
  for (const r of corpus.reports) {
    lines.push(
      `- ${describeDate(r.date, r.dateSource).padEnd(10)}  ${shown(r.title)}  [${shown(r.file)}, ${counted(r.passages.length, "passage")}]`,
    );
    for (const w of r.warnings) lines.push(`    warning: ${shown(w)}`);
  }
  if (corpus.rejected.length > 0) {
    lines.push("", `${counted(corpus.rejected.length, "file")} not loaded:`);
    for (const r of corpus.rejected) lines.push(`- ${shown(r.file)}: ${shown(r.reason)}`);
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
  if (timeline.events.length === 0) return shown(timeline.message ?? "No dated events.");
  const lines: string[] = [];
  for (const event of timeline.events) {
    const disputed =
      event.disputedDates.length > 0 ? ` (other reports: ${event.disputedDates.map((d) => d.date).join(", ")})` : "";
    const others = event.sources.length > 1 ? ` · ${event.sources.length} reports` : "";
    lines.push(`${event.date}${PRECISION_NOTE[event.precision](event.day)}${disputed}${others}`);
    const lead = event.sources[0];
    lines.push(`  ${inQuotationMarks(quoted(event.quote))}`);
    if (lead) lines.push(`  — ${shown(lead.reportTitle)} · ${describeDate(lead.reportDate, lead.reportDateSource)}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}
