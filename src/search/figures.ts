import type { Analyzer } from "./analyzer.js";

/**
 * Figures that disagree: when the excerpts of one answer give different numbers for the same
 * thing ("750,000 people have fled", "850,000 people have fled"), the answer says so instead of
 * listing them as unrelated quotes. The same thing means the same unit word right after the
 * number, and that word is one the question asks about ("how many people…").
 */

export interface Figure {
  /** As written in the excerpt: "750,000". */
  value: string;
  /** The word after the number: "people". */
  unit: string;
  /** Index into the answer's results. */
  excerptIndex: number;
  reportId: string;
  date: string | null;
}

interface Quoted {
  text: string;
  reportId: string;
  date: string | null;
}

/** A number with its separators, then the word after it ("750,000 people", "5,000 barrels"). */
const NUMBER_THEN_WORD = /(?<![\p{L}\p{N}.,])(\p{N}{1,3}(?:,\p{N}{3})+|\p{N}+(?:\.\p{N}+)?)\s+(\p{L}+)/gu;

function numericValue(written: string): number {
  return Number(written.replace(/,/g, ""));
}

/**
 * The figures for the quantity the question asks about, newest report first, when the excerpts
 * give more than one value for it; otherwise none.
 */
export function disagreeingFigures(
  analyzer: Analyzer,
  questionTerms: ReadonlySet<string>,
  excerpts: Quoted[],
): Figure[] {
  const byUnit = new Map<string, Figure[]>();
  excerpts.forEach((excerpt, excerptIndex) => {
    for (const match of excerpt.text.matchAll(NUMBER_THEN_WORD)) {
      const [, value = "", unit = ""] = match;
      const term = analyzer.processWord(unit);
      // Years are dates, not amounts.
      if (!term || !questionTerms.has(term) || /^(1[89]|20)\d\d$/.test(value)) continue;
      const list = byUnit.get(term) ?? [];
      list.push({ value, unit, excerptIndex, reportId: excerpt.reportId, date: excerpt.date });
      byUnit.set(term, list);
    }
  });
  for (const figures of byUnit.values()) {
    const values = new Set(figures.map((f) => numericValue(f.value)));
    const reports = new Set(figures.map((f) => f.reportId));
    if (values.size < 2 || reports.size < 2) continue;
    // One figure per value, the newest report's.
    const newestFirst = [...figures].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
    const seen = new Set<number>();
    return newestFirst.filter((f) => {
      const v = numericValue(f.value);
      if (seen.has(v)) return false;
      seen.add(v);
      return true;
    });
  }
  return [];
}

/** "Reports differ: 850,000 (Iraqi forces…, 2017-06-28) · 750,000 (Iraqi Troops…, undated)". */
export function describeDisagreement(figures: Figure[], titleOf: (reportId: string) => string): string {
  const parts = figures.map((f) => `${f.value} ${f.unit} (${titleOf(f.reportId)}, ${f.date ?? "undated"})`);
  return `Reports differ: ${parts.join(" · ")}`;
}
