import { stemmer } from "stemmer";
import { eng as englishStopWords } from "stopword";

/**
 * Turns text into index terms: alias groups, lower case, stop words out, irregular verbs to their
 * base form, Porter stems. The same analyzer serves documents and questions so both sides agree.
 */

/** Question words and verbs that carry no topic in a question. */
const QUESTION_WORDS = [
  "when",
  "where",
  "who",
  "whom",
  "whose",
  "why",
  "which",
  "happen",
  "happened",
  "tell",
  "say",
  "said",
  "many",
  "much",
];
const STOP_WORDS = new Set([...englishStopWords, ...QUESTION_WORDS]);

/** Porter stemming does not reach irregular past forms, which news is full of ("fled", "fought"). */
const IRREGULAR: Record<string, string> = {
  fled: "flee",
  fought: "fight",
  began: "begin",
  begun: "begin",
  blew: "blow",
  blown: "blow",
  took: "take",
  taken: "take",
  won: "win",
  lost: "lose",
  struck: "strike",
  held: "hold",
  left: "leave",
  shot: "shoot",
  fell: "fall",
  fallen: "fall",
  drove: "drive",
  driven: "drive",
  rose: "rise",
  risen: "rise",
  gave: "give",
  given: "give",
  brought: "bring",
  sought: "seek",
  caught: "catch",
  built: "build",
  sent: "send",
  spent: "spend",
  went: "go",
  gone: "go",
  came: "come",
  ran: "run",
  met: "meet",
  led: "lead",
  hid: "hide",
  hidden: "hide",
  froze: "freeze",
  dead: "die",
  died: "die",
  deaths: "die",
  death: "die",
  children: "child",
  men: "man",
  women: "woman",
};

export interface AliasMatcher {
  pattern: RegExp;
  groupOf: Map<string, number>;
  caseSensitive: Set<string>;
}

/** A term and where it stands in the text, for highlighting. */
export interface SurfaceTerm {
  term: string;
  start: number;
  end: number;
}

const WORD = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+/gu;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Short all-capital aliases ("IS", "US", "UN") only match in capitals, so "is" stays a verb. */
function isCaseSensitiveAlias(name: string): boolean {
  return name.length <= 4 && /^[\p{Lu}.]+$/u.test(name);
}

export function aliasTerm(group: number): string {
  return `alias${group}`;
}

export class Analyzer {
  readonly aliasGroups: string[][];
  private readonly aliasPattern: RegExp | null;
  private readonly aliasGroupOf = new Map<string, number>();

  constructor(aliasGroups: string[][] = []) {
    this.aliasGroups = aliasGroups;
    const names: string[] = [];
    aliasGroups.forEach((group, index) => {
      for (const name of group) {
        const key = isCaseSensitiveAlias(name) ? name : name.toLowerCase();
        if (!this.aliasGroupOf.has(key)) this.aliasGroupOf.set(key, index);
        names.push(name);
      }
    });
    names.sort((a, b) => b.length - a.length);
    // One alternation, longest first, so "Islamic State of Iraq" wins over "Islamic State".
    this.aliasPattern =
      names.length === 0
        ? null
        : new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  }

  /** Normalises one word to its index term, or null for stop words and noise. */
  processWord(word: string): string | null {
    const lower = word.toLowerCase();
    if (lower.startsWith("alias") && /^alias\d+$/.test(lower)) return lower;
    if (STOP_WORDS.has(lower)) return null;
    if (/^\p{N}/u.test(lower)) return lower.replace(/,/g, "");
    if (lower.length < 2) return null;
    const base = IRREGULAR[lower] ?? lower;
    return stemmer(base);
  }

  /** Every term of `text` with its position. Alias names add their group term beside their own words. */
  surfaceTerms(text: string): SurfaceTerm[] {
    const terms: SurfaceTerm[] = [];
    for (const match of text.matchAll(WORD)) {
      const term = this.processWord(match[0]);
      if (term) terms.push({ term, start: match.index, end: match.index + match[0].length });
    }
    if (this.aliasPattern) {
      for (const match of text.matchAll(this.aliasPattern)) {
        const name = match[0];
        const group = this.aliasGroupOf.get(name) ?? this.aliasGroupOf.get(name.toLowerCase());
        // The regex is case-insensitive; capital-only aliases are checked here.
        if (group === undefined) continue;
        terms.push({ term: aliasTerm(group), start: match.index, end: match.index + name.length });
      }
      terms.sort((a, b) => a.start - b.start || a.end - b.end);
    }
    return terms;
  }

  /** Tokens for MiniSearch: already processed, so MiniSearch's own processTerm must pass them through. */
  tokenize = (text: string): string[] => this.surfaceTerms(text).map((t) => t.term);

  /**
   * Distinct terms of a question, in order. Words inside an alias name give way to the alias term,
   * so "Islamic State" weighs the same as "Daesh" and finds passages that say "Isis".
   */
  queryTerms(text: string): string[] {
    const terms = this.surfaceTerms(text);
    const aliases = terms.filter((t) => t.term.startsWith("alias"));
    const kept = terms.filter(
      (t) => t.term.startsWith("alias") || !aliases.some((a) => a.start <= t.start && t.end <= a.end),
    );
    return [...new Set(kept.map((t) => t.term))];
  }
}
