import { findTemporalMentions, MONTH_NAMES, periodEnd, shiftDay, WEEKDAY_NAMES } from "../temporal/index.js";

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

/** The preposition and part of a period before its date ("around mid-", "by the end of "), either alone. */
const LEADING =
  /(?:\b(before|prior to|until|till|up to|by|after|since|from|in|during|on|of|around|at)\s+(the\s+)?)?(?:\b(?:early|late|mid|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+)?$/i;
const MONTH = MONTH_NAMES.join("|");
/**
 * "early May", "end of april": the date parser finds no date in a month that a part of it or lower
 * case hides, so the part is blanked and the month capitalised before it reads the question (same
 * length, so positions hold). Only after a preposition or such a part: "may" alone is a verb.
 */
const MONTH_IN_CONTEXT = new RegExp(
  `\\b(?:(early|late|mid|(?:the\\s+)?(?:end|beginning|start|middle)\\s+of)[\\s-]+|(?:in|by|since|until|during|before|after|of)\\s+)(${MONTH})\\b`,
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
const EARLIER = /\b(before|prior to)\b/i;
const LATER = /\b(after|since)\b/i;

export function dateRangeInQuestion(question: string, referenceDate: string | null): QuestionDateRange | null {
  const mention = findTemporalMentions(withReadableMonths(question), referenceDate, { question: true })[0];
  if (!mention) return null;
  const first = mention.day;
  const last = periodEnd(mention.day, mention.precision);
  const before = question.slice(0, mention.start);
  const adjacent = LEADING.exec(before);
  const word = adjacent?.[1]?.toLowerCase() ?? null;
  let since: string | null = first;
  let until: string | null = last;
  if (word === "before" || word === "prior to") {
    since = null;
    until = shiftDay(first, -1);
  } else if (word === "until" || word === "till" || word === "up to" || word === "by") {
    since = null;
  } else if (word === "after") {
    since = shiftDay(last, 1);
    until = null;
  } else if (word === "since" || word === "from") {
    until = null;
  } else if (EARLIER.test(before)) {
    // "before the offensive began in October 2016": the event is in that period, so the period stays in.
    since = null;
  } else if (LATER.test(before)) {
    until = null;
  }
  const cut = adjacent ? mention.start - adjacent[0].length : mention.start;
  const remainder = `${question.slice(0, cut)} ${question.slice(mention.end)}`.replace(/\s+/g, " ").trim();
  return { since, until, phrase: mention.text, remainder };
}
