import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorForLog } from "../src/bot/interaction-handler.js";
import { createLogger } from "../src/logger.js";
import { openCorpus, snapshotPathFor } from "../src/sitrep.js";
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
  interface Saved {
    corpus: { reports: { file: string; spans: number[] }[]; rejected: unknown[] };
    /** Packed tables: base64 of little-endian uint32 numbers (document ids), or of varints (posting ids). */
    index: { passages: { documentIds: string; ids: string } };
  }

  /** Rewrites a packed uint32 table of the snapshot. */
  const editTable = (table: string, edit: (numbers: number[]) => void) => {
    const bytes = Buffer.from(table, "base64");
    const numbers = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readUInt32LE(i * 4));
    edit(numbers);
    return Buffer.from(Uint32Array.from(numbers).buffer).toString("base64");
  };

  async function tampered(edit: (saved: Saved) => void) {
    const dataDir = tempDir("sitrep-data-");
    const fresh = await openCorpus({ corpusDir: SEED_CORPUS, dataDir });
    const file = snapshotPathFor(dataDir, SEED_CORPUS);
    const saved = JSON.parse(readFileSync(file, "utf8")) as Saved;
    edit(saved);
    writeFileSync(file, JSON.stringify(saved));
    const { logger, lines } = capture();
    const reopened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    return { fresh, reopened, lines };
  }

  const first = (saved: Saved) => {
    const report = saved.corpus.reports[0];
    if (!report) throw new Error("the snapshot has no reports");
    return report;
  };

  it("is reused when untouched", async () => {
    const { reopened, lines } = await tampered(() => undefined);
    expect(reopened.fromSnapshot).toBe(true);
    expect(lines()).toEqual([]);
  });

  it.each([
    ["a passage moved off the text's words", (s: Saved) => first(s).spans.splice(0, 1, (first(s).spans[0] ?? 0) - 1)],
    ["a passage beyond the end of the text", (s: Saved) => first(s).spans.push(9_999_999, 10_000_000, 0)],
    ["passages out of order", (s: Saved) => first(s).spans.unshift(...first(s).spans.slice(-3))],
    ["a report left out", (s: Saved) => s.corpus.reports.shift()],
    [
      "index documents that are not the passages",
      (s: Saved) => (s.index.passages.documentIds = editTable(s.index.passages.documentIds, (ids) => ids.push(10_000))),
    ],
    [
      "postings of a passage that does not exist",
      (s: Saved) => {
        // The first posting (a one-byte varint: passage 0) becomes passage 1,000,000.
        const ids = Buffer.from(s.index.passages.ids, "base64");
        s.index.passages.ids = Buffer.concat([Buffer.from([0xc0, 0x84, 0x3d]), ids.subarray(1)]).toString("base64");
      },
    ],
    ["spans that are not numbers", (s: Saved) => first(s).spans.splice(0, 1, Number.NaN)],
    ["an envelope missing its parse", (s: Saved) => Object.assign(s, { corpus: null })],
  ])("is rebuilt when it has %s", async (_what, edit) => {
    const { fresh, reopened } = await tampered(edit);
    expect(reopened.fromSnapshot).toBe(false);
    expect(reopened.corpus.passages).toEqual(fresh.corpus.passages);
    expect(reopened.corpus.reports.map((r) => r.title)).toEqual(fresh.corpus.reports.map((r) => r.title));
  });

  it("says why it rebuilt", async () => {
    const { lines } = await tampered((s) => first(s).spans.push(9_999_999, 10_000_000, 0));
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
