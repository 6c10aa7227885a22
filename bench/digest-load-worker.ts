/**
 * One "Sitrep process" of the digest load benchmark (bench/digest-load.ts): a DigestScheduler on
 * the shared PostgreSQL store, posting through the benchmark's HTTP sink. Started with
 *   node --import tsx bench/digest-load-worker.ts <databaseUrl> <sinkUrl> <clockMs> <concurrency>
 * It ticks until a tick finds nothing to do, then prints its counts as one JSON line.
 */
import type { Digest } from "../src/digest/build.js";
import { DigestScheduler } from "../src/digest/scheduler.js";
import { DigestStore } from "../src/digest/store.js";
import type { DigestTarget, DigestTransport, RunKey, SentMessages } from "../src/digest/transport.js";
import { LiveCorpus, openCorpus } from "../src/sitrep.js";
import { PROJECT_ROOT } from "./corpora.js";

const [databaseUrl = "", sinkUrl = "", clockArg = "0", concurrencyArg = "8"] = process.argv.slice(2);

/** Posts a digest as one HTTP request carrying its run key; the sink is the "channel". */
class SinkTransport implements DigestTransport {
  async send(target: DigestTarget, digest: Digest, run: RunKey): Promise<SentMessages> {
    const response = await fetch(`${sinkUrl}/post`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        key: run.key,
        channel: target.channelId,
        reports: digest.reports.length,
        pid: process.pid,
      }),
    });
    if (!response.ok) throw new Error(`sink answered ${response.status}`);
    return (await response.json()) as SentMessages;
  }

  async findSent(_target: DigestTarget, run: RunKey): Promise<SentMessages | null> {
    const response = await fetch(`${sinkUrl}/find?key=${encodeURIComponent(run.key)}`);
    return response.status === 404 ? null : ((await response.json()) as SentMessages);
  }
}

const store = await DigestStore.open({ databaseUrl, poolSize: Number(concurrencyArg) + 2 });
const opened = await openCorpus({ corpusDir: `${PROJECT_ROOT}/corpus`, dataDir: null });
const clockMs = Number(clockArg);
const scheduler = new DigestScheduler({
  store,
  corpus: new LiveCorpus(opened),
  transport: new SinkTransport(),
  concurrency: Number(concurrencyArg),
  clock: {
    now: () => clockMs,
    setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
});
// Ready: the parent starts every worker's clock at once.
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
const cpuBefore = process.cpuUsage();
const counts = { delivered: 0, skipped: 0, failed: 0, interrupted: 0, ticks: 0, cpuMs: 0 };
for (;;) {
  const outcomes = await scheduler.tick();
  counts.ticks++;
  for (const outcome of outcomes) if (outcome.status !== "recorded") counts[outcome.status]++;
  if (outcomes.length === 0) break;
}
const cpu = process.cpuUsage(cpuBefore);
counts.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
await store.close();
process.stdout.write(`${JSON.stringify(counts)}\n`);
process.exit(0);
