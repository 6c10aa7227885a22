import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fileSignature, readCorpusFiles } from "../src/corpus/load.js";
import { savedTextOf } from "../src/corpus/saved-texts.js";
import { answerQuestion } from "../src/search/answer.js";
import { buildTimeline } from "../src/timeline/build.js";
import { findPassageMentions, knownMentions } from "../src/timeline/mentions.js";
import { reopenCorpus } from "../src/reload.js";
import { drain } from "../src/time-slice.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";
import { passagesInPathOrder, tempCorpus, tempDir, withPassagePositions } from "./helpers/corpus.js";

const REPORTS = {
  "a.txt": "date 2017-06-01\n\nIraqi forces entered the old city of Mosul on Thursday morning.\n",
  "b.txt": "date 2017-06-02\n\nThousands of civilians fled the fighting in western Mosul overnight.\n",
};

describe("reopening a corpus", () => {
  it("returns the served corpus itself when no file changed", async () => {
    const dir = tempCorpus(REPORTS);
    const opened = await openCorpus({ corpusDir: dir, dataDir: tempDir() });
    expect(await reopenCorpus(opened, { corpusDir: dir, dataDir: null })).toBe(opened);
  });

  it("does not hash a file whose signature is unchanged, and reads one whose signature changed", async () => {
    const dir = tempCorpus(REPORTS);
    // Signatures trusted at once: files written just now are otherwise read again (see SETTLE_MS).
    const options = { settleMs: 0 };
    const first = await readCorpusFiles(dir, options);
    // A stand-in hash the loader could not have computed: it is kept only if the file was not hashed again.
    const known = new Map(first.files.map((f) => [f.file, { signature: f.signature, contentHash: `kept-${f.file}` }]));
    const again = await readCorpusFiles(dir, options, known);
    expect(again.files.map((f) => f.contentHash)).toEqual(["kept-a.txt", "kept-b.txt"]);
    writeFileSync(path.join(dir, "b.txt"), `${REPORTS["b.txt"]}More of them arrived at the camps.\n`);
    const changed = await readCorpusFiles(dir, options, known);
    expect(changed.files.map((f) => f.contentHash)).toEqual(["kept-a.txt", expect.stringMatching(/^[0-9a-f]{40}$/)]);
    expect(changed.files[1]?.text).toContain("More of them");
  });

  it("reads with the stats a scan just took, stat'ing only files the scan did not see", async () => {
    const dir = tempCorpus(REPORTS);
    const options = { settleMs: 0 };
    const first = await readCorpusFiles(dir, options);
    const scanned = new Map([[path.join(dir, "b.txt"), fileSignature(statSync(path.join(dir, "b.txt")))]]);
    // Changed after the scan: the read trusts the scan's stat (the next scan sees the change), so b
    // is kept as it was, while a, which the scan did not see, is stat'ed and read again.
    writeFileSync(path.join(dir, "a.txt"), `${REPORTS["a.txt"]}The army reached the mosque.\n`);
    writeFileSync(path.join(dir, "b.txt"), `${REPORTS["b.txt"]}More of them arrived at the camps.\n`);
    const again = await readCorpusFiles(dir, { ...options, scanned }, new Map(first.files.map((f) => [f.file, f])));
    expect(again.files.map((f) => f.text)).toEqual([
      `${REPORTS["a.txt"]}The army reached the mosque.\n`,
      REPORTS["b.txt"],
    ]);
  });

  it("a snapshot spares the start from hashing unchanged files, and still serves them", async () => {
    const dir = tempCorpus(REPORTS);
    const dataDir = tempDir();
    const built = await openCorpus({ corpusDir: dir, dataDir });
    const restored = await openCorpus({ corpusDir: dir, dataDir });
    expect(restored.fromSnapshot).toBe(true);
    expect(restored.corpus.hash).toBe(built.corpus.hash);
    expect(restored.corpus.reports.map((r) => r.contentHash)).toEqual(built.corpus.reports.map((r) => r.contentHash));
  });
});

describe("reopening a corpus restored from its snapshot", () => {
  it("keeps every other passage, id and all, when a report comes first in path order, its texts undecoded, and saves them so", async () => {
    const dir = tempCorpus(REPORTS);
    const options = { corpusDir: dir, dataDir: tempDir(), settleMs: 0 };
    await openCorpus(options);
    const restored = await openCorpus(options);
    expect(restored.fromSnapshot).toBe(true);
    // "0.txt" sorts first: before, every passage after it was numbered again (and copied).
    writeFileSync(path.join(dir, "0.txt"), "date 2017-05-31\n\nThe army reached the outskirts of Mosul at dawn.\n");
    const reloaded = await reopenCorpus(restored, options);
    const kept = reloaded.corpus.reports.filter((r) => r.file !== "0.txt");
    expect(kept.flatMap((r) => r.passages.toArray().map((p) => p.id))).toEqual(
      [...restored.corpus.passages].map((p) => p.id),
    );
    for (const passage of restored.corpus.passages) expect(reloaded.corpus.passages.at(passage.id)).toEqual(passage);
    // Not copied: each kept report holds the very table it was restored with.
    for (const report of kept) {
      expect(report.passages).toBe(restored.corpus.reports.find((r) => r.id === report.id)?.passages);
    }
    // The new report's passages are numbered after the last.
    expect(reloaded.corpus.reports[0]?.passages.toArray().map((p) => p.id)).toEqual([restored.corpus.passages.length]);
    const undecoded = kept.map((r) => {
      const source = savedTextOf(r);
      return source !== null && !source.texts.isDecoded(source.at);
    });
    expect(undecoded).toEqual([true, true]);
    const answer = answerQuestion(reloaded.index, "Who fled the fighting in western Mosul?", { limit: 3 });
    expect(answer.results[0]?.text).toContain("Thousands of civilians fled the fighting in western Mosul overnight.");
    const again = await openCorpus(options);
    expect(again.fromSnapshot).toBe(true);
    expect(again.corpus.reports.map((r) => r.text)).toEqual([
      "date 2017-05-31\n\nThe army reached the outskirts of Mosul at dawn.\n",
      REPORTS["a.txt"],
      REPORTS["b.txt"],
    ]);
  });
});

describe("the snapshot a reload saves from a restored corpus", () => {
  it("keeps each restored report's boilerplate with its own reasons, numbered for the new snapshot", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-05-30\n\n1/22 Iraqi soldiers rest by the river.\n\nThe army reached the river at dawn.\n",
      "b.txt":
        "date 2017-05-31\n\nRelated: Iraqi forces enter Mosul's old city\n\nThe siege of the old city went on.\n",
    });
    const options = { corpusDir: dir, dataDir: tempDir(), settleMs: 0 };
    const fresh = await openCorpus(options);
    expect(fresh.corpus.reports.map((r) => r.boilerplate.map((b) => b.reason))).toEqual([
      ["photo-gallery caption"],
      ["social or navigation prompt"],
    ]);
    const restored = await openCorpus(options);
    expect(restored.fromSnapshot).toBe(true);
    // Without a.txt the new snapshot lists one reason, "social or navigation prompt", first.
    rmSync(path.join(dir, "a.txt"));
    const reloaded = await reopenCorpus(restored, options);
    const again = await openCorpus(options);
    expect(again.fromSnapshot).toBe(true);
    expect(again.corpus.reports.map((r) => r.boilerplate)).toEqual(reloaded.corpus.reports.map((r) => r.boilerplate));
    expect(again.corpus.reports.map((r) => r.boilerplate.map((b) => b.reason))).toEqual([
      ["social or navigation prompt"],
    ]);
  });
});

/** Sentences long enough to be compared across reports (30+ characters), some with dates. */
const SENTENCES = [
  "Iraqi forces entered the old city of Mosul on June 3, 2017.",
  "Thousands of civilians fled the fighting in western Mosul overnight.",
  "The offensive began on October 17, 2016, with air support from the coalition.",
  "Aid agencies said 850,000 people have fled their homes since the battle began.",
  "It was the second day of the offensive and the army pushed toward the airport.",
  "Officials promised that the mosque would be rebuilt after the war ended.",
  "A curfew was imposed on the eastern districts last week by the police.",
  "The United Nations warned of a humanitarian crisis in the camps near Erbil.",
];
const BLOCK = [
  "Related stories from our correspondents in the region",
  "Photos of the day from the front lines of the battle",
  "Subscribe to our newsletter for the latest reports",
];
const WIRE = "Reporting by the wire service desk in Baghdad and Erbil, edited for length.";
const NAMES = ["a.txt", "a.md", "b.txt", "c/d.txt", "e.markdown", "f.txt"];

const reportText = fc
  .record({
    day: fc.option(fc.integer({ min: 1, max: 28 }), { nil: null }),
    sentences: fc.subarray(SENTENCES, { minLength: 1 }),
    block: fc.boolean(),
    wire: fc.boolean(),
  })
  .map(({ day, sentences, block, wire }) =>
    [
      day === null ? "" : `date 2017-06-${String(day).padStart(2, "0")}\n`,
      sentences.join("\n\n"),
      wire ? `\n\n${WIRE}` : "",
      block ? `\n\n${BLOCK.join("\n")}` : "",
      "\n",
    ].join(""),
  );

const step = fc.record({
  name: fc.constantFrom(...NAMES),
  /** Index into the run's texts; null removes the file. Equal indexes make duplicate files. */
  text: fc.option(fc.nat(4), { nil: null, freq: 4 }),
});

const QUESTIONS = [
  "Iraqi forces entered Mosul",
  "How many people fled?",
  "civilans fled the fighting",
  "When did the offensive begin?",
  "humanitarian crisis camps",
];

/**
 * Everything a user can get from a corpus: its reports, answers and timelines, each passage id
 * given as its position in path order (withPassagePositions).
 */
async function served(opened: OpenedCorpus): Promise<unknown> {
  const { corpus } = opened;
  const inPathOrder = passagesInPathOrder(corpus);
  // Every passage at its id, and nothing else in the list.
  expect(inPathOrder.filter((p) => isDeepStrictEqual(corpus.passages.at(p.id), p))).toHaveLength(inPathOrder.length);
  expect([...corpus.passages]).toHaveLength(inPathOrder.length);
  const mentions = knownMentions(corpus);
  // Mentions only where a passage is: the ids of removed passages hold none.
  expect([...mentions].filter((list, id) => list !== undefined && corpus.passages.at(id) === undefined)).toEqual([]);
  expect(mentions.length).toBe(corpus.passages.length);
  return withPassagePositions(corpus, {
    reports: corpus.reports,
    rejected: corpus.rejected,
    passages: inPathOrder,
    mentions: inPathOrder.map((p) => mentions.get(p.id)),
    answers: QUESTIONS.map((q) => answerQuestion(opened.index, q, { limit: 25 })),
    timeline: await buildTimeline(opened, { dates: 20, perDate: 3 }),
    topic: await buildTimeline(opened, { topic: "Mosul" }),
  });
}

describe("an incremental reload", () => {
  it("serves what a full load of the same files serves, through any adds, changes and removals", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportText, { minLength: 5, maxLength: 5 }),
        fc.array(step, { minLength: 2, maxLength: 8 }),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (texts, initial, steps, firstPass) => {
          const dir = tempCorpus({});
          const dataDir = tempDir();
          const apply = ({ name, text }: { name: string; text: number | null }) => {
            const file = path.join(dir, name);
            if (text === null) rmSync(file, { force: true });
            else {
              mkdirSync(path.dirname(file), { recursive: true });
              writeFileSync(file, texts[text] ?? "");
            }
          };
          initial.forEach(apply);
          await openCorpus({ corpusDir: dir, dataDir });
          // Reloads start from a corpus restored from its snapshot, as after a restart.
          let current = await openCorpus({ corpusDir: dir, dataDir });
          expect(current.fromSnapshot).toBe(true);
          // The watcher's first pass finds nothing changed and gets ready for a reload (line owners,
          // the titles' terms a snapshot does not keep); without it, the first reload makes them.
          if (firstPass) expect(await reopenCorpus(current, { corpusDir: dir, dataDir })).toBe(current);
          for (const change of steps) {
            apply(change);
            current = await reopenCorpus(current, { corpusDir: dir, dataDir });
            const full = await openCorpus({ corpusDir: dir, dataDir: null });
            expect(await served(current)).toEqual(await served(full));
          }
          // The snapshot written after the last reload restores to the same corpus.
          const restored = await openCorpus({ corpusDir: dir, dataDir });
          expect(restored.fromSnapshot).toBe(true);
          expect(await served(restored)).toEqual(await served(current));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("passage ids kept by a reload", () => {
  /**
   * `b.txt` served, then `a.txt` (which sorts first) added, each one line holding `sentence` (unalike
   * lines: lines repeated across reports would be boilerplate): the reloaded corpus, where a's
   * passage got the higher id, and a full load of the same files.
   */
  async function addedFirst(sentence: string, dateOfB: string, dateOfA: string) {
    const dir = tempCorpus({ "b.txt": `date ${dateOfB}\n\n${sentence} The army pushed on.\n` });
    const options = { corpusDir: dir, dataDir: null, settleMs: 0 };
    const served = await openCorpus(options);
    writeFileSync(path.join(dir, "a.txt"), `date ${dateOfA}\n\n${sentence} Aid agencies counted them.\n`);
    const reloaded = await reopenCorpus(served, options);
    return { reloaded, full: await openCorpus(options) };
  }

  it("do not order ties: equal passages come in path order, as a full load gives them", async () => {
    const sentence = "Thousands of civilians fled the fighting in western Mosul overnight.";
    const { reloaded, full } = await addedFirst(sentence, "2017-06-02", "2017-06-01");
    const found = (opened: OpenedCorpus) =>
      opened.index.search(opened.index.analyzer.tokenize("civilians fled")).map((h) => [h.passage.reportId, h.score]);
    expect(reloaded.corpus.reports.map((r) => r.passages.at(0)?.id)).toEqual([2, 0]);
    expect(found(reloaded)).toEqual(found(full));
    expect(found(full).map(([id]) => id)).toEqual(["a", "b"]);
  });

  it("do not order a timeline's equal quotes: the one in the report first in path order leads, as in a full load", async () => {
    const sentence = "Iraqi forces entered the old city of Mosul on June 3, 2017.";
    const { reloaded, full } = await addedFirst(sentence, "2017-06-05", "2017-06-05");
    const leads = async (opened: OpenedCorpus) =>
      (await buildTimeline(opened, { perDate: 1 })).events.map((e) => [e.date, e.reportId]);
    expect(await leads(reloaded)).toEqual(await leads(full));
    expect(await leads(full)).toContainEqual(["2017-06-03", "a"]);
  });
});

describe("lines repeated across reports, kept up to date by reloads", () => {
  it("are decided again from the served corpus, even when that corpus was reloaded before", async () => {
    const wired = (day: number, sentence: string) => `date 2017-06-0${day}\n\n${sentence}\n\n${WIRE}\n`;
    const dir = tempCorpus({ "a.txt": wired(1, SENTENCES[0] ?? ""), "b.txt": wired(2, SENTENCES[1] ?? "") });
    const options = { corpusDir: dir, dataDir: null };
    const served = await openCorpus(options);
    const wireOf = (opened: OpenedCorpus, id: string) =>
      opened.corpus.reports.find((r) => r.id === id)?.boilerplate.map((b) => b.reason);
    expect(wireOf(served, "b")).toEqual(["also in report a"]);
    // A report that sorts first now holds the wire paragraph first.
    writeFileSync(path.join(dir, "0.txt"), wired(3, SENTENCES[2] ?? ""));
    const first = await reopenCorpus(served, options);
    expect(wireOf(first, "a")).toEqual(["also in report 0"]);
    // The same served corpus reloaded again (as when the first reload's corpus was never swapped in),
    // after other changes: what it knew of repeated lines must be its own, not the first reload's.
    rmSync(path.join(dir, "0.txt"));
    rmSync(path.join(dir, "a.txt"));
    const second = await reopenCorpus(served, options);
    expect(wireOf(second, "b")).toEqual([]);
    expect(second.corpus.reports).toEqual((await openCorpus(options)).corpus.reports);
  });

  it("keep each repeated paragraph in the first report holding it as reports of thousands of lines come and go", async () => {
    // Thousands of distinct lines: what a reload knows of them outgrows its first tables and
    // forgets the lines of removed reports, while a third of them are in every report.
    const report = (name: string, day: number) =>
      [
        `date 2017-06-0${day}`,
        ...Array.from({ length: 1200 }, (_, i) =>
          i % 3 === 0
            ? `Wire paragraph ${i}: the battle for the old city went on through the night.`
            : `Report ${name}, paragraph ${i}: its correspondent watched the battle from the river.`,
        ),
      ].join("\n\n") + "\n";
    const dir = tempCorpus({ "a.txt": report("a", 1), "b.txt": report("b", 2), "c.txt": report("c", 3) });
    const options = { corpusDir: dir, dataDir: null };
    const reasons = (opened: OpenedCorpus) =>
      Object.fromEntries(opened.corpus.reports.map((r) => [r.id, r.boilerplate.map((b) => b.reason)]));
    const wire = (id: string) => Array.from({ length: 400 }, () => `also in report ${id}`);
    let current = await openCorpus(options);
    expect(reasons(current)).toEqual({ a: [], b: wire("a"), c: wire("a") });
    // The first holder leaves: the next one in path order keeps the paragraphs.
    rmSync(path.join(dir, "a.txt"));
    writeFileSync(path.join(dir, "d.txt"), report("d", 4));
    current = await reopenCorpus(current, options);
    expect(reasons(current)).toEqual({ b: [], c: wire("b"), d: wire("b") });
    expect(reasons(current)).toEqual(reasons(await openCorpus(options)));
    // And comes back, first again, as another leaves.
    rmSync(path.join(dir, "b.txt"));
    writeFileSync(path.join(dir, "a.txt"), report("a", 1));
    current = await reopenCorpus(current, options);
    expect(reasons(current)).toEqual({ a: [], c: wire("a"), d: wire("a") });
    expect(reasons(current)).toEqual(reasons(await openCorpus(options)));
  });
});

describe("date mentions", () => {
  it("are read when reports are parsed and restored from the snapshot, equal to reading them afresh", async () => {
    const dir = tempCorpus({ ...REPORTS, "c.txt": "date 2017-06-05\n\nThe offensive began on October 17, 2016.\n" });
    const dataDir = tempDir();
    await openCorpus({ corpusDir: dir, dataDir });
    const restored = await openCorpus({ corpusDir: dir, dataDir });
    expect(restored.fromSnapshot).toBe(true);
    // Each passage read after the one before it in its report, whose last day a count may count from.
    const passages = [...restored.corpus.passages];
    const afresh = passages.reduce<ReturnType<typeof findPassageMentions>[]>((read, p, i) => {
      const report = restored.corpus.reports.find((r) => r.id === p.reportId);
      const before = i > 0 && passages[i - 1]?.reportId === p.reportId ? read[i - 1] : undefined;
      read.push(report ? findPassageMentions(report, p, before) : []);
      return read;
    }, []);
    expect([...knownMentions(restored.corpus)]).toEqual(afresh);
    expect(afresh.flat().map((m) => m.date)).toEqual(expect.arrayContaining(["2016-10-17"]));
  });
});

describe("the spelling map after a reload", () => {
  it("gives the neighbours a fresh index of the same files finds, as terms appear and vanish", async () => {
    // "mosul", "mosel" and "mossul" share deletion keys: removing one report leaves a key with one term.
    const dir = tempCorpus({
      "a.txt": "date 2017-06-01\n\nForces entered Mosul on the river.\n",
      "b.txt": "date 2017-06-02\n\nThe Mosel valley saw no fighting.\n",
      "c.txt": "date 2017-06-03\n\nReporters spelled it Mossul in the wire copy.\n",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    await opened.index.warmUp();
    rmSync(path.join(dir, "b.txt"));
    writeFileSync(path.join(dir, "d.txt"), "date 2017-06-04\n\nThe Mosal checkpoint reopened.\n");
    const reloaded = await reopenCorpus(opened, { corpusDir: dir, dataDir: null });
    const fresh = await openCorpus({ corpusDir: dir, dataDir: null });
    const probes = [
      "mosul",
      "mosel",
      "mossul",
      "mosal",
      "mosl",
      "mosu",
      "osul",
      "mosql",
      "valley",
      "vally",
      "checkpoint",
    ];
    const neighbours = (opened: OpenedCorpus) => probes.map((p) => [...opened.index.spellingNeighbours(p)].sort());
    // The fresh index has no map yet: it scans its vocabulary (equal to the map, spelling neighbours test).
    expect(neighbours(reloaded)).toEqual(neighbours(fresh));
    expect(neighbours(reloaded)[0]).toEqual(expect.arrayContaining(["mosal", "mossul"]));
    expect(neighbours(reloaded).flat()).not.toContain("mosel");
  });
});

describe("the index's snapshot taken in steps", () => {
  it("is the index's snapshot, also after a reload removed documents", async () => {
    const dir = tempCorpus({ ...REPORTS, "c.txt": "date 2017-06-05\n\nThe offensive began on October 17, 2016.\n" });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const stepped = (index: OpenedCorpus["index"]) => drain(index.snapshotSteps());
    expect(stepped(opened.index)).toEqual(opened.index.toSnapshot());
    rmSync(path.join(dir, "a.txt"));
    writeFileSync(path.join(dir, "d.txt"), "date 2017-06-06\n\nAid agencies counted 850,000 people displaced.\n");
    const reloaded = await reopenCorpus(opened, { corpusDir: dir, dataDir: null });
    const snapshot = stepped(reloaded.index);
    expect(snapshot).toEqual(reloaded.index.toSnapshot());
    // On disk, documents are named by their passage's position in path order, as a fresh build names them.
    expect([...snapshot.passages.tables.documentIds].sort((a, b) => a - b)).toEqual(
      reloaded.corpus.reports.flatMap((r) => r.passages).map((_, position) => position),
    );
  });
});
