import { escapeRegExp, isAliasTerm, type SurfaceTerm } from "./analyzer.js";
import type { PassageIndex } from "./index.js";

/**
 * Names a corpus spells two ways ("Gaddafi" and "Qaddafi", "Mosul" and "Mosoul"), found in the
 * corpus itself: two terms one letter apart, each written as a name (capitalised inside sentences)
 * and used among the same words, one of them far rarer. A name one letter from another ("Kolbeck"
 * the town, "Kolbeco" the firm) is kept apart by its different company. Computed for a question's terms
 * only, on a sample of passages each, and remembered per index.
 */

const MIN_LENGTH = 5;
/** Passages read per term to learn where it is used. */
const SAMPLE = 30;
/** Share of a name's occurrences inside sentences that must be capitalised. */
const NAME_SHARE = 0.8;
/** Share of the smaller context (weighted by rarity) the other must share. */
const SHARED_CONTEXT = 0.35;
/**
 * A variant spelling is the minority one: one name at least four times as frequent as the other
 * in passages. Two names of similar frequency one letter apart ("Gamal", "Kamal") are
 * most often two people, however alike their company.
 */
const MIN_FREQUENCY_RATIO = 4;

interface Context {
  /** Terms used around the name (their IDF is looked up only when two contexts are compared). */
  words: Set<string>;
  /** Capitalised words right beside the name: the rest of a full name ("Omar" in "Omar Suleiman"). */
  partners: Set<string>;
}

const contexts = new WeakMap<PassageIndex, Map<string, Context | null>>();
const variantsByIndex = new WeakMap<PassageIndex, Map<string, string[]>>();

/** How a term is used, when it is written as a name; null for ordinary words. */
function nameContext(index: PassageIndex, term: string): Context | null {
  let perIndex = contexts.get(index);
  if (!perIndex) {
    perIndex = new Map();
    contexts.set(index, perIndex);
  }
  const known = perIndex.get(term);
  if (known !== undefined) return known;
  let inside = 0;
  let capitalised = 0;
  const words = new Set<string>();
  const partners = new Set<string>();
  const sample = index.passagesWith(term, SAMPLE);
  // Occurrences in the passages not read yet, at most (the postings count compounds too): once
  // even all of them capitalised inside sentences could not make the share, the word is no name,
  // and the rest of the sample need not be read (most question words are no names).
  let unread = 0;
  for (const passage of sample) unread += index.termFrequency(passage, term);
  for (const passage of sample) {
    if (inside + unread === 0 || (capitalised + unread) / (inside + unread) < NAME_SHARE) break;
    unread -= index.termFrequency(passage, term);
    const text = index.passageText(passage);
    const terms = index.analyzer.surfaceTerms(text).filter((t) => !t.compound && !isAliasTerm(t.term));
    terms.forEach((t, i) => {
      if (t.term !== term) {
        words.add(t.term);
        return;
      }
      for (const beside of [terms[i - 1], terms[i + 1]]) {
        if (beside && /^\p{Lu}/u.test(text.slice(beside.start, beside.end)) && !startsSentence(text, beside.start))
          partners.add(beside.term);
      }
      // The first word of a sentence is capitalised whatever it is.
      if (startsSentence(text, t.start)) return;
      inside++;
      if (/^\p{Lu}/u.test(text.slice(t.start, t.end))) capitalised++;
    });
  }
  const context = inside > 0 && capitalised / inside >= NAME_SHARE ? { words, partners } : null;
  perIndex.set(term, context);
  return context;
}

function startsSentence(text: string, at: number): boolean {
  return at === 0 || /[.!?]\s*$/.test(text.slice(Math.max(0, at - 3), at));
}

/**
 * Whether the rarer spelling's full-name partners are ones the other is seen with: "Kamal Zakher"
 * is not "Gamal Mubarak". A name written alone ("make Muburak go") has none to check.
 */
function samePartners(rare: Context, common: Context): boolean {
  return rare.partners.size === 0 || [...rare.partners].some((p) => common.partners.has(p));
}

function sharedContext(index: PassageIndex, a: Context, b: Context): number {
  const [small, large] = a.words.size <= b.words.size ? [a, b] : [b, a];
  let shared = 0;
  let total = 0;
  for (const word of small.words) {
    const idf = index.idf(word);
    total += idf;
    if (large.words.has(word)) shared += idf;
  }
  return total === 0 ? 0 : shared / total;
}

function frequencyRatio(index: PassageIndex, a: string, b: string): number {
  const [x, y] = [index.passageCount(a), index.passageCount(b)];
  return Math.max(x, y) / Math.max(1, Math.min(x, y));
}

/** Whether the corpus writes a term as a name: capitalised inside sentences, most of the times it is seen. */
export function writtenAsName(index: PassageIndex, term: string): boolean {
  return index.has(term) && nameContext(index, term) !== null;
}

/** Other spellings of the name `term` in this corpus (analysed terms); empty for ordinary words. */
export function nameVariants(index: PassageIndex, term: string): string[] {
  if (term.length < MIN_LENGTH || /\d/.test(term) || isAliasTerm(term) || !index.has(term)) return [];
  let perIndex = variantsByIndex.get(index);
  if (!perIndex) {
    perIndex = new Map();
    variantsByIndex.set(index, perIndex);
  }
  const known = perIndex.get(term);
  if (known) return known;
  const found: string[] = [];
  const neighbours = index
    .spellingNeighbours(term)
    .filter((t) => t.length >= MIN_LENGTH && !/\d/.test(t) && frequencyRatio(index, t, term) >= MIN_FREQUENCY_RATIO);
  const own = neighbours.length > 0 ? nameContext(index, term) : null;
  if (own) {
    for (const other of neighbours) {
      const theirs = nameContext(index, other);
      if (!theirs || sharedContext(index, own, theirs) < SHARED_CONTEXT) continue;
      const [rare, common] = index.passageCount(other) < index.passageCount(term) ? [theirs, own] : [own, theirs];
      if (samePartners(rare, common)) found.push(other);
    }
  }
  perIndex.set(term, found);
  return found;
}

/** Titles written before a surname, which are no word of a name ("Mrs Jackson", "Dr Murray", "Sen. Jones"). */
const TITLES = "(?:Mr|Mrs|Ms|Miss|Dr|Sir|Sen|Rep|Gov|Gen|Col|Sgt|Lt|Capt|Adm|Prof|Rev|St|Lord|Lady|Dame|Saint)";
/** Passages read per context word for a name's initials. */
const INITIALS_SAMPLE = 40;
/** A name must be written this many times in those passages to be what its initials stand for. */
const MIN_INITIALS_NAME_COUNT = 3;

/**
 * The terms of the name a question's short word stands for as its initials ("MJ": "Michael
 * Jackson", "JFK"), found among the passages holding the question's other words: the name of two or
 * three capitalised words with those initials written there most often (at least three times, and
 * five times as often as the short word itself). Empty for anything else.
 */
export function namesOfInitials(index: PassageIndex, word: string, context: readonly string[]): string[] {
  // A possessive typed without its apostrophe ("as mjs doctor") is the initials' own.
  const lower = word.toLowerCase();
  const letters = /^[a-z]{2}s$/.test(lower) && !index.has(lower) ? lower.slice(0, 2) : lower;
  // An English word ("oil", "war") is no one's initials; nor is a word the corpus writes often.
  if (!/^[a-z]{2,3}$/.test(letters) || context.length === 0 || index.analyzer.isDictionaryWord(letters)) return [];
  const own = index.has(letters) ? index.passageCount(letters) : 0;
  if (5 * own > INITIALS_SAMPLE * context.length) return [];
  // Not a title before a surname ("Mrs Jackson", "Sen Jones"): a name's own words. Three letters
  // may also be two words, one of them closed ("DWH": "Deepwater Horizon", deep-water).
  const wordOf = (l: string) => String.raw`${l.toUpperCase()}\p{Ll}{2,}`;
  const closed = (a: string, b: string) => String.raw`${a.toUpperCase()}\p{Ll}{2,}${b}\p{Ll}{2,}`;
  const [a = "", b = "", c = ""] = letters;
  const shapes = [[...letters].map(wordOf).join(String.raw`\s+`)];
  if (letters.length === 3)
    shapes.push(String.raw`${closed(a, b)}\s+${wordOf(c)}`, String.raw`${wordOf(a)}\s+${closed(b, c)}`);
  const pattern = new RegExp(String.raw`(?<!\p{L})(?!${TITLES}\b)(?:${shapes.join("|")})(?!\p{L})`, "gu");
  const counts = new Map<string, number>();
  const read = new Set<number>();
  for (const term of context) {
    for (const passage of index.passagesWith(term, INITIALS_SAMPLE)) {
      if (read.has(passage.id)) continue;
      read.add(passage.id);
      for (const [name] of index.passageText(passage).matchAll(pattern)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const [best, count] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ["", 0];
  if (count < MIN_INITIALS_NAME_COUNT || count < 5 * own) return [];
  return best
    .split(/\s+/)
    .map((w) => index.analyzer.processWord(w))
    .filter((t): t is string => t !== null && index.has(t));
}

/**
 * Common English given names and the short forms people type for them ("Mike Williams" where the
 * report writes "Michael Williams", "Bill Reilly" for "William Reilly"). No maintained npm package
 * ships such a list (the curated CSV of carltonnorthern/nicknames is unpublished there, and holds
 * genealogy's rare forms besides); these are the forms news and chat use.
 */
const GIVEN_NAME_FORMS: readonly (readonly string[])[] = [
  ["michael", "mike", "mick", "mickey"],
  ["william", "bill", "billy", "will", "willie"],
  ["robert", "bob", "bobby", "rob", "robbie", "bert"],
  ["anthony", "tony"],
  ["james", "jim", "jimmy", "jamie"],
  ["joseph", "joe", "joey"],
  ["thomas", "tom", "tommy"],
  ["richard", "rick", "ricky", "dick", "rich"],
  ["christopher", "chris"],
  ["daniel", "dan", "danny"],
  ["david", "dave"],
  ["steven", "steve"],
  ["stephen", "steve"],
  ["edward", "ed", "eddie", "ted", "ned"],
  ["nicholas", "nick"],
  ["patrick", "pat"],
  ["samuel", "sam"],
  ["benjamin", "ben"],
  ["andrew", "andy", "drew"],
  ["alexander", "alex"],
  ["catherine", "kate", "cathy"],
  ["katherine", "kate", "kathy", "katie"],
  ["elizabeth", "liz", "beth", "betty", "lizzie"],
  ["susan", "sue", "suzy"],
  ["jennifer", "jen", "jenny"],
  ["matthew", "matt"],
  ["gregory", "greg"],
  ["jeffrey", "jeff"],
  ["kenneth", "ken", "kenny"],
  ["lawrence", "larry"],
  ["ronald", "ron", "ronnie"],
  ["donald", "don"],
  ["walter", "walt"],
  ["frederick", "fred", "freddie"],
  ["henry", "hank", "harry"],
  ["john", "jack", "johnny"],
  ["charles", "chuck", "charlie"],
  ["margaret", "maggie", "meg", "peggy"],
  ["timothy", "tim"],
  ["philip", "phil"],
  ["peter", "pete"],
  ["gerald", "jerry", "gerry"],
  ["jacob", "jake"],
  ["joshua", "josh"],
  ["nathan", "nate"],
  ["raymond", "ray"],
  ["douglas", "doug"],
  ["kimberly", "kim"],
  ["deborah", "debbie", "deb"],
  ["victoria", "vicky"],
  ["rebecca", "becky"],
  ["abraham", "abe"],
  ["leonard", "len", "lenny"],
  ["terence", "terry"],
  ["vincent", "vince"],
];
/** Forms that, typed in lower case, are most often the other word: a modal, a past tense, an adjective. */
const NOT_NAMES_IN_LOWER_CASE = new Set(["will", "may", "drew", "rich", "art"]);
const OTHER_FORMS = new Map<string, string[]>();
for (const forms of GIVEN_NAME_FORMS)
  for (const form of forms) OTHER_FORMS.set(form, [...new Set([...(OTHER_FORMS.get(form) ?? []), ...forms])]);

/**
 * The other forms of a given name the question writes before a surname ("Mike Williams": the
 * terms of "Michael", "Mick"… that the corpus has), per term of the name as written. A name only
 * where one is plain: capitalised with a capitalised word after it, or, typed all in lower case,
 * with a word the corpus writes as a name after it ("bill reilly"), never "Will BP pay" or "will
 * jones testify".
 */
export function givenNameForms(index: PassageIndex, text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const lowerCase = !/\p{Lu}/u.test(text);
  for (const [, word = "", next = ""] of text.matchAll(/(?<![\p{L}\p{N}'’.-])(\p{L}+)\s+(?=(\p{L}+))/gu)) {
    const lower = word.toLowerCase();
    const forms = OTHER_FORMS.get(lower);
    // "will jones testify", "did families sue bp": in lower case, a verb before a name is the verb.
    if (!forms || (lowerCase && (NOT_NAMES_IN_LOWER_CASE.has(lower) || index.analyzer.readsAsVerb(lower)))) continue;
    const nextTerm = index.analyzer.processWord(next);
    const beforeSurname = lowerCase
      ? nextTerm !== null && writtenAsName(index, nextTerm)
      : /^\p{Lu}/u.test(word) && /^\p{Lu}\p{Ll}/u.test(next);
    const term = index.analyzer.processWord(word);
    if (!beforeSurname || term === null) continue;
    const others = forms
      .map((form) => index.analyzer.processWord(form))
      .filter((t): t is string => t !== null && t !== term && index.has(t));
    if (others.length > 0) found.set(term, [...new Set([...(found.get(term) ?? []), ...others])]);
  }
  return found;
}

/** A surname the question writes after a given name: its term, and both words as written. */
export interface AskedSurname {
  term: string;
  surname: string;
  given: string;
}

/**
 * A person's given name in the question, with the surname after it ("Jacqueline Fleming", "bob
 * dudley"), per term of the given name: both written as names (capitalised, or, in a question typed
 * in lower case, words the corpus writes as names). Reports give the full name once and the surname
 * after it, so a passage with the surname, in a report that gives the given name, names the person.
 */
export function surnamesAfterGivenNames(
  index: PassageIndex,
  text: string,
  terms: readonly string[],
): Map<string, AskedSurname> {
  const found = new Map<string, AskedSurname>();
  const lowerCase = !/\p{Lu}/u.test(text);
  const surface = index.analyzer.surfaceTerms(text).filter((t) => !t.compound);
  const isName = (t: SurfaceTerm) =>
    lowerCase ? writtenAsName(index, t.term) : /^\p{Lu}\p{Ll}/u.test(text.slice(t.start, t.end));
  surface.forEach((given, i) => {
    const surname = surface[i + 1];
    if (!surname || !/^\s+$/.test(text.slice(given.end, surname.start))) return;
    if (!terms.includes(given.term) || !terms.includes(surname.term) || given.term === surname.term) return;
    if (isName(given) && isName(surname))
      found.set(given.term, {
        term: surname.term,
        surname: text.slice(surname.start, surname.end),
        given: text.slice(given.start, given.end),
      });
  });
  return found;
}

const TITLE = new RegExp(`^${TITLES}$`);

/**
 * Whether `passage` writes the asked surname after another given name ("Joe Jackson" where Michael
 * Jackson is asked about): a known given name, or a capitalised word English lacks, before it.
 */
export function namesAnotherBearer(index: PassageIndex, passage: string, asked: AskedSurname): boolean {
  const before = new RegExp(String.raw`(\p{Lu}\p{Ll}+)\.?\s+${escapeRegExp(asked.surname)}(?!\p{L})`, "giu");
  for (const [, word = ""] of passage.matchAll(before)) {
    const lower = word.toLowerCase();
    const given = asked.given.toLowerCase();
    if (lower === given || OTHER_FORMS.get(lower)?.includes(given) || TITLE.test(word) || !/^\p{Lu}/u.test(word))
      continue;
    if (OTHER_FORMS.has(lower) || !index.analyzer.isDictionaryWord(lower)) return true;
  }
  return false;
}
