import type { Corpus, Passage, Report } from "../corpus/types.js";
import { findTemporalMentions, type TemporalMention } from "../temporal/index.js";

/**
 * Temporal mentions of every passage, resolved against its report's publication date. Computed once
 * per corpus object and cached: the bot and the digests ask for timelines over the same corpus.
 */
export interface PassageMention {
  passage: Passage;
  mention: TemporalMention;
}

const cache = new WeakMap<Corpus, PassageMention[][]>();

export function mentionsByPassage(corpus: Corpus): PassageMention[][] {
  const cached = cache.get(corpus);
  if (cached) return cached;
  const reports = new Map<string, Report>(corpus.reports.map((r) => [r.id, r]));
  const all = corpus.passages.map((passage) => {
    const report = reports.get(passage.reportId);
    if (!report) return [];
    const text = report.text.slice(passage.start, passage.end);
    return findTemporalMentions(text, passage.date).map((mention) => ({ passage, mention }));
  });
  cache.set(corpus, all);
  return all;
}
