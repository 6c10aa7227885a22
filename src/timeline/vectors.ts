import type { Passage } from "../corpus/types.js";
import type { PassageIndex } from "../search/index.js";
import type { MentionsOf } from "./mentions.js";

/** Sparse TF-IDF vectors of sentences, and the cosine similarity the timeline compares them by. */
export type Vector = Map<string, number>;

export function cosine(a: Vector, b: Vector): number {
  return cosineTo(b)(a);
}

/**
 * Cosine similarity to `b`, its norm computed once: comparing thousands of sentences with one
 * centroid of thousands of terms would otherwise sum the centroid's squares for each sentence.
 */
export function cosineTo(b: Vector): (a: Vector) => number {
  let nb = 0;
  for (const w of b.values()) nb += w * w;
  return (a) => {
    let dot = 0;
    let na = 0;
    for (const [t, w] of a) {
      na += w * w;
      const v = b.get(t);
      if (v !== undefined) dot += w * v;
    }
    return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
  };
}

export function addInto(target: Vector, v: Vector): void {
  for (const [t, w] of v) target.set(t, (target.get(t) ?? 0) + w);
}

export function sumOf(vectors: Iterable<Vector>): Vector {
  const sum: Vector = new Map();
  for (const v of vectors) addInto(sum, v);
  return sum;
}

/** Each passage's vector, computed on first use: a timeline compares only the sentences of its chosen dates. */
export class SentenceVectors {
  private readonly cache = new Map<number, Vector>();

  constructor(
    private readonly index: PassageIndex,
    private readonly mentions: MentionsOf,
  ) {}

  /** `text` is the passage's own (the caller has read it already). */
  of(passage: Passage, text: string): Vector {
    const cached = this.cache.get(passage.id);
    if (cached) return cached;
    const dateSpans = this.mentions.get(passage.id) ?? [];
    const vector: Vector = new Map();
    for (const term of this.index.analyzer.surfaceTerms(text)) {
      // The date words themselves say nothing about what happened.
      if (dateSpans.some((m) => term.start < m.end && m.start < term.end)) continue;
      vector.set(term.term, (vector.get(term.term) ?? 0) + 1);
    }
    for (const [t, tf] of vector) vector.set(t, tf * this.index.idf(t));
    this.cache.set(passage.id, vector);
    return vector;
  }
}
