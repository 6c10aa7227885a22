import { describe, expect, it } from "vitest";
import { plainText } from "../../src/bot/plain-text.js";

describe("plainText: Discord's markup in a question, as the words it says", () => {
  it.each([
    ["**when** was the well capped?", "when was the well capped?"],
    ["||when was the well capped||", "when was the well capped"],
    ["`when` was the ~~dome~~ well capped", "when was the dome well capped"],
    ["> when was the well capped", "when was the well capped"],
    ["# when was the well capped", "when was the well capped"],
    ["when was the well capped <:pepeThink:123456789012345678>", "when was the well capped"],
    ["<a:spin:123456789012345678> when was the well capped", "when was the well capped"],
    [
      "<@987654321098765432> says it was capped: when was the well capped?",
      "says it was capped: when was the well capped?",
    ],
    ["what did <@&123456789012345678> and <#123456789012345678> say", "what did and say"],
    ["when was the well capped? https://www.bbc.co.uk/news/world-us-canada-10657255", "when was the well capped?"],
    ["what happened on <t:1279152000:D>", "what happened on 2010-07-15"],
    ["what happened on <t:1279152000>", "what happened on 2010-07-15"],
  ])("%s → %s", (typed, plain) => {
    expect(plainText(typed)).toBe(plain);
  });

  it("leaves plain words, numbers and punctuation as they are", () => {
    for (const text of ["How many people fled Mosul?", "U.N. says 750,000 fled", "BP's $20bn fund: who pays?"])
      expect(plainText(text)).toBe(text);
  });

  it("is empty for markup alone, which the question check then refuses as empty", () => {
    expect(plainText("<:pepeThink:123456789012345678> ** ||")).toBe("");
  });
});
