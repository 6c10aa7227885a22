/**
 * A large corpus for the scale benchmarks (20k reports, about 1M passages): every Timeline17 report
 * copied `copies` times into a folder under the system temp dir, made once and reused (a marker file
 * names how it was made). Each copy's lines carry a copy tag, so no line repeats across copies (the
 * loader treats lines repeated in other reports as boilerplate) while the words and their
 * frequencies stay those of real news. Nothing of the dataset is committed: it is read from
 * ../shared at run time.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TIMELINE17_DIR } from "./corpora.js";

const GENERATOR_VERSION = 1;

/** Copy k's tag: a short word that differs per copy and is not an English word. */
function copyTag(copy: number): string {
  return `zq${copy.toString(36)}`;
}

/** The report as copy `copy` of it: the header kept, every other non-empty line tagged. */
export function copyOfReport(text: string, copy: number): string {
  if (copy === 0) return text;
  const tag = copyTag(copy);
  return text
    .split("\n")
    .map((line, index) => ((index === 0 && line.startsWith("date ")) || line.trim() === "" ? line : `${line} ${tag}`))
    .join("\n");
}

/**
 * The folder of `copies` × Timeline17 (7 copies: about 20k reports and 1M passages), or null when
 * the dataset is not beside the project. Made on first use; later calls return it at once.
 */
export function largeCorpus(copies: number): string | null {
  if (!existsSync(TIMELINE17_DIR)) return null;
  const dir = path.join(tmpdir(), `sitrep-large-${copies}`);
  const marker = path.join(dir, ".made");
  const made = `v${GENERATOR_VERSION} ${copies} copies of ${TIMELINE17_DIR}`;
  if (existsSync(marker) && readFileSync(marker, "utf8") === made) return dir;
  rmSync(dir, { recursive: true, force: true });
  for (const story of readdirSync(TIMELINE17_DIR)) {
    const reports = path.join(TIMELINE17_DIR, story, "reports");
    if (!existsSync(reports)) continue;
    for (const file of readdirSync(reports)) {
      const text = readFileSync(path.join(reports, file), "utf8");
      for (let copy = 0; copy < copies; copy += 1) {
        const folder = path.join(dir, `copy${copy}`, story);
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, file), copyOfReport(text, copy));
      }
    }
  }
  writeFileSync(marker, made);
  return dir;
}
