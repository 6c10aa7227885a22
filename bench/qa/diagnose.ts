/**
 * `npx tsx bench/qa/diagnose.ts [--all]`: why Sitrep's first answer is not a judged one, for each
 * answerable tune question it misses at rank 1 (held-out questions are never read here). Each
 * miss gets one cause, the first that holds:
 *
 *   not a candidate     no judged passage among the candidates the index returned
 *   below the bar       judged passages are candidates but none counts as an answer
 *   boosts              a judged answer ranks first on its words; a period, type or "now" boost put another first
 *   words               the first passage ranks higher on the question's words alone (BM25, coverage, proximity)
 *   selection           the first answering candidate is judged, but the excerpts shown start elsewhere
 *
 * and a line with BM25's rank for the same question, so the misses BM25 gets right stand out.
 */
import { existsSync } from "node:fs";
import { rankForQuestion } from "../../src/search/answer.js";
import type { RankedPassage } from "../../src/search/relevance.js";
import { openCorpus } from "../../src/sitrep.js";
import {
  bm25,
  corpusDirOf,
  coversJudged,
  firstHit,
  judgedAnswers,
  readExtra,
  readSets,
  sitrep,
  splitOf,
} from "./systems.js";

const showAll = process.argv.includes("--all");
const oneLine = (s: string, n = 150) => s.replace(/\s+/g, " ").slice(0, n);
const causes = new Map<string, string[]>();

function causeOf(candidates: RankedPassage[], isGold: (c: RankedPassage) => boolean): string {
  const goldAt = candidates.findIndex(isGold);
  if (goldAt === -1) return "not a candidate";
  const answering = candidates.filter((c) => c.answers);
  const goldAnswer = answering.find(isGold);
  if (!goldAnswer) return "below the bar";
  const top = answering[0];
  if (!top || isGold(top)) return "selection";
  return goldAnswer.wordRank >= top.wordRank ? "boosts" : "words";
}

const extra = readExtra();
const problems: string[] = [];
for (const { name, set } of readSets()) {
  const questions = set.questions.filter((q) => q.type === "answerable" && splitOf(name, q) === "tune");
  const dir = corpusDirOf(name);
  if (questions.length === 0 || !existsSync(dir)) continue;
  const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
  const reports = new Map(corpus.reports.map((r) => [r.id, r]));
  const baseline = bm25(corpus, reports);
  const ours = sitrep(index);
  for (const question of questions) {
    const judged = judgedAnswers(corpus, name, question, extra, problems);
    const rank = firstHit(ours(question.question), judged);
    if (rank === 1 && !showAll) continue;
    const bm25Rank = firstHit(baseline(question.question), judged);
    const { terms, candidates } = rankForQuestion(index, question.question);
    const isGold = (c: RankedPassage) => coversJudged(judged, index.report(c.hit.passage.reportId), c.hit.passage);
    const cause = rank === 1 ? "hit" : causeOf(candidates, isGold);
    causes.set(cause, [...(causes.get(cause) ?? []), `${question.id}${bm25Rank === 1 ? "*" : ""}`]);
    const line = (c: RankedPassage, i: number) => {
      const p = c.hit.passage;
      const text = index.report(p.reportId)?.text.slice(p.start, p.end) ?? "";
      return `   ${String(i + 1).padStart(3)}. ${isGold(c) ? "GOLD" : "    "} ${c.answers ? "ans" : "---"} cov ${c.coverage.toFixed(2)} bm ${c.hit.score.toFixed(1)} boost ×${(c.rank / c.wordRank).toFixed(2)} [${c.hit.queryTerms.join(",")}] ${oneLine(text)}`;
    };
    console.log(
      `\n### ${question.id}: ${question.question}\n   cause: ${cause}; Sitrep rank ${rank ?? "–"}, BM25 rank ${bm25Rank ?? "–"}; terms ${terms.map((t) => `${t}(${index.idf(t).toFixed(1)})`).join(" ")}`,
    );
    candidates.slice(0, 4).forEach((c, i) => console.log(line(c, i)));
    const goldAt = candidates.findIndex(isGold);
    const gold = candidates[goldAt];
    if (goldAt >= 4 && gold) console.log(line(gold, goldAt));
  }
}
console.log("\n== causes (tune misses; * = BM25 right at rank 1) ==");
for (const [cause, ids] of [...causes].sort((a, b) => b[1].length - a[1].length))
  console.log(`${cause.padEnd(16)} ${String(ids.length).padStart(3)}  ${ids.join(" ")}`);
if (problems.length > 0) console.log(problems.join("\n"));
