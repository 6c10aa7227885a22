/**
 * Bench row "time to build a digest for 100 new reports": the first 100 reports of Timeline17's
 * bpoil_guardian story, read in place through a temporary folder of links (never copied), all of
 * them new. `ms` is the first build on a freshly opened corpus, as after a live reload: it includes
 * finding the dates every sentence mentions, which later timelines on the same corpus reuse.
 *   tsx bench/digest.ts   prints the result as JSON
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildDigest } from "../src/digest/build.js";
import { openCorpus } from "../src/sitrep.js";
import { TIMELINE17_DIR } from "./corpora.js";

export interface DigestBenchResult {
  /** Building the digest of all the new reports, first build on the corpus. */
  ms: number;
  /** The same again (dates already found): the cost of a second subscription's digest. */
  warmMs: number;
  /** With the topic "oil spill". */
  topicMs: number;
  reports: number;
  events: number;
}

export async function measureDigest(count = 100, story = "bpoil_guardian"): Promise<DigestBenchResult> {
  const source = path.join(TIMELINE17_DIR, story, "reports");
  if (!existsSync(source)) throw new Error(`Timeline17 not found at ${source} (set TIMELINE17_DIR)`);
  const dir = mkdtempSync(path.join(tmpdir(), "sitrep-digest-bench-"));
  try {
    const files = readdirSync(source)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .slice(0, count);
    for (const file of files) symlinkSync(path.join(source, file), path.join(dir, file));
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const ids = opened.corpus.reports.map((r) => r.id);
    const window = { from: Date.now() - 86_400_000, to: Date.now() };

    let t = performance.now();
    const digest = await buildDigest(opened, ids, window);
    const ms = performance.now() - t;
    t = performance.now();
    await buildDigest(opened, ids, window);
    const warmMs = performance.now() - t;
    t = performance.now();
    await buildDigest(opened, ids, { ...window, topic: "oil spill" });
    const topicMs = performance.now() - t;
    return {
      ms,
      warmMs,
      topicMs,
      reports: digest?.reports.length ?? 0,
      events: digest?.timeline?.events.length ?? 0,
    };
  } finally {
    // Removes the links only, never what they point to.
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await measureDigest())}\n`);
}
