/**
 * What eval:qa and its diagnostics share: the question sets and judgements, the split, and the
 * three systems compared (Sitrep, plain MiniSearch, BM25 through SQLite FTS5), each returning
 * the spans of the passages it would show.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import MiniSearch from "minisearch";
import type { Corpus, Report, Span } from "../../src/corpus/types.js";
import { answerQuestion, QuestionError } from "../../src/search/answer.js";
import { PROJECT_ROOT, SEED_CORPUS, TIMELINE17_DIR } from "../corpora.js";
import type { ExtraJudgement, Question, QuestionSet } from "./question-set.js";

export const QA_DIR = process.env.QA_DIR ?? path.join(PROJECT_ROOT, "bench/qa");
export const K = 5;

export type Split = "tune" | "held-out" | "unread";
/**
 * Folders whose questions are read and tuned on. MJ_bbc was held out until session 23; it moved to
 * tune as the held-out folder where Sitrep was furthest behind plain MiniSearch, to learn why
 * (its last held-out figures are in docs/measurements.md, "Session 23").
 */
const TUNE_FOLDERS = /^(bpoil_|H1N1_|MJ_bbc$)/;

/**
 * Batches of tune-folder questions written by helpers who never ran Sitrep, kept unread: their
 * misses are never printed and nothing is fitted on them (fit-decision.ts and the replays read
 * the tune split alone). They show what the tune figures are worth on wording nobody tuned on.
 */
const UNREAD_TAGS = new Set([
  "session-56",
  "session-56b",
  "session-58",
  "session-59b",
  "session-60b",
  "session-60d",
  "session-61b",
]);

/**
 * A question's batch: the tag of the helpers' batch it came in (`session-…`, written by people who
 * never ran Sitrep), or "older" for the questions written before them.
 */
export function batchOf(question: Question): string {
  return (question.tags ?? []).find((tag) => tag.startsWith("session-")) ?? "older";
}

/** Seeds: odd-numbered questions tune, even ones are held out; an unread batch is its own split. */
export function splitOf(set: string, question: Question): Split {
  if ((question.tags ?? []).some((tag) => UNREAD_TAGS.has(tag))) return "unread";
  if (set === "seeds") {
    const n = Number(/(\d+)\s*$/.exec(question.id)?.[1] ?? Number.NaN);
    return n % 2 === 1 ? "tune" : "held-out";
  }
  return TUNE_FOLDERS.test(set) ? "tune" : "held-out";
}

/** A returned excerpt: which report and which span of it. */
export interface Returned extends Span {
  report: Report;
}

export type System = (question: string) => Returned[];

export const SYSTEMS = ["sitrep", "minisearch", "bm25"] as const;
export type SystemName = (typeof SYSTEMS)[number];

function passageText(corpus: Corpus, reports: Map<string, Report>, id: number): string {
  const p = corpus.passages.at(id);
  return p ? (reports.get(p.reportId)?.text.slice(p.start, p.end) ?? "") : "";
}

export function plainMiniSearch(corpus: Corpus, reports: Map<string, Report>): System {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
  index.addAll([...corpus.passages].map((p) => ({ id: p.id, text: passageText(corpus, reports, p.id) })));
  return (question) =>
    index
      .search(question)
      .slice(0, K)
      .flatMap((r) => toReturned(corpus, reports, r.id as number));
}

export function bm25(corpus: Corpus, reports: Map<string, Report>): System {
  const db = new Database(":memory:");
  db.exec("CREATE VIRTUAL TABLE passages USING fts5(text, tokenize = 'porter unicode61')");
  const insert = db.prepare("INSERT INTO passages(rowid, text) VALUES (?, ?)");
  db.transaction(() => {
    for (const p of corpus.passages) insert.run(p.id, passageText(corpus, reports, p.id));
  })();
  const query = db.prepare("SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?");
  return (question) => {
    // Any word may match, as a search box would take a question: each word quoted, joined with OR.
    const words = question.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w}"`).join(" OR ");
    const rows = query.all(match, K) as { rowid: number }[];
    return rows.flatMap((r) => toReturned(corpus, reports, r.rowid));
  };
}

export function toReturned(corpus: Corpus, reports: Map<string, Report>, passageId: number): Returned[] {
  const p = corpus.passages.at(passageId);
  const report = p && reports.get(p.reportId);
  return p && report ? [{ report, start: p.start, end: p.end }] : [];
}

export function sitrep(index: Parameters<typeof answerQuestion>[0]): System {
  return (question) => sitrepShown(index)(question).answers;
}

/**
 * What Sitrep shows for a question: its answers, or, when it answers nothing, the closest passages
 * it lists as "not answers" (`nearMisses`). The first passage shown is what a reader reads first either way.
 */
export function sitrepShown(
  index: Parameters<typeof answerQuestion>[0],
): (question: string) => { answers: Returned[]; shown: Returned[] } {
  return (question) => {
    let answer: ReturnType<typeof answerQuestion>;
    try {
      answer = answerQuestion(index, question, { limit: K });
    } catch (error) {
      // Too long once framed ("hey, quick question: …" around a long question): the asker is told
      // the limit and gets no passage, as in Discord.
      if (error instanceof QuestionError) return { answers: [], shown: [] };
      throw error;
    }
    const { results, nearMisses } = answer;
    const returned = (list: typeof results) =>
      list.flatMap((e) => {
        const report = index.report(e.reportId);
        return report ? [{ report, start: e.start, end: e.end }] : [];
      });
    const answers = returned(results);
    return { answers, shown: answers.length > 0 ? answers : returned(nearMisses) };
  };
}

/** Where each judged quote stands in its report (every occurrence); a quote not found is an error in the set. */
export function judgedSpans(corpus: Corpus, set: string, question: Question, problems: string[]): Map<Report, Span[]> {
  const byFile = new Map<string, Report>();
  for (const r of corpus.reports) {
    byFile.set(r.file, r);
    byFile.set(path.basename(r.file), r);
  }
  const spans = new Map<Report, Span[]>();
  for (const answer of question.answers) {
    const report = byFile.get(answer.report) ?? byFile.get(path.basename(answer.report));
    if (!report) {
      problems.push(`${set} ${question.id}: no report "${answer.report}"`);
      continue;
    }
    const list = spans.get(report) ?? [];
    let at = report.text.indexOf(answer.quote);
    if (at === -1) problems.push(`${set} ${question.id}: quote not in ${answer.report}: "${answer.quote}"`);
    while (at !== -1) {
      list.push({ start: at, end: at + answer.quote.length });
      at = report.text.indexOf(answer.quote, at + 1);
    }
    spans.set(report, list);
  }
  return spans;
}

/**
 * The spans judged to answer `question`: its set's judgements and extra-judgements.json's (`extra`),
 * or with `answers: false` only those read and judged not to answer.
 */
export function judgedAnswers(
  corpus: Corpus,
  set: string,
  question: Question,
  extra: readonly ExtraJudgement[],
  problems: string[],
  answers = true,
): Map<Report, Span[]> {
  const added = extra.filter((e) => e.set === set && e.id === question.id && (e.answers !== false) === answers);
  const judged = answers ? [...question.answers, ...added] : added;
  return judgedSpans(corpus, set, { ...question, answers: judged }, problems);
}

/** Whether `span` of `report` overlaps a judged span. */
export function coversJudged(judged: Map<Report, Span[]>, report: Report | undefined, span: Span): boolean {
  return report !== undefined && (judged.get(report) ?? []).some((s) => span.start < s.end && s.start < span.end);
}

export function firstHit(returned: Returned[], judged: Map<Report, Span[]>): number | null {
  const at = returned.findIndex((r) => coversJudged(judged, r.report, r));
  return at === -1 ? null : at + 1;
}

export function corpusDirOf(set: string): string {
  return set === "seeds" ? SEED_CORPUS : path.join(TIMELINE17_DIR, set, "reports");
}

/** The files of bench/qa beside the question sets: judgements found later, and questions reworded. */
const NOT_QUESTION_SETS = new Set(["extra-judgements.json", "reworded.json"]);

export function readSets(): { name: string; set: QuestionSet }[] {
  return readdirSync(QA_DIR)
    .filter((f) => f.endsWith(".json") && !NOT_QUESTION_SETS.has(f))
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ""),
      set: JSON.parse(readFileSync(path.join(QA_DIR, f), "utf8")) as QuestionSet,
    }));
}

export function readExtra(): ExtraJudgement[] {
  const file = path.join(QA_DIR, "extra-judgements.json");
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { judgements: ExtraJudgement[] }).judgements
    : [];
}

/**
 * The sets of `bench/qa/reworded.json`, in the order they were written: "dev" to "dev-11" the rules
 * were tuned on or read (each but the first run once held out before that; "dev-11" was
 * "held-out-2"); the held-out sets ("held-out", "held-out-3", "held-out-4") are run and never read.
 */
export const REWORDED_SPLITS = [
  "dev",
  "dev-2",
  "dev-3",
  "dev-4",
  "dev-5",
  "dev-6",
  "dev-7",
  "dev-8",
  "dev-9",
  "dev-10",
  "held-out",
  "dev-11",
  "held-out-3",
  "held-out-4",
] as const;

/** A tune question asked again in another voice (`bench/qa/reworded.json`). */
export interface Reworded {
  question: string;
  split: (typeof REWORDED_SPLITS)[number];
}

/**
 * `bench/qa/reworded.json`: per `set/id`, the tune question asked again in other voices (one per
 * set of rewordings that holds it), in the order the sets were written.
 */
export function readReworded(): Map<string, Reworded[]> {
  const file = path.join(QA_DIR, "reworded.json");
  const { questions } = JSON.parse(readFileSync(file, "utf8")) as {
    questions: ({ set: string; id: string } & Reworded)[];
  };
  const byQuestion = new Map<string, Reworded[]>();
  for (const q of questions) {
    const key = `${q.set}/${q.id}`;
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), { question: q.question, split: q.split }]);
  }
  return byQuestion;
}
