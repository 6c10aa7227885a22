import { setFlagsFromString } from "node:v8";

/**
 * The flags node runs the bot with, as a service: package.json's `start` and `start:sharded`, the
 * README's service command, and the benches that measure the running bot (`npm run bench`) all use
 * these (test/service-flags.test.ts checks the first two against this list).
 *
 * `--v8-pool-size=1`: V8's background threads (its optimising compiler, the collector's concurrent
 * marking and parallel scavenges) share one thread instead of four. On the 2-core machines the bot
 * runs on, four background threads busy after a start (compiling the answer path's functions as
 * they grow hot) took the main thread's core often enough that a first question waited for a core
 * longer than it computed: 20 alternated `bench/first-pass.ts` runs each at Timeline17's size,
 * first-pass p99 8.1–8.7 ms (medians of runs) with one thread against 9.7–11.1 ms with node's four,
 * the main thread's own CPU time the same (docs/measurements.md, "Session 25"). A reload is served
 * sooner with one too, and a build from the reports takes as long (2.7–3.0 s against 2.8–4.3 s).
 * Measured on 2-core machines only; on a machine with more cores, cores − 1 should keep a core free
 * the same way.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ["--enable-source-maps", "--v8-pool-size=1"];

/**
 * Turns off V8's allocation-site pretenuring for the whole process (workers included: V8's flags
 * are per process), for a process that answers questions for hours.
 *
 * Why: a question allocates about 1 MB of objects that die when it is answered (candidates, their
 * term sets, excerpts). When a young-generation collection happens to find many of one site's
 * objects alive mid-question, V8 decides that site makes long-lived objects and from then on
 * allocates them in the old generation, where they die too, and only a full mark-compact frees
 * them. At Timeline17's size about one start in three fell into that state, for as long as the
 * process lived: 120–160 ms of collection per 300 questions instead of 20–40, the heap at 150–190
 * MB instead of 50–60, and the query p99 at 12–22 ms instead of 9–11 (`bench/first-pass.ts`, 6
 * starts each, docs/measurements.md). Building the index and starting from the snapshot take the
 * same time without it. The flag is read at each collection, so setting it at run time works, here
 * rather than on each command line that starts the bot (unlike the pool size, which V8 reads once,
 * at start: SERVICE_NODE_FLAGS).
 */
export function keepShortLivedObjectsYoung(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
