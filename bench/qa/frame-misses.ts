/**
 * `npx tsx bench/qa/frame-misses.ts [set…]`: for each dev chat frame set named (default: all dev
 * frames), the tune questions Sitrep answers right at rank 1 as written but not in the frame, with
 * what the request reader kept of the framed question. Tune questions and dev frames only: the
 * held-out frames are never asked here.
 */
import { existsSync } from "node:fs";
import { namesSomething } from "../../src/search/answer.js";
import { readRequest } from "../../src/search/request-frame.js";
import { openCorpus } from "../../src/sitrep.js";
import { CHATTY_FRAMES } from "./chatty.js";
import { corpusDirOf, firstHit, judgedAnswers, readExtra, readSets, sitrep, splitOf } from "./systems.js";

const wanted = new Set(process.argv.slice(2));
const frames = CHATTY_FRAMES.filter((f) => f.split === "dev" && (wanted.size === 0 || wanted.has(f.name)));
const extra = readExtra();
const problems: string[] = [];
const lost = new Map<string, number>();
let asked = 0;
for (const { name, set } of readSets()) {
  const questions = set.questions.filter((q) => q.type === "answerable" && splitOf(name, q) === "tune");
  const dir = corpusDirOf(name);
  if (questions.length === 0 || !existsSync(dir)) continue;
  const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
  const ours = sitrep(index);
  for (const question of questions) {
    const judged = judgedAnswers(corpus, name, question, extra, problems);
    if (firstHit(ours(question.question), judged) !== 1) continue;
    for (const frame of frames) {
      asked += 1;
      const text = frame.wrap(question.question);
      if (firstHit(ours(text), judged) === 1) continue;
      lost.set(frame.name, (lost.get(frame.name) ?? 0) + 1);
      const read = readRequest(text, (word) => namesSomething(index, word)).asked;
      console.log(`${frame.name.padEnd(40)} ${name}/${question.id}\n   asked: ${text}\n   read:  ${read}`);
    }
  }
}
console.log(`\n== lost at rank 1, of ${asked} framed questions answered right as written ==`);
for (const [frame, n] of [...lost].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(4)}  ${frame}`);
if (problems.length > 0) console.log(problems.join("\n"));
