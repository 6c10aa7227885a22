/**
 * `npm run bench`: every benchmark row in its own process, printed as one table.
 * Rows: the seed corpus and all Timeline17 reports as one corpus, each with Sitrep's index and
 * with plain MiniSearch defaults (no stemming, aliases, fallback or merging) for comparison.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { PROJECT_ROOT, TIMELINE17_DIR } from "./corpora.js";
import { measureDigest } from "./digest.js";
import { measureHostileLines } from "./hostile-lines.js";
import { measureOneLine } from "./one-line.js";
import { SERVICE_NODE_FLAGS } from "../src/ops/v8-settings.js";
import { textTable } from "./text-table.js";

type Row = Record<string, string | number>;

/**
 * Runs a bench script in a fresh process, with the flags node runs the bot with, and returns the
 * JSON object it prints last.
 */
function measureIn(script: string, ...args: string[]): Row {
  return measureWith([...SERVICE_NODE_FLAGS], script, ...args);
}

/** measureIn with extra flags for node (a larger heap for the 20k-report corpus). */
function measureWith(nodeFlags: string[], script: string, ...args: string[]): Row {
  const out = execFileSync(
    process.execPath,
    [
      ...nodeFlags,
      "--expose-gc",
      // Plain MiniSearch at 1M passages needs about 3 GB while it builds and saves its snapshot.
      ...(args.includes("large") ? ["--max-old-space-size=8192"] : []),
      "--import",
      "tsx",
      path.join(PROJECT_ROOT, "bench", script),
      ...args,
    ],
    { cwd: PROJECT_ROOT, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Row;
}

function table(rows: Row[], columns: [string, string, (v: number) => string][]): string {
  const header = columns.map(([, label]) => label);
  const body = rows.map((row) =>
    columns.map(([key, , format]) => {
      const v = row[key];
      return typeof v === "number" ? format(v) : String(v ?? "");
    }),
  );
  return textTable(header, body, 2);
}

/** `npm run bench:scale`: only the 1M-passage rows (minutes each), apart from the everyday bench. */
const scale = process.argv.includes("--scale");
if (scale && !existsSync(TIMELINE17_DIR)) throw new Error(`the scale rows need Timeline17 at ${TIMELINE17_DIR}`);

const rows: Row[] = [];
const corpora = scale ? ["large"] : existsSync(TIMELINE17_DIR) ? ["seeds", "timeline17"] : ["seeds"];
for (const corpus of corpora) {
  for (const mode of ["sitrep", "plain"]) {
    process.stderr.write(`measuring ${corpus} / ${mode}…\n`);
    rows.push(measureIn("measure.ts", corpus, mode));
  }
}
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 0);
const mb = (v: number) => v.toFixed(1);
const int = (v: number) => String(v);
process.stdout.write(
  `${table(rows, [
    ["corpus", "corpus", int],
    ["mode", "index", int],
    ["reports", "reports", int],
    ["passages", "passages", int],
    ["loadMs", "load ms", ms],
    ["buildMs", "build ms", ms],
    ["snapshotMb", "snapshot MB", mb],
    ["startFromSnapshotMs", "start from snapshot ms", ms],
    ["warmUpMs", "then warm-up ms", ms],
    ["heapMb", "heap MB", mb],
    ["buffersMb", "typed arrays MB", mb],
    ["buffersAfterWarmUpMb", "after warm-up MB", mb],
    ["p50Ms", "query p50 ms", ms],
    ["p99Ms", "query p99 ms", ms],
    ["warmP50Ms", "again p50 ms", ms],
    ["warmP99Ms", "again p99 ms", ms],
  ])}\n`,
);
process.stdout.write(
  `load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}\n`,
);
if (scale) {
  printLargeTimeline();
  process.exit(0);
}
if (existsSync(TIMELINE17_DIR)) {
  process.stderr.write("measuring the digest of 100 new reports…\n");
  const digest = await measureDigest();
  process.stdout.write(
    `\n${table(
      [{ what: "digest of 100 new reports (bpoil_guardian)", ...digest }],
      [
        ["what", "digest", int],
        ["reports", "reports", int],
        ["events", "events", int],
        ["ms", "first build ms", ms],
        ["warmMs", "again ms", ms],
        ["topicMs", "with a topic ms", ms],
      ],
    )}\n`,
  );
} else {
  process.stdout.write(`(Timeline17 not found at ${TIMELINE17_DIR}; seed rows only)\n`);
}

process.stderr.write("measuring a 1.9 MB report without a sentence break…\n");
const oneLine = await measureOneLine();
process.stdout.write(
  `\n${table(
    [{ what: "one-line report", ...oneLine }],
    [
      ["what", "report", int],
      ["megabytes", "MB", mb],
      ["passages", "passages", int],
      ["longestPassage", "longest passage", int],
      ["openMs", "open ms", ms],
      ["askMs", "ask ms (goal < 2000)", ms],
    ],
  )}\n`,
);

process.stderr.write("measuring reports of one 1 MB line of each hostile shape…\n");
const hostile = await measureHostileLines();
process.stdout.write(
  `\n${table(hostile as unknown as Row[], [
    ["what", "one line of", int],
    ["megabytes", "MB", mb],
    ["passages", "passages", int],
    ["openMs", "open ms", ms],
  ])}\n`,
);

// The /timeline picture, each corpus in a fresh process (the first render pays Vega's loading).
const chartRows = (existsSync(TIMELINE17_DIR) ? ["seeds", "bpoil_bbc"] : ["seeds"]).map((corpus) => {
  process.stderr.write(`measuring the timeline picture of ${corpus}…\n`);
  return measureIn("chart.ts", corpus);
});
process.stdout.write(
  `\n${table(chartRows, [
    ["corpus", "picture of", int],
    ["size", "pixels", int],
    ["reports", "reports", int],
    ["events", "events", int],
    ["kb", "PNG KB", (v) => v.toFixed(0)],
    ["firstMs", "first in-thread ms", ms],
    ["againMs", "again ms", ms],
    ["threadFirstMs", "first via worker ms", ms],
    ["threadAgainMs", "again ms", ms],
    ["stallMs", "main loop stall ms", ms],
    ["load", "load avg", (v) => v.toFixed(1)],
  ])}\n`,
);

// A timeline over 20k reports (7 copies of Timeline17), as the bot builds it: total time and the
// event loop's longest block, which must stay under 100 ms. The corpus and its snapshot are made
// once under the system temp dir (the first run takes minutes).
function printLargeTimeline(): void {
  process.stderr.write("measuring a timeline over 20k reports…\n");
  const large = measureWith([...SERVICE_NODE_FLAGS, "--max-old-space-size=8192"], "timeline-large.ts", "7");
  const steps = [
    ["first", "first timeline after a start"],
    ["again", "the same again"],
    ["topic", "with a topic"],
    ["digest", "digest of 500 reports, topic"],
  ] as const;
  process.stdout.write(
    `\n${table(
      steps.map(([key, what]) => ({
        what,
        reports: large.reports ?? "",
        passages: large.passages ?? "",
        ms: large[`${key}Ms`] ?? "",
        blockMs: large[`${key}BlockMs`] ?? "",
        load: large.load ?? "",
      })),
      [
        ["what", "timeline over 20k reports", int],
        ["reports", "reports", int],
        ["passages", "passages", int],
        ["ms", "total ms", ms],
        ["blockMs", "longest block ms (goal < 100)", ms],
        ["load", "load avg", (v) => v.toFixed(1)],
      ],
    )}\n`,
  );
}
