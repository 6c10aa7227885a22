/**
 * Bench rows "a 1 MB line of …": reports of one line shaped to find a parser rule that is slow on
 * long lines (a look-behind over a run of spaces was quadratic: 80,000 spaces took a second, a
 * megabyte would have taken minutes, session 52), and one that breaks on many sentences (a line of
 * more than about 100,000 sentences overflowed the stack, session 52). `openMs` is opening the
 * corpus (parse and index); every shape should open in about the time of the others.
 *   tsx bench/hostile-lines.ts   prints the results as JSON
 */
import { pathToFileURL } from "node:url";
import { withOneLineReport } from "./one-line.js";

export interface HostileLineResult {
  what: string;
  megabytes: number;
  passages: number;
  openMs: number;
}

const BYTES = 1_000_000;

/** Each shape: one line of about a megabyte. */
const SHAPES: Record<string, () => string> = {
  "spaces between two words": () => `start${" ".repeat(BYTES)}end`,
  "tabs between two words": () => `start${"\t".repeat(BYTES)}end`,
  "short sentences": () => "Yes. It is. ".repeat(BYTES / 12),
  "quotes set apart after stops": () => "Done. ' ".repeat(BYTES / 8),
  "parenthesised groups": () => "(Reporting by A) ".repeat(BYTES / 17),
  "a prompt's words": () => "Tell us your experiences using the form below ".repeat(BYTES / 46),
};

export async function measureHostileLines(): Promise<HostileLineResult[]> {
  const results: HostileLineResult[] = [];
  for (const [what, line] of Object.entries(SHAPES)) {
    results.push(
      await withOneLineReport(line(), (opened, openMs, megabytes) => ({
        what,
        megabytes,
        passages: opened.corpus.passages.length,
        openMs,
      })),
    );
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${JSON.stringify(await measureHostileLines())}\n`);
}
