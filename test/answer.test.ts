import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { answerQuestion, MAX_QUESTION_LENGTH, QuestionError, warmUpAnswers } from "../src/search/answer.js";
import { PassageIndex } from "../src/search/index.js";
import { TimeSlicer } from "../src/time-slice.js";
import { type OpenedCorpus, openCorpus, snapshotPathFor } from "../src/sitrep.js";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";

const MOSUL_FALL = "002_65310d27e48b504e"; // 9 July 2017, AFP: final victory imminent
const SIEGE = "000_836b727390f08bf6"; // 28 June 2017: push to the Tigris, Grand Mosque
const MISSION = "001_b0fe4d8c11b7b64b"; // 20 May 2017: special forces mission complete, UN displacement
const OLD_CITY = "003_348ec045e6fa3069"; // undated (its one full date is a photo caption's): fighting in the Old City
const OFFENSIVE = "004_ceb49da1b8e02d70"; // undated: second day of the offensive

let seeds: OpenedCorpus;
beforeAll(async () => {
  seeds = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
});

const top3 = (question: string) => answerQuestion(seeds.index, question, { limit: 3 }).results.map((r) => r.reportId);

describe("answerQuestion: the expected report is in the top 3", () => {
  const cases: [string, string, string][] = [
    ["plain question", "How many people have fled Mosul?", OLD_CITY],
    // "residents" is in no passage of it: one word ("displaced") alone no longer answers two.
    ["paraphrase", "How many people have been displaced?", MISSION],
    ["paraphrase", "When did the jihadists capture the city?", MOSUL_FALL],
    ["paraphrase", "Who blew up the Grand Mosque?", SIEGE],
    ["paraphrase", "How wide is the area still held by the militants?", SIEGE],
    ["paraphrase", "What did the US general say about victory?", MOSUL_FALL],
    ["paraphrase", "How close were forces to the outskirts of Mosul?", OFFENSIVE],
    ["paraphrase", "Human shields in the Old City", OLD_CITY],
    ["typo", "How many poeple fled Mosle?", OLD_CITY],
    ["typo", "peshmerga positons in Khazer", OFFENSIVE],
    ["typo", "suicide bombers in sleper cells", SIEGE],
    ["alias", "Daesh in the Old City", OLD_CITY],
    ["alias", "What did Islamic State do to the mosque?", SIEGE],
    ["alias", "ISIL booby traps", MOSUL_FALL],
    ["alias", "Where is Baghdadi hiding?", OLD_CITY],
    // "2", in no report as a digit, is the headline's "second day".
    ["number", "How close were Iraqi forces on day 2 of the offensive?", OFFENSIVE],
  ];
  for (const [kind, question, expected] of cases) {
    it(`${kind}: ${question}`, () => {
      expect(top3(question)).toContain(expected);
    });
  }
});

describe("answerQuestion: the no-answer threshold", () => {
  for (const question of [
    "bitcoin price forecast",
    "weather in Paris tomorrow",
    "best pizza recipe",
    "quantum computing",
  ]) {
    it(`finds nothing for "${question}"`, () => {
      const answer = answerQuestion(seeds.index, question);
      expect(answer.results).toEqual([]);
      expect(answer.message).toBe("No report covers this.");
    });
  }

  it("offers near misses, labelled apart from results, when part of the question matches", () => {
    const answer = answerQuestion(seeds.index, "Old City water supply restored");
    expect(answer.results).toEqual([]);
    expect(answer.nearMisses.length).toBeGreaterThan(0);
    expect(answer.nearMisses.every((e) => /Old City/.test(e.text))).toBe(true);
  });

  it("does not pass off passages that share only a common verb as answers", () => {
    const texts = answerQuestion(seeds.index, "How many militants are left in Mosul?", { limit: 10 }).results.map(
      (r) => r.text,
    );
    expect(texts[0]).toMatch(/fewer than 300 militants left in Mosul/);
    expect(texts.join(" ")).not.toMatch(/27 people dead|too weak to flee|600 metres/);
  });

  it("answers a question made only of stop words with nothing", () => {
    expect(answerQuestion(seeds.index, "what is it?").results).toEqual([]);
  });
});

/** The first excerpt's text for a question over a corpus folder, checked to be the report's text at its offsets. */
async function firstExcerptIn(dir: string): Promise<(question: string) => string | undefined> {
  const { index, corpus } = await openCorpus({ corpusDir: dir, dataDir: null });
  return (question) => {
    const first = answerQuestion(index, question).results[0];
    expect(corpus.reports.find((r) => r.id === first?.reportId)?.text.slice(first?.start, first?.end)).toBe(
      first?.text,
    );
    return first?.text;
  };
}

describe("answerQuestion: excerpts", () => {
  it("carries title, date and how the date was found, and a score", () => {
    const [first] = answerQuestion(seeds.index, "Grand Mosque blown up").results;
    expect(first).toMatchObject({ reportId: SIEGE, date: "2017-06-28", dateSource: "header" });
    expect(first?.title).toMatch(/^Iraqi forces have managed/);
    expect(first?.score).toBeGreaterThan(0);
  });

  it("labels an inferred date as inferred", () => {
    const result = answerQuestion(seeds.index, "peshmerga cleared seven villages").results[0];
    expect(result).toMatchObject({ reportId: OFFENSIVE, date: "2016-10-18", dateSource: "inferred" });
  });

  it("reports matched terms as written in the report, with their positions", () => {
    const [first] = answerQuestion(seeds.index, "Daesh residents trapped").results;
    expect(first?.matchedTerms).toEqual(expect.arrayContaining(["Daesh", "residents", "trapped"]));
    for (const h of first?.highlights ?? []) expect(first?.matchedTerms).toContain(first?.text.slice(h.start, h.end));
  });

  it("merges adjacent relevant sentences of one paragraph into one excerpt", () => {
    const results = answerQuestion(
      seeds.index,
      "soldier casualty figures and people who fled in nine months of fighting",
    ).results;
    const merged = results.find((r) => r.passageIds.length > 1);
    expect(merged?.text).toContain("In nine months of fighting");
    expect(merged?.text).toContain("casualty figures");
  });

  it("never merges sentences over a page's stamp between them on one line", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2009-04-25 Cabin crew member in hospital after flight from swine flu-struck Mexico World Health Organisation has warned countries to be on alert for any unusual flu outbreaks Saturday 25 April 2009 22.09 BST A member of cabin crew was taken to hospital with flu-like symptoms today after falling ill on a British Airways flight from Mexico City to Heathrow.",
      "b.txt": "date 2009-04-26 Pigs were culled in Egypt.",
      "c.txt": "date 2009-04-27 Schools closed in Mexico.",
    });
    const index = PassageIndex.build(await loadCorpus(dir));
    const question = "Did the BA cabin crew member from the Mexico City flight have swine flu?";
    const results = answerQuestion(index, question, { limit: 3 }).results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.text).not.toContain("22.09 BST");
  });

  it("takes the next sentence of the paragraph when only it holds the kind of answer asked for", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2009-05-06\nAdvert warns about flu\n\nThe government has appointed a swine flu tsar for England to deal with the threat. Ian Dalton, chief executive of NHS North East, will take the post. Schools stay open on Monday.\n",
      "b.txt": "date 2009-05-07\nSchools reopened in Mexico.\n",
      "c.txt": "date 2009-05-08\nPigs were culled in Egypt.\n",
      "d.txt":
        "date 2009-05-09\nWales names adviser\n\nThe health ministry named a flu adviser for Wales. Schools in Cardiff stay open on Monday.\n",
    });
    const index = PassageIndex.build(await loadCorpus(dir));
    const [who] = answerQuestion(index, "Who has been made England's swine flu czar?").results;
    expect(who?.text).toBe(
      "The government has appointed a swine flu tsar for England to deal with the threat. Ian Dalton, chief executive of NHS North East, will take the post.",
    );
    // A date in the next sentence is most often another event's: a "when" excerpt stays as it is.
    const [when] = answerQuestion(index, "When did the health ministry name a flu adviser for Wales?").results;
    expect(when?.text).toBe("The health ministry named a flu adviser for Wales.");
  });

  it("spreads results across reports rather than stacking one report", () => {
    const results = answerQuestion(seeds.index, "Iraqi forces Old City", { limit: 5 }).results;
    expect(new Set(results.map((r) => r.reportId)).size).toBeGreaterThanOrEqual(3);
  });

  it("never returns a near-identical excerpt twice", () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-01-01 The bridge over the Tigris was destroyed by an air strike on Monday.\n\nOther news.",
      "b.txt":
        "date 2017-01-02 The bridge over the Tigris was destroyed by an air strike on Monday night.\n\nMore news.",
      "c.txt": "date 2017-01-03 Engineers began repairing the Tigris bridge after the strike.",
    });
    return loadCorpus(dir).then((corpus) => {
      const results = answerQuestion(PassageIndex.build(corpus), "Tigris bridge air strike").results;
      expect(results.map((r) => r.reportId)).toEqual(["a", "c"]);
    });
  });

  it("quotes from a sentence's own words, after a wire dateline or a live blog's entry time", async () => {
    const dir = tempCorpus({
      "wire.txt":
        "date 2009-05-15\nATLANTA | Fri May 15, 2009 2:58 pm EDT ATLANTA (Reuters) - President Obama on Friday named a new director for the disease control agency.\n",
      "blog.txt":
        "date 2010-06-17\n3.50 pm: The committee is playing a video of testimony from the widows of the rig workers.\n",
      "other.txt": "date 2010-06-18\nThe harbour reopened to fishing boats on Friday.\n",
    });
    const ask = await firstExcerptIn(dir);
    const wire = ask("who did Obama name as director of the disease control agency");
    const blog = ask("committee video of testimony from the widows");
    expect(wire).toBe("President Obama on Friday named a new director for the disease control agency.");
    expect(blog).toBe("The committee is playing a video of testimony from the widows of the rig workers.");
  });

  it("quotes from after a caption run into the lead, unless the caption holds what the question asks", async () => {
    const ask = await firstExcerptIn(
      tempCorpus({
        "bbc.txt":
          "date 2009-06-22\nPupils have been given anti-viral medication as a precaution A school in Dorset is to close for one week after a pupil tested positive for swine flu.\n",
        "other.txt": "date 2009-06-23\nThe harbour reopened to fishing boats on Friday.\n",
      }),
    );
    expect(ask("is a school in Dorset to close after a pupil tested positive")).toBe(
      "A school in Dorset is to close for one week after a pupil tested positive for swine flu.",
    );
    expect(ask("were pupils given anti-viral medication")).toMatch(
      /^Pupils have been given anti-viral medication as a precaution A school/,
    );
  });

  it("every excerpt is the report text at its offsets, for any question", () => {
    const reports = new Map(seeds.corpus.reports.map((r) => [r.id, r]));
    const words = [...seeds.corpus.passages].flatMap((p) =>
      (reports.get(p.reportId)?.text.slice(p.start, p.end) ?? "").split(/\s+/).slice(0, 4),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 10 }),
        (parts, limit) => {
          const question = parts.join(" ").slice(0, MAX_QUESTION_LENGTH);
          if (question.trim() === "") return;
          const answer = answerQuestion(seeds.index, question, { limit });
          expect(answer.results.length).toBeLessThanOrEqual(limit);
          for (const e of [...answer.results, ...answer.nearMisses]) {
            expect(reports.get(e.reportId)?.text.slice(e.start, e.end)).toBe(e.text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("answerQuestion: dates", () => {
  it("prefers reports from a date phrase in the question, without filtering the others out", () => {
    const answer = answerQuestion(seeds.index, "Iraqi forces in June 2017");
    expect(answer.range).toEqual({ since: "2017-06-01", until: "2017-06-30", phrase: "June 2017" });
    expect(answer.results[0]?.date?.startsWith("2017-06")).toBe(true);
    expect(answer.message).toBeUndefined();
  });

  it("falls back to other dates when nothing from the phrase's period answers, and says so", () => {
    const answer = answerQuestion(seeds.index, "How many people have fled Mosul in 2015?");
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.message).toBe("No report from 2015 answers this; these answers come from other dates.");
  });

  it("refuses a period after every report, unless a passage tells of it, and says where the reports end", async () => {
    const answer = answerQuestion(seeds.index, "How many people have fled Mosul in 2019?");
    expect(answer.results).toEqual([]);
    expect(answer.nearMisses.length).toBeGreaterThan(0);
    expect(answer.message).toBe(`No report covers 2019: the newest report is from ${seeds.index.latestDate}.`);
    // A report looking ahead to the period tells of it.
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2010-08-02\nThe Gulf dead zone covered 7,722 square miles this summer.\n",
        "b.txt": "date 2010-09-08\nScientists expect the Gulf dead zone to shrink to 5,000 square miles in 2011.\n",
      }),
      dataDir: null,
    });
    const ahead = answerQuestion(index, "how big will the gulf dead zone be in 2011");
    expect(ahead.results.map((r) => r.text)).toEqual([
      "Scientists expect the Gulf dead zone to shrink to 5,000 square miles in 2011.",
    ]);
  });

  it("reads 'before … in October 2016' as up to the end of that month", () => {
    const answer = answerQuestion(seeds.index, "peshmerga villages before the offensive began in October 2016");
    expect(answer.range.since).toBeNull();
    expect(answer.range.until).toBe("2016-10-31");
    expect(answer.results.length).toBeGreaterThan(0);
    expect(new Set(answer.results.map((r) => r.reportId))).toEqual(new Set([OFFENSIVE]));
  });

  it("keeps --since/--until hard filters, also beside a date phrase in the question", () => {
    const answer = answerQuestion(seeds.index, "Mosul", { since: "2017-06-01", until: "2017-07-31" });
    // The Old City report is undated: its only full date was a photo caption's, which is not evidence.
    expect(new Set(answer.results.map((r) => r.reportId))).toEqual(new Set([SIEGE, MOSUL_FALL]));
    const phrased = answerQuestion(seeds.index, "Mosul in May 2017", { since: "2017-06-01" });
    for (const r of phrased.results) expect(r.date && r.date >= "2017-06-01").toBe(true);
  });

  it("answers 'what happened on <date>' with what reports said of that day and what the next day's led with", async () => {
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt":
          "date 2017-03-20\nThe dam burst on 1 March 2017, flooding the valley below it.\n\nRepairs began later.\n",
        "b.txt": "date 2017-03-02\nRescuers searched the flooded valley on Thursday after the dam burst.\n",
        "c.txt": "date 2017-04-10\nThe dam had been inspected in 2017, officials said.\n",
        "d.txt": "date 2017-02-10\nThe valley council met to discuss the harvest.\n",
        "e.txt": "date 2017-03-01\nThe school board approved its budget for the new year.\n",
      }),
      dataDir: null,
    });
    const answer = answerQuestion(index, "what happened on 1 March 2017");
    expect(answer.message).toMatch(/^Nothing to look for besides the date/);
    expect(answer.results.map((r) => r.text).sort()).toEqual([
      "Rescuers searched the flooded valley on Thursday after the dam burst.",
      "The dam burst on 1 March 2017, flooding the valley below it.",
      "The school board approved its budget for the new year.",
    ]);
    // "What happened" with words besides the date: of that day, what is said in those words.
    const atTheDam = answerQuestion(index, "what happened at the dam on 1 March 2017");
    expect(atTheDam.results.map((r) => r.text).sort()).toEqual([
      "Rescuers searched the flooded valley on Thursday after the dam burst.",
      "The dam burst on 1 March 2017, flooding the valley below it.",
    ]);
    expect(atTheDam.message).toMatch(/in the question's words/);
    // Nothing told of the day and nothing published then: no answer, not other dates.
    const nothing = answerQuestion(index, "what happened on 1 January 2015");
    expect(nothing.results).toEqual([]);
    expect(nothing.message).toBe("No report covers this.");
  });

  it("answers 'what happened to <something> in <month>' with that thing's fate, not what reports said of the month", async () => {
    const exploded = "A container of virus samples exploded on a Swiss train on Monday, injuring one woman.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": `date 2009-04-28\n${exploded}\n`,
        "b.txt": "date 2009-04-29\nThe virus spread in April across Mexico, officials said.\n",
        "c.txt": "date 2009-05-03\nIn April the virus samples were sent to laboratories in Atlanta.\n",
        "d.txt": "date 2009-04-30\nThe train company said services would run as normal.\n",
      }),
      dataDir: null,
    });
    const answer = answerQuestion(index, "What happened to the virus samples on the Swiss train in late April?");
    expect(answer.results[0]?.text).toBe(exploded);
    expect(answer.message ?? "").not.toMatch(/in the question's words/);
  });

  it("answers 'what happened on <date>' told by one report with its lead, not a second sentence echoing it", async () => {
    const lead = "Iraq will announce a final victory in the offensive to retake Mosul, a US general said.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        // Its second sentence shares the lead's words ("Mosul", "offensive"): within one report
        // that is no agreement between reports.
        "a.txt": `date 2017-07-09\n${lead}\n\nThe militants seized Mosul in a lightning offensive in 2014 before sweeping south.\n`,
        "b.txt": "date 2017-05-01\nThe river rose after the spring rains upstream of the town.\n",
      }),
      dataDir: null,
    });
    expect(answerQuestion(index, "what happened on 9 July 2017").results[0]?.text).toBe(lead);
  });

  it("answers 'what happened in <month>' with what happened then, not a hope or condition naming the month", async () => {
    const sealed = "Engineers sealed the leaking well with cement on Thursday, officials said.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2010-05-10\nBut this spill, especially if it lingers until August, could change everything.\n",
        "b.txt": "date 2010-06-20\nThe company is now hoping to seal the well by mid-July, rather than early August.\n",
        "c.txt": `date 2010-08-20\n${sealed}\n`,
        "d.txt": "date 2010-09-02\nThe cement plug held through late August, tests showed.\n",
      }),
      dataDir: null,
    });
    const texts = answerQuestion(index, "what happened in August 2010").results.map((r) => r.text);
    expect(texts.slice(0, 2).sort()).toEqual([sealed, "The cement plug held through late August, tests showed."]);
    expect(texts.join(" ")).not.toMatch(/lingers|hoping/);
  });

  it("answers 'what happened in <month>' with a lead before a caption or note that names a day of it", async () => {
    const lead = "Engineers lowered a containment dome over the leaking well on Friday.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2010-06-10\nIllustration: Eric Gay\\/AP (This caption was amended on 6 May 2010.\n",
        "b.txt":
          "date 2010-06-11\nGuards install floating dams May 27, 2010 on Grand Isle, Louisiana Photograph: Mario Tama\\/Getty Images\n",
        "c.txt": `date 2010-05-12\n${lead}\n`,
        "d.txt": "date 2010-05-13\nThe containment dome lowered over the leaking well by engineers ran into trouble.\n",
      }),
      dataDir: null,
    });
    expect(answerQuestion(index, "what happened in May 2010").results[0]?.text).toBe(lead);
  });

  it("answers 'what happened in <month>' with sentences that tell what happened, not captions or questions", async () => {
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2020-05-04\nHarbour strike: will the dockers and the cranes stop the port?\n",
        "b.txt": "date 2020-05-05\nDockers at the harbour went on strike over pay, halting the cranes at the port.\n",
        "c.txt": "date 2020-05-06\nThe harbour strike by dockers stopped the cranes at the port for a second day.\n",
        "d.txt": "date 2020-05-07\nStriking dockers are seen beside the harbour cranes at the port.\n",
        "e.txt": "date 2020-05-08\nThe port's owners offered the striking dockers a pay rise.\n",
      }),
      dataDir: null,
    });
    const texts = answerQuestion(index, "What happened in May 2020?", { limit: 2 }).results.map((r) => r.text);
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text).not.toMatch(/\?$| are seen /);
  });

  it("reads the leads of a sample of a busy period's reports, spread over it, not of every report", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) {
      const day = String(1 + (i % 31)).padStart(2, "0");
      files[`r${i}.txt`] =
        `date 2020-05-${day}\nDockers unloaded ship number ${i} at the harbour as the cranes worked on.\n\n` +
        `Harbour officials counted ${i} containers on the quay that day.\n`;
    }
    const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    const tokenize = vi.spyOn(index.analyzer, "tokenize");
    const answer = answerQuestion(index, "What happened in May 2020?");
    expect(answer.results.length).toBeGreaterThan(0);
    // Two leads each of 120 reports at most, and the few sentences the date phrase finds: every
    // report's leads were 800.
    expect(tokenize.mock.calls.length).toBeLessThanOrEqual(2 * 120 + 40);
    expect(tokenize.mock.calls.length).toBeGreaterThan(100);
  });

  it("answers 'what happened on <date>' with a later report's sentence telling of the day in its own words", async () => {
    const told = "Troops pushed towards the banks of the river from the old town on Tuesday, officers said.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        // 28 June 2017 was a Wednesday: its report leads with that day's news and tells of Tuesday later.
        "a.txt": `date 2017-06-28\nThe militants are fighting back more fiercely than ever in the last district.\n\nAid agencies warned of shortages of water and food.\n\nThe city council met to plan the clean-up.\n\n${told}\n`,
        "b.txt": "date 2017-06-10\nThe city council met to plan the clean-up of the old town.\n",
      }),
      dataDir: null,
    });
    const answer = answerQuestion(index, "what happened on 27 June 2017");
    expect(answer.results[0]?.text).toBe(told);
  });

  it("answers 'what did <someone> say on <date>' from that day's reports, however often other days name them", async () => {
    const onTheDay =
      "The mayor said the town would rebuild the flooded bridge within a year, with help from the state.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2017-02-10\nThe mayor thanked the mayor of the next town.\n",
        "b.txt": "date 2017-02-20\nMayor and deputy mayor met.\n",
        "c.txt": "date 2017-03-15\nThe mayor, the mayor's aide said, was away.\n",
        "d.txt": `date 2017-03-01\n${onTheDay}\n`,
      }),
      dataDir: null,
    });
    const answer = answerQuestion(index, "What did the mayor say on 1 March 2017?");
    expect(answer.results[0]?.text).toBe(onTheDay);
    expect(answer.results.map((r) => r.date)).toEqual(["2017-03-01"]);
  });

  it("answers 'what did <someone> say in <month> about <something>' as any question, the period preferred", async () => {
    const aboutTheSchool = "The mayor said the new school on the hill would open its doors in September.";
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2017-03-02\nThe mayor said in March that the flooded bridge would be rebuilt within a year.\n",
        "b.txt": "date 2017-03-09\nThe mayor said on Monday in March that rates would rise.\n",
        "c.txt": `date 2017-03-20\n${aboutTheSchool}\n`,
        "d.txt": "date 2017-01-05\nParents asked where the new school would be built.\n",
      }),
      dataDir: null,
    });
    // Read as "what happened in March", it answered with what the mayor said of March, the bridge first.
    const answer = answerQuestion(index, "What did the mayor say in March 2017 about the new school?");
    expect(answer.results[0]?.text).toBe(aboutTheSchool);
  });

  it("reads only the leads of a period's reports that hold a word of the question, however many were published", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      files[`w${i}.txt`] =
        `date 2017-03-0${(i % 9) + 1}\nRain fell on the valley farms for day ${i}.\n\nThe roads stayed open.\n`;
    }
    files["m.txt"] = "date 2017-03-05\nThe mayor said the flooded bridge would be rebuilt within a year.\n";
    const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    const reads = vi.spyOn(index, "passageText");
    try {
      const answer = answerQuestion(index, "What did the mayor say in March 2017?");
      expect(answer.results[0]?.text).toBe("The mayor said the flooded bridge would be rebuilt within a year.");
      // The 60 weather reports' 120 leads hold no word of the question: none is read.
      expect(reads.mock.calls.length).toBeLessThan(20);
    } finally {
      reads.mockRestore();
    }
  });

  it("filters by report", () => {
    const answer = answerQuestion(seeds.index, "Mosul", { reportIds: [MISSION] });
    expect(new Set(answer.results.map((r) => r.reportId))).toEqual(new Set([MISSION]));
  });
});

describe("answerQuestion: an overview asked", () => {
  it("quotes the best passages on the topic and says a timeline gives the overview", () => {
    const answer = answerQuestion(seeds.index, "Can you summarise the battle for Mosul?");
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.message).toBe("For an overview, ask for a timeline of “the battle for Mosul”.");
    const alone = answerQuestion(seeds.index, "quick summary pls");
    expect(alone.results).toEqual([]);
    expect(alone.message).toBe("No single passage answers this. For an overview, ask for a timeline.");
    // A question that asks for no overview gets no note.
    expect(answerQuestion(seeds.index, "How many people have fled Mosul?").message).toBeUndefined();
  });
});

describe("answerQuestion: bad questions", () => {
  it("refuses an over-long question with its length and the limit", () => {
    expect(() => answerQuestion(seeds.index, "why ".repeat(100))).toThrow(QuestionError);
    expect(() => answerQuestion(seeds.index, "x".repeat(301))).toThrow(/301 characters long; the limit is 300/);
  });

  it("refuses an empty question", () => {
    expect(() => answerQuestion(seeds.index, "   ")).toThrow(/empty/);
  });
});

describe("index snapshot", () => {
  it("is written on first open, reused while the corpus is unchanged, rebuilt when it changes", async () => {
    const dir = tempCorpus({ "a.txt": "date 2017-01-01 Mosul dam repairs began in January." });
    const dataDir = tempDir();
    const first = await openCorpus({ corpusDir: dir, dataDir });
    expect(first.fromSnapshot).toBe(false);
    const snapshot = snapshotPathFor(dataDir, dir);
    expect(statSync(snapshot).size).toBeGreaterThan(0);

    const second = await openCorpus({ corpusDir: dir, dataDir });
    expect(second.fromSnapshot).toBe(true);
    expect(answerQuestion(second.index, "dam repairs").results[0]?.reportId).toBe("a");

    writeFileSync(path.join(dir, "b.txt"), "date 2017-02-01 The dam was declared safe in February.");
    const third = await openCorpus({ corpusDir: dir, dataDir });
    expect(third.fromSnapshot).toBe(false);
    expect(answerQuestion(third.index, "dam declared safe").results[0]?.reportId).toBe("b");
  });

  it("rebuilds, without failing, from a corrupt snapshot", async () => {
    const dir = tempCorpus({ "a.txt": "date 2017-01-01 Mosul dam repairs began in January." });
    const dataDir = tempDir();
    await openCorpus({ corpusDir: dir, dataDir });
    const snapshot = snapshotPathFor(dataDir, dir);
    writeFileSync(snapshot, readFileSync(snapshot, "utf8").slice(0, 100));
    const reopened = await openCorpus({ corpusDir: dir, dataDir });
    expect(reopened.fromSnapshot).toBe(false);
    expect(answerQuestion(reopened.index, "dam").results).toHaveLength(1);
  });

  it("answers identically from a snapshot and from a fresh build", async () => {
    const dataDir = tempDir();
    await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    const fromSnapshot = await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    expect(fromSnapshot.fromSnapshot).toBe(true);
    for (const q of ["How many people have fled Mosul?", "Daesh booby traps", "grand mosq"]) {
      expect(answerQuestion(fromSnapshot.index, q)).toEqual(answerQuestion(seeds.index, q));
    }
  });
});

describe("warm-up in slices", () => {
  const MISSPELT = ["How many peple fled Mosul?", "Daesh boby traps", "grand mosqe destroyed"];

  it("corrects spellings as a fully built spelling map does, also when a question comes before it is done", async () => {
    const expected = MISSPELT.map((q) => answerQuestion(seeds.index, q));
    expect(expected.some((a) => a.results.length > 0)).toBe(true);
    const opened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
    // Gives way after every step: the question below comes while the map is half built.
    const warming = opened.index.warmUp(new TimeSlicer(0));
    let settled = false;
    void warming.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(answerQuestion(opened.index, MISSPELT[0] ?? "")).toEqual(expected[0]);
    await warming;
    expect(MISSPELT.map((q) => answerQuestion(opened.index, q))).toEqual(expected);
  });
});

describe("spelling neighbours before the spelling map is built", () => {
  it("are the map's, in the map's order, for every corpus term and one-letter changes of them", async () => {
    const opened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
    const { index, corpus } = opened;
    const vocabulary = new Set<string>();
    for (const report of corpus.reports) for (const term of index.analyzer.tokenize(report.text)) vocabulary.add(term);
    const probes = new Set<string>();
    for (const term of [...vocabulary].filter((t) => index.has(t))) {
      probes.add(term);
      const i = Math.floor(term.length / 2);
      probes.add(term.slice(0, i) + term.slice(i + 1)); // a letter missing
      probes.add(`${term.slice(0, i)}x${term.slice(i)}`); // one extra
      probes.add(`${term.slice(0, i)}q${term.slice(i + 1)}`); // one wrong
      probes.add(term.slice(0, i - 1) + term.slice(i, i + 1) + term.slice(i - 1, i) + term.slice(i + 1)); // two swapped
    }
    const scanned = [...probes].map((p) => index.spellingNeighbours(p));
    expect(scanned.filter((n) => n.length > 1).length).toBeGreaterThan(50);
    await index.warmUp();
    expect([...probes].map((p) => index.spellingNeighbours(p))).toEqual(scanned);
  });

  it("are told apart from the terms the map's hash files under the same number", async () => {
    // "dsbjm" and "hraba" have the same 30-bit hash, so the map files "hrabax" (its deletion "hraba")
    // where "dsbjmx" (its deletion "dsbjm") is: a look-up of "dsbjm" must not find "hrabax".
    const { index } = await openCorpus({
      corpusDir: tempCorpus({ "a.txt": "date 2017-01-01\nThe dsbjmx and the hrabax met.\n" }),
      dataDir: null,
    });
    const before = index.spellingNeighbours("dsbjm");
    await index.warmUp();
    expect(before).toEqual(["dsbjmx"]);
    expect(index.spellingNeighbours("dsbjm")).toEqual(["dsbjmx"]);
    expect(index.spellingNeighbours("hraba")).toEqual(["hrabax"]);
  });
});

describe("warmUpAnswers", () => {
  it("asks a question from each report's opening words, giving way between them, and changes no answer", async () => {
    const before = answerQuestion(seeds.index, "How many people have fled Mosul?");
    const asked: string[] = [];
    const ask = seeds.index.search.bind(seeds.index);
    seeds.index.search = (terms, filter, limit) => {
      asked.push(terms.join(" "));
      return ask(terms, filter, limit);
    };
    let gaveWay = 0;
    try {
      await warmUpAnswers(seeds.index, { due: () => true, giveWay: async () => void gaveWay++ });
    } finally {
      seeds.index.search = ask;
    }
    expect(gaveWay).toBe(seeds.corpus.reports.length);
    expect(asked.length).toBeGreaterThanOrEqual(seeds.corpus.reports.length);
    expect(answerQuestion(seeds.index, "How many people have fled Mosul?")).toEqual(before);
  });
});
