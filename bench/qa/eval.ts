/**
 * `npm run eval:qa`: answer quality, Sitrep side by side with plain MiniSearch (its defaults) and
 * BM25 (SQLite FTS5, porter tokenizer), all three over the same passages of the same corpus.
 *
 *   npm run eval:qa                      tune and held-out splits, each printed apart
 *   npm run eval:qa -- --split tune      only the split used for tuning
 *   npm run eval:qa -- --misses          also list each tune question Sitrep misses at rank 1
 *
 * The question sets (`bench/qa/<folder>.json`) were written by someone who never saw Sitrep's
 * output; `bench/qa/extra-judgements.json` adds passages found later that genuinely answer, judged
 * by reading them, for every system alike. A hit is a returned excerpt of a judged report whose
 * span overlaps the judged quote.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import MiniSearch from "minisearch";
import type { Corpus, Report, Span } from "../../src/corpus/types.js";
import { answerQuestion } from "../../src/search/answer.js";
import { openCorpus } from "../../src/sitrep.js";
import { PROJECT_ROOT, SEED_CORPUS, TIMELINE17_DIR } from "../corpora.js";
import type { ExtraJudgement, Question, QuestionSet } from "./question-set.js";

const QA_DIR = process.env.QA_DIR ?? path.join(PROJECT_ROOT, "bench/qa");
const K = 5;

type Split = "tune" | "held-out";
const TUNE_FOLDERS = /^(bpoil_|H1N1_)/;

/** Seeds: odd-numbered questions tune, even ones are held out. */
function splitOf(set: string, question: Question): Split {
  if (set === "seeds") {
    const n = Number(/(\d+)\s*$/.exec(question.id)?.[1] ?? Number.NaN);
    return n % 2 === 1 ? "tune" : "held-out";
  }
  return TUNE_FOLDERS.test(set) ? "tune" : "held-out";
}

/** A returned excerpt: which report and which span of it. */
interface Returned extends Span {
  report: Report;
}

type System = (question: string) => Returned[];

const SYSTEMS = ["sitrep", "minisearch", "bm25"] as const;
type SystemName = (typeof SYSTEMS)[number];

function passageText(corpus: Corpus, reports: Map<string, Report>, id: number): string {
  const p = corpus.passages[id];
  return p ? (reports.get(p.reportId)?.text.slice(p.start, p.end) ?? "") : "";
}

function plainMiniSearch(corpus: Corpus, reports: Map<string, Report>): System {
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
  index.addAll(corpus.passages.map((p) => ({ id: p.id, text: passageText(corpus, reports, p.id) })));
  return (question) =>
    index
      .search(question)
      .slice(0, K)
      .flatMap((r) => toReturned(corpus, reports, r.id as number));
}

function bm25(corpus: Corpus, reports: Map<string, Report>): System {
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

function toReturned(corpus: Corpus, reports: Map<string, Report>, passageId: number): Returned[] {
  const p = corpus.passages[passageId];
  const report = p && reports.get(p.reportId);
  return p && report ? [{ report, start: p.start, end: p.end }] : [];
}

function sitrep(index: Parameters<typeof answerQuestion>[0]): System {
  return (question) =>
    answerQuestion(index, question, { limit: K }).results.flatMap((e) => {
      const report = index.report(e.reportId);
      return report ? [{ report, start: e.start, end: e.end }] : [];
    });
}

/** Where each judged quote stands in its report (every occurrence); a quote not found is an error in the set. */
function judgedSpans(corpus: Corpus, set: string, question: Question, problems: string[]): Map<Report, Span[]> {
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

function firstHit(returned: Returned[], judged: Map<Report, Span[]>): number | null {
  const at = returned.findIndex((r) => (judged.get(r.report) ?? []).some((s) => r.start < s.end && s.start < r.end));
  return at === -1 ? null : at + 1;
}

interface Outcome {
  set: string;
  split: Split;
  question: Question;
  /** Rank of the first hit (answerable), or whether nothing was returned (off-topic). */
  rank: Record<SystemName, number | null>;
  answeredNothing: Record<SystemName, boolean>;
  sitrepTop: string | null;
}

function corpusDirOf(set: string): string {
  return set === "seeds" ? SEED_CORPUS : path.join(TIMELINE17_DIR, set, "reports");
}

function readSets(): { name: string; set: QuestionSet }[] {
  return readdirSync(QA_DIR)
    .filter((f) => f.endsWith(".json") && f !== "extra-judgements.json")
    .sort()
    .map((f) => ({
      name: f.replace(/\.json$/, ""),
      set: JSON.parse(readFileSync(path.join(QA_DIR, f), "utf8")) as QuestionSet,
    }));
}

function readExtra(): ExtraJudgement[] {
  const file = path.join(QA_DIR, "extra-judgements.json");
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { judgements: ExtraJudgement[] }).judgements
    : [];
}

interface Metrics {
  answerable: number;
  offtopic: number;
  hit1: number;
  hit3: number;
  mrr5: number;
  noAnswer: number;
}

function metrics(outcomes: Outcome[], system: SystemName): Metrics {
  const answerable = outcomes.filter((o) => o.question.type === "answerable");
  const offtopic = outcomes.filter((o) => o.question.type === "offtopic");
  const share = (list: Outcome[], test: (o: Outcome) => boolean) =>
    list.length === 0 ? Number.NaN : list.filter(test).length / list.length;
  const rank = (o: Outcome) => o.rank[system];
  return {
    answerable: answerable.length,
    offtopic: offtopic.length,
    hit1: share(answerable, (o) => rank(o) === 1),
    hit3: share(answerable, (o) => (rank(o) ?? 99) <= 3),
    mrr5:
      answerable.length === 0
        ? Number.NaN
        : answerable.reduce((sum, o) => sum + (rank(o) ? 1 / (rank(o) as number) : 0), 0) / answerable.length,
    noAnswer: share(offtopic, (o) => o.answeredNothing[system]),
  };
}

/** 95% bootstrap interval of Sitrep's hit@1 minus BM25's, resampling answerable questions. */
function bootstrap(outcomes: Outcome[], rounds = 2000): [number, number, number] {
  const diffs = outcomes
    .filter((o) => o.question.type === "answerable")
    .map((o) => (o.rank.sitrep === 1 ? 1 : 0) - (o.rank.bm25 === 1 ? 1 : 0));
  if (diffs.length === 0) return [Number.NaN, Number.NaN, Number.NaN];
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < diffs.length; i++) sum += diffs[Math.floor(random() * diffs.length)] ?? 0;
    means.push(sum / diffs.length);
  }
  means.sort((a, b) => a - b);
  return [mean, means[Math.floor(rounds * 0.025)] ?? Number.NaN, means[Math.floor(rounds * 0.975)] ?? Number.NaN];
}

function table(rows: (string | number)[][], header: string[]): string {
  const cells = rows.map((r) => r.map((v) => (typeof v === "number" ? (Number.isNaN(v) ? "–" : v.toFixed(2)) : v)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function report(outcomes: Outcome[], split: Split): string {
  const inSplit = outcomes.filter((o) => o.split === split);
  const sets = [...new Set(inSplit.map((o) => o.set))];
  const rows: (string | number)[][] = [];
  for (const name of [...sets, "ALL"]) {
    const list = name === "ALL" ? inSplit : inSplit.filter((o) => o.set === name);
    for (const system of SYSTEMS) {
      const m = metrics(list, system);
      rows.push([name, system, `${m.answerable}+${m.offtopic}`, m.hit1, m.hit3, m.mrr5, m.noAnswer]);
    }
  }
  const [mean, low, high] = bootstrap(inSplit);
  return [
    `== ${split} (${inSplit.length} questions) ==`,
    table(rows, ["set", "system", "questions", "hit@1", "hit@3", "MRR@5", "no-answer"]),
    `Sitrep − BM25 hit@1: ${mean.toFixed(3)} (95% bootstrap CI ${low.toFixed(3)} to ${high.toFixed(3)})`,
  ].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes("--split") ? (args[args.indexOf("--split") + 1] as Split) : null;
  const showMisses = args.includes("--misses");
  const showUnjudged = args.includes("--unjudged");
  const unjudged: string[] = [];
  const sets = readSets();
  const extra = readExtra();
  const problems: string[] = [];
  const outcomes: Outcome[] = [];
  for (const { name, set } of sets) {
    const questions = set.questions.filter((q) => only === null || splitOf(name, q) === only);
    if (questions.length === 0) continue;
    const dir = corpusDirOf(name);
    if (!existsSync(dir)) {
      problems.push(`${name}: corpus folder ${dir} not found`);
      continue;
    }
    process.stderr.write(`${name}: ${questions.length} questions…\n`);
    const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
    const reports = new Map(corpus.reports.map((r) => [r.id, r]));
    const systems: Record<SystemName, System> = {
      sitrep: sitrep(index),
      minisearch: plainMiniSearch(corpus, reports),
      bm25: bm25(corpus, reports),
    };
    for (const question of questions) {
      const added = extra.filter((e) => e.set === name && e.id === question.id && e.answers !== false);
      const judged = judgedSpans(corpus, name, { ...question, answers: [...question.answers, ...added] }, problems);
      // Passages already read and judged not to answer: not listed again as unjudged.
      const rejected = judgedSpans(
        corpus,
        name,
        { ...question, answers: extra.filter((e) => e.set === name && e.id === question.id && e.answers === false) },
        problems,
      );
      const rank = {} as Record<SystemName, number | null>;
      const answeredNothing = {} as Record<SystemName, boolean>;
      let sitrepTop: string | null = null;
      for (const system of SYSTEMS) {
        const returned = systems[system](question.question);
        rank[system] = question.type === "answerable" ? firstHit(returned, judged) : null;
        const top = returned[0];
        const judgedNot = top !== undefined && firstHit([top], rejected) === 1;
        if (showUnjudged && top && question.type === "answerable" && rank[system] !== 1 && !judgedNot) {
          const line = `${name}\t${question.id}\t${top.report.file}\t${top.report.text.slice(top.start, top.end).replace(/\s+/g, " ")}`;
          if (!unjudged.some((u) => u.endsWith(line))) unjudged.push(`${system}\t${question.question}\t${line}`);
        }
        answeredNothing[system] = returned.length === 0;
        if (system === "sitrep" && returned[0])
          sitrepTop = `${returned[0].report.file}: ${returned[0].report.text.slice(returned[0].start, returned[0].end)}`;
      }
      outcomes.push({ set: name, split: splitOf(name, question), question, rank, answeredNothing, sitrepTop });
    }
  }
  const splits: Split[] = only ? [only] : ["tune", "held-out"];
  const out: string[] = splits.map((s) => report(outcomes, s));
  if (showMisses) {
    const misses = outcomes.filter(
      (o) =>
        o.split === "tune" &&
        ((o.question.type === "answerable" && o.rank.sitrep !== 1) ||
          (o.question.type === "offtopic" && !o.answeredNothing.sitrep)),
    );
    out.push(
      `== tune misses (${misses.length}) ==`,
      ...misses.map(
        (o) =>
          `${o.set} ${o.question.id} [${o.question.type}] rank ${o.rank.sitrep ?? "–"} (bm25 ${o.rank.bm25 ?? "–"}): ${o.question.question}\n   top: ${(o.sitrepTop ?? "(nothing)").replace(/\s+/g, " ").slice(0, 300)}`,
      ),
    );
  }
  // For judging by reading: each system's first answer that no judgement covers.
  if (showUnjudged) out.push("== unjudged first answers ==", ...unjudged);
  if (problems.length > 0) out.push(`== problems in the question set ==`, ...problems);
  process.stdout.write(`${out.join("\n\n")}\n`);
}

await main();
