/**
 * `npm run bench:reload`: the live corpus at scale, one row per corpus size, each in its own process
 * (`node --expose-gc --import tsx bench/reload.ts <copies>` prints one JSON row):
 *   start from the snapshot (ms, heap), the watcher's first pass over an unchanged folder, adding one
 *   report that comes last in path order (served after ms, and the process's CPU ms until then, which
 *   a loaded machine does not stretch as it does wall time; the longest event-loop block while it was
 *   read, parsed, indexed and the snapshot saved), removing it again, and adding one that comes first
 *   (once the worst case, when every passage id after it moved; ids are stable now, see Passage.id).
 * Each reload also reports the most CPU time the process used within one block (the busiest block),
 * which a loaded machine stretches less than the block itself; `BENCH_RELOAD_TRACE=1` lists every
 * block of 50 ms or more on stderr with the collections and functions inside it (block-trace.ts).
 * The corpus is `copies` × Timeline17 (bench/large-corpus.ts): 1 copy is the Timeline17 size, 7 about
 * a million passages. The shared generated folder is never written to: the bench serves a folder of
 * links to it plus a folder of its own where the report is added.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { watchCorpusFolder } from "../src/live/watch.js";
import { createLogger } from "../src/logger.js";
import { answerQuestion } from "../src/search/answer.js";
import { LiveCorpus, type OpenedCorpus, openCorpus, warmUpIndex } from "../src/sitrep.js";
import { BlockTrace, nowMs } from "./block-trace.js";
import { PROJECT_ROOT } from "./corpora.js";
import { keepShortLivedObjectsYoung, SERVICE_NODE_FLAGS } from "../src/ops/v8-settings.js";
import { largeCorpus } from "./large-corpus.js";
import { textTable } from "./text-table.js";

// The V8 setting the bot's main makes: these figures are the running bot's.
keepShortLivedObjectsYoung();

type Row = Record<string, string | number | null>;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `work` while measuring the event loop's longest block (ms), its duration, and the most CPU
 * time the process used between two ticks of a 5 ms timer (`maxBlockCpuMs`): on a loaded machine a
 * block is mostly waiting for a core, which CPU time leaves out (it counts the collector's helper
 * threads too). Also the collector's pauses on the main thread (`gcMs` in all, `longestGcMs`): what
 * a change to what a reload allocates moves, at any load.
 */
async function blocking<T>(work: () => Promise<T>): Promise<{
  result: T;
  ms: number;
  maxBlockMs: number;
  maxBlockCpuMs: number;
  gcMs: number;
  longestGcMs: number;
}> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let gcMs = 0;
  let longestGcMs = 0;
  const countPauses = (entries: readonly PerformanceEntry[]) => {
    for (const entry of entries) {
      gcMs += entry.duration;
      longestGcMs = Math.max(longestGcMs, entry.duration);
    }
  };
  const pauses = new PerformanceObserver((list) => countPauses(list.getEntries()));
  pauses.observe({ entryTypes: ["gc"] });
  let lastCpu = processCpuMs();
  let maxBlockCpuMs = 0;
  const ticks = setInterval(() => {
    const cpu = processCpuMs();
    maxBlockCpuMs = Math.max(maxBlockCpuMs, cpu - lastCpu);
    lastCpu = cpu;
  }, 5);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  clearInterval(ticks);
  histogram.disable();
  countPauses(pauses.takeRecords());
  pauses.disconnect();
  return { result, ms, maxBlockMs: histogram.max / 1e6, maxBlockCpuMs, gcMs, longestGcMs };
}

/** A folder serving the generated corpus through links, with `added/` of its own. */
function servedFolder(copies: number): string {
  const source = largeCorpus(copies);
  if (!source) throw new Error("the Timeline17 dataset is not beside the project (../shared/datasets/timeline17)");
  // BENCH_RELOAD_TAG keeps runs of different checkouts apart (each folder holds its own added reports
  // and snapshot).
  const tag = process.env.BENCH_RELOAD_TAG ? `-${process.env.BENCH_RELOAD_TAG}` : "";
  const dir = path.join(tmpdir(), `sitrep-reload-bench-${copies}${tag}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    for (const copy of readdirSync(source)) {
      if (!copy.startsWith(".")) symlinkSync(path.join(source, copy), path.join(dir, copy));
    }
  }
  for (const own of ["added", "zz"]) {
    rmSync(path.join(dir, own), { recursive: true, force: true });
    mkdirSync(path.join(dir, own));
  }
  return dir;
}

/** A new report: one of the corpus's, with a word of its own on every line. */
function newReport(dir: string): string {
  const story = readdirSync(path.join(dir, "copy0"))[0] ?? "";
  const first = readdirSync(path.join(dir, "copy0", story))[0] ?? "";
  const text = readFileSync(path.join(dir, "copy0", story, first), "utf8");
  return text
    .split("\n")
    .map((line, i) => (i === 0 || line.trim() === "" ? line : `${line} qqbenchreload`))
    .join("\n");
}

async function measure(copies: number): Promise<Row> {
  process.env.FOLLOW_EXTERNAL_LINKS = "true";
  const corpusDir = servedFolder(copies);
  const dataDir = `${corpusDir}-data`;
  const cold = await blocking(() => openCorpus({ corpusDir, dataDir }));
  const coldMs = cold.result.fromSnapshot ? Number.NaN : cold.ms;
  const reports = cold.result.corpus.reports.length;
  const passages = cold.result.corpus.passages.length;
  (cold as { result: OpenedCorpus | null }).result = null;
  heapMb();

  const start = await blocking(() => openCorpus({ corpusDir, dataDir }));
  if (!start.result.fromSnapshot) throw new Error("the second start did not come from the snapshot");
  const heap = heapMb();
  const warmStart = performance.now();
  // As the bot warms up once it is up: the spelling map and the throwaway questions (warmUpIndex).
  await warmUpIndex(start.result.index);
  const warmUpMs = performance.now() - warmStart;

  let swappedAt = 0;
  let swappedAtMonotonic = 0;
  let swappedCpu = { user: 0, system: 0 };
  const live = new LiveCorpus(start.result);
  const holder = {
    get current() {
      return live.current;
    },
    replace(opened: OpenedCorpus) {
      swappedAt = performance.now();
      swappedAtMonotonic = nowMs();
      swappedCpu = process.cpuUsage();
      live.replace(opened);
    },
  };
  // As the bot does, the logger exists before the watcher: loading pino's modules is no part of the first pass.
  const logger = createLogger("silent");
  const firstTrace = process.env.BENCH_RELOAD_TRACE ? new BlockTrace() : null;
  await firstTrace?.start();
  const first = await blocking(async () => {
    const watcher = await watchCorpusFolder({ live: holder, corpusDir, dataDir, pollMs: 0, events: false, logger });
    const event = await watcher.check();
    return { watcher, swapped: event !== null };
  });
  if (firstTrace) process.stderr.write(`--- first pass\n${await firstTrace.report([])}\n`);
  const { watcher } = first.result;
  if (first.result.swapped) throw new Error("the first pass over an unchanged folder swapped the corpus");

  // Reports are ordered by path: one under zz/ comes last, one under added/ comes first (every passage
  // id after it moved, before passage ids were stable: the worst case then).
  const last = path.join(corpusDir, "zz", "bench-report.txt");
  const front = path.join(corpusDir, "added", "bench-report.txt");
  const reload = async (what: string, change: () => void) => {
    change();
    // BENCH_RELOAD_TRACE=1: where each block of 50 ms or more went (bench/block-trace.ts), on stderr.
    const trace = process.env.BENCH_RELOAD_TRACE ? new BlockTrace() : null;
    await trace?.start();
    const began = performance.now();
    const beganCpu = process.cpuUsage();
    const run = await blocking(() => watcher.check());
    if (!run.result) throw new Error("the change was not picked up");
    const done = nowMs();
    if (trace)
      process.stderr.write(
        `--- ${what}\n${await trace.report([
          ["swap", swappedAtMonotonic],
          ["saved", done],
        ])}\n`,
      );
    // CPU time of the whole process (every thread) until the swap: what the machine's load does not stretch.
    const cpuMs = (swappedCpu.user + swappedCpu.system - beganCpu.user - beganCpu.system) / 1000;
    return {
      servedMs: swappedAt - began,
      servedCpuMs: cpuMs,
      totalMs: run.ms,
      maxBlockMs: run.maxBlockMs,
      maxBlockCpuMs: run.maxBlockCpuMs,
      gcMs: run.gcMs,
      longestGcMs: run.longestGcMs,
    };
  };
  const added = await reload("add", () => writeFileSync(last, newReport(corpusDir)));
  const found = answerQuestion(live.current.index, "qqbenchreload").results.length > 0;
  const removed = await reload("remove", () => rmSync(last));
  const addedFirst = await reload("add first", () => writeFileSync(front, newReport(corpusDir)));
  // Removed through a reload too, so the snapshot left behind is of the folder as the next run finds it.
  await reload("remove first", () => rmSync(front));
  await watcher.stop();
  return {
    corpus: `${copies} × Timeline17`,
    reports,
    passages,
    coldMs,
    startMs: start.ms,
    heapMb: heap,
    warmUpMs,
    firstPassMs: first.ms,
    firstPassBlockMs: first.maxBlockMs,
    addServedMs: added.servedMs,
    addServedCpuMs: added.servedCpuMs,
    addWithSnapshotMs: added.totalMs,
    addBlockMs: added.maxBlockMs,
    addBlockCpuMs: added.maxBlockCpuMs,
    addGcMs: added.gcMs,
    addLongestGcMs: added.longestGcMs,
    addedFound: found ? "yes" : "NO",
    removeServedMs: removed.servedMs,
    removeServedCpuMs: removed.servedCpuMs,
    removeWithSnapshotMs: removed.totalMs,
    removeBlockMs: removed.maxBlockMs,
    removeBlockCpuMs: removed.maxBlockCpuMs,
    removeGcMs: removed.gcMs,
    removeLongestGcMs: removed.longestGcMs,
    addFirstServedMs: addedFirst.servedMs,
    addFirstServedCpuMs: addedFirst.servedCpuMs,
    addFirstWithSnapshotMs: addedFirst.totalMs,
    addFirstBlockMs: addedFirst.maxBlockMs,
    addFirstBlockCpuMs: addedFirst.maxBlockCpuMs,
    addFirstGcMs: addedFirst.gcMs,
    addFirstLongestGcMs: addedFirst.longestGcMs,
  };
}

function table(rows: Row[], columns: [string, string][]): string {
  // A first build that did not happen (the snapshot was there) is NaN, which JSON carries as null.
  const cell = (v: string | number | null | undefined) =>
    typeof v === "number" ? (Number.isNaN(v) ? "-" : v.toFixed(v < 10 ? 1 : 0)) : String(v ?? "-");
  const body = rows.map((row) => columns.map(([key]) => cell(row[key])));
  const header = columns.map(([, label]) => label);
  return textTable(header, body);
}

const [arg] = process.argv.slice(2);
if (arg) {
  process.stdout.write(`${JSON.stringify(await measure(Number(arg)))}\n`);
} else {
  const sizes = (process.env.BENCH_RELOAD_COPIES ?? "1,7").split(",").map(Number);
  const rows: Row[] = [];
  for (const copies of sizes) {
    process.stderr.write(`measuring ${copies} × Timeline17…\n`);
    const out = execFileSync(
      process.execPath,
      [
        ...SERVICE_NODE_FLAGS,
        "--expose-gc",
        "--max-old-space-size=6144",
        "--import",
        "tsx",
        path.join(PROJECT_ROOT, "bench", "reload.ts"),
        String(copies),
      ],
      { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 1 << 20, stdio: ["ignore", "pipe", "inherit"] },
    );
    rows.push(JSON.parse(out.trim().split("\n").pop() ?? "{}") as Row);
  }
  process.stdout.write(
    `${table(rows, [
      ["corpus", "corpus"],
      ["reports", "reports"],
      ["passages", "passages"],
      ["coldMs", "first build ms"],
      ["startMs", "start from snapshot ms"],
      ["heapMb", "heap MB"],
      ["warmUpMs", "warm-up ms"],
      ["firstPassBlockMs", "unchanged first pass: longest block ms"],
      ["addServedMs", "add 1 report: served ms"],
      ["addServedCpuMs", "CPU ms"],
      ["addBlockMs", "longest block ms"],
      ["addBlockCpuMs", "busiest block: CPU ms"],
      ["addGcMs", "GC pauses ms"],
      ["addLongestGcMs", "longest GC pause ms"],
      ["addWithSnapshotMs", "with snapshot saved ms"],
      ["addedFound", "answers it"],
      ["removeServedMs", "remove it: served ms"],
      ["removeServedCpuMs", "CPU ms"],
      ["removeBlockMs", "longest block ms"],
      ["removeBlockCpuMs", "busiest block: CPU ms"],
      ["removeGcMs", "GC pauses ms"],
      ["removeLongestGcMs", "longest GC pause ms"],
      ["removeWithSnapshotMs", "with snapshot saved ms"],
      ["addFirstServedMs", "add 1 report first in order: served ms"],
      ["addFirstServedCpuMs", "CPU ms"],
      ["addFirstBlockMs", "longest block ms"],
      ["addFirstBlockCpuMs", "busiest block: CPU ms"],
      ["addFirstGcMs", "GC pauses ms"],
      ["addFirstLongestGcMs", "longest GC pause ms"],
      ["addFirstWithSnapshotMs", "with snapshot saved ms"],
    ])}\n`,
  );
}
