/**
 * `npx tsx bench/qa/inspect.ts <set> [id…]`: for judging and tuning by reading, what Sitrep does
 * with a question: its terms and their weights, the best candidates (as rankForQuestion ranks them) with their coverage and
 * whether they answer, and where the judged passages stand in that ranking.
 * `npx tsx bench/qa/inspect.ts <set> --ask "question"` does the same for a question of one's own.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { answerQuestion, rankForQuestion } from "../../src/search/answer.js";
import { answerProbability } from "../../src/search/answer-model.js";
import { focusTerm } from "../../src/search/relevance.js";
import { openCorpus } from "../../src/sitrep.js";
import { PROJECT_ROOT, SEED_CORPUS, TIMELINE17_DIR } from "../corpora.js";
import type { ExtraJudgement, QuestionSet } from "./question-set.js";

const [set = "", ...ids] = process.argv.slice(2);
const qaDir = path.join(PROJECT_ROOT, "bench/qa");
const questions = (JSON.parse(readFileSync(path.join(qaDir, `${set}.json`), "utf8")) as QuestionSet).questions;
const extra = (
  JSON.parse(readFileSync(path.join(qaDir, "extra-judgements.json"), "utf8")) as {
    judgements: ExtraJudgement[];
  }
).judgements;
const dir = set === "seeds" ? SEED_CORPUS : path.join(TIMELINE17_DIR, set, "reports");
const { index } = await openCorpus({ corpusDir: dir, dataDir: null });
const oneLine = (s: string, n = 160) => s.replace(/\s+/g, " ").slice(0, n);

// `--ask "question"`: a question of one's own, with no judged answers, over the set's corpus.
const asked = ids[0] === "--ask" ? [{ id: "asked", type: "asked", question: ids[1] ?? "", answers: [] }] : null;
for (const q of asked ?? questions.filter((x) => ids.length === 0 || ids.includes(x.id))) {
  const judged = [...q.answers, ...extra.filter((e) => e.set === set && e.id === q.id && e.answers !== false)];
  // The ranking answers are picked from: the question's words, then its period, type and "first"/"now".
  const ranking = rankForQuestion(index, q.question);
  const { fromQuestion } = ranking;
  console.log(`\n### ${q.id} [${q.type}] ${q.question}`);
  if (fromQuestion)
    console.log(`   date phrase "${fromQuestion.phrase}" ${fromQuestion.since} – ${fromQuestion.until}`);
  console.log(
    "   terms:",
    ranking.terms
      .map((t) => `${t}(${index.has(t) ? index.idf(t).toFixed(1) : `? ${index.corrections(t).join("/")}`})`)
      .join(" "),
    `· focus ${focusTerm(index, q.question, ranking.terms) ?? "none"}`,
  );
  const isGold = (reportId: string, start: number, end: number) => {
    const report = index.report(reportId);
    if (!report) return false;
    return judged.some((j) => {
      if (path.basename(report.file) !== path.basename(j.report)) return false;
      const at = report.text.indexOf(j.quote);
      return at !== -1 && at < end && start < at + j.quote.length;
    });
  };
  ranking.candidates.slice(0, 6).forEach((c, i) => {
    const p = c.hit.passage;
    const r = index.report(p.reportId);
    console.log(
      `   ${i + 1}. ${isGold(p.reportId, p.start, p.end) ? "GOLD " : ""}${c.answers ? "ans" : "---"} cov ${c.coverage.toFixed(2)} p ${answerProbability(c.evidence).toFixed(2)}${c.evidence.focusMissing ? " (focus missing)" : ""}${c.rulesAllow ? "" : " (rules refuse)"} rank ${c.rank.toFixed(2)} [${c.hit.queryTerms.join(",")}] ${p.date} ${oneLine(r?.text.slice(p.start, p.end) ?? "")}`,
    );
  });
  const golds = ranking.candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => isGold(c.hit.passage.reportId, c.hit.passage.start, c.hit.passage.end));
  for (const { c, i } of golds.slice(0, 3)) {
    const p = c.hit.passage;
    console.log(
      `   gold at ${i + 1}: ${c.answers ? "ans" : "---"} cov ${c.coverage.toFixed(2)} rank ${c.rank.toFixed(2)} [${c.hit.queryTerms.join(",")}] ${oneLine(index.report(p.reportId)?.text.slice(p.start, p.end) ?? "")}`,
    );
  }
  if (golds.length === 0) {
    for (const j of judged.slice(0, 2)) {
      const report = index.corpus.reports.find((r) => path.basename(r.file) === path.basename(j.report));
      const at = report ? report.text.indexOf(j.quote) : -1;
      const p = report?.passages.toArray().find((x) => x.start <= at && at < x.end);
      const terms = p && report ? new Set(index.analyzer.tokenize(report.text.slice(p.start, p.end))) : new Set();
      console.log(
        `   gold not a candidate: has [${ranking.terms.filter((t) => terms.has(t)).join(",")}] ${j.report}: ${oneLine(j.quote)}`,
      );
    }
  }
  const answer = answerQuestion(index, q.question, { limit: 5 });
  console.log(
    `   answer: ${answer.results.length} results, ${answer.nearMisses.length} near misses; first: ${oneLine(answer.results[0]?.text ?? "-", 100)}`,
  );
}
