import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reopenCorpus } from "../src/reload.js";
import { answerQuestion } from "../src/search/answer.js";
import type { PassageFilter } from "../src/search/index.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { passagesInPathOrder, tempCorpus, tempDir, withPassagePositions } from "./helpers/corpus.js";

/**
 * The passage index reached by reloads (a base, tombstones, a delta: src/search/layers.ts) against
 * a fresh build of the same folder, on a corpus large enough that questions are pruned (exact
 * top-k over hundreds of postings per kept match), so the pruned path meets tombstones too.
 */

/** A deterministic stream of numbers in [0, 1) (mulberry32), so the corpus is the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "army",
  "city",
  "forces",
  "river",
  "bridge",
  "convoy",
  "shelling",
  "ceasefire",
  "refugees",
  "camp",
  "hospital",
  "minister",
  "election",
  "protest",
  "harbour",
  "airport",
  "storm",
  "flood",
  "oil",
  "talks",
  "border",
  "village",
  "market",
  "school",
  "police",
  "court",
  "senate",
  "drought",
  "vaccine",
  "pipeline",
];

/** A report: a date, a title line and `sentences` sentences whose words follow a steep frequency curve. */
function report(next: () => number, day: number, sentences: number): string {
  const word = () => WORDS[Math.floor(WORDS.length * next() ** 2.5)] ?? "army";
  const lines = [
    `date 2017-03-${String(1 + (day % 28)).padStart(2, "0")}`,
    "",
    `${word()} ${word()} report ${day}`,
    "",
  ];
  for (let i = 0; i < sentences; i++) {
    const words = Array.from({ length: 6 + Math.floor(next() * 8) }, word);
    lines.push(`The ${words.join(" ")} were reported on day ${day} in sentence ${i}.`, "");
  }
  return lines.join("\n");
}

function reports(count: number, seed: number, prefix = "r"): Record<string, string> {
  const next = random(seed);
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${prefix}${String(i).padStart(3, "0")}.txt`] = report(next, i, 12);
  return files;
}

const QUESTIONS: [string, PassageFilter][] = [
  ["army city", {}],
  ["forces shelling bridge", {}],
  ["army", {}],
  ["ceasefire refugees camp", { since: "2017-03-05", until: "2017-03-20" }],
  ["convoy river", {}],
  ["pipeline vaccine drought", {}],
];

/** What the index returns for each question at several limits: passages, scores and matched terms. */
function lookups(opened: OpenedCorpus): unknown {
  const { index } = opened;
  return QUESTIONS.flatMap(([question, filter]) =>
    [1, 3, 10, 60].map((limit) =>
      index.search(index.analyzer.tokenize(question), filter, limit).map((hit) => ({
        report: hit.passage.reportId,
        ordinal: hit.passage.ordinal,
        score: hit.score,
        terms: hit.queryTerms,
      })),
    ),
  );
}

function answers(opened: OpenedCorpus): unknown {
  const found = QUESTIONS.map(([question]) => answerQuestion(opened.index, question, { limit: 10 }));
  return withPassagePositions(opened.corpus, found);
}

async function expectAsFresh(current: OpenedCorpus, dir: string): Promise<void> {
  const fresh = await openCorpus({ corpusDir: dir, dataDir: null });
  expect(passagesInPathOrder(current.corpus).length).toBe(fresh.corpus.passages.length);
  expect(lookups(current)).toEqual(lookups(fresh));
  expect(answers(current)).toEqual(answers(fresh));
}

describe("the passage index reached by reloads", () => {
  it("answers as a fresh build after removing the reports holding questions' best passages, and after re-adding them", async () => {
    const files = reports(120, 7);
    const dir = tempCorpus(files);
    const dataDir = tempDir();
    await openCorpus({ corpusDir: dir, dataDir });
    let current = await openCorpus({ corpusDir: dir, dataDir });
    expect(current.fromSnapshot).toBe(true);
    const { index } = current;
    const bestReports = new Set<string>();
    for (const [question, filter] of QUESTIONS) {
      const terms = index.analyzer.tokenize(question);
      // Pruned: far more postings than the 64 per kept match from which lookups prune.
      expect(terms.reduce((sum, term) => sum + index.passageCount(term), 0)).toBeGreaterThan(64 * 3);
      for (const hit of index.search(terms, filter, 2)) bestReports.add(hit.passage.reportId);
    }

    for (const id of bestReports) rmSync(path.join(dir, `${id}.txt`));
    current = await reopenCorpus(current, { corpusDir: dir, dataDir: null });
    expect(current.index.layerSizes.removed).toBe(13 * bestReports.size);
    const found = QUESTIONS.flatMap(([question, filter]) =>
      current.index.search(current.index.analyzer.tokenize(question), filter, 60),
    );
    expect(found.filter((hit) => bestReports.has(hit.passage.reportId))).toEqual([]);
    await expectAsFresh(current, dir);

    for (const id of bestReports) writeFileSync(path.join(dir, `${id}.txt`), files[`${id}.txt`] ?? "");
    current = await reopenCorpus(current, { corpusDir: dir, dataDir: null });
    expect(current.index.layerSizes.added).toBe(13 * bestReports.size);
    await expectAsFresh(current, dir);
  });

  it("answers as a fresh build when reports come first in order (their passages numbered after the last) and go, and its snapshot restores the same", async () => {
    const dir = tempCorpus(reports(100, 11));
    const dataDir = tempDir();
    let current = await openCorpus({ corpusDir: dir, dataDir });
    const front = reports(3, 12, "a");
    for (const [name, text] of Object.entries(front)) writeFileSync(path.join(dir, name), text);
    current = await reopenCorpus(current, { corpusDir: dir, dataDir });
    await expectAsFresh(current, dir);
    rmSync(path.join(dir, "r050.txt"));
    rmSync(path.join(dir, "a001.txt"));
    writeFileSync(path.join(dir, "r020.txt"), report(random(13), 20, 12));
    current = await reopenCorpus(current, { corpusDir: dir, dataDir });
    // 13 passages a report (its title line and 12 sentences): r050 and the old r020 are tombstones,
    // a000, a002 and the new r020 the delta (a001 came and went in the delta).
    expect(current.index.layerSizes).toMatchObject({ removed: 2 * 13, added: 3 * 13 });
    await expectAsFresh(current, dir);
    const restored = await openCorpus({ corpusDir: dir, dataDir });
    expect(restored.fromSnapshot).toBe(true);
    expect(restored.index.layerSizes).toMatchObject({ removed: 0, added: 0 });
    expect(lookups(restored)).toEqual(lookups(current));
  });

  it("folds a large delta into a new base, still answering as a fresh build", async () => {
    const dir = tempCorpus(reports(40, 17));
    let current = await openCorpus({ corpusDir: dir, dataDir: null });
    for (const [name, text] of Object.entries(reports(360, 19, "n"))) writeFileSync(path.join(dir, name), text);
    current = await reopenCorpus(current, { corpusDir: dir, dataDir: null });
    // 360 reports of 12 passages are past the 4,096 documents a delta holds before it is folded.
    expect(current.index.layerSizes).toEqual({ base: current.corpus.passages.length, removed: 0, added: 0 });
    await expectAsFresh(current, dir);
  });
});
