import { beforeAll, describe, expect, it } from "vitest";
import { answerQuestion, checkDateRange, QuestionError } from "../src/search/answer.js";
import { answeringPassages } from "../src/search/relevance.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import { SEED_CORPUS, tempCorpus } from "./helpers/corpus.js";

let seeds: OpenedCorpus;
beforeAll(async () => {
  seeds = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null });
});

describe("one relevance rule for answers and timeline topics", () => {
  for (const topic of [
    "twoards fighting",
    "Grand Mosque",
    "bitcoin price forecast",
    "Old City water supply restored",
  ]) {
    it(`"${topic}": the timeline has events exactly when the question has answers`, async () => {
      const answered = answerQuestion(seeds.index, topic).results.length > 0;
      const events = (await buildTimeline(seeds, { topic })).events;
      expect(events.length > 0).toBe(answered);
      const answering = answeringPassages(seeds.index, topic, {}).map((c) => c.hit.passage);
      for (const e of events) {
        const lead = e.sources[0];
        const inAnswer = answering.some(
          (p) => p.reportId === lead?.reportId && p.start <= lead.start && lead.end <= p.end,
        );
        expect(inAnswer).toBe(true);
      }
    });
  }
});

describe("the reversed date range", () => {
  it("is one error, worded the same for every front end", () => {
    expect(() => checkDateRange("2017-07-01", "2017-06-01")).toThrow(QuestionError);
    expect(() => checkDateRange("2017-07-01", "2017-06-01")).toThrow(/since 2017-07-01 is after until 2017-06-01/);
    expect(() => answerQuestion(seeds.index, "Mosul", { since: "2017-07-01", until: "2017-06-01" })).toThrow(
      /since 2017-07-01 is after until 2017-06-01/,
    );
    expect(() => checkDateRange("2017-06-01", "2017-06-01")).not.toThrow();
    expect(() => checkDateRange(null, "2017-06-01")).not.toThrow();
  });
});

describe("highlights", () => {
  it("mark every occurrence of a word a long passage repeats, once each", async () => {
    const sentence = `${Array.from({ length: 2000 }, () => "siege").join(" and ")} lasted.`;
    const dir = tempCorpus({ "a.txt": `date 2017-01-01\n${sentence}\n` });
    const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
    const [excerpt] = answerQuestion(index, "siege").results;
    // Passages are bounded (about 1,000 characters), so the excerpt holds a share of the 2,000.
    const occurrences = excerpt?.text.match(/siege/g)?.length ?? 0;
    expect(occurrences).toBeGreaterThan(50);
    expect(excerpt?.highlights).toHaveLength(occurrences);
    for (const h of excerpt?.highlights ?? []) expect(excerpt?.text.slice(h.start, h.end)).toBe("siege");
  });
});
