import type { APIEmbed } from "discord.js";
import { describeDate } from "../../citation.js";
import type { Corpus, Passage, Report } from "../../corpus/types.js";
import { DESCRIPTION_BUDGET, EMBED_COLOR, titleText } from "./format.js";
import { ELLIPSIS, renderHighlighted, renderHighlightedWithin } from "./markdown.js";
import type { ReplyData } from "./reply.js";

/** Sentences shown on each side of a quote by "Show context". */
export const CONTEXT_RADIUS = 2;

function paragraphs(report: Report, from: number, to: number, quoted: Set<number>): string[] {
  const out: string[] = [];
  let current: Passage[] = [];
  const flush = () => {
    if (current.length === 0) return;
    // One paragraph, rendered as one line with the quoted sentences in bold.
    const first = current[0] as Passage;
    const raw = report.text.slice(first.start, (current[current.length - 1] as Passage).end);
    const spans = current
      .filter((p) => quoted.has(p.id))
      .map((p) => ({ start: p.start - first.start, end: p.end - first.start }));
    out.push(renderHighlighted(raw, spans, true));
    current = [];
  };
  for (let ordinal = from; ordinal <= to; ordinal++) {
    const passage = report.passages.at(ordinal);
    if (!passage) continue;
    const previous = current[current.length - 1];
    if (previous && previous.paragraph !== passage.paragraph) flush();
    current.push(passage);
  }
  flush();
  return out;
}

/**
 * The sentences around a quote, from the same report, with the quote in bold. Null when the passages do
 * not exist (or belong to different reports), which the caller reports as an expired button.
 */
export function renderContext(corpus: Corpus, firstId: number, lastId: number): ReplyData | null {
  const first = corpus.passages.at(firstId);
  const last = corpus.passages.at(lastId);
  if (!first || !last || first.reportId !== last.reportId || last.ordinal < first.ordinal) return null;
  const report = corpus.reports.find((r) => r.id === first.reportId);
  if (!report) return null;
  const quoted = new Set(report.passages.slice(first.ordinal, last.ordinal + 1).map((p) => p.id));
  let description = "";
  for (let radius = CONTEXT_RADIUS; radius >= 0; radius--) {
    const from = Math.max(0, first.ordinal - radius);
    const to = Math.min(report.passages.length - 1, last.ordinal + radius);
    const before = from > 0 ? `${ELLIPSIS} ` : "";
    const after = to < report.passages.length - 1 ? ` ${ELLIPSIS}` : "";
    description = `${before}${paragraphs(report, from, to, quoted).join("\n\n")}${after}`;
    if (description.length <= DESCRIPTION_BUDGET) break;
  }
  if (description.length > DESCRIPTION_BUDGET) {
    // Even the quote alone is too long: cut it like any other quote.
    const raw = report.text.slice(first.start, last.end);
    description = renderHighlightedWithin(raw, [{ start: 0, end: raw.length }], DESCRIPTION_BUDGET, true).text;
  }
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: `Context — ${titleText(report.title, 200)}`,
    description,
    footer: { text: `${describeDate(report.date, report.dateSource)} · ${report.file} · quoted sentences in bold` },
  };
  return { embeds: [embed], ephemeral: true };
}
