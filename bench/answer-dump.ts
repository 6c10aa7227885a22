/**
 * Every answer to the benchmark questions at the Timeline17 size, in full (excerpts, scores,
 * highlights, near misses, messages), one JSON line per question, for one tree given by its root:
 * diff two trees' output to check that a change to the answer path's speed changed no answer.
 *   node --import tsx bench/answer-dump.ts <root> [data dir] > answers.jsonl
 * The questions are asked twice, as `bench/first-pass.ts` asks them, so answers read from what
 * the first pass kept are compared too. The data dir is `bench/first-pass.ts`'s (run that once).
 */
import { tmpdir } from "node:os";
import path from "node:path";
import { warmTimeline17 } from "./tree.js";

const [root = process.cwd(), dataDir = path.join(tmpdir(), "sitrep-first-pass-timeline17")] = process.argv.slice(2);
const { ask, questions } = await warmTimeline17(root, dataDir);
for (const pass of [1, 2]) {
  for (const question of questions) {
    const answer = ask(question);
    process.stdout.write(`${JSON.stringify({ pass, answer })}\n`);
  }
}
process.exit(0);
