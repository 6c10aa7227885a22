import { describe, expect, it } from "vitest";
import { answerQuestion, rankForQuestion } from "../src/search/answer.js";
import { openCorpus } from "../src/sitrep.js";
import { oneSentenceReports, tempCorpus } from "./helpers/corpus.js";

/**
 * Candidates are fetched by the question's rarest words; words in many passages are only checked on
 * what those find. A question made of common words ("first US death from the new flu", in a corpus
 * about flu) then fetched only by its two rarest, and a passage that says the rest found no way in.
 */
describe("a question whose words are all common", () => {
  const range = (n: number, sentence: (i: number) => string) => Array.from({ length: n }, (_, i) => sentence(i));
  const reports = oneSentenceReports([
    // Every question word is in more than 50 passages: "US" and "new" least often.
    ...range(60, (i) => `Aid from the US reached camp ${i}.`),
    ...range(60, (i) => `A new clinic opened in ward ${i}.`),
    ...range(70, (i) => `The first flu vaccine reached school ${i}.`),
    ...range(70, (i) => `Another death was recorded in street ${i}.`),
    "A child died in Texas, the first death from the flu.",
  ]);

  it("finds the passage with its other common words, and answers with it", async () => {
    const { index } = await openCorpus({ corpusDir: tempCorpus(reports), dataDir: null });
    const question = "first US death from the new flu";
    for (const term of index.analyzer.queryTerms(question)) expect(index.isCommon(term)).toBe(true);
    const { candidates } = rankForQuestion(index, question);
    const texts = candidates.map((c) => index.passageText(c.hit.passage));
    // Fetched by "US" and "new" alone, the passage was no candidate at all.
    expect(texts).toContain("A child died in Texas, the first death from the flu.");
    const answer = answerQuestion(index, question);
    expect(answer.results[0]?.text).toBe("A child died in Texas, the first death from the flu.");
  });
});
