import type { Analyzer } from "./analyzer.js";
/**
 * Questions that ask for a measure: "how far off the coast", "how heavy was the box", "how long will
 * the relief well take". The word after "how" names the measure, not the thing asked about, so it
 * is not the question's focus (relevance.ts). It stays a term of the question when the corpus has
 * it, since answers often say it too ("as far as 40 miles", "less than a kilometre wide", "as long
 * as three months"); one the corpus lacks ("how bad") is dropped, not weighed as an unknown name. An
 * answer gives an amount in a unit of that measure ("50 miles out", "a 98-ton steel coffer dam",
 * "three months"), not just any number (answer.ts).
 */

const DISTANCE = "miles?|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|foot|ft|yards?|nautical miles?|inch(?:es)?";
// "A second relief well" is an ordinal, not a span of time.
const TIME = "seconds|(?<!\\ba[\\s-]+)second|minutes?|hours?|days?|weeks?|months?|years?|decades?";
const WEIGHT = "tons?|tonnes?|pounds|lbs?|kilo(?:gram)?s?|kg|ounces?";

/** Units an answer gives for each measure; a measure with none is answered by any amount (`null`). */
const UNITS: Readonly<Record<string, string | null>> = {
  far: DISTANCE,
  close: DISTANCE,
  wide: DISTANCE,
  deep: DISTANCE,
  // "How high will the liability cap go": as often a level as a height.
  high: null,
  tall: DISTANCE,
  long: TIME,
  old: "years?|months?",
  heavy: WEIGHT,
  often: "times?|daily|weekly|monthly|hourly|every",
  big: null,
  large: null,
  strong: null,
};

/**
 * Measures an answer gives as a bare amount, seldom saying the word: "how big a loss" is "a $9bn
 * loss", "how large a charge" "a $32.2bn charge". Not a word of the question, like a measure the
 * corpus lacks.
 */
export const UNSAID_MEASURES: ReadonlySet<string> = new Set(["big", "large", "strong"]);

/** Measures whose answer is not an amount: "how bad was the damage", "how soon will it reopen". */
const UNMEASURED = ["soon", "bad", "quickly", "fast", "severe", "serious"];

/** "how far", "how heavy", …: a measure asked for, anywhere in the question. */
export const HOW_MEASURE = new RegExp(`\\bhow\\s+(${[...Object.keys(UNITS), ...UNMEASURED].join("|")})\\b`, "i");

/** The numbers news writes in words, as an alternation: "one" to "twelve", "fifteen", the tens to "fifty". */
export const WRITTEN_NUMBERS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty";
/** Amounts that say only roughly how much: "in *a few* weeks", "*several* miles", "*dozens of* tonnes". */
const ROUGH = "a few|several|a couple of|dozens of|hundreds of|thousands of";

/**
 * An amount as news writes it: "42", "5,000", "2.5", "three", "a few", "dozens of", "a" (kilometre).
 * Not the "a" of a rate after a figure ("800,000 litres a day", "5,000 barrels of oil a day"): that
 * says how much per day, not how long.
 */
const AMOUNT = `(?:\\d[\\d,.]*|(?<!\\d[\\d,.]*\\s+(?:[a-z-]+\\s+){1,3})an?|half an?|${WRITTEN_NUMBERS}|a hundred|${ROUGH})`;

/**
 * An amount joined to a unit of time, length, weight or heat ("24 hours", "45 degree heat", "50
 * miles"), or a multiple ("almost 50 times the number killed"): a measure or a ratio, which counts
 * no people or things. The unit is captured (none for "°").
 */
export const MEASURED_AMOUNT = new RegExp(
  `\\b(?:\\d[\\d,.]*|${WRITTEN_NUMBERS})\\s*(?:°|(${TIME}|${DISTANCE}|${WEIGHT}|degrees?|times)\\b)`,
  "gi",
);

/**
 * An amount in any unit of length, area, weight or time, "a" included ("less than a kilometre
 * wide", "eight square kilometres"): what a measure with no units of its own ("how big") or an
 * amount of stuff ("how much ground") may be answered by.
 */
export const AMOUNT_IN_ANY_UNIT = new RegExp(
  `\\b(?:${AMOUNT})[\\s-]+(?:square\\s+)?(?:${DISTANCE}|${WEIGHT}|${TIME})\\b`,
  "gi",
);

export interface MeasureAsked {
  /** The measure word as written: "far". */
  word: string;
  /** Where the measure word stands in the question. */
  start: number;
  end: number;
  /** Whether an answer is an amount ("how far": yes; "how bad": no). */
  amount: boolean;
  /** An amount in a unit of the measure ("42 miles", "98-ton"); null when any amount answers. */
  inUnits: RegExp | null;
}

/** Per measure with units, an amount in one of them ("42 miles", "98-ton"): made once, not per question. */
const IN_UNITS = new Map(
  Object.entries(UNITS).flatMap(([word, units]) =>
    units ? [[word, new RegExp(`\\b(${AMOUNT})[\\s-]+(?:${units})\\b`, "i")] as const] : [],
  ),
);

/** The measure a question asks for, or null. */
export function measureAsked(question: string): MeasureAsked | null {
  const found = HOW_MEASURE.exec(question);
  const word = found?.[1];
  if (!found || !word) return null;
  const end = found.index + found[0].length;
  const measure = word.toLowerCase();
  return {
    word,
    start: end - word.length,
    end,
    amount: UNITS[measure] !== undefined,
    inUnits: IN_UNITS.get(measure) ?? null,
  };
}

/** A figure in digits, with its scale: "53,000", "$100m" (from its digits), "2.5 million". */
const FIGURE = String.raw`\b\d[\d,.]*(?:\s*(?:m|bn|million|billion|thousand))?`;

/**
 * An amount per day, week, …: "53,000 barrels were likely escaping each day", "$100m a week". It
 * answers "how much a day", not "how much in total", nor is it a count that disagrees with one
 * ("seasonal flu kills up to 500,000 people a year" beside "230 people have been killed by the flu").
 */
export const RATE = new RegExp(
  String.raw`${FIGURE}(?:\s+[\p{L}'’-]+){0,4}?\s+(?:a|an|per|each|every)\s+(?:day|week|month|year|hour|minute)\b|${FIGURE}\s+(?:[\p{L}'’-]+\s+){0,2}?(?:daily|weekly|hourly)\b`,
  "giu",
);
/**
 * An amount per year ("500,000 people a year", "between 250,000 and 500,000 people in an average
 * year", "annually"): a statistic, not a count of what happened.
 */
export const YEARLY_RATE = new RegExp(
  String.raw`${FIGURE}(?:\s+(?:[\p{L}'’-]+|\d[\d,.]*)){0,4}?\s+(?:(?:a|per|each|every)\s+year|annually|in\s+an\s+average\s+year)\b`,
  "giu",
);

/** A question that asks for an amount per day, week, …: "how many barrels a day", "per hour", "daily". */
export const RATE_ASKED =
  /\b(?:a|an|per|each|every)\s+(?:day|week|month|year|hour|minute)\b|\b(?:daily|weekly|monthly|yearly|hourly|annual|annually|rate)\b/i;

/** "Per", "each", "for every": what a question asks an amount per; "a" too is not, being in every question. */
const PER = String.raw`(?:per|(?:for\s+)?(?:each|every))`;
/** The unit a question asks an amount per: "per barrel", "for each dose", "a day" (see `RATE_ASKED`). */
const PER_UNIT = new RegExp(String.raw`\b${PER}\s+(\p{L}+)`, "giu");
/** The same, as a passage may give it: "$4,300 a barrel" too. */
const PER_UNIT_GIVEN = new RegExp(String.raw`\b(?:${PER}|an?)\s+(\p{L}+)`, "giu");

/** The term of the unit a question asks an amount per ("for each barrel": "barrel"), or null. */
export function perUnitAsked(analyzer: Analyzer, asked: string): string | null {
  for (const [, unit = ""] of asked.matchAll(PER_UNIT)) {
    const term = analyzer.processWord(unit);
    if (term !== null) return term;
  }
  return null;
}

/** Whether a passage gives an amount per the unit asked (`perUnitAsked`); a word is analysed only when it starts as the unit does. */
export function givesPerUnit(analyzer: Analyzer, text: string, unit: string): boolean {
  const start = unit.slice(0, 3);
  for (const [, word = ""] of text.matchAll(PER_UNIT_GIVEN))
    if (word.slice(0, 3).toLowerCase() === start && analyzer.processWord(word) === unit) return true;
  return false;
}

/**
 * A sum of money as news writes it: "$40 million", "£20m", "US$5bn", "€1.2 billion", "20 million
 * dollars", "one million dollars". The currency sign stands before the amount, so this is no unit after an amount. A
 * pound sign lost to a scraper's encoding is a "#" and a space ("a pension worth about # 600,000",
 * "$20bn (# 13.5 bn)"); "#1" is a rank.
 */
const SUM_OF_MONEY = new RegExp(
  String.raw`(?:(?:[$£€]|#(?=\s))\s?\d[\d,.]*(?:\s?(?:m|bn|k|million|billion|trillion|thousand)\b)?|\b(?:\d[\d,.]*|${WRITTEN_NUMBERS}|a)\s?(?:million|billion|thousand)?\s(?:dollars|pounds|euros)\b)`,
  "i",
);
IN_UNITS.set("money", SUM_OF_MONEY);

/**
 * "How much did BP pay the families", "how much will the clean-up cost": the verb asks for a sum of
 * money, so a passage that gives only a count ("11 rig workers died") does not answer.
 */
const MONEY_VERB_ASKED =
  /\bhow\s+much\b(?:\s+[\p{L}'’-]+){0,6}?\s+(?:pay|pays|paid|paying|spend|spends|spent|spending|cost|costs|costing|owe|owes|owed|charge|charges|charged|fine|fined|earn|earns|earned|invest|invests|invested|donate|donates|donated|reimburse|reimbursed|compensate|compensated|bill|billed)\b/iu;

/**
 * "How big is the escrow fund", "how large a charge did BP book", "how much was the contract
 * worth": the size of a thing made of money is a sum, so "two years to sort out the escrow fund"
 * does not say how big it is.
 */
const MONEY_NOUN_ASKED =
  /\bhow\s+(?:much|big|large)\b(?:\s+[\p{L}'’-]+){0,6}?\s+(?:fund|funds|account|budget|settlements?|payouts?|fines?|bill|loss|losses|profits?|bonus|package|compensation|pension|salary|payments?|awards?|grants?|damages|penalty|penalties|charge|revenues?|dividends?|bail|fees?|sponsorship|contract|loan|insurance|bailout|worth)\b/iu;

/** A sum of money when the question's verb or what it sizes asks for one ("how much did BP pay", "how big is the fund"), or null. */
export function sumOfMoneyAsked(question: string): RegExp | null {
  return MONEY_VERB_ASKED.test(question) || MONEY_NOUN_ASKED.test(question) ? SUM_OF_MONEY : null;
}

/**
 * Nouns that name a measure ("the maximum jail *time*", "the *depth* of the well"), with the "how"
 * word of that measure: "four years in jail" gives the time as "how long" would be answered.
 */
const MEASURE_NOUNS: Readonly<Record<string, string>> = {
  // "How much money did he owe": "he would have owed $40 million" names no money but a sum.
  money: "money",
  cash: "money",
  cost: "money",
  costs: "money",
  price: "money",
  time: "long",
  // A prison sentence is a span of time: "four years in county jail".
  sentence: "long",
  weight: "heavy",
  distance: "far",
  depth: "deep",
  height: "tall",
  age: "old",
};
// "Time" after a determiner is an occasion ("at the time of the fire", "the first time"), not a span.
const MEASURE_NOUN = new RegExp(
  `\\b(${Object.keys(MEASURE_NOUNS).join("|")})(?<!\\b(?:the|a|that|this|what|which|first|last|same|next|one|any|each|every|some)\\s+time)\\b`,
  "gi",
);

/**
 * The words of a question that an amount in some unit answers, with the amounts that do: the
 * measure asked after "how" ("how heavy": "a 98-ton box") and the measure nouns ("jail time":
 * "four years").
 */
export function amountsAsked(question: string): AmountAsked[] {
  const asked = measureAsked(question);
  const found = asked?.inUnits
    ? [{ word: asked.word, inUnits: asked.inUnits, unitWords: UNIT_WORDS[asked.word.toLowerCase()] ?? [] }]
    : [];
  for (const [, noun = ""] of question.matchAll(MEASURE_NOUN)) {
    const measure = MEASURE_NOUNS[noun.toLowerCase()] ?? "";
    const inUnits = IN_UNITS.get(measure);
    if (inUnits) found.push({ word: noun, inUnits, unitWords: UNIT_WORDS[measure] ?? [] });
  }
  return found;
}

export interface AmountAsked {
  /** The measure word or noun as written: "far", "depth". */
  word: string;
  /** An amount that answers it ("42 miles"). */
  inUnits: RegExp;
  /** The units an answer names, as words an index holds ("miles", "tons"); none for a sum of money. */
  unitWords: readonly string[];
}

const DISTANCE_WORDS = ["miles", "kilometres", "kilometers", "km", "feet", "metres", "meters", "yards"];
/** Units of time as a question names them: "how many days …" (question-forms.ts reads it as "how long"). */
export const TIME_WORDS = ["hours", "days", "weeks", "months", "years"];
/**
 * "How many years did Murray get": the unit the asker named, which the question's short form ("how
 * long did Murray get", question-forms.ts) no longer says. An amount in it ("four years") answers
 * before one in another unit ("three hours"). Null when no unit of time is named.
 */
export function unitNamed(question: string): RegExp | null {
  const unit = UNIT_NAMED.exec(question)?.[1]?.toLowerCase();
  return unit === undefined ? null : (IN_NAMED_UNIT.get(unit) ?? null);
}
const UNIT_NAMED = new RegExp(`\\bhow\\s+many\\s+(${TIME_WORDS.join("|")})\\b`, "i");
/** Per unit of time, an amount in it, singular or plural: "four years", "a year". */
const IN_NAMED_UNIT = new Map(
  TIME_WORDS.map((units) => [units, new RegExp(`\\b(?:${AMOUNT})[\\s-]+${units.slice(0, -1)}s?\\b`, "i")]),
);

/** Per measure, its units as written words: what finds a passage that gives the measure without its word. */
const UNIT_WORDS: Readonly<Record<string, readonly string[]>> = {
  far: DISTANCE_WORDS,
  close: DISTANCE_WORDS,
  wide: DISTANCE_WORDS,
  deep: DISTANCE_WORDS,
  tall: DISTANCE_WORDS,
  long: TIME_WORDS,
  old: ["years", "months"],
  heavy: ["tons", "tonnes", "pounds", "kilograms"],
};

const ROUGH_AMOUNT = new RegExp(`^(?:${ROUGH})$`, "i");
const everyAmountCache = new Map<RegExp, RegExp>();

/** Every amount in `inUnits` (a measure's or a sum of money's): its global form, made once per pattern. */
export function everyAmountIn(inUnits: RegExp): RegExp {
  let every = everyAmountCache.get(inUnits);
  if (!every) everyAmountCache.set(inUnits, (every = new RegExp(inUnits.source, `${inUnits.flags}g`)));
  return every;
}

/**
 * Whether `text` gives an amount in `inUnits` (from `amountsAsked`): "figure" when one is a figure
 * ("four years", "$20bn"), "rough" when each is only rough ("in a few weeks"), which answers "how
 * long was he sentenced for" less plainly than "sentenced to four years"; null when none.
 */
export function amountGiven(inUnits: RegExp, text: string): "figure" | "rough" | null {
  let found: "rough" | null = null;
  for (const [, amount] of text.matchAll(everyAmountIn(inUnits))) {
    if (amount === undefined || !ROUGH_AMOUNT.test(amount)) return "figure";
    found = "rough";
  }
  return found;
}
