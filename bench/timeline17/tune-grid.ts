/**
 * `npx tsx bench/timeline17/tune-grid.ts '[{}, {"knob": 0.5}]'`: the protocol timeline (the CLI's
 * options, through `buildTimeline`) over the dev-tune folders (GRID_SPLIT=held: the held-out ones)
 * once per variant, the corpora opened once, so an ablation's grid runs in seconds per point. A
 * variant sets the fields of an `EXPERIMENT` object that build.ts exports only while an ablation is
 * under way (none is committed); without it every variant is the committed code. Final figures come
 * from `npm run eval:timeline`.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../../src/sitrep.js";
import { NEVER_GIVE_WAY } from "../../src/time-slice.js";
import * as build from "../../src/timeline/build.js";
import { isTuneFolder, listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { alignmentRouge, dateF1 } from "./metrics.js";
import { protocolInput } from "./protocol-timeline.js";

const datasetDir = resolveDatasetDir();
const dataDir = process.env.GRID_DATA ?? mkdtempSync(path.join(tmpdir(), "sitrep-grid-"));
const which = process.env.GRID_SPLIT ?? "tune";
const folders = listFolders(datasetDir).filter((f) => isTuneFolder(f) === (which === "tune"));
const variants = JSON.parse(process.argv[2] ?? "[{}]") as Record<string, number>[];
const loaded = [];
for (const name of folders) {
  const folder = loadFolder(datasetDir, name);
  const { corpusDir, since, until } = protocolInput(folder);
  const n = folder.reference.reduce((s, d) => s + d.sentences.length, 0);
  const perDate = Math.max(1, Math.round(n / Math.max(1, folder.reference.length)));
  loaded.push({ name, folder, since, until, perDate, opened: await openCorpus({ corpusDir, dataDir }) });
}
const EXPERIMENT: Record<string, number> =
  (build as unknown as { EXPERIMENT?: Record<string, number> }).EXPERIMENT ?? {};
const defaults = { ...EXPERIMENT };
for (const variant of variants) {
  Object.assign(EXPERIMENT, defaults, variant);
  const rows: number[][] = [];
  const t0 = Date.now();
  for (const { folder, since, until, perDate, opened } of loaded) {
    const tl = await build.buildTimeline(
      opened,
      { since, until, dates: folder.reference.length, perDate, granularity: "day" },
      NEVER_GIVE_WAY,
    );
    const byDay = new Map<string, string[]>();
    for (const e of tl.events) byDay.set(e.date, [...(byDay.get(e.date) ?? []), e.quote]);
    const predicted = [...byDay].map(([date, sentences]) => ({ date, sentences }));
    rows.push([
      dateF1(
        predicted.map((d) => d.date),
        folder.reference.map((d) => d.date),
      ).f1,
      alignmentRouge(predicted, folder.reference, 1).f1,
      alignmentRouge(predicted, folder.reference, 2).f1,
    ]);
  }
  const avg = [0, 1, 2].map((i) => rows.reduce((s, r) => s + (r[i] ?? 0), 0) / rows.length);
  const per = rows.map((r) => `${(r[0] ?? 0).toFixed(2)}:${(r[1] ?? 0).toFixed(4)}`).join(" ");
  console.log(
    `${JSON.stringify(variant)}  ${avg.map((v) => v.toFixed(4)).join(" / ")}  AR1 per folder: ${per}  ${((Date.now() - t0) / 1000).toFixed(1)}s`,
  );
}
