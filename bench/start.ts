/**
 * `npm run bench:start`: a start from the snapshot as a user restarting Sitrep sees it, in a fresh
 * process each time: from spawning `node` on the built CLI (`dist/`, as the service runs the bot)
 * to its first answer printed, i.e. modules loaded, corpus and snapshot read, index ready and one
 * question answered. The CLI run is the bundle (`dist/src/cli/sitrep.js`, scripts/bundle-cli.ts), or
 * `dist/src/cli/main.js` in a tree built before there was one. Five runs per row (`--runs N`), rows
 * alternating run by run so a change in the machine's load hits every row alike; the table gives medians.
 *
 *   npm run bench:start                       Timeline17 (2,854 reports)
 *   npm run bench:start -- --large            and 7 × Timeline17 (20k reports, about 1M passages)
 *   npm run bench:start -- --tree before=DIR  also the build in DIR/dist, side by side (before/after)
 *   npm run bench:start -- --compiled         also this tree's compiled CLI (main.js), unbundled
 *
 * Each tree (by name and checkout) and corpus has its own data folder under the system temp dir,
 * kept between runs; an untimed first run makes the snapshot when it is missing or stale (or saves
 * it again when the files' stat signatures changed). A timed run that rewrote the snapshot (so did
 * not start from it) stops the bench instead of being counted.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { bundleCli, CLI_BUNDLE } from "../scripts/bundle-cli.js";
import { corpusFolderKey, snapshotPathFor } from "../src/sitrep.js";
import { PROJECT_ROOT, TIMELINE17_DIR } from "./corpora.js";
import { largeCorpus } from "./large-corpus.js";
import { median } from "./stats.js";

const QUESTION = "How many people died in the Haiti earthquake?";
const REPORTER = path.join(PROJECT_ROOT, "bench", "start-report.mjs");
const WORK = path.join(tmpdir(), "sitrep-bench-start");

interface Tree {
  name: string;
  dir: string;
  /** Run dist/src/cli/main.js even when the tree has the bundle. */
  compiled?: boolean;
}

interface Options {
  runs: number;
  large: boolean;
  trees: Tree[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { runs: 5, large: false, trees: [] };
  let compiled = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--large") options.large = true;
    else if (arg === "--compiled") compiled = true;
    else if (arg === "--runs") options.runs = Number(argv[++i]);
    else if (arg === "--tree") {
      const [name, dir] = (argv[++i] ?? "").split("=");
      if (!name || !dir) throw new Error("--tree takes NAME=DIR (a checkout whose dist/ is built)");
      options.trees.push({ name, dir: path.resolve(dir) });
    } else throw new Error(`unknown option ${arg}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error("--runs takes a whole number from 1");
  if (compiled) options.trees.push({ name: "this tree, unbundled", dir: PROJECT_ROOT, compiled: true });
  options.trees.push({ name: "this tree", dir: PROJECT_ROOT });
  return options;
}

/**
 * All Timeline17 stories as one corpus: a folder of links to each story's reports, at a fixed path
 * (the snapshot is kept per corpus path, so a new temporary folder each time would never reuse it).
 */
function timeline17Links(): string {
  const dir = path.join(WORK, "timeline17");
  mkdirSync(dir, { recursive: true });
  for (const story of readdirSync(TIMELINE17_DIR)) {
    const reports = path.join(TIMELINE17_DIR, story, "reports");
    const link = path.join(dir, story);
    if (existsSync(reports) && !existsSync(link)) symlinkSync(reports, link);
  }
  return dir;
}

interface Row {
  tree: string;
  corpus: string;
  corpusDir: string;
  dataDir: string;
  cli: string;
  samples: Sample[];
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  heapMb: number;
  buffersMb: number;
  peakRssMb: number;
}

/** One start: spawn to first answer. Resolves with what the child reported about itself. */
async function startOnce(row: Row): Promise<Sample> {
  const reportFile = path.join(WORK, `report-${process.pid}.json`);
  rmSync(reportFile, { force: true });
  const spawnedAt = performance.timeOrigin + performance.now();
  const child = spawn(
    process.execPath,
    [
      "--enable-source-maps",
      "--expose-gc",
      // Building the 1M snapshot (the untimed first run) needs more than the default heap.
      "--max-old-space-size=8192",
      "--import",
      REPORTER,
      row.cli,
      "ask",
      QUESTION,
      "--corpus",
      row.corpusDir,
      "--data-dir",
      row.dataDir,
      "--limit",
      "5",
    ],
    {
      // The benchmark corpora link into the shared dataset, outside their folder.
      env: { ...process.env, FOLLOW_EXTERNAL_LINKS: "true", SITREP_START_REPORT: reportFile },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0 || !stdout.includes("1. ")) {
    throw new Error(`${row.tree} / ${row.corpus}: the CLI exited ${code} without an answer\n${stderr}${stdout}`);
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Omit<Sample, "wallMs"> & { answeredAt: number };
  return { ...report, wallMs: report.answeredAt - spawnedAt };
}

function printTable(rows: Row[]): void {
  const header = [
    "tree",
    "corpus",
    "runs",
    "wall median ms",
    "wall min–max",
    "CPU median ms",
    "heap MB",
    "typed arrays MB",
    "peak RSS MB",
  ];
  const body = rows.map((row) => {
    const of = (key: keyof Sample) => row.samples.map((s) => s[key]);
    const wall = of("wallMs");
    return [
      row.tree,
      row.corpus,
      String(row.samples.length),
      median(wall).toFixed(0),
      `${Math.min(...wall).toFixed(0)}–${Math.max(...wall).toFixed(0)}`,
      median(of("cpuMs")).toFixed(0),
      median(of("heapMb")).toFixed(0),
      median(of("buffersMb")).toFixed(0),
      median(of("peakRssMb")).toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  process.stdout.write(`${[line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n")}\n`);
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(" ");

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(TIMELINE17_DIR)) throw new Error(`the start bench needs Timeline17 at ${TIMELINE17_DIR}`);
  process.stderr.write("building dist/ (the start measured is the built CLI's)…\n");
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: PROJECT_ROOT, stdio: "inherit" });
  await bundleCli(PROJECT_ROOT);
  const corpora: [string, string][] = [["Timeline17", timeline17Links()]];
  if (options.large) {
    const large = largeCorpus(7);
    if (!large) throw new Error("the 1M corpus needs Timeline17");
    corpora.push(["1M passages", large]);
  }
  const rows: Row[] = [];
  for (const [corpus, corpusDir] of corpora) {
    for (const tree of options.trees) {
      const bundle = path.join(tree.dir, CLI_BUNDLE);
      const cli = existsSync(bundle) && !tree.compiled ? bundle : path.join(tree.dir, "dist", "src", "cli", "main.js");
      if (!existsSync(cli)) throw new Error(`${tree.name}: ${cli} is not built (npm run build there)`);
      // Keyed by the checkout too: worktrees benched side by side each keep their own snapshot.
      const dataDir = path.join(
        WORK,
        `data-${tree.name.replace(/\W/g, "")}-${corpusFolderKey(tree.dir)}-${corpus.replace(/\W/g, "")}`,
      );
      rows.push({ tree: tree.name, corpus, corpusDir, dataDir, cli, samples: [] });
    }
  }
  for (const row of rows) {
    process.stderr.write(`${row.tree} / ${row.corpus}: a first run, untimed (makes the snapshot if needed)…\n`);
    await startOnce(row);
  }
  const loadBefore = load();
  for (let run = 0; run < options.runs; run++) {
    for (const row of rows) {
      const snapshot = snapshotPathFor(row.dataDir, row.corpusDir);
      const before = statSync(snapshot).mtimeMs;
      row.samples.push(await startOnce(row));
      if (statSync(snapshot).mtimeMs !== before) {
        throw new Error(`${row.tree} / ${row.corpus}: the snapshot was rewritten, so this was not a start from it`);
      }
      process.stderr.write(`run ${run + 1}: ${row.tree} / ${row.corpus} ${row.samples.at(-1)?.wallMs.toFixed(0)} ms\n`);
    }
  }
  printTable(rows);
  process.stdout.write(
    `load average before ${loadBefore}, after ${load()} (${options.runs} alternating runs per row)\n`,
  );
}

await main();
