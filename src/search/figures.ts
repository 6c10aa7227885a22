import type { Analyzer } from "./analyzer.js";
import { RATE } from "./measures.js";

/**
 * Figures that disagree: when the excerpts of one answer give different numbers for the same
 * thing ("750,000 people have fled", "850,000 people have fled"), the answer says so instead of
 * listing them as unrelated quotes. The same thing means the same unit word right after the
 * number, and that word is one the question asks about ("how many people…"); and, when the question
 * says more than the unit, the figure's clause says some of it too (a word of the question or one
 * related to it): "how many people died" is not answered by "1,300 people are in hospital" or
 * "infected 1,000 people", though both count people. Nor by a count of a place the question does
 * not name ("176 people had died … in Mexico" for "… in the UK").
 */

export interface Figure {
  /** As written in the excerpt: "750,000". */
  value: string;
  /** The word after the number: "people". */
  unit: string;
  /** Index into the answer's results. */
  excerptIndex: number;
  reportId: string;
  date: string | null;
}

interface Quoted {
  text: string;
  reportId: string;
  date: string | null;
}

/**
 * Where a clause ends: punctuation between clauses (not the separators inside "850,000"), or a
 * conjunction that starts another. A parenthesis belongs to its clause: "19,500 barrels (819,000
 * gallons) had escaped".
 */
const CLAUSE_BREAK = /[,;:](?!\p{N})|[\u2013\u2014]|\s(?:and|but|while|whereas)\s/giu;

/** The clause of `text` around offset `at` (see CLAUSE_BREAK). */
function clauseAround(text: string, at: number): string {
  let start = 0;
  let end = text.length;
  for (const found of text.matchAll(CLAUSE_BREAK)) {
    if (found.index < at) start = found.index + found[0].length;
    else {
      end = found.index;
      break;
    }
  }
  return text.slice(start, end);
}

/** Whether `clause` holds one of `terms`, read as the index reads a passage (`Analyzer.tokenize`). */
function saysAny(analyzer: Analyzer, clause: string, terms: ReadonlySet<string>): boolean {
  return analyzer.tokenize(clause).some((term) => terms.has(term));
}

/** "in Mexico", "at Heathrow", "in the United States": a place named after a preposition. */
const PLACE_NAMED = /\b(?:in|at|from)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/gu;

/**
 * Whether the clause counts somewhere the question does not ask about: it names a place ("176
 * people had died … in Mexico") none of whose words the question has, when the question asks
 * "in the UK". A count of one place is not a disagreeing figure for another.
 */
function elsewhere(analyzer: Analyzer, clause: string, questionTerms: ReadonlySet<string>): boolean {
  for (const [, place = ""] of clause.matchAll(PLACE_NAMED)) {
    if (!analyzer.tokenize(place).some((term) => questionTerms.has(term))) return true;
  }
  return false;
}

/** A number with its separators, then the word after it ("750,000 people", "5,000 barrels"). */
const NUMBER_THEN_WORD = /(?<![\p{L}\p{N}.,])(\p{N}{1,3}(?:,\p{N}{3})+|\p{N}+(?:\.\p{N}+)?)\s+(\p{L}+)/gu;

function numericValue(written: string): number {
  return Number(written.replace(/,/g, ""));
}

/** What the question says besides the unit, with the words related to each (`Analyzer.relatedTerms`). */
function eventTermsOf(analyzer: Analyzer, questionTerms: ReadonlySet<string>, unit: string): Set<string> {
  const terms = new Set<string>();
  for (const term of questionTerms) {
    if (term === unit) continue;
    terms.add(term);
    for (const related of analyzer.relatedTerms(term)) terms.add(related);
  }
  return terms;
}

/**
 * The figures for the quantity the question asks about, newest report first, when the excerpts
 * give more than one value for it; otherwise none.
 */
export function disagreeingFigures(
  analyzer: Analyzer,
  questionTerms: ReadonlySet<string>,
  excerpts: Quoted[],
  /** The question asks an amount per day, year, …: a rate is then the quantity asked. */
  rateAsked = false,
): Figure[] {
  const byUnit = new Map<string, Figure[]>();
  excerpts.forEach((excerpt, excerptIndex) => {
    // A rate ("500,000 people a year") is another quantity than a count asked for.
    const rates = rateAsked ? [] : [...excerpt.text.matchAll(RATE)];
    for (const match of excerpt.text.matchAll(NUMBER_THEN_WORD)) {
      if (rates.some((rate) => match.index >= rate.index && match.index < rate.index + rate[0].length)) continue;
      const [, value = "", unit = ""] = match;
      const term = analyzer.processWord(unit);
      // Years are dates, not amounts.
      if (!term || !questionTerms.has(term) || /^(1[89]|20)\d\d$/.test(value)) continue;
      const asked = eventTermsOf(analyzer, questionTerms, term);
      const clause = clauseAround(excerpt.text, match.index);
      if (asked.size > 0 && !saysAny(analyzer, clause, asked)) continue;
      if (elsewhere(analyzer, clause, questionTerms)) continue;
      const list = byUnit.get(term) ?? [];
      list.push({ value, unit, excerptIndex, reportId: excerpt.reportId, date: excerpt.date });
      byUnit.set(term, list);
    }
  });
  for (const figures of byUnit.values()) {
    const values = new Set(figures.map((f) => numericValue(f.value)));
    const reports = new Set(figures.map((f) => f.reportId));
    if (values.size < 2 || reports.size < 2) continue;
    // One figure per value, the newest report's.
    const newestFirst = [...figures].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
    const seen = new Set<number>();
    return newestFirst.filter((f) => {
      const v = numericValue(f.value);
      if (seen.has(v)) return false;
      seen.add(v);
      return true;
    });
  }
  return [];
}

/**
 * The figures in a sentence. "Reports differ: 850,000 (Iraqi forces…, 2017-06-28) · 750,000 (Iraqi
 * Troops…, undated)", newest first; but a count that only rises (or only falls) from one report's
 * date to the next is a tally moving, not reports disagreeing: "Figures changed over time: 17
 * countries (…, 2009-05-03) → 22 countries (…, 2009-05-08) → 50 countries (…, 2009-05-26)".
 */
export function describeDisagreement(figures: Figure[], titleOf: (reportId: string) => string): string {
  const part = (f: Figure) => `${f.value} ${f.unit} (${titleOf(f.reportId)}, ${f.date ?? "undated"})`;
  const oldestFirst = [...figures].reverse();
  if (changesOverTime(oldestFirst)) return `Figures changed over time: ${oldestFirst.map(part).join(" → ")}`;
  return `Reports differ: ${figures.map(part).join(" · ")}`;
}

/** Every figure dated, each on a later day than the one before, and the values only rising or only falling. */
function changesOverTime(oldestFirst: Figure[]): boolean {
  if (oldestFirst.length < 2) return false;
  let rising = true;
  let falling = true;
  for (let i = 1; i < oldestFirst.length; i++) {
    const before = oldestFirst[i - 1] as Figure;
    const after = oldestFirst[i] as Figure;
    if (!before.date || !after.date || after.date <= before.date) return false;
    const a = numericValue(before.value);
    const b = numericValue(after.value);
    if (b <= a) rising = false;
    if (b >= a) falling = false;
  }
  return rising || falling;
}
