import type { DigestReport } from "../../../src/digest/build.js";

/** A new report as a digest lists it, with a lead quote; tests vary only what they need. */
export function digestReport(
  i: number,
  overrides: Partial<DigestReport> = {},
  quote = `Quote number ${i} from the report.`,
): DigestReport {
  return {
    reportId: `r${i}`,
    title: `Report ${i}`,
    file: `r${i}.txt`,
    date: "2017-06-28",
    dateSource: "header",
    source: null,
    url: null,
    excerpt: { text: quote, start: 0, end: quote.length, passageId: 0, reason: "lead" },
    ...overrides,
  };
}
