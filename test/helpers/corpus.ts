import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

export const SEED_CORPUS = path.resolve(import.meta.dirname, "../../corpus");

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway corpus folder holding `files` (path → text or bytes), removed after the test. */
export function tempCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-corpus-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function tempDir(prefix = "sitrep-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
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
