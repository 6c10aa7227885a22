/**
 * Where the event loop's long blocks go, for the benchmarks (`BENCH_RELOAD_TRACE=1 npm run
 * bench:reload`): while tracing, a 5 ms timer notes every gap of `thresholdMs` or more between its
 * ticks (a block), a PerformanceObserver notes every garbage collection, and V8's sampling profiler
 * (through node:inspector, in this process) samples the stack every millisecond. `report()` then
 * lists each block with the collections inside it and the functions the samples inside it were in
 * (by self time, and the project's own functions by inclusive time), so a block is attributed to
 * the code or the collector that made it. Both clocks are the monotonic one (hrtime), so the
 * profile's sample times and the timer's gaps line up.
 */
import { Session } from "node:inspector/promises";
import { PerformanceObserver, constants } from "node:perf_hooks";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** An entry's `detail.kind` (Node's constants: 4 is a full mark-compact, 8 an incremental marking step). */
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

/** Milliseconds on the monotonic clock the profiler uses too. */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export class BlockTrace {
  private readonly blocks: { start: number; end: number }[] = [];
  private readonly collections: { start: number; ms: number; kind: string }[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private observer: PerformanceObserver | null = null;
  private readonly session = new Session();
  /** performance.now() → the monotonic clock (the observer's entries are in performance.now() time). */
  private readonly offset = nowMs() - performance.now();

  constructor(private readonly thresholdMs = 50) {}

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post("Profiler.enable");
    await this.session.post("Profiler.setSamplingInterval", { interval: 1000 });
    await this.session.post("Profiler.start");
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
        this.collections.push({
          start: entry.startTime + this.offset,
          ms: entry.duration,
          kind: GC_KINDS[kind] ?? "?",
        });
      }
    });
    this.observer.observe({ entryTypes: ["gc"] });
    let last = nowMs();
    this.timer = setInterval(() => {
      const now = nowMs();
      if (now - last >= this.thresholdMs) this.blocks.push({ start: last, end: now });
      last = now;
    }, 5);
  }

  /** Stops tracing and describes every block of `thresholdMs` or more, with marks ([name, monotonic ms]) for orientation. */
  async report(marks: readonly [string, number][] = []): Promise<string> {
    if (this.timer) clearInterval(this.timer);
    this.observer?.disconnect();
    const { profile } = (await this.session.post("Profiler.stop")) as { profile: Profile };
    this.session.disconnect();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const name = (node: ProfileNode) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^.*\/(src|bench|node_modules)\//, "$1/");
      return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    };
    const samples: { at: number; node: number }[] = [];
    let at = profile.startTime / 1000;
    profile.samples.forEach((node, i) => {
      at += (profile.timeDeltas[i] ?? 0) / 1000;
      samples.push({ at, node });
    });
    const lines: string[] = [];
    const origin = this.blocks[0]?.start ?? 0;
    for (const [mark, when] of marks) lines.push(`mark ${mark} at ${(when - origin).toFixed(0)} ms`);
    for (const block of this.blocks) {
      const gcs = this.collections.filter((c) => c.start < block.end && c.start + c.ms > block.start);
      const gcMs = gcs.reduce((sum, c) => sum + c.ms, 0);
      const self = new Map<string, number>();
      const inclusive = new Map<string, number>();
      let count = 0;
      for (const sample of samples) {
        if (sample.at < block.start || sample.at > block.end) continue;
        count++;
        const leaf = byId.get(sample.node);
        if (!leaf) continue;
        self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
        const seen = new Set<string>();
        for (let id: number | undefined = sample.node; id !== undefined; id = parent.get(id)) {
          const node = byId.get(id);
          if (!node || !/\/(src|bench)\//.test(node.callFrame.url)) continue;
          const n = name(node);
          if (seen.has(n)) continue;
          seen.add(n);
          inclusive.set(n, (inclusive.get(n) ?? 0) + 1);
        }
      }
      const top = (map: Map<string, number>, n: number) =>
        [...map]
          .sort((a, b) => b[1] - a[1])
          .slice(0, n)
          .map(([f, c]) => `${c} ${f}`)
          .join("; ");
      lines.push(
        `block at ${(block.start - origin).toFixed(0)} ms: ${(block.end - block.start).toFixed(0)} ms, ` +
          `GC ${gcMs.toFixed(0)} ms (${gcs.map((c) => `${c.kind} ${c.ms.toFixed(0)}`).join(", ")}), ${count} samples`,
        `  self: ${top(self, 6)}`,
        `  ours: ${top(inclusive, 8)}`,
      );
    }
    return lines.join("\n");
  }
}
