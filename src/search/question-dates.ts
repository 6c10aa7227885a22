import { findTemporalMentions, periodEnd, shiftDay } from "../temporal/index.js";

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

const LEADING = /\b(before|prior to|until|till|up to|by|after|since|from|in|during|on|of|around)\s+(the\s+)?$/i;
const EARLIER = /\b(before|prior to)\b/i;
const LATER = /\b(after|since)\b/i;

export function dateRangeInQuestion(question: string, referenceDate: string | null): QuestionDateRange | null {
  const mention = findTemporalMentions(question, referenceDate)[0];
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
