import type { Span } from "../../corpus/types.js";

/**
 * Markdown for text we did not write (report text, titles, questions). Every markdown character is
 * escaped with a backslash, which Discord renders invisibly before any ASCII punctuation, the backslash
 * itself included, so a report containing `\*` cannot reopen the markdown it tried to escape. One rule
 * for every character, rather than discord.js's `escapeMarkdown` (one option per construct), because it
 * is easy to check, and covers what `escapeMarkdown` leaves alone by default: `<@…>` mentions, masked
 * links, headings. `@everyone` and `@here` are broken up besides.
 */

/** Characters that start markdown anywhere in a line (`#`, `>` only at a line start, but rare in news). */
const INLINE_SPECIAL = new Set(["\\", "*", "_", "~", "|", "`", "<", "[", "]", "#", ">"]);
export const ELLIPSIS = "…";
/** Keeps the text readable while making sure `@everyone`/`@here` can never look like, or be, a ping. */
const ZERO_WIDTH_SPACE = "\u200b";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces unpaired surrogates (only malformed input has them) with U+FFFD; offsets stay the same. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** Collapses every run of whitespace (newlines included) to one space, so text never starts a new line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}

/**
 * Escapes text for use inside one line of markdown. `atLineStart` also escapes list and heading markers
 * that only mean something at the start of a line.
 */
export function escapeText(text: string, atLineStart = false): string {
  let out = "";
  for (const ch of text) out += INLINE_SPECIAL.has(ch) ? `\\${ch}` : ch;
  out = out.replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`);
  if (atLineStart) out = out.replace(/^(\s*)([-+])(?=\s)/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
  return out;
}

/** Text we did not write, echoed in a message: one line, escaped, at most `max` characters once escaped. */
export function quoteUserInput(text: string, max = 80): string {
  return renderHighlightedWithin(text, [], max).text;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Largest index ≤ `at` that does not split a surrogate pair. */
export function codePointBoundary(text: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= text.length) return text.length;
  return isHighSurrogate(text.charCodeAt(at - 1)) ? at - 1 : at;
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

interface Segment {
  text: string;
  bold: boolean;
}

/** Sorted, clipped, merged spans: overlapping or touching spans become one bold run. */
function normaliseSpans(spans: readonly Span[], length: number): Span[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, Math.min(s.start, length)), end: Math.max(0, Math.min(s.end, length)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function segmentsOf(raw: string, spans: readonly Span[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const span of normaliseSpans(spans, raw.length)) {
    // Span offsets are UTF-16 indexes; never let one split a surrogate pair.
    const start = codePointBoundary(raw, span.start);
    const end = codePointBoundary(raw, span.end);
    if (end <= at) continue;
    const last = out[out.length - 1];
    if (start <= at && last?.bold) {
      // Moving a span off a surrogate pair can make it touch the previous one: `**a****b**` must not happen.
      last.text += raw.slice(at, end);
      at = end;
      continue;
    }
    if (start < at) continue;
    if (start > at) out.push({ text: raw.slice(at, start), bold: false });
    out.push({ text: raw.slice(start, end), bold: true });
    at = end;
  }
  if (at < raw.length) out.push({ text: raw.slice(at), bold: false });
  return out;
}

/**
 * Renders verbatim text on one line with the given spans in bold. Whitespace at the edges of a bold run
 * is moved outside the `**` (Discord does not bold `** word**`), and empty runs are dropped, so the
 * output always has balanced markers.
 */
export function renderHighlighted(input: string, spans: readonly Span[], atLineStart = false): string {
  const raw = wellFormed(input);
  let out = "";
  let pendingSpace = false;
  const push = (text: string, bold: boolean): void => {
    const line = oneLine(text);
    const lead = line.startsWith(" ");
    const body = line.trim();
    if (lead) pendingSpace = out !== "";
    if (body !== "") {
      if (pendingSpace) out += " ";
      const escaped = escapeText(body, atLineStart && out === "");
      out += bold ? `**${escaped}**` : escaped;
      pendingSpace = line.endsWith(" ");
    }
  };
  for (const segment of segmentsOf(raw, spans)) push(segment.text, segment.bold);
  return out;
}

/**
 * `renderHighlighted`, cut so the result (ellipsis included) is at most `max` characters. The cut is
 * made in the raw text at a sentence or word boundary, before escaping, so it can never split an
 * escape sequence or leave a `**` open.
 */
export function renderHighlightedWithin(
  input: string,
  spans: readonly Span[],
  max: number,
  atLineStart = false,
): { text: string; truncated: boolean } {
  const raw = wellFormed(input);
  const full = renderHighlighted(raw, spans, atLineStart);
  if (full.length <= max) return { text: full, truncated: false };
  if (max <= ELLIPSIS.length) return { text: max >= ELLIPSIS.length ? ELLIPSIS : "", truncated: true };
  // Every non-space raw character renders as at least one character, so a fitting prefix cannot be longer.
  let cap = 0;
  let visible = 0;
  while (cap < raw.length && visible <= max) {
    if (!/\s/.test(raw[cap] ?? "")) visible++;
    cap++;
  }
  const render = (cut: number): string => {
    const text = renderHighlighted(raw.slice(0, cut), spans, atLineStart).trimEnd();
    return text === "" ? ELLIPSIS : `${text}${ELLIPSIS}`;
  };
  const boundaries = candidateCuts(raw, cap);
  // Rendered length grows with the cut, so binary search each kind of boundary for the longest that fits.
  const best = (cuts: number[]): number => {
    let lo = 0;
    let hi = cuts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const cut = cuts[mid] as number;
      if (render(cut).length <= max) {
        found = cut;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };
  const any = best(boundaries.any);
  const floor = render(Math.max(0, any)).length / 2;
  const sentence = best(boundaries.sentence);
  if (sentence > 0 && render(sentence).length >= floor) return { text: render(sentence), truncated: true };
  const word = best(boundaries.word);
  if (word > 0 && render(word).length >= floor) return { text: render(word), truncated: true };
  return { text: render(Math.max(0, any)), truncated: true };
}

function candidateCuts(raw: string, cap: number): { sentence: number[]; word: number[]; any: number[] } {
  const sentence: number[] = [];
  const word: number[] = [];
  const any: number[] = [];
  for (let i = 1; i <= cap; i++) {
    if (i < raw.length && isHighSurrogate(raw.charCodeAt(i - 1))) continue;
    any.push(i);
    const next = raw[i];
    if (next !== undefined && /\s/.test(next) && !/\s/.test(raw[i - 1] ?? "")) {
      word.push(i);
      if (SENTENCE_END.test(raw.slice(Math.max(0, i - 4), i))) sentence.push(i);
    }
  }
  return { sentence, word, any };
}

// ── Arbitrary markdown ─────────────────────────────────────────────────────────────────────────────

type Token = { kind: "text"; text: string; space: boolean; sentenceEnd: boolean } | { kind: "delimiter"; text: string };

const DELIMITERS = ["**", "__", "~~", "||", "*", "_"];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === "\\") {
      const pair = isHighSurrogate(text.charCodeAt(i + 1)) && i + 2 < text.length;
      const end = Math.min(text.length, i + (pair ? 3 : 2));
      tokens.push({ kind: "text", text: text.slice(i, end), space: false, sentenceEnd: false });
      i = end;
      continue;
    }
    if (ch === "`") {
      // A code span is atomic: escapes mean nothing inside it, so it is kept whole or dropped whole.
      const fence = text.startsWith("```", i) ? "```" : "`";
      const close = text.indexOf(fence, i + fence.length);
      const end = close < 0 ? i + fence.length : close + fence.length;
      tokens.push(
        close < 0
          ? { kind: "delimiter", text: fence }
          : { kind: "text", text: text.slice(i, end), space: false, sentenceEnd: false },
      );
      i = end;
      continue;
    }
    const delimiter = DELIMITERS.find((d) => text.startsWith(d, i));
    if (delimiter) {
      tokens.push({ kind: "delimiter", text: delimiter });
      i += delimiter.length;
      continue;
    }
    const end = isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length ? i + 2 : i + 1;
    const piece = text.slice(i, end);
    tokens.push({ kind: "text", text: piece, space: /\s/.test(piece), sentenceEnd: /[.!?…]/.test(piece) });
    i = end;
  }
  return tokens;
}

/**
 * Cuts arbitrary markdown to at most `max` characters, ellipsis included, at a sentence or word boundary
 * when one keeps at least half the text. Escape sequences, surrogate pairs and code spans are never
 * split, and every delimiter left open at the cut is closed again.
 */
export function truncateMarkdown(input: string, max: number): string {
  const text = wellFormed(input);
  if (text.length <= max) return text;
  if (max <= 0) return "";
  const tokens = tokenize(text);
  // Prefix lengths and the open delimiters after each token.
  const lengths: number[] = [0];
  const stacks: string[][] = [[]];
  let length = 0;
  let stack: string[] = [];
  for (const token of tokens) {
    length += token.text.length;
    if (token.kind === "delimiter") {
      stack = stack[stack.length - 1] === token.text ? stack.slice(0, -1) : [...stack, token.text];
    }
    lengths.push(length);
    stacks.push(stack);
    if (length > max * 2 + 16) break;
  }
  /** The end token index after dropping trailing spaces and delimiters opened right before the cut. */
  const settle = (cut: number): number => {
    let end = cut;
    for (;;) {
      const last = tokens[end - 1];
      if (!last) return end;
      if (last.kind === "text" && last.space) end--;
      else if (last.kind === "delimiter" && (stacks[end] ?? []).length > (stacks[end - 1] ?? []).length) end--;
      else return end;
    }
  };
  const closersAt = (end: number): string => [...(stacks[end] ?? [])].reverse().join("");
  const lengthAt = (end: number): number => (lengths[end] ?? 0) + closersAt(end).length + ELLIPSIS.length;
  const fits: { end: number; size: number; sentence: boolean; word: boolean }[] = [];
  for (let cut = lengths.length - 1; cut >= 0; cut--) {
    if ((lengths[cut] ?? 0) > max) continue;
    const end = settle(cut);
    const size = lengthAt(end);
    if (size > max) continue;
    const next = tokens[cut];
    const previous = tokens[cut - 1];
    const word = next?.kind === "text" && next.space;
    const sentence = word && previous?.kind === "text" && previous.sentenceEnd;
    fits.push({ end, size, sentence, word });
    if (sentence || size < max / 2) break;
  }
  const first = fits[0];
  if (!first) return max >= ELLIPSIS.length ? ELLIPSIS : "";
  const floor = first.size / 2;
  const pick = fits.find((f) => f.sentence && f.size >= floor) ?? fits.find((f) => f.word && f.size >= floor) ?? first;
  return `${text.slice(0, lengths[pick.end] ?? 0)}${closersAt(pick.end)}${ELLIPSIS}`;
}
