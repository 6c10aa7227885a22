import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { truncateMarkdown } from "./markdown.js";

/** A file sent with a message (the timeline's picture); an embed shows it as `attachment://<name>`. */
export interface ReplyFile {
  name: string;
  data: Buffer;
  /** Alt text. */
  description?: string;
}

/**
 * What every response builder returns: plain API data, no client needed. The send helper turns it into
 * discord.js options (flags, allowedMentions) after `fitMessage` has applied Discord's limits.
 */
export interface ReplyData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  files?: ReplyFile[];
  /** Only the invoking user sees it (interactions only; channel messages cannot be ephemeral). */
  ephemeral?: boolean;
}

/** Discord's documented message limits. */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of every embed's title, description, field names and values, footer and author name. */
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  files: 10,
  /** Bytes per file, for a server without boosts. */
  fileBytes: 10 * 1024 * 1024,
} as const;

function embedSize(embed: APIEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncateMarkdown(out.title, LIMITS.embedTitle);
  if (out.description !== undefined) out.description = truncateMarkdown(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncateMarkdown(out.footer.text, LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncateMarkdown(out.author.name, LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({
      ...f,
      name: truncateMarkdown(f.name, LIMITS.fieldName) || "\u200b",
      value: truncateMarkdown(f.value, LIMITS.fieldValue) || "\u200b",
    }));
  }
  return out;
}

/** Shrinks an embed's description (then drops its fields) until it is at most `budget` characters. */
function shrinkEmbed(embed: APIEmbed, budget: number): APIEmbed | null {
  const out = { ...embed };
  while (embedSize(out) > budget && out.fields && out.fields.length > 0) out.fields = out.fields.slice(0, -1);
  const excess = embedSize(out) - budget;
  if (excess > 0 && out.description) {
    out.description = truncateMarkdown(out.description, Math.max(0, out.description.length - excess));
  }
  return embedSize(out) <= budget && embedSize(out) > 0 ? out : null;
}

/**
 * The last line of defence: whatever a builder produced, the result satisfies every limit above. Builders
 * are expected to fit already (and cut more gracefully); this only trims what slipped through.
 */
export function fitMessage(data: ReplyData): ReplyData {
  const out: ReplyData = { ...data };
  if (out.content !== undefined) out.content = truncateMarkdown(out.content, LIMITS.content);
  if (out.embeds) {
    const embeds: APIEmbed[] = [];
    let total = 0;
    for (const raw of out.embeds.slice(0, LIMITS.embeds)) {
      let embed = fitEmbed(raw);
      if (total + embedSize(embed) > LIMITS.embedTotal) {
        const shrunk = shrinkEmbed(embed, LIMITS.embedTotal - total);
        if (!shrunk) break;
        embed = shrunk;
      }
      total += embedSize(embed);
      embeds.push(embed);
    }
    out.embeds = embeds;
  }
  if (out.files) {
    out.files = out.files.filter((f) => f.data.length <= LIMITS.fileBytes).slice(0, LIMITS.files);
  }
  if (out.components) {
    out.components = out.components.slice(0, LIMITS.rows).map((row) => ({
      ...row,
      components: row.components
        .slice(0, LIMITS.buttonsPerRow)
        .map((button) =>
          "label" in button && button.label !== undefined
            ? { ...button, label: truncateMarkdown(button.label, LIMITS.buttonLabel) }
            : button,
        ),
    }));
  }
  return out;
}

/** Every limit `message` breaks, for tests and for a debug log line; empty when it is sendable. */
export function limitProblems(data: ReplyData): string[] {
  const problems: string[] = [];
  const check = (what: string, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) problems.push(`${what} is ${value.length} > ${max}`);
  };
  check("content", data.content, LIMITS.content);
  const embeds = data.embeds ?? [];
  if (embeds.length > LIMITS.embeds) problems.push(`${embeds.length} embeds > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((embed, i) => {
    check(`embed ${i} title`, embed.title, LIMITS.embedTitle);
    check(`embed ${i} description`, embed.description, LIMITS.embedDescription);
    check(`embed ${i} footer`, embed.footer?.text, LIMITS.footer);
    check(`embed ${i} author`, embed.author?.name, LIMITS.author);
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) problems.push(`embed ${i} has ${fields.length} fields > ${LIMITS.fields}`);
    fields.forEach((f, j) => {
      check(`embed ${i} field ${j} name`, f.name, LIMITS.fieldName);
      check(`embed ${i} field ${j} value`, f.value, LIMITS.fieldValue);
      if (f.name.length === 0 || f.value.length === 0) problems.push(`embed ${i} field ${j} is empty`);
    });
    total += embedSize(embed);
  });
  if (total > LIMITS.embedTotal) problems.push(`embeds total ${total} > ${LIMITS.embedTotal}`);
  const rows = data.components ?? [];
  if (rows.length > LIMITS.rows) problems.push(`${rows.length} rows > ${LIMITS.rows}`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > LIMITS.buttonsPerRow) problems.push(`a row has ${row.components.length} buttons`);
    for (const button of row.components) {
      if ("label" in button) check("button label", button.label, LIMITS.buttonLabel);
      if ("custom_id" in button) {
        check("custom id", button.custom_id, LIMITS.customId);
        if (ids.has(button.custom_id)) problems.push(`duplicate custom id ${button.custom_id}`);
        ids.add(button.custom_id);
      }
    }
  }
  const files = data.files ?? [];
  if (files.length > LIMITS.files) problems.push(`${files.length} files > ${LIMITS.files}`);
  for (const file of files) {
    if (file.data.length > LIMITS.fileBytes) problems.push(`file ${file.name} is ${file.data.length} bytes`);
  }
  const empty = !data.content && embeds.length === 0 && rows.length === 0 && files.length === 0;
  if (empty) problems.push("message is empty");
  return problems;
}
