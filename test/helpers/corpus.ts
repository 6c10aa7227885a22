import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { ReportPassages } from "../../src/corpus/passages.js";
import type { Corpus, Passage } from "../../src/corpus/types.js";
import type { PassageIndex } from "../../src/search/index.js";
import { openCorpus } from "../../src/sitrep.js";

export const SEED_CORPUS = path.resolve(import.meta.dirname, "../../corpus");

/**
 * Folders made outside a test (in beforeAll or while collecting), removed after their file by
 * test/support/temp-dirs.ts. A hook registered here would not do: the "shared" test files load this
 * module once per worker (isolate: false), so it would run for the first file only, and every later
 * file's folders were left in the system temp folder (about 200 a run).
 */
const madeOutsideTests: string[] = [];

/** `dir` is removed when the test making it ends, or after its file when made outside a test. */
function removeLater(dir: string): void {
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // onTestFinished throws outside a running test.
    madeOutsideTests.push(dir);
  }
}

export function removeFoldersMadeOutsideTests(): void {
  for (const dir of madeOutsideTests.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A throwaway corpus folder holding `files` (path → text or bytes), removed as `removeLater` says. */
export function tempCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-corpus-"));
  removeLater(dir);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function tempDir(prefix = "sitrep-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  removeLater(dir);
  return dir;
}

/**
 * Reports of one sentence each (r0.txt, r1.txt…), after 30 sentences of filler that give their
 * words a rarity, as a corpus folder's files for `tempCorpus`.
 */
export function oneSentenceReports(sentences: string[]): Record<string, string> {
  const filler = Array.from(
    { length: 30 },
    (_, i) => `Officials met on day ${i} to discuss the weather and the harvest.`,
  );
  const files: Record<string, string> = { "filler.txt": `date 2017-01-01\n${filler.join("\n\n")}\n` };
  sentences.forEach((s, i) => {
    files[`r${i}.txt`] = `date 2017-02-0${(i % 9) + 1}\n${s}\n`;
  });
  return files;
}

/** The real index over `oneSentenceReports(sentences)`, with no data folder. */
export async function sentenceIndex(sentences: string[]): Promise<PassageIndex> {
  return (await openCorpus({ corpusDir: tempCorpus(oneSentenceReports(sentences)), dataDir: null })).index;
}

/** A corpus's passages in path order (report, then ordinal): `corpus.passages` is by id, holes and all. */
export function passagesInPathOrder(corpus: Corpus): Passage[] {
  return corpus.reports.flatMap((r) => r.passages.toArray());
}

/**
 * A copy of `value` (something served from `corpus`) with every passage's id, and every entry of a
 * `passageIds` list, replaced by its passage's position in path order. A reload keeps passage ids
 * (new passages are numbered after the last) while a full load numbers them in path order: what
 * is served must not depend on which, so tests compare the two this way.
 */
export function withPassagePositions(corpus: Corpus, value: unknown): unknown {
  const positions = new Map(passagesInPathOrder(corpus).map((p, position) => [p.id, position]));
  const position = (id: number) => positions.get(id) ?? -1;
  const copy = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(copy);
    if (typeof item !== "object" || item === null || ArrayBuffer.isView(item)) return item;
    if (item instanceof Map || item instanceof Set) return item;
    // A report's passages compare as the passages they are, not as the table behind them.
    if (item instanceof ReportPassages) return item.toArray().map(copy);
    const isPassage = "reportId" in item && "ordinal" in item && "id" in item;
    return Object.fromEntries(
      Object.entries(item).map(([key, v]) => {
        if (isPassage && key === "id") return [key, position(v as number)];
        if (key === "passageIds") return [key, (v as number[]).map(position)];
        return [key, copy(v)];
      }),
    );
  };
  return copy(value);
}
