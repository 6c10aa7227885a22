/**
 * What a person typed in Discord, as the words it says: Discord's markup read as text would give a
 * question terms no report holds ("pepethink", a user's snowflake, "https", "www") or hide its first
 * word from the question type ("**when** was …"), and an unknown term weighs what a name no report
 * has weighs, so the answer was "No report covers this." A timestamp tag is a date and stays one.
 */

/** `<t:1279152000>` or `<t:1279152000:D>`: a moment, shown in each reader's own time zone. */
const TIMESTAMP = /<t:(-?\d{1,13})(?::[tTdDfFR])?>/g;
/** Custom emoji, user, role and channel mentions, and command mentions: `<:name:id>`, `<a:name:id>`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>`, `</ask:id>`. */
const TAGS = /<(?:a?:\w{2,32}:\d{15,21}|@[!&]?\d{15,21}|#\d{15,21}|\/[\w -]{1,100}:\d{15,21})>/g;
const URL = /<?\bhttps?:\/\/[^\s<>]+>?/gi;
/** Bold, italic with underscores, strikethrough, spoiler and code markers; a quote or heading marker at a line's start. */
const MARKERS = /\*+|__|~~|\|\||`+/g;
const LINE_MARKERS = /^\s*(?:>>>|>|#{1,3}|-#)\s+/gm;

export function plainText(content: string): string {
  return content
    .replace(TIMESTAMP, (_tag, seconds: string) => {
      const day = new Date(Number(seconds) * 1000);
      return Number.isNaN(day.getTime()) ? " " : day.toISOString().slice(0, 10);
    })
    .replace(TAGS, " ")
    .replace(URL, " ")
    .replace(MARKERS, "")
    .replace(LINE_MARKERS, "")
    .replace(/\s+/g, " ")
    .trim();
}
