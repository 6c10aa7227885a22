/**
 * `npx tsx bench/qa/diagnose.ts [--all]`: why Sitrep's first answer is not a judged one, for each
 * answerable tune question it misses at rank 1 (held-out questions are never read here). Each
 * miss gets one cause, the first that holds:
 *
 *   not a candidate     no judged passage among the candidates the index returned
 *   below the bar       judged passages are candidates but none counts as an answer
 *   refused             either of the two, and no candidate at all counts as an answer, so nothing is given
 *                       (for a judged candidate, with the gate that kept it out: word rules, the model, the report)
 *   boosts              a judged answer ranks first on its words; a period, type or "now" boost put another first
 *   words               the first passage ranks higher on the question's words alone (BM25, coverage, proximity)
 *   selection           the first answering candidate is judged, but the excerpts shown start elsewhere
 *
 * and a line with BM25's rank for the same question, so the misses BM25 gets right stand out.
 *
 * `--counts` prints only the number of misses per cause, for the tune and the held-out split side
 * by side: no question, id or passage of the held-out split is printed, so it says which mechanism
 * loses held-out answers without reading them (like the "refused" column of eval:qa).
 * `--reworded` does the same for the rewordings of bench/qa/reworded.json (its dev sets as tune).
 */
import { existsSync } from "node:fs";
import { rankForQuestion } from "../../src/search/answer.js";
import { modelAnswers } from "../../src/search/answer-model.js";
import { focusTerm, type RankedPassage } from "../../src/search/relevance.js";
import { openCorpus } from "../../src/sitrep.js";
import type { Question } from "./question-set.js";
import {
  bm25,
  corpusDirOf,
  coversJudged,
  firstHit,
  judgedAnswers,
  readExtra,
  readReworded,
  readSets,
  sitrep,
  splitOf,
  type Split,
} from "./systems.js";

const showAll = process.argv.includes("--all");
const countsOnly = process.argv.includes("--counts");
const splits: Split[] = countsOnly ? ["tune", "unread", "held-out"] : ["tune"];
const counts = new Map<string, Record<Split, number>>();
const asked: Record<Split, number> = { tune: 0, "held-out": 0, unread: 0 };
const oneLine = (s: string, n = 150) => s.replace(/\s+/g, " ").slice(0, n);
const causes = new Map<string, string[]>();

/** Which gate kept a judged candidate from answering. */
function gateOf(gold: RankedPassage | undefined): string {
  if (!gold) return "?";
  if (!gold.rulesAllow) return "word rules";
  const e = gold.evidence;
  if (!modelAnswers(e)) return e.focusMissing ? "model, focus missing" : "model, coverage";
  if (!gold.modelAnswers) return "report coverage";
  return "later answer";
}

function causeOf(candidates: RankedPassage[], isGold: (c: RankedPassage) => boolean): string {
  const answering = candidates.filter((c) => c.answers);
  const goldAt = candidates.findIndex(isGold);
  if (goldAt === -1) return answering.length === 0 ? "refused: not a candidate" : "not a candidate";
  const goldAnswer = answering.find(isGold);
  if (!goldAnswer) return `${answering.length === 0 ? "refused" : "below the bar"}: ${gateOf(candidates[goldAt])}`;
  const top = answering[0];
  if (!top || isGold(top)) return "selection";
  return goldAnswer.wordRank >= top.wordRank ? "boosts" : "words";
}

const extra = readExtra();
const problems: string[] = [];
/**
 * With `--reworded`, the questions are the tune questions' rewordings (bench/qa/reworded.json)
 * instead: the dev sets count as tune, the held-out sets ("held-out", "held-out-2", …) as held out
 * (counted only with `--counts`, never printed).
 */
const reworded = process.argv.includes("--reworded") ? readReworded() : null;
const splitOfAsked = (name: string, q: Question & { rewordedSplit?: string }): Split =>
  q.rewordedSplit === undefined ? splitOf(name, q) : q.rewordedSplit.startsWith("held-out") ? "held-out" : "tune";
for (const { name, set } of readSets()) {
  const questions = set.questions
    .filter((q) => q.type === "answerable")
    .flatMap((q): (Question & { rewordedSplit?: string })[] =>
      reworded
        ? splitOf(name, q) === "tune"
          ? (reworded.get(`${name}/${q.id}`) ?? []).map((r) => ({ ...q, question: r.question, rewordedSplit: r.split }))
          : []
        : [q],
    )
    .filter((q) => splits.includes(splitOfAsked(name, q)));
  const dir = corpusDirOf(name);
  if (questions.length === 0 || !existsSync(dir)) continue;
  const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
  const reports = new Map(corpus.reports.map((r) => [r.id, r]));
  const baseline = bm25(corpus, reports);
  const ours = sitrep(index);
  for (const question of questions) {
    const judged = judgedAnswers(corpus, name, question, extra, problems);
    const rank = firstHit(ours(question.question), judged);
    asked[splitOfAsked(name, question)] += 1;
    if (rank === 1 && !showAll) continue;
    const bm25Rank = firstHit(baseline(question.question), judged);
    const { terms, candidates } = rankForQuestion(index, question.question);
    const isGold = (c: RankedPassage) => coversJudged(judged, index.report(c.hit.passage.reportId), c.hit.passage);
    const cause = rank === 1 ? "hit" : causeOf(candidates, isGold);
    const split = splitOfAsked(name, question);
    const row = counts.get(cause) ?? { tune: 0, "held-out": 0, unread: 0 };
    row[split] += 1;
    counts.set(cause, row);
    if (countsOnly) continue;
    causes.set(cause, [...(causes.get(cause) ?? []), `${question.id}${bm25Rank === 1 ? "*" : ""}`]);
    const line = (c: RankedPassage, i: number) => {
      const p = c.hit.passage;
      const text = index.report(p.reportId)?.text.slice(p.start, p.end) ?? "";
      return `   ${String(i + 1).padStart(3)}. ${isGold(c) ? "GOLD" : "    "} ${c.answers ? "ans" : "---"} cov ${c.coverage.toFixed(2)} bm ${c.hit.score.toFixed(1)} boost ×${(c.rank / c.wordRank).toFixed(2)} [${c.hit.queryTerms.join(",")}] ${oneLine(text)}`;
    };
    console.log(
      `\n### ${question.id}: ${question.question}\n   cause: ${cause}; Sitrep rank ${rank ?? "–"}, BM25 rank ${bm25Rank ?? "–"}; terms ${terms.map((t) => `${t}(${index.idf(t).toFixed(1)})`).join(" ")}; focus ${focusTerm(index, question.question, terms) ?? "–"}`,
    );
    candidates.slice(0, 4).forEach((c, i) => console.log(line(c, i)));
    const goldAt = candidates.findIndex(isGold);
    const gold = candidates[goldAt];
    if (goldAt >= 4 && gold) console.log(line(gold, goldAt));
  }
}
if (countsOnly) {
  const share = (n: number, split: Split) => `${n} (${(n / asked[split]).toFixed(2)})`.padStart(11);
  console.log(
    `misses of ${asked.tune} tune, ${asked.unread} unread and ${asked["held-out"]} held-out answerable questions, per cause`,
  );
  console.log(`${"cause".padEnd(36)} ${"tune".padStart(11)} ${"unread".padStart(11)} ${"held-out".padStart(11)}`);
  for (const [cause, row] of [...counts].sort((a, b) => b[1].tune - a[1].tune))
    console.log(
      `${cause.padEnd(36)} ${share(row.tune, "tune")} ${share(row.unread, "unread")} ${share(row["held-out"], "held-out")}`,
    );
  process.exit(0);
}
console.log("\n== causes (tune misses; * = BM25 right at rank 1) ==");
for (const [cause, ids] of [...causes].sort((a, b) => b[1].length - a[1].length))
  console.log(`${cause.padEnd(16)} ${String(ids.length).padStart(3)}  ${ids.join(" ")}`);
if (problems.length > 0) console.log(problems.join("\n"));
