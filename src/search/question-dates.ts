import { ORDINAL_WORDS } from "./lexicon.js";
import { oneEditVariants } from "./spelling.js";
import {
  daysBetween,
  findTemporalMentions,
  MONTH_NAMES,
  MONTH_PATTERN,
  MONTH_SHORT_PATTERN,
  monthStartAfter,
  periodEnd,
  SEASON_START,
  seasonNamed,
  shiftDay,
  WEEKDAY_NAMES,
  yearsEarlier,
} from "../temporal/index.js";

/**
 * A date phrase in a question ("in June 2017", "before the offensive began in October 2016")
 * narrows the answer to reports published in that range. Relative phrases resolve against the
 * corpus's latest report date: the corpus, not the wall clock, is "now" for the story it tells.
 */
export interface QuestionDateRange {
  since: string | null;
  until: string | null;
  /** The phrase as written in the question. */
  phrase: string;
  /** The question without the phrase and its preposition, for the text search. */
  remainder: string;
}

/**
 * A part of a month named before it: "early", "the end of", and a week of it ("the third week of
 * June", "the first weekend of May", "the last week of may"). Read as the month: its words are no
 * words of the question ("third" found "a third school in London" for "by the third week of june").
 */
const PART_OF_PERIOD = String.raw`(?:early|late|mid|(?:the\s+)?(?:(?:end|beginning|start|middle)|(?:(?:first|second|third|fourth|last|final|past)\s+)?(?:week|weekend|fortnight))\s+of)`;
/** The preposition and part of a period before its date ("around mid-", "by the end of "), either alone. */
const LEADING = new RegExp(
  String.raw`(?:\b(before|prior to|until|till|up to|by|after|since|from|in|during|on|of|around|at)\s+(the\s+)?)?(?:\b(${PART_OF_PERIOD})[\s-]+)?$`,
  "i",
);

/**
 * The days of a month a part of it names: "early June" is its first ten days, "mid-June" the next
 * ten, "late June" and "the end of June" the rest; "the third week of June" its days 15 to 21, "the
 * last week" its last seven. A reader asking for late June does not want the 2nd's news first.
 */
function daysOfPart(part: string, monthStart: string, monthEnd: string): [string, string] | null {
  const words = part.toLowerCase();
  const day = (n: number) => shiftDay(monthStart, n - 1);
  if (/\b(?:last|final|past)\s+(?:week|weekend)\b/.test(words)) return [shiftDay(monthEnd, -6), monthEnd];
  const week = /\b(first|second|third|fourth)\s+(?:week|weekend)\b/.exec(words)?.[1];
  if (week) {
    const n = ORDINAL_WORDS.indexOf(week);
    return [day(7 * n + 1), day(7 * n + 7)];
  }
  if (/\b(?:week|weekend|fortnight)\b/.test(words)) return null;
  const third = thirdNamed(words);
  if (third === 0) return [monthStart, day(10)];
  if (third === 1) return [day(11), day(20)];
  if (third === 2) return [day(21), monthEnd];
  return null;
}

/** Which third of a period a part names: "early" or "the beginning of" 0, "mid" 1, "late" or "the end of" 2. */
function thirdNamed(part: string): 0 | 1 | 2 | null {
  const words = part.trim().toLowerCase();
  if (/^(?:early|(?:the\s+)?(?:beginning|start)\s+of)$/.test(words)) return 0;
  if (/^(?:mid|(?:the\s+)?middle\s+of)$/.test(words)) return 1;
  if (/^(?:late|(?:the\s+)?end\s+of)$/.test(words)) return 2;
  return null;
}
const MONTH = MONTH_NAMES.join("|");
/**
 * "early May", "end of april": the date parser finds no date in a month that a part of it or lower
 * case hides, so the part is blanked and the month capitalised before it reads the question (same
 * length, so positions hold). Only after a preposition or such a part: "may" alone is a verb.
 */
const MONTH_IN_CONTEXT = new RegExp(
  `\\b(?:(${PART_OF_PERIOD})[\\s-]+|(?:in|by|since|until|during|before|after|of)\\s+)(${MONTH}|${MONTH_SHORT_PATTERN})\\b`,
  "gi",
);

/**
 * "That Saturday in June": a weekday named with its month is a day of that month, not the corpus's
 * last Saturday, which the parser reads when it finds the weekday alone. The weekday is blanked, so
 * the month is the period.
 */
const WEEKDAY_IN_MONTH = new RegExp(`\\b(?:${WEEKDAY_NAMES.join("|")})(?=\\s+in\\s+(?:${MONTH})\\b)`, "gi");

function withReadableMonths(question: string): string {
  return question
    .replace(WEEKDAY_IN_MONTH, (weekday) => " ".repeat(weekday.length))
    .replace(MONTH_IN_CONTEXT, (whole, part: string | undefined, month: string) => {
      const capital = month.charAt(0).toUpperCase() + month.slice(1).toLowerCase();
      const lead = whole.slice(0, whole.length - month.length);
      // The part is read as "in" ("mid-May" as "in   May"): a bare month after "around" or at the
      // start is no date to the parser ("around mid-may" was a word of the question, "midmai").
      return (part ? "in".padEnd(lead.length) : lead) + capital;
    });
}
/**
 * A long month's name typed one edit off ("in early novmber", "by febuary"), in lower case and where
 * a date stands (after "in", "early", "by" …, or beside a number): the month meant. Shorter names
 * ("marsh", "jume") have English words one edit away. Read before the dates, so the month is one.
 */
const MONTH_TYPOS: ReadonlyMap<string, string> = new Map(
  MONTH_NAMES.filter((m) => m.length >= 6).flatMap((month) =>
    oneEditVariants(month.toLowerCase())
      // "in augusta" is a place: a letter added after the whole name makes another word.
      .filter((typo) => !typo.startsWith(month.toLowerCase()))
      .map((typo) => [typo, month] as const),
  ),
);
const MONTH_TYPO_PLACE = String.raw`(?<=\b(?:in|early|late|mid|of|by|since|until|during|before|after|\d{1,2}(?:st|nd|rd|th)?)[\s-]+)`;
const MONTH_TYPO = new RegExp(String.raw`${MONTH_TYPO_PLACE}\p{Ll}{5,}\b|\b\p{Ll}{5,}(?=\s+\d{1,4}\b)`, "gu");

function withMonthsSpelt(question: string): string {
  return question.replace(MONTH_TYPO, (word) => MONTH_TYPOS.get(word) ?? word);
}
const SEASON = String.raw`(?:(early|mid|late)[\s-]+)?(spring|summer|autumn|fall|winter)`;
/**
 * A season named with no year ("in the autumn", "during early summer"). A report's "in the summer"
 * is too vague to date an event, so the parser reads no date in it; a question asks about the story
 * the corpus tells, so it is the latest such season begun by the reference date, and its year is
 * written in before the parser reads it.
 */
const SEASON_WITHOUT_YEAR = new RegExp(
  String.raw`\b((?:in|during|over|through|throughout)\s+(?:the\s+)?${SEASON})\b(?!\s*(?:of\s+)?(?:1[89]|20)\d\d\b)`,
  "gi",
);
const SEASON_IN_MENTION = new RegExp(String.raw`\b${SEASON}\b`, "i");

function withSeasonYears(question: string, referenceDate: string | null): string {
  if (referenceDate === null) return question;
  const year = Number(referenceDate.slice(0, 4));
  const month = Number(referenceDate.slice(5, 7));
  return question.replace(
    SEASON_WITHOUT_YEAR,
    (_whole: string, phrase: string, _part: string | undefined, season: string) => {
      const start = SEASON_START[seasonNamed(season)];
      const begun = month >= start ? year : year - 1;
      // A winter runs into the next year: "the winter of 2009-10" is the parser's reading of it.
      return start === 12
        ? `${phrase} of ${begun}-${String((begun + 1) % 100).padStart(2, "0")}`
        : `${phrase} of ${begun}`;
    },
  );
}

/**
 * A season's days, which the date parser dates by its first month: "summer 2010" is June to
 * August, "late summer" August, "early autumn" September.
 */
function seasonDays(mentionText: string, firstDay: string, partBefore: string | undefined): [string, string] | null {
  const season = SEASON_IN_MENTION.exec(mentionText);
  if (!season) return null;
  // "late summer" is its third month; a week of it ("the first weekend of summer") names no month.
  const third = thirdNamed(season[1] ?? partBefore ?? "");
  const [from, to] = third === null ? [0, 2] : [third, third];
  return [monthStartAfter(firstDay, from), periodEnd(monthStartAfter(firstDay, to), "month")];
}

const EARLIER = /\b(before|prior to)\b/i;
const LATER = /\b(after|since)\b/i;

/**
 * Two months joined ("June and July 2017", "Jan-Mar 2010", "between May and July"): one period from
 * the first to the second, whose year is written once for both. The parser reads the second month
 * (with its year) alone, the first blanked; the period then opens with the first.
 */
const MONTH_SPAN = new RegExp(
  String.raw`\b(?:between\s+)?(${MONTH_PATTERN})\.?(?:\s*[-–—/]\s*|\s+(?:and|or|to|through|thru|till|until)\s+)(?=(${MONTH_PATTERN})\b)`,
  "gi",
);

interface MonthSpan {
  /** Where the span opens ("between" or the first month). */
  start: number;
  /** Where the second month starts. */
  second: number;
  /** The first month, 1 to 12. */
  firstMonth: number;
}

const MONTH_NUMBER = new Map(MONTH_NAMES.map((name, i) => [name.slice(0, 3).toLowerCase(), i + 1]));

function monthSpanIn(question: string): MonthSpan | null {
  for (const match of question.matchAll(MONTH_SPAN)) {
    const [whole, first = "", second = ""] = match;
    const firstMonth = MONTH_NUMBER.get(first.slice(0, 3).toLowerCase());
    // "may or may not" is no span: the months must differ.
    if (firstMonth === undefined || firstMonth === MONTH_NUMBER.get(second.slice(0, 3).toLowerCase())) continue;
    return { start: match.index, second: match.index + whole.length, firstMonth };
  }
  return null;
}

export function dateRangeInQuestion(typed: string, referenceDate: string | null): QuestionDateRange | null {
  const question = withSeasonYears(withMonthsSpelt(typed), referenceDate);
  const read = (text: string) => findTemporalMentions(withReadableMonths(text), referenceDate, { question: true });
  const found = monthSpanIn(question);
  let mentions = found
    ? // Read after "in", as the span reads it: a bare "may" is a verb to the parser.
      read(question.slice(0, found.start) + "in".padEnd(found.second - found.start) + question.slice(found.second))
    : read(question);
  // The span holds only when its second month is read as a date ("april and may": "may" may be a verb).
  const span = found && mentions.some((m) => m.start === found.second && m.precision === "month") ? found : null;
  if (found && !span) mentions = read(question);
  const ranges = mentions.map((mention) => rangeOf(question, mention, span, referenceDate));
  const [first] = ranges;
  if (!first) return null;
  // "… this year, when the airline bosses met in early June": periods that hold one another are one
  // time told twice, the narrowest the one meant; none is a word to search for. Periods that do not
  // nest keep the first, the others staying words as typed.
  const allNest = ranges.every((r) => ranges.every((other) => holds(other, r) || holds(r, other)));
  const chosen = allNest ? ranges.reduce((a, b) => (spanOf(b) < spanOf(a) ? b : a)) : first;
  const cuts = allNest ? ranges : [chosen];
  let remainder = question;
  // From the last phrase back, each cut ending where the one after it began: a preposition read
  // with a phrase never takes the end of the phrase before it twice.
  let before = question.length;
  for (const cut of [...cuts].sort((a, b) => b.cutStart - a.cutStart)) {
    remainder = `${remainder.slice(0, cut.cutStart)} ${remainder.slice(Math.min(cut.cutEnd, before))}`;
    before = cut.cutStart;
  }
  return {
    since: chosen.since,
    until: chosen.until,
    phrase: chosen.phrase,
    remainder: remainder.replace(/\s+/g, " ").trim(),
  };
}

interface MentionRange {
  since: string | null;
  until: string | null;
  phrase: string;
  /** The phrase and its preposition, as positions in the question. */
  cutStart: number;
  cutEnd: number;
}

type QuestionMention = ReturnType<typeof findTemporalMentions>[number];

/**
 * A month or season named without its year, and not as one to come: "late November", "this summer".
 * Read with the year it was written in ("2011", "Nov '10") or as ahead ("next summer", "the coming
 * winter"), the parser's year stands.
 */
const STORY_MONTH = new RegExp(String.raw`\b(?:${MONTH_PATTERN})\b`, "i");
const YEAR_OR_AHEAD = /\d\d|\b(?:next|coming|upcoming|following)\b/i;

/**
 * Years back to the story's month or season: one named without its year is the latest begun by the
 * reference date, since the corpus is "now" for the story (asked of reports ending in January 2011,
 * "late November" is November 2010, not 2011, which no report has reached).
 */
function yearsBackToStory(text: string, from: string, referenceDate: string | null): number {
  if (referenceDate === null || from <= referenceDate) return 0;
  if (!(STORY_MONTH.test(text) || SEASON_IN_MENTION.test(text)) || YEAR_OR_AHEAD.test(text)) return 0;
  const years = Number(from.slice(0, 4)) - Number(referenceDate.slice(0, 4));
  return yearsEarlier(from, years) > referenceDate ? years + 1 : years;
}

function rangeOf(
  question: string,
  mention: QuestionMention,
  span: MonthSpan | null,
  referenceDate: string | null,
): MentionRange {
  const spanned = span?.second === mention.start ? span : null;
  const opensAt = spanned ? spanned.start : mention.start;
  const first = spanned ? spanStart(spanned, mention.day) : mention.day;
  const last = periodEnd(mention.day, mention.precision);
  const before = question.slice(0, opensAt);
  const adjacent = LEADING.exec(before);
  const word = adjacent?.[1]?.toLowerCase() ?? null;
  const season =
    !spanned && mention.precision === "month"
      ? seasonDays(question.slice(mention.start, mention.end), first, adjacent?.[3])
      : null;
  const part =
    season ??
    (!spanned && mention.precision === "month" && adjacent?.[3] ? daysOfPart(adjacent[3], first, last) : null);
  const [written, writtenTo] = part ?? [first, last];
  const back = yearsBackToStory(question.slice(Math.max(0, opensAt - 12), mention.end), written, referenceDate);
  const [from, to] = [yearsEarlier(written, back), yearsEarlier(writtenTo, back)];
  let since: string | null = from;
  let until: string | null = to;
  if (word === "before" || word === "prior to") {
    since = null;
    until = shiftDay(from, -1);
  } else if (word === "until" || word === "till" || word === "up to" || word === "by") {
    since = null;
  } else if (word === "after") {
    since = shiftDay(to, 1);
    until = null;
  } else if (word === "since" || (word === "from" && !spanned)) {
    until = null;
  } else if (EARLIER.test(before)) {
    // "before the offensive began in October 2016": the event is in that period, so the period stays in.
    since = null;
  } else if (LATER.test(before)) {
    until = null;
  }
  const cutStart = adjacent ? opensAt - adjacent[0].length : opensAt;
  // The phrase as the reader wrote it: "late June", not "June", when a part of the month was read.
  const phraseStart = part && adjacent?.[3] ? cutStart + adjacent[0].lastIndexOf(adjacent[3]) : opensAt;
  return { since, until, phrase: question.slice(phraseStart, mention.end), cutStart, cutEnd: mention.end };
}

/** The first day of a span's first month, in the year of its second ("Dec-Feb 2010" opens in December 2009). */
function spanStart(span: MonthSpan, secondMonthDay: string): string {
  const year = Number(secondMonthDay.slice(0, 4));
  const secondMonth = Number(secondMonthDay.slice(5, 7));
  const startYear = span.firstMonth > secondMonth ? year - 1 : year;
  return `${String(startYear).padStart(4, "0")}-${String(span.firstMonth).padStart(2, "0")}-01`;
}

/** Whether period `outer` holds period `inner` (an open end reaches as far as it goes). */
function holds(outer: MentionRange, inner: MentionRange): boolean {
  const sinceOk = outer.since === null || (inner.since !== null && inner.since >= outer.since);
  const untilOk = outer.until === null || (inner.until !== null && inner.until <= outer.until);
  return sinceOk && untilOk;
}

/** A period's length in days, an open one as long as any. */
function spanOf(range: MentionRange): number {
  return range.since && range.until ? daysBetween(range.since, range.until) : Number.POSITIVE_INFINITY;
}
