/**
 * V8 flags the bot runs with: `npm start`, `npm run start:sharded` (its shards inherit them) and the
 * service command in the README carry them, and the benchmarks that measure the bot's event loop
 * (bench/reload.ts, bench/timeline-large.ts, `npm run bench`'s rows) run with them too. A test
 * (test/node-flags.test.ts) keeps package.json and the README in step with this list.
 *
 * `--no-concurrent-marking`: a full collection's marking is done in small incremental steps on the
 * main thread instead of by helper threads. With a million passages in the heap and the machine's
 * other core busy, the helpers got no core, and the collection's final pause marked what they had
 * left: 100–278 ms of event loop held during a reload. Alternated under the same load (a busy loop
 * on the other core), 5 of 27 reloads held it over 100 ms without the flag and 0 of 27 with it (the
 * longest 99 ms), the longest collection pause 255 ms against 70; query latency and timelines within
 * noise, a start from the snapshot about 50 ms slower at Timeline17's size (docs/measurements.md,
 * "Live reload", session 14).
 */
export const BOT_NODE_FLAGS: readonly string[] = ["--no-concurrent-marking"];

/** The bot's flags this process was started without (empty when it has them all). */
export function missingBotFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return BOT_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
