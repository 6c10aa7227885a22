// src/temporal: temporal expressions in news text, normalised against the report's publication date.
//
// chrono-node does the recognition, reconfigured for news (see expressions.ts): durations and
// narrative-relative phrases are switched off, and parsers for weeks, weekends, seasons, bare years and "N days ago"
// are added. Time counted from a day the narrative names ("two days later", "a month later") is read
// here, from that day. The dates themselves are always worked out here (resolve.ts) from what the
// text states, so the rules are news rules rather than chrono's (which looks forward and invents
// days and years).

import { isAbbreviationStop } from "../abbreviations.js";
import { type CivilDate, type DatePrecision, toCivil } from "./calendar.js";
import {
  countOf,
  createNewsChrono,
  HOLIDAY_PATTERN,
  MONTH_PATTERN,
  monthOfWord,
  type NewsChrono,
} from "./expressions.js";
import { type CountUnit, countedFrom, looksFuture, resolveChronoResult, tellsThePast } from "./resolve.js";

export {
  type DatePrecision,
  daysBetween,
  describePeriod,
  monthStartAfter,
  parseIsoDate,
  periodEnd,
  shiftDay,
  yearsEarlier,
} from "./calendar.js";
export { MONTH_NAMES, MONTH_PATTERN, MONTH_SHORT_PATTERN, seasonNamed, WEEKDAY_NAMES } from "./expressions.js";
export { FORECAST_CUES, SEASON_START, tellsThePast } from "./resolve.js";

export interface TemporalMention {
  /** UTF-16 offsets into the text given: text.slice(start, end) === this.text. */
  start: number;
  end: number;
  /** The phrase as written, without a leading preposition ("on Tuesday" → "Tuesday"). */
  text: string;
  /** "YYYY-MM-DD" (day), "YYYY-Www" ISO week (week), "YYYY-MM" (month) or "YYYY" (year). */
  date: string;
  precision: DatePrecision;
  /** First day of the period, for sorting and arithmetic. */
  day: string;
  /** True when the reference date was needed (weekdays, "last week", a month without its year, "yesterday"...). */
  relative: boolean;
}

const PRECISION_FORMATS: Record<DatePrecision, RegExp> = {
  day: /^\d{4}-\d{2}-\d{2}$/,
  week: /^\d{4}-W\d{2}$/,
  month: /^\d{4}-\d{2}$/,
  year: /^\d{4}$/,
};

export function precisionOf(date: string): DatePrecision {
  for (const precision of ["day", "week", "month", "year"] as const) {
    if (PRECISION_FORMATS[precision].test(date)) return precision;
  }
  throw new Error(`not a normalised date: ${JSON.stringify(date)}`);
}

let made: NewsChrono | null = null;
/** Made when a text first has something a date could be made of: loading chrono is then paid for. */
function newsChrono(): NewsChrono {
  made ??= createNewsChrono();
  return made;
}

/** Names of chrono parts this module expected to switch off but could not find; empty unless chrono changed. */
export function chronoPartsNotFound(): readonly string[] {
  return newsChrono().missing;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanning. chrono runs every parser's regex over whatever it is given, so it is run per sentence, and only on
// sentences with something a date could be made of; most sentences of a report have none.

const CUE = new RegExp(
  [
    `\\b(?:${MONTH_PATTERN})\\b`,
    "\\b(?:mon|tues?|wednes|thu(?:rs)?|fri|satur|sun)day\\b",
    "\\b(?:today|tonight|tomorrow|yesterday|last\\s+night|weeks?|weekends?|months?|years?|ago|spring|summer|autumn|fall|winter)\\b",
    "\\bthis\\s+(?:morning|afternoon|evening)\\b",
    `\\b(?:${HOLIDAY_PATTERN})\\b`,
    "(?:1[89]|20)\\d\\d",
    "\\d[/.-]\\d",
  ].join("|"),
  "i",
);

// A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital. "Jan. 25" and
// "Sept. 10" do not split because a digit follows.
const SENTENCE_END = /[.!?…]+["”’')\]]*\s+(?=["“‘'([]*[A-Z])/g;

// chrono re-scans the rest of its input after every match, so time grows with length × matches. Very long
// "sentences" (tables, lists, scraped junk) are cut at a space; a date split across a cut is lost, a rare loss.
const MAX_SEGMENT = 600;

interface Segment {
  start: number;
  text: string;
}

function* bounded(segment: Segment): Generator<Segment> {
  let { start, text } = segment;
  while (text.length > MAX_SEGMENT) {
    const cut = text.lastIndexOf(" ", MAX_SEGMENT);
    const end = cut > MAX_SEGMENT / 2 ? cut + 1 : MAX_SEGMENT;
    yield { start, text: text.slice(0, end) };
    start += end;
    text = text.slice(end);
  }
  if (text.length > 0) yield { start, text };
}

function* sentences(text: string, from: number): Generator<Segment> {
  let lineStart = from;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let sentenceStart = 0;
    SENTENCE_END.lastIndex = 0;
    for (let match = SENTENCE_END.exec(line); match; match = SENTENCE_END.exec(line)) {
      if (/^\.(?![.!?…])/.test(match[0]) && isAbbreviationStop(line, match.index, sentenceStart)) continue;
      const end = match.index + match[0].length;
      yield { start: lineStart + sentenceStart, text: line.slice(sentenceStart, end) };
      sentenceStart = end;
    }
    if (sentenceStart < line.length) yield { start: lineStart + sentenceStart, text: line.slice(sentenceStart) };
    lineStart = lineEnd + 1;
  }
}

function* segments(text: string, from: number): Generator<Segment> {
  for (const sentence of sentences(text, from)) yield* bounded(sentence);
}

// Corpus files may open with their own metadata (" date 2017-06-28 Iraqi forces..."): not a mention.
const HEADER = /^\s*date\s+\d{4}-\d{2}-\d{2}\b/;

/**
 * Spans inside quotation marks. Curly quotes pair up; a straight quote toggles. An unclosed quote runs to the end
 * of its paragraph, as multi-paragraph quotes in news leave the closing mark off.
 */
function quoteSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) {
      if (open >= 0) spans.push([open, i]);
      open = -1;
    } else if (ch === 0x201c) {
      if (open < 0) open = i;
    } else if (ch === 0x201d) {
      if (open >= 0) spans.push([open, i + 1]);
      open = -1;
    } else if (ch === 0x22) {
      if (open >= 0) {
        spans.push([open, i + 1]);
        open = -1;
      } else {
        open = i;
      }
    }
  }
  if (open >= 0) spans.push([open, text.length]);
  return spans;
}

function insideAny(spans: ReadonlyArray<[number, number]>, position: number): boolean {
  return spans.some(([start, end]) => position > start && position < end);
}

const LEADING_NOISE =
  /^(?:[\s,;:([]+|(?:on|in|at|by|since|during|from|until|till|over|of|before|after|through|throughout|between|as\s+of)\s+)+/i;
// chrono sometimes takes a preceding count for a time ("rose from two to 10 on Wednesday").
const LEADING_NUMBER =
  /^\d{1,2}\s+(?=(?:on|in|at|by|since|during|from|until|till)\s|(?:yesterday|today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)/i;
const TRAILING_NOISE = /[\s,;:)\]\-–—]+$/;

// ---------------------------------------------------------------------------------------------------------------
// Time counted from a day the narrative has just named: "exploded on 20 April and sank two days later",
// "arrived on 4 April and developed symptoms four days later", "a month later", "later that day".
// chrono counts these from the report, so its parsers for them are off (expressions.ts); here they
// count from the day named before them.

const COUNT_WORD = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2}";

const NARRATIVE_OFFSET = new RegExp(
  [
    // "two days later", "a month earlier"; not "a day later than scheduled".
    String.raw`(?<count>${COUNT_WORD})\s+(?<countUnit>day|week|month)s?\s+(?<direction>later|earlier)(?!\s+than\b)`,
    // "the next day", "the following week", "the previous month".
    String.raw`the\s+(?<adjacent>next|following|previous)\s+(?<adjacentUnit>day|week|month)`,
    // "the day after." at a clause's end: "the day after the vote" counts from the vote.
    String.raw`the\s+day\s+(?<afterOrBefore>after|before)(?=\s*(?:[,.;:!?)]|$))`,
    // "later that day", "that night", "the same day".
    String.raw`(?:(?:later|earlier)\s+)?(?:that|the\s+same)\s+(?<sameDay>day|night|morning|afternoon|evening)`,
    // "hours later", "eight minutes later", "a few hours earlier": the same day, up to twelve hours.
    String.raw`(?:(?<hours>${COUNT_WORD}|a\s+few|several|some)\s+)?(?<hourUnit>hour|minute|moment)s?\s+(?:later|earlier)(?!\s+than\b)`,
    // "the next morning", "the following night"; "the night before." at a clause's end.
    String.raw`the\s+(?:next|following)\s+(?<nextPartOfDay>morning|afternoon|evening|night)`,
    String.raw`the\s+(?<nightBefore>night|evening)\s+before(?=\s*(?:[,.;:!?)]|$))`,
  ]
    .map((source) => `(?<![\\w-])(?:${source})(?![\\w-])`)
    .join("|"),
  "gi",
);

/** A word every NARRATIVE_OFFSET holds: a sentence without one is not searched for counts. */
const COUNT_CUE = /\b(?:days?|weeks?|months?|hours?|minutes?|moments?|night|morning|afternoon|evening)\b/i;

/** "will spend the next day determining …", "over the next week": a length of time, not a day. */
const DURATION_BEFORE = /\b(?:spend|spends|spent|spending|over|in|within|for|during|throughout|through|of)\s+$/i;

/** "officials said that night shifts …": "that" introduces what was said. */
const THAT_INTRODUCES_SPEECH =
  /\b(?:said|says|say|told|tell|tells|announced|reported|claimed|believes?|believed|noted|added|argued|so|now)\s+$/i;

const WHOLE_NARRATIVE_OFFSET = new RegExp(`^(?:${NARRATIVE_OFFSET.source})$`, "i");

/**
 * Whether `mention` of `text` is a count that reads its day from the sentence before: a count
 * ("It sank two days later.", "The same day of this decision …") with no day named before it in
 * `text`. Such a sentence dates its event but does not say it on its own.
 */
export function countsFromBefore(
  text: string,
  mention: Pick<TemporalMention, "start" | "end">,
  mentions: readonly Pick<TemporalMention, "end" | "precision">[],
): boolean {
  return (
    WHOLE_NARRATIVE_OFFSET.test(text.slice(mention.start, mention.end)) &&
    !mentions.some((other) => other.precision === "day" && other.end <= mention.start)
  );
}

/** The last day a sentence named, as a count in the next one counts from it. */
export type DayBefore = Pick<TemporalMention, "day" | "relative"> & { text?: string };

const THE_REPORTS_DAY = /^(?:today|tonight|this\s+(?:morning|afternoon|evening))$/i;

interface NarrativeOffset {
  unit: CountUnit;
  n: number;
}

/** What a NARRATIVE_OFFSET match counts from the day before it, or null for a length of time. */
function narrativeOffsetOf(match: RegExpExecArray, before: string): NarrativeOffset | null {
  if (DURATION_BEFORE.test(before)) return null;
  const { count, countUnit, direction, adjacent, adjacentUnit, afterOrBefore, sameDay } = match.groups ?? {};
  const { hours, hourUnit, nextPartOfDay, nightBefore } = match.groups ?? {};
  if (count !== undefined) {
    const n = countOf(count);
    if (n === undefined || n <= 0) return null;
    return { unit: countUnit?.toLowerCase() as CountUnit, n: direction?.toLowerCase() === "earlier" ? -n : n };
  }
  if (adjacent !== undefined)
    return { unit: adjacentUnit?.toLowerCase() as CountUnit, n: adjacent.toLowerCase() === "previous" ? -1 : 1 };
  if (afterOrBefore !== undefined) return { unit: "day", n: afterOrBefore.toLowerCase() === "before" ? -1 : 1 };
  if (sameDay !== undefined && !THAT_INTRODUCES_SPEECH.test(before)) return { unit: "day", n: 0 };
  if (hourUnit !== undefined) {
    // "36 hours later" may be another day.
    const n = hours === undefined ? undefined : countOf(hours);
    return hourUnit.toLowerCase() === "hour" && n !== undefined && n > 12 ? null : { unit: "day", n: 0 };
  }
  if (nextPartOfDay !== undefined) return { unit: "day", n: 1 };
  if (nightBefore !== undefined) return { unit: "day", n: -1 };
  return null;
}

/** "Seven months later, BP has settled on …": a count in the present perfect tells back too. */
const PRESENT_PERFECT =
  /\b(?:has|have)\s+(?:(?:\w+ly|not|also|now|since)\s+)?(?:\w+ed|been|done|made|taken|given|seen|become|begun|gone|come|grown|risen|fallen)\b/i;

/**
 * The time a count names, from the last day `mentions` (its sentence's) names before it. Failing
 * that, from the sentence before (`dayBefore`), when the count's own sentence tells the past ("It
 * sank two days later.") and does not look ahead before it ("you're not going to see drilling the
 * next day", said of a ban), or when that day is still to come. "that day" counts only from the
 * sentence before, in any tense (a chronology's "Later that day the virus is also confirmed …"):
 * in its own sentence it names no new day.
 */
function narrativeOffsetMentions(
  text: string,
  segment: Segment,
  mentions: readonly TemporalMention[],
  dayBefore: DayBefore | null,
  referenceDate: string | null,
): TemporalMention[] {
  const found: TemporalMention[] = [];
  NARRATIVE_OFFSET.lastIndex = 0;
  for (let match = NARRATIVE_OFFSET.exec(segment.text); match; match = NARRATIVE_OFFSET.exec(segment.text)) {
    const offset = narrativeOffsetOf(match, segment.text.slice(0, match.index));
    if (offset === null) continue;
    const start = segment.start + match.index;
    const inSentence = [...mentions, ...found].filter((m) => m.precision === "day" && m.end <= start);
    const sameDay = offset.unit === "day" && offset.n === 0;
    if (sameDay && inSentence.length > 0) continue;
    // A day to come may be counted from ahead ("… reopen on Wednesday. Museums are to follow a day later.").
    const fromAhead = dayBefore !== null && referenceDate !== null && dayBefore.day > referenceDate;
    const toldBack =
      (sameDay || tellsThePast(segment.text) || PRESENT_PERFECT.test(segment.text)) &&
      !looksFuture(segment.text.slice(0, match.index));
    const anchor = inSentence.at(-1) ?? (toldBack || fromAhead ? dayBefore : null);
    // "Today, almost five months later, …": the count runs up to the report's day, not from it.
    if (anchor && THE_REPORTS_DAY.test(anchor.text ?? "")) continue;
    const day = anchor ? toCivil(anchor.day) : null;
    const counted = anchor && day ? countedFrom(day, offset.unit, offset.n, anchor.relative) : null;
    if (!counted) continue;
    // Counted from the sentence before and told as done, yet after the report: the count ran from an
    // event no date names ("… the first order of business after the explosion was search and rescue.
    // A declaration … came nine days later").
    const borrowed = inSentence.length === 0;
    if (borrowed && toldBack && referenceDate !== null && counted.day > referenceDate) continue;
    const end = start + match[0].length;
    found.push({
      start,
      end,
      text: text.slice(start, end),
      date: counted.date,
      precision: counted.precision,
      day: counted.day,
      relative: counted.relative,
    });
  }
  return found;
}

/**
 * A blog post's stamp on a page that lists posts: "May 24, 2010 21:58 UTC The message from the White
 * House podium today …" (Reuters' blogs). A month, day, year and clock time with its zone, nothing
 * a sentence writes.
 */
const POST_STAMP =
  /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}), (\d{4}),? \d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)? (?:UTC|GMT|BST|EDT|EST|ET)\b/;

function stampDay(stamp: RegExpExecArray): string {
  const month = monthOfWord(stamp[1] ?? "") ?? 0;
  return `${stamp[3]}-${String(month).padStart(2, "0")}-${String(stamp[2]).padStart(2, "0")}`;
}

function toRefDate(ref: CivilDate): Date {
  // Local noon: chrono computes in local time, and noon keeps "last night" and DST shifts on the right day.
  const date = new Date(2000, 0, 1, 12);
  date.setFullYear(ref.y, ref.m - 1, ref.d);
  return date;
}

// Undated reports still need some reference for chrono to run; nothing relative survives resolution anyway.
const UNDATED_REFERENCE = new Date(2000, 0, 1, 12);

/**
 * Finds temporal expressions in `text` and normalises them against `referenceDate` ("YYYY-MM-DD", the report's
 * publication date). With a null (or invalid) reference, only expressions that fix their own date are returned.
 * `question`: the text is a reader's question and the reference today (see ResolveContext).
 * `dayBefore`: the last day the text just before this one named (its report's previous passage),
 * which "It sank two days later." at this text's head counts from.
 */
export function findTemporalMentions(
  text: string,
  referenceDate: string | null,
  options: { question?: boolean; dayBefore?: DayBefore | null } = {},
): TemporalMention[] {
  let ref = referenceDate === null ? null : toCivil(referenceDate);
  let chronoRef = ref ? toRefDate(ref) : UNDATED_REFERENCE;
  // The day relative dates count from: the report's, or that of a post stamped inside it.
  let refDay = referenceDate;
  const header = HEADER.exec(text);
  let quotes: Array<[number, number]> | null = null;
  const mentions: TemporalMention[] = [];

  let dayBefore = options.dayBefore ?? null;
  for (const segment of segments(text, header ? header[0].length : 0)) {
    const count = mentions.length;
    const stamp = options.question ? null : POST_STAMP.exec(segment.text);
    const stampedDay = stamp ? stampDay(stamp) : null;
    const stamped = stampedDay ? toCivil(stampedDay) : null;
    if (stamp && stamped) {
      // A page listing posts: what follows a post's stamp is told on the stamp's day.
      const cut = stamp.index + stamp[0].length;
      readSegment({ start: segment.start, text: segment.text.slice(0, cut) });
      ref = stamped;
      chronoRef = toRefDate(stamped);
      refDay = stampedDay;
      readSegment({ start: segment.start + cut, text: segment.text.slice(cut) });
    } else readSegment(segment);
    if (!options.question && COUNT_CUE.test(segment.text)) {
      const counted = narrativeOffsetMentions(text, segment, mentions.slice(count), dayBefore, refDay);
      if (counted.length > 0) {
        // In order within the sentence; every earlier sentence's mentions come before it.
        const sentence = mentions.splice(count).concat(counted);
        mentions.push(...sentence.sort((a, b) => a.start - b.start));
      }
    }
    dayBefore = mentions.slice(count).findLast((m) => m.precision === "day") ?? null;
  }
  return mentions;

  function readSegment(segment: Segment): void {
    if (!CUE.test(segment.text)) return;
    let results: ReturnType<NewsChrono["chrono"]["parse"]>;
    try {
      results = newsChrono().chrono.parse(segment.text, chronoRef);
    } catch {
      // A chrono bug on odd input should cost one sentence's dates, not the whole report.
      return;
    }
    for (const result of results) {
      // Our own resolver's errors are bugs and must surface (the property tests run through here).
      const resolution = resolveChronoResult(result, {
        ref,
        before: segment.text.slice(0, result.index),
        after: segment.text.slice(result.index + result.text.length),
        question: options.question === true,
      });
      if (!resolution || (resolution.relative && !ref)) continue;

      const raw = result.text;
      const lead =
        (LEADING_NUMBER.exec(raw)?.[0].length ?? 0) +
        (LEADING_NOISE.exec(raw.replace(LEADING_NUMBER, ""))?.[0].length ?? 0);
      const trimmed = raw.slice(lead).replace(TRAILING_NOISE, "");
      if (trimmed.length === 0) continue;
      const start = segment.start + result.index + lead;
      const end = start + trimmed.length;

      if (resolution.deictic) {
        quotes ??= quoteSpans(text);
        if (insideAny(quotes, start)) continue;
      }
      mentions.push({
        start,
        end,
        text: text.slice(start, end),
        date: resolution.date,
        precision: resolution.precision,
        day: resolution.day,
        relative: resolution.relative,
      });
    }
  }
}
