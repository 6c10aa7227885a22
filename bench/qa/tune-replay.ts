/**
 * What the fitting scripts (fit-decision.ts, fit-rerank.ts) share: each tune question's ranking
 * with which candidates are judged answers, kept in a cache file when asked, and the answer path
 * replayed over candidates to score a rule or an order. Held-out questions are never read here.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type QuestionRanking, rankForQuestion } from "../../src/search/answer.js";
import type { PassageIndex } from "../../src/search/index.js";
import { LATER_ANSWER_COVERAGE, REPORT_COVERAGE } from "../../src/search/relevance.js";
import { openCorpus } from "../../src/sitrep.js";
import type { Question } from "./question-set.js";
import { corpusDirOf, coversJudged, judgedAnswers, readExtra, readReworded, readSets, splitOf } from "./systems.js";

export interface TuneRanking {
  set: string;
  /** The index the question was ranked on (for its candidates' texts). */
  index: PassageIndex;
  question: Question;
  ranking: QuestionRanking;
  /** Per candidate of `ranking`, whether it is a judged answer (never for an off-topic question). */
  gold: boolean[];
  /** "as written", or the rewording set the question's words come from. */
  voice: string;
}

/** Every tune question ranked as Sitrep ranks it (the final order, boosts applied). */
export async function* tuneRankings(problems: string[], withReworded = false): AsyncGenerator<TuneRanking> {
  const extra = readExtra();
  // Only the rewordings tuned on: the held-out ones are run by eval:qa alone.
  const reworded = new Map(
    [...(withReworded ? readReworded() : [])].map(
      ([key, list]) => [key, list.filter((r) => !r.split.startsWith("held-out"))] as const,
    ),
  );
  for (const { name, set } of readSets()) {
    // With `withReworded`, each question once more in each of its dev rewordings (bench/qa/reworded.json)
    // (same id, same judged answers), in its folder's fold.
    const questions = set.questions
      .filter((q) => splitOf(name, q) === "tune")
      .flatMap((q) => {
        const again = reworded.get(`${name}/${q.id}`) ?? [];
        return [
          { q, voice: "as written" },
          ...again.map((r) => ({ q: { ...q, question: r.question }, voice: r.split })),
        ];
      });
    const dir = corpusDirOf(name);
    if (questions.length === 0 || !existsSync(dir)) continue;
    process.stderr.write(`${name}: ${questions.length} questions…\n`);
    const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
    for (const { q: question, voice } of questions) {
      const judged = judgedAnswers(corpus, name, question, extra, problems);
      const ranking = rankForQuestion(index, question.question);
      const gold = ranking.candidates.map(
        (c) =>
          question.type === "answerable" && coversJudged(judged, index.report(c.hit.passage.reportId), c.hit.passage),
      );
      yield { set: name, index, question, ranking, gold, voice };
    }
  }
}

/** The file named after `--cache` on the command line, if any: where `cachedExamples` keeps its examples. */
export function cacheFileArg(args: readonly string[] = process.argv.slice(2)): string | undefined {
  return args.includes("--cache") ? args[args.indexOf("--cache") + 1] : undefined;
}

/** The examples in `cacheFile` when it exists, else collected (and written there when a file is named). */
export async function cachedExamples<T>(cacheFile: string | undefined, collect: () => Promise<T[]>): Promise<T[]> {
  if (cacheFile && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as T[];
  const examples = await collect();
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify(examples));
  return examples;
}

export interface Outcome {
  hit1: number;
  hit3: number;
  noAnswer: number;
}

/**
 * The candidates the answer path may take: those the rules allow and `passes` passes, whose report
 * matches enough of the question when they match less than REPORT_COVERAGE (as rankForQuestion).
 */
export function allowedBy<C extends { rulesAllow: boolean; reportCoverage: number }>(
  candidates: readonly C[],
  passes: (c: C) => boolean,
): C[] {
  return candidates.filter((c) => c.rulesAllow && passes(c) && c.reportCoverage >= REPORT_COVERAGE);
}

/**
 * Replays the answer path: of each question's `passing` candidates (in order), the first is an
 * answer and those after it also when they match LATER_ANSWER_COVERAGE, three shown at most.
 */
export function replayAnswers<E extends { offtopic: boolean }>(
  list: readonly E[],
  passing: (example: E) => readonly { coverage: number; gold: boolean }[],
): Outcome {
  let hit1 = 0;
  let hit3 = 0;
  let answerable = 0;
  let unanswered = 0;
  let offtopic = 0;
  for (const example of list) {
    const answers = passing(example)
      .filter((c, i) => i === 0 || c.coverage >= LATER_ANSWER_COVERAGE)
      .slice(0, 3);
    if (example.offtopic) {
      offtopic++;
      if (answers.length === 0) unanswered++;
      continue;
    }
    answerable++;
    if (answers[0]?.gold) hit1++;
    if (answers.some((c) => c.gold)) hit3++;
  }
  return { hit1: hit1 / answerable, hit3: hit3 / answerable, noAnswer: unanswered / offtopic };
}

export const formatOutcome = (o: Outcome) => `${o.hit1.toFixed(2)} / ${o.hit3.toFixed(2)} / ${o.noAnswer.toFixed(2)}`;
