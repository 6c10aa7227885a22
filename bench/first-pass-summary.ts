/**
 * Compares trees question by question from runs of `bench/first-pass.ts` made with
 * FIRST_PASS_PER_QUESTION=<file> (alternating the trees, on the same machine): per tree and per
 * question, the median CPU time over the runs, then the p50, p99 and slowest of those medians, for
 * the first pass and for the questions asked again: the process's CPU time, then (runs on Linux)
 * the main thread's alone, without V8's background compiling and marking, then wall time. On a
 * loaded machine one run's p99 is mostly which questions a busy core slowed; the median over runs
 * keeps what the question itself costs.
 *   npx tsx bench/first-pass-summary.ts <file>
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { median, percentile } from "./stats.js";

const [file] = process.argv.slice(2);
if (!file) throw new Error("usage: bench/first-pass-summary.ts <per-question file>");

interface Run {
  root: string;
  questions: string[];
  first: number[];
  again: number[];
  /** The main thread's CPU time (first-pass.ts's mainThreadCpuMs); absent from older runs. */
  firstMain?: number[];
  againMain?: number[];
  /** Wall time; absent from older runs. */
  firstWall?: number[];
  againWall?: number[];
}

const runs = readFileSync(file, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Run);

const byRoot = new Map<string, Run[]>();
for (const run of runs) byRoot.set(run.root, [...(byRoot.get(run.root) ?? []), run]);
const fixed = (v: number) => v.toFixed(2);
/** The process's CPU time (all its threads), or the main thread's alone where the runs have it. */
const clocks = [
  { name: "CPU", first: (run: Run) => run.first, again: (run: Run) => run.again },
  { name: "main-thread CPU", first: (run: Run) => run.firstMain, again: (run: Run) => run.againMain },
  { name: "wall", first: (run: Run) => run.firstWall, again: (run: Run) => run.againWall },
];
for (const clock of clocks) {
  if (!runs.every((run) => clock.first(run) && clock.again(run))) continue;
  process.stdout.write(
    `\n| tree | runs | first pass: ${clock.name} p50 / p99 / max of per-question medians, ms | asked again: p50 / p99 / max | slowest first questions (median ms) |\n`,
  );
  process.stdout.write("| --- | --- | --- | --- | --- |\n");
  for (const [root, treeRuns] of byRoot) {
    const summary = (pass: "first" | "again") => {
      const questions = treeRuns[0]?.questions ?? [];
      const medians = questions.map((question, i) => ({
        question,
        ms: median(treeRuns.map((run) => clock[pass](run)?.[i] ?? Number.NaN)),
      }));
      const sorted = medians.map((m) => m.ms).sort((a, b) => a - b);
      const slowest = [...medians].sort((a, b) => b.ms - a.ms).slice(0, 3);
      return {
        text: `${fixed(percentile(sorted, 50))} / ${fixed(percentile(sorted, 99))} / ${fixed(sorted.at(-1) ?? Number.NaN)}`,
        slowest: slowest.map((s) => `${s.question} (${fixed(s.ms)})`).join("; "),
      };
    };
    const first = summary("first");
    const again = summary("again");
    process.stdout.write(
      `| ${path.basename(root)} | ${treeRuns.length} | ${first.text} | ${again.text} | ${first.slowest} |\n`,
    );
  }
}
