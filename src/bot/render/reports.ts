import type { APIEmbed } from "discord.js";
import { describeDate } from "../../citation.js";
import type { Corpus } from "../../corpus/types.js";
import {
  type ButtonIds,
  clampPage,
  DESCRIPTION_BUDGET,
  EMBED_COLOR,
  pageFooter,
  pagerRow,
  titleText,
} from "./format.js";
import { quoteUserInput } from "./markdown.js";
import type { ReplyData } from "./reply.js";
import { counted } from "../../counted.js";

export const REPORT_LINES_PER_PAGE = 10;

/** One line per report, then one per file that was not loaded, paged together. */
function lines(corpus: Corpus): string[] {
  const out = corpus.reports.map((r, i) => {
    const passages = counted(r.passages.length, "passage");
    const warnings = r.warnings.length > 0 ? ` · ${counted(r.warnings.length, "warning")}` : "";
    return `**${i + 1}.** ${titleText(r.title, 120)} — ${describeDate(r.date, r.dateSource)} · ${passages}${warnings}`;
  });
  corpus.rejected.forEach((r, i) => {
    const heading = i === 0 ? "**Not loaded**\n" : "";
    out.push(`${heading}✗ ${quoteUserInput(r.file, 120)} — ${quoteUserInput(r.reason, 250)}`);
  });
  return out;
}

/** Up to REPORT_LINES_PER_PAGE lines a page, fewer when long lines would overflow the embed. */
function paginate(all: string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let size = 0;
  for (const line of all) {
    if (page.length >= REPORT_LINES_PER_PAGE || (page.length > 0 && size + line.length + 1 > PAGE_BUDGET)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(line);
    size += line.length + 1;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

const PAGE_BUDGET = DESCRIPTION_BUDGET - 200;

export function renderReports(corpus: Corpus, page: number, ids: ButtonIds): ReplyData {
  const paged = paginate(lines(corpus));
  const pages = Math.max(1, paged.length);
  const current = clampPage(page, pages);
  const shown = paged[current] ?? [];
  const count = corpus.reports.length;
  const rejected = corpus.rejected.length;
  const notLoaded = rejected > 0 ? `, ${counted(rejected, "file")} not loaded` : "";
  const summary = `${counted(count, "report")}${notLoaded}`;
  const body =
    shown.length > 0 ? shown.join("\n") : "No reports are loaded. Add .txt or .md files to the corpus folder.";
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: "Reports",
    description: `${summary}\n\n${body}`,
    footer: { text: pageFooter(current, pages, "publication date · sentences indexed") },
  };
  const pager = pagerRow("reports", current, pages, ids);
  return { embeds: [embed], components: pager ? [pager] : [] };
}
