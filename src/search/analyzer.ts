import { stemmer } from "stemmer";
import { eng as englishStopWords } from "stopword";
import { type Place, type Pos, WordNet } from "./wordnet.js";
import { RecentlyUsed } from "./recently-used.js";
import { NEVER_GIVE_WAY, runSliced, type Slicer } from "../time-slice.js";
import { IRREGULAR, PHRASAL_VERBS, RELATION_GROUPS } from "./lexicon.js";

/**
 * Turns text into index terms: alias groups, lower case, stop words out, irregular verbs to their
 * base form, Porter stems. The same analyzer serves documents and questions so both sides agree.
 */

/** Names kept read as places or not (`Analyzer.placeOf`). */
const PLACES_KEPT = 20_000;
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
/**
 * Words of the stop list that say what happened ("when did Isis *take* Mosul"): its other forms
 * ("took", "taken", "takes") are terms, and "take" leads its relations ("seized", "captured"),
 * which a question saying "take" never reached while the bare word was a stop word.
 */
const TOPIC_WORDS = new Set(["take"]);
/** The stop list: words that are no index term. */
export const STOP_WORD_LIST: readonly string[] = englishStopWords.filter((word) => !TOPIC_WORDS.has(word));
const STOP_WORDS = new Set([...STOP_WORD_LIST, ...QUESTION_WORDS]);

/**
 * The stems of the stop list's verbs ("make", "come"): their other forms ("makes", "coming") are
 * index terms, which in a question weighed as much as its topic ("which company *makes*
 * Tamiflu"). "Get" too, in every use: the passive ("how much was he *getting* paid"), and before
 * a noun ("who *gets* the vaccine first"), where "gets" weighed more than "vaccine" and filled the
 * candidates with "getting worse". Read once, on first use: WordNet says which stop words are verbs.
 */
let lightVerbStems: Set<string> | undefined;
const LIGHT_VERB_STEMS = () =>
  (lightVerbStems ??= new Set(
    [...STOP_WORDS]
      .filter((w) => w.length >= 3 && /^\p{L}+$/u.test(w) && mostOftenA("verb", w, false))
      .map((w) => stem(irregularBase(w) ?? w)),
  ));
/** Whether a lower-case word is a stop word: no index term at all, and no topic. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
/**
 * "What was the name of the …", "whats the name of that …": read as "which …", and a name answers
 * it; the word "name" is no word of the answer ("the Grappenhall Heys Primary School").
 */
export const NAME_OF =
  /^\s*(?:(?:what|which)(?:['’]?s|\s+(?:is|was|are|were))\s+)?the\s+names?\s+of\s+(?:(?:the|a|an|this|that|these|those|his|her|its|their)\s+)?/i;

/** "Right" before a time or place word is "just" ("right after", "right at the start", "right away"). */
const RIGHT_AS_JUST = /^\s+(?:after|before|at|away|now|then|there|here|when|as|until|from|since|on\s+time)\b/i;
/** Words for what someone thinks of something: "position", "stance" (no focus, relevance.ts). */
export const STANCE: ReadonlySet<string> = new Set(["position", "stance", "view", "views", "opinion", "attitude"]);
/** After a stance word, what the stance is on: "his *stance on* the death penalty". */
const STANCE_ON = /^\s+(?:on|about|towards?|regarding)\b/i;
/**
 * Auxiliaries and fillers the stop list keeps, which in a question only hold it together ("when
 * *will* restaurants reopen", "how big a pension *does* he get", "claims *so* far", "resistant
 * *anywhere*"). Dropped from questions only: the index keeps them, so dropping them here needs no
 * new index format.
 */
const QUESTION_FILLERS = new Set([
  "does",
  "doing",
  "will",
  "shall",
  "so",
  "itself",
  "anywhere",
  "ever",
  "yet",
  // Spoken questions' fillers: "is it *actually* worse", "that propofol *stuff*", "the flu *thing*".
  "actually",
  "really",
  "basically",
  "stuff",
  "thing",
  // Indefinite pronouns stand for what the answer names: "was *anyone* charged", "did *someone* leak it".
  "anyone",
  "anybody",
  "anything",
  "someone",
  "somebody",
  "something",
  "everyone",
  "everybody",
  "everything",
  "whoever",
  "whatever",
  // What a question sets aside or when it asks about ("*besides* propofol, what other drugs", "the
  // board seat he gets *once* he quits"): no word an answer needs.
  "besides",
  "except",
  "once",
  // A concession sets the question's terms, it is no word an answer shares: "*even though* it does
  // not live in the Gulf" (its "not" stays: "a person who has not visited Mexico").
  "even",
  "though",
  "although",
  // Chat's words no answer needs: "bp *gotta* pay", "why does ZSL *reckon* …" (what they think is
  // what the passage says, in its own verb).
  "gonna",
  "gotta",
  "wanna",
  // "what *kinda* freebies": "kind of", "sort of", which say nothing of the thing asked about.
  "kinda",
  "sorta",
  // Chat's words for whoever is asked about ("the noaa *guy* in charge", "the russian energy
  // *bigwig*"): the answer names them by role ("chief quality officer", "top energy official").
  "guy",
  "guys",
  "dude",
  "bloke",
  "fella",
  "bigwig",
  "bigwigs",
  "reckon",
  "reckons",
  // A hedge on the amount asked: "*roughly* how many courses", "*approximately* how heavy". Reports
  // hedge their figures in other words ("about", "some", "an estimated"), or not at all.
  "roughly",
  "approximately",
  "approx",
]);
/**
 * In a question asking how long something took or lasted, the verb that measures the time ("how
 * long will the relief well *take* to drill", "how long did the siege *last*"): not the event, and
 * "take" would otherwise call in its relations ("seize", "capture").
 */
const DURATION_VERBS = new Set(["take", "last"]);
const ASKS_DURATION = /\bhow\s+long\b/i;
/**
 * "Going to" before a verb tells the future ("who is *going* to succeed Hayward"), as "will" does:
 * not the verb "go". Before a noun or a name it is a journey ("going to the coast", "to Mexico").
 */
const FUTURE_GOING = /^\s+to\s+(?!(?:the|a|an|this|that|his|her|their|its)\b)\p{Ll}/u;
/** The first half of a negative contraction ("won't", "wasn't"): not a word ("won" is not "win"). */
const CONTRACTED_NOT = /^['’]t\b/i;
/** The tail of a contracted auxiliary ("would've", "they'll", "we're", "he'd", "I'm"). */
const CONTRACTED_AUXILIARY = /^(?:ve|ll|re|d|m)$/i;
/** A prefix written with a hyphen ("co-chairs", "anti-mob"): no word of its own. */
const HYPHEN_PREFIX = /^(?:re|co|pre|non|anti|ex|post|mid|pro|sub|semi|multi|inter|counter)$/i;
/** A word made with a short prefix ("re-opening", "co-chair"): one word where the corpus writes it so. */
const PREFIXED_WORD = /^(?:re|co|ex)[-‐‑]\p{L}{3,}$/iu;

/**
 * Words Porter stemming joins to another family's stem, which in news mean something else: who is
 * "responsible" is not a "response" ("who was responsible for the spill" quoted "its response to
 * the spill"), a chief "executive" is not "executed", a "general" not "generated", "used" not "US".
 */
const OWN_STEMS = new Map<string, string>([
  ...["responsible", "responsibility", "responsibilities"].map((w): [string, string] => [w, "responsibl"]),
  ...["executive", "executives"].map((w): [string, string] => [w, "executiv"]),
  ...["general", "generals", "generally"].map((w): [string, string] => [w, "general"]),
  // Porter stems "use", "used" and "useful" as "us", the term of "US" (`processWord`).
  ...["use", "used", "uses", "using"].map((w): [string, string] => [w, "use"]),
  ["useful", "useful"],
  // Porter stems "dies" as "di" and "dying" as "dy", where "died" and "die" are "die": a verb
  // ending in "ie" keeps one term in every form ("Jackson dies", "the dying well", "she lied").
  ...["die", "lie", "tie", "vie"].flatMap((verb): [string, string][] =>
    [verb, `${verb}s`, `${verb}d`, `${verb.slice(0, -2)}ying`].map((w) => [w, verb]),
  ),
]);
/** A word's index term: Porter's stem, or the word's own (`OWN_STEMS`). */
function stem(word: string): string {
  return OWN_STEMS.get(word) ?? stemmer(word);
}

/** Prefixes that make a verb of a verb, irregular past and all: "retook", "overran", "withheld", "misled". */
const VERB_PREFIX = /^(re|over|under|out|mis|with|up|fore)(\p{L}{3,})$/u;
const prefixedBases = new Map<string, string | undefined>();

/**
 * Nouns that, as "a … of", only say how many: "sick for *a couple of* days" is no couple, "*a
 * number of* schools" no number, "*a lot of* oil" no lot.
 */
const QUANTIFIER_NOUN = /^(?:couple|number|lot|bit|handful|host)$/i;
const A_BEFORE = /\ba\s+$/i;
const OF_AFTER = /^\s+of\b/i;

/** Whether the word at `start` stands as "a … of". */
function isQuantifier(text: string, start: number, length: number): boolean {
  return (
    A_BEFORE.test(text.slice(Math.max(0, start - 4), start)) &&
    OF_AFTER.test(text.slice(start + length, start + length + 5))
  );
}

/** A term and where it stands in the text, for highlighting. */
export interface SurfaceTerm {
  term: string;
  start: number;
  end: number;
  /** The joined form of a hyphenated compound, standing beside its parts. */
  compound?: boolean;
}

/**
 * A word: a number with its separators ("750,000", "2.5", "750 000" with a narrow space), a dotted
 * abbreviation ("U.N."), or a run of letters and digits. Hyphenated compounds are words apart; the
 * analyzer adds their joined form.
 */
const WORD =
  /\p{N}{1,3}(?:[\u00a0\u202f\u2009]\p{N}{3})+(?!\p{N})|\p{N}+(?:[.,]\p{N}+)*|(?:\p{L}\.){2,}|[\p{L}\p{N}\p{M}]+/gu;
// The lookbehind makes a failed try at a word's start fail at once inside it, instead of being
// retried from every letter (quadratic in the word's length; a fifth of the build time).
const COMPOUND = /(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)+/gu;
/**
 * The short forms of a sum's multiplier, written against its figure ("$7bn", "£13.5bn", "$20m",
 * "50k"), as the word a report writes out ("$7 billion"): "bn" never met "billion". "m" and "k"
 * only after a sum of money ("100m" is as often metres), "bn" and "tn" after any figure.
 */
const AFTER_FIGURE = /\p{N}\s?$/u;
const AFTER_SUM = /[$£€]\s?\p{N}[\p{N},.]*\s?$/u;
/** Each short form: the word it stands for, and what must come before it. */
const MULTIPLIERS = new Map<string, { word: string; after: RegExp }>([
  ["bn", { word: "billion", after: AFTER_FIGURE }],
  ["tn", { word: "trillion", after: AFTER_FIGURE }],
  ["trn", { word: "trillion", after: AFTER_FIGURE }],
  ["m", { word: "million", after: AFTER_SUM }],
  ["mn", { word: "million", after: AFTER_SUM }],
  ["mln", { word: "million", after: AFTER_SUM }],
  ["k", { word: "thousand", after: AFTER_SUM }],
]);

/**
 * A noun a set phrase uses in another sense than its own, read as the phrase means: "in charge"
 * heads something (not a charge laid in court: "was anyone charged" met "That he, not BP, is in
 * charge"; a question's "in charge of" reads as "head of" too, question-forms.ts), "for a start" is
 * no beginning ("where did swine flu start"). Null: the word is no term.
 */
const SET_PHRASE_NOUNS = new Map<string, { word: string | null; after: RegExp }>([
  ["charge", { word: "head", after: /\b(?:in|took|take[ns]?|taking)\s+$/i }],
  ["start", { word: null, after: /\bfor\s+a\s+$/i }],
]);

/** Words read by what stands before them (`MULTIPLIERS`, `SET_PHRASE_NOUNS`), each looked up in one place. */
const READ_BY_WHAT_PRECEDES = new Map<string, { word: string | null; after: RegExp }>([
  ...MULTIPLIERS,
  ...SET_PHRASE_NOUNS,
]);
/** How far back `READ_BY_WHAT_PRECEDES`' patterns read, in characters. */
const PRECEDING_REACH = 24;

/**
 * Every word of every passage read is checked, so first by its length and its first letter (in
 * either case) against those words, without lower-casing it.
 */
const READ_BY_WHAT_PRECEDES_SHAPES = new Set([...READ_BY_WHAT_PRECEDES.keys()].map((word) => shapeOf(word)));

/** A word's length and first letter (lower-cased when ASCII) as one number. */
function shapeOf(word: string): number {
  return word.length * 128 + (word.charCodeAt(0) | 32);
}

/**
 * What a word at `start` of `text` is read as, given what stands before it ("$7bn": billion, "in
 * charge": head): a word, null for no term, undefined for the word itself.
 */
function readByWhatPrecedes(text: string, start: number, word: string): string | null | undefined {
  if (!READ_BY_WHAT_PRECEDES_SHAPES.has(shapeOf(word))) return undefined;
  const reading = READ_BY_WHAT_PRECEDES.get(word) ?? READ_BY_WHAT_PRECEDES.get(word.toLowerCase());
  return reading?.after.test(text.slice(Math.max(0, start - PRECEDING_REACH), start)) ? reading.word : undefined;
}

/** WordNet noun lexicographer files of things told apart by identity (see `Analyzer.namesAnIdentity`). */
const IDENTITY_LEXFILES = new Set([5, 6, 10, 14, 15, 17, 18, 27]);
/** Senses read for it: a "principal" is first a sum of money, then a school's head. */
const IDENTITY_SENSES = 2;

/**
 * A compound's last part that describes its first ("Tamiflu-resistant", "Houston-based",
 * "BP-owned", "storm-hit"): both parts mean what they say apart, and a report as often writes
 * them apart ("resistance to Tamiflu"), so a question asks for the parts, not the joined word.
 */
const DESCRIBING_PART =
  /[-‐‑](?:resistant|based|led|backed|related|linked|owned|run|controlled|funded|free|hit|affected|infected|stricken|torn|ravaged|held|made)$/iu;

/** Most passages have no hyphen: then there is no compound to look for. */
const HYPHEN = /[-‐‑]/;

/**
 * British spellings to American ones before stemming, so "recognise" meets "recognize" and
 * "neighbourhood" meets "neighborhood". Only families a rule can name without false friends.
 */
const OUR_ROOTS =
  /^(colo|hono|labo|neighbo|favo|behavio|harbo|rumo|vigo|valo|humo|armo|endeavo|flavo|odo|savo|tumo|vapo|parlo|splendo|rigo|clamo|cando|ardo|fervo)ur/;
const RE_ENDINGS = new Map<string, string>(
  Object.entries({
    centre: "center",
    centres: "centers",
    theatre: "theater",
    metre: "meter",
    metres: "meters",
    kilometre: "kilometer",
    kilometres: "kilometers",
    litre: "liter",
    litres: "liters",
    fibre: "fiber",
    calibre: "caliber",
    defence: "defense",
    offence: "offense",
    licence: "license",
    pretence: "pretense",
    programme: "program",
    programmes: "programs",
    catalogue: "catalog",
    dialogue: "dialog",
    grey: "gray",
    tyre: "tire",
    tyres: "tires",
    ageing: "aging",
    manoeuvre: "maneuver",
    manoeuvres: "maneuvers",
    paediatric: "pediatric",
    haemorrhage: "hemorrhage",
    anaemia: "anemia",
    diarrhoea: "diarrhea",
    oesophagus: "esophagus",
    foetus: "fetus",
    // "practise" is the British verb of "practice": by the -ise rule it became "practize".
    practise: "practice",
    practises: "practices",
    practised: "practiced",
    practising: "practicing",
    tsar: "czar",
    tsars: "czars",
    anaesthetic: "anesthetic",
    anaesthetics: "anesthetics",
    anaesthesia: "anesthesia",
    anaesthetist: "anesthetist",
    anaesthetists: "anesthetists",
    paediatrician: "pediatrician",
    paediatricians: "pediatricians",
    paediatrics: "pediatrics",
    orthopaedic: "orthopedic",
    gynaecologist: "gynecologist",
    haemorrhaging: "hemorrhaging",
    haemorrhaged: "hemorrhaged",
    haemoglobin: "hemoglobin",
    leukaemia: "leukemia",
    caesarean: "cesarean",
    oestrogen: "estrogen",
    encyclopaedia: "encyclopedia",
    archaeology: "archeology",
    archaeologist: "archeologist",
    archaeologists: "archeologists",
    archaeological: "archeological",
    jewellery: "jewelry",
    aluminium: "aluminum",
    sceptic: "skeptic",
    sceptics: "skeptics",
    sceptical: "skeptical",
    scepticism: "skepticism",
    mould: "mold",
    moulds: "molds",
    mouldy: "moldy",
    plough: "plow",
    ploughs: "plows",
    ploughed: "plowed",
    ploughing: "plowing",
    smoulder: "smolder",
    smouldering: "smoldering",
    sulphur: "sulfur",
    pyjamas: "pajamas",
    skilful: "skillful",
    wilful: "willful",
    artefact: "artifact",
    artefacts: "artifacts",
    judgement: "judgment",
    judgements: "judgments",
    manoeuvring: "maneuvering",
    manoeuvred: "maneuvered",
  }),
);
/** Words in -ise that have no -ize spelling. */
const ISE_ONLY =
  /^(advis|otherwis|ris|wis|surpris|exercis|compromis|enterpris|premis|promis|precis|concis|expertis|franchis|merchandis|supervis|televis|revis|devis|improvis|disguis|despis|chastis|compris|rais|prais|nois|pois|cruis|bruis|aris|demis|treatis|paradis|excis|incis|circumcis|advertis|repris|appris|nois|vis|clockwis|likewis|lis|ellis|morris|denis|louis|eloise|paris|elise)e?/;
const DOUBLED_L =
  /^(travel|cancel|label|model|fuel|signal|total|level|channel|counsel|equal|dial|marvel|quarrel|rival|tunnel|jewel|duel|pencil|shovel|snorkel|initial)l(ed|ing|er|ers)$/;

function americanSpelling(word: string): string {
  const fixed = RE_ENDINGS.get(word);
  if (fixed) return fixed;
  if (OUR_ROOTS.test(word)) return word.replace(/our/, "or");
  const doubled = DOUBLED_L.exec(word);
  if (doubled) return `${doubled[1]}${doubled[2]}`;
  const ise = /^(\p{L}{3,})is(e|es|ed|ing|ation|ations|er|ers)$/u.exec(word);
  if (ise && !ISE_ONLY.test(word)) return `${ise[1]}iz${ise[2]}`;
  const yse = /^(anal|paral|catal)ys(e|es|ed|ing)$/.exec(word);
  if (yse) return `${yse[1]}yz${yse[2]}`;
  return word;
}

/** `s` as a pattern matching it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Short all-capital aliases ("IS", "US", "UN") only match in capitals, so "is" stays a verb. */
export function isCaseSensitiveAlias(name: string): boolean {
  return name.length <= 4 && /^[\p{Lu}.]+$/u.test(name);
}

/**
 * A verb's base before a doubled consonant and "-ing" or "-ed" ("putting": "put", "shutting": "shut"),
 * which WordNet's own rules miss: they read "putting" as "putt".
 */
function undoubled(word: string): string | undefined {
  return /^(\p{L}*?([bdfgklmnprtvz]))\2(?:ing|ed)$/u.exec(word)?.[1];
}

/** A name's initials are read from three to this many words ("National Oceanic and Atmospheric Administration" is four). */
const INITIALS_MAX_WORDS = 5;
/** Between two words of a name read for its initials: spaces, or a stop word (" of ", " for "), never a hyphen or a stop. */
const INITIALS_GAP = /^\s+(?:\p{L}+\s+)?$/u;

const PHRASAL_PARTICLES = new Set(PHRASAL_VERBS.map(([, particle]) => particle));
/**
 * Particles after which WordNet's phrasal verbs are looked up too. Not "in", "on", "about" or
 * "around", which follow most verbs as prepositions ("died on Sunday", "worked in Iraq").
 */
const WORDNET_PARTICLES = new Set(["up", "down", "off", "out", "over", "back", "away", "through", "aside", "under"]);

/** Stemmed relation groups: each term to the other terms of its groups. */
const RELATED = (() => {
  const related = new Map<string, string[]>();
  const stemOf = (w: string) => stem(irregularBase(w) ?? americanSpelling(w));
  for (const group of RELATION_GROUPS) {
    const stems = group.map((w) => stemOf(w.replace(/^~/, "")));
    const finders = group.filter((w) => !w.startsWith("~")).map(stemOf);
    for (const stem of finders)
      related.set(stem, [...new Set([...(related.get(stem) ?? []), ...stems.filter((s) => s !== stem)])]);
  }
  return related;
})();

let wordNet: WordNet | null | undefined;
/** One WordNet for the process: its index text is read once, on first use. */
function sharedWordNet(): WordNet | null {
  if (wordNet === undefined) wordNet = WordNet.fromPackage();
  return wordNet;
}

/**
 * A lower-case irregular past form's verb ("fled": "flee"), prefixed forms included ("retook":
 * "retake"), or undefined. A prefixed form counts only when WordNet has the prefixed verb:
 * "resent" is not "resend", nor "upshot" "upshoot", nor "outspoken" "outspeak". WordNet is read
 * only for a corpus that writes such a word. A form WordNet also files as an adjective
 * ("overshot", "mistaken") still reads as its verb: in WordNet each such adjective means the
 * verb's act done.
 */
function irregularBase(word: string): string | undefined {
  const base = IRREGULAR.get(word);
  if (base !== undefined) return base;
  const prefixed = VERB_PREFIX.exec(word);
  const rest = prefixed?.[2] === undefined ? undefined : IRREGULAR.get(prefixed[2]);
  if (rest === undefined || prefixed === null) return undefined;
  if (prefixedBases.has(word)) return prefixedBases.get(word);
  const wordNet = sharedWordNet();
  const verb = `${prefixed[1]}${rest}`;
  const found = wordNet?.usage(verb).verb !== undefined ? verb : undefined;
  prefixedBases.set(word, found);
  return found;
}

/** How often WordNet's tagged senses use a word as each part of speech; null for a word it lacks, or with no WordNet. */
function knownUsage(word: string): Partial<Record<Pos, number>> | null {
  const wordNet = sharedWordNet();
  const usage = wordNet?.usage(word);
  // An irregular past WordNet files only as an adjective ("paid", "sworn") is its verb's past too.
  const base = irregularBase(word);
  if (wordNet && usage && base && usage.verb === undefined && usage.noun === undefined) {
    const asVerb = wordNet.usage(base).verb;
    if (asVerb !== undefined) usage.verb = asVerb;
  }
  return usage && Object.keys(usage).length > 0 ? usage : null;
}

/**
 * Whether WordNet's sense-tagged counts make `pos` a word's most frequent part of speech (ties
 * included); `unknown` for a word WordNet lacks, or with no WordNet at all.
 */
function mostOftenA(pos: Pos, word: string, unknown: boolean): boolean {
  const usage = knownUsage(word);
  if (!usage) return unknown;
  const count = usage[pos];
  return count !== undefined && Object.values(usage).every((other) => other <= count);
}

export function aliasTerm(group: number): string {
  return `alias${group}`;
}

/** Whether a term is an alias group's, standing beside the words of the name ("United Kingdom", "UK"). */
export function isAliasTerm(term: string): boolean {
  return term.startsWith("alias");
}

type TermKind = "word" | "compound" | "alias";

/** Words remembered with their terms: news vocabulary is small next to its text, so most words repeat. */
const MAX_REMEMBERED_WORDS = 200_000;

export class Analyzer {
  readonly aliasGroups: string[][];
  private readonly aliasPattern: RegExp | null;
  private readonly aliasGroupOf = new Map<string, number>();
  private readonly termOfWord = new Map<string, string | null>();

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

  /**
   * Normalises one word to its index term, or null for stop words and noise. Fullwidth and other
   * compatibility forms fold (NFKC); "U.N." is "UN"; an abbreviation in capitals that spells a stop
   * word ("US", "WHO", "IT") stays a term, so the organisation is found and the pronoun is not.
   */
  processWord(word: string): string | null {
    const folded = word.normalize("NFKC");
    const undotted = /^(?:\p{L}\.){2,}$/u.test(folded) ? folded.replace(/\./g, "") : folded;
    const lower = undotted.toLowerCase();
    if (lower.startsWith("alias") && /^alias\d+$/.test(lower)) return lower;
    if (STOP_WORDS.has(lower)) {
      const abbreviation = undotted.length >= 2 && undotted.length <= 4 && /^\p{Lu}+$/u.test(undotted);
      return abbreviation ? lower : null;
    }
    if (/^\p{N}/u.test(lower)) return lower.replace(/[,\u00a0\u202f\u2009]/g, "");
    if (lower.length < 2) return null;
    const base = irregularBase(lower) ?? americanSpelling(lower);
    return stem(base);
  }

  /** Names read as places, or not: a corpus's capitalised words, so the most lately used only. */
  private readonly places = new RecentlyUsed<string, Place | null>(PLACES_KEPT);
  /** The place a lower-case name ("glasgow", "united_kingdom") is to WordNet, with the places it lies in; null for none (or without WordNet). */
  placeOf(name: string): Place | null {
    let place = this.places.get(name);
    if (place === undefined) {
      place = sharedWordNet()?.placeOf(name) ?? null;
      this.places.set(name, place);
    }
    return place;
  }

  private readonly nationPlaces = new RecentlyUsed<string, Place[]>(PLACES_KEPT);
  /** The places a capitalised word names as its nation's ("Argentine": Argentina; "Mexican": Mexico), as `placeOf` reads them. */
  nationPlacesOf(word: string): Place[] {
    const lower = word.toLowerCase();
    let places = this.nationPlaces.get(lower);
    if (places === undefined) {
      places = sharedWordNet()?.placesOfAdjective(lower) ?? [];
      this.nationPlaces.set(lower, places);
    }
    return places;
  }

  /**
   * Whether a lower-case word is an English word WordNet knows, an irregular past included
   * ("caught", "fled", which WordNet files only under their verbs); true when the WordNet package
   * is missing.
   */
  isDictionaryWord(word: string): boolean {
    const wordNet = sharedWordNet();
    return wordNet === null || wordNet.knows(word) || IRREGULAR.has(word);
  }

  /**
   * Whether a lower-case word is a form of another verb ("saying", "making", "running", "going"),
   * not a verb of its own ("swing", "bring") nor none ("thing"): WordNet's `verbBase`.
   */
  isInflectedVerb(word: string): boolean {
    const base = sharedWordNet()?.verbBase(word);
    return base !== undefined && base !== null && base !== word;
  }

  /**
   * Whether a lower-case word can name a thing: WordNet gives it a noun sense, or does not know it
   * (a name, a typo), or WordNet is missing.
   */
  mayBeNoun = (word: string): boolean => {
    const usage = knownUsage(word);
    return !usage || usage.noun !== undefined;
  };

  /**
   * Whether a lower-case word is most often a noun: its noun senses are used at least as often as
   * any other part of speech's ("outbreak", "salary", names and typos), where "lift", "blamed" and
   * "infected" are most often verbs or adjectives.
   */
  readsAsNoun = (word: string): boolean => mostOftenA("noun", word, true);

  /** Whether a lower-case noun most often names a person ("judge") or a group ("company"); null for neither, or without WordNet. */
  whoKind = (word: string): "person" | "group" | null => sharedWordNet()?.whoKind(word) ?? null;
  isPlace = (word: string): boolean => sharedWordNet()?.isPlace(word) ?? false;
  /** Whether a lower-case word is a title or role someone is named by ("executive", "CEO"; not "Michael", "Mr"). */
  isRole = (word: string): boolean => sharedWordNet()?.isRole(word) ?? false;
  /** Whether a lower-case word is first of all a name to WordNet ("jackson"), or one it lacks ("hayward"); true without WordNet. */
  mayBeName = (word: string): boolean => {
    const wordNet = sharedWordNet();
    return wordNet === null || !this.isDictionaryWord(word) || wordNet.isProperName(word);
  };
  /**
   * Whether one of a lower-case noun's two most frequent senses names a thing one can tell apart by its name or
   * identity (WordNet's noun.artifact, person, group, location, communication, animal, object,
   * substance: "drug", "photographer", "hospital", "comment"), not an amount, an attribute or a
   * time ("share", "probability", "rate"), which a figure answers.
   */
  namesAnIdentity = (word: string): boolean =>
    (sharedWordNet()?.nounLexFiles(word, IDENTITY_SENSES) ?? []).some((file) => IDENTITY_LEXFILES.has(file));

  /** Whether a lower-case word is most often a verb ("announced", "replacing"; not "oil", "outbreak"). */
  readsAsVerb = (word: string): boolean => mostOftenA("verb", word, false);

  /** Whether a lower-case word is a verb's particle ("down", "back", "off") or most often an adverb ("actually", "far"). */
  readsAsAdverb = (word: string): boolean => WORDNET_PARTICLES.has(word) || mostOftenA("adv", word, false);

  /** Whether a lower-case word is a stop word (no index term at all). */
  isStopWord(word: string): boolean {
    return isStopWord(word);
  }

  /** `processWord`, remembered: normalising and stemming every word again was half the build. */
  private rememberedTerm(word: string): string | null {
    let term = this.termOfWord.get(word);
    if (term === undefined) {
      term = this.processWord(word);
      if (this.termOfWord.size >= MAX_REMEMBERED_WORDS) this.termOfWord.clear();
      this.termOfWord.set(word, term);
    }
    return term;
  }

  /**
   * Calls `visit` for every term of `text` with its position: words in order, then the joined forms
   * of hyphenated compounds, then alias group terms. Alias names add their group term beside their
   * own words.
   */
  private eachTerm(text: string, visit: (term: string, start: number, end: number, kind: TermKind) => void): void {
    for (const match of text.matchAll(WORD)) {
      if (QUANTIFIER_NOUN.test(match[0]) && isQuantifier(text, match.index, match[0].length)) continue;
      const read = readByWhatPrecedes(text, match.index, match[0]);
      if (read === null) continue;
      const term = this.rememberedTerm(read ?? match[0]);
      if (term) visit(term, match.index, match.index + match[0].length, "word");
    }
    // "cease-fire" also as "ceasefire", so it meets the joined spelling.
    if (HYPHEN.test(text)) {
      for (const match of text.matchAll(COMPOUND)) {
        const term = this.processWord(match[0].replace(/[-‐‑]/g, ""));
        if (term) visit(term, match.index, match.index + match[0].length, "compound");
      }
    }
    if (this.aliasPattern) {
      for (const match of text.matchAll(this.aliasPattern)) {
        const name = match[0];
        const group = this.aliasGroupOf.get(name) ?? this.aliasGroupOf.get(name.toLowerCase());
        // The regex is case-insensitive; capital-only aliases are checked here.
        if (group !== undefined) visit(aliasTerm(group), match.index, match.index + name.length, "alias");
      }
    }
  }

  /** Every term of `text` with its position, in order of position. */
  surfaceTerms(text: string): SurfaceTerm[] {
    const terms: SurfaceTerm[] = [];
    let added = false;
    this.eachTerm(text, (term, start, end, kind) => {
      added ||= kind !== "word";
      terms.push(kind === "compound" ? { term, start, end, compound: true } : { term, start, end });
    });
    if (added) terms.sort((a, b) => a.start - b.start || a.end - b.end);
    return terms;
  }

  /** Index terms related to a term (same meaning in news wording), from the built-in relation list. */
  relatedTerms(term: string): readonly string[] {
    return RELATED.get(term) ?? [];
  }

  /**
   * The phrasal verbs (`PHRASAL_VERBS`) a report may write for a question's word: "destroy" is
   * "blew up", "resign" "stepped down". Each as its verb's term and its particle.
   */
  phrasalVerbsFor(term: string): readonly { verb: string; particle: string }[] {
    this.phrasalBySingle ??= this.readPhrasalBySingle();
    return this.phrasalBySingle.get(term) ?? [];
  }

  private phrasalBySingle: Map<string, { verb: string; particle: string }[]> | undefined;

  private readPhrasalBySingle(): Map<string, { verb: string; particle: string }[]> {
    const bySingle = new Map<string, { verb: string; particle: string }[]>();
    for (const [verb, particle, singles] of PHRASAL_VERBS) {
      const verbTerm = this.processWord(verb);
      if (verbTerm === null) continue;
      for (const single of singles) {
        const term = this.processWord(single);
        if (term === null) continue;
        const list = bySingle.get(term) ?? [];
        list.push({ verb: verbTerm, particle });
        bySingle.set(term, list);
      }
    }
    return bySingle;
  }

  /**
   * Whether `text` writes one of `phrasal` (`phrasalVerbsFor`): the verb in any form, then its
   * particle ("militants blew up the mosque").
   */
  writesPhrasal(text: string, phrasal: readonly { verb: string; particle: string }[]): boolean {
    const words = text.match(/\p{L}+/gu) ?? [];
    for (let i = 0; i + 1 < words.length; i++) {
      const next = (words[i + 1] ?? "").toLowerCase();
      if (!phrasal.some((p) => p.particle === next)) continue;
      const term = this.processWord(words[i] ?? "");
      if (phrasal.some((p) => p.particle === next && p.verb === term)) return true;
    }
    return false;
  }

  /**
   * Two words in a row as news may write them in one ("deep water": "deepwater", "top kill":
   * "topkill" from "top-kill"): each pair's terms and its joined term.
   */
  joinedPairs(text: string): { keys: string[]; joined: string }[] {
    const pairs: { keys: string[]; joined: string }[] = [];
    for (const [, first = "", second = ""] of text.matchAll(
      /(?<![\p{L}\p{N}-])(\p{L}{2,}) (?=(\p{L}{2,})(?![\p{L}\p{N}-]))/gu,
    )) {
      const [one, two] = [this.processWord(first), this.processWord(second)];
      const joined = one === null || two === null ? null : this.processWord(`${first}${second}`.toLowerCase());
      if (one !== null && two !== null && joined) pairs.push({ keys: [one, two], joined });
    }
    return pairs;
  }

  /**
   * The terms related to a text's phrasal verbs (see `PHRASAL_VERBS`), per term of the verb and of
   * the particle: "went down" relates "go" and "down" to "sink", "sank", "sunk". Two words news
   * may write as one are related to that one ("deep water" to "deepwater", "oil field" to
   * "oilfield"): the caller keeps it only if its corpus has it.
   */
  phrasalRelatedTerms(text: string): Map<string, string[]> {
    const related = new Map<string, string[]>();
    const relate = (keys: (string | null)[], terms: string[]) => {
      for (const key of keys) if (key) related.set(key, [...new Set([...(related.get(key) ?? []), ...terms])]);
    };
    for (const { keys, joined } of this.joinedPairs(text)) relate(keys, [joined]);
    // "Gulf Coast Claims Facility" to "GCCF": a name's initials, which reports write after its first
    // mention (the caller keeps them only if its corpus has them). Three to five words, a stop word
    // between two of them allowed ("national association for coastal fisheries": "NACF").
    const named = [...text.matchAll(/\p{L}+/gu)].filter((m) => !this.isStopWord(m[0].toLowerCase()));
    const namedTerms = named.map((m) => this.processWord(m[0]));
    // Whether each word follows the one before it closely enough to be one name with it.
    const joinsPrevious = named.map((m, i) => {
      const previous = named[i - 1];
      return (
        previous !== undefined && INITIALS_GAP.test(text.slice((previous.index ?? 0) + previous[0].length, m.index))
      );
    });
    for (let start = 0; start < named.length; start++) {
      let end = start + 1;
      while (end < Math.min(start + INITIALS_MAX_WORDS, named.length) && joinsPrevious[end]) {
        end++;
        if (end - start < 3) continue;
        const initials = named
          .slice(start, end)
          .map((m) => m[0].charAt(0))
          .join("")
          .toLowerCase();
        // An acronym is its own term and no English word: "oil plumes travel" is no "opt", and
        // "trs" (stemmed "tr") no acronym.
        if (this.processWord(initials) === initials && !this.isDictionaryWord(initials))
          relate(namedTerms.slice(start, end), [initials]);
      }
    }
    const words = text.match(/\p{L}+/gu) ?? [];
    words.forEach((word, i) => {
      const next = words[i + 1]?.toLowerCase();
      // "open again" is "reopen", "take again" "retake": the corpus's own word for the act done again.
      if (next === "again") {
        const again = this.processWord(`re${word.toLowerCase()}`);
        if (again) relate([this.processWord(word), this.processWord(next)], [again]);
        return;
      }
      // Only a word before a particle is stemmed: this runs for every question.
      if (next === undefined || !(PHRASAL_PARTICLES.has(next) || WORDNET_PARTICLES.has(next))) return;
      const stem = this.processWord(word);
      const keys = [stem, this.processWord(next)];
      // "cleaning up" is the "cleanup", "blew out" the "blowout", "laid off" a "layoff": the noun
      // news writes for the act, when English has it.
      const joined = this.particleCompound(word.toLowerCase(), next);
      if (joined) relate(keys, [joined]);
      let listed = false;
      for (const [verb, particle, singles] of PHRASAL_VERBS) {
        if (next !== particle || stem !== this.processWord(verb)) continue;
        listed = true;
        relate(
          keys,
          singles.map((w) => this.processWord(w)).filter((t): t is string => t !== null),
        );
      }
      // Any other phrasal verb WordNet lists ("put off": "postpone", "defer"), read the same way.
      if (!listed && WORDNET_PARTICLES.has(next)) {
        const lower = word.toLowerCase();
        const synonyms = sharedWordNet()?.phrasalSynonyms(lower, next, irregularBase(lower) ?? undoubled(lower)) ?? [];
        relate(
          keys,
          synonyms.map((w) => this.processWord(w)).filter((t): t is string => t !== null),
        );
      }
    });
    return related;
  }

  /**
   * The index term of the one word a verb and its particle make ("cleaning" + "up": "cleanup"), if
   * English has it: the verb's base is its irregular base, or the one WordNet reads it as
   * (`WordNet.verbBase`).
   */
  private particleCompound(verb: string, particle: string): string | null {
    const wordNet = sharedWordNet();
    if (!wordNet) return null;
    for (const base of [irregularBase(verb), wordNet.verbBase(verb)]) {
      if (base === undefined || base === null) continue;
      const word = `${base}${particle}`;
      if (wordNet.knows(word)) return this.processWord(word);
    }
    return null;
  }

  /** Loads what synonym look-ups read, so the first question does not wait for it; in steps, giving way through `slicer`. */
  async warmUp(slicer: Slicer = NEVER_GIVE_WAY): Promise<void> {
    const wordNet = sharedWordNet();
    if (wordNet) await runSliced(wordNet.loadSteps(), slicer);
  }

  /**
   * Index terms of WordNet synonyms of a word as written ("seized" → "captur", "conquer"…), from
   * its most frequent senses. WordNet knows every sense of a word, so these are weaker evidence
   * than the built-in relations; callers keep only those their corpus contains.
   */
  synonymTerms(word: string): string[] {
    const wordNet = sharedWordNet();
    if (!wordNet || /\p{N}/u.test(word)) return [];
    return this.otherTerms(word, wordNet.synonyms(word));
  }

  /**
   * Index terms of the names WordNet ties to a name as its nation's ("Iraqi" → "iraq", "Baghdad"
   * → "iraq", "iraqi"; see `WordNet.nationNames`). Callers keep only those their corpus contains.
   */
  nationTerms(word: string): string[] {
    const names = sharedWordNet()?.nationNames(word) ?? [];
    // A name the alias list knows ("US", "United States") is its alias's term, as in a report.
    const aliases = names.flatMap((name) =>
      this.surfaceTerms(name)
        .filter((t) => isAliasTerm(t.term) && t.start === 0 && t.end === name.length)
        .map((t) => t.term),
    );
    return [
      ...new Set([
        ...this.otherTerms(
          word,
          names.filter((name) => !name.includes(" ")),
        ),
        ...aliases,
      ]),
    ];
  }

  /**
   * Index terms of the nouns and verbs of a word's family (`WordNet.derivedForms`: "explosion" →
   * "explod"), and of the verb a noun made of a verb and its particle is ("cleanup": "clean", as
   * in "cleaning up"; "shutdown": "shut"), since the particle is no index term.
   */
  derivedTerms(word: string): string[] {
    const forms = sharedWordNet()?.derivedForms(word) ?? [];
    const verb = this.verbOfParticleCompound(word.toLowerCase());
    return this.otherTerms(word, verb === null ? forms : [...forms, verb]);
  }

  /** "cleanup": "clean"; null for a word that is no English verb and particle made one. */
  private verbOfParticleCompound(word: string): string | null {
    const wordNet = sharedWordNet();
    if (!wordNet) return null;
    for (const particle of WORDNET_PARTICLES) {
      const verb = word.slice(0, -particle.length);
      if (word.endsWith(particle) && verb.length >= 3 && wordNet.knows(word) && (wordNet.usage(verb).verb ?? 0) > 0)
        return verb;
    }
    return null;
  }

  /** The distinct index terms of `words`, leaving out `word`'s own. */
  private otherTerms(word: string, words: readonly string[]): string[] {
    const own = this.processWord(word);
    const terms = new Set<string>();
    for (const other of words) {
      const term = this.processWord(other);
      if (term && term !== own) terms.add(term);
    }
    return [...terms];
  }

  /**
   * The terms of `text`, for the index (which counts them, so their order is not kept): already
   * processed, so MiniSearch's own processTerm must pass them through.
   */
  tokenize = (text: string): string[] => {
    const terms: string[] = [];
    this.eachTerm(text, (term) => terms.push(term));
    return terms;
  };

  /**
   * Distinct terms of a question, in order. Words inside an alias name give way to the alias term,
   * so "Islamic State" weighs the same as "Daesh" and finds passages that say "Isis". `known` says
   * which terms the corpus has: a compound it lacks is read as its parts.
   */
  queryTerms(text: string, known?: (term: string) => boolean): string[] {
    const terms = this.surfaceTerms(text);
    const isAlias = (t: SurfaceTerm) => isAliasTerm(t.term);
    // A compound of long parts ("cease-fire", "pre-war") is one word in a question; one with a
    // short part ("al-Abadi", "US-led") is its parts, which is how reports mostly write them. So is
    // one no report writes (`known`: "round-the-clock", "spill-containment"), whose parts they do.
    const joined = (t: SurfaceTerm) => {
      if (t.compound !== true) return false;
      const written = text.slice(t.start, t.end);
      return (
        (!/(?:^|[-‐‑])[\p{L}\p{N}]{1,2}(?=[-‐‑]|$)/u.test(written) || PREFIXED_WORD.test(written)) &&
        !DESCRIBING_PART.test(written) &&
        (known === undefined || known(t.term))
      );
    };
    const wholes = terms.filter((t) => isAlias(t) || joined(t));
    const kept = terms.filter((t) => {
      if (isAlias(t) || joined(t)) return true;
      const word = text.slice(t.start, t.end);
      if (QUESTION_FILLERS.has(word.toLowerCase()) || CONTRACTED_NOT.test(text.slice(t.end))) return false;
      // "would*'ve*", "they*'ll*", "we*'re*": the auxiliary's tail, no word of its own.
      if (CONTRACTED_AUXILIARY.test(word) && /['’]$/.test(text.slice(0, t.start))) return false;
      // "When is the trial *going to* / *supposed to* start": when it starts.
      if (/^(?:going|supposed)$/i.test(word) && FUTURE_GOING.test(text.slice(t.end))) return false;
      // "According to" names a source, as a preposition does: no report's "according to" answers.
      if (/^according$/i.test(word) && /^\s+to\b/i.test(text.slice(t.end))) return false;
      // Chat's "*per* the wsj story", "*per* what came out of bp's probe" is "according to"; "per
      // day", "per dose" is a rate, and keeps its word.
      if (/^per$/i.test(word) && /^\s+(?:the|what|his|her|its|their)\b/i.test(text.slice(t.end))) return false;
      // "*Right* after the rig disaster", "right at the start of May": "just", no word an answer has.
      if (/^right$/i.test(word) && RIGHT_AS_JUST.test(text.slice(t.end))) return false;
      // "His *stance on* the death penalty": the answer says what he thinks, not the word for it.
      if (STANCE.has(word.toLowerCase()) && STANCE_ON.test(text.slice(t.end))) return false;
      // "Aside from Mexico, which country …" sets Mexico aside, as "besides" does.
      if (/^(?:aside|apart)$/i.test(word) && /^\s+from\b/i.test(text.slice(t.end))) return false;
      // A compound's prefix ("*co*-chairs", "*re*-enactment", "*anti*-mob") is no word of its own.
      if (HYPHEN_PREFIX.test(word) && /^[-‐‑]\p{L}/u.test(text.slice(t.end))) return false;
      if (/^names?$/i.test(word) && t.end <= (NAME_OF.exec(text)?.[0].length ?? 0)) return false;
      // "So far" and "thus far" say "until now" (the current-state reading takes it from there).
      if (/^far$/i.test(word) && /\b(?:so|thus)\s+$/i.test(text.slice(0, t.start))) return false;
      if (t.compound) return false;
      if (LIGHT_VERB_STEMS().has(t.term)) return false;
      return !wholes.some((a) => a.start <= t.start && t.end <= a.end);
    });
    const asksDuration = ASKS_DURATION.test(text);
    return [...new Set(kept.map((t) => t.term))].filter((term) => !(asksDuration && DURATION_VERBS.has(term)));
  }
}
