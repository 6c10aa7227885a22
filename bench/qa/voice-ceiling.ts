/**
 * `npx tsx bench/qa/voice-ceiling.ts`: per voice (the tune questions as written, and each dev
 * rewording set), hit@1 of the answer path three ways: with the answer decision, with the word
 * rules alone, and with no bar at all. Where the three agree, a voice's misses are the ranking's;
 * where the bar is lower, they are the decision's. Held-out rewordings are never read here.
 */
import { modelAnswers } from "../../src/search/answer-model.js";
import { allowedBy, replayAnswers, tuneRankings } from "./tune-replay.js";

interface Candidate {
  rulesAllow: boolean;
  modelAnswers: boolean;
  reportCoverage: number;
  coverage: number;
  gold: boolean;
}
interface Example {
  voice: string;
  offtopic: boolean;
  candidates: Candidate[];
}

const problems: string[] = [];
const examples: Example[] = [];
for await (const { voice, question, ranking, gold } of tuneRankings(problems, true)) {
  examples.push({
    voice,
    offtopic: question.type === "offtopic",
    candidates: ranking.candidates.map((c, i) => ({
      rulesAllow: c.rulesAllow,
      modelAnswers: modelAnswers(c.evidence),
      reportCoverage: c.rulesAllow ? c.readReportCoverage() : c.coverage,
      coverage: c.coverage,
      gold: gold[i] ?? false,
    })),
  });
}
if (problems.length > 0) process.stderr.write(`${problems.join("\n")}\n`);

console.log("voice        questions  decision  word rules only  no bar");
for (const voice of new Set(examples.map((e) => e.voice))) {
  const list = examples.filter((e) => e.voice === voice);
  const hit1 = (passing: (c: Candidate) => boolean) =>
    replayAnswers(list, (e) => e.candidates.filter(passing)).hit1.toFixed(2);
  const decision = replayAnswers(list, (e) => allowedBy(e.candidates, (c) => c.modelAnswers)).hit1.toFixed(2);
  console.log(
    `${voice.padEnd(12)} ${String(list.length).padStart(9)}  ${decision.padStart(8)}  ${hit1((c) => c.rulesAllow).padStart(15)}  ${hit1(() => true).padStart(6)}`,
  );
}
