import { daysBetween, periodEnd } from "../temporal/index.js";
import type { DatePrecision, TimelineCitation, TimelineEvent } from "./types.js";
import { addInto, cosineTo, type Vector } from "./vectors.js";

/**
 * One event found under two dates becomes one entry. When the dates are compatible (a day within a
 * month) the more precise one stays; when they contradict, the entry keeps both.
 */

/** Sentences of other reports this similar to an event's quote state the same event. */
export const SAME_EVENT = 0.3;
/** Sentences of two days this similar tell one event that reports date differently (see `disputable`). */
const SAME_WORDS = 0.8;
const DAY_DISPUTE_WINDOW_DAYS = 7;
/** One sentence read as two dates (a weekday two reports resolve apart) is one event within this many days. */
const DISPUTE_WINDOW_DAYS = 120;
/** With a shared milestone verb, this much similarity is enough to call two sentences one event. */
const MILESTONE_SIMILARITY = 0.04;

export const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, week: 1, month: 2, year: 3 };

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

const sentenceKey = (c: TimelineCitation) => `${c.reportId}\0${c.start}`;

type Dated = Pick<TimelineEvent, "date" | "day" | "precision">;

/** Whether two dated events' periods share a day. */
function overlaps(a: Dated, b: Dated): boolean {
  return a.day <= periodEnd(b.day, b.precision) && b.day <= periodEnd(a.day, a.precision);
}

/** Whether two dated events can be one at all: their periods overlap, or lie at most DISPUTE_WINDOW_DAYS apart. */
function withinReach(a: Dated, b: Dated): boolean {
  return overlaps(a, b) || Math.abs(daysBetween(a.day, b.day)) <= DISPUTE_WINDOW_DAYS;
}

/**
 * Whether different sentences could be dating one event differently: reports that say "in
 * November" and "in October 2016" of the battle's start. Two days are two days' news unless their
 * sentences say the same thing in the same words, a week apart at most ("the slick reached the
 * coast on 20 April" / "on 21 April"): "the rig sank on 22 April, two days after the explosion"
 * (0.69 alike) is no dispute with 20 April, nor the capping of 15 July. A week, month or year is
 * disputed only by a period no further from it than it is long.
 */
function disputable(a: Dated, b: Dated, similarity: number): boolean {
  const coarser = PRECISION_RANK[a.precision] >= PRECISION_RANK[b.precision] ? a : b;
  if (coarser.precision === "day")
    return similarity >= SAME_WORDS && Math.abs(daysBetween(a.day, b.day)) <= DAY_DISPUTE_WINDOW_DAYS;
  const length = daysBetween(coarser.day, periodEnd(coarser.day, coarser.precision)) + 1;
  const [first, second] = a.day <= b.day ? [a, b] : [b, a];
  return daysBetween(periodEnd(first.day, first.precision), second.day) <= length;
}

/** Entries so far, with the summed vector of each entry's sources. */
export class EventList {
  readonly events: TimelineEvent[] = [];
  private readonly vectors = new Map<TimelineEvent, Vector>();

  add(event: TimelineEvent, vector: Vector): void {
    this.events.push(event);
    this.vectors.set(event, vector);
  }

  /**
   * Whether an event of `date` (its first `day`, its `precision`) could fold into an entry already
   * listed: mergeIntoExisting folds only into an entry of another date within reach of it (see
   * withinReach). False means it would not, whatever the event says, so a date told only as
   * background need not have its sentences read to find that out.
   */
  couldMerge(date: Dated): boolean {
    return this.events.some((other) => other.date !== date.date && withinReach(other, date));
  }

  /** Folds `event` into an entry that tells the same event under another date; false when none does. */
  mergeIntoExisting(event: TimelineEvent, vector: Vector): boolean {
    let best: TimelineEvent | null = null;
    let bestSimilarity = 0;
    const toEvent = cosineTo(vector);
    const eventSentences = new Set(event.sources.map(sentenceKey));
    for (const other of this.events) {
      if (other.date === event.date || !withinReach(other, event)) continue;
      const otherVector = this.vectors.get(other) ?? new Map<string, number>();
      const similarity = toEvent(otherVector);
      const sharesSentence = other.sources.some((s) => eventSentences.has(sentenceKey(s)));
      const alike =
        similarity >= SAME_EVENT || (similarity >= MILESTONE_SIMILARITY && sameMilestone(otherVector, vector));
      const same = sharesSentence || (alike && (overlaps(other, event) || disputable(other, event, similarity)));
      if (same && similarity >= bestSimilarity) {
        best = other;
        bestSimilarity = similarity;
      }
    }
    if (!best) return false;
    const overlap = overlaps(best, event);
    const bestSentences = new Set(best.sources.map(sentenceKey));
    for (const source of event.sources) {
      if (!bestSentences.has(sentenceKey(source))) best.sources.push(source);
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
    const merged = this.vectors.get(best);
    if (merged) addInto(merged, vector);
    return true;
  }
}
