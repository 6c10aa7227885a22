/** Short headlines for chart labels, cut from an event's verbatim quote. */

export const HEADLINE_MAX = 56;
const ELLIPSIS = "…";

/**
 * The start of `quote`, cut at a word boundary so it is at most `max` characters (ellipsis included).
 * Whitespace runs become one space; a cut drops the dangling punctuation before the ellipsis. The words
 * kept are the quote's own, so a label never says more than the report does.
 */
export function shortHeadline(quote: string, max = HEADLINE_MAX): string {
  const text = quote.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const room = Math.max(1, max - ELLIPSIS.length);
  const cut = text.slice(0, room + 1);
  const space = cut.lastIndexOf(" ");
  // A single word longer than the room is cut mid-word rather than dropped.
  const kept = space >= room / 2 ? cut.slice(0, space) : text.slice(0, room);
  return `${kept.replace(/[\s,;:–—-]+$/u, "")}${ELLIPSIS}`;
}
