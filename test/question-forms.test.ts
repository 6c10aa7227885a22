import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { inShortForm } from "../src/search/question-forms.js";
import { sentenceIndex } from "./helpers/corpus.js";

describe("inShortForm: a question's long form read as the short form of its kind", () => {
  it.each([
    ["On what date did BP cap the well?", "when did BP cap the well?"],
    ["which year did the war start", "when did the war start"],
    ["At what point did the WHO declare a pandemic?", "when did the WHO declare a pandemic?"],
    ["Until what date did the HPA tell Eton to stay closed?", "when did the HPA tell Eton to stay closed?"],
    ["how big a slice of macondo did mitsui hold", "how much of macondo did mitsui hold"],
    ["How large a stake in the well did Anadarko own?", "how much of the well did Anadarko own?"],
    ["How large a stake does BP hold in the pipeline's operator?", "how much does BP hold in the pipeline's operator?"],
    ["What was the number of deaths in Mexico?", "how many deaths in Mexico?"],
    ["what's the number of deaths in Mexico?", "how many deaths in Mexico?"],
    ["What is the total number of people who fled?", "how many people who fled?"],
    ["What was the approximate death toll of the quake?", "What was the approximate death toll of the quake?"],
    ["What is the size of the compensation fund?", "how much the compensation fund?"],
    ["What is the amount of market value BP lost?", "how much market value BP lost?"],
    ["What level of staff sickness were plans drawn up for?", "how much staff sickness were plans drawn up for?"],
    ["how many weeks is HK keeping its schools shut", "how long is HK keeping its schools shut"],
    ["For how many days was the beach closed?", "how long was the beach closed?"],
    ["how many days of testimony were there", "how many days of testimony were there"],
    ["What degree of damage did the coast suffer?", "how much damage did the coast suffer?"],
    ["What was the depth of the water where the rig sank?", "how deep the water where the rig sank?"],
    ["What was the distance between the rig and the coast?", "how far the rig and the coast?"],
    ["What was the weight of the containment dome?", "how heavy the containment dome?"],
    ["What was the location of the rig when it caught fire?", "where the rig when it caught fire?"],
    ["In which locations were the first cases found?", "where were the first cases found?"],
    ["In which parts of Scotland could GPs diagnose it?", "where in Scotland could GPs diagnose it?"],
    ["what areas of the coast got oil", "where in the coast got oil"],
    ["For what reason did the dome fail?", "why did the dome fail?"],
    ["What was the reason for the delay?", "why the delay?"],
    ["What was the cause of the explosion?", "why the explosion?"],
    // A cause asked with its verb: the causing is the asking's.
    ["what killed jackson", "why did jackson die"],
    ["What actually killed Jacko?", "why did Jacko die"],
    ["what caused the blast", "why the blast"],
    ["whats making the cleanup crews sick", "why the cleanup crews sick"],
    // A name asked with "how", as languages ask it that say "cómo se llama", "comment s'appelle".
    ["how is called the judge in the case?", "what is the name of the judge in the case?"],
    ["how are named the couple", "what are the name of the couple"],
    ["how was the rig called?", "what was the name of the rig?"],
    ["until when the restaurants stay closed?", "when the restaurants stay closed?"],
    ["what set off the outbreak", "why the outbreak"],
    ["what made the rig blow up", "why the rig blow up"],
    ["what made up most of the spill", "what made up most of the spill"],
    // The cause of death is a finding stated in those words ("the cause of death was …").
    ["What was the cause of death?", "What was the cause of death?"],
    ["what was the cause of his death", "what was the cause of his death"],
    ["Which official announced the criminal probe?", "who announced the criminal probe?"],
    ["Which individuals were the first cases?", "who were the first cases?"],
    ["What was the initial estimate of the number of barrels leaking?", "how many barrels leaking?"],
    ["What was the length of time for which Mexico was shut down?", "how long Mexico was shut down?"],
    ["What is the expected length of time needed to drill the well?", "how long drill the well?"],
    ["What was the amount of time it took to cap the well?", "how long cap the well?"],
    ["What was the duration of the ban?", "how long the ban?"],
    ["What proportion of west Mosul did Isis hold?", "how much of west Mosul did Isis hold?"],
    ["what percentage of federal waters were closed", "how much of federal waters were closed"],
    ["To what figure did senators want to lift the cap?", "how much did senators want to lift the cap?"],
    // A qualifier before the asked noun, as after "what is the": "what overall sum", "what total amount".
    ["What overall sum did Feinberg expect to pay?", "how much did Feinberg expect to pay?"],
    // A share asked with its verb after it: "what stake did …", "what share does …".
    ["what stake did Anadarko hold in the well?", "how much did Anadarko hold in the well?"],
    ["What share does Mitsui own?", "how much does Mitsui own?"],
    ["what total amount did the fund pay", "how much did the fund pay"],
    ["What quantity of grain did the ministry buy?", "how much grain did the ministry buy?"],
    ["What are the conditions of the deal BP made?", "what the deal BP made?"],
    ["What were the terms of the ceasefire?", "what the ceasefire?"],
    ["For how much time was the port closed?", "how long was the port closed?"],
    // A question word asked last, where the answer goes.
    // …after a clause set off before it, which stays first.
    ["If convicted, the maximum time in jail is how much?", "If convicted, how long the maximum in jail?"],
    ["the maximum time in jail is how much?", "how long the maximum in jail?"],
    ["How much part of west Mosul did Isis still hold?", "how much of west Mosul did Isis still hold?"],
    ["the fund is how big?", "how big the fund?"],
    // "When" asked last, its preposition kept ("till" as "until").
    ["mexico shut its schools in late april - till what date?", "when mexico shut its schools in late april until?"],
    ["the rig sank on which day?", "when the rig sank on?"],
    ["Salazar lifted the ban when?", "when Salazar lifted the ban?"],
    ["What reason did the president give for consulting specialists?", "why did the president consulting specialists?"],
    // A phrase set off before the long form stays.
    ["At its peak, what share of the gulf was closed?", "At its peak, how much of the gulf was closed?"],
    ["In 2010, what was the number of deaths?", "In 2010, how many deaths?"],
    // …and so does an adverb between it and the question word.
    [
      "According to the filings, roughly what was the number of debts?",
      "According to the filings, roughly how many debts?",
    ],
    // The kind asks for the noun after it.
    ["What kind of trip had the students been on?", "What trip had the students been on?"],
    ["which sort of drug did he take", "which drug did he take"],
    ["What types of fish were found?", "What fish were found?"],
  ])("%s → %s", (long, short) => {
    expect(inShortForm(long)).toBe(short);
  });

  it.each([
    "What did the number of cases do in May?",
    "Which hospital did the couple go to?",
    "Which unit liberated the district?",
    "How many people fled Mosul?",
    "Why did the date of the vote change?",
    "What was the length of the oil slick?",
    "What was the estimate of the damage?",
    "What level did the WHO raise its pandemic alert to?",
    "Oil, what did BP say about it?",
    "Who knows how much?",
  ])("leaves %s as asked", (question) => {
    expect(inShortForm(question)).toBe(question);
  });
});

describe("inShortForm: chat's spellings read as written English", () => {
  it.each([
    ["whos replacing hayward as bp ceo", "who's replacing hayward as BP ceo"],
    ["Whats the death toll", "What's the death toll"],
    ["why wont baghdad say how many soldiers died", "why won't baghdad say how many soldiers died"],
    ["why didnt the dome hold", "why didn't the dome hold"],
    ["1st us death from the new flu", "first us death from the new flu"],
    ["when was the 2nd case confirmed", "when was the second case confirmed"],
    ["what did gibbs say abt offshore drilling", "what did gibbs say about offshore drilling"],
    ["how many ppl r still trapped", "how many people are still trapped"],
    ["who is the eu health commish", "who is the EU health commissioner"],
    ["which footy matches were played", "which football matches were played"],
    ["which album went to no.1", "which album went to number one"],
    ["was room no 12 closed", "was room no 12 closed"],
    ["who at BP caught flak for the remark", "who at BP was criticised for the remark"],
    ["who made public the memo", "who released the memo"],
    ["how many money did bp pay", "how much money did BP pay"],
    // Thousands typed short, as a report writes the number.
    ["was murray paid 150k a month", "was murray paid 150,000 a month"],
    ["a $150K salary", "a $150,000 salary"],
    ["2.5k barrels", "2,500 barrels"],
    ["150 thousand people fled", "150,000 people fled"],
    ["a thousand people fled", "a thousand people fled"],
    ["the 5km slick", "the 5km slick"],
    ["how many people did bp pay", "how many people did BP pay"],
    ["which congressman make apologies to bp", "which congressman apologised to BP"],
    ["did hayward give an apology", "did hayward apologised"],
    ["when bp admit the top kill dont work?", "when BP admit the top kill failed?"],
    ["how many brits were polled", "how many Britons were polled"],
    ["where did the feds close fishing", "where did the federal officials close fishing"],
    ["when does his book hit shelves", "when does his book be published"],
    ["how many were saved when the platform went up in flames", "how many were saved when the platform caught fire"],
    ["which aide took a swipe at him", "which aide criticised him"],
    ["who in the family took the singer's doctor to court", "who in the family sued the singer's doctor"],
    ["who's in charge at the agency", "who's head of the agency"],
    ["who did obama put in charge of the response", "who did obama appoint to head the response"],
    ["when was allen placed in charge of the response", "when was allen appoint to head the response"],
    ["why didnt the big dome work", "why did the big dome fail"],
    ["why didn't the top kill work?", "why did the top kill fail?"],
    ["where does he work", "where does he work"],
    ["when does hayward leave the top job", "when does hayward step down"],
    ["what did the chief vet say", "what did the chief veterinary say"],
    ["why did govts doubt the blowout tech", "why did governments doubt the blowout technology"],
    ["who was the world health org spokesman", "who was the world health organization spokesman"],
    ["Whereabouts will BP and Rosneft be prospecting?", "where will BP and Rosneft be prospecting?"],
    ["how many bbl a day, and the tox tests", "how many barrels a day, and the toxicology tests"],
    ["which ww2 invasion, per the hk papers", "which world war two invasion, per the Hong Kong papers"],
    ["whereabouts in china did he end up", "where in china did he end up"],
    ["are his whereabouts known", "are his whereabouts known"],
    // How things stand somewhere is the latest there; "the situation of the civilians" is a topic.
    ["what is the situation now in mosul", "what's the latest in mosul"],
    ["how are things in the Old City", "what's the latest in the Old City"],
    ["what's new in Mosul", "what's the latest in Mosul"],
    ["whats going on with bps alaska pipeline", "what's the latest with bps alaska pipeline"],
    ["what is happening now in the Gulf", "what's the latest in the Gulf"],
    ["what is the situation of the civilians", "what is the situation of the civilians"],
    ["which univ and which hosp ran the mgmt study", "which university and which hospital ran the management study"],
    ["bp q3 2010 profit??", "BP third quarter 2010 profit??"],
    ["what did BP lose in Q2", "what did BP lose in second quarter"],
    ["was the Q5 model or the F-Q3 part recalled", "was the Q5 model or the F-Q3 part recalled"],
    ["which uni had 20 cases, any info tho", "which university had 20 cases, any information though"],
    ["pls who deleted the text msgs thx", "please who deleted the text messages thanks"],
    ["where'd swine flu first turn up", "where did swine flu first turn up"],
    ["when do the shops open their doors again", "when do the shops open again"],
    ["when did Mexico start pulling the plug on its economy", "when did Mexico start shut down its economy"],
    ["why did the rig blow up in the first place, per BP's probe", "why did the rig blow up, per BP's probe"],
    // "Back" before a time says only that it was a while ago; after a verb it completes, it stays.
    ["what did the lawyers ask for back in May 2011", "what did the lawyers ask for in May 2011"],
    ["how many died in the refinery blast back in 2005", "how many died in the refinery blast in 2005"],
    ["when did the crew come back in June", "when did the crew come back in June"],
    ["how far in the red was he when he died", "how much in debt was he when he died"],
    ["how many pigs are we talking about in egypt", "how many pigs are we talking about in egypt"],
    ["how many are we talking about in egypt", "how many in egypt"],
    // "How many" asks the whole already; "in total" stays, as answers say "the UK total" (a rate
    // does not answer either: answer.ts).
    ["how much oil gushed out altogether before the cap?", "how much oil gushed out before the cap?"],
    ["how many uk cases in total", "how many UK cases in total"],
    ["Egypt's culling its pigs? what's behind it", "Egypt's culling its pigs? why"],
    ["whats the max jail time if the doc gets convicted", "what's the maximum jail time if the doctor gets convicted"],
    ["how did transocean n halliburton react", "how did transocean and halliburton react"],
    [
      "when did who declare a full pandemic n who announced it",
      "when did WHO declare a full pandemic and who announced it",
    ],
    ["how many cases has who confirmed", "how many cases has WHO confirmed"],
    // "us" in lower case where the pronoun cannot stand is the United States (the pronoun stems as "used").
    ["what role did the us play", "what did the US do"],
    ["how many us troops are in iraq", "how many US troops are in iraq"],
    ["what did the us-led coalition bomb", "what did the US-led coalition bomb"],
    ["can you tell us when it began", "can you tell us when it began"],
    ["what part has britain played in the talks", "what has britain done in the talks"],
    ["when did murray get out of jail", "when did murray released from jail"],
    ["when did the couple get back from mexico", "when did the couple return from mexico"],
    ["did they get back in time", "did they get back in time"],
    ["what was halliburton's role in the spill", "what did halliburton do in the spill"],
    ["What is the role of the Coast Guard?", "what does the Coast Guard do?"],
    ["what was the part of the army in the battle", "what did the army do in the battle"],
    // A finding is asked as what was said (answer.ts prefers reported speech by the one asked about).
    ["what did the autopsy find", "what did the autopsy say"],
    ["what has the inquiry concluded about bp", "what has the inquiry say about BP"],
    ["did the autopsy find drugs", "did the autopsy find drugs"],
    // A light verb after "what <noun> did …" only carries the noun; a phrasal verb stays.
    ["what advice did the government give", "what advice did the government"],
    ["What commitment did Obama make in his remarks?", "What commitment did Obama in his remarks?"],
    ["what steps has bp taken to stop it", "what steps has BP to stop it"],
    ["which day will Dudley take over", "when will Dudley take over"],
    ["what instruction did Obama give his staff", "what instruction did Obama give his staff"],
    ["what did murray give jackson", "what did murray give jackson"],
    ["what did the who say about masks", "what did the WHO say about masks"],
    // A default alias's acronym in lower case is the acronym (only capitals make a short alias).
    ["who was the nyc school principal", "who was the NYC school principal"],
    ["what did the cdc and nato's chief say", "what did the CDC and NATO's chief say"],
    ["jonas bros shows", "jonas brothers shows"],
    ["how many hrs of footage did BP release", "how many hours of footage did BP release"],
    // … and how many hours it burned is how long it burned.
    ["how many hrs did the rig burn", "how long did the rig burn"],
    ["who sued BP cuz restaurants lost trade", "who sued BP because restaurants lost trade"],
    // An age typed short is the age a report writes.
    ["where did the 6yo girl die", "where did the 6-year-old girl die"],
    ["the 45 y/o man", "the 45-year-old man"],
    ["a 9 yr old boy", "a 9-year-old boy"],
    ["who's the mexico city health sec", "who's the mexico city health secretary"],
    ["what did the SEC say", "what did the SEC say"],
    ["the pic of the command centre", "the photo of the command centre"],
    ["which uni had activists n profs protesting", "which university had activists and professors protesting"],
    ["why is brazil rationing its flu meds", "why is brazil rationing its flu medication"],
    [
      "what powers did the decree give the govt w/ the army",
      "what powers did the decree give the government with the army",
    ],
  ])("%s → %s", (chat, written) => {
    expect(inShortForm(chat)).toBe(written);
  });

  it.each([
    "what happened on may 1st",
    "what happened on the 1st of May",
    "what did the rig do to its crew",
    "lets see the 13th report",
    "what did the u.s. say about N Korea",
    "when did w bush visit the gov's office",
    "what did Max say to his grandmother",
    "who declared the pandemic",
    "did who say anything",
    "the doctor who treated him, what was his name",
  ])("leaves %s as asked", (question) => {
    expect(inShortForm(question)).toBe(question);
  });
});

describe("inShortForm: a mistyped question word at the head", () => {
  const isWord = (word: string) => ["wat", "hoe", "wen", "there", "now"].includes(word);
  it.each([
    ["hwo many barrels leaked?", "how many barrels leaked?"],
    ["Hwo long did the leak last?", "how long did the leak last?"],
    ["hwo replaced Hayward?", "who replaced Hayward?"],
    ["whta did Hayward say?", "what did Hayward say?"],
    ["wehn was the well capped", "when was the well capped"],
    ["Wehre did the oil wash up?", "where did the oil wash up?"],
    ["whta was the number of deaths?", "how many deaths?"],
  ])("%s → %s", (typed, read) => {
    expect(inShortForm(typed, isWord)).toBe(read);
  });

  it("leaves an English word, a name and a longer word as they are", () => {
    expect(inShortForm("Wat Tyler led a revolt", isWord)).toBe("Wat Tyler led a revolt");
    expect(inShortForm("hoe the garden", isWord)).toBe("hoe the garden");
    expect(inShortForm("Whitney Houston died", isWord)).toBe("Whitney Houston died");
  });

  it("reads an English word one edit from a question word as that word before the auxiliary it takes, never a stop word", () => {
    expect(inShortForm("wen did isis take mosul", isWord)).toBe("when did ISIS take mosul");
    expect(inShortForm("wat is the death toll", isWord)).toBe("what is the death toll");
    expect(inShortForm("hoe many people fled", isWord)).toBe("how many people fled");
    expect(inShortForm("there were 11 deaths?", isWord)).toBe("there were 11 deaths?");
    expect(inShortForm("now is the well capped?", isWord)).toBe("now is the well capped?");
  });
});

describe("inShortForm: 'one' standing for a thing named before", () => {
  it("drops it after a determiner and before 'of', and keeps it counting", () => {
    expect(inShortForm("who hosted the awards, the one they turned into a tribute")).toBe(
      "who hosted the awards, the  they turned into a tribute",
    );
    expect(inShortForm("when was the NJ one")).toBe("when was the NJ ");
    expect(inShortForm("is the spill bigger than the exxon valdez one?")).toBe(
      "is the spill bigger than the exxon valdez ?",
    );
    expect(inShortForm("which school shut after one of the kids fell ill")).toBe(
      "which school shut after  of the kids fell ill",
    );
    expect(inShortForm("how many particles can one cough spray")).toBe("how many particles can one cough spray");
    expect(inShortForm("was the fine the one - 2 billion")).toBe("was the fine the one - 2 billion");
  });
});

describe("inShortForm: speech's dropped g", () => {
  const words = new Set([
    ...["saying", "leaking", "drilling", "cousin", "spin", "spring", "begin", "the", "was"],
    ...["swing", "making", "running"],
  ]);
  const isWord = (word: string) => words.has(word);
  // As WordNet reads them: "swing" is a verb of its own, the others forms of another.
  const inflected = new Set(["saying", "leaking", "drilling", "making", "running"]);
  const isInflectedVerb = (word: string) => inflected.has(word);

  it("reads a word that is no English word, or ends in an apostrophe, as its -ing form", () => {
    expect(inShortForm("sayin the preventer was leakin?", isWord, isInflectedVerb)).toBe(
      "saying the preventer was leaking?",
    );
    expect(inShortForm("when was the drillin' stopped", isWord, isInflectedVerb)).toBe("when was the drilling stopped");
  });

  it("leaves English words, names and words with no -ing form as typed", () => {
    expect(inShortForm("did his cousin begin in Berlin", isWord)).toBe("did his cousin begin in Berlin");
    expect(inShortForm("the spin doctor", isWord)).toBe("the spin doctor");
    expect(inShortForm("the eakin report", isWord)).toBe("the eakin report");
  });

  it("without the apostrophe, reads only a verb's -ing form: 'swin' is no dropped g of 'swing'", () => {
    expect(inShortForm("who was englands swin flu tsar", isWord, isInflectedVerb)).toBe(
      "who was englands swin flu tsar",
    );
    expect(inShortForm("why was he makin excuses and runnin late", isWord, isInflectedVerb)).toBe(
      "why was he making excuses and running late",
    );
  });
});

describe("a question asked in its long form gets the short form's answer", () => {
  it("reads 'what was the number of' as 'how many', preferring the passage with the figure", async () => {
    const index = await sentenceIndex([
      "Officials said the number of deaths in Mexico was rising and hospitals were full.",
      "Mexico has confirmed 152 deaths from the new flu.",
    ]);
    const first = (question: string) => answerQuestion(index, question).results[0]?.text;
    expect(first("How many deaths in Mexico?")).toMatch(/152 deaths/);
    expect(first("What was the number of deaths in Mexico?")).toMatch(/152 deaths/);
    expect(first("hwo many deaths in Mexico?")).toMatch(/152 deaths/);
  });
});
