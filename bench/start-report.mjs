/**
 * Preloaded into the process bench/start.ts times (`node --import`): when the process first writes
 * to stdout (the CLI's answer, printed once the index is ready and the question answered), it
 * records its own CPU time so far and its heap with the corpus and index still live, and at exit
 * writes them as JSON to the file SITREP_START_REPORT names. Plain JavaScript, so it adds no
 * compile step to the start it measures.
 */
import { writeFileSync } from "node:fs";

const target = process.env.SITREP_START_REPORT;
if (target) {
  let report = null;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (...args) => {
    if (report === null) {
      const cpu = process.cpuUsage();
      const cpuMs = (cpu.user + cpu.system) / 1000;
      // Wall-clock time (ms since the epoch), comparable with the spawning process's clock.
      const answeredAt = performance.timeOrigin + performance.now();
      // Collected first (needs --expose-gc), so the heap is what the loaded corpus and index hold.
      globalThis.gc?.();
      const memory = process.memoryUsage();
      report = {
        cpuMs,
        answeredAt,
        heapMb: memory.heapUsed / 1024 / 1024,
        buffersMb: memory.arrayBuffers / 1024 / 1024,
        rssMb: memory.rss / 1024 / 1024,
      };
    }
    return write(...args);
  };
  process.on("exit", () => {
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    writeFileSync(target, JSON.stringify({ ...report, peakRssMb }));
  });
}
