/** A count with its noun, singular for one: "1 report", "3 reports", "0 files not loaded". Regular plurals only. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
