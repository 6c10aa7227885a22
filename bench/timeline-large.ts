/**
 * Bench row "timeline over 20k reports": /timeline's work (20 dates, as the bot asks) over the
 * 20k-report corpus of large-corpus.ts, run as the bot runs it, with the event loop watched.
 *   node --max-old-space-size=8192 --import tsx bench/timeline-large.ts [copies]   prints one JSON object
 * The corpus and its snapshot are made once under the system temp dir and reused. After the start,
 * the bot's warm-up runs (warmUpIndex, as the bot runs it once it is up, and as bench/reload.ts does):
 * without it, the first question of the process, here the topic's, is the one that pays for
 * optimising the search code and sizing its tables (75–128 ms blocked at 1M passages, 2026-12-02). Rows:
 * - firstMs / firstBlockMs: the first timeline after a start (it finds every passage's date mentions);
 * - againMs / againBlockMs: the same timeline again;
 * - topicMs / topicBlockMs: a timeline about one topic (the topic filter runs too);
 * - digestMs / digestBlockMs: a digest of 500 reports with a topic (its topic filter and its timeline).
 * A block is the longest the event loop went unserved (perf_hooks.monitorEventLoopDelay, max); on a
 * loaded machine that includes waiting for a core.
 */
import { mkdirSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { buildDigest } from "../src/digest/build.js";
import { openCorpus, warmUpIndex } from "../src/sitrep.js";
import { buildTimeline } from "../src/timeline/build.js";
import { largeCorpus } from "./large-corpus.js";

export interface LargeTimelineResult {
  reports: number;
  passages: number;
  openMs: number;
  firstMs: number;
  firstBlockMs: number;
  againMs: number;
  againBlockMs: number;
  topicMs: number;
  topicBlockMs: number;
  digestMs: number;
  digestBlockMs: number;
  events: number;
  load: number;
}

/** How long `work` takes, and the event loop's longest wait meanwhile. */
async function watched(work: () => Promise<unknown>): Promise<{ ms: number; blockMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  // The histogram records a delay only between two of its ticks: let it tick once before the work.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  // One more turn of the loop, so a block at the very end is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 10));
  histogram.disable();
  return { ms, blockMs: histogram.max / 1e6 };
}

export async function measureLargeTimeline(copies: number): Promise<LargeTimelineResult> {
  const corpusDir = largeCorpus(copies);
  if (!corpusDir) throw new Error("the Timeline17 dataset is not beside the project (set TIMELINE17_DIR)");
  const dataDir = path.join(tmpdir(), `sitrep-large-${copies}-data`);
  mkdirSync(dataDir, { recursive: true });
  const openStart = performance.now();
  const opened = await openCorpus({ corpusDir, dataDir });
  const openMs = performance.now() - openStart;
  await warmUpIndex(opened.index);

  let events = 0;
  const first = await watched(async () => {
    events = (await buildTimeline(opened, { dates: 20 })).events.length;
  });
  const again = await watched(() => Promise.resolve(buildTimeline(opened, { dates: 20 })));
  const topic = await watched(() => Promise.resolve(buildTimeline(opened, { dates: 20, topic: "oil spill" })));
  const ids = opened.corpus.reports.slice(0, 500).map((r) => r.id);
  const digest = await watched(() => Promise.resolve(buildDigest(opened, ids, { topic: "oil spill", from: 0, to: 0 })));
  return {
    reports: opened.corpus.reports.length,
    passages: opened.corpus.passages.length,
    openMs,
    firstMs: first.ms,
    firstBlockMs: first.blockMs,
    againMs: again.ms,
    againBlockMs: again.blockMs,
    topicMs: topic.ms,
    topicBlockMs: topic.blockMs,
    digestMs: digest.ms,
    digestBlockMs: digest.blockMs,
    events,
    load: loadavg()[0] ?? 0,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.stdout.write(`${JSON.stringify(await measureLargeTimeline(Number(process.argv[2] ?? 7)))}\n`);
}
