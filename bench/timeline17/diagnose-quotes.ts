/**
 * `npx tsx bench/timeline17/diagnose-quotes.ts [folder…] [--show]` (default: the dev-tune folders):
 * how good the protocol timeline's quotes are on the days it gets right, against what its candidate
 * pool held. For each picked reference day: ROUGE-1 F of the day's quotes against the reference
 * day, and of the best single sentence among the day's candidates (sentences naming the day; leads
 * of reports published that day or the day before it), split by kind. `--show` prints each day.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countWords } from "../../src/corpus/sentences.js";
import { openCorpus } from "../../src/sitrep.js";
import { shiftDay } from "../../src/temporal/index.js";
import { mentionsByPassage } from "../../src/timeline/mentions.js";
import { NEVER_GIVE_WAY } from "../../src/time-slice.js";
import { isTuneFolder, listFolders, loadFolder, resolveDatasetDir } from "./dataset.js";
import { protocolInput, protocolTimeline } from "./protocol-timeline.js";
import { rouge } from "./metrics.js";

const datasetDir = resolveDatasetDir();
const dataDir = mkdtempSync(path.join(tmpdir(), "sitrep-diagnose-"));
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const folders = named.length > 0 ? named : listFolders(datasetDir).filter(isTuneFolder);
const show = process.argv.includes("--show");
/** As build.ts: leads are a report's first sentences. */
const LEADS = 12;

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const rows: string[][] = [];
for (const name of folders) {
  const folder = loadFolder(datasetDir, name);
  const { corpusDir } = protocolInput(folder);
  const sentenceCount = folder.reference.reduce((sum, day) => sum + day.sentences.length, 0);
  const perDate = Math.max(1, Math.round(sentenceCount / Math.max(1, folder.reference.length)));
  const opened = await openCorpus({ corpusDir, dataDir });
  const mentions = await mentionsByPassage(opened.corpus, NEVER_GIVE_WAY);
  const reports = new Map(opened.corpus.reports.map((r) => [r.id, r]));
  const textOf = (id: number) => {
    const p = opened.corpus.passages.at(id);
    const r = p && reports.get(p.reportId);
    return p && r ? r.text.slice(p.start, p.end) : "";
  };
  const named = new Map<string, number[]>();
  for (const [id, list] of [...mentions].entries()) {
    const first = list?.find((m) => m.precision === "day");
    if (!first) continue;
    named.set(first.date, [...(named.get(first.date) ?? []), id]);
  }
  const leads = new Map<string, number[]>();
  for (const p of opened.corpus.passages) {
    if (!p.date || p.ordinal >= LEADS) continue;
    if ((mentions.get(p.id) ?? []).some((m) => m.precision === "day")) continue;
    for (const day of [p.date, shiftDay(p.date, -1)]) leads.set(day, [...(leads.get(day) ?? []), p.id]);
  }
  const timeline = await protocolTimeline(folder, dataDir, perDate);
  const quotes = new Map<string, string[]>();
  for (const e of timeline.events) quotes.set(e.date, [...(quotes.get(e.date) ?? []), e.quote]);
  const ours: number[] = [];
  const bestNamed: number[] = [];
  const bestLead: number[] = [];
  const ourWords: number[] = [];
  const refWords = folder.reference.flatMap((d) => d.sentences.map((s) => countWords(s)));
  const f1 = (texts: string[], ref: string[]) => rouge(texts, ref, 1).f1;
  for (const day of folder.reference) {
    const picked = quotes.get(day.date);
    if (!picked) continue;
    ours.push(f1(picked, day.sentences));
    ourWords.push(...picked.map((q) => countWords(q)));
    const best = (ids: number[]) => Math.max(0, ...ids.map((id) => f1([textOf(id)], day.sentences)));
    bestNamed.push(best(named.get(day.date) ?? []));
    bestLead.push(best(leads.get(day.date) ?? []));
    if (show) {
      process.stdout.write(`\n${name} ${day.date}\n  ref: ${day.sentences.join(" ")}\n`);
      for (const q of picked) process.stdout.write(`  ours (${f1([q], day.sentences).toFixed(2)}): ${q}\n`);
      const all = [...(named.get(day.date) ?? []), ...(leads.get(day.date) ?? [])];
      const top = all.map((id) => ({ id, f: f1([textOf(id)], day.sentences) })).sort((a, b) => b.f - a.f)[0];
      if (top) process.stdout.write(`  best (${top.f.toFixed(2)}): ${textOf(top.id)}\n`);
    }
  }
  rows.push([
    name,
    String(ours.length),
    mean(ours).toFixed(3),
    mean(bestNamed).toFixed(3),
    mean(bestLead).toFixed(3),
    mean(ourWords).toFixed(1),
    mean(refWords).toFixed(1),
  ]);
}
const header = ["folder", "days", "ours R1-F", "best naming", "best lead", "our words", "ref words"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (r: string[]) =>
  r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
process.stdout.write(`\n${line(header)}\n${rows.map(line).join("\n")}\n`);
rmSync(dataDir, { recursive: true, force: true });
