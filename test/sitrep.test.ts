import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorForLog } from "../src/bot/interaction-handler.js";
import { createLogger } from "../src/logger.js";
import { openCorpus, snapshotPathFor } from "../src/sitrep.js";
import { readTableFile, type Table, tableFilePieces } from "../src/table-file.js";
import { SEED_CORPUS, tempDir } from "./helpers/corpus.js";

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
    ["a table of another kind", (s: Saved) => s.tables.set("spans", Float64Array.from(numbers(s, "spans")))],
    ["a header missing its parse", (s: Saved) => (s.content.corpus = null)],
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
