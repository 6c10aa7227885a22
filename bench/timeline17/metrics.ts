// Timeline17 scoring: date F1 and alignment-based ROUGE ("align+ m:1",
// Martschat & Markert 2017, "Improving ROUGE for Timeline Summarization").
// Pure functions only, so the tests can pin every number by hand.
//
// Interpretation notes (where the README leaves room):
// - "Simpler ROUGE": text is lowercased and split into runs of Unicode letters
//   and digits (so "don't" -> "don", "t", as Perl ROUGE does), stop words from
//   the SMART list (the one ROUGE-1.5.5 `-s` uses) are dropped, no stemming.
// - A day's sentences are joined into one token stream before n-grams are
//   formed, like ROUGE-1.5.5 reading a multi-sentence summary, so bigrams can
//   span a sentence boundary and a removed stop word.
// - Several entries for the same day are merged (sentences concatenated in
//   order): tilse keys timelines by date, so a day can only appear once.
// - The alignment cost uses ROUGE-1 F over the same tokens as the scores
//   (tilse uses raw whitespace tokens there); cost ties go to the earliest
//   date, as numpy's argmin does over tilse's sorted date lists.
// - Precision: every predicted day is paired with its cheapest reference day;
//   recall: every reference day with its cheapest predicted day. A day only
//   goes unmatched when the other timeline is empty; it still counts in the
//   denominator.

export type Timeline = { date: string; sentences: string[] }[];

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

// SMART stop-word list as shipped with ROUGE-1.5.5 (smart_common_words.txt),
// minus its apostrophe forms ("don't", "it's"), which neither this tokenizer
// nor Perl ROUGE can produce; fragments like "t" and "s" are listed anyway.
// Their stems ("don", "won") are deliberately absent: "won" is a real word.
const STOP_WORD_TEXT = `
a able about above according accordingly across actually after afterwards
again against all allow allows almost alone along already also although always
am among amongst an and another any anybody anyhow anyone anything anyway
anyways anywhere apart appear appreciate appropriate are around as aside ask
asking associated at available away awfully b be became because become becomes
becoming been before beforehand behind being believe below beside besides best
better between beyond both brief but by c came can cannot cant cause causes
certain certainly changes clearly co com come comes concerning consequently
consider considering contain containing contains corresponding could course
currently d definitely described despite did different do does doing done down
downwards during e each edu eg eight either else elsewhere enough entirely
especially et etc even ever every everybody everyone everything everywhere ex
exactly example except f far few fifth first five followed following follows
for former formerly forth four from further furthermore g get gets getting
given gives go goes going gone got gotten greetings h had happens hardly has
have having he hello help hence her here hereafter hereby herein hereupon hers
herself hi him himself his hither hopefully how howbeit however i ie if
ignored immediate in inasmuch inc indeed indicate indicated indicates inner
insofar instead into inward is it its itself j just k keep keeps kept know
knows known l last lately later latter latterly least less lest let like liked
likely little look looking looks ltd m mainly many may maybe me mean meanwhile
merely might more moreover most mostly much must my myself n name namely nd
near nearly necessary need needs neither never nevertheless new next nine no
nobody non none noone nor normally not nothing novel now nowhere o obviously
of off often oh ok okay old on once one ones only onto or other others
otherwise ought our ours ourselves out outside over overall own p particular
particularly per perhaps placed please plus possible presumably probably
provides q que quite qv r rather rd re really reasonably regarding regardless
regards relatively respectively right s said same saw say saying says second
secondly see seeing seem seemed seeming seems seen self selves sensible sent
serious seriously seven several shall she should since six so some somebody
somehow someone something sometime sometimes somewhat somewhere soon sorry
specified specify specifying still sub such sup sure t take taken tell tends
th than thank thanks thanx that thats the their theirs them themselves then
thence there thereafter thereby therefore therein theres thereupon these they
think third this thorough thoroughly those though three through throughout
thru thus to together too took toward towards tried tries truly try trying
twice two u un under unfortunately unless unlikely until unto up upon us use
used useful uses using usually uucp v value various very via viz vs w want
wants was way we welcome well went were what whatever when whence whenever
where whereafter whereas whereby wherein whereupon wherever whether which
while whither who whoever whole whom whose why will willing wish with within
without wonder would x y yes yet you your yours yourself yourselves z zero
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP_WORD_TEXT.split(/\s+/).filter((word) => word.length > 0));

const WORD = /[\p{L}\p{N}]+/gu;

export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  return words.filter((word) => !STOP_WORDS.has(word));
}

export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // A space cannot occur inside a token, so it is a safe n-gram separator.
    const gram = tokens.slice(i, i + n).join(" ");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

/** Clipped n-gram matches: each n-gram counts min(predicted, reference) times. */
export function clippedHits(predicted: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>): number {
  const [small, large] = predicted.size <= reference.size ? [predicted, reference] : [reference, predicted];
  let hits = 0;
  for (const [gram, count] of small) {
    const other = large.get(gram);
    if (other !== undefined) hits += Math.min(count, other);
  }
  return hits;
}

function harmonic(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Plain ROUGE-n of two texts (each a list of sentences joined into one stream). */
export function rouge(predicted: readonly string[], reference: readonly string[], n: 1 | 2): Prf {
  const p = ngramCounts(tokenize(predicted.join("\n")), n);
  const r = ngramCounts(tokenize(reference.join("\n")), n);
  const hits = clippedHits(p, r);
  const precision = ratio(hits, total(p));
  const recall = ratio(hits, total(r));
  return { precision, recall, f1: harmonic(precision, recall) };
}

/** Exact-day date F1; duplicate days count once. */
export function dateF1(predictedDays: readonly string[], referenceDays: readonly string[]): Prf {
  const predicted = new Set(predictedDays);
  const reference = new Set(referenceDays);
  let shared = 0;
  for (const day of predicted) if (reference.has(day)) shared++;
  const precision = ratio(shared, predicted.size);
  const recall = ratio(shared, reference.size);
  return { precision, recall, f1: harmonic(precision, recall) };
}

const DAY_MS = 86_400_000;

/** Days since the epoch for a `YYYY-MM-DD` string (UTC, so no DST drift). */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  const [, year, month, day] = match;
  return Math.round(Date.UTC(Number(year), Number(month) - 1, Number(day)) / DAY_MS);
}

interface Day {
  day: number;
  tokens: string[];
  unigrams: Map<string, number>;
  unigramTotal: number;
}

function prepare(timeline: Timeline): Day[] {
  const byDate = new Map<string, string[]>();
  for (const entry of timeline) {
    const sentences = byDate.get(entry.date);
    if (sentences) sentences.push(...entry.sentences);
    else byDate.set(entry.date, [...entry.sentences]);
  }
  return [...byDate.entries()]
    .map(([date, sentences]) => {
      const tokens = tokenize(sentences.join("\n"));
      const unigrams = ngramCounts(tokens, 1);
      return { day: dayNumber(date), tokens, unigrams, unigramTotal: tokens.length };
    })
    .sort((a, b) => a.day - b.day);
}

function alignmentCost(predicted: Day, reference: Day): number {
  const dateFactor = 1 - 1 / (Math.abs(predicted.day - reference.day) + 1);
  const hits = clippedHits(predicted.unigrams, reference.unigrams);
  const contentF = harmonic(ratio(hits, predicted.unigramTotal), ratio(hits, reference.unigramTotal));
  return dateFactor * (1 - contentF);
}

/** Index of the cheapest candidate; the first one wins ties. */
function cheapest(costOf: (index: number) => number, count: number): number {
  let best = -1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const cost = costOf(i);
    if (cost < bestCost) {
      best = i;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Alignment-based ROUGE-n, "align+ m:1": each side's days are paired with the
 * other side's cheapest day, matched hits are discounted by 1/(|Δdays|+1).
 */
export function alignmentRouge(predicted: Timeline, reference: Timeline, n: 1 | 2): Prf {
  const pred = prepare(predicted);
  const ref = prepare(reference);
  const predGrams = pred.map((d) => ngramCounts(d.tokens, n));
  const refGrams = ref.map((d) => ngramCounts(d.tokens, n));

  // costs[i][j]: predicted day i against reference day j; symmetric in use.
  const costs = pred.map((p) => ref.map((r) => alignmentCost(p, r)));
  const cost = (i: number, j: number): number => costs[i]?.[j] ?? Number.POSITIVE_INFINITY;
  const weighted = (i: number, j: number): number => {
    const p = pred[i];
    const r = ref[j];
    const pg = predGrams[i];
    const rg = refGrams[j];
    if (!p || !r || !pg || !rg) return 0;
    return clippedHits(pg, rg) / (Math.abs(p.day - r.day) + 1);
  };

  let precisionHits = 0;
  let precisionTotal = 0;
  predGrams.forEach((grams, i) => {
    precisionTotal += total(grams);
    const j = cheapest((jj) => cost(i, jj), ref.length);
    if (j >= 0) precisionHits += weighted(i, j);
  });

  let recallHits = 0;
  let recallTotal = 0;
  refGrams.forEach((grams, j) => {
    recallTotal += total(grams);
    const i = cheapest((ii) => cost(ii, j), pred.length);
    if (i >= 0) recallHits += weighted(i, j);
  });

  const precision = ratio(precisionHits, precisionTotal);
  const recall = ratio(recallHits, recallTotal);
  return { precision, recall, f1: harmonic(precision, recall) };
}
