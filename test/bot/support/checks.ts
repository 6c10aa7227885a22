import type { ReplyData } from "../../../src/bot/render/reply.js";
import { limitProblems } from "../../../src/bot/render/reply.js";

/**
 * An independent balance check for Discord markdown, written differently from the bot's truncation on
 * purpose: scan once, skip escapes and complete code spans, count each delimiter kind; every count must
 * be even and nothing may dangle at the end.
 */
export function markdownProblem(text: string): string | null {
  const counts = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") {
      if (i === text.length - 1) return "dangling backslash";
      i += 2;
      continue;
    }
    if (ch === "`") {
      const fence = text.startsWith("```", i) ? "```" : "`";
      const close = text.indexOf(fence, i + fence.length);
      if (close < 0) return `unclosed ${fence}`;
      i = close + fence.length;
      continue;
    }
    const pair = text.slice(i, i + 2);
    if (pair === "**" || pair === "__" || pair === "~~" || pair === "||") {
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
      i += 2;
      continue;
    }
    if (ch === "*" || ch === "_") counts.set(ch, (counts.get(ch) ?? 0) + 1);
    i++;
  }
  for (const [delimiter, n] of counts) if (n % 2 !== 0) return `odd number of ${delimiter} (${n})`;
  return null;
}

export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every user-visible string of a message. */
export function textsOf(data: ReplyData): string[] {
  const out: string[] = [];
  if (data.content !== undefined) out.push(data.content);
  for (const embed of data.embeds ?? []) {
    if (embed.title !== undefined) out.push(embed.title);
    if (embed.description !== undefined) out.push(embed.description);
    if (embed.footer) out.push(embed.footer.text);
    if (embed.author) out.push(embed.author.name);
    for (const f of embed.fields ?? []) out.push(f.name, f.value);
  }
  for (const row of data.components ?? []) {
    for (const b of row.components) if ("label" in b && b.label) out.push(b.label);
  }
  return out;
}

/** Everything that must hold for any message Sitrep builds; empty when it does. */
export function messageProblems(data: ReplyData): string[] {
  const problems = limitProblems(data);
  for (const text of textsOf(data)) {
    const md = markdownProblem(text);
    if (md) problems.push(`${md} in ${JSON.stringify(text.slice(0, 120))}`);
    if (LONE_SURROGATE.test(text)) problems.push(`split surrogate pair in ${JSON.stringify(text.slice(0, 60))}`);
    if (/@(everyone|here)/.test(text)) problems.push("a raw @everyone/@here");
    if (/<[@#]|<t:/.test(text.replace(/\\[\s\S]/g, ""))) problems.push("an unescaped mention or timestamp");
  }
  return problems;
}
