import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ELLIPSIS,
  escapeText,
  renderHighlighted,
  renderHighlightedWithin,
  truncateMarkdown,
} from "../../src/bot/render/markdown.js";
import { hostileText, markdownDocument } from "./support/arbitraries.js";
import { LONE_SURROGATE, markdownProblem } from "./support/checks.js";

describe("escapeText", () => {
  it("escapes every markdown character, backslashes included", () => {
    expect(escapeText("**bold** _it_ ~~s~~ ||sp|| `code` \\*")).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\| \\`code\\` \\\\\\*",
    );
  });

  it("defuses mentions visually (allowedMentions is what stops the ping)", () => {
    expect(escapeText("@everyone and @here")).toBe("@\u200beveryone and @\u200bhere");
    expect(escapeText("<@123> <@&456> <#789>")).toBe("\\<@123\\> \\<@&456\\> \\<\\#789\\>");
  });

  it("escapes list and heading markers only at a line start", () => {
    expect(escapeText("- item", true)).toBe("\\- item");
    expect(escapeText("1. item", true)).toBe("1\\. item");
    expect(escapeText("# heading", true)).toBe("\\# heading");
    expect(escapeText("well-known 1. a", false)).toBe("well-known 1. a");
  });
});

describe("renderHighlighted", () => {
  it("bolds spans over the escaped text, mapping offsets correctly", () => {
    const raw = "The *Old City* fell to Iraqi forces.";
    const start = raw.indexOf("Old");
    expect(renderHighlighted(raw, [{ start, end: start + 3 }])).toBe("The \\***Old** City\\* fell to Iraqi forces.");
  });

  it("collapses whitespace, keeps spaces outside the markers and merges touching spans", () => {
    expect(renderHighlighted("a\n\n  b  c", [{ start: 4, end: 7 }])).toBe("a **b** c");
    expect(
      renderHighlighted("abcdef", [
        { start: 0, end: 3 },
        { start: 3, end: 6 },
      ]),
    ).toBe("**abcdef**");
    expect(renderHighlighted("ab  cd", [{ start: 2, end: 4 }])).toBe("ab cd");
  });

  it("never splits a surrogate pair, whatever the span offsets say", () => {
    const raw = "x😀y😀z";
    for (let s = 0; s <= raw.length; s++) {
      for (let e = s; e <= raw.length; e++) {
        const out = renderHighlighted(raw, [{ start: s, end: e }]);
        expect(LONE_SURROGATE.test(out)).toBe(false);
        expect(markdownProblem(out)).toBeNull();
      }
    }
  });
});

describe("renderHighlightedWithin", () => {
  const text =
    "Iraqi forces pushed into the Old City. The militants fought back fiercely. Residents fled west across the river.";

  it("cuts at a sentence end when that keeps enough", () => {
    const { text: out, truncated } = renderHighlightedWithin(text, [], 90);
    expect(truncated).toBe(true);
    expect(out).toBe(`Iraqi forces pushed into the Old City. The militants fought back fiercely.${ELLIPSIS}`);
  });

  it("falls back to a word boundary, and closes bold that the cut would split", () => {
    const start = text.indexOf("militants fought");
    const { text: out } = renderHighlightedWithin(text, [{ start, end: start + 16 }], 60);
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out.endsWith(ELLIPSIS)).toBe(true);
    expect(markdownProblem(out)).toBeNull();
    expect(out).toMatch(/ \*\*militants\*\*…$|fought\*\*…$|The…$|City\.…$/);
  });

  it("always fits, is balanced and well formed (property)", () => {
    fc.assert(
      fc.property(
        hostileText(4000),
        fc.array(fc.record({ start: fc.nat(5000), end: fc.nat(5000) }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 1500 }),
        (raw, spans, max) => {
          const { text: out } = renderHighlightedWithin(raw, spans, max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(markdownProblem(out)).toBeNull();
          expect(LONE_SURROGATE.test(out)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("truncateMarkdown", () => {
  it("leaves short text alone and closes what a cut leaves open", () => {
    expect(truncateMarkdown("short", 10)).toBe("short");
    const out = truncateMarkdown("**bold words that go on and on** and more", 20);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(markdownProblem(out)).toBeNull();
    expect(out.endsWith(`**${ELLIPSIS}`)).toBe(true);
  });

  it("never splits an escape", () => {
    const out = truncateMarkdown("\\*\\*\\*\\*\\*\\*\\*\\*\\*\\*", 6);
    expect(markdownProblem(out)).toBeNull();
    expect(out).toBe(`\\*\\*${ELLIPSIS}`);
  });

  it("keeps balanced markdown balanced at any length (property)", () => {
    fc.assert(
      fc.property(markdownDocument(), fc.integer({ min: 0, max: 3000 }), (doc, max) => {
        expect(markdownProblem(doc)).toBeNull();
        const out = truncateMarkdown(doc, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(markdownProblem(out)).toBeNull();
        expect(LONE_SURROGATE.test(out)).toBe(false);
        if (doc.length <= max) expect(out).toBe(doc);
      }),
      { numRuns: 300 },
    );
  });
});
