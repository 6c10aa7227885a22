import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion, rankForQuestion } from "../src/search/answer.js";
import type { PassageIndex } from "../src/search/index.js";
import { inShortForm } from "../src/search/question-forms.js";
import { focusTerm } from "../src/search/relevance.js";
import { openCorpus } from "../src/sitrep.js";
import { oneSentenceReports, tempCorpus } from "./helpers/corpus.js";

/** What a question asks about: the head of its first noun phrase, read with WordNet's parts of speech. */
describe("the question's focus", () => {
  let index: PassageIndex;
  beforeAll(async () => {
    ({ index } = await openCorpus({
      corpusDir: tempCorpus(
        oneSentenceReports([
          "The commission blamed the rig workers for the explosion.",
          "On Friday, BP lowered a containment box over the leak.",
        ]),
      ),
      dataDir: null,
    }));
  });

  const focusOf = (question: string) => focusTerm(index, question, index.analyzer.queryTerms(question));
  // As the question reads the word: "UK" is its alias group's term.
  const term = (word: string) => index.analyzer.queryTerms(word)[0];

  it.each([
    // The head noun, not the first word of its phrase.
    ["What did the presidential oil spill commission blame for the explosion?", "commission"],
    ["Is the flu outbreak in Mexico levelling off?", "outbreak"],
    ["Did the BA cabin crew member have swine flu?", "member"],
    ["Who was the first swine flu patient to die in Britain?", "patient"],
    // After "which" the phrase names what is asked for: a word that reads as a verb before a
    // finite verb is its noun, and a word in lower case is no subject name.
    ["Which federal judge struck down the drilling ban?", "judge"],
    ["which trading house bought the fields", "house"],
    // An adjective describes the noun to come.
    ["What experimental drug was he treated with?", "drug"],
    ["which company BP hired", "company"],
    // A verb typed with a typo ends the phrase as the verb would.
    ["which rig worker widows testifed to congress", "widows"],
    // A typo one edit from a verb and a noun both, that reads as a noun, is the noun ("governed", "governor").
    ["who's the gulf state governer that wrote the book", "governer"],
    // A slash joins two words of one phrase.
    ["how many of those oil/water separator machines did Costner supply", "machines"],
    // The predicate after the subject is not part of it: a verb, or a word that is no noun.
    ["How many rig workers lost their jobs?", "workers"],
    ["How many kids infected at the school?", "kids"],
    // A verb inflected with its consonant doubled, which WordNet's index lacks.
    ["How much was the doctor getting paid per month?", "doctor"],
    ["Did the UK start testing for the virus?", "UK"],
    // A word most often an adjective is the head only when no noun is left: "Obama first".
    ["What did Obama first announce?", "Obama"],
    // One word, a verb opening the phrase, keywords alone, and a measure after "how".
    ["What salary will the chief executive get?", "salary"],
    ["Who announced the criminal probe into the spill?", "announced"],
    ["Who is replacing Hayward as chief executive?", "replacing"],
    ["eton swine flu closure", "eton"],
    // A name of several words is named by its last, as reports name people ("Lord Coe"); a place
    // or a word with a digit is no person's name.
    ["Seb Coe said BP would lose its Olympic sponsorship", "Coe"],
    ["UK H1N1 case count on 4 May", "UK"],
    ["How big a pension does the outgoing boss get?", "pension"],
    // A last word an auxiliary follows is the phrase's noun, the verb coming after the subject.
    ["How many surgical masks did Scotland send to England?", "masks"],
    ["What experimental drug was he being treated with?", "drug"],
    // Without its auxiliary the object runs into the subject: the name with its verb is the subject.
    ["How many pigs Egypt say to cull?", "pigs"],
    ["How much market value BP lose after the blast?", "value"],
    // A word for anyone says less than the noun before it; alone, it is the focus.
    ["did the cabin crew guy from the flight have swine flu", "crew"],
    ["Who was the first person in Britain to die?", "person"],
    // Typed all in lower case, a name is what the corpus writes as one.
    ["how heavy was the containment box bp put over the leak", "box"],
    ["how much market value bp lose after the blast", "value"],
    // Not a name that is part of the phrase, nor a name with no verb after it.
    ["How much of west Mosul Isis still hold?", "Isis"],
    // A clause set off before the question is not what it asks about.
    ["In the junk shot, what debris was fired into the well?", "debris"],
    // …nor an adverb between it and the question word ("according" was read as the focus).
    ["According to court filings, roughly how much money did the doctor owe?", "money"],
    // "The name of …" asks for what it names, which the answer need not call a name.
    ["whats the name of that supply boat that picked up the survivors", "boat"],
    ["What was the name of the Mexican boy who fell ill first?", "boy"],
    // …as languages that ask a name with "which" put it ("cuál es el nombre").
    ["which is the name of the rig that exploded?", "rig"],
    // A stance says less than whose it is: the answer says what the IRS says.
    ["What is the IRS's position on taxing the payments?", "IRS"],
    // After "which", a possessor is what is asked for; not after "the name of".
    ["Which national laboratory's researchers identified the bacterium?", "laboratory"],
    ["what was the name of jacqui fleming's baby boy who died", "boy"],
    // A word its verb follows is the phrase's noun, though more often a verb ("name") or an adjective.
    ["What new name did the agency get?", "name"],
    ["Which White House official went on television?", "official"],
    // What is counted, asked in place; a topic set before a dash and its question.
    ["the US sued BP plus how many other firms over the spill?", "firms"],
    ["anadarko boss who accused bp of negligence - who was that?", "boss"],
    // After "which", a past tense that is no noun is the verb, though a noun follows it.
    ["Which BP chairman caused offence with his remarks?", "chairman"],
    // Two questions in one: the first is no clause set off before the second (the typo "actualy" was the focus).
    ["what is the static kill thing bp was going to try, how does it actualy work", "static"],
    // An adverb or a particle opens no phrase ("down" was the focus).
    ["How far down under the sea floor had the well been drilled?", "floor"],
  ])("%s → %s", (question, word) => {
    expect(focusOf(question)).toBe(term(word));
  });

  it.each([
    // A question on when, where or how an event happened has no focus, its subject a pronoun…
    "How does it actually work?",
    "When did they cap the well?",
    // …an adverb before its verb, or a place after its question word.
    "When did they finally declare the well dead?",
    "where near the coast did oil wash in?",
    // "Which company" asks for a company's name, however its noun is described.
    "which company owned the rig?",
    "Which Spanish energy company is running the drilling plans?",
    // A possessive ends the phrase: the university is asked for, not its team.
    "Which UK university's team argued for it?",
  ])("%s → no focus", (question) => {
    expect(focusOf(question)).toBeNull();
  });

  it("reads the kind of a thing as the thing, once the long form is read: 'kind' is no word the answer says", () => {
    const question = inShortForm("What kind of trip had the students come back from?");
    expect(focusOf(question)).toBe(term("trip"));
  });

  // When, where, why or how an event happened: the answer may leave its subject unsaid ("the
  // clinic was searched on 22 July"), so no word of it must be there.
  it.each([
    "When did drug agents search the doctor's clinic?",
    "When did the coast guard close the harbour?",
    "Why did Obama first announce the moratorium?",
    "How has the government paid for the clean-up?",
    // The same asked in the passive: the well may be "the ruptured well", never "the BP well".
    "When was the BP well finally declared dead?",
    "Why were the Gulf fisheries closed?",
    "Where was the singer laid to rest?",
    // A fronted phrase holding a list ("aside from Mexico, the US and Canada,") is read past.
    "aside from mexico, the US and canada, which country had logged a death by mid may",
    // The same without the auxiliary, as people write who learnt English late.
    "When they stop the top kill?",
    "Where pink oily water was coming ashore?",
    "When the coast guard close the harbour?",
    // "Which" of a person or a group: a name answers, which need not say the noun.
    "Which company owned the rig?",
    "Which party filed the first lawsuit?",
    // "Which method / means": the answer tells the method ("a daily lottery"), without the word.
    "Which method was used to hand out the seats in the courtroom?",
    "By what means were the seats handed out?",
  ])("%s → no focus", (question) => {
    expect(focusOf(question)).toBeNull();
  });
});

describe("the answer decision with the focus as the head noun", () => {
  const reports = oneSentenceReports([
    "The commission blamed management failures for the explosion on the rig.",
    "A presidential inquiry into the election was opened in November.",
    "The commission met on Tuesday to hear the families.",
    "The explosion was heard far along the coast.",
    "Fishermen blamed the weather for a poor season.",
  ]);

  it("answers from a passage with the head noun when only its modifier is missing", async () => {
    const { index } = await openCorpus({ corpusDir: tempCorpus(reports), dataDir: null });
    const question = "What did the presidential inquiry commission blame for the explosion?";
    const [top] = rankForQuestion(index, question).candidates;
    // "presidential inquiry" is in the corpus and the passage lacks it: read as the first content
    // word, the focus was "presidential", and this passage needed two thirds of the question.
    expect(top?.evidence.focusMissing).toBe(0);
    expect(top?.coverage).toBeLessThan(0.65);
    expect(answerQuestion(index, question).results.map((e) => e.text)).toEqual([
      expect.stringMatching(/commission blamed management failures/),
    ]);
  });

  it("answers 'the name of' a person only from a passage that gives a name", async () => {
    const named = oneSentenceReports([
      "The infected Mexican was the first guest to fall ill at the hotel.",
      "The hotel reopened after a week of quarantine.",
    ]);
    const { index } = await openCorpus({ corpusDir: tempCorpus(named), dataDir: null });
    const question = "What was the name of the Mexican man who fell ill at the hotel?";
    expect(answerQuestion(index, question).results).toEqual([]);
    expect(answerQuestion(index, "which was the name of the Mexican man who fell ill at the hotel?").results).toEqual(
      [],
    );
    expect(answerQuestion(index, "how was called the Mexican man who fell ill at the hotel?").results).toEqual([]);
    const withName = oneSentenceReports([
      "A Mexican man, Juan Morales, was the first guest to fall ill at the hotel.",
      "The hotel reopened after a week of quarantine.",
    ]);
    const { index: namedIndex } = await openCorpus({ corpusDir: tempCorpus(withName), dataDir: null });
    expect(answerQuestion(namedIndex, question).results.map((e) => e.text)).toEqual([
      expect.stringMatching(/Juan Morales/),
    ]);
  });

  it("reads a pronoun a passage opens with as the person the passage before it names", async () => {
    const paid = "He was to be paid $150,000 a month.";
    const files = {
      ...oneSentenceReports(["The physician said the singer was never asked to pay.", "Fans paid tribute."]),
      "hired.txt": `date 2011-11-04\nThey remained friends and the singer hired the physician in May 2009.\n\n${paid}\n`,
      "other.txt": "date 2011-11-05\nThe weather was fine.\n\nHe was paid $20 for the tickets.\n",
    };
    const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    const question = "how much was the physician paid";
    expect(answerQuestion(index, question).results[0]?.text).toBe(paid);
    // A name typed in lower case stands for someone too, WordNet's ("jackson") or one it lacks.
    expect(index.analyzer.mayBeName("jackson")).toBe(true);
    expect(index.analyzer.mayBeName("hayward")).toBe(true);
    expect(index.analyzer.mayBeName("paid")).toBe(false);
    expect(answerQuestion(index, "how much was the singer's physician paid").results[0]?.text).toBe(paid);
    // Only the passage right after the naming one points back to it.
    const other = rankForQuestion(index, question).candidates.find((c) =>
      /tickets/.test(index.passageText(c.hit.passage)),
    );
    expect(other?.evidence.focusMissing ?? 1).toBe(1);
  });

  it("still leaves a question unanswered when the passage lacks the head noun", async () => {
    const { index } = await openCorpus({ corpusDir: tempCorpus(reports), dataDir: null });
    const question = "What did the presidential candidates blame for the explosion?";
    const [top] = rankForQuestion(index, question).candidates;
    expect(top?.evidence.focusMissing).toBe(1);
    expect(answerQuestion(index, question).results).toEqual([]);
  });
});

describe("who did an act", () => {
  it("is answered by a passage that names someone, however it tells the act; not by one that names no one", async () => {
    const question = "Who was airlifted off the North Sea oil rig as a precaution?";
    const named = oneSentenceReports([
      "A relative of the couple, Iain Askham, was flown home from a North Sea oil rig.",
      "Oil workers were told to take every precaution.",
      "The weather at sea was calm.",
    ]);
    const { index } = await openCorpus({ corpusDir: tempCorpus(named), dataDir: null });
    // "airlifted" is the act asked about, and the passage tells it in other words.
    expect(rankForQuestion(index, question).candidates[0]?.coverage).toBeLessThan(0.68);
    expect(answerQuestion(index, question).results.map((e) => e.text)).toEqual([expect.stringMatching(/Iain Askham/)]);
    const unnamed = oneSentenceReports([
      "One worker was flown home from a North Sea oil rig.",
      "Oil workers were told to take every precaution.",
      "The weather at sea was calm.",
    ]);
    const { index: unnamedIndex } = await openCorpus({ corpusDir: tempCorpus(unnamed), dataDir: null });
    expect(answerQuestion(unnamedIndex, question).results).toEqual([]);
  });
});

describe("who holds a role", () => {
  it("puts first a passage that names someone in the role asked about, before one that only names the role", async () => {
    const reports = oneSentenceReports([
      "They wanted to show the video when Dr Conrad Murray goes on trial, but the judge says it is not relevant.",
      "Dr Murray told trial Judge Michael Pastor that he would not testify at the trial.",
      "The jury at the Murray trial heard from a cardiologist on Friday.",
    ]);
    const { index } = await openCorpus({ corpusDir: tempCorpus(reports), dataDir: null });
    // A name that is the question's own ("Dr Conrad Murray") names no one in the role.
    expect(answerQuestion(index, "who was the judge in the murray trial").results[0]?.text).toMatch(/Michael Pastor/);
  });
});
