/**
 * The first pass of questions after a start from the snapshot, in CPU time as well as wall time,
 * for one tree of the project (given by its root, so two trees are compared side by side):
 *   node --v8-pool-size=1 --expose-gc --max-old-space-size=8192 --import tsx bench/first-pass.ts <root> [large|timeline17] [data dir]
 * The snapshot is kept in the data dir (default: under the system temp dir, one per corpus), so
 * only the first run builds it; trees whose snapshots differ need data dirs of their own. As
 * `bench/measure.ts`: start, the bot's whole warm-up (`warmUpIndex`: spelling map, throwaway
 * questions, then the date mentions, without which first dated questions parse dates that
 * measure.ts's do not), 20 questions, then the questions twice. On a loaded machine the wall times
 * are mostly waiting for a core; the CPU time per question (`process.cpuUsage`, which counts the
 * collector's and the compiler's threads too; the main thread's alone beside it) and the GC pauses
 * compare better. Prints one JSON line.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { treeModules } from "./tree.js";
import { keepShortLivedObjectsYoung } from "../src/ops/v8-settings.js";
import { percentile } from "./stats.js";

// The V8 setting the bot's main makes: these figures are the running bot's.
keepShortLivedObjectsYoung();

const [root = process.cwd(), corpusName = "large", dataArgument] = process.argv.slice(2);
const { openCorpus, answerQuestion, warmUpIndex, largeCorpus, TIMELINE17_DIR, ...tree } = await treeModules(root);
const dataDir = dataArgument ?? path.join(tmpdir(), `sitrep-first-pass-${corpusName}`);
mkdirSync(dataDir, { recursive: true });
const corpusDir = corpusName === "large" ? largeCorpus(7) : keptTimeline17Corpus();
if (!corpusDir) throw new Error("Timeline17 dataset not found (set TIMELINE17_DIR)");

/**
 * Timeline17's folder of links kept in the data dir: the snapshot is keyed by the corpus folder's
 * path, so a fresh temporary folder per run (`timeline17Corpus`) would rebuild it every time.
 */
function keptTimeline17Corpus(): string | null {
  if (!existsSync(TIMELINE17_DIR)) return null;
  const kept = path.join(dataDir, "timeline17");
  if (!existsSync(kept)) {
    mkdirSync(kept);
    for (const story of readdirSync(TIMELINE17_DIR)) {
      const reports = path.join(TIMELINE17_DIR, story, "reports");
      if (existsSync(reports)) symlinkSync(reports, path.join(kept, story));
    }
  }
  return kept;
}
const questions = tree.questions(corpusName === "large" ? 100 : 300);

let started = performance.now();
const opened = await openCorpus({ corpusDir, dataDir });
const startMs = performance.now() - started;
if (!opened.fromSnapshot) {
  process.stdout.write(`${JSON.stringify({ built: true, startMs, note: "snapshot made: run again" })}\n`);
  process.exit(0);
}
started = performance.now();
await warmUpIndex(opened.index);
const warmUpMs = performance.now() - started;
const ask = (question: string) => answerQuestion(opened.index, question, { limit: 5 });
for (const question of questions.slice(0, 20)) ask(question);

let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ["gc"] });
/** The GC entries arrive after the synchronous pass: a turn of the event loop lets them in. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/**
 * The main thread's CPU time so far, in ms (Linux's schedstat, in ns; null elsewhere). Unlike
 * `process.cpuUsage`, it leaves out V8's background threads (optimising compiler, concurrent
 * marking), which on a first pass add as much again to the slowest questions' CPU while the main
 * thread, whose time a person waits for, does not wait for them.
 */
function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
}

async function pass() {
  const wall: number[] = [];
  const cpu: number[] = [];
  const main: number[] = [];
  const gcBefore = gcMs;
  for (const question of questions) {
    const mainBefore = mainThreadCpuMs();
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    ask(question);
    wall.push(performance.now() - wallBefore);
    const used = process.cpuUsage(cpuBefore);
    const mainAfter = mainThreadCpuMs();
    cpu.push((used.user + used.system) / 1000);
    main.push(mainBefore === null || mainAfter === null ? Number.NaN : mainAfter - mainBefore);
  }
  await settle();
  // In the questions' order, before sorting.
  const perQuestion = { cpu: [...cpu], main: [...main], wall: [...wall] };
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  main.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  const summary = {
    p50Ms: round(percentile(wall, 50)),
    p99Ms: round(percentile(wall, 99)),
    cpuP50Ms: round(percentile(cpu, 50)),
    cpuP99Ms: round(percentile(cpu, 99)),
    mainP50Ms: round(percentile(main, 50)),
    mainP99Ms: round(percentile(main, 99)),
    gcMs: Math.round(gcMs - gcBefore),
  };
  return { perQuestion, summary };
}

const first = await pass();
const again = await pass();
gcObserver.disconnect();
const heapMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
(globalThis as { gc?: () => void }).gc?.();
process.stdout.write(
  `${JSON.stringify({
    root: path.basename(path.resolve(root)),
    corpus: corpusName,
    startMs: Math.round(startMs),
    warmUpMs: Math.round(warmUpMs),
    first: first.summary,
    again: again.summary,
    heapMb,
    heapAfterGcMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    load: loadavg()[0]?.toFixed(1),
  })}\n`,
);
// The CPU time of each question (in the questions' order), for comparing trees question by
// question over several runs (`bench/first-pass-summary.ts`): per question, the median of the runs
// leaves out most of what a loaded machine adds to one run.
const perQuestionFile = process.env.FIRST_PASS_PER_QUESTION;
if (perQuestionFile) {
  const line = {
    root: path.resolve(root),
    questions,
    first: first.perQuestion.cpu,
    again: again.perQuestion.cpu,
    firstMain: first.perQuestion.main,
    againMain: again.perQuestion.main,
    firstWall: first.perQuestion.wall,
    againWall: again.perQuestion.wall,
  };
  appendFileSync(perQuestionFile, `${JSON.stringify(line)}\n`);
}
process.exit(0);
