import fc from "fast-check";

/** Inputs chosen to break message builders: markdown soup, mentions, emoji, huge runs, odd whitespace. */
const SOUP = [
  "**",
  "__",
  "~~",
  "||",
  "`",
  "```",
  "*",
  "_",
  "\\",
  "\\\\",
  "@everyone",
  "@here",
  "<@123456789012345678>",
  "<@&123456789012345678>",
  "<#123456789012345678>",
  "<t:1500000000:R>",
  "# ",
  "> ",
  "- ",
  "1. ",
  "[link](https://example.com)",
  "😀",
  "👩‍👩‍👧",
  "🇺🇦",
  "\n",
  "\n\n",
  "   ",
  "\t",
  ". ",
  "! ",
  "é",
  "\u200b",
  "Mosul",
  "militants",
];

const word = fc.stringMatching(/^[A-Za-z]{1,12}$/);
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SOUP) },
  { weight: 4, arbitrary: word },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constant(" ") },
);

export function hostileText(maxPieces = 200): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.array(piece, { maxLength: Math.min(maxPieces, 400) }).map((a) => a.join("")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    {
      // Huge: one piece repeated past every Discord limit.
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...SOUP, "word ", "x", "😀"),
          fc.integer({ min: 500, max: Math.max(600, maxPieces * 3) }),
        )
        .map(([p, n]) => p.repeat(n)),
    },
  );
}

/** Balanced markdown made of whole constructs: bold/underline/strike/spoiler words, escapes, code, emoji. */
export function markdownDocument(): fc.Arbitrary<string> {
  const inner = fc.oneof(word, fc.constantFrom("😀", "é", "Mosul", "\\*", "\\_", "\\\\", "\\`"));
  const construct = fc.oneof(
    inner,
    fc
      .tuple(fc.constantFrom("**", "__", "~~", "||", "*", "_"), fc.array(inner, { minLength: 1, maxLength: 6 }))
      .map(([d, words]) => `${d}${words.join(" ")}${d}`),
    fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => `\`${w.join(" ")}\``),
    fc.constantFrom(" ", ". ", "\n", "\n\n", "! "),
  );
  return fc.array(construct, { maxLength: 600 }).map((parts) => parts.join(" "));
}
