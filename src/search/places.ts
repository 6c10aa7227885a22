import type { Passage } from "../corpus/types.js";
import { escapeRegExp, isAliasTerm } from "./analyzer.js";
import type { PassageIndex } from "./index.js";
import { recentlyUsedPer } from "./recently-used.js";
import type { Place } from "./wordnet.js";

/**
 * The places a question asks within ("how many died of swine flu *in the UK*"), and whether a
 * passage tells of somewhere else instead ("Four people have died from swine flu in Canada"). A
 * place is a name WordNet files as one (noun.location, written with a capital), with the places it
 * lies in, so that Glasgow and London are within the UK and Texas is not within Mexico. Hand-written
 * on WordNet's part-of pointers: no maintained npm gazetteer ships containment offline.
 */

/** A place named in a question, as WordNet knows it. */
export interface AskedPlace extends Place {
  /** The name, lower case, words joined by "_" ("united_kingdom"). */
  name: string;
  /** As the question writes it ("UK", "new orleans"). */
  written: string;
  /** As a reply names it back, with the question's article ("the UK"). */
  shown: string;
  /** The index terms of its name as written, an alias group's among them: a passage naming it holds one ("alias2" for "UK"). */
  terms: readonly string[];
}

/** Names up to this many words long are looked up ("United Arab Emirates"). */
const MAX_NAME_WORDS = 3;
/**
 * Look-ups of a text's capitalised runs: a passage in capitals (a scraped banner, a table) would
 * otherwise cost three WordNet look-ups a word, each reading its senses from disk the first time.
 */
const MAX_NAME_LOOKUPS = 120;
/** A place after these is not where the question asks about: "outside Mexico", "back from Mexico", "apart from the US". */
const NOT_WITHIN =
  /\b(?:outside(?:\s+of)?|from|except(?:\s+for)?|beyond|besides|than|excluding|without|aside\s+from|apart\s+from|other\s+than)\s+(?:the\s+)?$/i;
/** Where a passage tells of a place as where something is: "in Canada", "across the UK", "north of Basra", "the city of Basra", "in central and southern Iraq"; not "in US-led strikes". */
const LOCATIVE_NAMES =
  /\b(?:[Ii]n|[Aa]t|[Aa]cross|[Tt]hroughout|[Ww]ithin|[Nn]ear|(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:-?(?:east|west))?\s+of|(?:city|town|village|port|province|region|district)\s+of)\s+(?:the\s+)?(?:(?:central|[a-z-]+ern)\s+(?:and\s+(?:central|[a-z-]+ern)\s+)?)?(\p{Lu}\p{L}*(?: \p{Lu}\p{L}*){0,2})(?![\p{L}-])/gu;
/**
 * A place that has, reports or records something, as its own news: "Mexico has 260 confirmed
 * swine flu cases", "Canada reported its first death". Not one that says something ("the US said
 * …"), which war reports write of the powers involved in every other sentence.
 */
const COUNTING_PLACES =
  /(?<![\p{L}-])(\p{Lu}\p{L}*(?: \p{Lu}\p{L}*){0,2})(?:['’]s)?\s+(?:now\s+)?(?:has|have|had|reported|reports|confirmed|confirms|recorded|records|registered|counted)\b/gu;
/** A capitalised word and the two words after it: a people's adjective before what it qualifies ("Argentine swine flu deaths"). */
const NATION_BEFORE_WORDS = /(?<![\p{L}-])(\p{Lu}\p{Ll}+)(?=\s+(\p{L}+)(?:\s+(\p{L}+))?)/gu;
/** A word written with a capital, which may be a people's adjective ("Argentine"). */
const CAPITALISED_WORD = /(?<!\p{L})\p{Lu}\p{Ll}+(?!\p{L})/gu;
/** Passages read to see whether the corpus writes a name as a place. */
const PLACE_SAMPLE = 30;
/** Of them, this share must write it after a preposition of place ("in Jersey", not "Michael Jackson"). */
const MIN_PLACE_SHARE = 0.15;

interface NameSpan {
  name: string;
  place: Place;
  start: number;
  end: number;
}

/** Word runs of a text that WordNet names as places, longest first at each position. */
function placeSpans(index: PassageIndex, text: string, capitalisedOnly: boolean): NameSpan[] {
  const words = [...text.matchAll(/\p{L}+/gu)];
  const spans: NameSpan[] = [];
  let lookups = 0;
  for (let i = 0; i < words.length && lookups < MAX_NAME_LOOKUPS; i++) {
    for (let n = Math.min(MAX_NAME_WORDS, words.length - i); n >= 1; n--) {
      const run = words.slice(i, i + n);
      // One name: its words separated by single spaces, each capitalised when the text is a report's.
      if (
        run.some(
          (w, k) => k > 0 && text.slice((run[k - 1]?.index ?? 0) + (run[k - 1]?.[0].length ?? 0), w.index) !== " ",
        )
      )
        continue;
      if (capitalisedOnly && run.some((w) => !/^\p{Lu}/u.test(w[0]))) continue;
      const name = run.map((w) => w[0].toLowerCase()).join("_");
      // "In" opening a sentence is no Indiana, nor "Me" Maine: a stop word is a place only in capitals ("US").
      if (n === 1 && index.analyzer.isStopWord(name) && run[0]?.[0] !== run[0]?.[0].toUpperCase()) continue;
      lookups++;
      const place = index.analyzer.placeOf(name);
      if (place === null) continue;
      const last = run[run.length - 1];
      spans.push({ name, place, start: run[0]?.index ?? 0, end: (last?.index ?? 0) + (last?.[0].length ?? 0) });
      i += n - 1;
      break;
    }
  }
  return spans;
}

/** Names a corpus was read for, kept per index: a question's places, so few. */
const writtenAsPlace = recentlyUsedPer<PassageIndex, string, boolean>(1_000);

/** A run of capitalised words after a preposition of place or movement: "in New Orleans", "from the UK". */
const PLACED_NAMES =
  /\b(?:in|at|to|from|across|throughout|near|outside|into)\s+(?:the\s+)?((?:\p{Lu}\p{L}*\s+){0,2}\p{Lu}\p{L}*)/giu;

/**
 * Whether the corpus writes a term as a place: a capitalised word of that term after "in", "at",
 * "to", "from" … in enough of the passages that hold it ("in Jersey"; "Michael Jackson" never is).
 */
function corpusPlace(index: PassageIndex, term: string): boolean {
  const known = writtenAsPlace(index);
  const cached = known.get(term);
  if (cached !== undefined) return cached;
  const passages = index.passagesWith(term, PLACE_SAMPLE);
  const placed = passages.filter((p) =>
    [...index.passageText(p).matchAll(PLACED_NAMES)].some((m) =>
      (m[1] ?? "").split(/\s+/).some((w) => /^\p{Lu}/u.test(w) && index.analyzer.processWord(w) === term),
    ),
  ).length;
  const answer = passages.length > 0 && placed >= MIN_PLACE_SHARE * passages.length;
  known.set(term, answer);
  return answer;
}

export function askedPlaces(index: PassageIndex, question: string): AskedPlace[] {
  const places: AskedPlace[] = [];
  for (const { name, place, start, end } of placeSpans(index, question, false)) {
    if (NOT_WITHIN.test(question.slice(0, start))) continue;
    const written = question.slice(start, end);
    // Typed in lower case, only a name that is first of all a place, and no pronoun: "us" is no
    // United States (WordNet files it as nothing else), "nice" no Nice.
    if (written === written.toLowerCase() && (!place.first || index.analyzer.isStopWord(written) || written === "us"))
      continue;
    const term = index.analyzer.processWord(name.split("_").at(-1) ?? "");
    if (term === null) continue;
    // A name the corpus writes is a place if it is first of all one ("Wales", though the corpus
    // writes "New South Wales") or the corpus writes it as one ("in Jersey"; "Jackson" is a city,
    // but "Michael Jackson" no place). One it never writes is asked about all the same ("how many
    // cases has India had"), unless it may be a typo of a place it writes ("monterey" for Monterrey).
    const terms = index.analyzer.queryTerms(written, (t) => index.has(t));
    // Letters alone are places to WordNet ("PR", Puerto Rico) and many other things to a corpus ("PR
    // terms"): only those of a name the alias list knows ("UK", "US").
    if (/^\p{Lu}{2,3}$/u.test(written) && !terms.some(isAliasTerm)) continue;
    if (index.has(term) ? !place.first && !corpusPlace(index, term) : !place.first) continue;
    if (!index.has(term) && index.corrections(term).some((c) => corpusPlace(index, c))) continue;
    const article = /\bthe\s+$/i.exec(question.slice(0, start))?.[0] ?? "";
    places.push({ name, written, shown: `${article}${written}`, terms, ...place });
  }
  return places;
}

/** Whether two places are one, or one lies within the other. */
function overlap(a: Place, b: Place): boolean {
  return a.own.some((o) => b.own.includes(o) || b.within.includes(o)) || b.own.some((o) => a.within.includes(o));
}

/**
 * Whether a passage tells of another place than every one the question asks within: it tells of
 * something "in" or "at" another place ("… died from swine flu in Canada"), or names another
 * nation by its people's adjective before a word of the question ("Argentine swine flu deaths"),
 * and names none of the asked places, nor a place within or around them. A place named otherwise
 * is no sign of where the news is ("a US-led coalition", "American officials say …"), and war
 * reports name the powers involved in every other sentence.
 */
export function tellsOfAnotherPlace(
  index: PassageIndex,
  passage: Passage,
  asked: readonly AskedPlace[],
  questionTerms: readonly string[],
): boolean {
  if (asked.length === 0) return false;
  const text = index.passageText(passage);
  const { analyzer } = index;
  if (asked.some((p) => namesPlace(index, passage, text, p))) return false;
  // An asked place, or one within or around it (Glasgow or Britain for a question on the UK),
  // makes the passage that place's news.
  const elsewhere = (place: Place) => !asked.some((p) => overlap(p, place));
  // Where it tells something is ("in Canada"), or a place that has or counts something ("Mexico
  // has 260 cases"): there only a name that is first of all a place, since "Jackson had planned
  // 50 concerts" is a person's news though WordNet knows a Jackson in Mississippi.
  const placeIn = (m: RegExpMatchArray, firstOnly: boolean) => {
    const words = (m[1] ?? "").split(/\s+/);
    // The longest run of the capitalised words that names a place ("New Orleans", not "New").
    for (let n = words.length; n >= 1; n--) {
      const place = analyzer.placeOf(words.slice(0, n).join("_").toLowerCase());
      if (place) return (!firstOnly || place.first) && elsewhere(place);
    }
    return false;
  };
  const toldIn =
    [...text.matchAll(LOCATIVE_NAMES)].some((m) => placeIn(m, false)) ||
    [...text.matchAll(COUNTING_PLACES)].some((m) => placeIn(m, true));
  const toldOf =
    toldIn ||
    [...text.matchAll(NATION_BEFORE_WORDS)].some(
      (m) =>
        [m[2], m[3]].some((w) => w !== undefined && questionTerms.includes(analyzer.processWord(w) ?? "")) &&
        analyzer.nationPlacesOf(m[1] ?? "").some(elsewhere),
    );
  if (!toldOf) return false;
  // Then every place it names, and every people: one within or around an asked place makes it that place's news.
  if ([...text.matchAll(CAPITALISED_WORD)].some((m) => analyzer.nationPlacesOf(m[0]).some((n) => !elsewhere(n))))
    return false;
  return !placeSpans(index, text, true).some((span) => !elsewhere(span.place));
}

/**
 * Whether a passage names an asked place: by its alias group's term ("Britain" for "UK"), or by its
 * own words where they are no part of a longer name of another place ("New South Wales" is not
 * Wales, nor "New Mexico" Mexico).
 */
function namesPlace(index: PassageIndex, passage: Passage, text: string, place: AskedPlace): boolean {
  const present = place.terms.filter((t) => index.passageHas(passage, t));
  if (present.some(isAliasTerm)) return true;
  if (present.length === 0) return false;
  const words = place.written
    .split(/\s+/)
    .map(escapeRegExp)
    .join(String.raw`\s+`);
  for (const m of text.matchAll(new RegExp(String.raw`(?<!\p{L})${words}(?!\p{L})`, "giu"))) {
    const before = /((?:\p{Lu}\p{L}*\s+){1,2})$/u.exec(text.slice(0, m.index))?.[1]?.trim().split(/\s+/) ?? [];
    const longer = before.some((_, i) => {
      const name = [...before.slice(i), ...m[0].split(/\s+/)].join("_").toLowerCase();
      const other = index.analyzer.placeOf(name);
      return other !== null && !overlap(other, place);
    });
    if (!longer) return true;
  }
  return false;
}
