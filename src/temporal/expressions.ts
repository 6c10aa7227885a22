import { createRequire } from "node:module";
import type * as chrono from "chrono-node/en";

/**
 * chrono, loaded on first use (its CommonJS build, synchronously): most starts from a snapshot and
 * most questions never parse a date, and loading it takes a tenth of a second. Every chrono object
 * here comes from this one copy, so `instanceof` on them holds.
 */
let loaded: typeof chrono | null = null;
function chronoModule(): typeof chrono {
  loaded ??= createRequire(import.meta.url)("chrono-node/en") as typeof chrono;
  return loaded;
}

// What a news-specific phrase says, before any reference date is applied. Our parsers attach one of these to the
// chrono result as a tag; resolve.ts turns it into a date. Keeping the arithmetic out of the parsers means the
// rules live in one place and an undated report (no reference) goes through exactly the same recognition.
export type Shift = -1 | 0 | 1;
export type Edge = "start" | "middle" | "end";
export type Season = "spring" | "summer" | "autumn" | "winter";

/** The season a word names, American "fall" as "autumn"; `word` is one of the four or "fall", in any case. */
export function seasonNamed(word: string): Season {
  const name = word.toLowerCase();
  return name === "fall" ? "autumn" : (name as Season);
}
export type Which = "this" | "last" | "next";

export type Expr =
  | { k: "period"; unit: "week" | "month" | "year"; shift: Shift; edge: Edge | null }
  | { k: "weekend"; which: Which | "recent" }
  | { k: "year"; y: number; edge: Edge | null }
  | { k: "season"; season: Season; y: number | null; y2: number | null; which: Which | null }
  | { k: "namedMonth"; month: number; which: Which }
  | { k: "monthOfYear"; month: number; shift: Shift; day: number | null }
  | { k: "ago"; n: number; unit: "day" | "week" | "month" | "year" }
  | { k: "holiday"; name: Holiday; y: number | null; capitalised: boolean }
  | { k: "weekOfMonth"; month: number; nth: WeekOfMonth; y: number | null; capitalised: boolean };

/** Which week of a month: the first to the fourth, or the last (-1). */
export type WeekOfMonth = 1 | 2 | 3 | 4 | -1;
const WEEK_ORDINALS: Record<string, WeekOfMonth> = { first: 1, second: 2, third: 3, fourth: 4, last: -1, final: -1 };

/**
 * Holidays news dates events by: fixed ones, and the US's Monday and Thursday holidays. Not
 * "Independence Day" (whose country?) nor Easter (its days are blocked as weekdays: "Easter Monday"
 * of 1967).
 */
export type Holiday =
  | "christmasEve"
  | "christmas"
  | "boxingDay"
  | "newYearsEve"
  | "newYearsDay"
  | "memorialDay"
  | "laborDay"
  | "thanksgiving";

/** Each holiday's name as written, for a regular expression: one table for the parser and the scan's cue. */
const HOLIDAYS: ReadonlyArray<readonly [string, Holiday]> = [
  [String.raw`Christmas\s+Eve`, "christmasEve"],
  [String.raw`Christmas\s+Day`, "christmas"],
  [String.raw`Boxing\s+Day`, "boxingDay"],
  [String.raw`New\s+Year['’]s\s+Eve`, "newYearsEve"],
  [String.raw`New\s+Year['’]s\s+Day`, "newYearsDay"],
  [String.raw`Memorial\s+Day`, "memorialDay"],
  [String.raw`Labor\s+Day`, "laborDay"],
  [String.raw`Thanksgiving(?:\s+Day)?`, "thanksgiving"],
];

/** Any holiday's name, for a regular expression (case-insensitive). */
export const HOLIDAY_PATTERN = HOLIDAYS.map(([source]) => source).join("|");

const HOLIDAY_NAMES = HOLIDAYS.map(([source, name]) => [new RegExp(`^(?:${source})$`, "i"), name] as const);

const EXPR_TAG = "sitrep/expr:";
const SOURCE_TAG = "sitrep/src:";

type Parser = chrono.Parser;
type ParsingContext = Parameters<Parser["pattern"]>[0];

export function exprOf(tags: ReadonlySet<string>): Expr | null {
  for (const tag of tags) {
    if (tag.startsWith(EXPR_TAG)) return JSON.parse(tag.slice(EXPR_TAG.length)) as Expr;
  }
  return null;
}

export function sourcesOf(tags: ReadonlySet<string>): Set<string> {
  const sources = new Set<string>();
  for (const tag of tags) if (tag.startsWith(SOURCE_TAG)) sources.add(tag.slice(SOURCE_TAG.length));
  return sources;
}

/** A month's name as news writes it, in full or short ("jan", "sept", "june"), for a regular expression. */
export const MONTH_PATTERN =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/** Months typed short ("end of sept", "in early oct"); not "mar", a verb, and "may" is whole. */
export const MONTH_SHORT_PATTERN = "jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec";

export const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

export const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

const MONTH_ALTERNATION = MONTH_NAMES.join("|");

export function monthNumber(name: string): number | null {
  const index = MONTH_NAMES.indexOf(name.toLowerCase() as (typeof MONTH_NAMES)[number]);
  return index < 0 ? null : index + 1;
}

/** The month a word names, written out or short ("Sept", "Nov."): the months' first three letters tell them apart. */
export function monthOfWord(word: string): number | null {
  const prefix = word.slice(0, 3).toLowerCase();
  const index = prefix.length < 3 ? -1 : MONTH_NAMES.findIndex((name) => name.startsWith(prefix));
  return index < 0 ? null : index + 1;
}

export function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

function shiftOf(word: string): Shift {
  const w = word.toLowerCase();
  return w === "last" || w === "past" ? -1 : w === "next" ? 1 : 0;
}

function edgeOf(words: string | undefined): Edge | null {
  if (!words) return null;
  if (/\bend\b/i.test(words)) return "end";
  if (/\b(?:start|beginning)\b/i.test(words)) return "start";
  if (/\bmiddle\b/i.test(words)) return "middle";
  // "early"/"mid"/"late" narrow the period without naming a month, so they keep its precision.
  return null;
}

// Words that, after a four-digit number, show it is a count or a clock time rather than a year.
const NOT_A_YEAR_AFTER =
  /^(?:\s*(?:%|percent\b|per\s*cent\b)|\s+(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|hrs|hours|local|people|persons|men|women|children|troops|soldiers|fighters|militants|civilians|residents|families|homes|houses|buildings|dollars|euros|pounds|barrels|gallons|litres|liters|tonnes|tons|feet|ft|metres|meters|miles|km|kilometres|kilometers|cases|deaths|votes|jobs|points|members|workers|students|protesters|demonstrators|delegates|units|vehicles|bombs|times|others|more|of\s+(?:them|the|these|those|which|whom))\b)/i;

// A year followed by another date part ("2014-06-10", "2014/15/...", "2014.5") belongs to something else.
const CONTINUES_NUMBER = /^[-–/.,:]?\d/;

function yearFollowIsClean(after: string): boolean {
  return !CONTINUES_NUMBER.test(after) && !NOT_A_YEAR_AFTER.test(after);
}

function validSecondYear(y: number, second: string | undefined): number | null | false {
  if (second === undefined) return null;
  const n = Number(second);
  if (second.length === 2) return n === (y + 1) % 100 ? y + 1 : false;
  return n > y && n <= y + 5 ? n : false;
}

function textAfter(context: ParsingContext, match: RegExpMatchArray): string {
  return context.text.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 40);
}

function textBefore(context: ParsingContext, match: RegExpMatchArray): string {
  const index = match.index ?? 0;
  return context.text.slice(Math.max(0, index - 40), index);
}

/** A parser whose result carries only an Expr; the date is worked out later from the reference. */
function exprParser(pattern: RegExp, build: (match: RegExpMatchArray, context: ParsingContext) => Expr | null): Parser {
  return {
    pattern: () => pattern,
    extract: (context, match) => {
      const expr = build(match, context);
      if (!expr) return null;
      // A result with no known component looks like a bare time to chrono's merging refiners, so give it the
      // year it is about (or the reference year): it then merges like a date ("last week at 10pm").
      const components = context.createParsingComponents({
        year: expr.k === "year" ? expr.y : context.reference.instant.getFullYear(),
      });
      components.addTag(EXPR_TAG + JSON.stringify(expr));
      return components;
    },
  };
}

// "last week", "earlier this month", "the end of last year", "late next year". "the last week"/"the past week" are
// durations, so "last" after an article is rejected; "past"/"previous" are left out for the same reason.
const periodParser = exprParser(
  /(?<![\w-])(?:(?:the\s+)?(end|start|beginning|middle)\s+of\s+)?(?:(earlier|later|early|late)\s+(?:in\s+)?)?(this|last|next|past)\s+(week|month|year)(?![\w-])/i,
  (match, context) => {
    const [, edgeWord, softEdge, which = "", unit = ""] = match;
    // "past" only dates something in "the end of past year"; elsewhere "(the) past year" is a duration.
    if (which.toLowerCase() === "past" && !edgeWord) return null;
    const before = textBefore(context, match);
    if (!edgeWord && !softEdge && /\b(?:the|a|an|every|each|per)\s+$/i.test(before)) return null;
    // ABC's “This Week”, a show's title: "Emanuel told ABC's “This Week.”"
    if (/^This\s+Week$/.test(match[0]) && /(?:[“"‘]|['’]s\s+)$/.test(before)) return null;
    return {
      k: "period",
      unit: unit.toLowerCase() as "week" | "month" | "year",
      shift: shiftOf(which),
      edge: edgeOf(edgeWord),
    };
  },
);

const weekendParser = exprParser(
  /(?<![\w-])(?:(?:over|at|during|on)\s+)?(the|this|last|next)\s+(?:(past)\s+)?weekend(?![\w-])/i,
  (match, context) => {
    const det = (match[1] ?? "").toLowerCase();
    const past = match[2] !== undefined;
    // "the weekend before the vote" is anchored to something else, not to the report.
    if ((det === "the" || past) && /^\s+(?:before|after|of|when|that)\b/i.test(textAfter(context, match))) return null;
    if (past || det === "the") return { k: "weekend", which: "recent" };
    return { k: "weekend", which: det as Which };
  },
);

/** Another capitalised name before a holiday's makes it that name's ("Holocaust Memorial Day"). */
const OTHER_HOLIDAY_BEFORE =
  /\b(?!(?:US|U\.S\.|American|The|On|Over|By|Since|Until|Till|Before|After|During|Through|Around|From|Ahead|In|At|For|This|Last|Next|Every|Each|A|An|Happy)\b)[A-Z][\w.'’]*\s+$/;

// A report writes them with capitals, as names ("a service of thanksgiving" is none); a question
// may be typed in lower case (the resolver decides, knowing which it reads).
const holidayParser = exprParser(
  new RegExp(String.raw`(?<![\w-])(${HOLIDAY_PATTERN})(?:,?\s+(?:of\s+|in\s+)?((?:19|20)\d\d))?(?![\w-])`, "i"),
  (match, context) => {
    const phrase = match[1] ?? "";
    const name = HOLIDAY_NAMES.find(([pattern]) => pattern.test(phrase))?.[1];
    // Another name's ("Holocaust Memorial Day", "Orthodox Christmas Day"), but "the US Memorial Day holiday".
    if (!name || OTHER_HOLIDAY_BEFORE.test(textBefore(context, match))) return null;
    const capitalised = phrase.split(/\s+/).every(isCapitalised);
    return { k: "holiday", name, y: match[2] === undefined ? null : Number(match[2]), capitalised };
  },
);

// "the first week of May", "in the last week of April 2010": chrono reads the month alone (or, for
// "May", nothing), and the week is what the text states.
const weekOfMonthParser = exprParser(
  new RegExp(
    String.raw`(?<![\w-])(?:the\s+)?(${Object.keys(WEEK_ORDINALS).join("|")})\s+week\s+(?:of|in)\s+(${MONTH_ALTERNATION})(?:,?\s+((?:19|20)\d\d))?(?![\w])`,
    "i",
  ),
  (match, context) => {
    const [, ordinal = "", monthWord = "", yearText] = match;
    const nth = WEEK_ORDINALS[ordinal.toLowerCase()];
    const month = monthNumber(monthWord);
    if (nth === undefined || month === null) return null;
    if (yearText !== undefined && !yearFollowIsClean(textAfter(context, match))) return null;
    const y = yearText === undefined ? null : Number(yearText);
    return { k: "weekOfMonth", month, nth, y, capitalised: isCapitalised(monthWord) };
  },
);

const YEAR_PREPOSITIONS = "in|since|during|until|till|by|before|after|from|through|throughout|between|as\\s+of";

// A bare four-digit number is too often a count, so a year needs a preposition ("in 2014"), a modifier
// ("mid-2014", "the end of 2016") or "the year 2011" in front of it.
const yearParser = exprParser(
  new RegExp(
    `(?<![\\w$£€#./,:-])(?:(${YEAR_PREPOSITIONS})\\s+)?` +
      "(?:(early|mid|late|(?:the\\s+)?(?:end|start|beginning|middle)\\s+of)(?:\\s+|-))?" +
      "(?:(the\\s+year)\\s+)?" +
      "((?:1[89]|20)\\d\\d)(?:[-–/](\\d{4}|\\d{2})(?![\\w/-]))?(?![\\w])",
    "i",
  ),
  (match, context) => {
    const [, preposition, modifier, theYear, yearText = "", second] = match;
    if (!preposition && !modifier && !theYear) return null;
    const y = Number(yearText);
    if (validSecondYear(y, second) === false) return null;
    const after = textAfter(context, match);
    if (!yearFollowIsClean(after)) return null;
    // "the early 1920's" is a decade.
    if (y % 10 === 0 && /^['’]s\b/.test(after)) return null;
    return { k: "year", y, edge: edgeOf(modifier) };
  },
);

const seasonParser = exprParser(
  /(?<![\w-])(?:(this|last|next|the|in)\s+(?:(past)\s+)?)?(?:(early|mid|late)[\s-]+)?(spring|summer|autumn|fall|winter)(?:\s+(of\s+)?((?:1[89]|20)\d\d)(?:[-–/](\d{4}|\d{2})(?![\w/-]))?)?(?![\w])/i,
  (match, context) => {
    const [, detWord, past, , seasonWord = "", of, yearText, second] = match;
    const det = detWord?.toLowerCase();
    const name = seasonWord.toLowerCase();
    const season = seasonNamed(name);
    if (yearText) {
      // "prices fall 2014" is a verb; "the fall of 2014", "in fall 2014" are the season.
      if (name === "fall" && !det && !of) return null;
      if (!yearFollowIsClean(textAfter(context, match))) return null;
      const y = Number(yearText);
      const y2 = validSecondYear(y, second);
      if (y2 === false) return null;
      return { k: "season", season, y, y2, which: null };
    }
    if (past && (det === "this" || det === "the")) return { k: "season", season, y: null, y2: null, which: "last" };
    if (det === "this" || det === "last" || det === "next")
      return { k: "season", season, y: null, y2: null, which: det };
    return null;
  },
);

const namedMonthParser = exprParser(
  new RegExp(
    // "mid-March last year": the modifier belongs to the phrase, or chrono reads "mid-March" alone as this year's.
    // "22 June last year", "June 22 of last year": the day is last year's too, not the most recent 22 June.
    `(?<![\\w$£€-])(?:(?:early|mid|late)[\\s-]+)?(?:(last|this|next)\\s+(${MONTH_ALTERNATION})|(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?)?(${MONTH_ALTERNATION})(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?,?)?\\s+(?:of\\s+)?(this|last|next)\\s+year)(?![\\w])`,
    "i",
  ),
  (match) => {
    const [, which, monthA, dayBefore, monthB, dayAfter, yearWhich] = match;
    const monthWord = monthA ?? monthB ?? "";
    const month = monthNumber(monthWord);
    if (month === null || !isCapitalised(monthWord)) return null;
    if (monthA !== undefined && which !== undefined) {
      return { k: "namedMonth", month, which: which.toLowerCase() as Which };
    }
    if (dayBefore !== undefined && dayAfter !== undefined) return null;
    const day = dayBefore ?? dayAfter;
    return { k: "monthOfYear", month, shift: shiftOf(yearWhich ?? ""), day: day === undefined ? null : Number(day) };
  },
);

// Only definite counts: "a few days ago" never matches because "few" is not a number. A count of
// two units ("two weeks and two days ago", "a year and three months ago") is the finer unit's; any
// other pair ("a month and two days ago") is left unread rather than read as its second part.
const AGO_COUNT = `(${Object.keys(NUMBER_WORDS).join("|")}|\\d{1,3})`;
const agoParser = exprParser(
  new RegExp(
    `(?<![\\w-])(?<!\\b(?:day|week|month|year)s?,?\\s+and\\s+)(?:${AGO_COUNT}\\s+(week|year)s?,?\\s+and\\s+)?${AGO_COUNT}\\s+(day|week|month|year)s?\\s+ago(?![\\w])`,
    "i",
  ),
  (match) => {
    const [, coarseCount, coarseUnit, quantity = "", unitWord = ""] = match;
    const n = countOf(quantity);
    const unit = unitWord.toLowerCase() as "day" | "week" | "month" | "year";
    if (n === undefined || n <= 0) return null;
    if (coarseCount === undefined) return { k: "ago", n, unit };
    const coarse = countOf(coarseCount);
    const perCoarse = coarseUnit?.toLowerCase() === "week" ? (unit === "day" ? 7 : 0) : unit === "month" ? 12 : 0;
    if (coarse === undefined || perCoarse === 0) return null;
    return { k: "ago", n: coarse * perCoarse + n, unit };
  },
);

/** A count written as a number or a word ("12", "two", "a"). */
export function countOf(quantity: string): number | undefined {
  return /^\d+$/.test(quantity) ? Number(quantity) : NUMBER_WORDS[quantity.toLowerCase()];
}

// chrono parts that read durations or narrative-relative phrases as dates relative to the report:
// "in a few days", "for 30 years", "two days later", "the next day", "the past week", "end of the month".
// Our own parsers cover the reference-relative forms of these that a timeline can use.
const REMOVED_PARSERS = new Set([
  "ENTimeUnitWithinFormatParser",
  "ENTimeUnitLaterFormatParser",
  "ENTimeUnitCasualRelativeFormatParser",
  "ENRelativeDateFormatParser",
  "ENEndOfCurrentMonthParser",
  "ENTimeUnitAgoFormatParser",
]);
// "the end of November" would become 30 November, which claims a precision the text does not have.
const REMOVED_REFINERS = new Set(["ENEndOfPeriodRefiner", "ForwardDateRefiner"]);

/**
 * A part of the day ("night", "morning") as chrono reads it implies its hour without stating it, so
 * chrono's merge takes it for a date and "the night of April 20" kept the night's day (the
 * reference) and lost April 20. Its hour is what the word states: made certain, the part of the day
 * merges as a time, after a date or before one.
 */
const PART_OF_DAY_PARSER = "ENCasualTimeParser";

/** Wraps a chrono parser so its results say which parser made them (merged results keep both tags). */
function tagSource(parser: Parser): Parser {
  const name = parser.constructor.name;
  const tag = SOURCE_TAG + name;
  return {
    pattern: (context) => parser.pattern(context),
    extract: (context, match) => {
      const out = parser.extract(context, match);
      if (!out) return out;
      const { ParsingResult, ParsingComponents } = chronoModule();
      const components =
        out instanceof ParsingResult || out instanceof ParsingComponents ? out : context.createParsingComponents(out);
      components.addTag(tag);
      if (name === PART_OF_DAY_PARSER) {
        const start = components instanceof ParsingResult ? components.start : components;
        const hour = start.get("hour");
        if (!start.isCertain("hour") && hour !== null) start.assign("hour", hour);
      }
      return components;
    },
  };
}

/**
 * A count after a date, read as its year: "Since an explosion on 20 April, 50 miles off the coast",
 * "the relief well May 2, 12 days after the rig exploded", "since March 1, 50 did so". A year is
 * written with four digits, or two after an apostrophe ("Jan. 20, '09"); a bare count of one or two
 * digits after the comma is the sentence's, so the date ends before it and states no year (nor
 * the clock time chrono may have merged it in as). Run after chrono's own refiners.
 */
const COUNT_READ_AS_YEAR = /,\s*\d{1,2}$/;

const countNotYear: chrono.Refiner = {
  refine: (context, results) => {
    for (const result of results) {
      const count = COUNT_READ_AS_YEAR.exec(result.text);
      if (!count || /\d{3}/.test(result.text)) continue;
      result.text = result.text.slice(0, count.index);
      // The count may also have been read as a clock time ("on Monday, 12 days after": 12 o'clock),
      // or as the day of a month named alone ("In January, 2,012 vessels").
      const countWasTheDay = !/\d/.test(result.text);
      for (const [component, value] of [
        ["year", context.reference.instant.getFullYear()],
        ["hour", 12],
        ["minute", 0],
        ...(countWasTheDay ? ([["day", 1]] as const) : []),
      ] as const) {
        if (!result.start.isCertain(component)) continue;
        result.start.delete(component);
        result.start.imply(component, value);
      }
    }
    return results;
  },
};

/**
 * A day and month written out that chrono's merge lost: "from 5 May all households are to receive
 * leaflets" became 5 o'clock in May, "from midnight to noon on 27 June" midnight on the reference's
 * day. The text states the day and the month; a number that is a clock time ("5:30", "10 am") is not
 * one. Run after chrono's own refiners.
 */
const WRITTEN_DAY_MONTH = new RegExp(
  String.raw`(?<![\d:.])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_ALTERNATION})\b|\b(${MONTH_ALTERNATION})\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:[:.]\d|[ap]\.?m\b|o['’]clock))`,
  "i",
);

const writtenDayMonthKept: chrono.Refiner = {
  refine: (_context, results) => {
    for (const result of results) {
      const start = result.start;
      if (start.isCertain("day") && start.isCertain("month")) continue;
      const written = WRITTEN_DAY_MONTH.exec(result.text);
      if (!written) continue;
      const day = Number(written[1] ?? written[4]);
      const month = monthNumber(written[2] ?? written[3] ?? "");
      if (month === null || day < 1 || day > 31) continue;
      if (start.isCertain("hour") && start.get("hour") === day && !start.isCertain("minute")) {
        start.delete(["hour", "minute"]);
        start.imply("hour", 12);
      }
      start.assign("day", day);
      start.assign("month", month);
    }
    return results;
  },
};

export interface NewsChrono {
  readonly chrono: chrono.Chrono;
  /** chrono parts we meant to remove but did not find (a chrono upgrade renamed them); tests assert it is empty. */
  readonly missing: readonly string[];
}

export function createNewsChrono(): NewsChrono {
  const { casual, Chrono } = chronoModule();
  const base = casual.clone();
  const parserNames = base.parsers.map((p) => p.constructor.name);
  const refinerNames = base.refiners.map((r) => r.constructor.name);
  const missing = [
    ...[...REMOVED_PARSERS].filter((n) => !parserNames.includes(n)),
    ...[...REMOVED_REFINERS].filter((n) => !refinerNames.includes(n)),
  ];
  const custom = new Chrono({
    // Ours come first: chrono sorts results stably by position and keeps the earlier of two equally long overlaps.
    parsers: [
      periodParser,
      weekendParser,
      seasonParser,
      namedMonthParser,
      agoParser,
      holidayParser,
      weekOfMonthParser,
      yearParser,
      ...base.parsers.filter((p) => !REMOVED_PARSERS.has(p.constructor.name)).map(tagSource),
    ],
    refiners: [
      ...base.refiners.filter((r) => !REMOVED_REFINERS.has(r.constructor.name)),
      countNotYear,
      writtenDayMonthKept,
    ],
  });
  return { chrono: custom, missing };
}
