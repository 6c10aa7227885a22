import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerQuestion, namesSomething, NOTHING_ASKED_MESSAGE } from "../src/search/answer.js";
import { readRequest, topicAsked, withoutRequestFrame } from "../src/search/request-frame.js";
import { sentenceIndex } from "./helpers/corpus.js";

describe("withoutRequestFrame: what a question asks, without a chat's frame", () => {
  it.each([
    ["hey, can you tell me when the BP well was capped?", "when the BP well was capped?"],
    ["yo sitrep, when was the well capped??", "when was the well capped??"],
    ["@Sitrep how many people fled", "how many people fled"],
    ["hi all! who replaced Hayward", "who replaced Hayward"],
    ["quick question: who replaced Hayward?", "who replaced Hayward?"],
    ["Q: who replaced Hayward?", "who replaced Hayward?"],
    ["do you know who replaced Hayward", "who replaced Hayward"],
    ["Does anyone happen to know who replaced Hayward", "who replaced Hayward"],
    ["I'd like to know how many people fled", "how many people fled"],
    ["I was wondering if you could tell me how many people fled", "how many people fled"],
    ["Could you please find out when the dome failed", "when the dome failed"],
    ["any idea when the dome failed", "when the dome failed"],
    ["is it true that BP wants to shoot golf balls into the well?", "BP wants to shoot golf balls into the well?"],
    ["is true bp want to put golf balls inside the well?", "bp want to put golf balls inside the well?"],
    // A claim to check: who made it, and the check asked at its end, are no part of it.
    ["someone on twitter says bp's ceo resigned in june - true?", "bp's ceo resigned in june?"],
    ["I heard Hayward went sailing during the spill, is that true?", "Hayward went sailing during the spill?"],
    ["fact check: the well was capped on july 15", "the well was capped on july 15"],
    ["true or false: BP paid $20bn into the fund", "BP paid $20bn into the fund"],
    ["pls confirm the well was capped on july 15", "the well was capped on july 15"],
    ["there's a rumour that the CEO quit, or not?", "the CEO quit?"],
    ["the CEO of BP was Tony Hayward, right?", "the CEO of BP was Tony Hayward?"],
    [
      "someone says jacksons doctor got out on $750,000 bail - is that right",
      "jacksons doctor got out on $750,000 bail?",
    ],
    ["tell me about the top kill", "the top kill"],
    ["what's the latest on the relief well", "the relief well"],
    // Chat leaves the apostrophe out.
    ["whats the latest on the relief well", "the relief well"],
    // Chat leaves the question out: the topic is what is asked (CURRENT_STATE reads "latest").
    ["latest on mosul", "mosul"],
    ["any updates about the relief well?", "the relief well?"],
    ["news on the top kill pls", "the top kill"],
    ["what's the most recent news about the relief well", "the relief well"],
    ["latest developments in Mosul?", "Mosul?"],
    ["pls when was the well capped thx", "when was the well capped"],
    ["When was the well capped? Thanks in advance!", "When was the well capped"],
    ["who replaced Hayward asap", "who replaced Hayward"],
    ["ok so when did Mosul fall", "when did Mosul fall"],
    ["um, when did Mosul fall", "when did Mosul fall"],
    ["Hi! I'm looking into this story. When did Mosul fall?", "When did Mosul fall?"],
    ["Sorry if this was asked already. When did Mosul fall?", "When did Mosul fall?"],
    ["Just curious - when did Mosul fall?", "when did Mosul fall?"],
    ["I'm curious: who replaced Hayward?", "who replaced Hayward?"],
    // A lead in the question's sentence, in words no list holds, before the question word.
    ["Hey folks, quick one: when did the rig sink?", "when did the rig sink?"],
    ["honest question from a newbie, when did Mosul fall?", "when did Mosul fall?"],
    ["the newsroom is keen to check who replaced Hayward", "who replaced Hayward"],
    ["According to the reports, when did Mosul fall?", "when did Mosul fall?"],
    ["Can you help me figure out when the rig sank", "when the rig sank"],
    ["Need to know when the rig sank", "when the rig sank"],
    ["lol ok so did BP pay", "did BP pay"],
    ["Bit of a random one, but did BP pay?", "did BP pay?"],
    ["Im trying to find out when Mosul fell", "when Mosul fell"],
    ["My editor wants to know when Mosul fell", "when Mosul fell"],
    ["Does the bot know who replaced Hayward", "who replaced Hayward"],
    ["!ask When did Mosul fall?", "When did Mosul fall?"],
    // After the question: words that ask nothing more, and a closing aside.
    ["When did Mosul fall? Appreciate it!", "When did Mosul fall"],
    ["When did Mosul fall?? anyone?", "When did Mosul fall??"],
    // A second question typed without its mark stays; an exclamation opening with "what a" does not.
    ["Egypt is culling pigs? how many are we talking", "Egypt is culling pigs? how many are we talking"],
    ["When did Mosul fall? what a help, thanks", "When did Mosul fall?"],
    ["When did Mosul fall (asking for a piece I'm writing)", "When did Mosul fall"],
    ["haiti quake - how many died?", "how many died?"],
    // A first sentence of stop words and words about asking; smileys and emoji at the end; an adverb before the request.
    ["Can I ask something? When did Mosul fall?", "When did Mosul fall?"],
    ["who replaced Hayward thanks :)", "who replaced Hayward"],
    ["When did Mosul fall 🙏", "When did Mosul fall"],
    ["So basically I want to know when Mosul fell", "when Mosul fell"],
    // Greetings and interjections drawn out; chat's abbreviations; more ways to ask and to thank.
    ["Heyy sitrep! When did Mosul fall?", "When did Mosul fall?"],
    ["Hmmm, when did Mosul fall?", "when did Mosul fall?"],
    ["IMO when did Mosul really fall?", "when did Mosul really fall?"],
    ["Can you dig up when the rig sank", "when the rig sank"],
    ["Is it possible to find out who replaced Hayward", "who replaced Hayward"],
    ["who replaced Hayward? Ta!", "who replaced Hayward"],
    ["who replaced Hayward, any help appreciated", "who replaced Hayward"],
    // Greetings chat abbreviates or says alone; a chat abbreviation before keywords; "ya"; "thank u".
    ["Gm gm. When did Mosul fall?", "When did Mosul fall?"],
    ["Sup sitrep, who replaced Hayward?", "who replaced Hayward?"],
    ["Evening! when did they cap the well?", "when did they cap the well?"],
    ["BTW bp q2 loss", "bp q2 loss"],
    ["Could ya tell me when the rig sank", "when the rig sank"],
    ["who replaced Hayward thank u!!", "who replaced Hayward"],
    // An interjection, then a lead about the asking, before keywords; a lead of such words before a pronoun.
    ["Argh, can't find this anywhere: eton flu closure", "eton flu closure"],
    ["Follow-up from earlier - eton flu closure", "eton flu closure"],
    ["Okay last one - when did they cap the well?", "when did they cap the well?"],
    // A fronted phrase after such a lead is the question's; a dash aside about the asking is not.
    ["Okay last one - At the peak, what share of waters was shut?", "At the peak, what share of waters was shut?"],
    ["how many fled the city — need it for tonight's bulletin", "how many fled the city"],
    ["Question for the bot — eton flu closure", "eton flu closure"],
    // Keywords after a chain of interjections, "quick q", or a comma lead about the asking.
    ["lol ok so eton flu closure", "eton flu closure"],
    ["quick q eton flu closure", "eton flu closure"],
    ["no idea where to look, eton flu closure", "eton flu closure"],
    // Leads about whom the asking is for, its urgency or checking; a closing hope to be understood.
    ["Asking for my editor: eton flu closure", "eton flu closure"],
    ["Double-checking something - eton flu closure", "eton flu closure"],
    ["Not urgent but eton flu closure", "eton flu closure"],
    ["who replaced Hayward if that makes sense", "who replaced Hayward"],
    // "curious whether you know", "can I get"; a function word or "Ok" at a lead's head is no name.
    ["Curious whether you know did BP pay?", "did BP pay?"],
    ["Can I get eton flu closure", "eton flu closure"],
    // "do you have anything on", "can you confirm"; thanks in advance with an address after it.
    ["Do you have anything on eton flu closure", "eton flu closure"],
    ["Can you confirm did BP pay?", "did BP pay?"],
    ["eton flu closure thanks in advance folks", "eton flu closure"],
    ["Quick sanity check: eton flu closure", "eton flu closure"],
    ["I'm a bit lost here - eton flu closure", "eton flu closure"],
    ["Need a source for this: eton flu closure", "eton flu closure"],
    ["Been going back and forth on this. When did they cap the well?", "When did they cap the well?"],
  ])("%s → %s", (framed, asked) => {
    expect(withoutRequestFrame(framed)).toBe(asked);
  });

  it.each([
    // Words that open a question, not a frame: "so far", the oil "well", "hi-tech".
    "So far how many died?",
    "Well capping: when did it finish?",
    "BP spill: when was the well capped?",
    "Mosul - when did it fall?",
    "Hi-tech drones over Mosul",
    // A first sentence a pronoun may point back to stays, and so does one with a topic word.
    "We heard BP capped the well. When was that?",
    "I'm researching the earthquake. How many died?",
    // "did anyone know" is what is asked here.
    "Did anyone know about the leak before the explosion?",
    "Why were there cheers in Tahrir Square",
    "How many U.S. troops are in Iraq?",
    // A lead that is part of the question: a fronted phrase, a name, what a pronoun points back to.
    "At the peak, what share of gulf waters was shut?",
    "After the spill, how many birds died?",
    "Haiti quake - how many died?",
    "BP spill: did they pay?",
    "Mosul - did it fall?",
    // A second question, and an aside that says what is asked.
    "When did Mosul fall? Who retook it?",
    "When did Mosul fall (in 2014)?",
    // Alternatives the question offers, "thanks to" inside it, and a question word inside a statement.
    "Did the rig sink or was it towed?",
    "Did BP cap it in July or in August?",
    "How much oil was captured thanks to the cap",
    "people fled when the offensive began",
    // A digit and a bracket are no smiley.
    "When did Mosul fall (see item 8)",
    // General Motors is no "gm"; a dash before a question of its own, or before words of the topic.
    "GM bankruptcy: when did it file?",
    "Mosul offensive - when?",
    // A comma lead of stop words alone is part of the question.
    "In May, how many fled?",
    "how many fled the city - the old city",
    // A question word asked last is the question, not the end of a lead to cut.
    "if convicted, the maximum time in jail is how much?",
    // "Right", "true", "real" ending a question of their own are words of it, no check asked.
    "who was right",
    "was the tanker's cargo real",
    "what did people say about the fine",
  ])("leaves %s as asked", (question) => {
    expect(withoutRequestFrame(question)).toBe(question);
  });

  // Read as the answer path reads them, with the corpus telling names: here, Mosul and Hayward.
  const names = new Set(["Mosul", "Hayward", "Alright"]);
  it.each([
    // A statement naming nothing before a question that stands alone.
    ["Morning all. When did Mosul fall?", "When did Mosul fall?"],
    ["I've been reading about this all day. Who replaced Hayward?", "Who replaced Hayward?"],
    ["I'm writing a piece on the spill. Who replaced Hayward?", "Who replaced Hayward?"],
    // A pronoun after a name of the question's own points to it, not back to the statement.
    ["Morning all. When did Hayward say he would quit?", "When did Hayward say he would quit?"],
    // An abbreviation in capitals that chat writes is no name ("FYI"), where one the corpus has is ("BP" stays, above).
    ["FYI I'm on the night desk. When did Mosul fall?", "When did Mosul fall?"],
    [
      "Morning all. How many people fled the fighting in the old city?",
      "How many people fled the fighting in the old city?",
    ],
    // A lead with no set-off before a question in its own order; a mention; thanks with a word or two more.
    ["quick q when did Mosul fall?", "when did Mosul fall?"],
    ["quick q who replaced Hayward?", "who replaced Hayward?"],
    ["big news day today who's replacing Hayward?", "who's replacing Hayward?"],
    ["big news day today whos replacing Hayward?", "whos replacing Hayward?"],
    ["@everyone Is Mosul free?", "Is Mosul free?"],
    ["<@123456789> when did Mosul fall", "when did Mosul fall"],
    ["who replaced Hayward thx a ton", "who replaced Hayward"],
    // A lead of words about the asking, though the corpus may write one of them as a name.
    ["Alright team, when did Mosul fall?", "when did Mosul fall?"],
    ["Ok final question from me: Who replaced Hayward?", "Who replaced Hayward?"],
    ["Working on a timeline piece. When did they cap the well?", "When did they cap the well?"],
    ["Going through the coverage now. When did they cap the well?", "When did they cap the well?"],
    // A tail asking whether the reports know.
    ["When did Mosul fall or is that not in the reports?", "When did Mosul fall?"],
    ["When did Mosul fall, or isn't that known?", "When did Mosul fall?"],
  ])("reads %s as %s", (framed, asked) => {
    expect(readRequest(framed, (word) => names.has(word)).asked).toBe(asked);
  });

  it.each([
    // A statement before a short question naming nothing may be its topic; a pronoun may point back to it.
    "Looking at the earthquake. How many died?",
    "The well was capped in secret. When did it start leaking again?",
    // "everyone" in a lead is no name, but a lead with a name stays.
    "Mosul today who's in control?",
  ])("keeps %s whole, with the corpus telling names", (question) => {
    expect(readRequest(question, (word) => names.has(word)).asked).toBe(question);
  });

  it("tells a greeting or thanks with nothing to look up", () => {
    for (const frame of ["hi", "thanks!", "hey sitrep", "Hello there!", "thank you so much"])
      expect(readRequest(frame).nothingAsked).toBe(true);
    for (const question of ["hi, how many fled?", "Mosul", "thanks for the fund: who paid?"])
      expect(readRequest(question).nothingAsked).toBe(false);
  });

  it("keeps the question whole when nothing but a frame is left", () => {
    expect(withoutRequestFrame("ok, thanks")).toBe("ok, thanks");
    expect(withoutRequestFrame("  hey sitrep!  ")).toBe("hey sitrep!");
  });

  it("returns a piece of the question, and reading it again changes nothing", () => {
    const pieces = fc.constantFrom(
      "hey",
      "can you tell me",
      "pls",
      "thanks",
      "when",
      "did",
      "Mosul",
      "fall",
      "?",
      ",",
      "ok",
      "so",
      "I'm new here.",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const question = parts.join(" ");
        const asked = withoutRequestFrame(question);
        expect(question.includes(asked)).toBe(true);
        expect(withoutRequestFrame(asked)).toBe(asked);
      }),
    );
  });
});

describe("topicAsked: what a timeline's topic is about", () => {
  it.each([
    ["relief well", "relief well"],
    ["can you show me a timeline of the relief well", "the relief well"],
    ["relief well timeline pls", "relief well"],
    ["hey sitrep, timeline of the top kill please", "the top kill"],
    ["key dates in the Mosul offensive", "the Mosul offensive"],
    ["the history of the spill", "the spill"],
    ["timeline", "timeline"],
  ])("%s → %s", (typed, topic) => {
    expect(topicAsked(typed)).toBe(topic);
  });
});

describe("a framed question is answered as the question itself", () => {
  it("gives the same excerpts with or without the frame, and shows the question as asked", async () => {
    const index = await sentenceIndex([
      "The capping stack sealed the BP well on 15 July.",
      "Fishermen in Louisiana waited for the waters to reopen.",
      "Engineers planned a relief well to intercept the leak.",
    ]);
    const texts = (question: string) => answerQuestion(index, question).results.map((r) => r.text);
    const plain = texts("When was the BP well sealed?");
    expect(plain[0]).toMatch(/capping stack sealed/);
    for (const framed of [
      "hey, can you tell me when the BP well was sealed? thx",
      "yo sitrep, when was the BP well sealed??",
      "Hi! I'm looking into this story. When was the BP well sealed? Thanks in advance!",
    ]) {
      expect(texts(framed)).toEqual(plain);
      expect(answerQuestion(index, framed).query).toBe(framed);
    }
    // A greeting alone is told there is nothing to look up, not "No report covers this."
    expect(answerQuestion(index, "hey sitrep!")).toMatchObject({
      results: [],
      nearMisses: [],
      message: NOTHING_ASKED_MESSAGE,
    });
  });
});

describe("a lead naming what the reports are about stays, as the corpus tells", () => {
  it("keeps a name typed in lower case that the corpus holds, and cuts a lead of chat words", async () => {
    const index = await sentenceIndex([
      "The Chile earthquake killed 500 people, officials said.",
      "The Haiti earthquake killed more than 200,000 people.",
    ]);
    // "haiti" is no English word and the corpus has it: a name, so the lead is part of the question.
    expect(answerQuestion(index, "haiti quake - how many died?").results[0]?.text).toMatch(/Haiti/);
    expect(answerQuestion(index, "chile quake - how many died?").results[0]?.text).toMatch(/Chile/);
    // "lol" is neither, and "folks" is an English word: a frame, cut, so nothing sinks the answer.
    expect(
      answerQuestion(index, "lol folks, real talk: how many died in the Haiti earthquake?").results[0]?.text,
    ).toMatch(/Haiti/);
  });

  it("reads 'everyone' as no name, though no dictionary lists it and every corpus has it", async () => {
    const index = await sentenceIndex([
      "Everyone in the village felt the earthquake.",
      "The Haiti earthquake killed more than 200,000 people.",
    ]);
    expect(answerQuestion(index, "everyone how many died in the earthquake?").results[0]?.text).toMatch(/Haiti/);
  });

  it("reads function words WordNet lacks ('whether', 'until') and chat's 'Ok' as no name, though the corpus has them", async () => {
    const index = await sentenceIndex([
      "Officials did not say whether aid would arrive until Monday. Ok, the report said.",
      "The Haiti earthquake killed more than 200,000 people.",
    ]);
    const isName = (word: string) => namesSomething(index, word);
    expect(readRequest("No idea whether this is covered: how many died in the earthquake?", isName).asked).toBe(
      "how many died in the earthquake?",
    );
    expect(readRequest("Ok one more: how many died in the earthquake?", isName).asked).toBe(
      "how many died in the earthquake?",
    );
    expect(readRequest("Haiti, how many died?", isName).asked).toBe("Haiti, how many died?");
  });

  it("keeps a lead naming the news with a typo ('rosnef share swap - how big …'), a name one letter off", async () => {
    const index = await sentenceIndex([
      "Under the share swap, Rosneft will take a stake of almost 20% in BP.",
      "The deal with Rosneft would close by the end of the year.",
    ]);
    const isName = (word: string) => namesSomething(index, word);
    expect(readRequest("rosnef share swap - how big a slice of bp do they get?", isName).asked).toBe(
      "rosnef share swap - how big a slice of bp do they get?",
    );
    // An unknown word far from every name is still no name ("blorp share swap").
    expect(readRequest("blorpish thing - how big a slice of bp do they get?", isName).asked).toBe(
      "how big a slice of bp do they get?",
    );
  });
});
