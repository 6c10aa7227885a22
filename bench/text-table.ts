/**
 * Rows of text cells as columns under a header and a rule of dashes, two spaces apart: the first
 * `labelColumns` flush left (what a row is), the rest flush right (its figures). The layout every
 * benchmark table prints; each caller formats its own cells.
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], labelColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < labelColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
