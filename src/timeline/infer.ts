import type { Corpus, Report } from "../corpus/types.js";
import { findTemporalMentions, shiftDay } from "../temporal/index.js";

/**
 * Publication dates for undated reports, only where the text supports one:
 * - the page's own publication stamp near its head ("Published: 1 November 2024");
 * - "second day of the offensive", when another report dates the start of the offensive;
 * - otherwise the latest explicit full date the report mentions (a report cannot predate what it
 *   reports).
 * Such dates are marked `inferred`, and everything that shows them says so.
 */

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};
const CAMPAIGN = "(?:offensive|operation|battle|campaign|assault|push|fighting)";
const NTH_DAY = new RegExp(
  `\\b(${Object.keys(ORDINALS).join("|")}|\\d{1,2}(?:st|nd|rd|th))\\s+day\\s+of\\s+(?:the\\s+)?(?:\\w+\\s+)?${CAMPAIGN}\\b`,
  "i",
);
const CAMPAIGN_START = new RegExp(
  `\\b${CAMPAIGN}\\b[^.]{0,80}?\\b(?:began|begun|started|launched|opened)\\b|\\b(?:began|launched|started)\\b[^.]{0,40}\\b${CAMPAIGN}\\b`,
  "i",
);

function ordinalValue(word: string): number | null {
  const lower = word.toLowerCase();
  if (lower in ORDINALS) return ORDINALS[lower] ?? null;
  const n = Number.parseInt(lower, 10);
  return Number.isFinite(n) && n > 0 ? n : null;
}

const starts = new WeakMap<Corpus, string | null>();

/**
 * The day the corpus's dated reports say the campaign began, when they agree on a full date.
 * Inferred dates do not vote (they are inferred from this). Remembered per corpus.
 */
export function campaignStart(corpus: Corpus): string | null {
  const known = starts.get(corpus);
  if (known !== undefined) return known;
  const start = countCampaignStart(corpus);
  starts.set(corpus, start);
  return start;
}

function countCampaignStart(corpus: Corpus): string | null {
  const votes = new Map<string, number>();
  for (const report of corpus.reports) {
    if (!report.date || report.dateSource === "inferred") continue;
    for (const passage of report.passages) {
      const text = report.text.slice(passage.start, passage.end);
      if (!CAMPAIGN_START.test(text)) continue;
      for (const mention of findTemporalMentions(text, report.date)) {
        if (mention.precision === "day" && !mention.relative)
          votes.set(mention.date, (votes.get(mention.date) ?? 0) + 1);
      }
    }
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [day, count] of votes) {
    if (count > bestVotes) {
      best = day;
      bestVotes = count;
    }
  }
  return best;
}

const INFERRED_WARNING = "publication date ";

/**
 * A copy of an undated report as it was before its date was inferred (undated, without the
 * inference's warning), to infer again without touching the report a served corpus holds.
 */
export function withoutInferredDate(report: Report): Report {
  return {
    ...report,
    date: null,
    dateSource: "none",
    warnings: report.warnings.filter((w) => !(w.startsWith(INFERRED_WARNING) && w.includes(" inferred from "))),
    passages: report.passages.withDate(null),
  };
}

interface Inference {
  date: string;
  reason: string;
}

/**
 * A page's own publication stamp near its head: "Published: 1 November 2024", "Posted on Nov 1,
 * 2024", "First published on Fri 1 Nov 2024 10.12 GMT". Read before the latest date the text
 * mentions, which may be a date it looks ahead to ("the trial opens on 5 December 2024").
 */
const PUBLICATION_STAMP =
  /^[\t \uFEFF]*(?:first\s+)?(?:published|posted|publication\s+date|date\s+published)(?:\s+on)?\s*[:|-]?\s*(.{6,80}?)\s*$/im;
/** How far into a report its publication stamp is looked for. */
const STAMP_WITHIN = 600;

function publicationStamp(report: Report): Inference | null {
  const head = report.text.slice(report.bodyStart, report.bodyStart + STAMP_WITHIN);
  const stamp = PUBLICATION_STAMP.exec(head);
  if (!stamp) return null;
  const day = findTemporalMentions(stamp[1] ?? "", null).find((m) => m.precision === "day" && !m.relative);
  return day ? { date: day.date, reason: `the page's publication stamp (“${stamp[0].trim()}”)` } : null;
}

function inferReportDate(report: Report, start: string | null): Inference | null {
  const stamped = publicationStamp(report);
  if (stamped) return stamped;
  const body = report.passages
    .toArray()
    .map((p) => report.text.slice(p.start, p.end))
    .join("\n");
  const nth = NTH_DAY.exec(`${report.title}\n${body}`);
  if (nth && start) {
    const n = ordinalValue(nth[1] ?? "");
    if (n)
      return {
        date: shiftDay(start, n - 1),
        reason: `“${nth[0]}”, counted from ${start}, when other reports date its start`,
      };
  }
  let latest: string | null = null;
  for (const mention of findTemporalMentions(body, null)) {
    if (mention.precision === "day" && (!latest || mention.date > latest)) latest = mention.date;
  }
  return latest ? { date: latest, reason: `the latest full date the report mentions (${latest})` } : null;
}

/**
 * Sets `date`/`dateSource: "inferred"` on undated reports where the text supports a date; with
 * `only`, on those of these reports only (a reload's new ones, when the campaign start is unchanged).
 */
export function inferPublicationDates(corpus: Corpus, only?: ReadonlySet<string>): void {
  const undated = corpus.reports.filter((r) => r.dateSource === "none" && (!only || only.has(r.id)));
  if (undated.length === 0) return;
  const start = campaignStart(corpus);
  for (const report of undated) {
    const inference = inferReportDate(report, start);
    if (!inference) continue;
    report.date = inference.date;
    report.dateSource = "inferred";
    report.warnings.push(`${INFERRED_WARNING}${inference.date} inferred from ${inference.reason}`);
    report.passages.date = inference.date;
  }
}
