import { FORECAST_CUES } from "./index.js";

/**
 * Whether a sentence reports something that happened, or only a hope, plan, forecast or
 * hypothesis ("had once hoped to take Mosul by the end of past year", "that would bring to an end
 * half of the caliphate in 2014", "especially if it lingers until August"). Timelines rank the second kind below the first: the date in it
 * may never have been an event. Case-sensitive, so the month "May" is not the verb "may".
 */
const UNREALISED = new RegExp(
  String.raw`\b(?:[Ii]f|[Uu]nless|hope[sd]?|hoping|plans?\s+to|planned\s+to|planning\s+to|expects?\s+to|expected\s+to|expect\s+that|aims?\s+to|aimed\s+to|intends?\s+to|would|could|might|may|will|shall|should|won['’]t|wo\s+n['’]t|forecasts?|predicts?|predicted|predictions?|vow(?:s|ed)?\s+to|pledged?\s+to|promised?\s+to|set\s+to|due\s+to\s+(?!the\b)|later\s+this\s+(?:week|month|year)|${FORECAST_CUES})\b|['’]ll\b`,
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
