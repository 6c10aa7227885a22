/**
 * How a quote and its report's date are written, by every front end (the CLI, the bot's replies,
 * the digests), so that they cannot drift apart.
 */

/** A report's publication date as a reader sees it: "undated", or marked when it was inferred. */
export function describeDate(date: string | null, dateSource: string): string {
  if (!date) return "undated";
  return dateSource === "inferred" ? `${date} (inferred)` : date;
}

/** A double quotation mark opening the text: the report's own direct speech. */
const OPENS_WITH_DOUBLE_QUOTE = /^\s*[“"„«]/;

/**
 * `shown` (the quote as a front end writes it: escaped, highlighted, shortened) in quotation marks.
 * A quote that opens with the report's own double quotation mark ("“In a few days our forces will
 * reach the Corniche,” the general said") is written as it stands: marks of ours around it would
 * read “““ and leave one unmatched, and turning the report's marks into single ones would break
 * the rule that every quote is verbatim. `verbatim` is the text as the report has it, when `shown`
 * may start with markup.
 */
export function inQuotationMarks(shown: string, verbatim: string = shown): string {
  return OPENS_WITH_DOUBLE_QUOTE.test(verbatim) ? shown : `“${shown}”`;
}
