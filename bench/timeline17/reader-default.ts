/**
 * `npx tsx bench/timeline17/reader-default.ts [--entries]`: how many of the reader's default
 * timeline's entries (`timeline --corpus <folder>/reports`, days first, sized to the story's span)
 * fall on a day of the folder's reference timeline, per folder and per split, beside the protocol's
 * day ranking cut to as many entries. A proxy for "key days, not filler", read with the entries
 * themselves (`--entries`: `*` on a reference day, `~` within a day of one, `m` a week or month);
 * docs/timeline-judgements.md records the readings.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../../src/sitrep.js";
import { NEVER_GIVE_WAY } from "../../src/time-slice.js";
import { buildTimeline } from "../../src/timeline/build.js";
import { daysBetween } from "../../src/temporal/index.js";
import type { Timeline } from "../../src/timeline/types.js";
import { isTuneFolder, listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { textTable } from "../text-table.js";

const showEntries = process.argv.includes("--entries");
const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-reader-default-"));

interface Share {
  entries: number;
  onReference: number;
  withinADay: number;
  coarser: number;
}

function share(timeline: Timeline, reference: readonly string[]): Share {
  const gold = new Set(reference);
  const near = (day: string) => reference.some((g) => Math.abs(daysBetween(g, day)) <= 1);
  const s: Share = { entries: timeline.events.length, onReference: 0, withinADay: 0, coarser: 0 };
  for (const e of timeline.events) {
    if (e.precision !== "day") s.coarser++;
    else if (gold.has(e.date)) s.onReference++;
    else if (near(e.date)) s.withinADay++;
    if (showEntries) {
      const mark = e.precision !== "day" ? "m" : gold.has(e.date) ? "*" : near(e.date) ? "~" : " ";
      console.log(`  ${e.date.padEnd(10)} ${mark} ${e.quote.slice(0, 140)}`);
    }
  }
  return s;
}

const rows: string[][] = [];
const averages: string[][] = [];
for (const split of ["tune", "held out"] as const) {
  const folders = listFolders(datasetDir).filter((f) => isTuneFolder(f) === (split === "tune"));
  const zero = () => ({ on: 0, near: 0, coarser: 0, entries: 0 });
  const sums = { reader: zero(), protocol: zero() };
  for (const name of folders) {
    const folder = loadFolder(datasetDir, name);
    const opened = await openCorpus({ corpusDir: path.join(folder.dir, "reports"), dataDir });
    const reference = folder.reference.map((d) => d.date);
    if (showEntries) console.log(`${name}, the reader's default:`);
    const reader = share(await buildTimeline(opened, {}, NEVER_GIVE_WAY), reference);
    const size = { dates: Math.max(1, reader.entries), granularity: "day" as const };
    if (showEntries) console.log(`${name}, the protocol's days:`);
    const protocolShare = share(await buildTimeline(opened, size, NEVER_GIVE_WAY), reference);
    for (const [which, s] of [
      ["reader", reader],
      ["protocol", protocolShare],
    ] as const) {
      const sum = sums[which];
      sum.on += s.onReference / Math.max(1, s.entries);
      sum.near += (s.onReference + s.withinADay) / Math.max(1, s.entries);
      sum.coarser += s.coarser;
      sum.entries += s.entries;
    }
    rows.push([
      split,
      name,
      String(reader.entries),
      `${reader.onReference} / ${reader.withinADay} / ${reader.coarser}`,
      `${protocolShare.onReference} / ${protocolShare.withinADay}`,
    ]);
  }
  for (const which of ["reader", "protocol"] as const) {
    const { on, near, coarser, entries } = sums[which];
    averages.push([
      split,
      which === "reader" ? "reader's default" : "protocol's days, as many",
      (on / folders.length).toFixed(3),
      (near / folders.length).toFixed(3),
      `${coarser} of ${entries}`,
    ]);
  }
}
console.log(
  textTable(
    ["split", "folder", "entries", "reader: on a reference day / within one / coarser", "protocol: on / within"],
    rows,
  ),
);
console.log();
console.log(textTable(["split", "timeline", "on a reference day", "within a day", "weeks and months"], averages));
