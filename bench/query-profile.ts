/**
 * Where a first pass of questions spends its CPU, for one tree (given by its root) at the
 * Timeline17 size: start from a kept snapshot and warm up as `bench/first-pass.ts` does, then ask
 * the questions once under V8's sampling profiler (node:inspector, so start and warm-up are not in
 * the profile) and print the slowest questions by CPU time, then the functions by self time and
 * by total time (time in them and what they call):
 *   node --v8-pool-size=1 --expose-gc --import tsx bench/query-profile.ts <root> [data dir] [--top N] [--save file] [--built] [--new]
 *     [--only TEXT: profile only the questions holding it] [--interval µs between samples, default 100]
 * The data dir is `bench/first-pass.ts`'s (it keeps the snapshot and the corpus folder of links):
 * run that once first.
 */
import { writeFileSync } from "node:fs";
import { Session, type Profiler } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { keepShortLivedObjectsYoung } from "../src/ops/v8-settings.js";
import { warmTimeline17 } from "./tree.js";

// The V8 setting the bot's main makes: these figures are the running bot's.
keepShortLivedObjectsYoung();

const WITH_VALUE = new Set(["--top", "--save", "--only", "--interval"]);
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith("--") && !WITH_VALUE.has(all[i - 1] ?? ""));
const option = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const [root = process.cwd(), dataDir = path.join(tmpdir(), "sitrep-first-pass-timeline17")] = positional;
const top = Number(option("top") ?? 15);
/**
 * Stages of a question, by the functions that do them; a sample counts for the innermost stage it
 * is in (a passage read for the period check is a passage read).
 */
const STAGES = [
  { name: "gc", functions: ["(garbage collector)"] },
  { name: "reads", functions: ["passageText", "textOf", "textSlice"] },
  { name: "chrono", functions: ["findTemporalMentions"] },
  { name: "analyze", functions: ["surfaceTerms", "tokenize", "queryTerms"] },
  { name: "lookup", functions: ["search"] },
  { name: "names", functions: ["nameVariants"] },
  { name: "spelling", functions: ["correctionsOf", "spellingNeighbours"] },
  { name: "excerpts", functions: ["select"] },
  { name: "rerank", functions: ["wordPositions", "proximity", "wholeQuestionScore"] },
];

/**
 * One question's CPU time split by stage, in proportion to the profile's samples inside
 * `answerQuestion` (or the collector's): under load, sample intervals include time spent waiting for
 * a core, so samples are counted, not their intervals.
 */
function byStage(p: Profiler.Profile, cpuMs: number): Map<string, number> {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const stageOf = new Map<string, string>();
  for (const stage of STAGES) for (const f of stage.functions) stageOf.set(f, stage.name);
  const counts = new Map<string, number>();
  let inQuestion = 0;
  for (const id of p.samples ?? []) {
    let stage: string | null = null;
    let asked = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = nodes.get(at)?.callFrame.functionName ?? "";
      stage ??= stageOf.get(name) ?? null;
      if (name === "answerQuestion" || name === "(garbage collector)") asked = true;
    }
    if (!asked) continue;
    inQuestion++;
    counts.set(stage ?? "other", (counts.get(stage ?? "other") ?? 0) + 1);
  }
  return new Map([...counts].map(([name, n]) => [name, (cpuMs * n) / Math.max(1, inQuestion)]));
}

const { ask, questions } = await warmTimeline17(root, dataDir, process.argv.includes("--built"));
for (const question of questions.slice(0, 20)) ask(question);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
const interval = Number(option("interval") ?? 100);
await session.post("Profiler.setSamplingInterval", { interval });
/** With --only, just the questions holding that text are profiled (all are asked, in order). */
const only = option("only");
/** With --new, just the questions the process has not been asked before (the pass repeats some). */
const asked = new Set(questions.slice(0, 20));
const profiled = (question: string) =>
  (only === undefined || question.includes(only)) && !(process.argv.includes("--new") && asked.has(question));
const perQuestion: { question: string; cpuMs: number; stages: Map<string, number> }[] = [];
const profiles: Profiler.Profile[] = [];
for (const question of questions) {
  const profiling = profiled(question);
  asked.add(question);
  if (!profiling) {
    ask(question);
    continue;
  }
  // One profile per question (starting and stopping the profiler is outside the CPU time counted).
  await session.post("Profiler.start");
  const before = process.cpuUsage();
  ask(question);
  const used = process.cpuUsage(before);
  const { profile } = await session.post("Profiler.stop");
  profiles.push(profile);
  const cpuMs = (used.user + used.system) / 1000;
  perQuestion.push({ question, cpuMs, stages: byStage(profile, cpuMs) });
}
session.disconnect();

const saveTo = option("save");
if (saveTo) writeFileSync(saveTo, JSON.stringify(profiles[0]));

const fixed = (v: number) => v.toFixed(2).padStart(8);
const stageNames = [...STAGES.map((s) => s.name), "other"];
const header = `     cpu ${stageNames.map((n) => n.padStart(9)).join("")}  question`;
const row = (cpuMs: number, stages: Map<string, number>, label: string) =>
  `${fixed(cpuMs)} ${stageNames.map((n) => (stages.get(n) ?? 0).toFixed(2).padStart(9)).join("")}  ${label}\n`;
process.stdout.write(
  `load ${loadavg()[0]?.toFixed(1)}; slowest questions by CPU (ms), split by stage in proportion to samples:\n${header}\n`,
);
for (const q of [...perQuestion].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, top)) {
  process.stdout.write(row(q.cpuMs, q.stages, q.question));
}
const sum = new Map<string, number>();
for (const q of perQuestion) for (const [name, micros] of q.stages) sum.set(name, (sum.get(name) ?? 0) + micros);
process.stdout.write(
  row(
    perQuestion.reduce((total, q) => total + q.cpuMs, 0),
    sum,
    `all ${perQuestion.length}`,
  ),
);

/** Self and total sample time per function (by name and place), from the profile's tree. */
function byFunction(p: Profiler.Profile) {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const samples = new Map<number, number>();
  // Counted at the sampling interval, not by their intervals, which under load include waiting for a core.
  for (const id of p.samples ?? []) samples.set(id, (samples.get(id) ?? 0) + interval);
  const keyOf = (n: Profiler.ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    return `${functionName || "(anonymous)"} ${path.basename(url)}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, micros] of samples) {
    const node = nodes.get(id);
    if (!node) continue;
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const ancestor = nodes.get(at);
      if (!ancestor) break;
      const key = keyOf(ancestor);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + micros);
    }
  }
  return { self, total };
}

const self = new Map<string, number>();
const total = new Map<string, number>();
for (const profile of profiles) {
  const found = byFunction(profile);
  for (const [key, micros] of found.self) self.set(key, (self.get(key) ?? 0) + micros);
  for (const [key, micros] of found.total) total.set(key, (total.get(key) ?? 0) + micros);
}
const all = perQuestion.reduce((sum, q) => sum + q.cpuMs, 0);
process.stdout.write(
  `\n${perQuestion.length} questions, ${all.toFixed(0)} ms CPU; by self time (ms, samples × interval):\n`,
);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) {
  process.stdout.write(`${fixed(micros / 1000)}  ${key}\n`);
}
process.stdout.write(`\nby total time (ms):\n`);
for (const [key, micros] of [...total].sort((a, b) => b[1] - a[1]).slice(0, top * 3)) {
  process.stdout.write(`${fixed(micros / 1000)}  ${key}\n`);
}
process.exit(0);
