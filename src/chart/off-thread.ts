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
/** How long closing waits for the thread's tasks, the charting code's load among them (`closeChartThread`). */
const CLOSE_WAIT_MS = 15_000;

const fromSource = import.meta.url.endsWith(".ts");
const workerFile = new URL(fromSource ? "./render-worker-from-source.mjs" : "./render-worker.js", import.meta.url);

let pool: Piscina | null = null;
/**
 * The tasks given to the thread and not yet settled. A thread loads the charting code when it starts,
 * for the task it was started for (the warm-up, or a picture after five idle minutes): settled, that
 * load is over. (piscina's own close() does not wait for it: a starting thread holds no task yet.)
 */
const pending = new Set<Promise<unknown>>();

/** `task`, counted in `pending` until it settles. */
function tracked<T>(task: Promise<T>): Promise<T> {
  const settled = task.then(
    () => undefined,
    () => undefined,
  );
  pending.add(settled);
  void settled.then(() => pending.delete(settled));
  return task;
}

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
  const chart = (await tracked(chartPool().run(input, run))) as Omit<TimelineChart, "png"> & { png: Uint8Array };
  // Structured cloning hands a Buffer back as a plain Uint8Array.
  return { ...chart, png: Buffer.from(chart.png.buffer, chart.png.byteOffset, chart.png.byteLength) };
}

/**
 * Starts the chart thread and loads the charting code in it, so the first picture is drawn as fast as
 * the rest. Never throws; a failure shows again, and is handled, when a picture is asked for.
 */
export function warmChartThread(): void {
  tracked(chartPool().run(null, { name: "warmUp" })).catch(() => undefined);
}

/**
 * Ends the chart thread (it also ends after five idle minutes); the next picture starts a new one.
 * Its tasks are let finish first, for up to `CLOSE_WAIT_MS`: Node 20 aborts the whole process when a
 * worker is ended inside require() of an ES module, which is how piscina loads the charting code
 * ("v8::Module::IsGraphAsync must be used on an instantiated module", seen when a bot stopped half a
 * second after it started). A picture whose caller gave up (`signal`) is no longer waited for.
 */
export async function closeChartThread(): Promise<void> {
  const current = pool;
  pool = null;
  await Promise.race([Promise.allSettled(pending), delay(CLOSE_WAIT_MS, undefined, { ref: false })]);
  await current?.destroy();
}
