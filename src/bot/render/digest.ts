import type { APIEmbed } from "discord.js";
import { describeDate, inQuotationMarks } from "../../citation.js";
import { type Digest, type DigestReport, digestHeadline, formatInstant } from "../../digest/build.js";
import type { Delivery } from "../../digest/store.js";
import type { SubscriptionView } from "../../digest/service.js";
import type { TimelineEvent } from "../../timeline/types.js";
import { DESCRIPTION_BUDGET, EMBED_COLOR, titleText } from "./format.js";
import { quoteUserInput, renderHighlightedWithin, truncateMarkdown } from "./markdown.js";
import type { ReplyData } from "./reply.js";
import { eventDate, TIMELINE_PICTURE } from "./timeline.js";
import { counted } from "../../counted.js";

/**
 * Digest posts and the /digest replies, as plain message data. A digest is one or more messages, in
 * reading order: the header and the new reports (title, date, one verbatim quote each), then the
 * timeline of the events they add. Every message fits Discord's limits on its own; when the whole
 * digest would need more than `maxMessages`, the last reports (then events) are left out and counted.
 *
 * The LAST message's footer carries the run key (see src/digest/transport.ts): finding it in the
 * channel proves the whole digest was posted, since parts are sent in order.
 */

export const DEFAULT_MAX_DIGEST_MESSAGES = 10;
/** Per report: the title and the quote are cut well below a description, so blocks pack densely. */
const TITLE_MAX = 200;
const QUOTE_MAX = 500;
const EVENT_QUOTE_MAX = 300;
const PART = /^Part (\d+)\/(\d+)\b/;

export interface DigestRenderOptions {
  /** The subscription's zone, for the window's times. Default UTC. */
  timeZone?: string;
  /** The run key for the last message's footer; null for a preview. */
  runKey?: string | null;
  /** A preview: ephemeral, titled as such, and saying nothing was posted. */
  preview?: boolean;
  maxMessages?: number;
  /** The timeline's picture (src/chart), shown on the last message; absent or null for none. */
  timelinePicture?: Buffer | null;
}

function reportBlock(report: DigestReport): string {
  const title = titleText(report.title, TITLE_MAX) || titleText(report.file, TITLE_MAX) || "Untitled report";
  const source = report.source ? ` · ${quoteUserInput(report.source, 80)}` : "";
  const head = `**${title}** — ${describeDate(report.date, report.dateSource)}${source}`;
  const quote = report.excerpt ? renderHighlightedWithin(report.excerpt.text, [], QUOTE_MAX).text : "";
  return quote && report.excerpt
    ? `${head}\n> ${inQuotationMarks(quote, report.excerpt.text)}`
    : `${head}\n> (no quotable text)`;
}

function eventBlock(event: TimelineEvent): string {
  const lead = event.sources[0];
  const quote = renderHighlightedWithin(lead?.quote ?? event.quote, [], EVENT_QUOTE_MAX).text;
  const title = lead ? titleText(lead.reportTitle, 100) : "";
  return `**${eventDate(event.date, event.precision, event.day)}** ${inQuotationMarks(quote, lead?.quote ?? event.quote)}${title ? ` — ${title}` : ""}`;
}

function headerBlock(digest: Digest, timeZone: string): string {
  return digestHeadline(digest, timeZone, (topic) => quoteUserInput(topic, 200)).join("\n");
}

/** Blocks into descriptions of at most `budget` characters, in order, never splitting a block. */
export function packBlocks(blocks: readonly string[], budget = DESCRIPTION_BUDGET): string[] {
  const pages: string[] = [];
  let page = "";
  for (const raw of blocks) {
    if (raw === "") continue;
    // Blocks are built to fit; this only guards against a future block that does not.
    const block = truncateMarkdown(raw, budget);
    if (page !== "" && page.length + 2 + block.length > budget) {
      pages.push(page);
      page = block;
    } else {
      page = page === "" ? block : `${page}\n\n${block}`;
    }
  }
  if (page !== "") pages.push(page);
  return pages;
}

interface Blocks {
  header: string;
  reports: string[];
  /** Reports beyond `reports`, already left out by buildDigest. */
  more: number;
  events: string[];
}

function layout(blocks: Blocks, reports: number, events: number): string[] {
  const out = [blocks.header, ...blocks.reports.slice(0, reports)];
  const more = blocks.reports.length - reports + blocks.more;
  if (more > 0) out.push(`…and ${counted(more, "more new report")}.`);
  const shown = blocks.events.slice(0, events);
  if (shown.length > 0) {
    // The heading travels with the first event, so it never ends a message on its own.
    shown[0] = `**Timeline of the events they add**\n${shown[0]}`;
    if (blocks.events.length > events) shown.push(`…and ${counted(blocks.events.length - events, "more event")}.`);
  }
  return packBlocks([...out, ...shown]);
}

/** A digest as the messages to post, in order. Never empty. */
export function renderDigest(digest: Digest, options: DigestRenderOptions = {}): ReplyData[] {
  const timeZone = options.timeZone ?? "UTC";
  const maxMessages = Math.max(1, options.maxMessages ?? DEFAULT_MAX_DIGEST_MESSAGES);
  const blocks: Blocks = {
    header: headerBlock(digest, timeZone),
    reports: digest.reports.map(reportBlock),
    more: digest.moreReports,
    events: (digest.timeline?.events ?? []).map(eventBlock),
  };
  let reports = blocks.reports.length;
  let events = blocks.events.length;
  let pages = layout(blocks, reports, events);
  // Too long to post: leave out the last reports first (they are counted), then the last events.
  while (pages.length > maxMessages && (reports > 1 || events > 0)) {
    if (reports > 1) reports--;
    else events--;
    pages = layout(blocks, reports, events);
  }
  pages = pages.slice(0, maxMessages);

  const count = digest.reports.length + digest.moreReports;
  const title = options.preview
    ? "Preview: the next digest"
    : digest.topic
      ? `Digest: ${quoteUserInput(digest.topic, 200)}`
      : "Digest: new reports";
  const summary = options.preview
    ? "Preview · nothing was posted · quotes are verbatim"
    : `${counted(count, "new report")} · quotes are verbatim`;
  return pages.map((description, i): ReplyData => {
    const last = i === pages.length - 1;
    const part = pages.length > 1 ? `Part ${i + 1}/${pages.length}` : "";
    const key = last && options.runKey ? options.runKey : "";
    const footer = [part, last ? summary : "", key].filter(Boolean).join(" · ");
    const embed: APIEmbed = { color: EMBED_COLOR, description, footer: { text: footer } };
    if (i === 0) embed.title = title;
    if (options.preview) return { embeds: [embed], ephemeral: true };
    const picture = last && events > 0 ? options.timelinePicture : null;
    if (!picture) return { embeds: [embed] };
    embed.image = { url: `attachment://${TIMELINE_PICTURE}` };
    const alt = `The ${counted(events, "event")} on a time axis, with the number of new reports published per day`;
    return { embeds: [embed], files: [{ name: TIMELINE_PICTURE, data: picture, description: alt }] };
  });
}

/** "Part 2/3" from a digest message's footer, or null for a digest of one message. */
export function digestPartOf(footer: string): { part: number; of: number } | null {
  const match = PART.exec(footer);
  return match ? { part: Number(match[1]), of: Number(match[2]) } : null;
}

// ── /digest replies ──────────────────────────────────────────────────────────────────────────────

function where(view: SubscriptionView): string {
  // Ids are Discord snowflakes we stored ourselves; a channel mention never pings.
  return view.guildId === null ? "this conversation" : `<#${view.channelId}>`;
}

function lastRun(delivery: Delivery | null, timeZone: string): string {
  if (!delivery) return "none yet";
  const at = formatInstant(delivery.scheduledAt, timeZone);
  switch (delivery.status) {
    case "delivered":
      return `${at}, posted`;
    case "skipped":
      return `${at}, nothing new so nothing posted`;
    case "recorded":
      return `${at}, being posted`;
    case "failed":
      return `${at}, failed (${quoteUserInput(delivery.error ?? "unknown error", 200)})`;
  }
}

function subscriptionBlock(view: SubscriptionView): string {
  const topic = view.topic ? ` about “${quoteUserInput(view.topic, 120)}”` : "";
  const lines = [
    `**${quoteUserInput(view.id, 20)}** · ${quoteUserInput(view.description, 150)}${topic} · ${where(view)}`,
  ];
  if (view.status === "paused") {
    lines.push(`**Paused:** ${quoteUserInput(view.pausedReason ?? "paused.", 400)}`);
  } else {
    lines.push(
      `Next run: ${view.nextRun ? formatInstant(view.nextRun.getTime(), view.timezone) : "none (no more runs)"}`,
    );
  }
  const lastPost = view.lastPostAt ? formatInstant(view.lastPostAt, view.timezone) : "never";
  lines.push(`Last post: ${lastPost} · Last run: ${lastRun(view.lastDelivery, view.timezone)}`);
  return lines.join("\n");
}

/** /digest list: every subscription of the server or DM, in as many ephemeral messages as needed. */
export function renderSubscriptions(
  views: readonly SubscriptionView[],
  inServer: boolean,
  storeProblem: string | null = null,
): ReplyData[] {
  // A database that takes no writes is shown first: every run would fail while the list looks fine.
  const warning = storeProblem ? `⚠️ ${storeProblem}\n\n` : "";
  if (views.length === 0) {
    const here = inServer ? "this server" : "this conversation";
    return [
      {
        content:
          `${warning}No digests in ${here} yet. Start one with \`/digest subscribe schedule: daily 09:00\` ` +
          "(or `weekly monday 09:00`, or a cron expression).",
        ephemeral: true,
      },
    ];
  }
  const pages = packBlocks(views.map(subscriptionBlock), DESCRIPTION_BUDGET - warning.length);
  return pages.map((description, i) => {
    const embed: APIEmbed = { color: EMBED_COLOR, description: i === 0 ? `${warning}${description}` : description };
    if (i === 0) embed.title = `Digests in ${inServer ? "this server" : "this conversation"} (${views.length})`;
    if (i === pages.length - 1) {
      embed.footer = { text: "Times are in each digest's time zone · change one with its id" };
    }
    return { embeds: [embed], ephemeral: true };
  });
}

/** /digest subscribe's confirmation. */
export function renderSubscribed(view: SubscriptionView, { withoutPicture = false } = {}): ReplyData {
  const topic = view.topic ? ` about “${quoteUserInput(view.topic, 200)}”` : "";
  const next = view.nextRun
    ? `The first one is due ${formatInstant(view.nextRun.getTime(), view.timezone)}.`
    : "The schedule has no upcoming run.";
  return {
    content:
      `Digest **${quoteUserInput(view.id, 20)}** set up: ${quoteUserInput(view.description, 150)}${topic}, ` +
      `posted in ${where(view)}. ${next} It lists reports that arrive from now on; when nothing is new, ` +
      `nothing is posted. Use the id to pause, resume or unsubscribe.` +
      (withoutPicture
        ? " Sitrep lacks Attach Files there, so digests go without their timeline picture until it has it."
        : ""),
    ephemeral: true,
  };
}

/** Confirmation of unsubscribe, pause or resume. */
export function renderSubscriptionChange(
  action: "unsubscribed" | "paused" | "resumed",
  view: SubscriptionView,
): ReplyData {
  const id = `**${quoteUserInput(view.id, 20)}**`;
  const what = quoteUserInput(view.description, 150);
  let content: string;
  if (action === "unsubscribed") content = `Digest ${id} (${what}) stopped and removed.`;
  else if (action === "paused") content = `Digest ${id} (${what}) is paused. \`/digest resume\` starts it again.`;
  else {
    const next = view.nextRun ? ` Next run: ${formatInstant(view.nextRun.getTime(), view.timezone)}.` : "";
    content = `Digest ${id} (${what}) resumed; its next post covers everything since its last one.${next}`;
  }
  return { content, ephemeral: true };
}

/** /digest preview when nothing would be posted. */
export function renderNothingToPreview(kind: "subscription" | "topic", topic: string | null = null): ReplyData {
  const about = topic ? ` about “${quoteUserInput(topic, 200)}”` : "";
  return {
    content:
      kind === "subscription"
        ? "Nothing new since this digest's last post, so its next run would post nothing."
        : `No new report${about} arrived in the last 24 hours, so a digest would post nothing.`,
    ephemeral: true,
  };
}
