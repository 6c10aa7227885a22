import { setTimeout as delay } from "node:timers/promises";
import { Piscina } from "piscina";
import type { TimelineChart, TimelineChartInput } from "./timeline-chart.js";

/**
 * Pictures are drawn on a worker thread: Vega's layout and resvg's rasterising take a few hundred
 * milliseconds of CPU, which would otherwise stall every other reply of the bot. One thread (the
 * machine is small and pictures are rare), created on first use and ended after five idle minutes;
 * a burst queues a few pictures and refuses the rest, so a caller answers without one rather than wait.
 */

const IDLE_MS = 5 * 60_000;
const MAX_QUEUED = 8;
/** How long closing waits for a new thread to finish loading the charting code (`closeChartThread`). */
const LOAD_WAIT_MS = 15_000;

const fromSource = import.meta.url.endsWith(".ts");
const workerFile = new URL(fromSource ? "./render-worker-from-source.mjs" : "./render-worker.js", import.meta.url);

let pool: Piscina | null = null;
/** The new thread's first task, which loads the charting code: settled once it is loaded (or failed). */
let loading: Promise<unknown> | null = null;

function chartPool(): Piscina {
  if (pool === null) {
    pool = new Piscina({
      filename: workerFile.href,
      minThreads: 0,
      maxThreads: 1,
      idleTimeout: IDLE_MS,
      maxQueue: MAX_QUEUED,
    });
    // A worker that dies fails its task (the caller answers without a picture); the pool itself must not
    // throw an unhandled 'error' event at the process.
    pool.on("error", () => undefined);
    loading = pool.run(null, { name: "warmUp" }).catch(() => undefined);
  }
  return pool;
}

/**
 * renderTimelineChart on the chart thread. Rejects when the queue is full, when the worker fails, or
 * when `signal` aborts first (a queued task is dropped; a running one finishes unseen).
 */
export async function renderTimelineChartOffThread(
  input: TimelineChartInput,
  options: { signal?: AbortSignal } = {},
): Promise<TimelineChart> {
  const run = options.signal ? { signal: options.signal } : {};
  const chart = (await chartPool().run(input, run)) as Omit<TimelineChart, "png"> & { png: Uint8Array };
  // Structured cloning hands a Buffer back as a plain Uint8Array.
  return { ...chart, png: Buffer.from(chart.png.buffer, chart.png.byteOffset, chart.png.byteLength) };
}

/**
 * Starts the chart thread and loads the charting code in it, so the first picture is drawn as fast as
 * the rest. Never throws; a failure shows again, and is handled, when a picture is asked for.
 */
export function warmChartThread(): void {
  chartPool();
}

/**
 * Ends the chart thread (it also ends after five idle minutes); the next picture starts a new one.
 * A thread still loading the charting code is let finish first, for up to `LOAD_WAIT_MS`: Node 20
 * aborts the whole process when a worker is ended inside require() of an ES module, which is how
 * piscina loads it ("v8::Module::IsGraphAsync must be used on an instantiated module", seen when
 * a bot stopped half a second after it started).
 */
export async function closeChartThread(): Promise<void> {
  const current = pool;
  const loaded = loading;
  pool = null;
  loading = null;
  if (loaded) await Promise.race([loaded, delay(LOAD_WAIT_MS, undefined, { ref: false })]);
  await current?.destroy();
}
