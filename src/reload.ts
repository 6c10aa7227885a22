import { type CorpusFiles, prepareLineOwners, readCorpusFiles, updateCorpus } from "./corpus/load.js";
import type { Corpus, Rejection } from "./corpus/types.js";
import { PassageDirectory } from "./corpus/passages.js";
import {
  type OpenedCorpus,
  type OpenOptions,
  buildCorpus,
  defaultLogger,
  saveSnapshot,
  snapshotPathFor,
} from "./sitrep.js";
import { updateMentions } from "./mentions.js";
import { NEVER_GIVE_WAY, type Slicer } from "./time-slice.js";
import { campaignStart, inferPublicationDates, withoutInferredDate } from "./timeline/infer.js";

/**
 * Reloading a served corpus at the cost of what changed (see docs/design.md, "Live reload"):
 * unchanged files are neither read nor hashed, only new and changed reports are parsed and
 * indexed, and the corpus-wide steps (duplicates, repeated boilerplate, inferred dates, the
 * spelling map) are brought up to date from what they were.
 */

function sameRejections(a: readonly Rejection[], b: readonly Rejection[]): boolean {
  return a.length === b.length && a.every((r, i) => r.file === b[i]?.file && r.reason === b[i]?.reason);
}

/**
 * The corpus as the folder holds it now, made from `previous`; an unchanged folder returns
 * `previous` itself, so a scan that finds nothing new costs a stat per file. A changed alias file
 * or size limit changes every report's analysis: then everything is parsed and indexed again.
 * Long loops give way through `slicer`.
 */
export async function reopenCorpus(
  previous: OpenedCorpus,
  options: OpenOptions,
  slicer: Slicer = NEVER_GIVE_WAY,
): Promise<OpenedCorpus> {
  const logger = options.logger ?? defaultLogger();
  const known = new Map(previous.files.files.map((f) => [f.file, f]));
  const read = await readCorpusFiles(options.corpusDir, options, known, slicer);
  if (read.hash === previous.files.hash && sameRejections(read.rejected, previous.files.rejected)) {
    // Nothing changed (the watcher's first pass after a start): the time to get ready for a change.
    await prepareLineOwners(previous.corpus, slicer);
    await previous.index.prepareReload(slicer);
    return previous;
  }
  const snapshotFile = options.dataDir ? snapshotPathFor(options.dataDir, options.corpusDir) : null;
  if (read.aliasSource !== previous.files.aliasSource) return buildCorpus(read, snapshotFile, logger);
  const opened = await updateOpened(previous, read, slicer);
  if (snapshotFile) await saveSnapshot(snapshotFile, opened, logger, slicer);
  return opened;
}

/** `previous` brought up to `read` (same folder, aliases and limits): see the module comment. */
export async function updateOpened(previous: OpenedCorpus, read: CorpusFiles, slicer: Slicer): Promise<OpenedCorpus> {
  const { corpus, rebuilt } = await updateCorpus(previous.corpus, read, slicer);
  const redated = inferDatesAgain(previous.corpus, corpus, rebuilt);
  const previousReport = (id: string) => previous.index.report(id);
  await updateMentions(previous.corpus, previousReport, corpus, new Set([...rebuilt, ...redated]), slicer);
  const index = await previous.index.updated(corpus, rebuilt, slicer);
  return { corpus, index, fromSnapshot: false, files: read };
}

/**
 * Inferred publication dates after a reload, as a full load would infer them: new and rebuilt
 * undated reports get theirs; when the reports now agree on another campaign start, every undated
 * report is inferred again (copies: the served corpus keeps its own). Returns the ids of reports
 * whose dates were inferred again.
 */
function inferDatesAgain(previous: Corpus, next: Corpus, rebuilt: ReadonlySet<string>): Set<string> {
  const redated = new Set<string>();
  if (!next.reports.some((r) => r.dateSource === "none" || r.dateSource === "inferred")) return redated;
  if (campaignStart(previous) === campaignStart(next)) {
    inferPublicationDates(next, rebuilt);
    return redated;
  }
  next.reports.forEach((report, i) => {
    if (report.dateSource !== "none" && report.dateSource !== "inferred") return;
    next.reports[i] = withoutInferredDate(report);
    redated.add(report.id);
  });
  next.passages = PassageDirectory.of(
    next.reports.map((r) => r.passages),
    next.passages.length,
  );
  inferPublicationDates(next);
  return redated;
}
