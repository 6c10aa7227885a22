import * as z from "zod";
import { parseIsoDate } from "../../temporal/calendar.js";
import type { Corpus, Report } from "../../corpus/types.js";
import { type Answer, answerQuestion, checkDateRange, validateQuestion } from "../../search/answer.js";
import type { OpenedCorpus } from "../../sitrep.js";
import { stateRoom } from "../custom-id.js";
import { UserError } from "../errors.js";
import { plainText } from "../plain-text.js";
import { type AnswerView, renderAnswer } from "../render/answer.js";
import { corpusTag } from "../render/format.js";
import { codePointBoundary, oneLine, quoteUserInput } from "../render/markdown.js";
import type { ReplyData } from "../render/reply.js";
import type { BotContext } from "../types.js";

/** /ask, DMs and mentions share this: parse, search the live corpus, render one page. */

/** Enough for three pages of three quotes. */
export const ASK_RESULT_LIMIT = 9;

export interface AskParams {
  question: string;
  since: string | null;
  until: string | null;
  /** A report id. */
  source: string | null;
}

export function dateOption(name: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const date = parseIsoDate(value.trim());
  if (!date) {
    throw new UserError(
      `\`${name}\` must be a date written YYYY-MM-DD, e.g. 2017-06-28 (got “${quoteUserInput(value, 40)}”).`,
    );
  }
  return date;
}

/** The `since` and `until` options, each a date and together a range that is not backwards. */
export function dateRange(
  rawSince: string | null | undefined,
  rawUntil: string | null | undefined,
): { since: string | null; until: string | null } {
  const since = dateOption("since", rawSince);
  const until = dateOption("until", rawUntil);
  checkDateRange(since, until);
  return { since, until };
}

/** Autocomplete values are report ids; ids too long for a choice value use a content-hash handle. */
export function sourceValue(report: Report): string {
  return report.id.length <= 100 ? report.id : `#${report.contentHash.slice(0, 16)}`;
}

/** A `source` option → report id. Accepts an autocomplete value, a report id, file name or exact title. */
export function resolveSource(corpus: Corpus, value: string | null | undefined): Report | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const wanted = value.trim();
  const lower = wanted.toLowerCase();
  const report =
    corpus.reports.find((r) => r.id === wanted || sourceValue(r) === wanted || r.file === wanted) ??
    corpus.reports.find((r) => r.title.trim().toLowerCase() === lower);
  if (!report) {
    throw new UserError(
      `No report matches source “${quoteUserInput(wanted, 60)}”. Pick one from the list as you type, or see /reports.`,
    );
  }
  return report;
}

/** Autocomplete for `source`: reports whose title or file contains what was typed, newest first. */
export function sourceChoices(corpus: Corpus, typed: string): { name: string; value: string }[] {
  const needle = typed.trim().toLowerCase();
  return corpus.reports
    .filter((r) => needle === "" || r.title.toLowerCase().includes(needle) || r.file.toLowerCase().includes(needle))
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.title.localeCompare(b.title))
    .slice(0, 25)
    .map((r) => {
      const suffix = ` · ${r.date ?? "undated"}`;
      const title = oneLine(r.title).trim() || r.file;
      // Cut on a code point: half an emoji is not valid text, and Discord refuses the whole list for it.
      const cut = codePointBoundary(title, 99 - suffix.length);
      const name = title.length + suffix.length > 100 ? `${title.slice(0, cut)}…${suffix}` : title + suffix;
      return { name, value: sourceValue(r) };
    });
}

export function askParams(
  corpus: Corpus,
  raw: { question: string; since?: string | null; until?: string | null; source?: string | null },
): AskParams {
  const question = validateQuestion(plainText(raw.question));
  const { since, until } = dateRange(raw.since, raw.until);
  return { question, since, until, source: resolveSource(corpus, raw.source)?.id ?? null };
}

/** Button state: [question, since, until, source] with trailing nulls dropped, to keep custom ids short. */
const stateSchema = z
  .tuple([z.string().min(1), z.string().nullable().optional(), z.string().nullable().optional()])
  .rest(z.string().nullable());

export function encodeAskState(params: AskParams): unknown[] {
  const values: (string | null)[] = [params.question, params.since, params.until, params.source];
  while (values.length > 1 && values[values.length - 1] === null) values.pop();
  return values;
}

export function decodeAskState(value: unknown): AskParams | null {
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) return null;
  const [question, since, until, source] = parsed.data;
  return { question, since: since ?? null, until: until ?? null, source: source ?? null };
}

export function runAsk(opened: OpenedCorpus, params: AskParams): Answer {
  return answerQuestion(opened.index, params.question, {
    limit: ASK_RESULT_LIMIT,
    since: params.since,
    until: params.until,
    reportIds: params.source ? [params.source] : null,
  });
}

export async function pause(ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs the question against the corpus being served now and renders `page`. */
export async function askReply(context: BotContext, params: AskParams, page: number): Promise<ReplyData> {
  await pause(context.workDelayMs);
  const opened = context.live.current;
  const answer = runAsk(opened, params);
  const issuedAt = context.now();
  const state = context.buttonStates.put(encodeAskState(params), stateRoom("ask", "p", "99", issuedAt), issuedAt);
  const view: AnswerView = {
    answer,
    question: params.question,
    sourceTitle: params.source ? (opened.corpus.reports.find((r) => r.id === params.source)?.title ?? null) : null,
    page,
    ids: { issuedAt, state, corpusTag: corpusTag(opened.corpus) },
  };
  return renderAnswer(view);
}
