import { addDays, daysBetween } from "../corpus/dates.js";
import { countWords } from "../corpus/sentences.js";
import type { Passage, Report } from "../corpus/types.js";
import { answeringPassages } from "../search/relevance.js";
import type { PassageIndex } from "../search/index.js";
import { mentionsByPassage, type PassageMention } from "./mentions.js";
import { periodEnd } from "./temporal.js";
import type { DatePrecision, Timeline, TimelineCitation, TimelineEvent, TimelineOptions } from "./types.js";

/**
 * Timelines, DATEWISE-style (Ghalandari & Ifrim 2020): rank dates by how many sentences refer to
 * them, then for each chosen date pick the sentences closest to that date's TF-IDF centroid.
 * Reports that state the same event are merged into one entry with several citations, and an
 * event that reports date differently keeps both dates.
 */

export const DEFAULT_DATES = 8;
export const DEFAULT_PER_DATE = 1;
export const MAX_DATES = 200;
export const MAX_PER_DATE = 10;

export interface BuildOptions extends TimelineOptions {
  /** Only these reports (for digests of new reports). */
  reportIds?: ReadonlySet<string> | null;
  /** "day" keeps only day-precise dates (the Timeline17 protocol); "any" also weeks, months, years. */
  granularity?: "day" | "any";
  /**
   * Merge an event found under another date into the entry that already tells it (default true).
   * Timeline17 scores each date on its own, so its evaluation keeps one entry per date instead.
   */
  mergeAcrossDates?: boolean;
  /** Weight of a date per report that mentions it (default 1). */
  reportWeight?: number;
  /** Weight of a date per sentence that mentions it (default 0.1). */
  sentenceWeight?: number;
  /** Weight of a report's publication day per sentence of that report (default 0.005). */
  publicationWeight?: number;
}

/** Sentences of other reports this similar to an event's quote state the same event. */
const SAME_EVENT = 0.3;
/** Sentences this similar to one already picked for a date add nothing new. */
const NEAR_DUPLICATE = 0.5;
/** Reports that date one event differently are taken to disagree only within this many days. */
const DISPUTE_WINDOW_DAYS = 120;
/** Sentences of a report published on a date (or the day after) that are candidates for it. */
const PUBLISHED_SENTENCES = 12;
const IDEAL_WORDS = 25;
const FORWARD_MENTION_WEIGHT = 0.5;
const PUBLISHED_CANDIDATE_WEIGHT = 0.6;
/** With a shared milestone verb, this much similarity is enough to call two sentences one event. */
const MILESTONE_SIMILARITY = 0.04;

/**
 * Verbs that mark the milestones timelines are made of. Two sentences with the same milestone verb
 * and another shared term ("began" + "city") tell of one event even when the rest of their wording
 * differs, as "the battle … began in November" and "the operation … began in October 2016" do.
 */
const MILESTONE_STEMS = new Set([
  "begin",
  "launch",
  "start",
  "seiz",
  "captur",
  "fall",
  "retak",
  "recaptur",
  "liber",
  "blow",
  "destroi",
  "explod",
  "resign",
  "elect",
  "sign",
  "arrest",
  "die",
]);

function sameMilestone(a: Vector, b: Vector): boolean {
  let milestone = false;
  let other = false;
  for (const term of a.keys()) {
    if (!b.has(term)) continue;
    if (MILESTONE_STEMS.has(term)) milestone = true;
    else other = true;
  }
  return milestone && other;
}

interface Opened {
  corpus: PassageIndex["corpus"];
  index: PassageIndex;
}

type Vector = Map<string, number>;

interface Candidate {
  passage: Passage;
  report: Report;
  text: string;
  vector: Vector;
}

interface DateKey {
  date: string;
  precision: DatePrecision;
  day: string;
  last: string;
  score: number;
  mentioning: PassageMention[];
}

const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, week: 1, month: 2, year: 3 };

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const v = b.get(t);
    if (v !== undefined) dot += w * v;
  }
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function addInto(target: Vector, v: Vector): void {
  for (const [t, w] of v) target.set(t, (target.get(t) ?? 0) + w);
}

function clampInt(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(1, Math.floor(value)), max);
}

export function buildTimeline(opened: Opened, options: BuildOptions = {}): Timeline {
  const { corpus, index } = opened;
  const topic = options.topic?.trim() || null;
  const since = options.since ?? null;
  const until = options.until ?? null;
  const wantedDates = clampInt(options.dates, DEFAULT_DATES, MAX_DATES);
  const perDate = clampInt(options.perDate, DEFAULT_PER_DATE, MAX_PER_DATE);
  const granularity = options.granularity ?? "any";
  // Measured on Timeline17: how many reports name a date says more about it than how many
  // sentences do; publication days add a little (see the closing note of the timeline issue).
  const reportWeight = options.reportWeight ?? 1;
  const mergeAcrossDates = options.mergeAcrossDates ?? true;
  const sentenceWeight = options.sentenceWeight ?? 0.1;
  const publicationWeight = options.publicationWeight ?? 0.005;
  const base = { topic, since, until };

  let allowed: Set<number> | null = null;
  if (topic) {
    allowed = new Set(
      answeringPassages(index, topic, { reportIds: options.reportIds ?? null }).map((c) => c.hit.passage.id),
    );
    if (allowed.size === 0) return { ...base, events: [], message: `No report covers “${topic}”.` };
  }
  const reports = new Map(corpus.reports.map((r) => [r.id, r]));
  const usable = (p: Passage) =>
    (allowed === null || allowed.has(p.id)) && (!options.reportIds || options.reportIds.has(p.reportId));
  const inRange = (day: string, last: string) => (!since || last >= since) && (!until || day <= until);

  // 1. Score each date by the sentences that refer to it.
  const keys = new Map<string, DateKey>();
  const mentions = mentionsByPassage(corpus);
  for (const passageMentions of mentions) {
    for (const pm of passageMentions) {
      const { mention } = pm;
      if (!usable(pm.passage) || (granularity === "day" && mention.precision !== "day")) continue;
      const last = periodEnd(mention.day, mention.precision);
      if (!inRange(mention.day, last)) continue;
      let key = keys.get(mention.date);
      if (!key) {
        key = { date: mention.date, precision: mention.precision, day: mention.day, last, score: 0, mentioning: [] };
        keys.set(mention.date, key);
      }
      if (!key.mentioning.some((m) => m.passage.id === pm.passage.id)) {
        // A date a report looks back on happened; one it looks ahead to (a plan, a deadline) may not.
        const lookingAhead = !pm.passage.date || pm.passage.date < mention.day;
        const weight = reportWeight * (lookingAhead ? FORWARD_MENTION_WEIGHT : 1);
        if (!key.mentioning.some((m) => m.passage.reportId === pm.passage.reportId)) key.score += weight;
        key.mentioning.push(pm);
        key.score += sentenceWeight;
      }
    }
  }
  // Publication days count too, lightly: a day many reports were written on is a day things happened.
  const leadsByDay = new Map<string, Passage[]>();
  for (const report of corpus.reports) {
    if (!report.date) continue;
    const usablePassages = report.passages.filter(usable);
    if (usablePassages.length === 0) continue;
    const leads = usablePassages.filter((p) => p.ordinal < PUBLISHED_SENTENCES);
    leadsByDay.set(report.date, [...(leadsByDay.get(report.date) ?? []), ...leads]);
    if (!inRange(report.date, report.date)) continue;
    let key = keys.get(report.date);
    if (!key) {
      key = { date: report.date, precision: "day", day: report.date, last: report.date, score: 0, mentioning: [] };
      keys.set(report.date, key);
    }
    key.score += publicationWeight * usablePassages.length;
  }

  const vectors = new Map<number, Vector>();
  const vectorOf = (passage: Passage, report: Report): Vector => {
    const cached = vectors.get(passage.id);
    if (cached) return cached;
    const text = report.text.slice(passage.start, passage.end);
    const dateSpans = (mentions[passage.id] ?? []).map((m) => m.mention);
    const vector: Vector = new Map();
    for (const term of index.analyzer.surfaceTerms(text)) {
      // The date words themselves say nothing about what happened.
      if (dateSpans.some((m) => term.start < m.end && m.start < term.end)) continue;
      vector.set(term.term, (vector.get(term.term) ?? 0) + 1);
    }
    for (const [t, tf] of vector) vector.set(t, tf * index.idf(t));
    vectors.set(passage.id, vector);
    return vector;
  };
  const candidateOf = (passage: Passage): Candidate | null => {
    const report = reports.get(passage.reportId);
    if (!report) return null;
    return { passage, report, text: report.text.slice(passage.start, passage.end), vector: vectorOf(passage, report) };
  };

  const ranked = [...keys.values()].sort((a, b) => b.score - a.score || a.day.localeCompare(b.day));
  const events: TimelineEvent[] = [];
  const eventVectors = new Map<TimelineEvent, Vector>();
  let datesKept = 0;
  for (const key of ranked) {
    if (datesKept >= wantedDates) break;
    // 2. Candidates: sentences dated to this date, plus leads of reports published that day or the next.
    const candidates = new Map<number, Candidate>();
    for (const pm of key.mentioning) {
      // A sentence naming several dates is an entry for the first only: "last week, militants blew
      // up the mosque, from which … in the summer of 2014" is about last week.
      if (!isPrimary(pm, mentions[pm.passage.id] ?? [], granularity)) continue;
      const c = candidateOf(pm.passage);
      if (c) candidates.set(pm.passage.id, c);
    }
    if (key.precision === "day") {
      for (const day of [key.day, addDays(key.day, 1)]) {
        for (const lead of leadsByDay.get(day) ?? []) {
          const own = mentions[lead.id] ?? [];
          // A lead that names some other date is about that date, not this one.
          if (own.some((m) => m.mention.date !== key.date && m.mention.precision === "day")) continue;
          const c = candidateOf(lead);
          if (c) candidates.set(lead.id, c);
        }
      }
    }
    if (candidates.size === 0) continue;
    // 3. The date's TF-IDF centroid, and each candidate's similarity to it.
    const centroid: Vector = new Map();
    for (const c of candidates.values()) addInto(centroid, c.vector);
    const scored = [...candidates.values()]
      .map((c) => {
        const explicit = key.mentioning.some((m) => m.passage.id === c.passage.id);
        // A sentence that names the date is about it; one that was merely published then may not be.
        const weight = explicit ? 1 : PUBLISHED_CANDIDATE_WEIGHT;
        return { c, score: cosine(c.vector, centroid) * lengthFit(c.text) * weight };
      })
      .sort((a, b) => b.score - a.score || a.c.passage.id - b.c.passage.id);
    // 4. Greedy picks, skipping near-duplicates; similar sentences of other reports become citations.
    const picked: { c: Candidate; sources: Candidate[] }[] = [];
    for (const { c } of scored) {
      if (picked.length >= perDate) break;
      const twin = picked.find((p) => cosine(p.c.vector, c.vector) >= NEAR_DUPLICATE);
      if (twin) continue;
      picked.push({ c, sources: [c] });
    }
    for (const { c } of scored) {
      for (const p of picked) {
        if (p.sources.some((s) => s.report.id === c.report.id)) continue;
        if (cosine(p.c.vector, c.vector) >= SAME_EVENT) p.sources.push(c);
      }
    }
    let addedHere = 0;
    for (const p of picked) {
      const event = toEvent(key, p.c, p.sources);
      const vector: Vector = new Map();
      for (const s of p.sources) addInto(vector, s.vector);
      if (mergeAcrossDates && mergeIntoExisting(events, eventVectors, event, vector)) continue;
      events.push(event);
      eventVectors.set(event, vector);
      addedHere++;
    }
    if (addedHere > 0) datesKept++;
  }
  // 5. In order.
  events.sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      PRECISION_RANK[b.precision] - PRECISION_RANK[a.precision] ||
      a.reportId.localeCompare(b.reportId),
  );
  if (events.length === 0) {
    const why = topic ? `No dated events about “${topic}”` : "No dated events";
    return { ...base, events, message: `${why}${since || until ? " in that date range" : ""}.` };
  }
  return { ...base, events };
}

function isPrimary(pm: PassageMention, all: PassageMention[], granularity: "day" | "any"): boolean {
  const first = all.find((m) => granularity === "any" || m.mention.precision === "day");
  return first === undefined || first.mention.start === pm.mention.start;
}

function citation(c: Candidate): TimelineCitation {
  return {
    reportId: c.report.id,
    reportTitle: c.report.title,
    reportFile: c.report.file,
    reportDate: c.report.date,
    reportDateSource: c.report.dateSource,
    quote: c.text,
    start: c.passage.start,
    end: c.passage.end,
  };
}

function toEvent(key: DateKey, lead: Candidate, sources: Candidate[]): TimelineEvent {
  return {
    date: key.date,
    precision: key.precision,
    day: key.day,
    quote: lead.text,
    reportId: lead.report.id,
    reportDate: lead.report.date,
    sources: sources.map(citation),
    disputedDates: [],
  };
}

/**
 * The same event found again under another date: when the dates are compatible (a day within a
 * month) the more precise one stays; when they contradict, the event keeps both.
 */
function mergeIntoExisting(
  events: TimelineEvent[],
  vectors: Map<TimelineEvent, Vector>,
  event: TimelineEvent,
  vector: Vector,
): boolean {
  let best: TimelineEvent | null = null;
  let bestSimilarity = 0;
  for (const other of events) {
    if (other.date === event.date) continue;
    const otherVector = vectors.get(other) ?? new Map();
    const similarity = cosine(otherVector, vector);
    const sharesSentence = other.sources.some((s) =>
      event.sources.some((e) => e.reportId === s.reportId && e.start === s.start),
    );
    const same =
      sharesSentence ||
      similarity >= SAME_EVENT ||
      (similarity >= MILESTONE_SIMILARITY && sameMilestone(otherVector, vector));
    if (same && similarity >= bestSimilarity) {
      best = other;
      bestSimilarity = similarity;
    }
  }
  if (!best) return false;
  const otherEnd = periodEnd(best.day, best.precision);
  const eventEnd = periodEnd(event.day, event.precision);
  const overlap = best.day <= eventEnd && event.day <= otherEnd;
  if (!overlap && Math.abs(daysBetween(best.day, event.day)) > DISPUTE_WINDOW_DAYS) return false;
  for (const source of event.sources) {
    if (!best.sources.some((s) => s.reportId === source.reportId && s.start === source.start))
      best.sources.push(source);
  }
  if (overlap) {
    // "June 2014" and "June 10, 2014" for one event: the precise date and the sentence giving it lead.
    if (PRECISION_RANK[event.precision] < PRECISION_RANK[best.precision]) {
      const lead = event.sources[0];
      best.date = event.date;
      best.precision = event.precision;
      best.day = event.day;
      best.quote = event.quote;
      best.reportId = event.reportId;
      best.reportDate = event.reportDate;
      if (lead) best.sources = [lead, ...best.sources.filter((s) => s !== lead)];
    }
  } else if (!best.disputedDates.some((d) => d.date === event.date)) {
    best.disputedDates.push({ date: event.date, precision: event.precision, reportId: event.reportId });
  }
  const merged = vectors.get(best);
  if (merged) addInto(merged, vector);
  return true;
}

/**
 * Timeline entries read best short: past about 25 words a sentence carries more than one event.
 * Measured on Timeline17, preferring them lifts AR-1 by a tenth (see the timeline issue's note).
 */
function lengthFit(text: string): number {
  const words = countWords(text);
  return words <= IDEAL_WORDS ? 1 : Math.sqrt(IDEAL_WORDS / words);
}
