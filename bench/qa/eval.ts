/**
 * `npm run eval:qa`: answer quality, Sitrep side by side with plain MiniSearch (its defaults) and
 * BM25 (SQLite FTS5, porter tokenizer), all three over the same passages of the same corpus.
 *
 *   npm run eval:qa                      tune, unread and held-out splits, each printed apart (unread:
 *                                        a batch of tune-folder questions kept for checking, see splitOf)
 *   npm run eval:qa -- --split tune      only the split used for tuning
 *   npm run eval:qa -- --misses          also list each tune question Sitrep misses at rank 1
 *   npm run eval:qa -- --tag session-34  only the questions with that tag (a batch written in one
 *                                        session: run once before any rule reads it)
 *   npm run eval:qa -- --by-batch        also each split per batch (the helpers' batches by their
 *                                        `session-…` tag, the questions before them as "older")
 *   npm run eval:qa -- --reworded        128 tune questions asked again in other voices (338 rewordings in eleven dev sets, 90 in three held-out sets)
 *                                        (bench/qa/reworded.json), each beside the original as written
 *   npm run eval:qa -- --chatty          every question once in each of 150 chat frames ("hey,
 *                                        can you tell me …", "… thanks!"; bench/qa/chatty.ts), per
 *                                        split and per frame (140 dev frames, ten held out)
 *   npm run eval:qa -- --chatty --frames held-out   only the held-out frames (or `dev`)
 *   npm run eval:qa -- --unjudged        each system's first passage shown that no judgement covers
 *                                        (Sitrep's first closest passage when it answers nothing) on
 *                                        tune; with --judge-unread the unread batches' and the held-out
 *                                        split's too, for a judge who does not tune
 *
 * Per system: hit@1, hit@3 and MRR@5 over the answers; no-answer over the off-topic questions;
 * "refused", the answerable questions given no answer at all; and "shown@1", the answerable
 * questions whose first passage shown answers (for Sitrep, a refusal shows its closest passages,
 * labelled as no answers: what it ranks first, apart from its decision to answer).
 *
 * The question sets (`bench/qa/<folder>.json`) were written by someone who never saw Sitrep's
 * output; `bench/qa/extra-judgements.json` adds passages found later that genuinely answer, judged
 * by reading them, for every system alike. A hit is a returned excerpt of a judged report whose
 * span overlaps the judged quote.
 */
import { existsSync } from "node:fs";
import { openCorpus } from "../../src/sitrep.js";
import { CHATTY_FRAMES, type ChatFrame } from "./chatty.js";
import type { Question } from "./question-set.js";
import { textTable } from "../text-table.js";
import {
  bm25,
  corpusDirOf,
  firstHit,
  judgedAnswers,
  plainMiniSearch,
  readExtra,
  readReworded,
  REWORDED_SPLITS,
  readSets,
  batchOf,
  type Split,
  sitrepShown,
  splitOf,
  SYSTEMS,
  type Returned,
  type SystemName,
} from "./systems.js";

interface Outcome {
  set: string;
  /** The chat frame the question was asked in (`--chatty`), null as written. */
  frame: string | null;
  split: Split;
  question: Question;
  /** Rank of the first hit (answerable), or whether nothing was returned (off-topic). */
  rank: Record<SystemName, number | null>;
  /**
   * Rank of the first hit among what each system shows: Sitrep's answers, or its closest passages
   * when it answers nothing (`sitrepShown`); the baselines show what they return.
   */
  shownRank: Record<SystemName, number | null>;
  answeredNothing: Record<SystemName, boolean>;
  sitrepTop: string | null;
  /** False for a held-out set of rewordings, whose questions are never printed. */
  readable: boolean;
}

interface Metrics {
  answerable: number;
  offtopic: number;
  hit1: number;
  hit3: number;
  mrr5: number;
  noAnswer: number;
  /** Answerable questions given nothing at all: a refusal, not a wrong answer. */
  refused: number;
  /** Answerable questions whose first passage shown answers: an answer, or the first closest passage of a refusal. */
  shown1: number;
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
    refused: share(answerable, (o) => o.answeredNothing[system]),
    shown1: share(answerable, (o) => o.shownRank[system] === 1),
  };
}

/**
 * A seeded generator of numbers in [0, 1) (mulberry32), in 32-bit integer arithmetic. The linear
 * congruential one it replaces multiplied in doubles: past 2^53 the products lost their low bits,
 * the sequence fell into short cycles, and over the 19,200 chat-framed questions the interval
 * (0.305 to 0.310) missed its own mean (0.318).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% bootstrap interval of Sitrep's hit@1 minus BM25's, resampling answerable questions. */
function bootstrap(outcomes: Outcome[], rounds = 2000): [number, number, number] {
  const diffs = outcomes
    .filter((o) => o.question.type === "answerable")
    .map((o) => (o.rank.sitrep === 1 ? 1 : 0) - (o.rank.bm25 === 1 ? 1 : 0));
  if (diffs.length === 0) return [Number.NaN, Number.NaN, Number.NaN];
  const mean = diffs.reduce((a, b) => a + b, 0) / diffs.length;
  const random = mulberry32(12345);
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
  return textTable(header, cells, 2);
}

const METRIC_HEADER = ["questions", "hit@1", "hit@3", "MRR@5", "no-answer", "refused", "shown@1"];

/** A table row: its label (a folder or a batch), the system, and the system's figures on `list`. */
function metricsRow(label: string, list: Outcome[], system: SystemName): (string | number)[] {
  const m = metrics(list, system);
  return [label, system, `${m.answerable}+${m.offtopic}`, m.hit1, m.hit3, m.mrr5, m.noAnswer, m.refused, m.shown1];
}

function report(outcomes: Outcome[], split: Split): string {
  const inSplit = outcomes.filter((o) => o.split === split);
  const sets = [...new Set(inSplit.map((o) => o.set))];
  const rows: (string | number)[][] = [];
  for (const name of [...sets, "ALL"]) {
    const list = name === "ALL" ? inSplit : inSplit.filter((o) => o.set === name);
    for (const system of SYSTEMS) rows.push(metricsRow(name, list, system));
  }
  const [mean, low, high] = bootstrap(inSplit);
  return [
    `== ${split} (${inSplit.length} questions) ==`,
    table(rows, ["set", "system", ...METRIC_HEADER]),
    `Sitrep − BM25 hit@1: ${mean.toFixed(3)} (95% bootstrap CI ${low.toFixed(3)} to ${high.toFixed(3)})`,
  ].join("\n");
}

/** Per batch of the split (`--by-batch`), each system's figures: how a batch fares at its first run and after. */
function byBatch(outcomes: Outcome[], split: Split): string {
  const inSplit = outcomes.filter((o) => o.split === split && o.frame === null);
  const batches = [...new Set(inSplit.map((o) => batchOf(o.question)))].sort();
  const rows = batches.flatMap((batch) => {
    const list = inSplit.filter((o) => batchOf(o.question) === batch);
    return SYSTEMS.map((system) => metricsRow(batch, list, system));
  });
  return [`== ${split}, per batch ==`, table(rows, ["batch", "system", ...METRIC_HEADER])].join("\n");
}

const AS_WRITTEN = "as written";
const REWORDED = "reworded";

/** Per variant (a chat frame, or as written / reworded), each system's hit@1 and no-answer over the split's questions asked so, then per group. */
function byVariant(outcomes: Outcome[], split: Split, rows: { name: string; frames: Set<string> }[]): string {
  const inSplit = outcomes.filter((o) => o.split === split);
  const cells = rows.map(({ name, frames }) => {
    const list = inSplit.filter((o) => o.frame !== null && frames.has(o.frame));
    return [name, "", ...SYSTEMS.flatMap((system) => [metrics(list, system).hit1, metrics(list, system).noAnswer])];
  });
  const header = ["asked", "", ...SYSTEMS.flatMap((system) => [`${system} hit@1`, "no-answer"])];
  return [`== ${split} questions, per way of asking ==`, table(cells, header)].join("\n");
}

function chattyRows(frames: readonly ChatFrame[]): { name: string; frames: Set<string> }[] {
  const splits = [...new Set(frames.map((f) => f.split))];
  return [
    ...frames.map((frame) => ({ name: `${frame.name} (${frame.split})`, frames: new Set([frame.name]) })),
    ...splits.map((split) => ({
      name: `ALL ${split} frames`,
      frames: new Set(frames.filter((f) => f.split === split).map((f) => f.name)),
    })),
  ];
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes("--split") ? (args[args.indexOf("--split") + 1] as Split) : null;
  const showMisses = args.includes("--misses");
  const tag = args.includes("--tag") ? (args[args.indexOf("--tag") + 1] ?? null) : null;
  const chatty = args.includes("--chatty");
  const frameSplit = args.includes("--frames") ? args[args.indexOf("--frames") + 1] : null;
  const frames = CHATTY_FRAMES.filter((f) => frameSplit === null || f.split === frameSplit);
  if (frames.length === 0) throw new Error(`eval:qa: --frames takes dev or held-out, not ${frameSplit}`);
  const reworded = args.includes("--reworded") ? readReworded() : null;
  const showUnjudged = args.includes("--unjudged");
  const judgeUnread = args.includes("--judge-unread");
  const unjudged: string[] = [];
  const sets = readSets();
  const extra = readExtra();
  const problems: string[] = [];
  const outcomes: Outcome[] = [];
  for (const { name, set } of sets) {
    const questions = set.questions.filter(
      (q) =>
        (only === null || splitOf(name, q) === only) &&
        (tag === null || (q.tags ?? []).includes(tag)) &&
        (!reworded || reworded.has(`${name}/${q.id}`)),
    );
    if (questions.length === 0) continue;
    const dir = corpusDirOf(name);
    if (!existsSync(dir)) {
      problems.push(`${name}: corpus folder ${dir} not found`);
      continue;
    }
    process.stderr.write(`${name}: ${questions.length} questions…\n`);
    const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
    const reports = new Map(corpus.reports.map((r) => [r.id, r]));
    // What each system shows for a question: its answers, and what a reader sees first (Sitrep's
    // closest passages when it answers nothing; a baseline's results).
    const shownBySitrep = sitrepShown(index);
    const baselines = { minisearch: plainMiniSearch(corpus, reports), bm25: bm25(corpus, reports) };
    const ask = (system: SystemName, text: string): { answers: Returned[]; shown: Returned[] } => {
      if (system === "sitrep") return shownBySitrep(text);
      const answers = baselines[system](text);
      return { answers, shown: answers };
    };
    // Each question as written, in each chat frame, or as written and reworded.
    const variants = (question: Question): { text: string; frame: string | null }[] => {
      if (chatty) return frames.map((frame) => ({ text: frame.wrap(question.question), frame: frame.name }));
      const again = reworded?.get(`${name}/${question.id}`) ?? [];
      if (again.length > 0)
        return again.flatMap((r) => [
          { text: question.question, frame: `${AS_WRITTEN} (${r.split})` },
          { text: r.question, frame: `${REWORDED} (${r.split})` },
        ]);
      return [{ text: question.question, frame: null }];
    };
    const asked = questions.flatMap((question) =>
      variants(question).map(({ text, frame }) => ({
        question: { ...question, question: text },
        frame,
        split: splitOf(name, question),
      })),
    );
    for (const { question, frame, split } of asked) {
      // A held-out set of rewordings is run, never read: its questions are counted, not printed. The
      // unread batches' and the held-out split's first answers are printed only for a judge who is
      // not tuning (`--judge-unread`), so a tuning run never shows them.
      const readable = !frame?.includes("(held-out") && (split === "tune" || judgeUnread);
      const judged = judgedAnswers(corpus, name, question, extra, problems);
      // Passages already read and judged not to answer: not listed again as unjudged.
      const rejected = judgedAnswers(corpus, name, question, extra, problems, false);
      const rank = {} as Record<SystemName, number | null>;
      const shownRank = {} as Record<SystemName, number | null>;
      const answeredNothing = {} as Record<SystemName, boolean>;
      let sitrepTop: string | null = null;
      for (const system of SYSTEMS) {
        const { answers: returned, shown } = ask(system, question.question);
        rank[system] = question.type === "answerable" ? firstHit(returned, judged) : null;
        shownRank[system] = question.type === "answerable" ? firstHit(shown, judged) : null;
        // The first passage shown: the first answer, or a refusal's first closest passage.
        const top = shown[0];
        const judgedNot = top !== undefined && firstHit([top], rejected) === 1;
        if (
          showUnjudged &&
          readable &&
          top &&
          question.type === "answerable" &&
          shownRank[system] !== 1 &&
          !judgedNot
        ) {
          const line = `${name}\t${question.id}\t${top.report.file}\t${top.report.text.slice(top.start, top.end).replace(/\s+/g, " ")}`;
          if (!unjudged.some((u) => u.endsWith(line))) unjudged.push(`${system}\t${question.question}\t${line}`);
        }
        answeredNothing[system] = returned.length === 0;
        if (system === "sitrep" && returned[0])
          sitrepTop = `${returned[0].report.file}: ${returned[0].report.text.slice(returned[0].start, returned[0].end)}`;
      }
      outcomes.push({ set: name, frame, split, question, rank, shownRank, answeredNothing, sitrepTop, readable });
    }
  }
  const splits: Split[] = only ? [only] : ["tune", "unread", "held-out"];
  const out: string[] = splits.map((s) => report(outcomes, s));
  if (args.includes("--by-batch")) out.push(...splits.map((s) => byBatch(outcomes, s)));
  // Chat frames and rewordings exist for the tune and held-out questions only.
  const asked = splits.filter((s) => outcomes.some((o) => o.split === s && o.frame !== null));
  if (chatty) out.push(...asked.map((s) => byVariant(outcomes, s, chattyRows(frames))));
  if (reworded) {
    const rows = REWORDED_SPLITS.flatMap((split) =>
      [AS_WRITTEN, REWORDED].map((way) => ({ name: `${way} (${split})`, frames: new Set([`${way} (${split})`]) })),
    );
    out.push(...asked.map((s) => byVariant(outcomes, s, rows)));
  }
  if (showMisses) {
    const misses = outcomes.filter(
      (o) =>
        o.split === "tune" &&
        o.readable &&
        ((o.question.type === "answerable" && o.rank.sitrep !== 1) ||
          (o.question.type === "offtopic" && !o.answeredNothing.sitrep)),
    );
    out.push(
      `== tune misses (${misses.length}) ==`,
      ...misses.map(
        (o) =>
          `${o.set} ${o.question.id} [${o.question.type}${o.frame ? `, ${o.frame}` : ""}] rank ${o.rank.sitrep ?? "–"} (minisearch ${o.rank.minisearch ?? "–"}, bm25 ${o.rank.bm25 ?? "–"}): ${o.question.question}\n   top: ${(o.sitrepTop ?? "(nothing)").replace(/\s+/g, " ").slice(0, 300)}`,
      ),
    );
  }
  // For judging by reading: each system's first answer that no judgement covers.
  if (showUnjudged) out.push("== unjudged first answers ==", ...unjudged);
  if (problems.length > 0) out.push(`== problems in the question set ==`, ...problems);
  process.stdout.write(`${out.join("\n\n")}\n`);
}

await main();
