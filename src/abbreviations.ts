/**
 * Whether a full stop ends an abbreviation ("U.S.", "a.m.", "Adm.", "Sept.") rather than a
 * sentence: one rule for the corpus's sentences and the sentences temporal expressions are read in
 * (a date's sentence cut at "a.m. EDT" lost the "will" that puts "on Saturday" ahead). A leaf: the
 * corpus imports the calendar, so the temporal module may not import the corpus.
 */

const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "mt",
  "ft",
  "rev",
  "hon",
  "messrs",
  "gen",
  "lt",
  "col",
  "maj",
  "capt",
  "cpt",
  "sgt",
  "cpl",
  "pvt",
  "adm",
  "brig",
  "cmdr",
  "cdr",
  "gov",
  "sen",
  "rep",
  "pres",
  "supt",
  "insp",
  "det",
  "amb",
  "sec",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "mon",
  "tue",
  "tues",
  "wed",
  "thu",
  "thur",
  "thurs",
  "fri",
  "sat",
  "sun",
  "no",
  "nos",
  "vs",
  "v",
  "etc",
  "approx",
  "est",
  "dept",
  "univ",
  "inc",
  "ltd",
  "co",
  "corp",
  "plc",
  "bros",
  "fig",
  "al",
  "op",
  "vol",
  "pp",
  "ed",
  "eds",
]);

export function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** The word ending just before `dot` (letters and inner dots only). */
function wordBefore(text: string, dot: number, floor: number): string {
  // Abbreviations and acronyms are short: a bound keeps a long run of letters and dots linear.
  const limit = Math.max(floor, dot - 24);
  let i = dot;
  while (i > limit && /[\p{L}.]/u.test(text[i - 1] ?? "")) i--;
  return text.slice(i, dot);
}

/** Whether the full stop at `dot` ends an abbreviation rather than a sentence. */
export function isAbbreviationStop(text: string, dot: number, floor: number): boolean {
  const word = wordBefore(text, dot, floor);
  if (word === "") return false;
  // Initials and dotted acronyms: "W.", "U.S.", "a.m."
  if (/^\p{L}$/u.test(word)) return isUpper(word);
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}
