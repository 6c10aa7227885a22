import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { disagreeingFigures } from "../src/search/figures.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { SEED_CORPUS, tempCorpus } from "./helpers/corpus.js";

let seeds: OpenedCorpus;
beforeAll(async () => {
  seeds = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
});

/** The answer to `question` over a corpus of `files`. */
async function answerOver(files: Record<string, string>, question: string) {
  const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
  return answerQuestion(index, question);
}

describe("disagreeing figures", () => {
  it("says when reports give different figures for what the question asks, newest first", () => {
    const answer = answerQuestion(seeds.index, "How many people have fled Mosul?");
    const values = answer.figures?.map((f) => f.value) ?? [];
    expect(values).toContain("850,000");
    expect(values).toContain("750,000");
    expect(values).not.toContain("200,000"); // "200,000 more people could flee" is a forecast, not a count
    const dates = answer.figures?.map((f) => f.date ?? "") ?? [];
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const f of answer.figures ?? []) expect(answer.results[f.excerptIndex]?.text).toContain(f.value);
    expect(answer.disagreement).toMatch(/^Reports differ: 850,000 people \(.*2017-06-28\) · 750,000 people/);
  });

  it("tells a tally that only rises from one report's date to the next as a change over time, oldest first", async () => {
    const answer = await answerOver(
      {
        "a.txt": "date 2009-05-03\nA total of 17 countries have now confirmed cases of the flu.\n",
        "b.txt": "date 2009-05-08\nIn all 22 countries have confirmed cases of the flu.\n",
        "c.txt": "date 2009-05-26\nSome 50 countries have confirmed cases of the flu so far.\n",
      },
      "How many countries have confirmed cases of the flu?",
    );
    expect(answer.figures?.map((f) => f.value)).toEqual(["50", "22", "17"]);
    expect(answer.disagreement).toMatch(
      /^Figures changed over time: 17 countries \(.*2009-05-03\) → 22 countries \(.*2009-05-08\) → 50 countries \(.*2009-05-26\)$/,
    );
  });

  it("does not set one place's count against another's ('in Mexico' when the UK is asked)", async () => {
    const files = {
      "a.txt": "date 2009-06-01\nIn all 9 people have died of the flu in the UK, officials said.\n",
      "b.txt": "date 2009-05-03\nSome 176 people have died of the flu in Mexico, the UK embassy said.\n",
    };
    const answer = await answerOver(files, "How many people have died of the flu in the UK?");
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.figures).toBeUndefined();
    // Two counts for the place asked about still disagree.
    const both = await answerOver(
      { ...files, "c.txt": "date 2009-05-20\nSome 12 people have died of the flu in the UK.\n" },
      "How many people have died of the flu in the UK?",
    );
    expect(both.figures?.map((f) => f.value)).toEqual(["9", "12"]);
    // A place named with its article is a place too.
    const withArticle = await answerOver(
      {
        "a.txt":
          "date 2009-05-26\nThe death toll in Mexico stands at 83, while 12 people have died in the United States.\n",
        "b.txt": "date 2009-05-03\nSome 176 people have died of the flu in Mexico.\n",
      },
      "How many people have died in Mexico?",
    );
    expect(withArticle.figures).toBeUndefined();
  });

  it("stays silent when the reports agree", async () => {
    const answer = await answerOver(
      {
        "a.txt": "date 2010-06-01\nEleven workers died when the rig exploded; 11 workers were never found.\n",
        "b.txt": "date 2010-06-02\nThe blast killed 11 workers on the rig.\n",
      },
      "How many workers died on the rig?",
    );
    expect(answer.results.length).toBeGreaterThan(0);
    expect(answer.figures).toBeUndefined();
  });
});

describe("figures for what the question counts", () => {
  it("leaves out a count of the same unit that says something else (in hospital, infected)", async () => {
    const answer = await answerOver(
      {
        "a.txt":
          "date 2009-04-29\nIn Mexico, the government puts the death toll at 150 and says 1,300 people are in hospital.\n",
        "b.txt":
          "date 2009-05-04\nThe death toll in Mexico rose to 150, and the virus has infected just over 1,000 people worldwide.\n",
        "c.txt": "date 2009-05-05\nAt least 150 people have died in Mexico, officials said.\n",
      },
      "How many people have died in Mexico?",
    );
    expect(answer.results.length).toBeGreaterThan(1);
    expect(answer.figures).toBeUndefined();
  });

  it("keeps a count whose verb comes after a parenthesis", async () => {
    const answer = await answerOver(
      {
        "a.txt": "date 2010-08-06\nBy then, an estimated 19,500 barrels (819,000 gallons) had escaped from the well.\n",
        "b.txt": "date 2010-08-23\nScientists now say 53,000 barrels escaped from the well in the first weeks.\n",
      },
      "How many barrels escaped from the well?",
    );
    expect(answer.figures?.map((f) => f.value)).toEqual(["53,000", "19,500"]);
  });

  it("leaves out a rate ('500,000 people a year') unless the question asks one", async () => {
    const files = {
      "a.txt": "date 2009-05-14\nCommon seasonal flu kills up to 500,000 people a year worldwide.\n",
      "b.txt": "date 2009-06-23\nMore than 230 people have been killed by the flu worldwide.\n",
      "c.txt": "date 2009-05-24\nThe new flu virus has killed 86 people worldwide, the health chief said.\n",
    };
    const counted = await answerOver(files, "how many people have been killed by the flu worldwide");
    expect(counted.figures?.map((f) => f.value)).toEqual(["230", "86"]);
    expect(counted.disagreement).toMatch(/^Figures changed over time: 86 people .* → 230 people/);
    // Asked per year, the rate is the quantity asked.
    const excerpts = Object.entries(files).map(([file, text]) => ({
      text: text.split("\n")[1] ?? "",
      reportId: file,
      date: text.slice(5, 15),
    }));
    const terms = new Set(seeds.index.analyzer.queryTerms("how many people killed flu worldwide"));
    expect(disagreeingFigures(seeds.index.analyzer, terms, excerpts, true).map((f) => f.value)).toContain("500,000");
    expect(disagreeingFigures(seeds.index.analyzer, terms, excerpts, false).map((f) => f.value)).not.toContain(
      "500,000",
    );
  });
});

describe("the README's example", () => {
  it("quotes clean text, with no fragment glued on by scraping", () => {
    const texts = answerQuestion(seeds.index, "How many people have fled Mosul?").results.map((r) => r.text);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/strongholds\.s|allied militia/);
  });
});

describe("questions about how things stand now", () => {
  it("read 'what is the situation now in Mosul' as the latest there, newest report first", () => {
    const answer = answerQuestion(seeds.index, "what is the situation now in mosul");
    expect(answer.results[0]?.date).toBe(seeds.index.latestDate);
  });

  it("put the newest report first", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-03-01\nSo far 100 people have fled the city.\n",
      "z.txt": "date 2017-06-01\nSo far 300 people have fled the city.\n",
    });
    const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
    expect(answerQuestion(index, "How many people have fled the city so far?").results[0]?.date).toBe("2017-06-01");
  });

  it("read 'yet' closing the question as asking how things stand, and 'yet another' as no such question", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-03-01\nThe army retook the city airport.\n",
      "z.txt":
        "date 2017-07-09\nThe army has retaken the rest of the city from the militants, officials said on Sunday.\n",
    });
    const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
    expect(answerQuestion(index, "Has the army retaken the city yet?").results[0]?.date).toBe("2017-07-09");
    expect(answerQuestion(index, "has the army retaken the city? not yet?").results[0]?.date).toBe("2017-07-09");
    // Otherwise the shorter passage comes first.
    expect(answerQuestion(index, "Has the army retaken the city?").results[0]?.date).toBe("2017-03-01");
    expect(answerQuestion(index, "has the army retaken yet another city").results[0]?.date).toBe("2017-03-01");
    expect(answerQuestion(index, "haven't read the news yet, has the army retaken the city").results[0]?.date).toBe(
      "2017-03-01",
    );
  });
});
