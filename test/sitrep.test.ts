import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { errorForLog } from "../src/bot/interaction-handler.js";
import {
  bytesInMemory,
  keepTextsInMemory,
  packTextSteps,
  SavedTexts,
  savedTextOf,
  withSavedText,
} from "../src/corpus/saved-texts.js";
import { createLogger } from "../src/logger.js";
import { answerQuestion } from "../src/search/answer.js";
import { INDEX_FORMAT_VERSION } from "../src/search/index.js";
import { openCorpus, saveSnapshot, snapshotPathFor, warmUpIndex, writeAtomically } from "../src/sitrep.js";
import { readTableFile, type Table, tableFilePieces } from "../src/table-file.js";
import { drain, NEVER_GIVE_WAY } from "../src/time-slice.js";
import { buildDigest } from "../src/digest/build.js";
import { buildTimeline } from "../src/timeline/build.js";
import { type DateMention, mentionsByPassage } from "../src/timeline/mentions.js";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Line[] } {
  const out: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => out.push(line) });
  return { logger, lines: () => out.map((l) => JSON.parse(l) as Line) };
}

/** A pid no process has: above the kernel's limit. */
const DEAD_PID = 4_194_305;

describe("openCorpus: crash leftovers and failed writes", () => {
  it("removes the temporary files of processes that are gone, and keeps a running one's", async () => {
    const dataDir = tempDir("sitrep-data-");
    const snapshot = path.basename(snapshotPathFor(dataDir, SEED_CORPUS));
    const host = hostname().replace(/[^A-Za-z0-9-]/g, "-");
    const leftovers = [
      `${snapshot}.${host}~${DEAD_PID}.tmp`,
      `${snapshot}.${DEAD_PID}.tmp`,
      `button-states.json.${process.pid}.tmp`,
    ];
    const running = `${snapshot}.${host}~${process.ppid}.tmp`;
    // Another container on a shared DATA_DIR, its pid meaningless here: its file is its own to clean.
    const otherHost = `${snapshot}.other-container~${DEAD_PID}.tmp`;
    for (const name of [...leftovers, running, otherHost]) writeFileSync(path.join(dataDir, name), "half a file");
    const { logger, lines } = capture();
    await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    expect(readdirSync(dataDir).sort()).toEqual([running, otherHost, snapshot].sort());
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: "removed leftover temporary files", removed: [...leftovers].sort() }),
    );
  });

  it("logs a snapshot it could not save, with the error's class, and leaves no temporary file", async () => {
    const dataDir = tempDir("sitrep-data-");
    // A folder where the snapshot file should go: the rename fails.
    mkdirSync(path.join(snapshotPathFor(dataDir, SEED_CORPUS), "in-the-way"), { recursive: true });
    const { logger, lines } = capture();
    const opened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    expect(opened.corpus.reports.length).toBeGreaterThan(0);
    const warning = lines().find((l) => l.msg.startsWith("could not save the index snapshot"));
    expect(warning).toMatchObject({ level: 40, err: { type: "Error", code: expect.stringMatching(/^E/) } });
    expect(readdirSync(dataDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(existsSync(path.join(snapshotPathFor(dataDir, SEED_CORPUS), "in-the-way"))).toBe(true);
  });
});

describe("writeAtomically", () => {
  it("writes every byte after more than a thousand empty pieces (where a snapshot's writer gives way)", async () => {
    const file = path.join(tempDir("sitrep-data-"), "pieces.bin");
    const pieces = [...Array.from({ length: 3000 }, () => ""), "SITRTABL", new Uint8Array(2 << 20).fill(7), "end"];
    await writeAtomically(file, pieces, { due: () => true, giveWay: () => Promise.resolve() });
    const written = readFileSync(file);
    expect(written.length).toBe(8 + (2 << 20) + 3);
    expect(written.subarray(0, 8).toString("latin1")).toBe("SITRTABL");
    expect(written.subarray(-3).toString("latin1")).toBe("end");
  });

  /** Gives way for a few milliseconds before every piece, so a write lasts long enough to meet another. */
  const slowly = { due: () => true, giveWay: () => new Promise<void>((resolve) => setTimeout(resolve, 5)) };
  const megabytes = (count: number, byte: number) =>
    Array.from({ length: count }, () => new Uint8Array(1 << 20).fill(byte));

  it("writes one file twice at once one after the other: both finish and the file is the later write, whole", async () => {
    const file = path.join(tempDir("sitrep-data-"), "twice.bin");
    await Promise.all([writeAtomically(file, megabytes(8, 1), slowly), writeAtomically(file, megabytes(6, 2), slowly)]);
    const written = readFileSync(file);
    expect(written.length).toBe(6 << 20);
    expect(written.every((byte) => byte === 2)).toBe(true);
    expect(readdirSync(path.dirname(file)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps its temporary when openCorpus in the same process removes leftovers during the write", async () => {
    const dataDir = tempDir("sitrep-data-");
    const file = path.join(dataDir, "saved-in-the-background.bin");
    const writing = writeAtomically(file, megabytes(12, 3), slowly);
    await vi.waitFor(() => expect(readdirSync(dataDir).some((name) => name.endsWith(".tmp"))).toBe(true));
    const opened = await openCorpus({
      corpusDir: tempCorpus({ "a.txt": "date 2017-01-01\nThe river rose.\n" }),
      dataDir,
    });
    expect(opened.corpus.reports).toHaveLength(1);
    await writing;
    expect(readFileSync(file).length).toBe(12 << 20);
  });
});

describe("openCorpus: a snapshot whose hash matches but whose content was changed", () => {
  /** A snapshot file opened up for editing: its JSON header's content and its tables, copied. */
  interface Saved {
    content: {
      corpus: { reports: { file: string }[]; rejected: unknown[] } | null;
      [key: string]: unknown;
    };
    tables: Map<string, Table>;
  }

  const numbers = (saved: Saved, name: string) => Array.from(saved.tables.get(name) ?? []);
  const setTable = (saved: Saved, name: string, values: number[]) => {
    const old = saved.tables.get(name);
    if (!old) throw new Error(`the snapshot has no table ${name}`);
    saved.tables.set(name, new (old.constructor as new (values: number[]) => Table)(values));
  };

  /** Report `i`'s rows of `table` (`width` numbers each, `counts` rows per report), edited by `edit`. */
  const editRows = (
    saved: Saved,
    counts: string,
    table: string,
    width: number,
    i: number,
    edit: (rows: number[]) => void,
  ) => {
    const perReport = numbers(saved, counts);
    const all = numbers(saved, table);
    const start = perReport.slice(0, i).reduce((sum, n) => sum + n * width, 0);
    const rows = all.slice(start, start + (perReport[i] ?? 0) * width);
    edit(rows);
    all.splice(start, (perReport[i] ?? 0) * width, ...rows);
    perReport[i] = rows.length / width;
    setTable(saved, table, all);
    setTable(saved, counts, perReport);
  };
  const editSpans = (edit: (spans: number[]) => void) => (saved: Saved) =>
    editRows(saved, "passageCounts", "spans", 3, 0, edit);

  async function tampered(edit: (saved: Saved) => void, editBytes: (bytes: Buffer) => Buffer = (b) => b) {
    const dataDir = tempDir("sitrep-data-");
    const fresh = await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    const file = snapshotPathFor(dataDir, SEED_CORPUS);
    const read = readTableFile(readFileSync(file));
    const saved = { content: read.content, tables: new Map([...read.tables].map(([k, t]) => [k, t.slice()])) } as Saved;
    edit(saved);
    const pieces = [...tableFilePieces([...saved.tables], [JSON.stringify(saved.content)])];
    writeFileSync(file, editBytes(Buffer.concat(pieces.map((p) => (typeof p === "string" ? Buffer.from(p) : p)))));
    const { logger, lines } = capture();
    const reopened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    return { fresh, reopened, lines };
  }

  it("is reused when untouched", async () => {
    const { reopened, lines } = await tampered(() => undefined);
    expect(reopened.fromSnapshot).toBe(true);
    expect(lines()).toEqual([]);
  });

  it("gives back the date mentions it was saved with, made when first asked for", async () => {
    const { fresh, reopened } = await tampered(() => undefined);
    const asSaved = (all: Iterable<DateMention[] | undefined>) =>
      [...all].flatMap((list, passage) => (list ?? []).map((mention) => ({ passage, ...mention })));
    const found = asSaved(await mentionsByPassage(fresh.corpus, NEVER_GIVE_WAY));
    expect(found.length).toBeGreaterThan(10);
    expect(asSaved(await mentionsByPassage(reopened.corpus, NEVER_GIVE_WAY))).toEqual(found);
  });

  it.each([
    ["a passage moved off the text's words", editSpans((spans) => spans.splice(0, 1, (spans[0] ?? 0) - 1))],
    ["a passage beyond the end of the text", editSpans((spans) => spans.push(9_999_999, 10_000_000, 0))],
    ["passages out of order", editSpans((spans) => spans.unshift(...spans.slice(-3)))],
    [
      "a report left out",
      (s: Saved) => {
        editRows(s, "passageCounts", "spans", 3, 0, (rows) => rows.splice(0));
        editRows(s, "comparedLineCounts", "comparedLines", 3, 0, (rows) => rows.splice(0));
        editRows(s, "mentionCounts", "mentions", 6, 0, (rows) => rows.splice(0));
        for (const name of ["passageCounts", "comparedLineCounts", "mentionCounts"]) {
          setTable(s, name, numbers(s, name).slice(1));
        }
        s.content.corpus?.reports.shift();
      },
    ],
    [
      "index documents that are not the passages",
      (s: Saved) => setTable(s, "passages.documentIds", [...numbers(s, "passages.documentIds"), 10_000]),
    ],
    [
      "postings of a passage that does not exist",
      (s: Saved) => setTable(s, "passages.ids", [1_000_000, ...numbers(s, "passages.ids").slice(1)]),
    ],
    ["a table shorter than its counts say", (s: Saved) => setTable(s, "spans", numbers(s, "spans").slice(3))],
    [
      "a date mention that runs past its passage",
      (s: Saved) => {
        const dated = numbers(s, "mentionCounts").findIndex((count) => count > 0);
        editRows(s, "mentionCounts", "mentions", 6, dated, (rows) => rows.splice(2, 1, 1_000_000));
      },
    ],
    [
      "a report's kept text blanked where a passage starts",
      (s: Saved) => {
        const files = s.content.files as [string, string, string][];
        const at = files.findIndex(([file]) => file === s.content.corpus?.reports[0]?.file);
        const [wide = 0, start = 0] = numbers(s, "texts.places").slice(at * 3);
        const passageStart = numbers(s, "spans")[0] ?? 0;
        const name = wide === 1 ? "texts.utf16" : "texts.latin1";
        const bytes = numbers(s, name);
        bytes.splice((start + passageStart) * (wide + 1), wide + 1, ...[32, 0].slice(0, wide + 1));
        setTable(s, name, bytes);
      },
    ],
    [
      "kept texts shorter than their places say",
      (s: Saved) => {
        setTable(s, "texts.latin1", []);
        setTable(s, "texts.utf16", []);
      },
    ],
    ["a table of another kind", (s: Saved) => s.tables.set("spans", Float64Array.from(numbers(s, "spans")))],
    [
      "boilerplate of a kind it does not list",
      (s: Saved) =>
        setTable(
          s,
          "boilerplate",
          numbers(s, "boilerplate").map((n, i) => (i === 2 ? 99 : n)),
        ),
    ],
    ["a header missing its parse", (s: Saved) => (s.content.corpus = null)],
    [
      "a report whose date source is not one of its kinds",
      (s: Saved) => Object.assign(s.content.corpus?.reports.at(-1) ?? {}, { dateSource: "guessed" }),
    ],
    [
      "a report whose body starts before its text",
      (s: Saved) => Object.assign(s.content.corpus?.reports[0] ?? {}, { bodyStart: -1 }),
    ],
    ["a file listed without its hash", (s: Saved) => (s.content.files as string[][]).at(-1)?.pop()],
    ["a mention date that is a number", (s: Saved) => (s.content.mentionDates as unknown[]).push(20240101)],
    ["a header of another version", (s: Saved) => (s.content.version = 1)],
  ])("is rebuilt when it has %s", async (_what, edit) => {
    const { fresh, reopened, lines } = await tampered(edit);
    expect(reopened.fromSnapshot).toBe(false);
    expect(reopened.corpus.passages).toEqual(fresh.corpus.passages);
    expect(reopened.corpus.reports.map((r) => r.title)).toEqual(fresh.corpus.reports.map((r) => r.title));
    expect(lines().map((l) => l.msg)).toEqual([expect.stringMatching(/^index snapshot .*: rebuilding it$/)]);
  });

  it.each([
    ["cut short", (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1), /cut short/],
    ["cut just before its end mark", (bytes: Buffer) => bytes.subarray(0, bytes.length - 1), /cut short/],
    [
      "a table listed longer than it is",
      (bytes: Buffer) =>
        Buffer.from(
          bytes.toString("latin1").replace(/\["spans","u32",(\d+)\]/, (_, n) => `["spans","u32",${Number(n) + 2}]`),
          "latin1",
        ),
      /tables end at byte|runs past/,
    ],
    ["the older JSON format", () => Buffer.from('{"format":"sitrep-snapshot","corpusHash":"'), /older snapshot format/],
  ])("is rebuilt, and says why, when the file is %s", async (_what, editBytes, reason) => {
    const { reopened, lines } = await tampered(() => undefined, editBytes);
    expect(reopened.fromSnapshot).toBe(false);
    expect(reopened.corpus.reports.length).toBeGreaterThan(0);
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: "index snapshot cannot be used: rebuilding it",
        reason: expect.stringMatching(reason),
      }),
    ]);
  });

  it("is rebuilt, and says why, when its index is of another format version", async () => {
    const { fresh, reopened, lines } = await tampered((s) => {
      const index = s.content.index as { version: number };
      index.version = INDEX_FORMAT_VERSION - 1;
    });
    expect(reopened.fromSnapshot).toBe(false);
    expect(reopened.corpus.passages).toEqual(fresh.corpus.passages);
    expect(lines()).toEqual([
      expect.objectContaining({
        msg: "index snapshot cannot be used: rebuilding it",
        reason: `its index is of format version ${INDEX_FORMAT_VERSION - 1}, not ${INDEX_FORMAT_VERSION}`,
      }),
    ]);
    const answer = (opened: typeof fresh) => answerQuestion(opened.index, "How many people have fled Mosul?").results;
    expect(answer(reopened).map((r) => r.text)).toEqual(answer(fresh).map((r) => r.text));
  });

  it("says why it rebuilt", async () => {
    const { lines } = await tampered(editSpans((spans) => spans.push(9_999_999, 10_000_000, 0)));
    expect(lines()).toContainEqual(
      expect.objectContaining({
        msg: "index snapshot does not fit the corpus: rebuilding it",
        err: expect.objectContaining({ type: "SnapshotMismatchError", message: expect.stringMatching(/does not fit/) }),
      }),
    );
  });
});

describe("logger", () => {
  it("keeps the real error class in `type`", () => {
    const { logger, lines } = capture();
    logger.error({ err: errorForLog(new RangeError("out of range"), (t) => t) }, "failed");
    logger.error({ err: new TypeError("raw") }, "failed raw");
    expect(lines().map((l) => (l.err as { type: string }).type)).toEqual(["RangeError", "TypeError"]);
  });
});

describe("openCorpus from a snapshot: report texts", () => {
  /** The seed corpus, opened once to make the snapshot, then again from it. */
  async function restored() {
    const dataDir = tempDir("sitrep-data-");
    const fresh = await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    const reopened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    return { fresh, reopened, dataDir };
  }

  /** Three dated reports, opened once to make the snapshot and again from it; `decoded()` says whose texts were read. */
  async function restoredDated(
    // Dated reports, each with its own text.
    files: Record<string, string> = {
      "a.txt": "date 2017-01-01\nThe river rose by two metres overnight.\n",
      "b.txt": "date 2017-01-02\nThe café’s owners said the water reached the door.\n",
      "c.txt": "date 2017-01-03\nVolunteers filled sandbags near the bridge.\n",
    },
  ) {
    const corpusDir = tempCorpus(files);
    // Signatures trusted at once (files written just now are otherwise re-read: see the next tests).
    const options = { corpusDir, dataDir: tempDir("sitrep-data-"), settleMs: 0 };
    await openCorpus(options);
    const reopened = await openCorpus(options);
    const sources = reopened.corpus.reports.map((report) => savedTextOf(report));
    const decoded = () => sources.map((source) => source?.texts.isDecoded(source.at));
    return { corpusDir, options, reopened, decoded };
  }

  it("decodes a report's text only when something reads it, and it is the file's text", async () => {
    const { corpusDir, reopened, decoded } = await restoredDated();
    expect(reopened.fromSnapshot).toBe(true);
    expect(decoded()).toEqual([false, false, false]);
    const second = reopened.corpus.reports[1];
    expect(second?.text).toBe(readFileSync(path.join(corpusDir, "b.txt"), "utf8"));
    expect(decoded()).toEqual([false, true, false]);
  });

  it("after the warm-up, reads its texts from memory, not the snapshot file, still decoding none whole", async () => {
    const { corpusDir, options, reopened, decoded } = await restoredDated();
    expect(reopened.fromSnapshot).toBe(true);
    await warmUpIndex(reopened.index);
    // Cut short under the open file: a text read from it now would fail.
    truncateSync(snapshotPathFor(options.dataDir, corpusDir), 0);
    const answer = answerQuestion(reopened.index, "sandbags near the bridge");
    expect(answer.results[0]?.text).toBe("Volunteers filled sandbags near the bridge.");
    expect(decoded()).toEqual([false, false, false]);
    expect(reopened.corpus.reports.map((report) => report.text)).toEqual(
      ["a.txt", "b.txt", "c.txt"].map((file) => readFileSync(path.join(corpusDir, file), "utf8")),
    );
  });

  it("leaves texts past its byte budget in the snapshot file", async () => {
    const { corpusDir, options, reopened } = await restoredDated();
    await keepTextsInMemory(reopened.corpus.reports, NEVER_GIVE_WAY, 10);
    truncateSync(snapshotPathFor(options.dataDir, corpusDir), 0);
    expect(() => reopened.corpus.reports[0]?.text).toThrow(/cannot be read|cut short/);
  });

  it("builds a timeline and a digest reading only their passages' texts, decoding no report whole", async () => {
    const { reopened, decoded } = await restoredDated({
      "a.txt": "date 2017-01-05\nThe river burst its banks on 2 January 2017, officials said.\n",
      "b.txt": "date 2017-01-06\nOn 3 January 2017 volunteers filled sandbags near the bridge.\n",
      "c.txt": "date 2017-01-07\nThe water fell back on 4 January 2017, the mayor said.\n",
    });
    expect(reopened.fromSnapshot).toBe(true);
    const timeline = await buildTimeline(reopened, { dates: 3 });
    expect(timeline.events.map((event) => event.date)).toEqual(["2017-01-02", "2017-01-03", "2017-01-04"]);
    const digest = await buildDigest(reopened, ["a", "b", "c"], { topic: null, from: 0, to: 0 });
    // Newest first.
    expect(digest?.reports.map((report) => report.excerpt?.text)).toEqual([
      "The water fell back on 4 January 2017, the mayor said.",
      "On 3 January 2017 volunteers filled sandbags near the bridge.",
      "The river burst its banks on 2 January 2017, officials said.",
    ]);
    // Whole report texts decoded by a timeline stay with the reports: 255 MB at a million passages.
    expect(decoded()).toEqual([false, false, false]);
  });

  it("builds from the snapshot's texts the timelines a corpus with its texts in memory builds", async () => {
    // Latin-1 and UTF-16 texts (the snapshot keeps them in two tables), many dated sentences each.
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      const day = String(i + 1).padStart(2, "0");
      const quote = i % 3 === 0 ? "’" : "'";
      files[`r${day}.txt`] =
        `date 2017-03-${day}\nFloodwater reached the town${quote}s centre on ${i + 1} March 2017, officials said. ` +
        `Rescuers evacuated ${i * 10 + 5} families on 2 March 2017. The dam was inspected on 28 February 2017. ` +
        `Volunteers filled sandbags near bridge ${i}.\n`;
    }
    const { reopened } = await restoredDated(files);
    expect(reopened.fromSnapshot).toBe(true);
    const inMemory = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    for (const options of [
      {},
      { dates: 12, perDate: 3 },
      { granularity: "day" as const, dates: 5 },
      { topic: "sandbags" },
    ]) {
      const restored = await buildTimeline(reopened, options);
      expect(restored.events.length, JSON.stringify(options)).toBeGreaterThan(0);
      expect(restored, JSON.stringify(options)).toEqual(await buildTimeline(inMemory, options));
    }
  });

  it("keeps the publication dates inferred when it was made, without reading any text to infer them again", async () => {
    const corpusDir = tempCorpus({
      "a.txt": "date 2017-01-01\nThe offensive began on 1 January 2017, officials said.\n",
      "b.txt": "date 2017-01-02\nThe river rose by two metres overnight.\n",
      "c.txt": "Nothing here says when it was written.\n",
      "d.txt": "On the second day of the offensive, volunteers filled sandbags.\n",
    });
    const options = { corpusDir, dataDir: tempDir("sitrep-data-"), settleMs: 0 };
    const fresh = await openCorpus(options);
    const reopened = await openCorpus(options);
    expect(reopened.fromSnapshot).toBe(true);
    const dates = (opened: typeof fresh) =>
      opened.corpus.reports.map(({ date, dateSource, warnings }) => ({ date, dateSource, warnings }));
    expect(dates(reopened)).toEqual(dates(fresh));
    expect(dates(fresh).map((d) => d.dateSource)).toEqual(["header", "header", "none", "inferred"]);
    expect([...reopened.corpus.passages].map((p) => p.date)).toEqual([...fresh.corpus.passages].map((p) => p.date));
    expect(
      reopened.corpus.reports.map((report) => savedTextOf(report)?.texts.isDecoded(savedTextOf(report)?.at ?? -1)),
    ).toEqual([false, false, false, false]);
  });

  it("saves the snapshot again, after the start, when files were read afresh for new stat signatures", async () => {
    const { corpusDir, options, decoded } = await restoredDated();
    expect(decoded()).toEqual([false, false, false]);
    // Touched (as a copy or a restore from backup does): same bytes, new signatures.
    const later = new Date(Date.now() - 60_000);
    for (const name of ["a.txt", "b.txt"]) utimesSync(path.join(corpusDir, name), later, later);
    const snapshot = snapshotPathFor(options.dataDir, corpusDir);
    const savedAt = statSync(snapshot).mtimeMs;
    const touched = await openCorpus(options);
    expect(touched.fromSnapshot).toBe(true);
    expect(touched.corpus.reports.map((report) => savedTextOf(report) === null)).toEqual([true, true, false]);
    await vi.waitFor(() => expect(statSync(snapshot).mtimeMs).not.toBe(savedAt), { timeout: 10_000 });
    const next = await openCorpus(options);
    expect(next.fromSnapshot).toBe(true);
    expect(next.corpus.reports.map((report) => savedTextOf(report) === null)).toEqual([false, false, false]);
    expect(next.corpus.reports.map((r) => r.text)).toEqual(touched.corpus.reports.map((r) => r.text));
  });

  it("answers a question from saved texts without decoding the reports it quotes", async () => {
    const { corpusDir, reopened, decoded } = await restoredDated();
    const answer = answerQuestion(reopened.index, "Where did volunteers fill sandbags?");
    expect(decoded()).toEqual([false, false, false]);
    const [first] = answer.results;
    expect(first?.text).toContain("sandbags");
    const file = readFileSync(path.join(corpusDir, "c.txt"), "utf8");
    expect(file.slice(first?.start, first?.end)).toBe(first?.text);
  });

  it("reads a passage from the snapshot file once while it is among the passages read lately", async () => {
    const { reopened } = await restoredDated();
    const reads = vi.spyOn(SavedTexts.prototype, "slice");
    try {
      const question = "Where did volunteers fill sandbags near the river?";
      const first = answerQuestion(reopened.index, question);
      expect(first.results.length).toBeGreaterThan(0);
      expect(reads.mock.calls.length).toBeGreaterThan(0);
      reads.mockClear();
      expect(answerQuestion(reopened.index, question)).toEqual(first);
      // Only excerpts joining neighbouring passages read their text (whitespace included) again.
      expect(reads.mock.calls.length).toBe(first.results.filter((r) => r.passageIds.length > 1).length);
    } finally {
      reads.mockRestore();
    }
  });

  it("saves the snapshot again without decoding the texts nothing has read", async () => {
    const { corpusDir, options, reopened, decoded } = await restoredDated();
    expect(reopened.corpus.reports[0]?.text).toContain("river");
    await saveSnapshot(snapshotPathFor(options.dataDir, corpusDir), reopened, createLogger("silent"));
    expect(decoded()).toEqual([true, false, false]);
    const third = await openCorpus(options);
    expect(third.fromSnapshot).toBe(true);
    expect(third.corpus.reports.map((r) => r.text)).toEqual(
      ["a.txt", "b.txt", "c.txt"].map((name) => readFileSync(path.join(corpusDir, name), "utf8")),
    );
  });

  it("packs an undecoded saved text as its bytes, the same as packing its string", () => {
    const texts = ["plain ascii", "café à la crème", "“quoted” — 東京 🙂", ""];
    const packed = drain(packTextSteps(texts.map((text) => ({ text }))));
    const saved = new SavedTexts(
      { latin1: bytesInMemory(packed.latin1), utf16: bytesInMemory(packed.utf16), places: packed.places },
      texts.length,
    );
    const holders = texts.map((_, i) => withSavedText({}, saved, i));
    expect(holders[1]?.text).toBe(texts[1]);
    const again = drain(packTextSteps(holders));
    expect(texts.map((_, i) => saved.isDecoded(i))).toEqual([false, true, false, false]);
    expect(Buffer.from(again.latin1)).toEqual(Buffer.from(packed.latin1));
    expect(Buffer.from(again.utf16)).toEqual(Buffer.from(packed.utf16));
    expect(again.places).toEqual(packed.places);
  });

  it("answers with quotes that are exact substrings of the report files, as a fresh build does", async () => {
    const { fresh, reopened } = await restored();
    for (const question of ["How many people have fled Mosul?", "When did the offensive begin?"]) {
      const before = answerQuestion(fresh.index, question, { limit: 5 });
      const after = answerQuestion(reopened.index, question, { limit: 5 });
      expect(after.results.length).toBeGreaterThan(0);
      expect(after.results.map((r) => [r.reportId, r.text])).toEqual(before.results.map((r) => [r.reportId, r.text]));
      for (const result of after.results) {
        const file = readFileSync(path.join(SEED_CORPUS, result.file), "utf8");
        expect(file.slice(result.start, result.end)).toBe(result.text);
      }
    }
    expect(reopened.corpus.reports.map((r) => r.text)).toEqual(fresh.corpus.reports.map((r) => r.text));
    const boilerplate = reopened.corpus.reports.map((r) => r.boilerplate);
    expect(boilerplate.flat().length).toBeGreaterThan(0);
    expect(boilerplate).toEqual(fresh.corpus.reports.map((r) => r.boilerplate));
    // Made from the snapshot's rows when read, not kept as objects (src/corpus/saved-boilerplate.ts).
    const withSome = reopened.corpus.reports.find((r) => r.boilerplate.length > 0);
    expect(withSome?.boilerplate).not.toBe(withSome?.boilerplate);
  });

  it("keeps texts of every width: ASCII, Latin-1, and beyond (curly quotes, CJK, emoji)", () => {
    const texts = ["plain ascii", "café à la crème", "“quoted” — 東京 🙂", "", "x"];
    const packed = drain(packTextSteps(texts.map((text) => ({ text }))));
    const inMemory = (p: typeof packed) => ({
      latin1: bytesInMemory(p.latin1),
      utf16: bytesInMemory(p.utf16),
      places: p.places,
    });
    const saved = new SavedTexts(inMemory(packed), texts.length);
    texts.forEach((text, i) => {
      expect(saved.length(i)).toBe(text.length);
      const codeAt = saved.codeUnits(i);
      expect(Array.from({ length: text.length }, (_, at) => codeAt(at))).toEqual(
        Array.from({ length: text.length }, (_, at) => text.charCodeAt(at)),
      );
      expect(saved.slice(i, 1, Math.max(1, text.length - 1))).toBe(text.slice(1, Math.max(1, text.length - 1)));
    });
    expect(texts.map((_, i) => saved.text(i))).toEqual(texts);
    expect(() => new SavedTexts(inMemory({ ...packed, latin1: packed.latin1.subarray(0, 3) }), texts.length)).toThrow(
      /does not fit its table of texts/,
    );
  });
});

describe("openCorpus: which files a start trusts by their stat signature", () => {
  const header = (dataDir: string, corpusDir: string) =>
    readTableFile(readFileSync(snapshotPathFor(dataDir, corpusDir))).content as { files: [string, string, string][] };

  it("re-reads a file rewritten with its old size and modification time", async () => {
    const corpusDir = tempCorpus({ "a.txt": "date 2017-01-01\nThe river rose by two metres overnight.\n" });
    const file = path.join(corpusDir, "a.txt");
    const dataDir = tempDir("sitrep-data-");
    // Signatures trusted at once: only the stat signature can tell the two versions apart.
    const options = { corpusDir, dataDir, settleMs: 0 };
    const first = await openCorpus(options);
    expect(header(dataDir, corpusDir).files[0]?.[1]).not.toBe("");
    const { size, atime, mtime } = statSync(file);
    writeFileSync(file, "date 2017-01-01\nThe river fell by two metres overnight.\n");
    utimesSync(file, atime, mtime);
    expect(statSync(file).size).toBe(size);
    const second = await openCorpus(options);
    expect(first.corpus.reports[0]?.text).toContain("rose");
    expect(second.corpus.reports[0]?.text).toContain("fell");
    expect(second.fromSnapshot).toBe(false);
  });

  it("does not vouch for a file changed moments before it was read (its next change may keep the signature)", async () => {
    const corpusDir = tempCorpus({ "a.txt": "date 2017-01-01\nThe river rose by two metres overnight.\n" });
    const dataDir = tempDir("sitrep-data-");
    await openCorpus({ corpusDir, dataDir });
    expect(header(dataDir, corpusDir).files.map(([file, signature]) => [file, signature])).toEqual([["a.txt", ""]]);
    // Read again (not trusted), hashed, and found unchanged: the snapshot is still used.
    const again = await openCorpus({ corpusDir, dataDir });
    expect(again.fromSnapshot).toBe(true);
    expect(again.corpus.reports[0]?.text).toContain("rose");
  });
});
