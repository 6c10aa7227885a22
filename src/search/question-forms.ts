/**
 * A question asked in its long form, read as the short form the rest of the answer path reads: "on
 * what date did …" is "when did …", "what was the number of …" is "how many …", "what was the depth
 * of …" is "how deep …", "in which locations …" is "where …", "for what reason …" is "why …",
 * "which official …" is "who …", "what percentage of …" is "how much of …", "to what figure …" is
 * "how much …", "the length of time needed to …" is "how long …". The long form's noun names the
 * kind of answer, not its topic: a report seldom writes "date", "number", "location" or "reason" beside the answer ("the dam opened
 * on 3 May", "850,000 people fled"), so as a word of the question it weighed against the answer, and
 * the question type that prefers a date, an amount, a place or a name was never read. Asked in the
 * long form, the tune questions were answered right at rank 1 for 0.28 against 0.82 as written
 * (`npm run eval:qa -- --reworded`).
 */

import { MONTH_PATTERN, MONTH_SHORT_PATTERN } from "../temporal/index.js";
import { DEFAULT_ALIAS_GROUPS } from "./aliases.js";
import { isCaseSensitiveAlias, isStopWord } from "./analyzer.js";
import { ORDINAL_WORDS } from "./lexicon.js";
import { TIME_WORDS } from "./measures.js";
import { oneEditVariants } from "./spelling.js";

const ARE = String.raw`(?:is|was|are|were|['’]s)`;
/** "the total", "the approximate", "the latest official" … before the asked noun. */
const QUALIFIERS = String.raw`(?:(?:total|overall|approximate|rough|exact|estimated|latest|current|final|official|full|actual|expected|initial|original|projected|likely)\s+)*`;
const WHAT_IS_THE = String.raw`^\s*(?:what|which)(?:\s+${ARE}|['’]s)\s+the\s+${QUALIFIERS}`;

/** Nouns for a part of a whole, which an amount answers ("what share of …", "how much percentage of …"). */
const SHARE_NOUNS = "percentage|proportion|share|fraction|portion";
/** "How big a slice", "how large a stake": a share asked by its size. */
const HOW_BIG_A_SHARE = String.raw`^\s*how\s+(?:big|large)\s+(?:an?\s+)?(?:${SHARE_NOUNS}|slice|stake|chunk|part|piece)`;

/** The auxiliaries a yes-or-no question opens with, and a question's verb follows its subject after. */
export const AUXILIARIES = String.raw`did|does|do|is|was|are|were|has|have|had|can|could|will|would`;

/** Verbs of causing, as a question asks for a cause with them ("what killed him", "what set off the blast"). */
export const CAUSE_VERBS = String.raw`killed|kills|caused|causes|causing|led\s+to|leads\s+to|triggered|sparked|set\s+off|prompted|made(?!\s+up\b)|makes(?!\s+up\b)|making(?!\s+up\b)`;
/** "What killed him", "what's causing the sickness", "what set off the outbreak": a cause, as "why" asks. */
export const CAUSE_ASKED = new RegExp(
  String.raw`^\s*what(?:\s+(?:is|was|are|were)|['’]s)?\s+(?:really\s+|actually\s+)?(?:${CAUSE_VERBS})\b`,
  "i",
);

/** Long forms, each with the short form it reads as; the first that matches is read. */
const FORMS: readonly [RegExp, string][] = [
  // "How is called the judge", "how are named the couple", "how was the ship called": what is the
  // name of them, as a question is put in languages that ask a name with "how" ("cómo se llama",
  // "comment s'appelle", "wie heißt").
  [/^\s*how\s+(is|are|was|were)\s+(?:called|named)\b/i, "what $1 the name of"],
  [/^\s*how\s+(is|are|was|were)\s+(\S.{0,59}?)\s+(?:called|named)(?=\s*[?.!]*\s*$)/i, "what $1 the name of $2"],
  // "Until when did the schools stay shut": when.
  [/^\s*(?:until|till)\s+when\b/i, "when"],
  // "On what date did …", "which year …", "at what point …", "until what date …": when.
  [
    /^\s*(?:(?:on|in|at|by|from|until|till|since|before|after)\s+)?(?:what|which)\s+(?:date|day|time|year|month|point|stage|moment)\b/i,
    "when",
  ],
  // "… the duration of …", "the length of time for which …", "the amount of time needed to …"
  // (before "the amount of …", which is "how much").
  [
    new RegExp(
      String.raw`${WHAT_IS_THE}(?:duration|(?:length|amount|period)\s+of\s+time)\s+(?:of|for\s+which|(?:needed|required|it\s+took|it\s+will\s+take|it\s+would\s+take)\s+(?:to|for)|that)\b`,
      "i",
    ),
    "how long",
  ],
  // "How many weeks is HK keeping its schools shut", "how many days did the oil gush": how long,
  // which an answer gives in any unit ("for 14 days", "nearly three months"), where the unit asked
  // was read as the question's focus. Not "how many days of testimony", a count of things.
  [
    new RegExp(
      String.raw`^\s*(?:for\s+)?how\s+many\s+(?:${TIME_WORDS.join("|")})(\s+(?:${AUXILIARIES}|ago|after|before|since|until))\b`,
      "i",
    ),
    "how long$1",
  ],
  // "For how much time was Mexico closed?", "how much maximum time in jail": how long.
  [/^\s*(?:for\s+)?how\s+much((?:\s+\p{L}+){0,2}?)\s+time\b/iu, "how long$1"],
  // "How big a slice of Macondo did Mitsui hold", "how large a stake in …": how much of.
  [new RegExp(String.raw`${HOW_BIG_A_SHARE}\s+(?:of|in)\b`, "i"), "how much of"],
  // "How large a stake does BP hold in the pipeline's operator": how much.
  [new RegExp(String.raw`${HOW_BIG_A_SHARE}(\s+(?:${AUXILIARIES}))\b`, "i"), "how much$1"],
  // "How much part of west Mosul …", "how much percentage of …": how much of.
  [new RegExp(String.raw`^\s*how\s+much\s+(?:${SHARE_NOUNS}|part)\s+of\b`, "i"), "how much of"],
  // "What was the number of …", "what is the total count of …": how many.
  // "What was the initial estimate of the number of …": the estimate is the number asked for.
  [
    new RegExp(
      String.raw`${WHAT_IS_THE}(?:estimates?\s+(?:of|for)\s+the\s+${QUALIFIERS})?(?:number|count|tally|toll)\s+of\b`,
      "i",
    ),
    "how many",
  ],
  // "What percentage / proportion / share of …": how much of (a share is an amount of the whole).
  [new RegExp(String.raw`^\s*(?:(?:at|by|to)\s+)?(?:what|which)\s+(?:${SHARE_NOUNS}|part)\s+of\b`, "i"), "how much of"],
  // "What stake did Anadarko hold in the well", "what share does Mitsui own": how much (a stake is
  // an amount of the whole, as "how large a stake does …" is read above).
  [
    new RegExp(
      String.raw`^\s*(?:what|which)\s+(?:${SHARE_NOUNS}|stake)\s+(did|does|do|has|have|had|will|would)\b`,
      "i",
    ),
    "how much $1",
  ],
  // "What quantity of propofol did he buy", "what volume of oil …": how much (the "of" with it).
  [/^\s*(?:(?:in|at|by|to)\s+)?what\s+(?:quantity|volume)\s+of\b/i, "how much"],
  // "To what figure did they lift …", "at what sum …", "what overall sum did he expect …": how much.
  [new RegExp(String.raw`^\s*(?:(?:at|by|to)\s+)?what\s+${QUALIFIERS}(?:figure|sum|amount)\b`, "i"), "how much"],
  // "What is the size / amount / value / cost of …": how much.
  [new RegExp(String.raw`${WHAT_IS_THE}(?:amount|sum|value|cost|price|size|scale|extent)\s+of\b`, "i"), "how much"],
  // "What are the conditions / terms / details of the deal": what the deal says.
  [new RegExp(String.raw`${WHAT_IS_THE}(?:conditions|terms|details|specifics|particulars)\s+of\b`, "i"), "what"],
  // "What was the depth of …", "the distance between …": the measure (measures.ts reads its units).
  [new RegExp(String.raw`${WHAT_IS_THE}depth\s+of\b`, "i"), "how deep"],
  [new RegExp(String.raw`${WHAT_IS_THE}distance\s+(?:of|between|from|to)\b`, "i"), "how far"],
  [new RegExp(String.raw`${WHAT_IS_THE}(?:height|altitude)\s+of\b`, "i"), "how high"],
  [new RegExp(String.raw`${WHAT_IS_THE}weight\s+of\b`, "i"), "how heavy"],
  [new RegExp(String.raw`${WHAT_IS_THE}width\s+of\b`, "i"), "how wide"],
  [new RegExp(String.raw`${WHAT_IS_THE}age\s+of\b`, "i"), "how old"],
  // "What was the location of …", "in which locations …", "at what place …": where.
  [new RegExp(String.raw`${WHAT_IS_THE}(?:location|whereabouts|place|site)\s+of\b`, "i"), "where"],
  [/^\s*(?:(?:in|at|to|from)\s+)?(?:what|which)\s+(?:locations?|places?)\b/i, "where"],
  // "Whereabouts will BP drill", "whereabouts in china …": British English's "where" at a question's
  // head, before an auxiliary or "in" (elsewhere a noun: "are his whereabouts known").
  [new RegExp(String.raw`^\s*whereabouts(\s+(?:${AUXILIARIES}|in|on|at|exactly))\b`, "i"), "where$1"],
  // "In which parts of Scotland …", "what areas of the coast …": where in it.
  [/^\s*(?:(?:in|at|to|from)\s+)?(?:what|which)\s+(?:parts?|areas?|regions?|districts?)\s+of\b/i, "where in"],
  // "What is the situation now in Mosul", "how are things in the Old City", "what's new in Mosul",
  // "what's going on with the pipeline":
  // how things stand there, which the newest reports tell ("latest" orders answers so), where
  // "situation" is no word a report says of it. ("Any news on …" is a chat's frame, read before:
  // request-frame.ts.)
  [
    /^\s*(?:(?:what|how)(?:\s+(?:is|are)|['’]s)\s+(?:the\s+)?(?:current\s+|latest\s+|overall\s+)?(?:situation|state\s+of\s+(?:play|things|affairs)|status|news|picture|things)(?:\s+(?:now|currently|like|today|at\s+the\s+moment))*|(?:what['’]s|what\s+is)\s+(?:new|going\s+on|happening)(?:\s+(?:now|currently|today|at\s+the\s+moment))*)(\s+(?:in|on|at|with|for|from|regarding|about))\b/i,
    "what's the latest$1",
  ],
  // "What killed him", "what actually killed Jacko": why did he die. Reports tell a death's cause
  // ("died from an overdose of propofol") and seldom say "killed" of it; "the man who killed
  // Michael Jackson" says who, not what.
  [/^\s*what\s+(?:really\s+|actually\s+)?kill(?:ed|s)\s+(\S.{0,79}?)\s*\??\s*$/i, "why did $1 die"],
  // "What caused the blast", "what led to the spill", "what made the rig blow up": why; the
  // causing is the asking's, and a report gives the cause in its own words ("because of", "after").
  [CAUSE_ASKED, "why"],
  // "For what reason …", "what was the reason for …": why.
  [/^\s*for\s+what\s+reasons?\b/i, "why"],
  // "What reason did the president give for consulting experts": why did the president consult
  // them (the giving is the asking's, not the event's).
  [
    /^\s*what\s+(?:reasons?|explanation|justification)\s+(did|does|do|has|have|had)\s+(.{1,80}?)\s+(?:give|gave|given|offer|offered|cite|cited|provide|provided)\s+for\b/i,
    "why $1 $2",
  ],
  // Not "the cause of death", a finding reports state in those words ("the cause of death was acute
  // propofol intoxication"), where "why did he die" is any passage on his death.
  [
    new RegExp(
      String.raw`${WHAT_IS_THE}(?:reasons?|cause(?!\s+of\s+(?:(?:his|her|their|the)\s+)?death))\s+(?:for|of|why|that)\b`,
      "i",
    ),
    "why",
  ],
  // "What level of staff sickness were plans drawn up for", "to what degree of …": an amount of
  // what follows, which the answer gives ("as many as 40% of staff off sick") without "level".
  [/^\s*(?:to\s+)?(?:what|which)\s+(?:levels?|degree|extent)\s+of\b/i, "how much"],
  // "What kind of trip had the students been on", "which sort of drug …": the kind asks for the
  // noun after it, which the answer says ("a trip to Nasa"); "kind" is no word a report writes
  // beside it, and as the question's first noun it was read as what the question asks about.
  [/^\s*(what|which)\s+(?:kinds?|sorts?|types?)\s+of\b/i, "$1"],
  // "Which official announced …", "which individuals were …": who.
  [/^\s*(?:which|what)\s+(?:individuals?|persons?|people|officials?|man|woman|men|women)\b/i, "who"],
];

/** Question words that ask for something ("when", "who", …). */
export const WH_WORDS = String.raw`when|what|how|who|whom|whose|where|why|which`;
const QUESTION_WORDS = ["when", "what", "where", "who", "why", "how", "which"];
/** What "how" asks about in "how much", "how many" …: the measures a question word may be asked with. */
export const HOW_MEASURES = "much|many|long|far|big|old|often";
/** After "how": what it asks ("hwo many", "hwo long"); after anything else "hwo" is "who". */
const AFTER_HOW =
  /^\s+(?:many|much|long|far|big|old|often|deep|heavy|high|wide|large|soon|tall|strong|bad|severe|close|quickly|fast)\b/i;
const FIRST_WORD = /^\s*(\p{L}{3,6})\b/u;
/** What follows a question word and hardly any other word at a question's head. */
const QUESTION_WORD_NEXT = new RegExp(String.raw`^\s+(?:${AUXILIARIES}|should|many|much|long|far|often)\b`, "i");

/**
 * A question word mistyped at the head of a question ("hwo many", "whta did", "wehn was"): read as
 * the question word one edit away, unless the word is itself an English word (`isWord`). A word
 * one edit from two question words reads by what follows: "hwo many" is "how", "hwo replaced" is
 * "who". The spelling corrector leaves words of three letters alone, and a question word is no
 * term, so an unread "hwo" weighed what a name no report has weighs.
 */
function withQuestionWordSpelled(question: string, isWord: (word: string) => boolean): string {
  const first = FIRST_WORD.exec(question);
  const word = first?.[1]?.toLowerCase();
  if (!first || !word || QUESTION_WORDS.includes(word)) return question;
  const rest = question.slice(first[0].length);
  // A word one edit from a question word, in its place and before the auxiliary it takes, is that
  // question word mistyped ("wen did", "wat is", "hoe many"); a stop word is not ("there were").
  if (isWord(word) && (isStopWord(word) || !QUESTION_WORD_NEXT.test(rest))) return question;
  const near = QUESTION_WORDS.filter((q) => oneEditVariants(word).includes(q));
  const meant =
    near.length === 1
      ? near[0]
      : near.includes("how") && AFTER_HOW.test(rest)
        ? "how"
        : near.includes("who")
          ? "who"
          : undefined;
  return meant ? meant + rest : question;
}

/** A lower-case word ending "in", with or without the apostrophe that marks a dropped "g". */
const ENDS_IN_IN = /(?<![\p{L}\p{N}'’-])(\p{Ll}{2,}in)(['’]?)(?![\p{L}\p{N}-])/gu;

/**
 * Speech's dropped "g" ("sayin the preventer was leakin", "drillin'") read as the "-ing" it stands
 * for, when the word as typed is no English word and the "-ing" form is (`isWord`): the spelling
 * corrector took "sayin" for "stain" or "Spain", one edit away, and "leakin" for "Eakin". Without
 * the apostrophe, only when the "-ing" form is another verb's (`isInflectedVerb`): "swin flu" is a
 * typo for "swine", not "swing".
 */
function withDroppedGRead(
  question: string,
  isWord: (word: string) => boolean,
  isInflectedVerb: (word: string) => boolean,
): string {
  return question.replace(ENDS_IN_IN, (whole: string, word: string, apostrophe: string) =>
    (apostrophe !== "" || (!isWord(word) && isInflectedVerb(`${word}g`))) && isWord(`${word}g`) ? `${word}g` : whole,
  );
}

/**
 * The question in the short form of its kind, or as it is when it has none; a mistyped question
 * word at its head is read first (`isWord` tells the English words, which are left as they are;
 * `isInflectedVerb` the forms of another verb, "saying" but not "swing").
 */
export function inShortForm(
  question: string,
  isWord: (word: string) => boolean = () => true,
  isInflectedVerb: (word: string) => boolean = () => true,
): string {
  const spelled = withAskedFirst(
    withQuestionWordSpelled(
      withDroppedGRead(withChatSpellingsRead(withIdiomsRead(question)), isWord, isInflectedVerb),
      isWord,
    ),
  );
  // A phrase set off before the question ("At its peak, what percentage of …", "In 2010, what was
  // the number of …") stays, and the long form after it is read.
  const fronted = FRONTED_CLAUSE.exec(spelled)?.[0] ?? "";
  for (const at of fronted ? [0, fronted.length] : [0]) {
    const rest = spelled.slice(at);
    for (const [form, short] of FORMS) {
      const match = form.exec(rest);
      if (match) return spelled.slice(0, at) + match[0].replace(form, short) + rest.slice(match[0].length);
    }
  }
  return spelled;
}

/**
 * Contractions typed without their apostrophe ("whos replacing hayward", "why wont baghdad say"):
 * "whos" stemmed to "who", a word no report has, and weighed as an unknown name. Not "its", "lets"
 * or "wed", which are words as they stand and common ones; "wont" and "cant" are rarer as words
 * than as chat's "won't" and "can't".
 */
const UNAPOSTROPHISED =
  /\b(?:(who|what|where|when|how|why|that|there)s|(is|was|are|were|do|does|did|has|have|had|could|would|should|wo|ca)nt)\b/gi;
/** A question word with "did" run into it: "where'd swine flu first turn up", "when'd Salazar lift the ban". */
const ASKED_WITH_DID = /\b(where|when|what|how|why|who)['’]d\b/gi;
/** Ordinals in digits ("1st us death", "the 2nd case"), not a day of a month ("may 1st", "1st of may"). */
const ORDINAL_DIGITS = new RegExp(
  String.raw`(?<!\b(?:${MONTH_PATTERN})\s+)\b(1st|2nd|3rd|[4-9]th|1[0-2]th)\b(?!\s+(?:of\s+)?(?:${MONTH_PATTERN})\b)`,
  "gi",
);

/**
 * Chat's short forms of words a report writes out ("govt", "ppl", "abt"), in lower case only ("N"
 * is a name's initial), standing alone ("u.s." is no "you"). Not "gov", which is as often "governor".
 */
const CHAT_WORDS = new Map(
  Object.entries({
    govt: "government",
    govts: "governments",
    ppl: "people",
    abt: "about",
    bc: "because",
    cuz: "because",
    coz: "because",
    thru: "through",
    b4: "before",
    yr: "year",
    yrs: "years",
    hr: "hour",
    hrs: "hours",
    mins: "minutes",
    wk: "week",
    wks: "weeks",
    max: "maximum",
    doc: "doctor",
    bros: "brothers",
    dept: "department",
    org: "organization",
    orgs: "organizations",
    mgmt: "management",
    univ: "university",
    hosp: "hospital",
    // The trade's and the desk's short forms: "how many bbl a day", "the tox tests", "a ww2 invasion".
    bbl: "barrels",
    bbls: "barrels",
    bpd: "barrels per day",
    tox: "toxicology",
    ww2: "world war two",
    wwii: "world war two",
    // Places typed short: "hk" is Hong Kong, "nola" New Orleans.
    hk: "Hong Kong",
    nola: "New Orleans",
    footy: "football",
    brits: "Britons",
    feds: "federal officials",
    vet: "veterinary",
    commish: "commissioner",
    intl: "international",
    natl: "national",
    approx: "approximately",
    admin: "administration",
    pic: "photo",
    pics: "photos",
    info: "information",
    tech: "technology",
    uni: "university",
    prof: "professor",
    profs: "professors",
    prez: "president",
    meds: "medication",
    vax: "vaccine",
    vaxx: "vaccine",
    dems: "democrats",
    msg: "message",
    msgs: "messages",
    tho: "though",
    pls: "please",
    plz: "please",
    thx: "thanks",
    r: "are",
    u: "you",
    n: "and",
    w: "with",
  }),
);
const CHAT_WORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’./-])(${[...CHAT_WORDS.keys()].join("|")})(?:(?<=w)/|(?![\p{L}\p{N}'’./&-]))`,
  "gu",
);

/**
 * "One" standing for a thing named before ("the NJ one", "the Exxon Valdez one", "the one they turned into a tribute",
 * "one of the kids"), not counting: it stems to "on", a term half the passages hold.
 */
const PRONOUN_ONE =
  /\b((?:the|that|this|which|each|every|any|no)\s+(?:(?!number\b)[\p{L}\p{N}'’-]+\s+){0,3})one\b(?!\s*[-–]?\s*\d)|\bone(?=\s+of\b)/giu;

/**
 * Thousands typed short: "150k a month", "$150K", "2.5k barrels", "150 thousand" (a report writes
 * "$150,000", which the analyzer reads as one number, never as "150" and "thousand").
 */
const THOUSANDS_TYPED_SHORT = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:\.\d{1,3})?)\s?(?:k|thousand)(?![\p{L}\p{N}])/giu;

/** `figure` thousands ("150", "2.5": at most three decimals, as typed short) as a report writes the number: "150,000", "2,500". */
function thousandsWritten(figure: string): string {
  const [whole = "", fraction = ""] = figure.split(".");
  const digits = `${whole}${fraction.padEnd(3, "0")}`.replace(/^0+(?=\d)/, "");
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A quarter typed as a trader types it: "q3 profit", "Q4 2010" (a report writes "third quarter"). */
const QUARTER_TYPED_SHORT = /(?<![\p{L}\p{N}'’.-])[Qq]([1-4])(?![\p{L}\p{N}-])/gu;

/** An age typed short: "the 6yo girl", "a 45 y/o man" (a report writes "six-year-old", "45-year-old"). */
const AGE_TYPED_SHORT = /\b(\d{1,3}) ?(?:yo|y\/o|(?:yrs?|years?) old)\b/gi;
/** A minister's title typed short: "the health sec" ("sec" alone is a second, or the SEC). */
const SECRETARY_TYPED_SHORT =
  /\b(health|home|foreign|defen[cs]e|interior|energy|press|state|transport|treasury|education|environment|culture|business|labou?r|commerce|homeland security) sec\b(?!\.\s*\d)/gi;

/**
 * A default alias's acronym typed in lower case ("the nyc school principal", "what did the cdc
 * say"): only capitals make a short alias (`isCaseSensitiveAlias`), so "nyc" never met "New York City".
 * Not those that are words too ("us", "who", "un", "sec": `LOWER_CASE_US` and `LOWER_CASE_WHO`
 * read the first two where they can only be the name).
 */
const LOWER_CASE_ACRONYM = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’.-])(${DEFAULT_ALIAS_GROUPS.flat()
    .filter((name) => isCaseSensitiveAlias(name) && !name.includes(".") && !["US", "WHO", "UN", "SEC"].includes(name))
    .map((name) => name.toLowerCase())
    .join("|")})(?![\p{L}\p{N}-])`,
  "gu",
);

/**
 * "who" typed in lower case where the pronoun cannot stand, so it is the World Health Organization:
 * after an auxiliary that follows another word ("when did who declare a pandemic", "how many cases
 * has who confirmed") or after "the" ("what did the who say"). As a stop word it was no term at all.
 */
const LOWER_CASE_WHO =
  /(?<=[\p{L}\p{N}]\s+(?:did|does|do|has|have|had|will|would|could|should|can)\s+|\bthe\s+)who(?=\s+\p{L})/gu;

/**
 * "us" typed in lower case where the pronoun cannot stand, so it is the United States: after "the"
 * ("what role did the us play"), before "-led"/"-backed", or before a noun of its state ("us troops",
 * "us officials"). As the pronoun it is a stem of "used" and "using".
 */
const LOWER_CASE_US =
  /(?<=\bthe\s+)us\b(?!['’])|\bus(?=-(?:led|backed|based|made)\b)|\bus(?=\s+(?:army|military|forces?|troops?|soldiers?|officials?|government|administration|president|embassy|navy|congress|senate|coast\s+guard|citizens?|states?)\b)/g;

/**
 * Spoken idioms, read as the plain words a report writes: their own words ("doors", "plug", "red",
 * "behind") are in no answer, and weighed as much as the question's real words.
 */
const IDIOMS: readonly [RegExp, string][] = [
  [/\bopen(s|ed|ing)? (?:their|its|the|his|her) doors\b/gi, "open$1"],
  [/\bpull(?:s|ed|ing)? the plug on\b/gi, "shut down"],
  [/\bhow far in the red\b/gi, "how much in debt"],
  [/\b(?:catch|catches|caught|take|takes|took|get|gets|got) (?:some |a lot of |heavy )?flak\b/gi, "was criticised"],
  [/\b(made|make|makes|making) public\b/gi, "released"],
  [/\b(?:go|goes|went|gone|going) up in flames?\b/gi, "caught fire"],
  [/\b(?:take|takes|took|taking|taken) a swipe at\b/gi, "criticised"],
  // "Who did Obama put in charge of the response": whom he appointed, as reports write it.
  [/\b(?:put|puts|putting|place|places|placed|placing) (\S.{0,39}? )?in charge (?:of|at)\b/gi, "appoint $1to head"],
  [/\bin charge (?:of|at)\b/gi, "head of"],
  // "Why didn't the dome work", "why didnt the blowout preventer work": why it failed, as reports
  // write it ("the dome failed when …"); "work" is also a job, and a negation no word to match. With
  // its subject before the auxiliary ("when did BP admit the top kill dont work"): it failed.
  [/\b(did|does|do|has|have|had)n['’]?t (\S.{0,59}?) work\b/gi, "$1 $2 fail"],
  [/\b(?:do|does|did)n['’]?t work\b/gi, "failed"],
  [/\b(?:leave|leaves|leaving|left|quit|quits|quitting) (?:the|his|her) top job\b/gi, "step down"],
  [/\bhit(?:s|ting)? (?:the )?(?:shelves|stores|shops)\b/gi, "be published"],
  [/(?<![\p{L}\p{N}])(?:no\.? ?|#)1(?![\p{N}])/giu, "number one"],
  [/\bin the red\b/gi, "in debt"],
  // "Who took the singer's doctor to court": who sued him, as reports write it.
  [/\b(?:take|takes|took|taking|taken) (\S.{0,39}?) to court\b/gi, "sued $1"],
  // "How many money did BP pay", "how many oil leaked": an amount, as "how much" asks it.
  [
    /\bhow many (money|cash|oil|crude|gas|water|time|compensation|damage|aid|funding|debt|revenue|fuel)\b/gi,
    "how much $1",
  ],
  // "Which congressman made apologies to BP", "did Hayward give an apology": apologised, as reports write it.
  [
    /\b(?:make|makes|made|making|give|gives|gave|given|giving|offer|offers|offered|offering) (?:an |his |her |their |its )?apolog(?:y|ies)\b/gi,
    "apologised",
  ],
  [/\bhow (many|much) are we talking(?: about)?\b/gi, "how $1"],
  [/\bwhat(?:['’]s| is) behind (?:it|that|this)\b/gi, "why"],
  // "What role did the US play (in the battle)": what did the US do; "role" and "play" are in no answer.
  [/\bwhat (?:role|part) (did|does|do|will|would) (.{1,60}?) play\b/gi, "what $1 $2 do"],
  [/\bwhat (?:role|part) (has|have|had) (.{1,60}?) played\b/gi, "what $1 $2 done"],
  // "What did the commission find", "what did the autopsy show": what it said. Reports write the
  // finding ("the commission said the failures were systemic"), and "find" there was mostly "find
  // out" ("a commission will be set up to find out"); `SPEECH_ASKED` prefers reported speech.
  [
    /\bwhat (did|does|do|has|have|had|will|would) (.{1,60}?) (?:find|found|conclude|concluded|show|showed|shown|reveal|revealed)\b/gi,
    "what $1 $2 say",
  ],
  // "Get" is no word of a question (analyzer.ts), so its phrasal verbs are read as the verb a report
  // writes: "when did Murray get out of jail" asks when he was released, not when he was jailed.
  [/\b(?:get|gets|getting|got|gotten) out of (jail|prison|custody|hospital|detention)\b/gi, "released from $1"],
  [/\b(?:get|gets|getting|got|gotten) back (?=to|from|home)/gi, "return "],
  // "What was Halliburton's role (in the spill)", "what is the role of the WHO": the same question.
  [/\bwhat (?:was|were) (\S.{0,59}?)['’]s? (?:role|part)\b/giu, "what did $1 do"],
  [/\bwhat (?:is|are) (\S.{0,59}?)['’]s? (?:role|part)\b/giu, "what does $1 do"],
  [
    /\bwhat (?:was|were) the (?:role|part) of (\S.{0,59}?)(?=\s+(?:in|during|after|before)\b|\s*[?.!]|\s*$)/giu,
    "what did $1 do",
  ],
  [
    /\bwhat (?:is|are) the (?:role|part) of (\S.{0,59}?)(?=\s+(?:in|during|after|before)\b|\s*[?.!]|\s*$)/giu,
    "what does $1 do",
  ],
  // "What advice did the government give", "what commitment did Obama make": the verb only carries
  // the noun asked about, and is in few answers ("government advice", "Obama pledged …"). Only a
  // verb that ends its clause: not one with an object ("what powers did the decree give the army")
  // or a particle ("take over"), nor "what reason did … give for", which asks why (`FORMS`).
  [
    /\b(what|which) (?!(?:reasons?|explanation|justification)\b)(\p{L}+) (did|does|do|has|have|had|will|would|could|can) (.{1,60}?) (?:give|gave|given|make|made|take|took|taken|get|got|gotten|have|had)(?=\s*(?:[?.!,]|$)|\s+(?:in|at|to|for|about|regarding|after|before|during|when|while|since|with|against|following|because|as)\b)/giu,
    "$1 $2 $3 $4",
  ],
  // "How many barrels leaked altogether": "how many" asks the whole already, and answers seldom say
  // "altogether" or "all told". "In total" stays: answers say "the UK total".
  [/(?<=\bhow\s+(?:many|much)\b.*)\s+(?:altogether|all\s+told)\b/gi, ""],
  // "Why did the rig blow up in the first place": why it did; no answer says "first" or "place".
  [/,?\s+in the first place\b/gi, ""],
  // "… postponed, *back* in May 2011", "back in early june": "back" only says it was a while ago;
  // not after a verb it completes ("came back in June", "sent back in May").
  [
    new RegExp(
      String.raw`(?<!\b(?:come|comes|came|coming|go|goes|went|going|gone|get|gets|got|getting|bring|brings|brought|send|sent|fly|flew|flown|be|been|is|are|was|were|move|moved|head|headed|pay|paid|paying|pays)\s+)\bback\s+(?=(?:in|on|at|during)\s+(?:(?:early|mid|late|the)[\s-]+)?(?:${MONTH_PATTERN}|${MONTH_SHORT_PATTERN}|\d{4}\b|spring\b|summer\b|autumn\b|fall\b|winter\b))`,
      "gi",
    ),
    "",
  ],
];

/** `question` with its spoken idioms as plain words (`IDIOMS`). */
function withIdiomsRead(question: string): string {
  return IDIOMS.reduce((text, [idiom, plain]) => text.replace(idiom, plain), question);
}

/**
 * `question` with chat's spellings read as written English (see `UNAPOSTROPHISED`, `ORDINAL_DIGITS`,
 * `CHAT_WORDS`, `AGE_TYPED_SHORT`, `THOUSANDS_TYPED_SHORT`, `QUARTER_TYPED_SHORT`, `SECRETARY_TYPED_SHORT`, `LOWER_CASE_WHO`, `LOWER_CASE_US`, `LOWER_CASE_ACRONYM`, `PRONOUN_ONE`).
 */
function withChatSpellingsRead(question: string): string {
  return question
    .replace(LOWER_CASE_WHO, "WHO")
    .replace(LOWER_CASE_US, "US")
    .replace(LOWER_CASE_ACRONYM, (acronym: string) => acronym.toUpperCase())
    .replace(CHAT_WORD, (whole: string, word: string) =>
      word === "w" && !whole.endsWith("/") ? whole : (CHAT_WORDS.get(word) ?? whole),
    )
    .replace(UNAPOSTROPHISED, (_: string, asked?: string, verb?: string) => (asked ? `${asked}'s` : `${verb}n't`))
    .replace(ASKED_WITH_DID, "$1 did")
    .replace(AGE_TYPED_SHORT, "$1-year-old")
    .replace(THOUSANDS_TYPED_SHORT, (_: string, figure: string) => thousandsWritten(figure))
    .replace(QUARTER_TYPED_SHORT, (_: string, n: string) => `${ORDINAL_WORDS[Number(n) - 1] ?? n} quarter`)
    .replace(SECRETARY_TYPED_SHORT, "$1 secretary")
    .replace(ORDINAL_DIGITS, (ordinal: string) => ORDINAL_WORDS[Number.parseInt(ordinal, 10) - 1] ?? ordinal)
    .replace(PRONOUN_ONE, "$1");
}

/**
 * A question word left at the end, where the answer goes ("the maximum time in jail is how
 * much?", "the fund is how big?"), as people write who learnt another word order or type as they
 * speak: read with it first ("how much the maximum time in jail").
 */
const ASKED_LAST = new RegExp(
  String.raw`^(.*?\S)[\s,]+(?:(?:is|was|are|were|be)\s+)?(how\s+(?:${HOW_MEASURES}))\s*\?*\s*$`,
  "i",
);

/**
 * "When" asked last: "mexico shut its schools in late april - till what date?", "the rig sank on
 * which day?", "Salazar lifted the ban when?". Read as "when …", the preposition kept as a word of
 * the question ("till" as the "until" reports write): the end of a closure is "until 6 May".
 */
const WHEN_ASKED_LAST =
  /^(.*?\S)[\s,:;–—-]+(?:(on|by|until|till|since|from|before|after)\s+)?(?:when|(?:what|which)\s+(?:date|day|year|month))\s*\?*\s*$/i;

/** `question` with a question word asked last moved to the front (see `ASKED_LAST`). */
function withAskedFirst(question: string): string {
  if (/^\s*(?:what|when|where|who|whom|whose|why|how|which)\b/i.test(question)) return question;
  const when = WHEN_ASKED_LAST.exec(question);
  if (when) {
    const [, said = "", preposition] = when;
    const kept = preposition ? ` ${/^till$/i.test(preposition) ? "until" : preposition}` : "";
    return `when ${said}${kept}?`;
  }
  const match = ASKED_LAST.exec(question);
  if (!match) return question;
  // A clause set off before it stays first: "If he is guilty, how much the maximum time in jail".
  const [, said = "", asked = ""] = match;
  const comma = said.lastIndexOf(",");
  return comma === -1 ? `${asked} ${said}?` : `${said.slice(0, comma + 1)} ${asked} ${said.slice(comma + 1).trim()}?`;
}

/**
 * A phrase or clause set off by a comma before the question ("At its peak, what share of …", "In
 * junk shot, what …", "If he is guilty, how long …", "According to the filings, roughly how much
 * …", an adverb before the question word): the question's long form is read after it, and it is
 * not what the question asks about (relevance.ts, `focusTerm`). A part that is a question itself
 * ("what is the static kill, how does it work") is the question: only "when" and "where" open a
 * clause too ("When Murray entered his plea, what did he say").
 */
export const FRONTED_CLAUSE =
  /^(?!\s*(?:what|which|who|whom|whose|why|how)\b)[^?]{2,120}?,\s+(?:\p{L}+ly\s+)?(?=(?:(?:on|in|at|by|to|for|from)\s+)?(?:what|which|when|where|who|whom|whose|why|how)\b)/iu;
