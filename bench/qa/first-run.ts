/**
 * `npx tsx bench/qa/first-run.ts [--thresholds 0.3,0.325,0.35] [--synonyms] [--patch FILE]`: each helpers' batch as it scored
 * before any rule read it. For each batch below, a git worktree (in the system's temp folder) at the
 * last commit at which the batch was unread runs `eval:qa --tag <batch>` with today's question sets and
 * judgements, so every first passage is judged with everything read since; the code is the code of
 * that day. With `--thresholds`, the answer decision's threshold is set by hand in that code, for a
 * sweep: which answers near the bar are right on wording no rule was written from
 * (bench/qa/ABLATION.md, session 42). With `--synonyms`, WordNet synonyms are switched on in that
 * code (`PassageIndex.findSynonyms`; session 43); with `--patch FILE`, a diff is applied to it first. Batch three's day printed no shown@1, so its first passage
 * is left out of that sum. Needs the git history (a full clone) and ../shared.
 *
 * Prints, per batch and summed: Sitrep's right answers, wrong answers to answerable questions,
 * off-topic questions answered, and its first passage shown; MiniSearch's and BM25's hit@1.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROJECT_ROOT, TIMELINE17_DIR } from "../corpora.js";
import { textTable } from "../text-table.js";

/** Each batch and the last commit at which it was still unread (`UNREAD_TAGS` in systems.ts named it). */
const LAST_UNREAD: readonly (readonly [tag: string, commit: string])[] = [
  ["session-35", "5f54688^"],
  ["session-36", "8b94326^"],
  ["session-36b", "e246ad1^"],
  ["session-37", "e557092^"],
  ["session-37b", "0644543^"],
  ["session-39", "b307abc"],
  ["session-40", "b307abc"],
  ["session-41", "821d51f"],
  ["session-41b", "821d51f"],
  ["session-43", "b44aa69"],
  ["session-43b", "b44aa69"],
  ["session-44", "0fabc56"],
  ["session-44b", "0fabc56"],
];
/** Lines patched in each worktree so that one run can vary them: the decision threshold, and WordNet synonyms. */
const DECISION_LINE = ">= model.threshold;";
const SYNONYMS_LINE = "  findSynonyms = false;";

const args = process.argv.slice(2);
const at = args.indexOf("--thresholds");
const thresholds: (number | null)[] = at === -1 ? [null] : (args[at + 1] ?? "").split(",").map(Number);
if (thresholds.some((t) => t !== null && !(t > 0 && t < 1)))
  throw new Error("first-run: --thresholds takes probabilities between 0 and 1, comma-separated");
/** `--synonyms`: WordNet synonyms on (`PassageIndex.findSynonyms`), as the committed code may not have them. */
const synonyms = args.includes("--synonyms");
/** `--patch FILE`: a diff (`git diff` of today's tree) applied to each day's code, to measure a change on the batches at their first run. */
const patchAt = args.indexOf("--patch");
const patch = patchAt === -1 ? null : path.resolve(args[patchAt + 1] ?? "");

/** The children's progress lines stay out of the table; their output is read, not shown. */
const QUIET = ["ignore", "pipe", "pipe"] as const;
const git = (...a: string[]) =>
  execFileSync("git", a, { cwd: PROJECT_ROOT, encoding: "utf8", stdio: [...QUIET] }).trim();
const root = mkdtempSync(path.join(tmpdir(), "sitrep-first-run-"));
const trees = new Map<string, string>();
function treeAt(commit: string): string {
  let dir = trees.get(commit);
  if (dir) return dir;
  dir = path.join(root, commit.replace(/\W/g, "-"));
  git("worktree", "add", "--detach", dir, commit);
  symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"));
  const qa = path.join(PROJECT_ROOT, "bench/qa");
  for (const file of readdirSync(qa).filter((f) => f.endsWith(".json")))
    copyFileSync(path.join(qa, file), path.join(dir, "bench/qa", file));
  const model = path.join(dir, "src/search/answer-model.ts");
  const code = readFileSync(model, "utf8");
  if (!code.includes(DECISION_LINE)) throw new Error(`first-run: no threshold line in ${commit}'s answer-model.ts`);
  writeFileSync(model, code.replace(DECISION_LINE, ">= Number(process.env.FIRST_RUN_THRESHOLD ?? model.threshold);"));
  const index = path.join(dir, "src/search/index.ts");
  const indexCode = readFileSync(index, "utf8");
  if (!indexCode.includes(SYNONYMS_LINE)) throw new Error(`first-run: no synonyms switch in ${commit}'s index.ts`);
  writeFileSync(index, indexCode.replace(SYNONYMS_LINE, '  findSynonyms = process.env.FIRST_RUN_SYNONYMS === "1";'));
  if (patch) {
    try {
      execFileSync("git", ["apply", patch], { cwd: dir, stdio: [...QUIET] });
    } catch {
      throw new Error(`first-run: ${patch} does not apply to ${commit}'s code`);
    }
  }
  trees.set(commit, dir);
  return dir;
}

interface Row {
  right: number;
  wrong: number;
  offAnswered: number;
  /** Null where that day's eval:qa printed no shown@1 (before session 36). */
  shown: number | null;
  minisearch: number;
  bm25: number;
}
/** The ALL rows of one batch's eval:qa: hit@1, no-answer, refused and shown@1 back to counts. */
function scoreOf(output: string): Row {
  const all = (system: string) => {
    const line = output.split("\n").find((l) => new RegExp(`^ALL\\s+${system}\\s+\\d+\\+\\d+\\s+\\d`).test(l));
    if (!line) throw new Error(`first-run: no ALL row for ${system}`);
    const [, , counts, hit1, , , noAnswer, refused, shown] = line.trim().split(/\s+/);
    const [answerable, offtopic] = (counts ?? "0+0").split("+").map(Number);
    const n = (v: string | undefined, of: number | undefined) => Math.round(Number(v) * (of ?? 0));
    return {
      hit1: n(hit1, answerable),
      answered: (answerable ?? 0) - n(refused, answerable),
      offAnswered: (offtopic ?? 0) - n(noAnswer, offtopic),
      shown: shown === undefined ? null : n(shown, answerable),
    };
  };
  const sitrep = all("sitrep");
  return {
    right: sitrep.hit1,
    wrong: sitrep.answered - sitrep.hit1,
    offAnswered: sitrep.offAnswered,
    shown: sitrep.shown,
    minisearch: all("minisearch").hit1,
    bm25: all("bm25").hit1,
  };
}

/** One table row: the batch (or "all"), the threshold, and the counts. */
function cellsOf(label: string, threshold: string, row: Row, shown: string): string[] {
  const counts = [row.right, row.wrong, row.offAnswered].map(String);
  return [label, threshold, ...counts, shown, String(row.minisearch), String(row.bm25)];
}

try {
  const header = ["batch", "threshold", "right", "wrong", "off-topic answered", "shown first", "MiniSearch", "BM25"];
  for (const threshold of thresholds) {
    const t = `${threshold === null ? "as built" : threshold.toFixed(3)}${synonyms ? ", synonyms" : ""}${patch ? ", patched" : ""}`;
    const rows: string[][] = [];
    const sum = { right: 0, wrong: 0, offAnswered: 0, shown: 0, minisearch: 0, bm25: 0 };
    let shownBatches = 0;
    for (const [tag, commit] of LAST_UNREAD) {
      const env = {
        ...process.env,
        TIMELINE17_DIR,
        ...(threshold === null ? {} : { FIRST_RUN_THRESHOLD: String(threshold) }),
        ...(synonyms ? { FIRST_RUN_SYNONYMS: "1" } : {}),
      };
      const output = execFileSync("npx", ["tsx", "bench/qa/eval.ts", "--tag", tag], {
        cwd: treeAt(commit),
        env,
        encoding: "utf8",
        stdio: [...QUIET],
        maxBuffer: 64 * 1024 * 1024,
      });
      const row = scoreOf(output);
      sum.right += row.right;
      sum.wrong += row.wrong;
      sum.offAnswered += row.offAnswered;
      sum.minisearch += row.minisearch;
      sum.bm25 += row.bm25;
      if (row.shown !== null) {
        sum.shown += row.shown;
        shownBatches++;
      }
      rows.push(cellsOf(tag, t, row, String(row.shown ?? "–")));
    }
    const shown = shownBatches === LAST_UNREAD.length ? String(sum.shown) : `${sum.shown} (${shownBatches})`;
    rows.push(cellsOf("all", t, sum, shown));
    console.log(`${textTable(header, rows, 2)}\n`);
  }
} finally {
  for (const dir of trees.values()) git("worktree", "remove", "--force", dir);
  rmSync(root, { recursive: true, force: true });
}
