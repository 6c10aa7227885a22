/**
 * Where a caption or headline that ran into the text without its full stop ends: a word in lower
 * case, then a capitalised opener followed by a word in lower case ("Ms Fleming had health problems
 * before contracting the flu virus The family of the first person …", "Louisiana is already
 * feeling the effects of the oil spill A sheen of oil from the Gulf …", "… fined more than $1.2 m in
 * the last 10 years The commission has until 15 December …"), as BBC and Guardian pages were
 * scraped. "A" and "An" not after a word that takes a letter ("influenza A virus", "type A flu",
 * "plan A"). One rule for where a reader's quote starts (`afterRunOn`, src/corpus/sentences.ts) and
 * where the clause a date is read in starts (`clauseStart`, src/temporal/resolve.ts). A leaf: the
 * corpus imports the temporal module, so the temporal module may not import the corpus.
 */
const RUN_ON =
  /(?<=\p{Ll}[,;]?\s+)(?:(?:The|It|He|She|They|This|These|We|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|More|Some|Many)|(?<!\b(?:influenza|flu|type|strain|plan|vitamin|exhibit|class|grade|group|category|phase|level|section|part|hepatitis|option|schedule)\s+)(?:A|An))\s+\p{Ll}|(?<=\p{Ll}\s+Q:\s+)\p{Lu}[\p{Ll}'’]*\s+\p{Ll}/gu;

/**
 * Where each run-on at or after `from` in `text` starts, in order, found as they are read, so a
 * caller that stops early reads no further. Each call searches with a copy of its own: a shared
 * global RegExp keeps its `lastIndex`, and one caller's search would move another's.
 */
export function* runOnStarts(text: string, from = 0): Generator<number> {
  const runOn = new RegExp(RUN_ON);
  runOn.lastIndex = from;
  for (let match = runOn.exec(text); match; match = runOn.exec(text)) yield match.index;
}
