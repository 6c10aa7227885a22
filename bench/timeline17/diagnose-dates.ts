/**
 * `npx tsx bench/timeline17/diagnose-dates.ts [folder…]` (default: the dev-tune folders): for each
 * folder, the reference days the CLI's protocol timeline misses and the days it picks that are not
 * in the reference, each with the counts a date ranker could use: reports naming the day before,
 * on and after it (docs published later / same day / earlier), and reports published that day.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openCorpus } from "../../src/sitrep.js";
import { mentionsByPassage } from "../../src/timeline/mentions.js";
import { NEVER_GIVE_WAY } from "../../src/time-slice.js";
import { isTuneFolder, listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { protocolInput, protocolTimeline } from "./protocol-timeline.js";

const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-diagnose-"));
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const folders = named.length > 0 ? named : listFolders(datasetDir).filter(isTuneFolder);

interface Counts {
  later: number;
  same: number;
  earlier: number;
  published: number;
  head: number;
  sentsLater: number;
  sentsSame: number;
  sentsEarlier: number;
}

for (const name of folders) {
  const folder = loadFolder(datasetDir, name);
  const { corpusDir, since, until } = protocolInput(folder);
  const opened = await openCorpus({ corpusDir, dataDir });
  const mentions = await mentionsByPassage(opened.corpus, NEVER_GIVE_WAY);
  const counts = new Map<string, Counts>();
  const countsOf = (day: string): Counts => {
    let c = counts.get(day);
    if (!c)
      counts.set(
        day,
        (c = { later: 0, same: 0, earlier: 0, published: 0, head: 0, sentsLater: 0, sentsSame: 0, sentsEarlier: 0 }),
      );
    return c;
  };
  const named = new Map<string, Set<string>>();
  for (const [id, list] of [...mentions].entries()) {
    const passage = opened.corpus.passages.at(id);
    for (const mention of list ?? []) {
      if (mention.precision !== "day" || !passage?.date) continue;
      const c = countsOf(mention.date);
      if (passage.date > mention.date) c.sentsLater++;
      else if (passage.date === mention.date) c.sentsSame++;
      else c.sentsEarlier++;
      const key = `${mention.date}|${passage.reportId}`;
      if (named.has(key)) continue;
      named.set(key, new Set());
      if (mention.start === 0) c.head++;
      if (passage.date > mention.date) c.later++;
      else if (passage.date === mention.date) c.same++;
      else c.earlier++;
    }
  }
  for (const report of opened.corpus.reports) if (report.date) countsOf(report.date).published++;
  const timeline = await protocolTimeline(folder, dataDir, 1);
  const picked = new Set(timeline.events.map((e) => e.date));
  const gold = new Set(folder.reference.map((d) => d.date));
  const show = (day: string) => {
    const c = counts.get(day) ?? {
      later: 0,
      same: 0,
      earlier: 0,
      published: 0,
      head: 0,
      sentsLater: 0,
      sentsSame: 0,
      sentsEarlier: 0,
    };
    return `${day}  later ${c.later}  same ${c.same}  earlier ${c.earlier}  published ${c.published}  head ${c.head}`;
  };
  if (process.argv.includes("--dump")) {
    const gold1 = new Set(folder.reference.map((d) => d.date));
    const rows = [...counts.entries()]
      .filter(([d]) => d >= since && d <= until)
      .map(([d, c]) => ({ day: d, gold: gold1.has(d), ...c }));
    process.stderr.write(`${JSON.stringify({ folder: name, n: folder.reference.length, rows })}\n`);
  }
  const inSpan = [...counts.entries()].filter(([d]) => d >= since && d <= until);
  const withHead = inSpan.filter(([, c]) => c.head > 0);
  const gold0 = new Set(folder.reference.map((d) => d.date));
  process.stdout.write(
    `\n${name}: ${withHead.length} days named at a sentence's head, ${withHead.filter(([d]) => gold0.has(d)).length} of them reference days; ${inSpan.length} days with evidence, ${inSpan.filter(([d]) => gold0.has(d)).length} reference`,
  );
  process.stdout.write(`\n${name} (${gold.size} reference days, ${since}..${until})\n`);
  process.stdout.write(
    `  missed:\n${[...gold]
      .filter((d) => !picked.has(d))
      .map((d) => `    ${show(d)}`)
      .join("\n")}\n`,
  );
  process.stdout.write(
    `  wrong:\n${[...picked]
      .filter((d) => !gold.has(d))
      .sort()
      .map((d) => `    ${show(d)}`)
      .join("\n")}\n`,
  );
}
rmSync(dataDir, { recursive: true, force: true });
