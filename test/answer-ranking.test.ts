import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { rankPassages } from "../src/search/relevance.js";
import { openCorpus } from "../src/sitrep.js";
import { oneSentenceReports, tempCorpus } from "./helpers/corpus.js";

async function corpusOf(sentences: string[]) {
  return (await openCorpus({ corpusDir: tempCorpus(oneSentenceReports(sentences)), dataDir: null })).index;
}

describe("ranking: the question's words standing together", () => {
  // The same words, as often, in passages of the same length: only their order differs, so
  // without proximity the two tie and the first report would stay first.
  const scattered = "Energy alpha bravo charlie delta echo committee foxtrot golf hotel chairman spoke.";
  const together = "Alpha bravo charlie delta echo foxtrot golf hotel energy committee chairman spoke.";

  it("puts the passage that says them as the question does before one that scatters them", async () => {
    const index = await corpusOf([scattered, together]);
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
    const index = await corpusOf([
      scattered,
      together.replace("energy committee chairman", "chairman energy committee"),
    ]);
    const ranked = rankPassages(index, "energy committee chairman", {}).candidates.map((c) => c.hit.passage.reportId);
    // Unordered pairs within five words count even out of the question's order.
    expect(ranked[0]).toMatch(/r1/);
  });
});
