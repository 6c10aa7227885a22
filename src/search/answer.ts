import type { DateSource, Passage, Report, Span } from "../corpus/types.js";
import { shorten } from "../corpus/parse.js";
import {
  afterDateline,
  afterRunOn,
  countWords,
  isCaption,
  isGarbled,
  isQuestion,
  isSignpost,
  isTimestamp,
  isTruncated,
  trimSpan,
} from "../corpus/sentences.js";
import {
  daysBetween,
  findTemporalMentions,
  MONTH_NAMES,
  periodEnd,
  shiftDay,
  type TemporalMention,
  tellsThePast,
  WEEKDAY_NAMES,
} from "../temporal/index.js";
import { isUnrealised, isUnrealisedAt } from "../temporal/eventness.js";
import { describeDisagreement, disagreeingFigures, type Figure } from "./figures.js";
import type { Analyzer } from "./analyzer.js";
import type { PassageIndex } from "./index.js";
import { keptMentions, keptReportMentions } from "./kept-mentions.js";
import {
  AMOUNT_IN_ANY_UNIT,
  everyAmountIn,
  givesPerUnit,
  MEASURED_AMOUNT,
  measureAsked,
  perUnitAsked,
  sumOfMoneyAsked,
  RATE,
  RATE_ASKED,
  YEARLY_RATE,
  WRITTEN_NUMBERS,
  unitNamed,
} from "./measures.js";
import { askedPlaces, tellsOfAnotherPlace } from "./places.js";
import { dateRangeInQuestion, type QuestionDateRange } from "./question-dates.js";
import { recentlyUsedPer } from "./recently-used.js";
import { CAUSE_ASKED, CAUSE_VERBS, inShortForm, WH_WORDS } from "./question-forms.js";
import { isPronounI, OVERVIEW_ASKED, OVERVIEW_WORDS, readRequest, saysNothing } from "./request-frame.js";
import {
  askedNoun,
  decideAnswer,
  markAnswers,
  NEAR_MISS_THRESHOLD,
  type RankedPassage,
  rankPassages,
  whichAsksName,
} from "./relevance.js";
import { writtenAsName } from "./name-variants.js";
import { escapeRegExp, isAliasTerm, isStopWord, NAME_OF, STOP_WORD_LIST } from "./analyzer.js";
import { NEVER_GIVE_WAY, type Slicer } from "../time-slice.js";

/**
 * Answers a question with verbatim excerpts. Every excerpt is `report.text.slice(start, end)`:
 * adjacent relevant sentences of one paragraph are merged, never rewritten.
 */

export const MAX_QUESTION_LENGTH = 300;
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 25;
export const NO_ANSWER_MESSAGE = "No report covers this.";
/** The reply's note when an overview is asked: what to ask for instead, on any surface. */
function overviewNote(topic: string | null): string {
  return topic === null
    ? "For an overview, ask for a timeline."
    : `For an overview, ask for a timeline of “${topic.replace(/[?!.\s]+$/u, "")}”.`;
}
export const EMPTY_CORPUS_MESSAGE = "The corpus folder has no reports yet, so there is nothing to quote.";
/** The reply to a greeting or thanks with no question in it. */
export const NOTHING_ASKED_MESSAGE =
  "There is no question in that to look up. Ask about the reports, e.g. “How many people have fled Mosul?”";

export interface Excerpt extends Span {
  reportId: string;
  file: string;
  title: string;
  date: string | null;
  dateSource: DateSource;
  /** Verbatim: `report.text.slice(start, end)`. */
  text: string;
  score: number;
  /** Words of the excerpt that matched the question, as written in the report. */
  matchedTerms: string[];
  /** Where those words stand, relative to the excerpt text. */
  highlights: Span[];
  passageIds: number[];
}

export interface AnswerOptions {
  limit?: number;
  since?: string | null;
  until?: string | null;
  /** Restrict to these reports (ids). */
  reportIds?: string[] | null;
}

export interface Answer {
  query: string;
  /** The date range applied, from options and from date phrases in the question. */
  range: { since: string | null; until: string | null; phrase: string | null };
  results: Excerpt[];
  /** Closest passages when nothing was relevant enough; never presented as answers. */
  nearMisses: Excerpt[];
  message?: string;
  /** Different figures the results give for what the question asks about, newest first. */
  figures?: Figure[];
  /**
   * Those figures in a sentence: "Reports differ: 850,000 people (…, 2017-06-28) · 750,000 people
   * (…)", or, for a tally that only moves one way over the reports' dates, "Figures changed over
   * time: 17 countries (…) → 22 countries (…)".
   */
  disagreement?: string;
}

/** A problem with the question itself, worded for the person who asked it. */
export class QuestionError extends Error {
  override name = "QuestionError";
}

const MAX_MERGED_SENTENCES = 3;
const SAME_REPORT_PENALTY = 0.7;
const NEAR_DUPLICATE = 0.6;
const CANDIDATES = 60;
const NEAR_MISSES = 3;
/** A neighbouring sentence joins an excerpt when it matches this share of the question. */
const MERGE_COVERAGE = 0.25;

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function laterOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

function earlierOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a < b ? a : b;
}

/** The question's date phrase starts after the newest report's date: no report was written then. */
function periodAfterReports(fromQuestion: QuestionDateRange | null, latestDate: string | null): boolean {
  return !!fromQuestion?.since && latestDate !== null && fromQuestion.since > latestDate;
}

/** Characters that show nothing: controls, format characters (zero-width spaces, joiners), marks alone, fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{M}\u115f\u1160\u3164\uffa0\u2800]/gu;

/** The one check of a question, for the CLI, slash commands, DMs and mentions alike. */
export function validateQuestion(question: string): string {
  const trimmed = question.trim();
  if (trimmed.replace(INVISIBLE, "") === "")
    throw new QuestionError(
      "The question is empty. Ask about something in the reports, e.g. “How many people have fled Mosul?”",
    );
  if (trimmed.length > MAX_QUESTION_LENGTH) {
    throw new QuestionError(
      `The question is ${trimmed.length} characters long; the limit is ${MAX_QUESTION_LENGTH}. Ask about one thing at a time.`,
    );
  }
  return trimmed;
}

/**
 * The one check of an explicit date range (CLI flags, bot options): backwards is the asker's
 * mistake, said the same way everywhere, never an empty answer.
 */
export function checkDateRange(since: string | null | undefined, until: string | null | undefined): void {
  if (since && until && since > until) {
    throw new QuestionError(`since ${since} is after until ${until}: swap them or leave one out.`);
  }
}

/** How much a passage gains when its report falls in the question's date phrase, or fits its type. */
const IN_PERIOD_BOOST = 2;
/** The best candidates by text whose date expressions are read for a question's date phrase. */
const EVENT_DATE_CANDIDATES = 30;
const TYPE_BOOST = 1.3;
/** A passage that tells of another place than the one a question asks within (`tellsOfAnotherPlace`) ranks at this share. */
const ANOTHER_PLACE = 0.5;
/** A passage that is itself a question ranks at this share (tune split: 0.25 to 1 alike; bench/qa/ABLATION.md, session 17). */
const ASKING_PASSAGE = 0.5;
/** Up to this much more for the newest report, when the question asks how things stand now. */
const CURRENT_BOOST = 0.5;
/**
 * "Latest on Mosul", "the most recent death toll": the answers come newest report first, whatever
 * an older report's shorter passage scores (see `newestFirst`); the words are no words to match.
 */
const NEWEST = "latest|newest|most recent";
const NEWEST_ASKED = new RegExp(`\\b(?:${NEWEST})\\b`, "i");
const NEWEST_WORDS = new RegExp(NEWEST_ASKED.source, "gi");
/**
 * "Is Mosul liberated yet?", "not yet": how things stand, where "yet another spill" is no such
 * question, nor a chat frame's "haven't read the news yet, …".
 */
const YET_ASKED = String.raw`yet(?=\s*(?:\?|[.!]*\s*$))|not yet`;
const CURRENT_STATE = new RegExp(
  `\\b(?:now|currently|so far|still|${NEWEST}|to date|at the moment|at present|remain|${YET_ASKED})\\b`,
  "i",
);
/** Of the answers, those matching at least this share of the best's coverage take the newest-first order. */
const NEWEST_COVERAGE_SHARE = 0.9;
/** Up to this much more for the earliest event, when the question asks when something first happened. */
const EARLIEST_BOOST = 0.5;

/** A question's candidates, ranked with everything the question says besides its words. */
export interface QuestionRanking {
  /** The question as asked (validated), shown back to the asker. */
  query: string;
  /** What it asks, without a chat's greeting, request or thanks ("can you tell me …"): what is read. */
  asked: string;
  /** The question is a greeting or thanks and nothing else ("hi", "thanks!"): nothing is looked up. */
  nothingAsked: boolean;
  range: Answer["range"];
  fromQuestion: QuestionDateRange | null;
  terms: string[];
  /** Best first, boosts for the question's period, type and "now" applied. */
  candidates: RankedPassage[];
  /** Whether a candidate falls in the question's date phrase (false without one). */
  inPeriod: (c: RankedPassage) => boolean;
  /** The kind of answer the question wants, from how it opens. */
  wanted: QuestionType | null;
  /** Whether a passage holds that kind of answer (a date, an amount, a name, a place); null when it wants none. */
  fitsWanted: ((passage: Passage) => boolean) | null;
  /**
   * The question asks for the latest ("latest on Mosul"), or a figure as it stands ("how much will
   * it cost now"): `candidates` answer newest report first.
   */
  newest: boolean;
  /** The places the question asks within, as written ("the UK"), and the candidates that would answer but tell of another place instead. */
  places: readonly string[];
  elsewhere: ReadonlySet<RankedPassage>;
  /** Passages would have answered but the question's period starts after the newest report. */
  unreportedPeriod: boolean;
}

/**
 * Ranks the candidates for a question: its words (relevance.ts), then what else it says: a date
 * phrase prefers its period, the question type prefers passages that can answer it, "now" prefers
 * newer reports. `answerQuestion` picks its excerpts from this; bench/qa/diagnose.ts reads it.
 */
export function rankForQuestion(index: PassageIndex, question: string, options: AnswerOptions = {}): QuestionRanking {
  const query = validateQuestion(question);
  // "Can you tell me on what date …" reads as "when …" (request-frame.ts, then question-forms.ts).
  const { asked: unframed, nothingAsked } = readRequest(query, (word) => namesSomething(index, word));
  const asked = inShortForm(
    unframed,
    (word) => index.analyzer.isDictionaryWord(word),
    (word) => index.analyzer.isInflectedVerb(word),
  );
  checkDateRange(options.since, options.until);
  // Explicit since/until filter; a date phrase in the question only prefers its period, since
  // reports tell events after they happen ("over the weekend", "in December", told in January).
  const fromQuestion: QuestionDateRange | null = dateRangeInQuestion(asked, index.latestDate);
  const since = laterOf(options.since, fromQuestion?.since);
  const until = earlierOf(options.until, fromQuestion?.until);
  const range = { since, until, phrase: fromQuestion?.phrase ?? null };
  // "The most recent death toll": asked for the newest, not a word of the answer (`newestFirst`).
  const newest = NEWEST_ASKED.test(query) || NEWEST_ASKED.test(asked);
  const unqualified = (fromQuestion ? fromQuestion.remainder : asked).replace(NEWEST_WORDS, " ");
  const { text: searchText, earliest } = withoutEarliestAdverb(index, unqualified);

  const filter = {
    since: options.since ?? null,
    until: options.until ?? null,
    reportIds: options.reportIds ? new Set(options.reportIds) : null,
  };
  const none = {
    query,
    asked,
    nothingAsked,
    range,
    fromQuestion,
    inPeriod: () => false,
    wanted: null,
    fitsWanted: null,
    newest: false,
    places: [],
    elsewhere: new Set<RankedPassage>(),
    unreportedPeriod: false,
  };
  if (index.corpus.reports.length === 0 || nothingAsked) return { ...none, terms: [], candidates: [] };
  const { terms, candidates, asksWhoDidAct, focus, standInsOf } = rankPassages(index, searchText, filter);
  if (terms.length === 0) return { ...none, terms, candidates: [] };
  // "Which federal judge struck down the ban": a name answers, as for "who" (one word will do:
  // "which company" is answered by "Transocean").
  const nameOfWhich = whichAsksName(index, asked);
  // "What was the name of the Mexican man …": only a passage that gives a name answers.
  const nameAsked = NAME_OF.test(asked);
  const wanted = questionType(asked) ?? (nameOfWhich || nameAsked ? "who" : null);
  const futureAsked = wanted === "when" && FUTURE_ASKED.test(asked);
  const measure = measureAsked(asked);
  const inNamedUnit = measure?.word.toLowerCase() === "long" ? unitNamed(unframed) : null;
  const askedWords = new Set(asked.toLowerCase().match(/\p{L}+/gu) ?? []);
  const wantedAnswer: WantedAnswer | null = wanted && {
    type: wanted,
    inUnits: measure?.inUnits ?? sumOfMoneyAsked(asked),
    countAsked: measure === null && COUNT_ASKED.test(asked),
    totalAsked: TOTAL_ASKED.test(query),
    rateAsked: RATE_ASKED.test(asked),
    futureAsked,
    askedWords,
    askedTerms: new Set([...askedWords].flatMap((word) => index.analyzer.processWord(word) ?? [])),
    oneWordName: nameOfWhich || nameAsked,
  };
  const fitsWanted = wantedAnswer && ((passage: Passage) => fitsType(index, passage, wantedAnswer));
  // "How many people have fled", "how long did the battle last": what happened is counted, which
  // a forecast ("up to 200,000 more people could flee", "in a few days our forces will reach …")
  // does not tell; it stays an answer, as an estimate may be, without the type's preference.
  const countOfWhatHappened = wanted === "quantity" && !isUnrealised(asked);
  const inRange = (first: string, last: string) => (!since || last >= since) && (!until || first <= until);
  const publishedInPeriod = (c: RankedPassage) =>
    fromQuestion !== null && c.hit.passage.date !== null && inRange(c.hit.passage.date, c.hit.passage.date);
  // A report tells of events before its date ("on Sunday", "in December"): the passage's own
  // date expressions, resolved against its report's date, place it in the period too.
  const eventChecked = new Set(fromQuestion ? candidates.slice(0, EVENT_DATE_CANDIDATES) : []);
  const toldInPeriod = (c: RankedPassage) =>
    eventChecked.has(c) && periodsTold(index, c.hit.passage).some(([first, last]) => inRange(first, last));
  const inPeriod = (c: RankedPassage) => publishedInPeriod(c) || toldInPeriod(c);
  // "How many … so far", "who is now …", "what's the latest on …" (as asked: the frame says it): the
  // newest report holds the current state.
  const current = CURRENT_STATE.test(query);
  const dates = current ? [...new Set(candidates.map((c) => c.hit.passage.date ?? ""))].sort() : [];
  // The earliest event may be told by a later report ("Isis, which seized the city in June 2014"):
  // the earliest of the days a passage names and its report's date, for the best candidates.
  const earliestDay = new Map<RankedPassage, string>();
  if (earliest && !current) {
    for (const c of candidates.slice(0, EVENT_DATE_CANDIDATES)) {
      const day = [c.hit.passage.date, ...periodsTold(index, c.hit.passage).map(([first]) => first)]
        .filter((d): d is string => !!d)
        .sort()[0];
      if (day) earliestDay.set(c, day);
    }
  }
  const latestToEarliest = [...new Set(earliestDay.values())].sort().reverse();
  // "How big did the dead zone get in 2011", asked of reports that end in 2010: no report can
  // tell it but one that looks ahead to the period ("expected to be smaller in 2011"), so the
  // period is a condition here, where before the reports it only prefers (backstory tells of it).
  const afterEveryReport = periodAfterReports(fromQuestion, index.latestDate);
  let unreportedPeriod = false;
  for (const c of candidates) {
    if (inPeriod(c)) c.rank *= IN_PERIOD_BOOST;
    else if (afterEveryReport && c.modelAnswers) {
      c.modelAnswers = false;
      unreportedPeriod = true;
    }
    if (fitsWanted?.(c.hit.passage)) {
      if (!(
        countOfWhatHappened &&
        wantedAnswer &&
        countsOnlyForecast(index.analyzer, index.passageText(c.hit.passage), wantedAnswer)
      ))
        c.rank *= TYPE_BOOST;
      // Below what happened, not only without its preference: "UK deaths could reach 750,000
      // deaths in the UK" says the question's words more often than a count of three does.
      else c.rank /= TYPE_BOOST;
      // "Who prosecuted the case", "who was airlifted off the rig": a passage naming someone names
      // the doer, however it tells the act ("Deputy District Attorney David Walgren said", "has
      // been flown home from a North Sea oil rig"), so the act's word is no focus it must hold.
      if (asksWhoDidAct && c.evidence.focusMissing === 1) {
        c.evidence.focusMissing = 0;
        decideAnswer(c);
      }
      if (futureAsked && tellsTimeToCome(index, c.hit.passage)) c.rank *= TYPE_BOOST;
      if (inNamedUnit?.test(index.passageText(c.hit.passage))) c.rank *= TYPE_BOOST;
    } else if (wanted) {
      c.evidence.typeMissing = 1;
      // "How many pigs was Egypt culling" is not answered by a sentence without a number in it,
      // however many of its words it has, nor "when will the vaccine be available" by one without
      // a time; the other types can be answered by the report's date or a pronoun, so they only
      // prefer. A name asked for by "the name of" is no pronoun's.
      if (wanted === "quantity" || futureAsked || nameAsked) {
        c.rulesAllow = false;
        c.modelAnswers = false;
      }
    }
    if (current) c.rank *= placeBoost(dates, c.hit.passage.date ?? "", CURRENT_BOOST);
    const day = earliestDay.get(c);
    if (day) c.rank *= placeBoost(latestToEarliest, day, EARLIEST_BOOST);
  }
  // Read once, the first candidates' texts weigh what the question's form asks of a passage. A
  // passage that asks ("What are the risks of the junk shot?", a Q&A page's heading) answers
  // nothing, however many of the question's words it repeats; it can still be a near miss. "What
  // did the CDC say": a passage that reports someone saying something ("…, the CDC said") comes
  // before one that only names the speaker ("In April, CDC."). "What is Tamiflu": a passage that
  // says what it is ("the antiviral drug Tamiflu", "Corexit, a dispersant") before one that only
  // names it.
  const speaker = SPEECH_ASKED.exec(asked)?.[1];
  const speakerTerms = speaker === undefined ? null : new Set(index.analyzer.queryTerms(speaker));
  const defines = definitionAsked(asked);
  const titled = titledNameAsked(asked);
  // "Which country had the most cases": "most" is a stop word, and the answer says it its own way
  // ("Hardest hit are Mexico with 2,059 cases"); a passage that ranks something comes first.
  const superlativeAsked = SUPERLATIVE.test(asked);
  // "How much can BP be fined for each barrel", "what price per dose": an amount per unit, which a
  // passage gives per the same unit ("up to $4,300 for every barrel"), not a total ("$21.1 billion in fines").
  const perUnit = wanted === "quantity" ? perUnitAsked(index.analyzer, asked) : null;
  // "Why did BP stop drilling the relief wells": a passage that gives a reason comes first.
  // "What killed him" reads as "why did he die" (question-forms.ts): asked for a cause.
  const causeAsked = CAUSE_ASKED.test(unframed);
  const whyAsked = /^\s*why\b/i.test(asked);
  // "Was Murray convicted", "did Hayward resign", "what killed him": settled by a passage that tells
  // what happened (or that it did not), not by one that only supposes it ("If Dr Murray is
  // convicted, he faces …", "nothing he did should have killed Jackson"). "Will BP pay", "could it
  // spread" ask what is foreseen.
  const settlingAsked = (YES_NO_ASKED.test(asked) || causeAsked) && !isUnrealised(asked);
  const nounAsked = askedNoun(index, asked);
  const nounTerm =
    nounAsked === null || !index.analyzer.namesAnIdentity(nounAsked) ? null : index.analyzer.processWord(nounAsked);
  const places = askedPlaces(index, asked);
  // "Who was the judge in the Murray trial": a passage that names someone as the judge ("Judge
  // Michael Pastor", "the judge, Michael Pastor,") before one that only says "the judge".
  const roleTerms =
    wanted === "who" && focus !== null && !asksWhoDidAct ? new Set([focus, ...standInsOf(focus)]) : null;
  const elsewhere = new Set<RankedPassage>();
  for (const c of candidates.slice(0, EVENT_DATE_CANDIDATES)) {
    const text = index.passageText(c.hit.passage);
    // "How many people died of swine flu in the UK": "Four people have died from swine flu in
    // Canada" counts somewhere else. A near miss, below the passages that name no other place.
    if (places.length > 0 && tellsOfAnotherPlace(index, c.hit.passage, places, terms)) {
      c.rank *= ANOTHER_PLACE;
      if (c.modelAnswers) elsewhere.add(c);
      c.modelAnswers = false;
    }
    if (isQuestion(text)) {
      c.rank *= ASKING_PASSAGE;
      c.modelAnswers = false;
    }
    // "What experimental drug was he treated with": "treated with an experimental drug" says which
    // drug no more than the question does. A near miss, not an answer. Not so for an amount ("what
    // probability of success": "a high probability of success").
    if (nounTerm !== null && onlyUnidentified(index, text, nounTerm)) c.modelAnswers = false;
    if (speakerTerms && REPORTED_SPEECH.test(text))
      c.rank *= speakerSays(index, text, speakerTerms) ? TYPE_BOOST * TYPE_BOOST : TYPE_BOOST;
    if (roleTerms && namesSomeoneAs(index.analyzer, text, roleTerms, askedWords)) c.rank *= TYPE_BOOST;
    if (defines?.test(text) || (titled !== null && namedWithTitle(index.analyzer, text, titled)))
      c.rank *= DEFINITION_BOOST;
    if (superlativeAsked && SUPERLATIVE.test(text)) c.rank *= SUPERLATIVE_BOOST;
    if (perUnit !== null && givesPerUnit(index.analyzer, text, perUnit)) c.rank *= TYPE_BOOST;
    if (whyAsked && REASON_GIVEN.test(text)) c.rank *= TYPE_BOOST;
    // "What killed him": a passage that names a cause ("died from an overdose of …", "the cause of
    // death was …") before one that says who is blamed ("the man who killed Michael Jackson").
    if (causeAsked && CAUSE_TOLD.test(text)) c.rank *= TYPE_BOOST;
    if (settlingAsked && onlySupposes(text)) c.rank /= TYPE_BOOST;
  }
  candidates.sort((a, b) => b.rank - a.rank);
  // "How much will the spill cost now", "how many have died so far": a figure that grows as the
  // story goes on, asked as it stands, is the newest report's; "so far by May 10" is as it stood then.
  const newestFigure = newest || (wanted === "quantity" && current && fromQuestion === null);
  const ordered = newestFigure ? newestFirst(candidates) : candidates;
  markAnswers(ordered);
  return {
    query,
    asked,
    nothingAsked,
    range,
    fromQuestion,
    terms,
    candidates: ordered,
    inPeriod,
    wanted,
    fitsWanted,
    newest: newestFigure,
    places: places.map((p) => p.shown),
    elsewhere,
    unreportedPeriod,
  };
}

/**
 * The passages that answer, newest report first: each report's best (by rank), then their other
 * passages, newest first again; then the passages that do not answer, in their order. Asked for the
 * latest, the newest report that answers is the answer, though an older report's shorter passage
 * ranks higher on the question's words.
 */
function newestFirst(ranked: RankedPassage[]): RankedPassage[] {
  // Only the answers that match as much of the question as the best: a newer report's passage that
  // shares fewer of its words ("140 deaths" worldwide, for Mexico's death toll) does not jump ahead.
  // Length and proximity do not count here: "latest on Mosul" matches one word everywhere.
  const answers = ranked.filter((c) => c.modelAnswers && c.rulesAllow);
  const best = Math.max(0, ...answers.map((c) => c.coverage));
  const answering = answers.filter((c) => c.coverage >= best * NEWEST_COVERAGE_SHARE);
  // A report's news is in its lead: of a report's answering passages, the one it tells first
  // ("Iraq will announce imminently a final victory …", not "A final victory in Mosul would mark …").
  const firstOfReport = new Map<string, RankedPassage>();
  for (const c of answering) {
    const kept = firstOfReport.get(c.hit.passage.reportId);
    if (!kept || c.hit.passage.ordinal < kept.hit.passage.ordinal) firstOfReport.set(c.hit.passage.reportId, c);
  }
  const bestOfReport = new Set(firstOfReport.values());
  // Array sort is stable: passages of one day keep their order by rank.
  const newestOf = (list: RankedPassage[]) =>
    [...list].sort((a, b) => (b.hit.passage.date ?? "").localeCompare(a.hit.passage.date ?? ""));
  const first = new Set(answering);
  return [
    ...newestOf([...bestOfReport]),
    ...newestOf(answering.filter((c) => !bestOfReport.has(c))),
    ...ranked.filter((c) => !first.has(c)),
  ];
}

/**
 * Whether a word of a chat's lead may name what the reports are about: a word the corpus writes as
 * a name ("Chile", though "chile" is a pepper), or no English word written as a name or found in
 * the corpus ("Mosul", "BP", "haiti"; not "lol").
 */
export function namesSomething(index: PassageIndex, word: string): boolean {
  const lower = word.toLowerCase().replace(/['’]/g, "");
  // "My editor …", "Im trying …": capitalised at the head, but no name.
  if (saysNothing(lower) || isPronounI(word)) return false;
  const term = index.analyzer.processWord(word);
  if (term !== null && writtenAsName(index, term)) return true;
  if (index.analyzer.isDictionaryWord(lower)) return false;
  if (/^\p{Lu}/u.test(word)) return true;
  if (term === null) return false;
  // "rosnef share swap - how big a slice …": a name mistyped is still the name.
  return index.has(term) || index.spellingNeighbours(term).some((t) => writtenAsName(index, t));
}

/**
 * 1 plus `boost` times where `day` stands among `days` (distinct, in the order that ends with the
 * one preferred): nothing more for the first, `boost` more for the last; 1 for fewer than two days.
 */
function placeBoost(days: readonly string[], day: string, boost: number): number {
  return days.length > 1 ? 1 + (boost * days.indexOf(day)) / (days.length - 1) : 1;
}

/** Passages whose periods were read lately, per index: questions on one story meet the same candidates. */
const PASSAGE_PERIODS_KEPT = 20_000;
const passagePeriodsOf = recentlyUsedPer<PassageIndex, number, { date: string | null; periods: [string, string][] }>(
  PASSAGE_PERIODS_KEPT,
);

/**
 * The periods (first and last day) a passage's date expressions name, resolved against its date.
 * Kept for the passages read most lately: the date parser is most of a dated question's time, and
 * its candidates come back with each date phrase asked of the same story. Kept with the date they
 * were resolved against, which inferring an undated report's date sets on its passages.
 */
function periodsTold(index: PassageIndex, passage: Passage): [string, string][] {
  const kept = passagePeriodsOf(index);
  const known = kept.get(passage.id);
  if (known && known.date === passage.date) return known.periods;
  const text = index.passageText(passage);
  const mentions =
    keptMentions(index.corpus, passage) ??
    findTemporalMentions(text, passage.date).filter((mention) => !isTimestamp(text, mention));
  const periods = mentions.map((m): [string, string] => [m.day, periodEnd(m.day, m.precision)]);
  kept.set(passage.id, { date: passage.date, periods });
  return periods;
}

/**
 * Questions `warmUpAnswers` asks, once per process. At Timeline17's size, after 24 the first twenty
 * benchmark questions still took 10 ms each on average (2.6 ms at the median once warm); after 96,
 * 7 ms, for 0.75 s more of warm-up in the background (session 53, three runs each alternated).
 */
const WARM_UP_QUESTIONS = 96;
const WARM_UP_WORDS = 8;

/**
 * The shapes the warm-up gives its questions, in turn, so that every branch of the answer path a
 * user's first questions take is compiled: the kinds of answer wanted (a date, a number, an amount,
 * a name, a place, a reason), a date phrase in the question ("in May 2009", which reads the date
 * parser and the passages' dates), a period asked about as a whole, "now", and a misspelt word. With
 * plain openings only, the first dated question of a process paid 10–15 ms for the date parser.
 */
const WARM_UP_SHAPES: readonly ((words: string, month: string) => string)[] = [
  (words) => words,
  (words) => `When did ${words}?`,
  (words, month) => `${words} in ${month}`,
  (words) => `How many ${words}?`,
  (words) => `Who ${words}?`,
  (_words, month) => `What happened in ${month}?`,
  (words) => `How much ${words} so far?`,
  (words) => `Where ${words}?`,
  (words) => `Why ${words}?`,
  (words) => misspelt(words),
];

/** `words` with two letters of its longest word swapped: a typo for the spelling path. */
function misspelt(words: string): string {
  const longest = words.split(" ").reduce((a, b) => (b.length > a.length ? b : a), "");
  if (longest.length < 5) return words;
  const typo = longest.slice(0, 2) + longest.charAt(3) + longest.charAt(2) + longest.slice(4);
  return words.replace(longest, typo);
}

/** "May 2009", the month of a report's date ("" when it has none). */
function monthOf(date: string | null): string {
  const month = date ? MONTH_NAMES[Number(date.slice(5, 7)) - 1] : undefined;
  return month && date ? `${month.charAt(0).toUpperCase()}${month.slice(1)} ${date.slice(0, 4)}` : "";
}

/**
 * Asks a few throwaway questions made from the corpus's own passages (the opening words of reports
 * spread across it, in `WARM_UP_SHAPES`), giving way between them, so the first people to ask after
 * a start or a reload do not pay for compiling the answer path: at Timeline17's size the first
 * twenty questions took 10–40 ms each, and 1–3 ms asked again.
 */
export async function warmUpAnswers(index: PassageIndex, slicer: Slicer = NEVER_GIVE_WAY): Promise<void> {
  const { reports } = index.corpus;
  const step = Math.max(1, Math.floor(reports.length / WARM_UP_QUESTIONS));
  for (let i = 0, n = 0; i < reports.length && i < step * WARM_UP_QUESTIONS; i += step, n++) {
    const report = reports[i];
    const passage = report?.passages.at(0);
    const words = passage ? index.passageText(passage).split(/\s+/).slice(0, WARM_UP_WORDS).join(" ") : "";
    const shape = WARM_UP_SHAPES[n % WARM_UP_SHAPES.length] ?? ((plain: string) => plain);
    const question = shape(words, monthOf(report?.date ?? null)).slice(0, MAX_QUESTION_LENGTH);
    try {
      answerQuestion(index, question);
    } catch (error) {
      if (!(error instanceof QuestionError)) throw error;
    }
    if (slicer.due()) await slicer.giveWay();
  }
}

export function answerQuestion(index: PassageIndex, question: string, options: AnswerOptions = {}): Answer {
  const answer = answerAsked(index, question, options);
  if (!OVERVIEW_ASKED.test(answer.query) || index.corpus.reports.length === 0) return answer;
  // "Summarise the battle": the best passages on the battle, and where the overview is.
  const read = readRequest(answer.query, (word) => namesSomething(index, word));
  // "Summary?" alone names no topic.
  const topic = read.nothingAsked || !/\p{L}/u.test(read.asked.replace(OVERVIEW_WORDS, "")) ? null : read.asked;
  const note = overviewNote(topic);
  if (answer.results.length === 0) return { ...answer, message: `No single passage answers this. ${note}` };
  return { ...answer, message: answer.message ? `${answer.message} ${note}` : note };
}

function answerAsked(index: PassageIndex, question: string, options: AnswerOptions): Answer {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const {
    query,
    asked,
    nothingAsked,
    range,
    fromQuestion,
    terms,
    candidates,
    inPeriod,
    wanted,
    fitsWanted,
    newest,
    places,
    elsewhere,
    unreportedPeriod,
  } = rankForQuestion(index, question, options);
  const noReports = index.corpus.reports.length === 0;
  // "hi", "thanks!": a greeting or thanks with nothing to look up is told so, never matched.
  const empty: Answer = {
    query,
    range,
    results: [],
    nearMisses: [],
    message: noReports ? EMPTY_CORPUS_MESSAGE : nothingAsked ? NOTHING_ASKED_MESSAGE : NO_ANSWER_MESSAGE,
  };
  if (nothingAsked) return empty;
  const asksWhatHappened = terms.length === 0 || WHAT_HAPPENED.test(asked);
  if (!noReports && asksWhatHappened && fromQuestion !== null && (range.since || range.until)) {
    const forPeriod = answerForPeriod(index, query, range, fromQuestion.phrase, terms, options, limit);
    if (forPeriod || terms.length === 0) return forPeriod ?? empty;
  }
  if (noReports || terms.length === 0) return empty;
  const relevant = candidates.filter((c) => c.answers).slice(0, CANDIDATES);

  if (relevant.length === 0) {
    const near = candidates.filter((c) => c.exactCoverage >= NEAR_MISS_THRESHOLD).slice(0, CANDIDATES);
    const nearMisses = select(near, new Map(), index, NEAR_MISSES, new Set(terms));
    // Passages that would have answered but tell of another place: say so, as for another period.
    if (elsewhere.size > 0)
      return {
        ...empty,
        nearMisses,
        message: `No report covers this for ${places.join(" or ")}; the closest passages tell of other places.`,
      };
    if (unreportedPeriod && fromQuestion !== null)
      return {
        ...empty,
        nearMisses,
        message: `No report covers ${fromQuestion.phrase}: the newest report is from ${index.latestDate}.`,
      };
    return { ...empty, nearMisses };
  }
  const mergeable = new Map(candidates.map((c) => [c.hit.passage.id, c]));
  // A "when" excerpt is never grown for a date: its report's date answers already, and a weekday
  // in the next sentence is most often another event's.
  const completing = wanted === "when" ? null : fitsWanted;
  const results = select(relevant, mergeable, index, limit, new Set(terms), completing, newest ? "order" : "rank");
  const outsidePeriod = fromQuestion !== null && !relevant.some(inPeriod);
  const figures = disagreeingFigures(index.analyzer, new Set(terms), results, RATE_ASKED.test(asked));
  const sourceOf = (reportId: string) => {
    const report = index.report(reportId);
    return report ? (report.source ?? shorten(report.title, 40)) : reportId;
  };
  return {
    query,
    range,
    results,
    nearMisses: [],
    ...(figures.length > 0 ? { figures, disagreement: describeDisagreement(figures, sourceOf) } : {}),
    ...(outsidePeriod
      ? { message: `No report from ${fromQuestion.phrase} answers this; these answers come from other dates.` }
      : {}),
  };
}

/**
 * An indefinite article, a few words before the noun it takes ("an experimental *drug*"), not in
 * apposition to what it names ("Natalie Roshto, a widow", "“I want my life back,” a comment", "the
 * sea walrus as an animal in need of protection").
 */
const INDEFINITE_BEFORE =
  /(?<!(?:[”"]\s*,|,\s*[”"]|\p{Lu}\p{Ll}+\s*,|\bas)\s*)\b(?:an?|another|some)\s+(?:(?!(?:the|of|by|for|from|to|in|at|on|with|and|or|his|her|its|their)\s)[\p{L}'’-]+\s+){0,4}$/iu;
/**
 * What names a thing in the clause after it: "a drug, Tamiflu,", "a firm called Nalco", "a widow of
 * one of the 11 workers who died, Natalie Roshto,", "a comment he made: “I want my life back”".
 */
const NAMED_AFTER =
  /^(?:(?:\s*,\s*|\s+(?:called|named|known\s+as)\s+|\s+)["“']?\p{Lu}|[^.;]{0,60}?,\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*\s*[,.]|[^.;]{0,60}?[“"])/u;

/**
 * Whether every mention of `term` in the text is indefinite and unnamed ("an experimental drug",
 * "a contract photographer"), so the passage does not say which one; false when it never says it.
 */
function onlyUnidentified(index: PassageIndex, text: string, term: string): boolean {
  const mentions = index.analyzer.surfaceTerms(text).filter((t) => t.term === term && !t.compound);
  return (
    mentions.length > 0 &&
    mentions.every(
      (m) =>
        INDEFINITE_BEFORE.test(text.slice(Math.max(0, m.start - 40), m.start)) &&
        !NAMED_AFTER.test(text.slice(m.end, m.end + 90)),
    )
  );
}

/**
 * "What happened (in the Gulf) on June 3", "what did BP say on 1 June 2010": the day's events, on
 * a topic or not. Who said or did it is the topic; the act ("say", "do") is any of the day's news.
 * Not "what happened to the samples on the Swiss train in late April", which asks one thing's fate,
 * nor "what did BP say in late June about its Olympics sponsorship", which asks what was said of
 * one thing: both are answered as any question is, the period preferred.
 */
const WHAT_HAPPENED =
  /^\s*what\s+(?:(?:has\s+|had\s+)?(?:happened|happens|was\s+happening|went\s+on)\b(?!\s+to\b)|(?:did|does|do|has|have|had)\s+(?:\S+\s+){1,4}?(?:say|said|announce|announced|report|reported|do|done)\b(?!.*\b(?:about|regarding|concerning)\b))/i;
/** Fewer words than this is a fragment, not what happened. */
const MIN_PERIOD_WORDS = 6;
/**
 * Reports whose leads a question of a date alone reads, at most, spread evenly over the period's
 * (`evenlySpaced`). What most reports said shows in a sample as in the whole, and each lead read is
 * analysed word by word: "What happened in 2010?" read 2,000 reports' leads at Timeline17's size,
 * 94 ms, and a month at a million passages took 130 ms.
 */
const PERIOD_REPORTS = 120;
/** The sentences of a report that lead it: what a question of a date alone quotes. */
const PERIOD_LEAD_SENTENCES = 2;
/** A period shorter than this is looked for in the reports of this many days after it too. */
const TOLD_AFTER_DAYS = 7;
/** Sentences telling of the period read at most: a week of a large corpus tells of a day thousands of times. */
const TOLD_PASSAGES = 40;

/**
 * How much less a sentence counts, as what happened in a period, when it tells nothing that
 * happened: a photo caption ("Police officers protest in Cairo … is seen"), a question ("BP's oil
 * spill: what has it cost you?"), a signpost, a teaser cut off by its page, garbled text. The
 * timeline weighs its quotes down by the same rules.
 */
const NOT_TELLING = 0.25;

function tellsNothing(sentence: string): boolean {
  return (
    isCaption(sentence) || isQuestion(sentence) || isSignpost(sentence) || isTruncated(sentence) || isGarbled(sentence)
  );
}

/**
 * Whether a sentence naming a day of the period tells it as an event, not only as a hope, plan or
 * forecast ("this oil spill, especially if it lingers until August, could change everything" says
 * nothing that happened in August). Read up to the date and in its clause: "pushed towards the
 * Tigris on Tuesday, leading the prime minister to declare that victory will come" tells Tuesday.
 * The date parser reads only the sentences the cheap sentence-wide check doubts.
 */
function tellsAsEvent(
  index: PassageIndex,
  passage: Passage,
  within: (first: string, last: string) => boolean,
): boolean {
  const text = index.passageText(passage);
  if (!isUnrealised(text)) return true;
  // A hope governs what follows it ("hoping to seal the well by mid-July, rather than early August").
  const toldAsHope = (m: TemporalMention) => isUnrealised(text.slice(0, m.end)) || isUnrealisedAt(text, m.start, m.end);
  return findTemporalMentions(text, passage.date).some(
    (m) => !isTimestamp(text, m) && within(m.day, periodEnd(m.day, m.precision)) && !toldAsHope(m),
  );
}

/** At most `count` of `items`, spread evenly over them, first and last included, in their order. */
function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return items.slice(0, count);
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)] as T);
}

/**
 * "What happened on 20 April 2010": a question of a date and nothing else to look for. Answered
 * from two kinds of sentence: those that tell of a day in the period (found by the date phrase's
 * own words, "April", "20", and kept only when one of their date expressions, resolved against
 * their report's date, falls in it), and the leads of reports published in the period or the day
 * after (reports tell yesterday's events). Those that share the most with the others come first
 * (what most reports said of the day), one per report. Null when there is none.
 */
function answerForPeriod(
  index: PassageIndex,
  query: string,
  range: Answer["range"],
  phrase: string,
  topic: readonly string[],
  options: AnswerOptions,
  limit: number,
): Answer | null {
  const since = range.since ?? "";
  const until = range.until ? shiftDay(range.until, 1) : "9999-12-31";
  const allowed = options.reportIds ? new Set(options.reportIds) : null;
  /** Each sentence read, with its text after any dateline (what it tells) and its terms. */
  const pool = new Map<number, { passage: Passage; told: string; terms: Set<string> }>();
  const add = (passage: Passage) => {
    if (pool.has(passage.id)) return;
    // Off the topic by the index's own postings, before its text is read and analysed: at a million
    // passages a month holds a thousand reports, and reading their leads was 50 ms a question.
    if (topic.length > 0 && !topic.some((t) => index.passageIdHas(passage.id, t))) return;
    const text = index.passageText(passage);
    // A fragment ("BP Plc (BP." cut at a ticker) shares its few words with every lead.
    const told = text.slice(afterDateline(text));
    if (countWords(told, MIN_PERIOD_WORDS) < MIN_PERIOD_WORDS) return;
    const terms = new Set(index.analyzer.tokenize(text));
    // "What happened in the Gulf on June 3": of that day, what is said of the Gulf.
    if (topic.length === 0 || topic.some((t) => terms.has(t))) pool.set(passage.id, { passage, told, terms });
  };
  const filter = { since: options.since ?? null, until: options.until ?? null, reportIds: allowed };
  // Within the period, not only overlapping it: "in 2010" says nothing of 20 April.
  const within = (first: string, last: string) =>
    (!range.since || first >= range.since) && (!range.until || last <= range.until);
  const telling = new Set<number>();
  for (const c of rankPassages(index, phrase, filter).candidates.slice(0, EVENT_DATE_CANDIDATES)) {
    if (!periodsTold(index, c.hit.passage).some(([first, last]) => within(first, last))) continue;
    if (!tellsAsEvent(index, c.hit.passage, within)) continue;
    telling.add(c.hit.passage.id);
    add(c.hit.passage);
  }
  const reports = evenlySpaced(
    index.corpus.reports.filter(
      (r) => r.date !== null && r.date >= since && r.date <= until && (!allowed || allowed.has(r.id)),
    ),
    PERIOD_REPORTS,
  );
  for (const report of reports) {
    for (const passage of report.passages) {
      if (passage.ordinal >= PERIOD_LEAD_SENTENCES) break;
      add(passage);
    }
  }
  // A report tells of the days before it in its own words ("pushed towards the Tigris on Tuesday",
  // in Wednesday's report), which the date phrase's words do not find: the reports of the week
  // after a short period are read, by their kept dates, for sentences telling of it.
  if (range.since && range.until && daysBetween(range.since, range.until) < TOLD_AFTER_DAYS) {
    const lastTelling = shiftDay(range.until, TOLD_AFTER_DAYS);
    for (const report of index.corpus.reports) {
      if (telling.size >= TOLD_PASSAGES) break;
      if (report.date === null || report.date < range.since || report.date > lastTelling) continue;
      if (allowed && !allowed.has(report.id)) continue;
      const kept = keptReportMentions(index.corpus, report);
      // A corpus that keeps none reads the dates of the period's own candidates only (above).
      if (kept === null) break;
      for (const { ordinal, day, precision } of kept) {
        if (!within(day, periodEnd(day, precision))) continue;
        const passage = report.passages.at(ordinal);
        if (!passage || telling.has(passage.id) || !tellsAsEvent(index, passage, within)) continue;
        telling.add(passage.id);
        add(passage);
      }
    }
  }
  if (pool.size === 0) return null;
  // What most reports said: a term counts once per report, so a report's lead does not echo its own
  // second sentence ("what happened on 9 July 2017", told by one report, is its lead).
  const reportsSaying = new Map<string, Set<string>>();
  for (const { passage, terms } of pool.values())
    for (const t of terms) {
      const reports = reportsSaying.get(t);
      if (reports) reports.add(passage.reportId);
      else reportsSaying.set(t, new Set([passage.reportId]));
    }
  // A term the others repeat counts by how rare it is in the corpus; long sentences do not win by length.
  // With a topic, a passage counts more the more of its weight it has.
  const topicWeight = topic.reduce((sum, t) => sum + index.idf(t), 0);
  const scored = [...pool.values()].map((lead) => {
    let shared = 0;
    for (const t of lead.terms) shared += index.idf(t) * ((reportsSaying.get(t)?.size ?? 1) - 1);
    const covered = topic.reduce((sum, t) => sum + (lead.terms.has(t) ? index.idf(t) : 0), 0);
    const onTopic = topicWeight > 0 ? 0.5 + covered / topicWeight : 1;
    const nothing = tellsNothing(lead.told);
    const score = ((onTopic * shared) / (lead.terms.size + 5)) * (nothing ? NOT_TELLING : 1);
    // A caption's or a note's date is no evidence of the period ("Illustration: … (This caption was
    // amended on 6 May 2010."): it ranks as any lead.
    return { ...lead, tells: telling.has(lead.passage.id) && !nothing, score };
  });
  // A sentence telling of the period comes before a lead that merely follows it.
  scored.sort((a, b) => Number(b.tells) - Number(a.tells) || b.score - a.score || a.passage.id - b.passage.id);
  const results: Excerpt[] = [];
  const chosen: Set<string>[] = [];
  const reportsUsed = new Set<string>();
  for (const { passage, terms, score } of scored) {
    const report = index.report(passage.reportId);
    if (results.length >= limit) break;
    if (!report || reportsUsed.has(report.id) || chosen.some((c) => jaccard(c, terms) >= NEAR_DUPLICATE)) continue;
    reportsUsed.add(report.id);
    chosen.push(terms);
    results.push(toExcerpt(report, [passage], score, index, new Set(topic)).excerpt);
  }
  return {
    query,
    range,
    results,
    nearMisses: [],
    message:
      topic.length === 0
        ? `Nothing to look for besides the date: what reports said of ${phrase}, and what those published then led with.`
        : `What reports said of ${phrase} in the question's words, and what those published then led with.`,
  };
}

export type QuestionType = "when" | "quantity" | "who" | "where";

/**
 * "first" (or "initially", "originally") as an adverb before the act asked about: "when did IS
 * *first* capture Mosul", "where was the virus *first* found". It asks for the earliest such event,
 * which a passage seldom says in that word ("IS seized Mosul on 10 June 2014"). Not after a
 * determiner, where it is an adjective and part of what is asked about ("his *first* visit",
 * "the *first* death outside Mexico").
 */
const EARLIEST_ADVERB =
  /(?<!\b(?:the|a|an|his|her|its|their|our|my|your|this|that)\s+)(?<!['’]s\s+)\b(?:first|initially|originally)\s+(\p{L}+)/giu;

/** The question without an adverb asking for the earliest event, and whether it had one. */
function withoutEarliestAdverb(index: PassageIndex, question: string): { text: string; earliest: boolean } {
  let earliest = false;
  const text = question.replace(EARLIEST_ADVERB, (whole, next: string) => {
    const word = next.toLowerCase();
    if (!index.analyzer.readsAsVerb(word) || index.analyzer.readsAsNoun(word)) return whole;
    earliest = true;
    return next;
  });
  return { text, earliest };
}

/**
 * A question word opening the question: "how many" later in it is part of what it asks ("Why won't
 * Baghdad publish how many soldiers died"), or a second question beside the first ("Where are the
 * troops fighting, and how many civilians fled?", which a passage without a number may answer),
 * where without one it is the question, asked in place ("Egypt kill how many pigs", "… pigs? how
 * many are we talking").
 */
const WH_OPENING = new RegExp(String.raw`^(?:${WH_WORDS})\b`);

/** Nouns that name an amount: asked for, the answer is a number. */
const MEASURE_NOUNS = "toll|cost|costs|number|total|size|figure|count|rate|price|amount|tally";
/**
 * "What is the death toll", "what's the latest civilian death toll", "what was the total cost":
 * the noun after "what is the" (and up to two words describing it) names an amount.
 */
const AMOUNT_NAMED = new RegExp(
  String.raw`^what(?:\s+(?:is|was|are|were)|['’]s)\s+the\s+(?:[\p{L}-]+\s+){0,2}?(?:${MEASURE_NOUNS})\b`,
  "u",
);

/** What kind of answer a question wants, from how it opens. */
export function questionType(question: string): QuestionType | null {
  const q = question.trim().toLowerCase();
  if (/^when\b/.test(q)) return "when";
  if (
    /^how (many|much)\b/.test(q) ||
    AMOUNT_NAMED.test(q) ||
    (!WH_OPENING.test(q) && /\bhow (many|much)\b|\b(?:death|casualty) toll\b/.test(q)) ||
    measureAsked(q)?.amount
  )
    return "quantity";
  if (/^(who|whom|whose)\b/.test(q)) return "who";
  if (/^where\b/.test(q)) return "where";
  return null;
}

/** Words that name a cause ("died from an overdose", "caused by a surge of gas", "the cause of death"). */
const CAUSES = String.raw`died\s+(?:of|from)|death\s+from|cause\s+of|caused\s+by|result\s+of|blamed\s+on|(?:triggered|sparked|started)\s+by|due\s+to|because\s+of`;
/**
 * A passage that gives a reason ("As a precaution, BP has temporarily suspended drilling", "accused
 * Mexico of failing to disclose … until after …", "switched off to help workers sleep"): what a
 * "why" question wants, preferred as a date is for "when" (rank only: a reason may go unmarked).
 */
const REASON_GIVEN = new RegExp(
  String.raw`\b(?:because|due to|owing to|as a result|as a precaution|in order to|so that|in the hope|for fear|to help|to prevent|to avoid|to protect|to ensure|to preserve|blamed|the reason|reasons? for|after|amid|since|forced|led to|following|${CAUSES})\b`,
  "i",
);
/** A cause told: what "what killed / caused …" asks, beside the other reasons a "why" question takes. */
const CAUSE_TOLD = new RegExp(String.raw`\b(?:${CAUSES})\b`, "i");
/**
 * A question that asks whether something is so ("did the top kill work", "is Murray still in
 * jail", "were any schools shut"); not a request ("can you list …", read off by request-frame.ts).
 */
const YES_NO_ASKED = /^\s*(?:did|does|do|is|was|are|were|has|have|had)(?:n['’]?t)?\s+\p{L}/iu;
/**
 * Words that leave what a sentence tells unsettled, beside a hope's or forecast's (`isUnrealised`):
 * "before they know whether …", "was about to resign", and a cause asked, not told ("Michael
 * Jackson's Autopsy: What Really Killed Michael Jackson", "a determination of what killed Jackson").
 */
const UNSETTLED = new RegExp(
  String.raw`\b(?:whether|about\s+to|if\s+found|what\s+(?:really\s+|actually\s+)?(?:${CAUSE_VERBS}))\b`,
  "i",
);

/** Whether a sentence only supposes, hopes or asks whether what it tells will happen. */
function onlySupposes(text: string): boolean {
  return isUnrealised(text) || UNSETTLED.test(text);
}

/** "What did/does/has X say/tell/announce …": what someone (X, captured) said is asked. */
const SPEECH_ASKED =
  /^what\s+(?:did|does|do|has|have|had|will|would)\s+((?:\S+\s+){1,6}?)(?:say|said|tell|told|announce|claim|state|warn|think|report|recommend|rule)\b/i;
/** A reporting verb, as news reports speech; not hearsay ("are said to be seeking"). */
const REPORTED_SPEECH =
  /\b(?:(?<!\b(?:is|are|was|were|been)\s)said(?!\s+to\s+(?:be|have)\b)|says|told|tells|stated|warned|announced|added|according\s+to|claimed|insisted|declared|found|concluded|showed|reported|revealed|recommended|ruled)\b/;
const REPORTED_SPEECH_ALL = new RegExp(REPORTED_SPEECH.source, "g");
/** Within this many characters before a reporting verb, a word is its speaker ("the CDC's director said"). */
const SPEAKER_REACH = 20;
/** … and after one that can come first ("said the CDC", "according to the World Health Organisation"). */
const SPEAKER_AFTER_REACH = 16;
const SPEAKER_AFTER = /^(?:said|says|added|according\s+to)$/;
/**
 * Whether the one asked about is who speaks in a passage: "Jackson's autopsy found no traces",
 * not "his family insisted a second autopsy be carried out".
 */
function speakerSays(index: PassageIndex, text: string, speakerTerms: ReadonlySet<string>): boolean {
  const verbs = [...text.matchAll(REPORTED_SPEECH_ALL)];
  return index.analyzer.surfaceTerms(text).some(
    (t) =>
      speakerTerms.has(t.term) &&
      verbs.some(({ index: start, 0: verb }) => {
        const end = start + verb.length;
        if (start >= t.end) return start - t.end <= SPEAKER_REACH;
        return t.start >= end && t.start - end <= SPEAKER_AFTER_REACH && SPEAKER_AFTER.test(verb);
      }),
  );
}
const DEFINITION_ASKED =
  /^what(?:\s+(?:is|are|was|were)|['’]s)\s+(?:an?\s+|the\s+)?([\p{L}\p{N}][\p{L}\p{N}'’-]*(?:\s+[\p{L}\p{N}'’-]+){0,2})(?:\s+of(?:\s+\S+){1,4})?\s*\??$/iu;
/** "Who is Bob Dudley", "who's Jacqui Fleming": a name, and nothing more asked of it (not "who is the health secretary", "who's Mexico's health minister"). */
const PERSON_ASKED =
  /^who(?:\s+(?:is|was)|['’]s)\s+(?!(?:the|a|an|this|that|his|her|its|their|our|your|my)\s)((?:\p{L}[\p{L}.-]*\s+){0,2}\p{L}[\p{L}'’.-]*)\s*\??$/iu;
/** A subject that asks for an amount ("what is the death toll"), not a description. */
const MEASURE_NOUN = new RegExp(String.raw`\b(?:${MEASURE_NOUNS})$`, "i");
const DEFINITION_BOOST = 2;
/**
 * Words that join a phrase or pick one of several rather than describe: "the drilling *of the*
 * relief well", "the *other* relief well", "a recluse *until your* symptoms" say nothing of what it
 * is. The stop list's words, and a few more.
 */
const FUNCTION_WORDS = [
  ...new Set([
    ...STOP_WORD_LIST.filter((word) => /^\p{Ll}+$/u.test(word)),
    ..."new|first|last|other|another|second|third|same|next|only|each|every|both|two|three".split("|"),
  ]),
].join("|");

/**
 * For "what is X" (X one to three words, no measure asked), a pattern for a passage that says what
 * X is: a description before it ("the antiviral drug Tamiflu", "an anaesthetic called propofol"),
 * an apposition after it ("Corexit, a dispersant", "Tamiflu (oseltamivir)") or a copula ("the top
 * kill is a procedure"). Null for any other question.
 */
export function definitionAsked(question: string): RegExp | null {
  // "Who is Bob Dudley": who someone is, as "what is Tamiflu" asks what a thing is.
  const person = PERSON_ASKED.exec(question.trim())?.[1];
  const subject = person ?? DEFINITION_ASKED.exec(question.trim())?.[1];
  if (!subject || (!person && questionType(question) !== null) || MEASURE_NOUN.test(subject)) return null;
  // The name in any case, the description in lower case: "the antiviral drug Tamiflu", not "the GLA Tamiflu".
  const words = wordsInAnyCase(subject);
  // A person is often named by the surname alone ("Mr Hayward, the chief executive").
  const name = person
    ? `${words
        .slice(0, -1)
        .map((word) => `(?:${word}[\\s-]+)?`)
        .join("")}${words.at(-1) ?? ""}`
    : words.join("[\\s-]+");
  const describing = `(?:(?!(?:${FUNCTION_WORDS})\\s)[\\p{Ll}-]+\\s+){1,3}`;
  // News quotes a coined name ("the more laborious “bottom kill,” in which mud … will be injected"),
  // and a comma may close inside the quote.
  const open = `[“"‘']?`;
  const close = `[”"’']?`;
  return new RegExp(
    `\\b(?:[Tt]he|[Aa]n?)\\s+${describing}(?:(?:called|named|known\\s+as)\\s+(?:(?:the|an?)\\s+)?)?${open}${name}\\b|\\b${name}${close}(?:,${close}\\s+(?:an?|the|in\\s+which|(?:which|who)\\s+(?:is|are|was|were|will|would|involve[sd]?|means?))\\b|\\s+\\(|\\s+(?:is|are|was|were)\\s+(?:an?|the)\\b|(?:\\s+of\\s+(?:[\\p{L}-]+\\s+){1,4}?)?,?\\s*(?:include[sd]?|including|such\\s+as)\\b)`,
    "u",
  );
}

/** A subject's words as patterns that match them in any case, split where a space or hyphen stands. */
function wordsInAnyCase(subject: string): string[] {
  return subject
    .split(/[\s-]+/)
    .filter((word) => word !== "")
    .map((word) => escapeRegExp(word).replace(/\p{L}/gu, (ch) => `[${ch.toLowerCase()}${ch.toUpperCase()}]`));
}

/**
 * For "who is Tony Hayward", a pattern for the person's name in full with the word before it
 * captured: a title there ("BP Chief Executive Tony Hayward", "health secretary Kathleen
 * Sebelius") describes the person as an apposition does. Null for any other question.
 */
export function titledNameAsked(question: string): RegExp | null {
  const person = PERSON_ASKED.exec(question.trim())?.[1];
  if (person === undefined) return null;
  const name = wordsInAnyCase(person).join("[\\s-]+");
  return new RegExp(`(?<![\\p{L}'’-])(\\p{L}+)\\s+${name}\\b`, "gu");
}

/** Whether `text` names the person `titled` asks about after a title: "CEO Tony Hayward", not "said Tony Hayward" or "Mr Hayward". */
function namedWithTitle(analyzer: Analyzer, text: string, titled: RegExp): boolean {
  for (const [, before = ""] of text.matchAll(titled)) if (analyzer.isRole(before.toLowerCase())) return true;
  return false;
}

/** "January|February|…", "Monday|Tuesday|…": capitalised, as a date is written. */
const capitalisedAlternation = (names: readonly string[]) =>
  names.map((n) => `${n.charAt(0).toUpperCase()}${n.slice(1)}`).join("|");
const MONTHS = capitalisedAlternation(MONTH_NAMES);
const WEEKDAYS = capitalisedAlternation(WEEKDAY_NAMES);
/** A time told relative to the report's date: "earlier in the day", "last night", "two days ago". */
const RELATIVE_DAYS =
  "(?:last|this|that) (?:night|morning|evening|afternoon|weekend)|earlier (?:in the day|this week|this month)|(?:a|one|two|three) (?:days?|weeks?) (?:ago|later|earlier)";
const DATE_WORDS = new RegExp(
  `\\b(?:${MONTHS}|${WEEKDAYS}|yesterday|today|tonight|last (?:week|month|year)|(?:19|20)\\d\\d|${RELATIVE_DAYS})\\b`,
);
const DATE_WORDS_ALL = new RegExp(DATE_WORDS.source, "g");
/**
 * "When will …", "when is X expected to …": the report's date does not answer a question about
 * the future, and the answer is seldom a date: "it could take between four and six months", "by
 * the autumn", "within weeks", "later this year".
 */
const FUTURE_ASKED =
  /^when\s+(?:will|would|could|might|(?:is|are)\s+(?:\S+\s+){1,4}?(?:expected|due|likely|set|scheduled|going)\b)/i;
const COUNT_WORD = "an?|\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|a few|a couple of";
const FUTURE_TIME = new RegExp(
  [
    "(?:next|coming|following)\\s+(?:few\\s+)?(?:days?|weeks?|months?|years?)",
    `(?:within|in|take|takes|taking|until)\\s+(?:(?:about|around|up to|between|another|the next|at least)\\s+)?(?:${COUNT_WORD})(?:\\s+(?:and|or|to)\\s+\\w+)?\\s+(?:days?|weeks?|months?|years?)`,
    "(?:by|until|before|in|this|next)\\s+(?:the\\s+)?(?:end\\s+of|spring|summer|autumn|winter|new\\s+year)",
    "later\\s+(?:this|in\\s+the)\\s+(?:week|month|year)",
    "(?:in|within)\\s+(?:the\\s+)?(?:coming\\s+|next\\s+)?(?:days|weeks|months)",
  ]
    .map((part) => `\\b${part}\\b`)
    .join("|"),
  "i",
);
/** "in Cairo", "off Louisiana": a preposition of place before a name, not a month or a weekday ("in June"). */
const PLACES = new RegExp(
  `\\b(?:in|at|near|off|from|outside|(?:north|south|east|west)(?:-?(?:east|west))?\\s+of|(?:port|city|town|village|province|county|island|region|district)\\s+of)\\s(?:(?:the|his|her|its|their)\\s)?(?:\\p{Ll}+\\s+of\\s+)?(?!(?:${MONTHS}|${WEEKDAYS})\\b)(\\p{Lu}\\p{Ll}+)`,
  "gu",
);
/** Every amount written as a number or in words, a figure whole with its separators ("200,000": its comma ends no clause). */
const QUANTITY_ALL =
  /(?<![A-Za-z])\d(?:[\d,.]*\d)?|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|scores\s+of|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|half)\b|(?<!\b(?:a|an|no|the|any|each|every|this|that|which|single|only|last)\s+)\bone\b(?!\s+another\b)|\b(?:a|one|two|three)[\s-]+(?:thirds?|quarters?|fifths?|tenths?)\b/gi;
/** QUANTITY_ALL and AMOUNT_IN_ANY_UNIT for one test, with no `lastIndex` to carry between texts. */
const ANY_QUANTITY = new RegExp(QUANTITY_ALL.source, "i");
const ANY_AMOUNT_IN_A_UNIT = new RegExp(AMOUNT_IN_ANY_UNIT.source, "i");
/**
 * Numbers that count nothing asked: an ordinal ("its 12th century mosque", "the 2nd day") and an
 * amount of time or length joined to its unit before a noun ("a six-month moratorium", "a
 * 50-year-old man", "a five-mile slick"). "How many rig workers lost their jobs because of the
 * six-month moratorium" is not answered by the moratorium's length.
 */
const NO_COUNT = new RegExp(
  String.raw`\b\d+(?:st|nd|rd|th)\b|\b(?:\d[\d.,]*|a|${WRITTEN_NUMBERS}|sixty|hundred)[-‐‑](?:second|minute|hour|day|week|month|year|decade|century|mile|kilometre|kilometer|foot|feet|metre|meter|inch|storey|story)(?:[-‐‑](?:old|long))?\b`,
  "gi",
);
/**
 * The amounts in `text` that answer a quantity question, each where it stands: for a measure, an
 * amount in its units ("50 miles out"); for a count ("how many soldiers died"), a number that is no
 * date, ordinal, rate for a total, or amount of heat, time or distance ("the blazing 45 degree
 * heat", "the first 24 hours"), unless the question counts that unit ("how many days of testimony":
 * "12 days"); otherwise any number, or an amount in any unit ("less than a kilometre wide").
 */
function* answeringAmounts(analyzer: Analyzer, text: string, wanted: WantedAnswer): Generator<RegExpExecArray> {
  // Blanked to their length, so that what is left keeps its offsets in `text`.
  const blank = (span: string) => " ".repeat(span.length);
  // "How many people have died": "seasonal flu kills 500,000 people a year" is a yearly rate, background.
  const rates = wanted.totalAsked ? RATE : wanted.countAsked && !wanted.rateAsked ? YEARLY_RATE : null;
  const amounts = (rates ? text.replace(rates, blank) : text).replace(DATE_DIGITS, blank);
  if (wanted.inUnits) {
    yield* amounts.matchAll(everyAmountIn(wanted.inUnits));
    return;
  }
  const counted = amounts.replace(NO_COUNT, blank);
  if (!wanted.countAsked) {
    yield* counted.matchAll(QUANTITY_ALL);
    yield* amounts.matchAll(AMOUNT_IN_ANY_UNIT);
    return;
  }
  const unitCounted = (unit: string | undefined) => {
    const term = unit === undefined ? null : analyzer.processWord(unit);
    return term !== null && wanted.askedTerms.has(term);
  };
  yield* counted
    .replace(MEASURED_AMOUNT, (amount, unit?: string) => (unitCounted(unit) ? amount : blank(amount)))
    .matchAll(QUANTITY_ALL);
}

/**
 * Whether a text holds an amount `answeringAmounts` could find, read in one pass over the text as
 * written: that generator only blanks spans out before it matches (rates, dates, ordinals), so a
 * text with no match here has none there. Most candidates of a "how much" question hold no
 * number at all, and the blanking was a quarter of such a question's time.
 */
function mayHoldAmount(text: string, wanted: WantedAnswer): boolean {
  if (wanted.inUnits) return wanted.inUnits.test(text);
  return ANY_QUANTITY.test(text) || ANY_AMOUNT_IN_A_UNIT.test(text);
}
/** Whether every amount in a text that answers the question stands in a clause of hope, plan or forecast. */
function countsOnlyForecast(analyzer: Analyzer, text: string, wanted: WantedAnswer): boolean {
  if (!isUnrealised(text)) return false;
  let found = false;
  for (const m of answeringAmounts(analyzer, text, wanted)) {
    if (!isUnrealisedAt(text, m.index, m.index + m[0].length)) return false;
    found = true;
  }
  return found;
}
/** "How many …", "the death toll": a count of people or things. */
const COUNT_ASKED = /\bhow\s+many\b|\btoll\b/i;
/** "How many barrels leaked *in total*": the whole amount is asked, which a rate does not give. */
const TOTAL_ASKED = /\b(?:in\s+total|in\s+all|altogether|all\s+told|total|overall)\b/i;
const MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec";
/**
 * Digits that date or time something ("Wed Apr 29, 2009 11:31 pm", "at 3.30 pm", "from 10am", "on 15 July", "in 2010",
 * a wire's 24-hour clock "at 0030 GMT", "0910 local time"): no count, so no answer to "how many" by themselves.
 */
const DATE_DIGITS = new RegExp(
  `\\b(?:\\d{1,2}(?:[.:]\\d{2})?\\s?(?:[ap]\\.?m\\b\\.?|[AP]M\\b)|\\d{1,2}:\\d{2}|(?:[01]\\d|2[0-3])[0-5]\\d\\s?(?:GMT|BST|UTC|[ECMP][SD]T|CET|CEST|local\\s+time)|(?:19|20)\\d\\d|(?:${MONTHS}|${MONTH_ABBREVIATIONS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS}|${MONTH_ABBREVIATIONS}))\\b`,
  "g",
);
/** Two capitalised words in a row, not at the start of the passage: most often a name. */
const NAMES = /(?<=\S\s)\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+/gu;
/** One capitalised word, not a month or a weekday: a name, for "which company", unless it opens a sentence (`OPENS_SENTENCE`). */
const ONE_WORD_NAMES = new RegExp(`(?<![\\p{L}\\p{N}'’-])(?!(?:${MONTHS}|${WEEKDAYS})\\b)\\p{Lu}\\p{L}+`, "gu");
/** The text before a word that opens a sentence: nothing, or a sentence's end, or an opening quote. */
const OPENS_SENTENCE = /(?:^|[.!?]["”’]?\s+|^["“‘])\s*$/u;

/**
 * Whether a passage tells a time after its report's date: "it could take four to six months", "by
 * the autumn", a named day to come. "When will the vaccine be available" prefers it to a passage
 * with a date of the past ("in 1997"), which can still answer: a report newer than the asker's
 * knowledge may say that it happened ("restaurants reopened on Wednesday").
 */
function tellsTimeToCome(index: PassageIndex, passage: Passage): boolean {
  return FUTURE_TIME.test(index.passageText(passage)) || (passage.date !== null && tellsTimeSince(index, passage, 1));
}
/** Days before its report's date within which a time told is recent. */
const RECENT_DAYS = 31;
/** Whether a passage tells a time ending on or after its report's date shifted by `days`; true when undated. */
function tellsTimeSince(index: PassageIndex, passage: Passage, days: number): boolean {
  if (passage.date === null) return true;
  const from = shiftDay(passage.date, days);
  return periodsTold(index, passage).some(([, last]) => last >= from);
}

/**
 * A passage that ranks something, asked for "the most": ×2 as for a description asked, since the
 * word that asks it ("most") is a stop word the passage's words cannot make up for.
 */
const SUPERLATIVE_BOOST = 2;
/** A word that ranks something first or last: "the most cases", "hardest hit", "the deadliest". */
const SUPERLATIVE =
  /\b(?:(?:the|its|their)\s+(?:most|least|fewest)|biggest|largest|highest|lowest|worst|best|hardest|greatest|deadliest|heaviest|longest|worst-hit|hardest-hit|worst-affected)\b/i;

/** What a question wants of its answer, besides its words. */
interface WantedAnswer {
  type: QuestionType;
  /** An amount in the units of the measure asked ("how far": miles), or null for any number. */
  inUnits: RegExp | null;
  /** A total is asked ("in total"): a rate does not answer. */
  totalAsked: boolean;
  /** An amount per day, year, … is asked ("how many a year"). */
  rateAsked: boolean;
  /**
   * People or things are counted ("how many soldiers", "the death toll"): an amount in a unit does
   * not answer, where it answers a measure or an amount of stuff ("how big", "how much grain": "30,000 tonnes").
   */
  countAsked: boolean;
  /** "When will …": the report's date does not answer; a time to come does ("within weeks"). */
  futureAsked: boolean;
  /** The question's words, lower-case: a name made of them is what is asked about, not the answer. */
  askedWords: ReadonlySet<string>;
  /** The same as index terms: a unit the question counts in ("how many days": "12 days" counts). */
  askedTerms: ReadonlySet<string>;
  /** "Which company …": one capitalised word inside a sentence is a name ("Transocean"), not only two. */
  oneWordName: boolean;
}

/**
 * Whether a passage can answer a question of this type. A measure asked for ("how far", "how
 * heavy") is answered by an amount in its units ("50 miles out"), not by any number: a caption's
 * "July 20, 2010" does not say how far off the coast the rig was. "Who was Michael Jackson's
 * doctor" is answered by a name besides "Michael Jackson".
 */
function fitsType(index: PassageIndex, passage: Passage, wanted: WantedAnswer): boolean {
  const text = index.passageText(passage);
  switch (wanted.type) {
    case "when":
      if (!wanted.futureAsked) return toldAsHappened(text);
      // Asked about the future, a time long before the report is background ("since 1997"); a
      // recent one can answer (a report newer than the asker may say "restaurants reopened on
      // Wednesday").
      return FUTURE_TIME.test(text) || (DATE_WORDS.test(text) && tellsTimeSince(index, passage, -RECENT_DAYS));
    case "quantity":
      return mayHoldAmount(text, wanted) && !answeringAmounts(index.analyzer, text, wanted).next().done;
    case "who": {
      // Not a sentence's opening word run on from a headline ("… in America The trial …").
      const other = (word: string) => !wanted.askedWords.has(word.toLowerCase()) && !isStopWord(word.toLowerCase());
      if ([...text.matchAll(NAMES)].some(([name]) => name.split(/\s/).every(other))) return true;
      // "Which company": one word will do, inside a sentence, or opening it when it is no English
      // word ("Transocean, the company that owned the rig"; not "Pupils").
      return (
        wanted.oneWordName &&
        [...text.matchAll(ONE_WORD_NAMES)].some(
          ({ 0: word, index: at }) =>
            other(word) &&
            (!OPENS_SENTENCE.test(text.slice(0, at)) || !index.analyzer.isDictionaryWord(word.toLowerCase())),
        )
      );
    }
    case "where":
      // Not the place the question names: "the first death outside Mexico" is not where it was.
      return [...text.matchAll(PLACES)].some(([, place = ""]) => !wanted.askedWords.has(place.toLowerCase()));
  }
}

/** How far from a role's word a name may stand and still be the one it names ("the judge, Michael Pastor,"). */
const ROLE_NAME_REACH = 40;
const WORDS = /[\p{L}'’-]+/gu;
/** Two or more capitalised words in a row, not opening a sentence: a name, with its title ("Dr Conrad Murray"). */
const CAPITALISED_RUN = /(?<![.!?]\s*)\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu;

/**
 * Whether `text` names someone beside a word for the role asked (`roleTerms`, analysed): a run of
 * capitalised words, none of them a word of the question, within a few words of it.
 */
function namesSomeoneAs(
  analyzer: Analyzer,
  text: string,
  roleTerms: ReadonlySet<string>,
  askedWords: ReadonlySet<string>,
): boolean {
  // A word is analysed only when it starts as a role's term does ("judg" for "Judge").
  const starts = new Set([...roleTerms].map((term) => term.slice(0, 3)));
  for (const { 0: word, index: at } of text.matchAll(WORDS)) {
    if (!starts.has(word.slice(0, 3).toLowerCase())) continue;
    const term = analyzer.processWord(word);
    if (term === null || !roleTerms.has(term)) continue;
    const around = text.slice(Math.max(0, at - ROLE_NAME_REACH), at + word.length + ROLE_NAME_REACH);
    for (const [run] of around.matchAll(CAPITALISED_RUN)) {
      // The role may be the name's title ("Judge Michael Pastor").
      const names = run.split(/\s+/).filter((name) => !roleTerms.has(analyzer.processWord(name) ?? ""));
      if (names.length > 0 && names.every((name) => !askedWords.has(name.toLowerCase()))) return true;
    }
  }
  return false;
}

/**
 * Whether a date word stands in a clause that tells what happened, not only a hope, plan or
 * hypothesis ("A final victory would mark … in 2014", "The commission is set to release its final
 * report in January"): what a question on when something happened wants. A clause a conjunction
 * opens tells its own event ("oil could have begun leaking when the rig sank on Thursday").
 */
function toldAsHappened(text: string): boolean {
  if (!isUnrealised(text)) return DATE_WORDS.test(text);
  for (const m of text.matchAll(DATE_WORDS_ALL)) {
    if (!isUnrealisedAt(text, m.index, m.index + m[0].length)) return true;
    // Read from the conjunction on: the clause it opens, up to the date, then the rest of its clause.
    const opened = SUBORDINATE_CLAUSE.exec(text.slice(0, m.index))?.[1];
    if (opened !== undefined && tellsThePast(opened) && !isUnrealisedAt(opened + text.slice(m.index), 0, opened.length))
      return true;
  }
  return false;
}
/**
 * The clause a subordinating conjunction opens, up to the date: "… when the rig sank on ". Read as
 * one only when it tells something past (a past verb): "will testify before Congress on Wednesday"
 * has a preposition, and the hearing is still to come.
 */
const SUBORDINATE_CLAUSE = /\b((?:when|after|before|while|since|until|because)\b[^,;:.!?]*)$/i;

/** Greedy selection: best first, merging neighbours, spreading across reports, skipping near-duplicates. */
function select(
  candidates: RankedPassage[],
  /** Passages that may join a neighbouring excerpt; empty to never merge. */
  mergeable: Map<number, RankedPassage>,
  index: PassageIndex,
  limit: number,
  queryTerms: Set<string>,
  /** The question type's check (`QuestionRanking.fitsWanted`), for a sentence that completes an excerpt lacking it. */
  fitsWanted: ((passage: Passage) => boolean) | null = null,
  /** "rank": best rank first, a report's further passages ranked lower; "order": as given (`newestFirst`). */
  pick: "rank" | "order" = "rank",
): Excerpt[] {
  const matchedTerms = new Set(queryTerms);
  for (const c of candidates) for (const t of c.hit.documentTerms) matchedTerms.add(t);
  const used = new Set<number>();
  const perReport = new Map<string, number>();
  const chosen: { excerpt: Excerpt; terms: Set<string> }[] = [];
  const pool = [...candidates];
  while (chosen.length < limit && pool.length > 0) {
    // Re-rank with the same-report penalty as it stands now.
    let bestAt = 0;
    let bestRank = -1;
    pool.forEach((c, i) => {
      const rank = c.rank * SAME_REPORT_PENALTY ** (perReport.get(c.hit.passage.reportId) ?? 0);
      if (pick === "order" ? i === 0 : rank > bestRank) {
        bestRank = rank;
        bestAt = i;
      }
    });
    const [candidate] = pool.splice(bestAt, 1);
    if (!candidate || used.has(candidate.hit.passage.id)) continue;
    const report = index.report(candidate.hit.passage.reportId);
    if (!report) continue;
    const group = mergeNeighbours(report, candidate, mergeable, used, fitsWanted);
    const { excerpt, terms } = toExcerpt(report, group, bestRank, index, matchedTerms);
    if (chosen.some((c) => jaccard(c.terms, terms) >= NEAR_DUPLICATE)) continue;
    for (const p of group) used.add(p.id);
    perReport.set(report.id, (perReport.get(report.id) ?? 0) + 1);
    chosen.push({ excerpt, terms });
  }
  return chosen.map((c) => c.excerpt);
}

/**
 * Grows an excerpt with neighbouring sentences of the same paragraph that match the question in
 * part and add words of it the excerpt lacks: "In nine months of fighting… The Iraqi government
 * has refused to release casualty figures" reads as one answer.
 */
function mergeNeighbours(
  report: Report,
  seed: RankedPassage,
  mergeable: Map<number, RankedPassage>,
  used: Set<number>,
  fitsWanted: ((passage: Passage) => boolean) | null,
): Passage[] {
  const passage = seed.hit.passage;
  const group = [passage];
  const covered = new Set(seed.hit.queryTerms);
  const joinable = (p: Passage | undefined): p is Passage => {
    if (p === undefined || p.paragraph !== passage.paragraph || used.has(p.id)) return false;
    const ranked = mergeable.get(p.id);
    if (!ranked || ranked.coverage < MERGE_COVERAGE) return false;
    return ranked.hit.queryTerms.some((t) => !covered.has(t));
  };
  const take = (p: Passage) => {
    for (const t of mergeable.get(p.id)?.hit.queryTerms ?? []) covered.add(t);
  };
  // An excerpt is one span of the report: it never reaches over text left out of every passage (a
  // page's stamp, a caption) that stands between two sentences of a line.
  const adjoins = (first: Passage, second: Passage) => trimSpan(report.text, first.end, second.start) === null;
  let before = passage.ordinal - 1;
  let after = passage.ordinal + 1;
  while (group.length < MAX_MERGED_SENTENCES) {
    const previous = report.passages.at(before);
    const next = report.passages.at(after);
    const last = group[group.length - 1] as Passage;
    const first = group[0] as Passage;
    if (joinable(next) && adjoins(last, next)) {
      group.push(next);
      take(next);
      after++;
    } else if (joinable(previous) && adjoins(previous, first)) {
      group.unshift(previous);
      take(previous);
      before--;
    } else {
      break;
    }
  }
  // "The government has appointed a swine flu 'tsar' for England." answers who only with the
  // sentence after it, "Ian Dalton, … will become national director for …": an excerpt without
  // the kind of answer the question wants takes the next sentence of its paragraph when that has it.
  const last = group[group.length - 1] as Passage;
  const next = report.passages.at(last.ordinal + 1);
  if (
    fitsWanted &&
    group.length < MAX_MERGED_SENTENCES &&
    !group.some(fitsWanted) &&
    next !== undefined &&
    next.paragraph === passage.paragraph &&
    !used.has(next.id) &&
    adjoins(last, next) &&
    fitsWanted(next)
  ) {
    group.push(next);
  }
  return group;
}

/**
 * Where an excerpt starts after a caption or headline run into the lead ("Pupils have been given
 * anti-viral medication as a precaution A school in Dorset is to close …", `afterRunOn`), from
 * `from`; `from` when the head holds a figure or a date, or a word of the question the rest does
 * not, any of which may be why the passage answers.
 */
function afterRunOnHead(text: string, from: number, index: PassageIndex, queryTerms: Set<string>): number {
  const lead = afterRunOn(text, from);
  if (lead === from) return from;
  const head = text.slice(from, lead);
  if (/\d/.test(head) || DATE_WORDS.test(head)) return from;
  const asked = (part: string) =>
    new Set(index.analyzer.surfaceTerms(part).flatMap((t) => (queryTerms.has(t.term) ? [t.term] : [])));
  const inLead = asked(text.slice(lead));
  return [...asked(head)].every((term) => inLead.has(term)) ? lead : from;
}

/** An excerpt of `group`, with all the terms of its text (for telling near-duplicates apart). */
function toExcerpt(
  report: Report,
  group: Passage[],
  score: number,
  index: PassageIndex,
  queryTerms: Set<string>,
): { excerpt: Excerpt; terms: Set<string> } {
  const first = group[0] as Passage;
  const last = group[group.length - 1] as Passage;
  const whole = group.length === 1 ? index.passageText(first) : index.textOf(report, first.start, last.end);
  // Quoted from the sentence's own words: "ATLANTA (Reuters) - " or a live blog's "3.50 pm: " is
  // no part of what the report says, and its date and source are cited beside the quote anyway.
  const skipped = afterRunOnHead(whole, afterDateline(whole), index, queryTerms);
  const text = whole.slice(skipped);
  const highlights: Span[] = [];
  const matched = new Set<string>();
  const terms = new Set<string>();
  // Surface terms come in order of position, so a term overlaps an earlier highlight exactly when
  // it starts before the furthest end so far: one pass, however often a long passage repeats a word.
  let highlightedTo = 0;
  const surface = index.analyzer.surfaceTerms(text);
  const aliases = surface.filter((t) => isAliasTerm(t.term));
  for (const term of surface) {
    // A name counts once, as its group: "the UK" and "the United Kingdom" say the same, and the
    // words of "the UK" beside its group term made two short sentences look alike twice over.
    const underAlias =
      aliases.length > 0 && !isAliasTerm(term.term) && aliases.some((a) => a.start <= term.start && term.end <= a.end);
    if (!underAlias) terms.add(term.term);
    if (!queryTerms.has(term.term) || term.start < highlightedTo) continue;
    highlights.push({ start: term.start, end: term.end });
    highlightedTo = term.end;
    matched.add(text.slice(term.start, term.end));
  }
  const excerpt = {
    reportId: report.id,
    file: report.file,
    title: report.title,
    date: report.date,
    dateSource: report.dateSource,
    start: first.start + skipped,
    end: last.end,
    text,
    score: Math.round(score * 1000) / 1000,
    matchedTerms: [...matched],
    highlights,
    passageIds: group.map((p) => p.id),
  };
  return { excerpt, terms };
}
