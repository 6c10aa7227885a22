// The trivial Timeline17 baseline: the busiest publication days, each told by
// the lead sentences of that day's reports. It exists to sanity-check the
// metric (about Date-F1 0.25 and AR-1 0.03 over the whole split), not to win.

import type { Report } from "./dataset.js";
import { parseReport } from "./dataset.js";
import type { Timeline } from "./metrics.js";

/**
 * Picks the `dates` days with the most reports (ties: earlier day first) and
 * gives each the lead sentence of its first `sentencesPerDate` reports, in
 * input order. A day with fewer reports than that falls back to the reports'
 * second sentences, then third, so it still gets its quota when it can. With a
 * `span`, only reports published in it count (the protocol's input restriction).
 */
export function baselineTimeline(
  reportTexts: readonly string[],
  dates: number,
  sentencesPerDate: number,
  span: { since: string; until: string } | null = null,
): Timeline {
  const byDay = new Map<string, Report[]>();
  for (const text of reportTexts) {
    const report = parseReport(text);
    if (report.sentences.length === 0) continue;
    if (span && (report.date < span.since || report.date > span.until)) continue;
    const reports = byDay.get(report.date);
    if (reports) reports.push(report);
    else byDay.set(report.date, [report]);
  }

  const busiest = [...byDay.entries()]
    .sort(([dayA, a], [dayB, b]) => b.length - a.length || (dayA < dayB ? -1 : dayA > dayB ? 1 : 0))
    .slice(0, Math.max(0, dates));

  return busiest
    .map(([date, reports]) => ({ date, sentences: leadSentences(reports, sentencesPerDate) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function leadSentences(reports: readonly Report[], wanted: number): string[] {
  const picked: string[] = [];
  const seen = new Set<string>();
  const longest = Math.max(...reports.map((r) => r.sentences.length));
  for (let position = 0; position < longest && picked.length < wanted; position++) {
    for (const report of reports) {
      if (picked.length >= wanted) break;
      const sentence = report.sentences[position];
      // Wire copies often repeat a lead verbatim; a repeat adds nothing.
      if (sentence === undefined || seen.has(sentence)) continue;
      seen.add(sentence);
      picked.push(sentence);
    }
  }
  return picked;
}
