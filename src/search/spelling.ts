import type { PassageIndex } from "./index.js";

/**
 * Spelling checked on the word as written, before stemming. The index corrects terms (stems) one
 * edit apart, but a typo often stems to something no real word stems to: "inital" → "init", where
 * "initial" → "initi"; "professer" → "profess", where "professor" stays. So the word's own one-edit
 * variants that are English words (WordNet, already shipped for synonyms, is the word list) and
 * whose terms the corpus has are the corrections, as in Norvig's corrector. Hand-written: the
 * spelling libraries on npm (nspell, typo-js) need a Hunspell dictionary package besides and
 * propose English words whatever the corpus says; here the corpus decides, and the edits are ten
 * lines.
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** Shorter words have too many real neighbours one edit away to guess which was meant. */
const MIN_LENGTH = 4;

/** Every string one edit from `word`: a letter deleted, two adjacent swapped, one replaced, one inserted. */
export function oneEditVariants(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + (tail[1] ?? "") + (tail[0] ?? "") + tail.slice(2));
    for (const letter of LETTERS) {
      if (tail && letter !== tail[0]) out.add(head + letter + tail.slice(1));
      out.add(head + letter + tail);
    }
  }
  out.delete(word);
  return [...out];
}

function spellable(word: string): string | null {
  const lower = word.toLowerCase();
  return lower.length >= MIN_LENGTH && /^[a-z]+$/.test(lower) ? lower : null;
}

/**
 * Index terms of real words one edit from `word` as written ("inital" → "initi"), most frequent in
 * the corpus first, at most `max`. Empty for short words and words with other than letters.
 */
export function writtenCorrections(index: PassageIndex, word: string, max = 2): string[] {
  const lower = spellable(word);
  if (!lower) return [];
  let known = correctionsOf.get(index);
  if (!known) {
    known = new Map();
    correctionsOf.set(index, known);
  }
  const cached = known.get(lower);
  if (cached) return cached.slice(0, max);
  const found = correctionsFromVariants(index, lower);
  if (known.size >= CORRECTIONS_KEPT) known.clear();
  known.set(lower, found);
  return found.slice(0, max);
}

/** Corrections found per index and word: stemming some 500 variants is a millisecond, and typos recur. */
const CORRECTIONS_KEPT = 10_000;
const correctionsOf = new WeakMap<PassageIndex, Map<string, string[]>>();

function correctionsFromVariants(index: PassageIndex, lower: string): string[] {
  const own = index.analyzer.processWord(lower);
  const found = new Set<string>();
  for (const variant of oneEditVariants(lower)) {
    const term = index.analyzer.processWord(variant);
    // A variant must be a word, not only stem like one: "unital" stems to "unit".
    if (term && term !== own && index.has(term) && index.analyzer.isDictionaryWord(variant)) found.add(term);
  }
  // Most passages first; ties alphabetically, so the answer does not depend on the order found.
  return [...found].sort((a, b) => index.idf(a) - index.idf(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Whether a word the corpus lacks is a stop word mistyped ("befor", "becuase"): then it carries no
 * topic either. Not a word written with a capital ("Theo" is a name one letter from "then", and an
 * unknown name is what keeps an off-topic question unanswered), nor one WordNet knows.
 */
export function isMistypedStopWord(index: PassageIndex, word: string): boolean {
  const lower = spellable(word);
  if (!lower || lower !== word || index.analyzer.processWord(lower) === null) return false;
  if (index.analyzer.isDictionaryWord(lower)) return false;
  return oneEditVariants(lower).some((variant) => index.analyzer.isStopWord(variant));
}
