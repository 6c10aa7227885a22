import type { PassageIndex } from "./index.js";

/**
 * Spelling checked on the word as written, not only on its stem. The index corrects terms (stems)
 * one edit apart, and a typo often stems to something one edit from several: "inital" → "init",
 * one letter from "unit" and from "initi" (initial). The word's own one-edit variants that are
 * English words (WordNet, already shipped for synonyms, is the word list) tell which one was meant,
 * as in Norvig's corrector. Hand-written: the spelling libraries on npm (nspell, typo-js) need a
 * Hunspell dictionary package besides and propose English words whatever the corpus says; here
 * only the corpus's terms are candidates, and the edits are ten lines.
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** Shorter words have too many real neighbours one edit away to guess which was meant. */
const MIN_LENGTH = 4;
/** A stop word's typo may be shorter ("wer", "wat"): only a stop word is guessed, not any word. */
const MIN_STOP_WORD_TYPO = 3;

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

function spellable(word: string, minLength = MIN_LENGTH): string | null {
  const lower = word.toLowerCase();
  return lower.length >= minLength && /^[a-z]+$/.test(lower) ? lower : null;
}

/**
 * Of `candidates` (index terms, e.g. the stem's corrections), those that a real word one edit from
 * `word` as written stems to ("inital" → "initial" → "initi", but "unital" is no word), in the
 * candidates' order. A stem is its word less a suffix (Porter's "y" → "i" aside), so only variants
 * that start with a candidate less its last letter are stemmed: a few, not the five hundred.
 */
export function reachedAsWritten(index: PassageIndex, word: string, candidates: readonly string[]): string[] {
  const lower = spellable(word);
  if (!lower || candidates.length === 0) return [];
  const heads = candidates.map((c) => c.slice(0, -1));
  const reached = new Set<string>();
  for (const variant of oneEditVariants(lower)) {
    if (!heads.some((head) => variant.startsWith(head))) continue;
    const term = index.analyzer.processWord(variant);
    // A variant must be a word, not only stem like one: "unital" stems to "unit".
    if (term && candidates.includes(term) && index.analyzer.isDictionaryWord(variant)) reached.add(term);
  }
  return candidates.filter((c) => reached.has(c));
}

/** The English words one edit from a word in lower case ("populaton": "population", "testifed": "testified"). */
export function dictionaryWordsOneEditAway(index: PassageIndex, lower: string): string[] {
  return oneEditVariants(lower).filter((variant) => index.analyzer.isDictionaryWord(variant));
}

/**
 * The corpus terms of the English words one edit from `word` as written, commonest first:
 * "populaton" → "population" → "popul", which no edit of the stem "populaton" reaches.
 */
export function termsOfWordsOneEditAway(index: PassageIndex, word: string): string[] {
  const lower = spellable(word);
  if (!lower) return [];
  const terms = new Set<string>();
  // The dictionary first: stemming all five hundred variants is most of the cost (`reachedAsWritten`).
  for (const variant of dictionaryWordsOneEditAway(index, lower)) {
    const term = index.analyzer.processWord(variant);
    if (term && index.has(term)) terms.add(term);
  }
  return index.commonestFirst([...terms]);
}

/**
 * The corpus terms of the English words `word` as written makes with two adjacent letters swapped
 * ("cuaght": "caught" → "catch"), commonest first: the likeliest slip of a typist, and too far from
 * a lower-case name for a short word to be one misread.
 */
export function termsOfSwappedLetters(index: PassageIndex, word: string): string[] {
  const lower = spellable(word);
  if (!lower) return [];
  const terms = new Set<string>();
  for (let i = 0; i + 1 < lower.length; i++) {
    if (lower[i] === lower[i + 1]) continue;
    const swapped = lower.slice(0, i) + (lower[i + 1] ?? "") + (lower[i] ?? "") + lower.slice(i + 2);
    if (!index.analyzer.isDictionaryWord(swapped)) continue;
    const term = index.analyzer.processWord(swapped);
    if (term && index.has(term)) terms.add(term);
  }
  return index.commonestFirst([...terms]);
}

/**
 * Whether a word the corpus lacks is a stop word mistyped ("befor", "becuase"): then it carries no
 * topic either. Not a word written with a capital ("Theo" is a name one letter from "then", and an
 * unknown name is what keeps an off-topic question unanswered), nor one WordNet knows.
 */
export function isMistypedStopWord(index: PassageIndex, word: string): boolean {
  const lower = spellable(word, MIN_STOP_WORD_TYPO);
  if (!lower || lower !== word || index.analyzer.processWord(lower) === null) return false;
  if (index.analyzer.isDictionaryWord(lower)) return false;
  return oneEditVariants(lower).some((variant) => index.analyzer.isStopWord(variant));
}
