import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { askedPlaces, tellsOfAnotherPlace } from "../src/search/places.js";
import { passagesInPathOrder, sentenceIndex } from "./helpers/corpus.js";

describe("places: a question asked within a place", () => {
  const canada = "Four people have died from swine flu in Canada, officials said.";
  const argentine = "Argentine swine flu deaths rose to seventeen, and more people are in hospital.";
  const scotland = "Two people have died from swine flu in Scotland, officials said.";
  const britain = "Three people have died from swine flu in Britain, officials said.";
  // The corpus must write a name as a place for the question's name to be read as one.
  const schools = "Schools in the UK stayed open.";

  it("does not answer with a passage that tells of another place, and answers with one within it", async () => {
    const index = await sentenceIndex([canada, argentine, scotland, schools]);
    const answer = answerQuestion(index, "How many people died of swine flu in the UK?");
    // Scotland is within the United Kingdom; Canada and Argentina are not.
    expect(answer.results.map((r) => r.text)).toEqual([scotland]);
  });

  it("says why when every passage that would answer tells of another place", async () => {
    const index = await sentenceIndex([canada, argentine, schools]);
    const answer = answerQuestion(index, "How many people died of swine flu in the UK?");
    expect(answer.results).toEqual([]);
    expect(answer.message).toBe("No report covers this for the UK; the closest passages tell of other places.");
    expect(answer.nearMisses.map((r) => r.text)).toContain(canada);
    // A question no passage answers anywhere keeps the plain message.
    expect(answerQuestion(index, "How many pigs were culled in the UK?").message).toBe("No report covers this.");
  });

  it("reads a place that has, reports or records something as where the news is ('Mexico has 260 confirmed cases'), not one that speaks", async () => {
    const mexico = "Officials say Mexico has 260 confirmed swine flu cases, including 12 deaths.";
    const said = "The US said the UK had 40 confirmed swine flu cases.";
    const index = await sentenceIndex([mexico, said, schools]);
    const answer = answerQuestion(index, "How many confirmed swine flu cases did the UK have?");
    expect(answer.results.map((r) => r.text)).toEqual([said]);
    // A name that is a place only after a person ("Jackson", a city in Mississippi) is the person's news.
    const planned = "Jackson had planned 50 concerts at the O2 arena.";
    const concerts = await sentenceIndex([planned, "Concerts in the UK were cancelled.", schools]);
    expect(answerQuestion(concerts, "How many concerts were planned in the UK?").results.map((r) => r.text)).toContain(
      planned,
    );
  });

  it("takes another name of the same place for it ('Britain' for 'the UK'), typed in any case", async () => {
    const index = await sentenceIndex([canada, britain, schools]);
    for (const question of [
      "How many people died of swine flu in the UK?",
      "how many people died of swine flu in the uk",
    ])
      expect(answerQuestion(index, question).results[0]?.text).toBe(britain);
  });

  it("takes a place named otherwise than as where something is for no sign ('a US-led coalition', 'American officials')", async () => {
    const mosul = "Iraqi forces pushed into western Mosul, where fighting continues.";
    const fled = "A total of 850,000 people have fled their homes during the US-led coalition's offensive.";
    const said = "American officials say 40,000 people have fled their homes this week.";
    const syria = "About 3,000 people have fled their homes in Syria this week.";
    const basra = "About 500 people have fled their homes just north of Basra this week.";
    const south = "About 200 people have fled their homes in central and southern Syria this week.";
    const index = await sentenceIndex([mosul, fled, said, syria, basra, south]);
    const answer = answerQuestion(index, "How many people have fled their homes in Mosul?");
    expect(answer.results.map((r) => r.text)).toEqual(expect.arrayContaining([fled, said]));
    expect(answer.results.map((r) => r.text)).not.toContain(syria);
    // A compass bearing from a place tells where as "in" does, and "in" before a region's adjectives.
    expect(answer.results.map((r) => r.text)).not.toContain(basra);
    expect(answer.results.map((r) => r.text)).not.toContain(south);
  });

  it("reads letters alone as a place only for a name the alias list knows ('UK', not 'PR')", async () => {
    const index = await sentenceIndex([
      "BP's PR team in London was criticised.",
      "Schools in the UK stayed open, as did schools in PR terms.",
    ]);
    expect(askedPlaces(index, "Who ran BP's PR?").map((p) => p.name)).toEqual([]);
    expect(askedPlaces(index, "Who closed schools in the UK?").map((p) => p.name)).toEqual(["uk"]);
  });

  it("does not take a longer name for the place it holds ('New South Wales' is not Wales)", async () => {
    const southWales = "In New South Wales, fourteen people on a cruise ship have died of swine flu.";
    const cardiff = "A man in Cardiff has died of swine flu, doctors said.";
    const index = await sentenceIndex([southWales, cardiff, "Schools across England stayed open."]);
    const answer = answerQuestion(index, "Has anyone in Wales died of swine flu?");
    expect(answer.results.map((r) => r.text)).toEqual([cardiff]);
  });

  it("reads no place where the question asks from or outside it, nor a common word typed in lower case", async () => {
    const index = await sentenceIndex([
      canada,
      scotland,
      "Doctors in Canada said swine flu was mild for us.",
      "The Jonas Brothers put off their shows in Monterrey.",
    ]);
    expect(askedPlaces(index, "where was the first death outside Canada").map((p) => p.name)).toEqual([]);
    expect(askedPlaces(index, "which school did the boy back from Canada go to").map((p) => p.name)).toEqual([]);
    expect(askedPlaces(index, "what did doctors tell us about swine flu").map((p) => p.name)).toEqual([]);
    expect(askedPlaces(index, "how many swine flu deaths in canada").map((p) => p.name)).toEqual(["canada"]);
    // A place the corpus never writes may be a typo of one it does ("monterey" for Monterrey); with
    // none near it, it is asked about all the same, and a passage on another place is no answer.
    expect(askedPlaces(index, "how many swine flu deaths in monterey").map((p) => p.name)).toEqual([]);
    expect(askedPlaces(index, "how many swine flu deaths in peru").map((p) => p.name)).toEqual(["peru"]);
    expect(answerQuestion(index, "how many people died of swine flu in peru").results).toEqual([]);
  });

  it("reads a place only where the corpus writes it as one ('in Jackson', not 'Michael Jackson')", async () => {
    const index = await sentenceIndex([
      "Michael Jackson died in Los Angeles in June.",
      "Fans of Michael Jackson gathered in London.",
      "Jackson's doctor was charged.",
    ]);
    expect(askedPlaces(index, "Where did Jackson die?")).toEqual([]);
    const passage = passagesInPathOrder(index.corpus).find((p) => index.passageText(p).includes("London"));
    expect(passage && tellsOfAnotherPlace(index, passage, askedPlaces(index, "fans in Los Angeles"), ["fan"])).toBe(
      true,
    );
  });
});
