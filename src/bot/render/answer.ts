import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { describeDate, inQuotationMarks } from "../../citation.js";
import type { Answer, Excerpt } from "../../search/answer.js";
import { NO_ANSWER_MESSAGE } from "../../search/answer.js";
import {
  type ButtonIds,
  clampPage,
  contextRow,
  DESCRIPTION_BUDGET,
  EMBED_COLOR,
  pageFooter,
  pagerRow,
  rangeLine,
  titleText,
} from "./format.js";
import { quoteUserInput, renderHighlightedWithin } from "./markdown.js";
import type { ReplyData } from "./reply.js";
import { counted } from "../../counted.js";

export const EXCERPTS_PER_PAGE = 3;
export const NEAR_MISS_LABEL = "Closest passages (not answers)";

export interface AnswerView {
  answer: Answer;
  /** The question as the user wrote it. */
  question: string;
  /** Title of the report the question was restricted to, if any. */
  sourceTitle: string | null;
  page: number;
  ids: ButtonIds;
}

export function answerPages(answer: Answer): number {
  return Math.max(1, Math.ceil(answer.results.length / EXCERPTS_PER_PAGE));
}

/** A quote block: number, quoted text with matched words in bold, then its source and date. */
function excerptBlock(excerpt: Excerpt, label: string, budget: number): string {
  const meta = `— ${titleText(excerpt.title)} · ${describeDate(excerpt.date, excerpt.dateSource)}`;
  const room = Math.max(60, budget - meta.length - label.length - 4);
  const quote = renderHighlightedWithin(excerpt.text, excerpt.highlights, room).text;
  return `${label}${inQuotationMarks(quote, excerpt.text)}\n${meta}`;
}

function blocks(excerpts: Excerpt[], labels: string[], budget: number): string {
  const each = Math.floor(budget / Math.max(1, excerpts.length)) - 2;
  return excerpts.map((e, i) => excerptBlock(e, labels[i] ?? "", each)).join("\n\n");
}

export function renderAnswer(view: AnswerView): ReplyData {
  const { answer } = view;
  const pages = answerPages(answer);
  const page = clampPage(view.page, pages);
  const header: string[] = [];
  const range = rangeLine(answer.range.since, answer.range.until, answer.range.phrase);
  if (range) header.push(range);
  if (view.sourceTitle) header.push(`Only in: ${titleText(view.sourceTitle)}`);
  if (answer.results.length > 0 && answer.message) header.push(quoteUserInput(answer.message, 300));
  if (answer.disagreement) header.push(quoteUserInput(answer.disagreement, 400));
  const head = header.length > 0 ? `${header.join("\n")}\n\n` : "";
  const budget = DESCRIPTION_BUDGET - head.length;
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  let description: string;
  let footer: string;

  if (answer.results.length === 0) {
    const message = quoteUserInput(answer.message ?? NO_ANSWER_MESSAGE, 300);
    description = `${head}${message}`;
    if (answer.nearMisses.length > 0) {
      const intro = `\n\n**${NEAR_MISS_LABEL}**\n`;
      const labels = answer.nearMisses.map(() => "• ");
      description += intro + blocks(answer.nearMisses, labels, budget - message.length - intro.length);
    }
    footer = "Quotes are verbatim; dates are publication dates.";
  } else {
    const start = page * EXCERPTS_PER_PAGE;
    const shown = answer.results.slice(start, start + EXCERPTS_PER_PAGE);
    const labels = shown.map((_, i) => `**${start + i + 1}.** `);
    description = head + blocks(shown, labels, budget);
    const count = answer.results.length;
    footer = pageFooter(page, pages, `${counted(count, "quote")} · verbatim, with publication dates`);
    const context = contextRow(
      "ask",
      shown.flatMap((e, i) =>
        e.passageIds.length === 0
          ? []
          : [{ n: start + i + 1, first: Math.min(...e.passageIds), last: Math.max(...e.passageIds) }],
      ),
      view.ids,
    );
    if (context) rows.push(context);
  }
  const pager = pagerRow("ask", page, pages, view.ids);
  if (pager) rows.push(pager);
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: quoteUserInput(view.question, 240),
    description,
    footer: { text: footer },
  };
  return { embeds: [embed], components: rows };
}
