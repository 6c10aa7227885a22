import { setFlagsFromString } from "node:v8";

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
 * same time without it. The flag is read at each collection, so setting it at run time works; it
 * is the one V8 flag Sitrep sets, here rather than on each command line that starts the bot.
 */
export function keepShortLivedObjectsYoung(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
