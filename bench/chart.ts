/**
 * Bench row "timeline picture": the /timeline picture (20 dates, as the bot asks) of one corpus, in a
 * fresh process so the first render pays what a freshly started bot pays.
 *   tsx bench/chart.ts <seeds|Timeline17 story, e.g. bpoil_bbc>   prints one JSON object
 * - firstMs: the first picture drawn in the calling thread (Vega, Vega-Lite and resvg already loaded);
 *   againMs: the median of 5 more (what the event loop would be blocked for without the worker);
 * - threadFirstMs: the first picture through the chart thread, starting the worker (loading Vega);
 *   threadAgainMs: the median of 5 more; stallMs: the longest the main event loop went unserved
 *   while those 6 were drawn (a 5 ms timer measures it; on a loaded machine that includes waiting for
 *   a core). `load` is the 1-minute load average when done.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { closeChartThread, renderTimelineChartOffThread } from "../src/chart/off-thread.js";
import { reportsPerDay } from "../src/chart/report-counts.js";
import { renderTimelineChart, type TimelineChartInput } from "../src/chart/timeline-chart.js";
import { openCorpus } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import { SEED_CORPUS, TIMELINE17_DIR } from "./corpora.js";
import { median } from "./stats.js";

export interface ChartBenchResult {
  corpus: string;
  reports: number;
  events: number;
  size: string;
  kb: number;
  firstMs: number;
  againMs: number;
  threadFirstMs: number;
  threadAgainMs: number;
  stallMs: number;
  /** The machine's 1-minute load average at the end: the timings are only comparable at similar load. */
  load: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await work();
  return [out, performance.now() - start];
}

export async function measureChart(name: string): Promise<ChartBenchResult> {
  const dir = name === "seeds" ? SEED_CORPUS : path.join(TIMELINE17_DIR, name, "reports");
  if (!existsSync(dir)) throw new Error(`no corpus at ${dir} (set TIMELINE17_DIR)`);
  const opened = await openCorpus({ corpusDir: dir, dataDir: null });
  const timeline = await buildTimeline(opened, { dates: 20 });
  const input: TimelineChartInput = { timeline, reportsPerDay: reportsPerDay(opened.corpus) };

  const [chart, firstMs] = await timed(() => renderTimelineChart(input));
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push((await timed(() => renderTimelineChart(input)))[1]);

  let stallMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const [, threadFirstMs] = await timed(() => renderTimelineChartOffThread(input));
  const threadAgain: number[] = [];
  for (let i = 0; i < 5; i++) threadAgain.push((await timed(() => renderTimelineChartOffThread(input)))[1]);
  clearInterval(probe);
  await closeChartThread();

  return {
    corpus: name,
    reports: opened.corpus.reports.length,
    events: timeline.events.length,
    size: `${chart.width}×${chart.height}`,
    kb: chart.png.length / 1024,
    firstMs,
    againMs: median(again),
    threadFirstMs,
    threadAgainMs: median(threadAgain),
    stallMs,
    load: loadavg()[0] ?? 0,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${JSON.stringify(await measureChart(process.argv[2] ?? "seeds"))}\n`);
}
