import { FORECAST_CUES } from "../temporal/index.js";

/**
 * Whether a sentence reports something that happened, or only a hope, plan, forecast or
 * hypothesis ("had once hoped to take Mosul by the end of past year", "that would bring to an end
 * half of the caliphate in 2014"). Timelines rank the second kind below the first: the date in it
 * may never have been an event. Case-sensitive, so the month "May" is not the verb "may".
 */
const UNREALISED = new RegExp(
  String.raw`\b(?:hope[sd]?|hoping|plans?\s+to|planned\s+to|planning\s+to|expects?\s+to|expected\s+to|expect\s+that|aims?\s+to|aimed\s+to|intends?\s+to|would|could|might|may|will|shall|should|won['’]t|wo\s+n['’]t|forecasts?|predicts?|predicted|vow(?:s|ed)?\s+to|pledged?\s+to|promised?\s+to|set\s+to|due\s+to\s+(?!the\b)|later\s+this\s+(?:week|month|year)|${FORECAST_CUES})\b|['’]ll\b`,
);

export function isUnrealised(sentence: string): boolean {
  return UNREALISED.test(sentence);
}

/** Marks that end a clause: a hope in one clause says nothing of a date in the next. */
const CLAUSE_BREAK = /[,;:()\u2013\u2014\u201c\u201d"]/u;

/**
 * Whether the clause that holds `text.slice(start, end)` (a date mention) is a hope, plan or
 * forecast: "pushed towards the Tigris on Tuesday, leading the prime minister to declare that
 * victory will come" reports Tuesday's push, whatever the later clause expects.
 */
export function isUnrealisedAt(text: string, start: number, end: number): boolean {
  const [from, to] = clauseAround(text, start, end);
  return isUnrealised(text.slice(from, to));
}

/**
 * `isUnrealisedAt`, reading a date set off on its own with the clause after it: "By late June, the
 * oil giant hopes it can keep …" is a hope for June. What a reader's entry may quote; the date's
 * evidence is read clause by clause (bench/timeline17/ABLATION.md, row 68: reading it so there cost
 * the topic-merged protocol a day).
 */
export function isUnrealisedAround(text: string, start: number, end: number): boolean {
  const [from, to] = clauseAround(text, start, end);
  const rest = `${text.slice(from, start)} ${text.slice(end, to)}`.match(/\p{L}+/gu) ?? [];
  if (rest.length > MAX_DATE_PHRASE_WORDS || text.charAt(to) !== ",") return isUnrealised(text.slice(from, to));
  const [, next] = clauseAround(text, to + 1, to + 1);
  return isUnrealised(text.slice(from, next));
}

/** Words besides the date itself in a clause that is only a date phrase ("by late", "early in"). */
const MAX_DATE_PHRASE_WORDS = 2;

function clauseAround(text: string, start: number, end: number): [number, number] {
  let from = start;
  while (from > 0 && !CLAUSE_BREAK.test(text.charAt(from - 1))) from--;
  let to = end;
  while (to < text.length && !CLAUSE_BREAK.test(text.charAt(to))) to++;
  return [from, to];
}

/**
 * A sentence that announces what follows instead of telling anything: "Here are some facts from the
 * U.S. Centers for Disease Control and Prevention about how swine flu spreads", "Below is a timeline
 * of the spill and its impact", "The following is a look at how the spill has weighed on the company".
 */
const SIGNPOST = /^\W*(?:Here|Below|Following|The following)\s+(?:is|are)\b/u;

export function isSignpost(sentence: string): boolean {
  return SIGNPOST.test(sentence);
}

/**
 * A teaser cut off by its page, ending in an ellipsis straight after a letter: "Choppy seas, strong
 * winds and rain halted Saturday's cleanup of an oil spill around the massive oil drilling rig that
 * exploded and toppled into th...". The whole sentence is often elsewhere in the corpus.
 */
const TRUNCATED = /\p{L}(?:\.\.\.|…)["”’]?$/u;

export function isTruncated(sentence: string): boolean {
  return TRUNCATED.test(sentence.trimEnd());
}

/** Measured on Timeline17: English sentences there reach 10% single letters ("P O L I T I C A L" aside), garbled ones 20% and more. */
const GARBLED_SHARE = 0.2;
const GARBLED_MIN_WORDS = 6;

/**
 * Text that lost its letters in decoding (a Vietnamese page read as Latin-1: "Vi # t Nam ngn c m c a
 * kh u Ch nh ph …"): a fifth or more of its words are single letters that are no English word ("a",
 * "I"). No reader can take it as a quote. Punctuation alone is no word ("` fix '" as the source tokenised it).
 */
export function isGarbled(sentence: string): boolean {
  const words = sentence.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length < GARBLED_MIN_WORDS) return false;
  const single = words.filter((w) => /^\p{L}$/u.test(w) && !/^[aAI]$/.test(w)).length;
  return single >= GARBLED_SHARE * words.length;
}
