/**
 * `npx tsx bench/timeline17/fit-dates.ts`: refits the protocol's date weighing (RECALL and
 * REACH_SHARPNESS in src/timeline/build.ts) on the dev-tune folders (bpoil_*, H1N1_*) and prints it
 * beside the committed constants. Never reads the held-out folders.
 *
 * Each day the protocol could pick is an example, labelled by whether the folder's reference keeps
 * it; the features are ln(1 + the day's hand-set score), ln(1 + the reports naming it a month or
 * more after it) and its reports over the most any day of the folder has. An L2-regularised logistic
 * model (bench/qa/logistic.ts, l2 = 1) is fitted on every tune folder, and once per folder without
 * it; its odds, squared (ABLATION.md row 98: odds^1 to ^6 replayed through the protocol, ^2 best on
 * the tune split), read as a product: score^a × (1 + recalled)^b × e^(c × reach). `build.ts` keeps
 * score^1 and rounds b and c. Precision at N (the reference's days, no crowding) per left-out
 * folder compares the model with the hand-set score alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../../src/sitrep.js";
import { type DayEvidence, protocolDayEvidence } from "../../src/timeline/build.js";
import { fitLogistic, type LogisticFit, predict } from "../qa/logistic.js";
import { isTuneFolder, listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { protocolInput } from "./protocol-timeline.js";

const L2 = 1;
/** The odds' power the protocol replay chose (row 98). */
const ODDS_POWER = 2;
const COMMITTED = { recallExponent: 0.6, reachSharpness: 12.5 };

interface Example {
  folder: string;
  features: number[];
  label: number;
  score: number;
}

const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-fit-dates-"));
const tune = listFolders(datasetDir).filter(isTuneFolder);

function examplesOf(folder: string, days: readonly DayEvidence[], reference: ReadonlySet<string>): Example[] {
  const most = Math.max(1, ...days.map((d) => d.reports));
  return days.map((d) => ({
    folder,
    features: [Math.log1p(d.score), Math.log1p(d.recalledBy), d.reports / most],
    label: reference.has(d.day) ? 1 : 0,
    score: d.score,
  }));
}

const examples: Example[] = [];
const referenceSize = new Map<string, number>();
for (const name of tune) {
  const folder = loadFolder(datasetDir, name);
  const { corpusDir, since, until } = protocolInput(folder);
  const opened = await openCorpus({ corpusDir, dataDir });
  const days = await protocolDayEvidence(opened, since, until);
  examples.push(...examplesOf(name, days, new Set(folder.reference.map((d) => d.date))));
  referenceSize.set(name, folder.reference.length);
}
rmSync(dataDir, { recursive: true, force: true });

const fit = (rows: readonly Example[]): LogisticFit =>
  fitLogistic(
    rows.map((e) => e.features),
    rows.map((e) => e.label),
    L2,
  );

/** The model as a product of powers: score^a × (1 + recalled)^b × e^(c × reach). */
function asProduct(model: LogisticFit): { score: number; recall: number; reach: number } {
  const [score = 0, recall = 0, reach = 0] = model.weights.map((w, j) => (ODDS_POWER * w) / (model.scale[j] ?? 1));
  return { score, recall, reach };
}

function precisionAtN(rows: readonly Example[], rank: (e: Example) => number, n: number): number {
  const top = [...rows].sort((a, b) => rank(b) - rank(a)).slice(0, n);
  return top.reduce((s, e) => s + e.label, 0) / Math.max(1, n);
}

const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(22) : c.padStart(9))).join(" "));
line(["fold (left out)", "score^a", "recall^b", "e^(c·r)", "P@N hand", "P@N model"]);
let hand = 0;
let model = 0;
for (const name of tune) {
  const held = examples.filter((e) => e.folder === name);
  const fold = fit(examples.filter((e) => e.folder !== name));
  const n = referenceSize.get(name) ?? 0;
  const p = asProduct(fold);
  const byHand = precisionAtN(held, (e) => e.score, n);
  const byModel = precisionAtN(held, (e) => predict(fold, e.features), n);
  hand += byHand / tune.length;
  model += byModel / tune.length;
  line([name, p.score.toFixed(2), p.recall.toFixed(2), p.reach.toFixed(2), byHand.toFixed(3), byModel.toFixed(3)]);
}
line(["mean", "", "", "", hand.toFixed(3), model.toFixed(3)]);
const all = asProduct(fit(examples));
line(["every tune folder", all.score.toFixed(2), all.recall.toFixed(2), all.reach.toFixed(2), "", ""]);
line(["committed (build.ts)", "1", COMMITTED.recallExponent.toFixed(2), COMMITTED.reachSharpness.toFixed(2), "", ""]);
console.log(`\n${examples.length} days, ${examples.filter((e) => e.label === 1).length} in the references.`);
