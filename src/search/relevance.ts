import type { Passage } from "../corpus/types.js";
import { isAliasTerm, NAME_OF, STANCE, type SurfaceTerm } from "./analyzer.js";
import type { PassageFilter, PassageHit, PassageIndex } from "./index.js";
import { type AnswerEvidence, modelAnswers } from "./answer-model.js";
import { amountGiven, amountsAsked, HOW_MEASURE, measureAsked, UNSAID_MEASURES } from "./measures.js";
import {
  givenNameForms,
  namesAnotherBearer,
  namesOfInitials,
  nameVariants,
  surnamesAfterGivenNames,
  writtenAsName,
} from "./name-variants.js";
import { AUXILIARIES, FRONTED_CLAUSE, WH_WORDS } from "./question-forms.js";
import { recentlyUsedPer } from "./recently-used.js";
import {
  dictionaryWordsOneEditAway,
  isMistypedStopWord,
  reachedAsWritten,
  termsOfSwappedLetters,
  termsOfWordsOneEditAway,
} from "./spelling.js";

/**
 * Relevance: which passages answer a question or belong to a topic, and how well. Answers, timeline
 * topics and digest topics all ask here, so "relevant" means one thing everywhere.
 */

/**
 * Answers after the first must also match this share of the question's weight: the answer model is
 * calibrated on first answers, and below half a passage is rarely a second answer ("…began in
 * November…" for "peshmerga villages before the offensive began").
 */
export const LATER_ANSWER_COVERAGE = 0.5;
/**
 * A passage that matches less than this share of the question answers only when its report, all
 * of it, matches this share: "the death toll" in a report on dead birds does not answer "the death
 * toll of the Haiti earthquake", while "the outgoing boss will … claim a pension" in a report on
 * Hayward's exit answers "how big a pension does the outgoing BP boss walk away with". Chosen on
 * the tune split (bench/qa/ABLATION.md, sixth round).
 */
export const REPORT_COVERAGE = 0.5;
/** Near misses must match this share of the question as written, or they are noise, not near. */
export const NEAR_MISS_THRESHOLD = 0.25;
const FUZZY_CREDIT = 0.75;
/**
 * What a plain English word no passage has keeps of its weight in a question put in words ("why
 * was the worker *airlifted* off the rig", "which *outfit* is he joining", where reports say "flown
 * off", "company"): more often the asker's own word for what a report says than a sign the
 * question is about something else, as an unknown name is. Not the focus ("what *salary* will he
 * get"), nor a keyword of a query without a question word, where every word was chosen.
 */
const UNSAID_WORD_SHARE = 0.5;
/** A misspelling the corpus also writes is read as the word one edit away written this many times as often. */
const TYPO_FREQUENCY_RATIO = 5;
/** A real word read as a slip of another (`realWordSlipOf`) is one the corpus writes this often at most… */
const RARE_REAL_WORD = 3;
/** …and the word it slipped from this many times as often. */
const REAL_WORD_SLIP_RATIO = 30;
/** Another spelling of the same name, found in the corpus: nearly the word itself. */
const NAME_VARIANT_CREDIT = 0.9;
/**
 * A person or group the passage names only by a pronoun it opens with ("He was to be paid $150,000
 * a month", after "Jackson hired the physician"), named by the passage before it: this share of
 * the credit the word would have there.
 */
const POINTED_BACK_CREDIT = 0.8;
/** Not a possessive: "Her uncle, Tom Fleming, died" is about someone else. */
const OPENS_WITH_PERSONAL_PRONOUN = /^\P{L}*(?:he|she|they)\b/iu;
/** Credit of a rough amount ("in a few weeks") for the measure asked ("how long"); a figure's is 1. */
const ROUGH_AMOUNT_CREDIT = 0.5;
/**
 * Rarest terms looked up in the index; the rest are checked on the candidates they find. A long
 * question's answer may share none of its four rarest words ("the Pew-funded commission's executive
 * director"): at eight, 71 tune questions lack a judged candidate against 98 at four, at no cost a
 * benchmark shows.
 */
const MAX_LOOKUP_TERMS = 8;
const MIN_MATCHED_TERMS = 2;
const RELATED_CREDIT = 0.5;
/** The weight of the noun "which" asks of a group, as a share of its IDF (`whichGroupAsked`). */
const ANSWER_KIND_WEIGHT = 0.5;
const MAX_RELATED_LOOKUPS = 2;
/** Another form of the word's family ("explosion" for "explode"), which may be another sense. */
const DERIVED_CREDIT = 0.4;
/** WordNet synonyms: every sense of a word, so weaker than the built-in relations. */
const SYNONYM_CREDIT = 0.4;
const COVERAGE_POWER = 2;
/** Candidates scored in full per question. */
const CANDIDATE_POOL = 240;
/** Fewer candidates than this from the rare words, and the common ones are looked up too. */
const FEW_CANDIDATES = 10;
/** How much a passage gains when the question's words stand together in it (see `proximity`). */
const PROXIMITY_WEIGHT = 1.5;
/** Two question words this many content words apart or closer stand together, in either order. */
const PROXIMITY_WINDOW = 5;
/** Two words adjacent in the question stand as a phrase when in the same order and at most this far apart. */
const PHRASE_GAP = 2;
/** Candidates read word by word for the whole-question score and proximity (the rest rank below them). */
const RERANK_DEPTH = 60;

export interface RankedPassage {
  hit: PassageHit;
  /** Share of the question's IDF weight this passage matched, 0 to 1 (typo matches count for less). */
  coverage: number;
  /** The same share, counting only words matched as written. */
  exactCoverage: number;
  rank: number;
  /** The rank on the question's words alone, before answer.ts weighs in dates, question type and "now". */
  wordRank: number;
  /** What the answer decision read of this passage (see `answer-model.ts`). */
  evidence: AnswerEvidence;
  /**
   * Whether the rules besides the model allow an answer: the word rules (some word matched as
   * written, and two words unless the question has one) and, set by `rankForQuestion`, the
   * question type's (a "how many" answer holds a number).
   */
  rulesAllow: boolean;
  /**
   * Share of the question's weight this passage's report matches in any of its passages, each
   * word at its best stand-in's credit; read only where the answer depends on it (see
   * `REPORT_COVERAGE`), else equal to `coverage`.
   */
  reportCoverage: number;
  /** The report's share whatever the model says, read when called (bench/qa/fit-decision.ts replays the decision with it). */
  readReportCoverage: () => number;
  /**
   * Whether the answer model counts this passage as an answer (see `answer-model.ts`), its report
   * matching enough of the question (`REPORT_COVERAGE`).
   */
  modelAnswers: boolean;
  /**
   * Whether this passage answers the question: the word rules allow it and the model says so, and
   * it is the first such in the order, or it matches `LATER_ANSWER_COVERAGE` (see `markAnswers`).
   */
  answers: boolean;
}

export interface Ranking {
  /** The question's terms, as analysed. */
  terms: string[];
  /** Best first. */
  candidates: RankedPassage[];
  /** The question asks who did an act, and its focus is the act ("who *prosecuted* the case"): see `readFocus`. */
  asksWhoDidAct: boolean;
  /** The question's focus term (see `focusTerm`), null for none. */
  focus: string | null;
  /** The index terms that match a question term: itself as written, its corrections and related words. */
  standInsOf: (term: string) => string[];
}

/** How a question term can be matched: by itself, by a spelling correction, or by a related word. */
interface StandIn {
  term: string;
  credit: number;
  /** Checked on the candidates, never looked up: a stand-in of another sense could fill them with noise. */
  checkedOnly?: true;
}

/**
 * Scores passages for a question. Each question word is matched as written, or (for less credit)
 * through a stand-in: a spelling correction when the corpus lacks the word, a related word
 * ("seized" for "take"). Ranked by BM25 times coverage squared, so passages that match the whole
 * question beat passages that repeat one word of it; the best are then ranked again on all of the
 * question's words and how close together they stand (see `proximity`).
 */
export function rankPassages(index: PassageIndex, text: string, filter: PassageFilter): Ranking {
  const written = wordsAsWritten(index, text);
  const names = namesIn(index, text);
  // "How *bad* is the situation": the measure asked, not the topic; a word the corpus lacks would
  // weigh as an unknown name and refuse the question.
  const measureWord = measureAsked(text)?.word;
  const measureTerm = measureWord === undefined ? null : index.analyzer.processWord(measureWord);
  const measureDropped =
    measureTerm !== null && (!index.has(measureTerm) || UNSAID_MEASURES.has(measureWord?.toLowerCase() ?? ""));
  const terms = index.analyzer
    .queryTerms(text, (term) => index.has(term))
    .filter((term) => !mistypedStopWord(index, term, written) && !(measureDropped && term === measureTerm));
  if (terms.length === 0) return { terms, candidates: [], asksWhoDidAct: false, focus: null, standInsOf: () => [] };
  const { term: focus, asksWhoDidAct } = readFocus(index, text, terms);
  // A question put in words ("who was airlifted off …"), not keywords, where every word is a key.
  const asksInWords = OPENS_WITH_QUESTION_WORD.test(text);
  // "How heavy was the box": "the 100-ton steel box" says how heavy as plainly as "heavy" would.
  const measuresAsked = amountsAsked(text);
  const amountTerms = measuresAsked.flatMap(({ word, inUnits }) => {
    const term = index.analyzer.processWord(word);
    return term !== null && terms.includes(term) ? [{ term, inUnits }] : [];
  });
  // Only what the corpus writes relates: a phrase with none of its words is read word by word.
  const phrasal = new Map(
    [...index.analyzer.phrasalRelatedTerms(text)]
      .map(([term, related]) => [term, related.filter((t) => index.has(t))] as const)
      .filter(([, related]) => related.length > 0),
  );
  const phrasalTerms = new Set([...phrasal.values()].flat());
  // A phrasal verb's words apart are not the verb ("go" and "down" are not "went down"); two words
  // news also writes in one are the same thing apart ("top kill" is the "top-kill").
  const joins = new Set(index.analyzer.joinedPairs(text).map((pair) => pair.joined));
  const ofPhrasalVerb = (term: string) => (phrasal.get(term) ?? []).some((related) => !joins.has(related));
  const givenNames = givenNameForms(index, text);
  const surnameOf = surnamesAfterGivenNames(index, text, terms);
  const weights = new Map<string, number>();
  const standIns = new Map<string, StandIn[]>();
  for (const term of terms) {
    const list: StandIn[] = [];
    /** A stand-in, unless the term stands in already (at a credit set earlier). */
    const addNew = (standIn: StandIn) => {
      if (!list.some((s) => s.term === standIn.term)) list.push(standIn);
    };
    const relatedInCorpus = [...new Set([...index.analyzer.relatedTerms(term), ...(phrasal.get(term) ?? [])])].filter(
      (related) => related !== term && index.has(related),
    );
    const derivedInCorpus = (written.get(term) ?? [])
      .flatMap((w) => index.analyzer.derivedTerms(w))
      .filter((derived) => derived !== term && index.has(derived));
    const nationInCorpus = (index.has(term) ? (written.get(term) ?? []) : [])
      .flatMap((w) => index.analyzer.nationTerms(w))
      .filter((related) => related !== term && index.has(related));
    // The question's other words the corpus has: what a correction or a name's initials stand with.
    const context = terms.filter((t) => t !== term && index.has(t));
    const otherForms = givenNames.get(term) ?? [];
    if (index.has(term)) {
      // A misspelling that stems to a corpus term of its own is read first as the word it was
      // meant to be, weighed as that word (as an unknown word weighs what its correction weighs),
      // and only second as its accidental stem ("professer" is "professor" before "professed").
      // Not a word the corpus writes as a name: "tony hayward" typed in lower case is no "ton".
      const typo = names.has(term) ? undefined : typoOfAnotherTerm(index, term, written);
      const meant = typo !== undefined && !writtenAsName(index, term) ? typo : undefined;
      // "was the doctors trail pushed back": an English word the corpus all but lacks, two swapped
      // letters from one it writes everywhere ("trial"), is read as both, the rare one first.
      const slip = meant || names.has(term) ? undefined : realWordSlipOf(index, term, written);
      if (meant) list.push({ term: meant, credit: FUZZY_CREDIT }, { term, credit: FUZZY_CREDIT / 2 });
      else list.push({ term, credit: 1 });
      if (slip) list.push({ term: slip, credit: FUZZY_CREDIT });
      weights.set(term, index.idf(meant ?? slip ?? term));
      if (index.findNameVariants)
        for (const variant of nameVariants(index, term)) list.push({ term: variant, credit: NAME_VARIANT_CREDIT });
    } else if (
      relatedInCorpus.length > 0 &&
      (written.get(term) ?? []).every((w) => index.analyzer.isDictionaryWord(w.toLowerCase()))
    ) {
      // A real word the corpus writes otherwise ("start" where the reports say "began") is read
      // through those words, not as a typo of another ("start" is not "state"), and weighs what
      // the rarest of them weighs.
      weights.set(term, Math.max(...relatedInCorpus.map((t) => index.idf(t))));
    } else if (otherForms.length > 0) {
      // A given name's form the corpus lacks ("Mike") is no typo: it weighs what its forms weigh.
      weights.set(term, Math.max(...otherForms.map((t) => index.idf(t))));
    } else {
      // A word the corpus lacks weighs what its likeliest correction weighs; with none it keeps
      // the weight of a word no passage has, which is what keeps off-topic questions unanswered
      // (half of it for a plain English word that is not the focus: UNSAID_WORD_SHARE).
      const corrections = correctionsOf(index, term, written, names, context);
      corrections.forEach((c, i) => list.push({ term: c, credit: i === 0 ? FUZZY_CREDIT : FUZZY_CREDIT / 2 }));
      const ownWord =
        asksInWords &&
        term !== focus &&
        (written.get(term) ?? []).every((w) => w === w.toLowerCase() && index.analyzer.isDictionaryWord(w));
      weights.set(
        term,
        corrections[0] ? index.idf(corrections[0]) : index.idf(term) * (ownWord ? UNSAID_WORD_SHARE : 1),
      );
    }
    // "Mike Williams" for "Michael Williams": the other forms of a given name the corpus writes,
    // checked on the passages the surname finds ("Tony Hayward" must not fetch every Anthony).
    for (const name of otherForms) addNew({ term: name, credit: NAME_VARIANT_CREDIT, checkedOnly: true });
    // "mj's body": a short word the corpus writes seldom or never may be a name's initials.
    const initialsOf = (written.get(term) ?? []).flatMap((w) => namesOfInitials(index, w, context));
    for (const name of initialsOf) addNew({ term: name, credit: NAME_VARIANT_CREDIT });
    if (initialsOf.length > 0 && !index.has(term)) weights.set(term, Math.max(...initialsOf.map((t) => index.idf(t))));
    for (const related of [...relatedInCorpus, ...nationInCorpus]) addNew({ term: related, credit: RELATED_CREDIT });
    // Only checked: a derived form may be another sense ("closed": "closure"). A word the corpus
    // lacks still finds its way in through its corrections ("explosion": "exploded").
    for (const derived of derivedInCorpus) addNew({ term: derived, credit: DERIVED_CREDIT, checkedOnly: true });
    if (index.findSynonyms) {
      for (const word of written.get(term) ?? []) {
        for (const synonym of index.analyzer.synonymTerms(word)) {
          if (!terms.includes(synonym) && index.has(synonym))
            addNew({ term: synonym, credit: SYNONYM_CREDIT, checkedOnly: true });
        }
      }
    }
    standIns.set(term, list);
  }
  // "Which company owned the rig": the answer names the company ("Transocean owned the rig"), so
  // "company" weighs half, as the kind of answer rather than a word it must say.
  const kind = whichGroupAsked(index, text);
  const kindTerm = kind === null ? null : index.analyzer.processWord(kind);
  if (kindTerm !== null && weights.has(kindTerm))
    weights.set(kindTerm, (weights.get(kindTerm) ?? 0) * ANSWER_KIND_WEIGHT);
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  // Question words the corpus lacks: with no correction at all, or reached only through one.
  let unknownWeight = 0;
  let correctedWeight = 0;
  for (const term of terms) {
    if (index.has(term)) continue;
    const weight = (weights.get(term) ?? 0) / totalWeight;
    if ((standIns.get(term) ?? []).length === 0) unknownWeight += weight;
    else correctedWeight += weight;
  }

  // Index terms to match. Very common ones ("oil" in a corpus about an oil spill) would make every
  // passage a candidate: look up the rarest few, then check the others on the candidates found.
  // The question's own words (or their likeliest corrections) fetch candidates first; related
  // words fetch only a couple more, so a rare synonym cannot crowd out the word as asked.
  const matchable = [...new Set([...standIns.values()].flatMap((list) => list.map((s) => s.term)))];
  const checkedOnly = new Set(
    [...standIns.values()].flatMap((list) => list.filter((s) => s.checkedOnly).map((s) => s.term)),
  );
  for (const list of standIns.values()) for (const s of list) if (!s.checkedOnly) checkedOnly.delete(s.term);
  const primary = new Set(
    [...standIns.values()].flatMap((list) => list.filter((s) => s.credit >= FUZZY_CREDIT).map((s) => s.term)),
  );
  const byRarity = (a: string, b: string) => index.idf(b) - index.idf(a);
  const rarestFirst = [...matchable].sort(byRarity);
  const ownSelective = rarestFirst
    .filter((t) => primary.has(t) && !index.isCommon(t) && !checkedOnly.has(t))
    .slice(0, MAX_LOOKUP_TERMS);
  const relatedSelective = rarestFirst
    .filter((t) => !primary.has(t) && !index.isCommon(t) && !checkedOnly.has(t))
    // A phrasal verb's own sense ("took over": "replace") before the verb's ("take": "seize").
    .sort((a, b) => Number(phrasalTerms.has(b)) - Number(phrasalTerms.has(a)))
    .slice(0, MAX_RELATED_LOOKUPS);
  const selective = [...ownSelective, ...relatedSelective];
  const lookup = selective.length > 0 ? selective : rarestFirst.filter((t) => !checkedOnly.has(t)).slice(0, 2);
  const hits = index.search(lookup, filter, CANDIDATE_POOL);
  let merged = false;
  /** Half a pool more, fetched by `more` together, past the passages already found. */
  const fetchMore = (more: string[]) => {
    if (more.length === 0) return;
    const seen = new Set(hits.map((h) => h.passage.id));
    for (const hit of index.search(more, filter, CANDIDATE_POOL / 2)) if (!seen.has(hit.passage.id)) hits.push(hit);
    merged = true;
  };
  // When every word of the question is common ("how much has the spill cost BP" over a corpus on
  // the spill) but a related word is not, the related word alone ("gush" for "spill") would fill
  // the candidates with passages that never say "cost": the question's own words, all of them,
  // fetch half a pool more, apart, so that their many passages do not crowd out the related
  // word's. All of them: "when did Michael Jackson die" over a corpus on his death fetched by
  // "Michael" and "Jackson" alone found a hundred passages naming him, none saying "died", and
  // quoted "A Fatal Friendship" (session 54). Not a phrasal verb's words: "go" and "down" apart
  // are not "went down".
  if (ownSelective.length === 0 && relatedSelective.length > 0)
    fetchMore(rarestFirst.filter((t) => terms.includes(t) && !ofPhrasalVerb(t)).slice(0, MAX_LOOKUP_TERMS));
  // "Mexico City closures": the one rare word ("closures") is in a single passage, and the common
  // ones ("Mexico", "City") were never looked up, so passages that say "Mexico City has closed
  // schools" were never read for the derived form. When the rare words find few passages, the
  // question's two rarest common words fetch half a pool more, together.
  // Likewise when a single rare word fetched them all and did not fill the pool: "which firm made
  // the blowout preventer" drew only the 57 passages saying "firm", and "Cameron Inc., which made
  // the blowout preventer" was none of them. A full pool is the rare word's best passages already,
  // and half a pool more cost a question half its time again.
  else if (
    ownSelective.length > 0 &&
    (hits.length < FEW_CANDIDATES || (ownSelective.length === 1 && hits.length < CANDIDATE_POOL))
  )
    fetchMore(rarestFirst.filter((t) => primary.has(t) && index.isCommon(t) && !ofPhrasalVerb(t)).slice(0, 2));
  // "How far off the coast was the rig": "nearly 50 miles off the Louisiana coast" says how far
  // without the word, and shares only common words with the question, so it was never fetched.
  // The measure's units fetch half a pool more, with the question's two rarest words.
  const unitTerms = [
    ...new Set(measuresAsked.flatMap((m) => m.unitWords.flatMap((w) => index.analyzer.processWord(w) ?? []))),
  ].filter((t) => index.has(t) && !index.isCommon(t) && !matchable.includes(t));
  if (unitTerms.length > 0) fetchMore([...unitTerms, ...lookup.slice(0, 2)]);
  // A candidate is checked for the terms it was not fetched by: all of them once two look-ups met.
  const checkLater = matchable.filter((t) => merged || !lookup.includes(t));
  // A report's share is the same for each of its passages: read once per report.
  const reportShares = new Map<string, number>();
  const reportShareOf = (hit: PassageHit) => {
    let share = reportShares.get(hit.passage.reportId);
    if (share === undefined) {
      share = reportShare(index, hit, terms, standIns, weights);
      reportShares.set(hit.passage.reportId, share);
    }
    return share;
  };
  // Read once per word, and only for a word a candidate lacks.
  const phrasalOf = oncePerTerm((term) =>
    index.analyzer.phrasalVerbsFor(term).filter((p) => index.has(p.verb) && !index.isCommon(p.verb)),
  );
  // The question's words a pronoun may stand for: its names, and nouns for a person or a group.
  const standsForSomeone = oncePerTerm(
    (term) =>
      names.has(term) ||
      (written.get(term) ?? []).some(
        (w) => index.analyzer.whoKind(w.toLowerCase()) !== null || index.analyzer.mayBeName(w.toLowerCase()),
      ),
  );
  const candidates = hits.map((hit) => {
    const present = new Set(hit.queryTerms);
    for (const t of checkLater) {
      if (present.has(t) || !index.passageHas(hit.passage, t)) continue;
      present.add(t);
      hit.documentTerms.push(t);
    }
    const amountCredit = new Map<string, number>();
    let passageText: string | undefined;
    for (const { term, inUnits } of amountTerms) {
      if (present.has(term)) continue;
      const given = amountGiven(inUnits, (passageText ??= index.passageText(hit.passage)));
      if (given) amountCredit.set(term, given === "figure" ? 1 : ROUGH_AMOUNT_CREDIT);
    }
    let matched = 0;
    let exact = 0;
    let best = 0;
    let heaviestMissing = 0;
    const matchedTerms: string[] = [];
    for (const term of terms) {
      let credit = amountCredit.get(term) ?? 0;
      for (const s of standIns.get(term) ?? []) if (present.has(s.term) && s.credit > credit) credit = s.credit;
      // "Fleming died in intensive care" names Jacqueline Fleming, whom her report named in full first.
      const surname = surnameOf.get(term);
      if (
        credit === 0 &&
        surname !== undefined &&
        present.has(surname.term) &&
        reportHasTerm(index, hit, term) &&
        !namesAnotherBearer(index, (passageText ??= index.passageText(hit.passage)), surname)
      )
        credit = NAME_VARIANT_CREDIT;
      // "Who destroyed the mosque": "militants blew up the mosque" writes it as a phrasal verb.
      // The verb's posting first, the text only then, and not for a verb in every other passage
      // ("set", "go"), whose texts would all be read.
      if (credit === 0) {
        const phrasal = phrasalOf(term);
        if (
          phrasal.some((p) => index.passageHas(hit.passage, p.verb)) &&
          index.analyzer.writesPhrasal((passageText ??= index.passageText(hit.passage)), phrasal)
        )
          credit = RELATED_CREDIT;
      }
      // Cheapest first: the word's kind (once per word), the index's postings, the passage's text.
      if (credit === 0 && standsForSomeone(term)) {
        const before = creditBefore(index, hit, standIns.get(term) ?? []);
        if (before > 0 && OPENS_WITH_PERSONAL_PRONOUN.test((passageText ??= index.passageText(hit.passage))))
          credit = POINTED_BACK_CREDIT * before;
      }
      const weight = weights.get(term) ?? 0;
      if (credit === 0) {
        heaviestMissing = Math.max(heaviestMissing, weight);
        continue;
      }
      matched += weight * credit;
      best = Math.max(best, weight * credit);
      if (credit === 1) exact += weight;
      matchedTerms.push(term);
    }
    // Report matches in the question's own terms: a stand-in counts for the word as written.
    hit.queryTerms = matchedTerms;
    const coverage = matched / totalWeight;
    const exactCoverage = exact / totalWeight;
    const evidence: AnswerEvidence = {
      coverage,
      exactCoverage,
      matchedWords: matchedTerms.length / terms.length,
      restCoverage: (matched - best) / totalWeight,
      heaviestMissing: heaviestMissing / totalWeight,
      unknownWeight,
      correctedWeight,
      termCount: terms.length,
      proximity: 0,
      wholeScore: 0,
      typeMissing: 0,
      margin: 0,
      focusMissing: focus !== null && !matchedTerms.includes(focus) ? 1 : 0,
    };
    // Stand-ins alone make an answer only when every word of the question found its match:
    // "Mosle" is Mosul, but "best pizza recipe" is not "rest … residents". And one word alone
    // answers only a one-word question, however rare the word.
    const wordsAllow =
      (exactCoverage > 0 || matchedTerms.length === terms.length) &&
      matchedWithNeighbours(index, hit, terms, standIns) >= Math.min(MIN_MATCHED_TERMS, terms.length);
    const rank = hit.score * coverage ** COVERAGE_POWER;
    // Only a passage below the bar needs its report read: above it, the report matches at least as much.
    const readReportCoverage = () => (coverage < REPORT_COVERAGE ? reportShareOf(hit) : coverage);
    const candidate: RankedPassage = {
      hit,
      coverage,
      exactCoverage,
      rank,
      wordRank: rank,
      evidence,
      rulesAllow: wordsAllow,
      reportCoverage: coverage,
      readReportCoverage,
      modelAnswers: false,
      answers: false,
    };
    decideAnswer(candidate);
    return candidate;
  });
  // The best by the index's score are read word by word, for where the question's words stand:
  // all of the question scored (BM25), and how close together its words are. The rest keep their
  // order, below.
  candidates.sort((a, b) => b.rank - a.rank);
  const questionWords = questionWordsOf(terms, standIns);
  const reread = candidates
    .slice(0, RERANK_DEPTH)
    .map((c) => ({ c, found: wordPositions(index, c.hit, terms.length, questionWords) }));
  const meanLength = reread.reduce((sum, r) => sum + r.found.length, 0) / Math.max(1, reread.length);
  const floor = Math.min(...reread.map(({ c }) => c.rank));
  for (const { c, found } of reread) {
    const together = proximity(found.positions, terms, weights);
    const whole = wholeQuestionScore(found, terms, weights, meanLength);
    c.evidence.proximity = together;
    c.evidence.wholeScore = whole / totalWeight;
    c.rank = whole * c.coverage ** COVERAGE_POWER * (1 + PROXIMITY_WEIGHT * together);
  }
  const lowest = Math.min(...reread.map(({ c }) => c.rank));
  const below = floor > 0 ? lowest / floor / 2 : 0;
  for (const c of candidates.slice(RERANK_DEPTH)) c.rank *= below;
  for (const c of candidates) c.wordRank = c.rank;
  candidates.sort((a, b) => b.rank - a.rank);
  markAnswers(candidates);
  return {
    terms,
    candidates,
    asksWhoDidAct,
    focus,
    standInsOf: (term) => (standIns.get(term) ?? []).map((standIn) => standIn.term),
  };
}

/**
 * Sets `modelAnswers` (and `reportCoverage`) from a candidate's evidence: the word rules and the
 * model, then its report's share of the question (`REPORT_COVERAGE`), read only when the model
 * passes. answer.ts calls it again when the question's type changes what the evidence says.
 */
export function decideAnswer(c: RankedPassage): void {
  const modelPasses = c.rulesAllow && modelAnswers(c.evidence);
  c.reportCoverage = modelPasses ? c.readReportCoverage() : c.coverage;
  c.modelAnswers = modelPasses && c.reportCoverage >= REPORT_COVERAGE;
}

/** Sets `answers` on candidates in their final order (best first): see `RankedPassage.answers`. */
export function markAnswers(candidates: RankedPassage[]): void {
  let first = true;
  for (const c of candidates) {
    c.answers = c.modelAnswers && (first || c.coverage >= LATER_ANSWER_COVERAGE);
    if (c.answers) first = false;
  }
}

/** Where each question word stands in a passage, by content-word position, and the passage's length in words. */
interface WordPositions {
  /** Per question term, the positions of the passage words that stand for it, with their credit. */
  positions: { at: number; credit: number }[][];
  length: number;
}

/** Per index term, the question terms (by position) it stands for, with its credit: the same for every passage. */
type QuestionWords = Map<string, { i: number; credit: number }[]>;

function questionWordsOf(terms: string[], standIns: Map<string, StandIn[]>): QuestionWords {
  const words: QuestionWords = new Map();
  terms.forEach((term, i) => {
    for (const s of standIns.get(term) ?? [])
      words.set(s.term, [...(words.get(s.term) ?? []), { i, credit: s.credit }]);
  });
  return words;
}

function wordPositions(
  index: PassageIndex,
  hit: PassageHit,
  termCount: number,
  questionWords: QuestionWords,
): WordPositions {
  const positions: { at: number; credit: number }[][] = Array.from({ length: termCount }, () => []);
  const words = passageWords(index, hit.passage);
  words.forEach((term, at) => {
    for (const { i, credit } of questionWords.get(term) ?? []) positions[i]?.push({ at, credit });
  });
  return { positions, length: words.length };
}

/** Passages whose words were read lately, per index: questions on one story keep meeting the same ones. */
const PASSAGE_WORDS_KEPT = 20_000;
const passageWordsOf = recentlyUsedPer<PassageIndex, number, readonly string[]>(PASSAGE_WORDS_KEPT);

/**
 * A passage's terms in order, as the analyzer reads them. Kept for the passages read most lately:
 * reading 60 passages word by word is most of a question's time. Keyed by passage id, per index: a
 * reload gives a changed report's passages new ids.
 */
function passageWords(index: PassageIndex, passage: Passage): readonly string[] {
  const kept = passageWordsOf(index);
  const known = kept.get(passage.id);
  if (known) return known;
  const words = index.analyzer.surfaceTerms(index.passageText(passage)).map((t) => t.term);
  kept.set(passage.id, words);
  return words;
}

const BM25_K1 = 1.2;
const BM25_B = 0.75;

/**
 * BM25 over every word of the question, each at its topical weight and its stand-ins' credit. The
 * index's own score counts only the few rarest words it looked up, so "oil" or "BP", checked
 * later, never weighed in it; lengths are relative to the candidates' mean.
 */
function wholeQuestionScore(found: WordPositions, terms: string[], weights: Map<string, number>, meanLength: number) {
  let score = 0;
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * found.length) / Math.max(1, meanLength));
  terms.forEach((term, i) => {
    const occurrences = found.positions[i] ?? [];
    if (occurrences.length === 0) return;
    const tf = occurrences.length;
    const credit = Math.max(...occurrences.map((o) => o.credit));
    score += (weights.get(term) ?? 0) * credit * ((tf * (BM25_K1 + 1)) / (tf + norm));
  });
  return score;
}

/**
 * How closely a passage keeps the question's words together, 0 to 1: every pair of question words
 * found within a few words of each other counts, and a pair next to each other in the question
 * counts again when the passage has them in the same order ("House energy committee", "cabin
 * crew"), each pair by the lighter of its two weights. Term proximity in the manner of the
 * sequential dependence model (Metzler and Croft, 2005): a long passage that mentions every word
 * somewhere loses to a sentence that says them together.
 */
function proximity(positions: WordPositions["positions"], terms: string[], weights: Map<string, number>): number {
  if (terms.length < 2) return 0;
  const closest = (a: { at: number }[], b: { at: number }[], ordered: boolean) => {
    let best = Number.POSITIVE_INFINITY;
    for (const x of a)
      for (const y of b) {
        const d = ordered ? y.at - x.at : Math.abs(y.at - x.at);
        if (d > 0 && d < best) best = d;
      }
    return best;
  };
  let found = 0;
  let possible = 0;
  for (let i = 0; i < terms.length; i++) {
    for (let j = i + 1; j < terms.length; j++) {
      const weight = Math.min(weights.get(terms[i] ?? "") ?? 0, weights.get(terms[j] ?? "") ?? 0);
      const a = positions[i] ?? [];
      const b = positions[j] ?? [];
      possible += weight;
      if (closest(a, b, false) <= PROXIMITY_WINDOW) found += weight;
      if (j === i + 1) {
        possible += weight;
        if (closest(a, b, true) <= PHRASE_GAP) found += weight;
      }
    }
  }
  return possible === 0 ? 0 : found / possible;
}

/** A question opening after which a verb is the act asked about: a question word, or a form of "be" or "have" after one. */
const VERB_OPENING =
  /^(?:who|what|which)(?:['’]s|\s+(?:is|are|was|were|has|have|had|been|has been|have been|had been))?$/i;
/** A question about an event's time, place, cause or manner: its subject may go unsaid ("the clinic was searched"). */
const EVENT_OPENING =
  /^(?:(?:when|where|why|how)\s+(?:did|does|do|will|would|has|have|had)|(?:when|where|why|how)\s+(?:was|were))(?:\s+(?:the|a|an|its|his|her|their|this|that|it|they|he|she|we|you|i))?$/i;
/** An auxiliary straight after a phrase: the question's verb follows its subject ("… did the agency get"). */
const AUXILIARY_NEXT = new RegExp(String.raw`^\s+(?:${AUXILIARIES})\b`, "i");
/**
 * The same question with its auxiliary left out, as people write who learnt English late or type
 * as they speak: "when they stop the top kill", "where pink oily water was coming ashore".
 */
const EVENT_OPENING_UNAIDED = /^(?:when|where|why|how)(?:\s+(?:the|a|an|they|he|she|it|we|you|i))?$/i;
const CAPITAL = /\p{Lu}/u;
/**
 * Words for anyone, in the focus's place: "person", "folks". Chat's own ("guy", "dude", "bloke",
 * "fella", "bigwig") never get here: the question drops them (QUESTION_FILLERS, analyzer.ts).
 */
const GENERIC_PERSON = new Set([
  "person",
  "persons",
  "people",
  "man",
  "men",
  "woman",
  "women",
  "individual",
  "individuals",
  "folks",
  "chap",
  "lady",
]);
/** "… plus how many other firms": the counted noun, when "how many" stands in place. */
const COUNTED_IN_PLACE = /\bhow\s+many\s+(?:(?:other|more|additional|different|separate|new)\s+)?(\p{L}+)/iu;
/** A question opening with its question word, where "how many" later is a second question ("which …, and how many …"). */
const OPENS_WITH_QUESTION_WORD = new RegExp(
  String.raw`^\s*(?:(?:in|at|from|to|for|of|on|by|with)\s+)?(?:${WH_WORDS})\b`,
  "i",
);
/** A topic set before a dash, then its question: "anadarko boss who … - who was that?". */
const TOPIC_THEN_QUESTION = /^[^?]*?\s[-–—]\s*(?:(?:so|and|but)\s+)?(?:who|what|when|where|which|why|how)\b/i;
/** "Which method / way / means …": the answer tells how, without the word. */
const MANNER = /^\s*(?:(?:by|in)\s+)?(?:which|what)\s+(?:method|methods|way|ways|means|manner|technique)\b/i;
/**
 * Where a name of several words that opens `run` ends: a name is named by its last word ("seb
 * *coe* said …", "tony *hayward*"), as reports name people ("Lord Coe", "Mr Hayward"). A word
 * counts as a name typed with a capital or written as one in the corpus, unless it stands for a
 * place or group (an alias: "uk") or holds a digit ("h1n1"). 0 when the run opens with no such name.
 */
function lastOfLeadingName(index: PassageIndex, text: string, run: SurfaceTerm[]): number {
  const readsAsName = (t: SurfaceTerm | undefined) =>
    t !== undefined &&
    !isAliasTerm(t.term) &&
    !/\d/.test(t.term) &&
    (CAPITAL.test(text.charAt(t.start)) || writtenAsName(index, t.term));
  let last = 0;
  while (readsAsName(run[last]) && readsAsName(run[last + 1])) last++;
  return last;
}
/** A possessive between two words: "laboratory*'s* researchers". */
const POSSESSIVE_BETWEEN = /^['’]s\s+$/;
/**
 * Between two words of one noun phrase: spaces, a hyphen, a slash ("oil/water separator
 * machines"), or a possessive ("England's swine flu czar").
 */
const WITHIN_PHRASE = /^(?:\s+|\s*[-‐‑/]\s*|['’]s\s+)$/;

/**
 * What the question asks about (see `AnswerEvidence.focusMissing`): the head of its first run of
 * content words, which is most often the noun phrase it asks about. The run's last word is left
 * out when it reads as a verb or an adjective, the predicate that follows the subject ("what did
 * the presidential oil spill *commission* blame", "how many rig *workers* lost their jobs", "is the
 * flu *outbreak* in Mexico levelling off"); the head is then the phrase's last word that can be a
 * noun ("*Obama* first"). A one-word run is its own focus ("what *salary* will Dudley get"), and
 * so is the first word of a run that opens with a verb ("who *announced* the probe") or of a
 * question with nothing before its first run (keywords). After "how big/far/long…", the measure is
 * not the focus. A question on when, where, why or how an event happened ("when did drug agents
 * search the clinic") has none: the answer may leave the subject unsaid ("the clinic was searched
 * on 22 July"); nor has "which company / party …" (`whichGroupAsked`), whose answer is a name.
 */
export function focusTerm(index: PassageIndex, text: string, terms: string[]): string | null {
  return readFocus(index, text, terms).term;
}

interface Focus {
  /** The focus's term (see `focusTerm`); null for none. */
  term: string | null;
  /** A "who" question whose focus is the verb after it: the act asked about ("who *prosecuted* the case"). */
  asksWhoDidAct: boolean;
}

/** `focusTerm`, and whether the question asks who did the act its focus names. */
function readFocus(index: PassageIndex, text: string, terms: string[]): Focus {
  const focusOf = (term: string | null): Focus => ({ term, asksWhoDidAct: false });
  // "Whats the name of that skimmer ship": the ship is asked about, and the answer need not say "name".
  const unfronted = text.slice(FRONTED_CLAUSE.exec(text)?.[0].length ?? 0);
  const asked = unfronted.replace(NAME_OF, "which ");
  const nameOf = asked !== unfronted;
  // "The US sued BP plus how many other firms": what is counted, asked in place.
  const counted = COUNTED_IN_PLACE.exec(asked);
  if (counted && counted.index > 0 && !OPENS_WITH_QUESTION_WORD.test(asked)) {
    const term = index.analyzer.processWord(counted[1] ?? "");
    if (term !== null && terms.includes(term)) return focusOf(term);
  }
  // "Which party filed the first lawsuit": the answer names the party, and need not say "party";
  // "which method was used": the answer tells the method ("a daily lottery").
  if (whichGroupAsked(index, asked) !== null || MANNER.test(asked)) return focusOf(null);
  const measured = HOW_MEASURE.test(asked);
  const rest = asked.replace(HOW_MEASURE, "");
  const run: SurfaceTerm[] = [];
  const { readsAsAdverb } = index.analyzer;
  for (const t of index.analyzer.surfaceTerms(rest)) {
    if (t.compound || !terms.includes(t.term)) continue;
    const last = run[run.length - 1];
    // "How far *down* under the sea floor was it drilled": an adverb opens no phrase, and asks about nothing.
    if (!last && readsAsAdverb(rest.slice(t.start, t.end).toLowerCase())) continue;
    // An alias term stands over the words of its name: the words make the run.
    if (last && t.start < last.end) continue;
    if (last && !WITHIN_PHRASE.test(rest.slice(last.end, t.start))) break;
    run.push(t);
  }
  const words = run.map((t) => rest.slice(t.start, t.end).toLowerCase());
  // A string of keywords has no phrase to read ("eton swine flu closure"); a verb straight after
  // the question word asks about the act ("who *replaced* Hayward", "who is *replacing* him"),
  // where after "how many" or "the" the same word is a noun ("how many *rig* workers").
  // An adverb after the question word is no part of its opening: "when did they *finally* declare",
  // "how does it *actually* work", "where *near* nola did oil wash in"; "how much" and "how far" stay.
  const opening = run[0]
    ? rest
        .slice(0, run[0].start)
        .trim()
        .split(/\s+/)
        .filter(
          (word, i, all) => i === 0 || (i === 1 && /^how$/i.test(all[0] ?? "")) || !readsAsAdverb(word.toLowerCase()),
        )
        .join(" ")
    : "";
  // "Which" alone is a determiner: "which *trading* house" asks for a house, not about trading.
  const afterWhich = /^which$/i.test(opening);
  const actAsked = VERB_OPENING.test(opening) && !afterWhich && index.analyzer.readsAsVerb(words[0] ?? "");
  // Keywords alone ("eton swine flu closure") name their topic first; a topic set before a dash and
  // its question ("anadarko boss who accused bp - who was that?") is read as a phrase.
  if (actAsked) return { term: run[0]?.term ?? terms[0] ?? null, asksWhoDidAct: /^who\b/i.test(opening) };
  if (opening === "" && !TOPIC_THEN_QUESTION.test(asked))
    return focusOf(run[lastOfLeadingName(index, rest, run)]?.term ?? terms[0] ?? null);
  if (EVENT_OPENING.test(opening) || (!measured && EVENT_OPENING_UNAIDED.test(opening))) return focusOf(null);
  // "Which national laboratory's researchers found …": the possessor is what "which" asks for.
  if (afterWhich && !nameOf) {
    const possessor = run.findIndex((t, i) => {
      const next = run[i + 1];
      return next !== undefined && POSSESSIVE_BETWEEN.test(rest.slice(t.end, next.start));
    });
    if (possessor !== -1) return focusOf(run[possessor]?.term ?? null);
  }
  const { readsAsNoun, mayBeNoun } = index.analyzer;
  // A verb typed with a typo reads as the verb it was meant to be ("widows *testifed*"): a word no
  // dictionary has, one edit from a verb and from no noun, is no noun of the phrase ("the gulf
  // state *governer*" is one edit from "governed" and from "governor" too).
  // Each word is read once: the phrase's end and its subject ask about the same words.
  const verbReadings = new Map<string, boolean>();
  const typoReadsAsVerbOnly = (word: string) => {
    const meant = dictionaryWordsOneEditAway(index, word);
    return meant.some((v) => index.analyzer.readsAsVerb(v)) && !meant.some((v) => index.analyzer.readsAsNoun(v));
  };
  const readsAsVerb = (word: string) => {
    let reading = verbReadings.get(word);
    if (reading === undefined) {
      reading =
        index.analyzer.readsAsVerb(word) ||
        (/^\p{Ll}{5,}$/u.test(word) && !index.analyzer.isDictionaryWord(word) && typoReadsAsVerbOnly(word));
      verbReadings.set(word, reading);
    }
    return reading;
  };
  // Without its auxiliary, a question runs its object into its subject: "how many pigs *Egypt*
  // say to kill", "how much market value *BP* lose". A name after a word in lower case, with its
  // verb next (or nothing of the question's words), is that subject: the phrase asked about ends before it.
  // A question typed all in lower case ("how heavy was the box *bp* put over the leak") names what
  // the corpus writes as a name.
  const typedLowerCase = !CAPITAL.test(rest);
  const isName = (t: SurfaceTerm) =>
    CAPITAL.test(rest.charAt(t.start)) || (typedLowerCase && writtenAsName(index, t.term));
  // After "which", a word in lower case that English has is part of the phrase ("which trading
  // *house* bought"), though the corpus writes it as a name ("the House").
  const subject = run.findIndex((t, i) => {
    const before = run[i - 1];
    const word = words[i] ?? "";
    if (afterWhich && typedLowerCase && index.analyzer.isDictionaryWord(word)) return false;
    if (!before || !isName(t) || isName(before)) return false;
    const next = words[i + 1];
    return next === undefined || readsAsVerb(next);
  });
  if (subject > 0) {
    const object = words.slice(0, subject);
    const head = object.findLastIndex(readsAsNoun);
    return focusOf(run[Math.max(0, head)]?.term ?? null);
  }
  // The phrase ends before its verb: a word read as a verb that no noun follows ("the UK *start*
  // vaccinating", not "the oil *spill* commission"), or a last word that is no noun ("infected").
  // A finite verb after a word that reads as a verb too makes that word the noun: "which federal
  // *judge* struck down", where "start vaccinating" keeps "start" the verb.
  const finiteVerbNext = (i: number) => {
    const next = words[i + 1];
    return next !== undefined && !/ing$/.test(next) && readsAsVerb(next) && !readsAsNoun(next);
  };
  // "What new *name* did the agency get": a last word an auxiliary follows is the phrase's noun,
  // the question's verb coming after its subject.
  const lastTerm = run[run.length - 1];
  const auxiliaryNext = lastTerm !== undefined && AUXILIARY_NEXT.test(rest.slice(lastTerm.end));
  // A word its verb follows is the phrase's noun when it can be one: "what new *name* did the agency
  // get" ("name" is more often a verb), "which White House *official* went on …".
  const nounByPlace = (i: number) =>
    mayBeNoun(words[i] ?? "") && (i === words.length - 1 ? auxiliaryNext : afterWhich && finiteVerbNext(i));
  const readsAsHead = (w: string, i: number) => readsAsNoun(w) || nounByPlace(i);
  // After "which", a past tense that is no noun is the question's verb, whatever follows it: "which
  // BP chairman *caused* offence" asks for a chairman.
  const pastVerbAfterWhich = (w: string) => afterWhich && /ed$/.test(w) && readsAsVerb(w) && !mayBeNoun(w);
  let end = words.findIndex(
    (w, i) =>
      i > 0 &&
      readsAsVerb(w) &&
      (i === words.length - 1
        ? !(auxiliaryNext && mayBeNoun(w))
        : !readsAsNoun(words[i + 1] ?? "") || pastVerbAfterWhich(w)) &&
      !finiteVerbNext(i),
  );
  if (end === -1)
    end =
      words.length > 1 && !readsAsHead(words[words.length - 1] ?? "", words.length - 1)
        ? words.length - 1
        : words.length;
  const phrase = words.slice(0, end);
  const head = phrase.findLastIndex(readsAsHead);
  const at = head !== -1 ? head : phrase.findLastIndex(mayBeNoun);
  // "the cabin crew *man*": a word for anyone says less than the noun before it, which the answer
  // says ("a member of cabin crew"); so does a stance ("the IRS's *position* on taxing …": the
  // answer says what the IRS says).
  const light = GENERIC_PERSON.has(phrase[at] ?? "") || STANCE.has(phrase[at] ?? "");
  const named = light ? phrase.slice(0, at).findLastIndex(readsAsNoun) : -1;
  return focusOf(run[Math.max(0, named !== -1 ? named : at)]?.term ?? terms[0] ?? null);
}

const AUXILIARY = new RegExp(String.raw`^(?:${AUXILIARIES}|am|be|been|shall|should|may|might|must)$`, "i");
/** Words of a phrase after "which" that may describe its noun: "which *Spanish energy* company". */
const MAX_WHICH_PHRASE = 4;
/** The words after "which" or "what" opening a question, up to MAX_WHICH_PHRASE, and a possessive's ending. */
const WHICH_WORDS = new RegExp(
  String.raw`^(?:(?:in|at|from|to|for|of|on|by|with|into)\s+)?(?:which|what)\s+((?:\p{L}+(?:['’]s?)?\s*){1,${MAX_WHICH_PHRASE}})`,
  "iu",
);

/**
 * The noun a "which" question asks for: "which federal *judge* struck …", "which *company* makes
 * …", "what was the name of the contract *photographer* …"; null for none.
 */
function whichNoun(index: PassageIndex, question: string): string | null {
  const [, phrase = ""] = WHICH_WORDS.exec(question.replace(NAME_OF, "which ")) ?? [];
  const words = phrase.trim().split(/\s+/);
  // "What does the bottom kill involve": an auxiliary, no noun, follows the question word.
  if (words[0] === undefined || words[0] === "" || AUXILIARY.test(words[0])) return null;
  const { mayBeNoun, readsAsVerb, readsAsNoun } = index.analyzer;
  const isStopWord = (word: string) => index.analyzer.isStopWord(word);
  // The phrase's noun is its last word that may be one, before a stop word, a verb ("which federal
  // judge *struck*"), or after a possessive ("which UK *university's* team"): "which Spanish energy
  // *company* is running", "which trading *house* bought".
  let noun: string | null = null;
  for (const written of words) {
    const bare = written.replace(/['’]s?$/, "");
    const possessive = bare !== written;
    const word = bare.toLowerCase();
    if (isStopWord(word)) break;
    // An adjective describes the noun to come ("which *experimental* drug"); a verb ends the phrase.
    if (!mayBeNoun(word)) {
      if (readsAsVerb(word)) break;
      continue;
    }
    if (noun !== null && readsAsVerb(word) && !readsAsNoun(word)) break;
    noun = word;
    if (possessive) break;
  }
  return noun;
}

/**
 * "Who was the nyc school *principal* who died …": the head of the noun phrase a "who is the"
 * question asks to name, before a relative clause, a preposition or the end.
 */
const WHO_THE =
  /^who(?:\s+(?:is|was|were|are)|['’]s)\s+the\s+(?:[\p{L}'’-]+\s+){0,4}?([\p{L}-]+)(?=\s+(?:who|that|which|whose|whom|in|at|of|on|for|from|with|to|by|after|before|during|when|where)\b|\s*[?.!]*\s*$)/iu;

/** The noun a question asks to name: "which *company* …", "what experimental *drug* …", "who was the *principal* who …". */
export function askedNoun(index: PassageIndex, question: string): string | null {
  return whichNoun(index, question) ?? WHO_THE.exec(question)?.[1] ?? null;
}

/**
 * Whether a question asks "which <noun>" of a person or a group ("which federal judge", "which
 * company"; WordNet's first sense of the noun): a name answers it.
 */
export function whichAsksName(index: PassageIndex, question: string): boolean {
  const noun = whichNoun(index, question);
  return noun !== null && index.analyzer.whoKind(noun) !== null;
}

/**
 * The noun of "which <noun>" when it is a group of people ("which company", "which party") or a
 * place ("in which city", "which province": WordNet's noun.location): the answer names it, seldom
 * with the noun ("Transocean owned the rig", "the crisis center in Houston"), where a person's role
 * comes with the name ("Republican congressman Joe Barton", "a widow of one of the 11 workers").
 */
function whichGroupAsked(index: PassageIndex, question: string): string | null {
  const noun = whichNoun(index, question);
  return noun !== null && (index.analyzer.whoKind(noun) === "group" || index.analyzer.isPlace(noun)) ? noun : null;
}

/** A corpus may make the same typo, once or twice ("wer" in a reader's comment): it is still a typo. */
const MISTYPED_IN_CORPUS = 2;
/** A term the corpus lacks, or has once or twice, whose every word as written is a stop word mistyped ("befor", "wer"). */
function mistypedStopWord(index: PassageIndex, term: string, written: Map<string, string[]>): boolean {
  const words = written.get(term) ?? [];
  return (
    (!index.has(term) || index.passageCount(term) <= MISTYPED_IN_CORPUS) &&
    words.length > 0 &&
    words.every((w) => isMistypedStopWord(index, w))
  );
}

/**
 * Likeliest corrections of a term the corpus lacks, best first: terms one edit from its stem
 * ("sipll" → "spill"); terms one edit from the word as written come first ("Valdes" → "valdez"),
 * then, between two stem corrections, those a real word one edit from the word as written reaches
 * ("inital" → "initial", not "unit").
 */
function correctionsOf(
  index: PassageIndex,
  term: string,
  written: Map<string, string[]>,
  names: ReadonlySet<string>,
  context: readonly string[],
): string[] {
  // The stem's neighbours, likeliest first; the two likeliest are its corrections, the rest wait
  // for the question's other words to choose (byContext).
  const neighbours = index.corrections(term, CONTEXT_CHOICES);
  const fromStem = neighbours.slice(0, 2);
  const words = written.get(term) ?? [];
  if (fromStem.length === 0) {
    // "Glaxo" for GlaxoSmithKline: a name typed short is the commonest name the corpus writes
    // that begins with it. Only a name of five letters or more, and only as a name.
    if (names.has(term) && term.length >= MIN_SHORT_NAME)
      return index
        .termsBegunBy(term)
        .filter((t) => writtenAsName(index, t))
        .slice(0, 1);
    // "populaton" stems to nothing near "popul", but as written it is one letter from
    // "population": a long lower-case word no dictionary knows is corrected as written. Not a
    // name, nor a short word, which may be a name typed in lower case: those stay unknown, unless
    // two letters swapped make a word of it ("cuaght").
    if (names.has(term) || words.some((w) => index.analyzer.isDictionaryWord(w.toLowerCase()))) return [];
    const asWritten = [
      ...new Set(
        words.flatMap((w) =>
          w.length >= MIN_WRITTEN_ONLY_TYPO ? termsOfWordsOneEditAway(index, w) : termsOfSwappedLetters(index, w),
        ),
      ),
    ];
    return byContext(index, asWritten, context).slice(0, 2);
  }
  // A name is its own stem, so a word as written one letter from a name is that name ("Valdes" is
  // "Valdez", whose stem is two letters from "vald"). Only where the stem has corrections too: a
  // word the stem leaves uncorrected ("Hayes", "hay") stays unknown, which keeps questions about
  // absent names unanswered.
  const fromWord = words.flatMap((w) => writtenNeighbours(index, w, term));
  const reached =
    fromStem.length < 2 && fromWord.length === 0 ? [] : words.flatMap((w) => reachedAsWritten(index, w, fromStem));
  const corrections = [...new Set([...fromWord, ...reached, ...neighbours])];
  // A name the corpus lacks is read only as a name the corpus has ("Mosoul" as Mosul), never as a
  // common word ("Craine" is not "crane"): an absent name is what leaves an off-topic question
  // unanswered.
  const kept = names.has(term) ? corrections.filter((c) => writtenAsName(index, c)) : corrections;
  return byContext(index, kept, context).slice(0, 2);
}

/** The shortest name read as the start of a longer one (`correctionsOf`). */
const MIN_SHORT_NAME = 5;
/** The shortest misspelling corrected only as written (`correctionsOf`). */
const MIN_WRITTEN_ONLY_TYPO = 7;

/** Corrections of one word weighed against the question's other words. */
const CONTEXT_CHOICES = 6;
/** Passages read per correction to see which of the question's other words it stands with. */
const CONTEXT_SAMPLE = 100;

/**
 * Corrections ordered by the company they keep: the one more of whose passages hold the question's
 * other words (each by its weight, the count damped by a logarithm) first, the given order
 * between equals. "bial" is one letter from "bill", "ball" and "bail"; in "how much was Dr
 * Murray's bial set at", "bail" stands with "Dr" and "Murray" in twelve passages, "bill" in two.
 * The joint count is a noisy channel's prior times its context model, read off the index.
 */
function byContext(index: PassageIndex, corrections: string[], context: readonly string[]): string[] {
  if (corrections.length < 2 || context.length === 0) return corrections;
  const company = new Map<string, number>();
  for (const correction of corrections) {
    const sample = index.passagesWith(correction, CONTEXT_SAMPLE);
    let weight = 0;
    for (const other of context) {
      const together = sample.filter((p) => index.passageHas(p, other)).length;
      weight += index.idf(other) * Math.log1p(together);
    }
    company.set(correction, weight);
  }
  return [...corrections].sort((a, b) => (company.get(b) ?? 0) - (company.get(a) ?? 0));
}

/**
 * The term a misspelling meant when the misspelling stems to a rarer corpus term of its own
 * ("professer" → "profess", meant "professor"): the word as written is no English word, and an
 * English word one edit from it stems to another corpus term, the commonest such.
 */
function typoOfAnotherTerm(index: PassageIndex, term: string, written: Map<string, string[]>): string | undefined {
  for (const word of written.get(term) ?? []) {
    // A word whose term is not its own stem is one the analyzer knows ("went" → "go").
    if (word !== word.toLowerCase() || !word.startsWith(term.slice(0, -1)) || index.analyzer.isDictionaryWord(word))
      continue;
    const neighbours = writtenNeighbours(index, word, term).filter((t) => t !== term);
    const [best] = reachedAsWritten(index, word, neighbours);
    if (best) return best;
    // "seperate" stems to "seper", which a scraped page or two misspell too, and no corpus term is
    // one edit from the word; the English word one edit from it ("separate") is, far more often.
    const own = index.passageCount(term);
    const [meant] = termsOfWordsOneEditAway(index, word).filter(
      (t) => t !== term && index.passageCount(t) >= TYPO_FREQUENCY_RATIO * own,
    );
    if (meant) return meant;
  }
  return undefined;
}

/**
 * The term of a word two swapped letters make of an English word of the question (`written`), when
 * the corpus writes the word itself at most `RARE_REAL_WORD` times and the swapped one
 * `REAL_WORD_SLIP_RATIO` times as often: "trail" in a trial's reports. Typed in lower case only.
 */
function realWordSlipOf(index: PassageIndex, term: string, written: Map<string, string[]>): string | undefined {
  const own = index.passageCount(term);
  if (own > RARE_REAL_WORD) return undefined;
  for (const word of written.get(term) ?? []) {
    if (word !== word.toLowerCase() || !index.analyzer.isDictionaryWord(word)) continue;
    const [slip] = termsOfSwappedLetters(index, word).filter(
      (t) => t !== term && index.passageCount(t) >= REAL_WORD_SLIP_RATIO * Math.max(1, own),
    );
    if (slip) return slip;
  }
  return undefined;
}

/** Corpus terms one edit from a word as written (in lower case), when that is not already its term. */
function writtenNeighbours(index: PassageIndex, word: string, term: string): string[] {
  const lower = word.toLowerCase();
  if (lower === term || !/^\p{L}{4,}$/u.test(lower)) return [];
  return index.commonestFirst(index.spellingNeighbours(lower));
}

/** Each question term with the words of the question that gave it, as written. */
function wordsAsWritten(index: PassageIndex, text: string): Map<string, string[]> {
  const words = new Map<string, string[]>();
  for (const t of index.analyzer.surfaceTerms(text)) {
    if (t.compound) continue;
    const list = words.get(t.term) ?? [];
    list.push(text.slice(t.start, t.end));
    words.set(t.term, list);
  }
  return words;
}

/** Terms the question writes as names: capitalised, and not the first word of a sentence. */
function namesIn(index: PassageIndex, text: string): Set<string> {
  const names = new Set<string>();
  for (const t of index.analyzer.surfaceTerms(text)) {
    const before = text.slice(0, t.start).trimEnd();
    if (!t.compound && /^\p{Lu}/u.test(text.slice(t.start, t.end)) && before !== "" && !/[.!?:]$/.test(before))
      names.add(t.term);
  }
  return names;
}

/**
 * How many question words a passage matches, counting those its neighbours in the same paragraph
 * add: an answer excerpt may join them ("A 7.0 earthquake struck Haiti. Rescue teams looked for
 * survivors." answers "earthquake survivors").
 */
function matchedWithNeighbours(
  index: PassageIndex,
  hit: PassageHit,
  terms: string[],
  standIns: Map<string, StandIn[]>,
): number {
  const own = new Set(hit.queryTerms);
  if (own.size >= MIN_MATCHED_TERMS) return own.size;
  const passage = hit.passage;
  const siblings = index.report(passage.reportId)?.passages;
  const neighbours = [siblings?.at(passage.ordinal - 1), siblings?.at(passage.ordinal + 1)].filter(
    (p) => p !== undefined && p.paragraph === passage.paragraph,
  );
  let count = own.size;
  for (const term of terms) {
    if (own.has(term)) continue;
    const found = (standIns.get(term) ?? []).some((s) => neighbours.some((p) => p && index.passageHas(p, s.term)));
    if (found) count++;
  }
  return count;
}

/** `read`, remembered per term for the one question. */
function oncePerTerm<T>(read: (term: string) => T): (term: string) => T {
  const known = new Map<string, T>();
  return (term) => {
    if (!known.has(term)) known.set(term, read(term));
    return known.get(term) as T;
  };
}

/** The best credit among `standIns` that the passage before `hit`'s in its report holds; 0 for none. */
function creditBefore(index: PassageIndex, hit: PassageHit, standIns: readonly StandIn[]): number {
  const before = index.report(hit.passage.reportId)?.passages.at(hit.passage.ordinal - 1);
  if (!before) return 0;
  return Math.max(0, ...standIns.filter((s) => index.passageHas(before, s.term)).map((s) => s.credit));
}

/** (Report, term) pairs whose answer is kept per index (a few MB of short keys). */
const REPORT_TERMS_KEPT = 50_000;
/**
 * Whether a report holds a term, kept per index (a reload makes a new one): questions on one story
 * ask it of the same reports and words, five times for each pair read at the Timeline17 size, and
 * a pair reads each of the report's passages.
 */
const reportTermsOf = recentlyUsedPer<PassageIndex, string, boolean>(REPORT_TERMS_KEPT);

/** Whether any passage of `hit`'s report has `term`. */
function reportHasTerm(index: PassageIndex, hit: PassageHit, term: string): boolean {
  const known = reportTermsOf(index);
  const key = `${hit.passage.reportId}\n${term}`;
  const remembered = known.get(key);
  if (remembered !== undefined) return remembered;
  const run = index.report(hit.passage.reportId)?.passages;
  const first = run?.firstId ?? hit.passage.id;
  const count = run?.length ?? 1;
  let has = false;
  for (let id = first; id < first + count && !has; id++) has = index.passageIdHas(id, term);
  known.set(key, has);
  return has;
}

/**
 * The share of the question's weight a passage's report matches, in that passage or any other:
 * each word at the best credit of a stand-in found anywhere in the report.
 */
function reportShare(
  index: PassageIndex,
  hit: PassageHit,
  terms: string[],
  standIns: Map<string, StandIn[]>,
  weights: Map<string, number>,
): number {
  const reportHas = (term: string) => reportHasTerm(index, hit, term);
  let matched = 0;
  let total = 0;
  for (const term of terms) {
    const weight = weights.get(term) ?? 0;
    total += weight;
    const best = [...(standIns.get(term) ?? [])].sort((a, b) => b.credit - a.credit).find((s) => reportHas(s.term));
    matched += weight * (best?.credit ?? 0);
  }
  return total === 0 ? 0 : matched / total;
}

/** The passages that answer `text` (a question or a topic), best first. */
export function answeringPassages(index: PassageIndex, text: string, filter: PassageFilter): RankedPassage[] {
  return rankPassages(index, text, filter).candidates.filter((c) => c.answers);
}
