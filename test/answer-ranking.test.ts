import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerQuestion, definitionAsked, rankForQuestion, titledNameAsked } from "../src/search/answer.js";
import { rankPassages } from "../src/search/relevance.js";
import { openCorpus } from "../src/sitrep.js";
import { sentenceIndex, tempCorpus } from "./helpers/corpus.js";

describe("ranking: the question's words standing together", () => {
  // The same words, as often, in passages of the same length: only their order differs, so
  // without proximity the two tie and the first report would stay first.
  const scattered = "Energy alpha bravo charlie delta echo committee foxtrot golf hotel chairman spoke.";
  const together = "Alpha bravo charlie delta echo foxtrot golf hotel energy committee chairman spoke.";

  it("puts the passage that says them as the question does before one that scatters them", async () => {
    const index = await sentenceIndex([scattered, together]);
    const question = "What did the energy committee chairman say?";
    expect(answerQuestion(index, question).results[0]?.text).toBe(together);
    const ranked = rankPassages(index, question, {}).candidates;
    expect(ranked.map((c) => c.hit.passage.reportId)).toEqual([
      expect.stringMatching(/r1/),
      expect.stringMatching(/r0/),
    ]);
    // Same words, same counts, same length: the whole difference is where the words stand.
    expect(ranked[0]?.coverage).toBe(ranked[1]?.coverage);
  });

  it("counts words close together in any order", async () => {
    const index = await sentenceIndex([
      scattered,
      together.replace("energy committee chairman", "chairman energy committee"),
    ]);
    const ranked = rankPassages(index, "energy committee chairman", {}).candidates.map((c) => c.hit.passage.reportId);
    // Unordered pairs within five words count even out of the question's order.
    expect(ranked[0]).toMatch(/r1/);
  });
});

describe("ranking: what the question asks for", () => {
  it("answers 'how many' only from passages with a number, however many of its words the others have", async () => {
    const culling = "Egypt began culling pigs across Cairo to stop the swine flu virus spreading.";
    const counted = "Officials said 300,000 pigs in Cairo would be culled.";
    const index = await sentenceIndex([culling, counted]);
    const answer = answerQuestion(index, "How many pigs was Egypt culling in Cairo?");
    expect(answer.results.map((r) => r.text)).toEqual([counted]);
    // Without a number asked for, the passage with every word of the question answers first.
    expect(answerQuestion(index, "Why was Egypt culling pigs in Cairo?").results[0]?.text).toBe(culling);
    // With no number anywhere, nothing answers "how many", and the passage is a near miss.
    const numberless = await sentenceIndex([culling]);
    const none = answerQuestion(numberless, "How many pigs was Egypt culling in Cairo?");
    expect(none.results).toEqual([]);
    expect(none.nearMisses.map((r) => r.text)).toEqual([culling]);
  });

  it("answers 'where' with a place, not a month after 'in' ('in June'), and reads 'at his Los Angeles home'", async () => {
    const month = "Jackson died in June, after rehearsals.";
    const place = "Jackson died at his Los Angeles home, aged 50.";
    const index = await sentenceIndex([month, place, "The trial opened in September.", "Fans gathered outside."]);
    expect(answerQuestion(index, "where did jackson die").results[0]?.text).toBe(place);
    // Without a place asked for, the shorter passage comes first.
    expect(answerQuestion(index, "did jackson die").results[0]?.text).toBe(month);
  });

  it("does not take the place the question names for the answer to 'where'", async () => {
    const named = "The first death outside Mexico was confirmed.";
    const answer = "A toddler died in Texas, the first death from the flu outside Mexico, officials confirmed.";
    const index = await sentenceIndex([named, answer]);
    expect(answerQuestion(index, "where was the first death outside Mexico").results[0]?.text).toBe(answer);
  });

  it("reads a place after a compass bearing or a kind of place and 'of' ('south-east of Venice', 'the port of Venice', 'in the waters of Louisiana') as an answer to 'where'", async () => {
    const texts = [
      "The rig was drilling some way out at sea when the blast happened.",
      "The rig was drilling some way south-east of Venice when the blast happened.",
      "The rig was drilling some way from the port of Venice when the blast happened.",
      "The rig was drilling in the waters of Louisiana when the blast happened.",
    ];
    const index = await sentenceIndex(texts);
    const ranking = rankForQuestion(index, "where was the rig drilling when the blast happened");
    const fits = new Map(
      ranking.candidates.map((c) => [index.passageText(c.hit.passage), ranking.fitsWanted?.(c.hit.passage)]),
    );
    expect(texts.map((t) => fits.get(t))).toEqual([false, true, true, true]);
  });

  it.each([
    ["Egypt kill how many pigs?", true],
    ["Egypt is culling pigs? how many are we talking", true],
    ["so how many pigs did Egypt cull", true],
    ["Why won't Egypt publish how many pigs it culled?", false],
    ["What did Egypt say about how many pigs it culled?", false],
    // A second question beside the first: a passage without a number may answer the first.
    ["Why did Egypt cull its pigs, and how many were culled?", false],
  ])("reads '%s' as asking for a count: %s", async (question, counted) => {
    const index = await sentenceIndex([
      "Farmers in Egypt culled pigs.",
      "Egypt has culled 300,000 pigs so far, officials in Cairo said on Tuesday.",
    ]);
    const first = answerQuestion(index, question).results[0]?.text;
    if (counted) expect(first).toMatch(/300,000 pigs/);
    else expect(rankForQuestion(index, question).wanted).toBeNull();
  });

  it.each([
    "What is the latest death toll in Haiti?",
    "what's the earthquake death toll in haiti",
    "What was the total number of people killed in Haiti?",
    "haiti earthquake death toll",
  ])("reads '%s' as asking for a count: the toll named, not a number, does not answer", async (question) => {
    const named = "The death toll from the earthquake in Haiti rose again on Thursday, officials said.";
    const counted = "Officials said 230,000 people were killed in the earthquake in Haiti.";
    const index = await sentenceIndex([named, counted]);
    expect(rankForQuestion(index, question).wanted).toBe("quantity");
    expect(answerQuestion(index, question).results.map((r) => r.text)).toEqual([counted]);
  });

  it("reads no count in the digits of a name ('H1N1', 'G20')", async () => {
    const index = await sentenceIndex([
      "The H1N1 virus is not present in animals, but culling pigs could quell panic.",
      "Farmers met officials about the pigs.",
    ]);
    expect(answerQuestion(index, "how many pigs were culled").results).toEqual([]);
  });

  it("reads no count in an ordinal or a length joined to its unit ('12th century', 'six-month'), and reads 'eleven' as one", async () => {
    const index = await sentenceIndex([
      "A judge blocked the six-month moratorium on drilling, and rig workers fear for their jobs.",
      "Rig workers rallied outside the 12th century church against the drilling moratorium.",
    ]);
    expect(answerQuestion(index, "how many rig workers lost jobs over the drilling moratorium").results).toEqual([]);
    // Asked how long, the joined length answers.
    expect(answerQuestion(index, "how long is the drilling moratorium").results[0]?.text).toMatch(/six-month/);
    const counted = await sentenceIndex(["Eleven rig workers lost their jobs over the drilling moratorium."]);
    expect(answerQuestion(counted, "how many rig workers lost jobs over the drilling moratorium").results).toHaveLength(
      1,
    );
  });

  it("reads no count of people in an amount of heat, time or distance ('45 degree heat', 'the first 24 hours') or a multiple, unless those units are counted", async () => {
    const index = await sentenceIndex([
      "The blazing 45 degree heat and the stench of the dead weighed on soldiers at the front.",
      "Soldiers advanced seven miles in the first 24 hours of the offensive.",
    ]);
    expect(answerQuestion(index, "how many soldiers died").results).toEqual([]);
    // Counted in those units, the amount answers; and a measure asked for takes an amount in any unit.
    expect(answerQuestion(index, "how many miles did the soldiers advance").results[0]?.text).toMatch(/seven miles/);
    expect(answerQuestion(index, "how big was the soldiers' advance").results[0]?.text).toMatch(/seven miles/);
    const counted = await sentenceIndex(["Twelve soldiers died in 45 degree heat at the front."]);
    expect(answerQuestion(counted, "how many soldiers died").results).toHaveLength(1);
    // A multiple is no count either: "almost 50 times the number killed" says how many nowhere.
    const multiple = await sentenceIndex([
      "The cholera toll is almost 50 times the number of people killed by the flu.",
    ]);
    expect(answerQuestion(multiple, "how many people has the flu killed").results).toEqual([]);
    expect(answerQuestion(multiple, "how many times more people has cholera killed").results).toHaveLength(1);
  });

  it("answers 'how many years' with an amount in years before one in hours", async () => {
    const years = "On 29 November Dr Murray was sentenced to four years in county jail.";
    const index = await sentenceIndex(["Police interviewed Murray for three hours.", years]);
    expect(answerQuestion(index, "how many years did murray get").results[0]?.text).toBe(years);
    // Asked how long, with no unit named, either answers.
    expect(answerQuestion(index, "how long did murray get").results).toHaveLength(2);
  });

  it("answers a measure with no units of its own ('how big') by an amount in any unit, 'a' included", async () => {
    const index = await sentenceIndex([
      "The rebels now hold an area of the old town less than a kilometre wide.",
      "The rebels hold the area around the old mosque.",
    ]);
    expect(answerQuestion(index, "how big is the area the rebels hold").results[0]?.text).toMatch(/a kilometre wide/);
  });

  it("prefers a count of what happened to a forecast for a question on the past, and takes the forecast when it is asked", async () => {
    const forecast = "Up to 200,000 more residents could flee Mosul, aid workers warned.";
    const told = "Some 750,000 residents have fled Mosul since the offensive began, officials said.";
    const index = await sentenceIndex([forecast, told]);
    expect(answerQuestion(index, "how many residents have fled Mosul").results[0]?.text).toBe(told);
    expect(answerQuestion(index, "how many residents could flee Mosul").results[0]?.text).toBe(forecast);
    // A forecast ranks below what happened, even when it says the question's words more often.
    const predicted = "UK deaths could reach 750,000 deaths in the UK.";
    const counted = "Officials said on Monday that three UK deaths had been confirmed.";
    const deaths = await sentenceIndex([predicted, counted]);
    expect(answerQuestion(deaths, "how many UK deaths").results[0]?.text).toBe(counted);
    // Measured in its units: "in a few days … will" is a plan, "nine months of fighting" what happened.
    const durations = await sentenceIndex([
      "In a few days our forces will reach the river and bring the last battle for the city to its end.",
      "After nine months of battle for the city, 850,000 people had fled their homes, aid agencies working in the region said on Sunday.",
    ]);
    expect(answerQuestion(durations, "how long did the battle for the city last").results[0]?.text).toMatch(
      /nine months/,
    );
  });

  it("reads a fraction as an amount ('a third of the rescued birds')", async () => {
    const index = await sentenceIndex([
      "About a third of the rescued birds have died so far.",
      "Volunteers say the rescued birds are washed by hand.",
    ]);
    expect(answerQuestion(index, "how many rescued birds died").results.map((r) => r.text)).toEqual([
      "About a third of the rescued birds have died so far.",
    ]);
  });

  it("reads 'one' as a count, not as the pronoun ('a single one of the people')", async () => {
    const pronoun = "I can not tell you the name of a single one of the people who died on the rig.";
    const counted =
      "While the gulf will suffer for many years from this, most people there have their lives, except for the 11 who died on the rig when it burned.";
    const index = await sentenceIndex([pronoun, counted]);
    expect(answerQuestion(index, "how many people died on the rig").results.map((r) => r.text)).toEqual([counted]);
    const one = await sentenceIndex(["Officials said one worker died on the rig."]);
    expect(answerQuestion(one, "how many workers died on the rig").results).toHaveLength(1);
  });
});

describe('"what is X": a passage that says what X is', () => {
  const described = [
    "Hospitals gave the patients the antiviral drug Tamiflu within two days of the first symptoms.",
    "Tamiflu sales rose.",
    "Stocks of Tamiflu ran low in May.",
  ];

  it("answers first with the description ('the antiviral drug Tamiflu'), not the shortest mention", async () => {
    const index = await sentenceIndex(described);
    expect(answerQuestion(index, "what is tamiflu?").results[0]?.text).toBe(described[0]);
    expect(answerQuestion(index, "What's Tamiflu").results[0]?.text).toBe(described[0]);
  });

  it("reads an apposition or a copula as a description, and a phrase that only joins words as none", () => {
    const defines = definitionAsked("what is the top kill")!;
    expect(defines.test("All eyes are on the top kill, the pumping of heavy fluid into the well.")).toBe(true);
    expect(defines.test("The top kill is an attempt to plug the well with mud.")).toBe(true);
    expect(defines.test("Everyone waited for the outcome of the top kill.")).toBe(false);
    expect(defines.test("BP said the top kill had failed.")).toBe(false);
    // A word that picks one of several, or a clause that tells an event, says nothing of what it is.
    const well = definitionAsked("what is a relief well")!;
    expect(well.test("Work on the other relief well had already been stopped.")).toBe(false);
    expect(well.test("Work on the first relief well, which started 2 May, continues.")).toBe(false);
    expect(well.test("BP will complete its relief well, which is designed to kill the leaking well.")).toBe(true);
    // Named with an article after "called" or "known as", or told by what it involves or means.
    expect(defines.test("BP plans to use heavy mud and cement, a maneuver called a top kill.")).toBe(true);
    expect(defines.test("Crews can begin a process known as a “top kill” that would stop the flow.")).toBe(true);
    expect(defines.test("BP will try the “top kill,” which involves pumping heavy mud into the well.")).toBe(true);
    expect(defines.test("The top kill, which failed, was dropped.")).toBe(false);
  });

  it("reads what a plural includes as its description, also asked with 'of' ('what are the symptoms of swine flu')", () => {
    for (const question of ["what are the symptoms", "what are the symptoms of swine flu"]) {
      const defines = definitionAsked(question)!;
      expect(defines.test("Symptoms of swine and seasonal flu include fever, cough and sore throat."), question).toBe(
        true,
      );
      expect(defines.test("Doctors monitor reports of symptoms such as fever and cough."), question).toBe(true);
      expect(defines.test("Patients with flu-like symptoms, including fever, should stay home."), question).toBe(true);
      // A stop word describes nothing: "a recluse until your symptoms" is no "the antiviral drug Tamiflu".
      expect(defines.test("Become a recluse until your symptoms disappear."), question).toBe(false);
      expect(defines.test("No guests showed symptoms of swine flu on its ships."), question).toBe(false);
    }
  });

  it("reads 'who is <name>' as asking for a description of the person, named in full or by the surname", () => {
    const who = definitionAsked("who is Tony Hayward?")!;
    expect(who.test("Features interviews with Bob Dudley and Tony Hayward, the former chief executive.")).toBe(true);
    expect(who.test("Mr Hayward, the chief executive, flew to Houston.")).toBe(true);
    expect(who.test("BP said Mr Hayward had gone sailing.")).toBe(false);
    // More asked of the person than who they are is no such question.
    expect(definitionAsked("who is Tony Hayward meeting on Friday")).toBeNull();
  });

  it("answers 'who is <name>' with a passage giving the person's title before the name", async () => {
    const titled = "BP Chief Executive Tony Hayward said the company would clean up every drop of oil.";
    const index = await sentenceIndex([
      "Tony Hayward went sailing.",
      "Lawmakers grilled Tony Hayward.",
      "Protesters booed Tony Hayward.",
      titled,
    ]);
    expect(answerQuestion(index, "who is Tony Hayward").results[0]?.text).toBe(titled);
  });

  it("reads a name typed in lower case as the name the corpus writes, not a typo of a word one letter away", async () => {
    const index = await sentenceIndex([
      "Tony Hayward went sailing.",
      "BP boss Tony Hayward apologised.",
      "Tony Hayward spoke to lawmakers.",
      // "Tons": one letter from "tony", and written far more often.
      ...Array.from({ length: 12 }, (_, i) => `Crews collected ${i + 2} tons of tar balls on beach ${i}.`),
    ]);
    const [top] = rankForQuestion(index, "who is tony hayward").candidates;
    expect(top?.coverage).toBe(1);
    expect(top?.exactCoverage).toBe(1);
  });

  it("reads a title or role before the name as a description, not a verb, a given name or a form of address", async () => {
    const index = await sentenceIndex(["Tony Hayward spoke."]);
    const titled = titledNameAsked("who is tony hayward")!;
    const described = (text: string) =>
      [...text.matchAll(titled)].some(([, before = ""]) => index.analyzer.isRole(before.toLowerCase()));
    expect(described("BP CEO Tony Hayward arrived.")).toBe(true);
    expect(described("A letter to chief executive Tony Hayward.")).toBe(true);
    expect(described("Lawmakers told Tony Hayward to resign.")).toBe(false);
    expect(described("Shareholders and Tony Hayward met.")).toBe(false);
    expect(definitionAsked("who is the health secretary")).toBeNull();
    expect(titledNameAsked("who is the health secretary")).toBeNull();
    for (const word of ["ceo", "executive", "secretary", "spokesman"])
      expect(index.analyzer.isRole(word), word).toBe(true);
    for (const word of ["michael", "mr", "said", "tony"]) expect(index.analyzer.isRole(word), word).toBe(false);
  });

  it("reads a quoted coined name and 'in which' after it as a description", () => {
    const kill = definitionAsked("what is the bottom kill")!;
    expect(kill.test("Then the more laborious “bottom kill,” in which mud will be injected, starts.")).toBe(true);
    expect(kill.test("The well is sealed in a technique known as the “bottom kill”.")).toBe(true);
    expect(kill.test("BP said the “bottom kill” had been put off.")).toBe(false);
  });

  it("builds a pattern from any subject a user types, regex syntax included, that never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 200 }), (subject, passage) => {
        const defines = definitionAsked(`what is ${subject}`);
        if (defines) expect(typeof defines.test(passage)).toBe("boolean");
      }),
    );
    // A subject is words (letters, digits, hyphens, apostrophes); a hyphen meets a space or a hyphen.
    expect(definitionAsked("what is a+b?")).toBeNull();
    expect(definitionAsked("what is (((")).toBeNull();
    expect(definitionAsked("what is the top-kill")?.test("the top kill, the pumping of mud")).toBe(true);
  });

  it("is not asked by a question for an amount, a time or a person, or about an event", () => {
    for (const question of [
      "what is the death toll",
      "what was the total cost",
      "when is the hearing",
      "who is the health secretary",
      "who's mexico's health minister?",
      "what is happening in the old city now",
      "what did bp say",
    ])
      expect(definitionAsked(question), question).toBeNull();
  });
});

describe('"what did X say": a passage that reports speech', () => {
  it("answers first with what the agency said, not the shortest mention of the agency", async () => {
    const said = "It has never been seen before, the agency said.";
    const index = await sentenceIndex(["In April, the agency.", said, "The agency was busy."]);
    expect(answerQuestion(index, "what did the agency say?").results[0]?.text).toBe(said);
    // Asked about something else, the shortest mention stays first.
    expect(answerQuestion(index, "the agency").results[0]?.text).not.toBe(said);
  });

  it("reads a finding as what was said: 'what did the commission find' is answered by what it said", async () => {
    const said = "In its final report, the commission said the failures were systemic and likely to recur.";
    const index = await sentenceIndex(["A presidential commission will be set up to find what went wrong.", said]);
    expect(answerQuestion(index, "what did the commission find?").results[0]?.text).toBe(said);
    expect(answerQuestion(index, "what did the commission conclude?").results[0]?.text).toBe(said);
  });

  it("answers with the passage where the one asked about speaks, not one where others speak of it", async () => {
    const spokenOf = "His family insisted a second autopsy be done, over what they said were open questions.";
    const speaks = "The prosecutor said later that the autopsy of the singer found no traces of the drug demerol.";
    const index = await sentenceIndex([spokenOf, speaks]);
    expect(answerQuestion(index, "what did the autopsy show?").results[0]?.text).toBe(speaks);
    // "Said" before the speaker counts too ("said the coroner"), but no other verb before it does.
    const inverted = "No trace of the drug demerol was found in the body, said the autopsy of the singer.";
    const inverse = await sentenceIndex([spokenOf, inverted]);
    expect(answerQuestion(inverse, "what did the autopsy show?").results[0]?.text).toBe(inverted);
  });
});

describe('"latest on …": the newest report first', () => {
  it("answers a figure asked as it stands now with the newest report's, unless a date is asked", async () => {
    const newest = "BP raised its estimate of what the spill will cost it to $40 billion in total.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2010-05-24\nThe spill has cost BP $760 million.\n",
        "b.txt": "date 2010-07-05\nThe spill has cost BP $3.1 billion.\n",
        "c.txt": `date 2010-11-02\n${newest}\n`,
      }),
      dataDir: null,
    });
    expect(answerQuestion(index, "how much will the spill cost BP now").results[0]?.text).toBe(newest);
    expect(answerQuestion(index, "how much has the spill cost BP so far").results[0]?.text).toBe(newest);
    // As it stood by a date, the figure of then.
    expect(answerQuestion(index, "how much had the spill cost BP so far by late May").results[0]?.text).toBe(
      "The spill has cost BP $760 million.",
    );
  });

  it("puts the newest report's passage before older reports' mentions of the topic that rank higher", async () => {
    const newest = "Troops reached the last blocks of the old town as the dam battle ends.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2017-01-10\nThe dam battle began as troops moved on the town from the south.\n",
        "b.txt": "date 2017-03-10\nRefugees of the dam battle crossed the river on foot at night.\n",
        "c.txt": "date 2017-05-10\nThe dam battle rages on as both sides dig in for the summer.\n",
        "d.txt": `date 2017-07-09\n${newest}\n`,
      }),
      dataDir: null,
    });
    expect(answerQuestion(index, "latest on the dam battle").results[0]?.text).toBe(newest);
    expect(answerQuestion(index, "what's the most recent news on the dam battle").results[0]?.text).toBe(newest);
    // Asked without "latest", the shortest mention stays first.
    expect(answerQuestion(index, "the dam battle").results[0]?.text).not.toBe(newest);
  });

  it("quotes the newest report's lead, not a shorter sentence further down that matches as much", async () => {
    const lead = "Troops will announce a final victory in the long dam battle for the town, a general said.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2017-05-10\nThe dam battle rages on as both sides dig in for the summer.\n",
        "d.txt": `date 2017-07-09\n${lead}\n\nCrowds cheered in the streets.\n\nVictory would end the dam battle.\n`,
      }),
      dataDir: null,
    });
    expect(answerQuestion(index, "latest on the dam battle").results[0]?.text).toBe(lead);
  });
});

describe('a "when" question prefers a passage that says when, relative to its report\'s date', () => {
  it('puts "earlier in the day" before the same words without a time', async () => {
    const index = await sentenceIndex([
      "Sebelius, the newly confirmed health secretary, spoke to reporters.",
      "The Senate confirmed Sebelius as health secretary in a vote earlier in the day.",
    ]);
    const answer = answerQuestion(index, "When was Sebelius confirmed as health secretary?");
    expect(answer.results[0]?.text).toBe(
      "The Senate confirmed Sebelius as health secretary in a vote earlier in the day.",
    );
  });

  it("asked when something happened, does not take a date told only as a plan or hope for one", async () => {
    const planned = "The commission is set to release its final report in January.";
    const released =
      "The commission released its final report on the causes of the disaster on Tuesday, after months of hearings in Washington.";
    const index = await sentenceIndex([planned, released]);
    expect(answerQuestion(index, "when did the commission release its final report").results[0]?.text).toBe(released);
    // A clause a conjunction opens tells its own event, whatever the clause around it supposes.
    const supposed = "Oil could have leaked when the rig sank on Thursday.";
    const sank = await sentenceIndex([supposed, "Oil could have leaked when the rig sank."]);
    expect(answerQuestion(sank, "when did the rig sink").results[0]?.text).toBe(supposed);
    // A preposition opens no clause: the hearing "before Congress on Wednesday" is still to come.
    const toCome = "The chief executive will testify before Congress on Wednesday about the leak.";
    const testified = "The chief executive testified before Congress about the leak, aides said.";
    const hearing = await sentenceIndex([toCome, testified]);
    expect(answerQuestion(hearing, "when did the chief executive testify before Congress").results[0]?.text).toBe(
      testified,
    );
  });
});

describe('"when will …": a time to come answers, not the report\'s date', () => {
  const timeless = "Drug makers must ensure effective vaccines are available.";
  const pastYear = "Since 1997 the agency has made vaccines available to clinics.";
  const toCome = "It could take between four and six months to make vaccines available.";

  it("answers with a time to come first, then a recent day, and neither a long-past year nor no time", async () => {
    const recent = "Vaccines were made available to clinics on Monday.";
    const index = await sentenceIndex([timeless, pastYear, toCome, recent]);
    const answer = answerQuestion(index, "When will the vaccines be available?");
    // A recent day can answer: a report newer than the asker may say it happened.
    expect(answer.results.map((r) => r.text)).toEqual([toCome, recent]);
    // Without a time anywhere, nothing answers; the passage is a near miss.
    const none = answerQuestion(await sentenceIndex([timeless]), "When will the vaccines be available?");
    expect(none.results).toEqual([]);
    expect(none.nearMisses.map((r) => r.text)).toContain(timeless);
  });

  it("reads a named day after the report's date, a season or 'within weeks' as a time to come", async () => {
    for (const said of [
      "Vaccines should be available by 20 July, the agency said.",
      "Vaccines should be available by the autumn, the agency said.",
      "Vaccines should be available within weeks, the agency said.",
    ]) {
      const index = await sentenceIndex([timeless, pastYear, said]);
      expect(answerQuestion(index, "when are vaccines expected to be available").results[0]?.text, said).toBe(said);
    }
    // Asked about the past, the report's date answers: the shortest passage comes first.
    const index = await sentenceIndex([timeless, toCome]);
    expect(answerQuestion(index, "When were vaccines available?").results[0]?.text).toBe(timeless);
  });
});

describe('"who": a name besides the one asked about', () => {
  it("answers 'who was X's doctor' with the passage naming the doctor, not the one naming X", async () => {
    const index = await sentenceIndex([
      "The trial of Michael Jackson's doctor opens in America The hearing is set for Monday.",
      "Police spoke to the doctor of Michael Jackson, Conrad Murray, on Saturday.",
    ]);
    expect(answerQuestion(index, "who was Michael Jackson's doctor").results[0]?.text).toBe(
      "Police spoke to the doctor of Michael Jackson, Conrad Murray, on Saturday.",
    );
  });
});

describe('"which judge", "which company": a name answers, as for "who"', () => {
  it("puts the passage that names the company or school before one that only says the noun", async () => {
    const unnamed = "The company that owned the rig has been sued by families.";
    const named = "Transocean, the company that owned the rig, has been sued.";
    const index = await sentenceIndex([unnamed, named]);
    expect(answerQuestion(index, "which company owned the rig").results[0]?.text).toBe(named);
    // Not asked for a name, the shorter passage stays first.
    expect(answerQuestion(index, "was the company that owned the rig sued").results[0]?.text).toBe(unnamed);
    // A weekday or a month is no name: "which school closed" is not answered by "on Monday".
    const school = await sentenceIndex([
      "The school closed on Monday after pupils fell ill.",
      "Alleyn's school in Dulwich closed after pupils fell ill.",
    ]);
    expect(answerQuestion(school, "which school closed").results[0]?.text).toMatch(/^Alleyn's school/);
  });

  it("does not answer 'which drug' with a passage saying only 'an experimental drug', but with one naming it", async () => {
    const unnamed = "Wiener was being treated with an experimental drug, his family said.";
    const index = await sentenceIndex([
      unnamed,
      "The mayor said the school would stay closed for a week.",
      "Schools reopened across the city on Monday.",
    ]);
    expect(answerQuestion(index, "What experimental drug was Wiener being treated with?").results).toEqual([]);
    // An amount is no identity: "a high probability of success" answers "what probability".
    const amount = await sentenceIndex([
      "The top kill was supposed to have a high probability of success, BP said.",
      "The mayor said the school would stay closed for a week.",
    ]);
    expect(answerQuestion(amount, "What probability of success did BP give the top kill?").results[0]?.text).toMatch(
      /high probability/,
    );
    // Named in apposition, before or after the noun, the passage says which one.
    for (const named of [
      "Wiener was being treated with an experimental drug, Peramivir, his family said.",
      "Wiener was being treated with Peramivir, an experimental drug, his family said.",
      "Wiener was being treated with Peramivir as an experimental drug for the flu.",
    ]) {
      const withName = await sentenceIndex([named, "The mayor said the school would stay closed for a week."]);
      expect(answerQuestion(withName, "What experimental drug was Wiener being treated with?").results[0]?.text).toBe(
        named,
      );
    }
  });

  it("answers 'who was the school principal who died' with the passage naming him, not 'a New York City school principal'", async () => {
    const named =
      "Mitchell Wiener, an assistant principal at a New York City school, died of swine flu on Sunday after a week in hospital.";
    const index = await sentenceIndex([
      "A New York City school principal died of swine flu.",
      named,
      "Schools reopened across the city on Monday.",
    ]);
    expect(
      answerQuestion(index, "who was the New York City school principal who died of swine flu").results[0]?.text,
    ).toBe(named);
  });

  it("reads 'in which city' as asking a place's name, which the answer need not call a city", async () => {
    const index = await sentenceIndex([
      "The operation is being managed from the crisis center in Houston, Texas.",
      "Every city on the coast has a crisis plan for the spill operation.",
    ]);
    expect(answerQuestion(index, "In which city is the crisis center running the operation?").results[0]?.text).toMatch(
      /Houston/,
    );
  });

  it("weighs the noun asked as the answer's kind, which the answer need not say ('owned by Transocean')", async () => {
    const saysCompany = "Two oil companies said the rig sank on Thursday.";
    const names = "The rig, owned by Transocean, sank on Thursday.";
    const index = await sentenceIndex([saysCompany, names]);
    const coverage = (question: string, text: string) =>
      rankForQuestion(index, question).candidates.find((c) => index.passageText(c.hit.passage) === text)?.coverage ?? 0;
    // "Company" and "owned" weigh alike in the corpus; asked as the answer's kind, "company" weighs less.
    expect(coverage("which company owned the rig", names)).toBeGreaterThan(
      coverage("which company owned the rig", saysCompany),
    );
    expect(coverage("did a company own the rig", names)).toBeCloseTo(
      coverage("did a company own the rig", saysCompany),
      1,
    );
    expect(answerQuestion(index, "which company owned the rig").results[0]?.text).toBe(names);
  });
});

describe('"on what date", "which year": the unit asks when, it is not the topic', () => {
  const answerText = "The Mosul dam reopened to traffic on 3 May after repairs.";
  const other = "Engineers said no date had been set for the Mosul dam repairs to end.";

  it("answers with the passage that tells the event, not the one that says the word", async () => {
    const index = await sentenceIndex([other, answerText]);
    for (const question of [
      "On what date did the Mosul dam reopen after repairs?",
      "Which day did the Mosul dam reopen?",
    ]) {
      const answer = answerQuestion(index, question);
      expect(answer.results[0]?.text).toBe(answerText);
      // The unit is not a word of the question: a passage is not weighed by whether it says "date".
      expect(rankForQuestion(index, question).terms).not.toContain("date");
    }
  });
});

describe('"when did … first …": the earliest event, however a passage words it', () => {
  it("answers with the first taking, not the passage that says 'first' about another event", async () => {
    const seized = "Militants seized the town from the army on 10 June 2014.";
    const index = await sentenceIndex([
      "On the first day of the offensive the army took back two villages near the town.",
      seized,
    ]);
    const answer = answerQuestion(index, "When did militants first take the town?");
    expect(answer.results[0]?.text).toBe(seized);
    expect(rankForQuestion(index, "When did militants first take the town?").terms).not.toContain("first");
  });

  it("prefers the earliest day told, even when a later report tells it", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-03-20\nThe virus was found in the city's schools on Monday.\n",
      "b.txt": "date 2017-03-25\nThe virus was found in the city's river on 2 March, officials said.\n",
    });
    const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
    expect(answerQuestion(index, "When was the virus first found in the city?").results[0]?.text).toBe(
      "The virus was found in the city's river on 2 March, officials said.",
    );
  });

  it("keeps 'first' as a word of the question after a determiner ('his first visit')", async () => {
    const index = await sentenceIndex(["The mayor made his first visit to the port on Friday."]);
    expect(rankForQuestion(index, "Where did the mayor go on his first visit?").terms).toContain("first");
  });
});

describe("a person asked by full name, named by surname", () => {
  it("credits a passage with the surname alone when its report gives the full name", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2009-06-15\nJacqueline Fleming gave birth to a boy two weeks early.\n\nFleming died in intensive care at the Royal Alexandra hospital in Paisley.\n",
      "b.txt": "date 2009-06-16\nA statement said the son of Jacqueline Fleming was in a stable condition.\n",
      "c.txt": "date 2009-06-17\nA man named Fleming died in a road accident in Leeds on Sunday.\n",
      "d.txt":
        "date 2009-06-18\nJacqueline Fleming's family thanked the hospital.\n\nHer uncle, Tom Fleming, died in a fall at his farm in Perth.\n",
    });
    const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
    const [first] = rankForQuestion(index, "Where did Jacqueline Fleming die?").candidates;
    expect(index.passageText(first!.hit.passage)).toBe(
      "Fleming died in intensive care at the Royal Alexandra hospital in Paisley.",
    );
    // The same in lower case, the name read from how the corpus writes it.
    const [typed] = rankForQuestion(index, "where did jacqueline fleming die").candidates;
    expect(typed?.hit.passage.id).toBe(first?.hit.passage.id);
    // Another Fleming, in a report that never gives the given name, is not her.
    const other = rankForQuestion(index, "Where did Jacqueline Fleming die?").candidates.find((c) =>
      index.passageText(c.hit.passage).includes("road accident"),
    );
    expect(other?.evidence.coverage ?? 0).toBeLessThan(first!.evidence.coverage);
    // Nor is another Fleming named by his own given name, though his report names her too.
    const uncle = rankForQuestion(index, "Where did Jacqueline Fleming die?").candidates.find((c) =>
      index.passageText(c.hit.passage).includes("Tom Fleming"),
    );
    expect(uncle?.hit.queryTerms).not.toContain("jacquelin");
  });
});

describe('"why": a passage that gives a reason', () => {
  it("puts a passage with a reason before one that only tells the event", async () => {
    const told = "BP stopped drilling the two relief wells on Wednesday.";
    const reasoned = "As a precaution, BP stopped drilling the two relief wells on Wednesday.";
    const index = await sentenceIndex([told, reasoned]);
    expect(answerQuestion(index, "why did BP stop drilling the relief wells").results[0]?.text).toBe(reasoned);
    // Not asked why, the shorter passage stays first.
    expect(answerQuestion(index, "when did BP stop drilling the relief wells").results[0]?.text).toBe(told);
  });
});

describe("yes/no questions: a passage that settles it", () => {
  it("puts a passage that tells what happened before one that only supposes it", async () => {
    const supposed = "If Dr Murray is convicted, he faces up to four years in jail.";
    const told = "Dr Murray was convicted of involuntary manslaughter after a six-week trial.";
    const index = await sentenceIndex([supposed, told]);
    expect(answerQuestion(index, "was murray convicted").results[0]?.text).toBe(told);
    // Asked what may come, the supposition is the answer it was.
    expect(answerQuestion(index, "could murray be convicted").results[0]?.text).toBe(supposed);
  });

  it("reads 'whether' as unsettled", async () => {
    const unsettled = "Engineers are waiting to learn whether the top kill worked.";
    const told = "BP engineers said on Saturday afternoon that the top kill had not worked at all.";
    const index = await sentenceIndex([unsettled, told]);
    expect(answerQuestion(index, "did the top kill work").results[0]?.text).toBe(told);
  });
});

describe('"what killed …": a cause', () => {
  it("puts a passage that names a cause before one that names who is blamed", async () => {
    const blamed = "His lawyer said he would be known as the man who killed the singer.";
    const cause = "The singer died from an overdose of propofol, the coroner ruled.";
    const index = await sentenceIndex([blamed, cause]);
    expect(answerQuestion(index, "what killed the singer").results[0]?.text).toBe(cause);
  });

  it("puts a passage that names a cause before one with only another reason's word", async () => {
    const after = "The singer died after a rehearsal on Thursday.";
    const cause = "The singer died from an overdose of the drug propofol.";
    const index = await sentenceIndex([after, cause]);
    expect(answerQuestion(index, "what killed the singer").results[0]?.text).toBe(cause);
    // Asked why, both give a reason, and the shorter passage stays first.
    expect(answerQuestion(index, "why did the singer die").results[0]?.text).toBe(after);
  });

  it("reads a cause asked inside a passage as no cause told", async () => {
    const titled = "A documentary, What Really Killed the Singer, was shown on Sunday.";
    const told = "Propofol killed the singer, the coroner ruled on Friday.";
    const index = await sentenceIndex([titled, told]);
    expect(answerQuestion(index, "what killed the singer").results[0]?.text).toBe(told);
  });
});

describe('"for each barrel", "per dose": an amount per unit', () => {
  it("puts a passage that gives the amount per the unit asked before a total", async () => {
    const total = "BP faces fines of up to $21.1 billion for the oil spilled, the government said.";
    const perBarrel = "The government could fine BP up to $4,300 a barrel.";
    const index = await sentenceIndex([total, perBarrel]);
    expect(answerQuestion(index, "how much can the government fine BP for each barrel of oil").results[0]?.text).toBe(
      perBarrel,
    );
  });
});

describe('"the most …": a passage that ranks something', () => {
  it("puts 'hardest hit' or 'the highest number' before a passage that only counts", async () => {
    const counted = "Forty countries have confirmed cases of the new strain.";
    const ranked = "Mexico is the hardest-hit country, with 2,059 confirmed cases.";
    const index = await sentenceIndex([counted, ranked]);
    expect(answerQuestion(index, "which country had the most cases").results[0]?.text).toBe(ranked);
    // "Most" before a noun says "nearly all", and ranks nothing.
    const majority = "Most countries have confirmed cases of the new strain, officials said.";
    const asMajority = await sentenceIndex([counted, majority]);
    expect(answerQuestion(asMajority, "which country had the most cases").results[0]?.text).toBe(counted);
    // Not asked for the most, the shorter passage stays first.
    expect(answerQuestion(index, "which country had cases").results[0]?.text).toBe(counted);
  });
});

describe("ranking: a passage that asks", () => {
  it("is no answer, however many of the question's words it repeats", async () => {
    const asking = "What will engineers shoot into the well with the junk shot?";
    const telling = "The junk shot fires shredded tyres and golf balls into the blowout preventer to clog it.";
    const index = await sentenceIndex([asking, telling, "Oil kept leaking into the Gulf of Mexico on Friday."]);
    const answer = answerQuestion(index, "what will they shoot into the well with the junk shot");
    expect(answer.results[0]?.text).toBe(telling);
    expect(answer.results.map((r) => r.text)).not.toContain(asking);
  });
});

describe("candidates: a long question's answer among those its rarer words fetch", () => {
  it("fetches by up to eight of the question's rarest words, so an answer sharing none of the four rarest is read", async () => {
    const rare = ["zorbic", "quindle", "flarnish", "vemtor"];
    const index = await sentenceIndex([
      ...rare.flatMap((word) =>
        [1, 2, 3].map((n) => `Item ${n}: the ${word} report was filed on the harbour road in week ${n}.`),
      ),
      "Senator Jane Roe chaired the panel hearing on the spill.",
      // The answer's words are commoner than the four rarest: those alone never fetch it.
      ...[1, 2, 3, 4, 5, 6].map((n) => `The spill reached beach ${n}; a panel hearing there will be chaired later.`),
    ]);
    const question = "who chaired the zorbic quindle flarnish vemtor panel hearing on the spill";
    const texts = rankPassages(index, question, {}).candidates.map((c) => index.passageText(c.hit.passage));
    expect(texts).toContain("Senator Jane Roe chaired the panel hearing on the spill.");
  });
});
