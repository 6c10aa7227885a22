/**
 * Bench row "a 1.9 MB report without a sentence break": one line of repeated words, as scraped text
 * sometimes is. Before passages had a maximum length it was one passage, and a question on a word it
 * repeats took minutes. `ms` is opening the corpus (parse and index), `askMs` one such question.
 *   tsx bench/one-line.ts   prints the result as JSON
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { answerQuestion } from "../src/search/answer.js";
import { type OpenedCorpus, openCorpus } from "../src/sitrep.js";

export interface OneLineBenchResult {
  megabytes: number;
  passages: number;
  longestPassage: number;
  openMs: number;
  askMs: number;
  results: number;
}

export async function measureOneLine(bytes = 1_900_000): Promise<OneLineBenchResult> {
  const words = ["militants", "advanced", "through", "the", "old", "city", "while", "civilians", "fled"];
  const parts: string[] = [];
  for (let length = 0, i = 0; length < bytes; i++) {
    const word = words[i % words.length] ?? "";
    parts.push(word);
    length += word.length + 1;
  }
  return withOneLineReport(parts.join(" "), (opened, openMs, megabytes) => {
    const start = performance.now();
    const answer = answerQuestion(opened.index, "Where did the militants advance?");
    const askMs = performance.now() - start;
    const lengths = [...opened.corpus.passages].map((p) => p.end - p.start);
    return {
      megabytes,
      passages: lengths.length,
      longestPassage: Math.max(...lengths),
      openMs,
      askMs,
      results: answer.results.length,
    };
  });
}

/**
 * Opens, timed, a corpus of one report whose body is `line` (after a date header), and hands it to
 * `use` with the time it took and the report's size in MB; the folder is removed afterwards. The
 * one-line rows here and in hostile-lines.ts open their reports so.
 */
export async function withOneLineReport<T>(
  line: string,
  use: (opened: OpenedCorpus, openMs: number, megabytes: number) => T | Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-one-line-bench-"));
  try {
    const text = `date 2017-01-01\n${line}\n`;
    writeFileSync(path.join(dir, "one-line.txt"), text);
    const start = performance.now();
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    // Awaited here, so the folder outlives an asynchronous `use`.
    return await use(opened, performance.now() - start, Buffer.byteLength(text) / 1e6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${JSON.stringify(await measureOneLine())}\n`);
}
