import { describe, expect, it } from "vitest";
import { answerQuestion } from "../src/search/answer.js";
import { amountGiven, amountsAsked, measureAsked, sumOfMoneyAsked } from "../src/search/measures.js";
import { rankPassages } from "../src/search/relevance.js";
import { openCorpus } from "../src/sitrep.js";
import { tempCorpus } from "./helpers/corpus.js";

/** The answers' texts, best first, for a question over these reports alone. */
async function answerTexts(files: Record<string, string>, question: string): Promise<string[]> {
  const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
  return answerQuestion(index, question).results.map((r) => r.text);
}

describe("measureAsked", () => {
  it("finds the measure after 'how' and where it stands", () => {
    const question = "So how far off the coast was the rig?";
    const measure = measureAsked(question);
    expect(measure?.word).toBe("far");
    expect(question.slice(measure?.start, measure?.end)).toBe("far");
    expect(measureAsked("What did the rig cost?")).toBeNull();
    // "how many" asks for a count, not a measure.
    expect(measureAsked("How many workers died?")).toBeNull();
  });

  it.each([
    ["How far off the coast was the rig?", "sank 50 miles out in the Gulf", "Tuesday, July 20, 2010"],
    ["How far off the coast was the rig?", "more than 40 miles off Louisiana", "11 workers died"],
    ["How heavy was the containment box?", "a 98-ton steel coffer dam", "lowered 5,000 feet"],
    ["How deep was the water?", "sinks in 5,000 ft of water", "5,000 barrels a day"],
    ["How long was Mexico shut down?", "shut down for five days", "40 miles from the coast"],
    ["How long will the relief well take?", "could take three months", "by late July or August"],
    ["How long will the relief well take?", "the blast lasted 30 seconds", "BP began a second relief well"],
    ["How wide is the area still held?", "an area less than a kilometre wide", "Tuesday, 27 June"],
    ["How long did the oil flow?", "stopped it gushing for more than a week", "gushing at 800,000 litres a day"],
    ["How long did the oil flow?", "flowed for a month", "5,000 barrels of oil a day"],
  ])("%s: an amount in its units (%s), not any number (%s)", (question, answer, notAnswer) => {
    const units = measureAsked(question)?.inUnits;
    expect(units?.test(answer)).toBe(true);
    expect(units?.test(notAnswer)).toBe(false);
  });

  it("asks for any amount where the measure has no unit, and for none where it is no amount", () => {
    expect(measureAsked("How big is the compensation fund?")).toMatchObject({ amount: true, inUnits: null });
    expect(measureAsked("How bad was the damage?")).toMatchObject({ amount: false, inUnits: null });
    // "How high" asks for a level as often as a height: a cap raised to $10bn answers it.
    expect(measureAsked("How high will the senators lift the liability cap?")).toMatchObject({
      amount: true,
      inUnits: null,
    });
  });
});

describe("amountsAsked", () => {
  it("finds the measure after 'how' and the nouns that name a measure, with the amounts that answer them", () => {
    const [time] = amountsAsked("maximum jail time if the doctor is convicted");
    expect(time?.word).toBe("time");
    expect(time?.inUnits.test("faces up to four years in prison")).toBe(true);
    expect(time?.inUnits.test("was convicted on 7 November")).toBe(false);
    expect(amountsAsked("What was the depth of the well?").map((a) => a.word)).toEqual(["depth"]);
    expect(amountsAsked("the longest prison sentence he could face").map((a) => a.word)).toEqual(["sentence"]);
    expect(amountsAsked("How heavy was the box?").map((a) => a.word)).toEqual(["heavy"]);
  });

  it.each([
    ["$40 million", true],
    ["£20m", true],
    ["US$5bn", true],
    ["20 million dollars", true],
    ["40 million", false],
    ["on 29 November", false],
  ])("reads a sum of money in '%s' as the money asked for: %s", (text, isMoney) => {
    const [money] = amountsAsked("How much money did he owe?");
    expect(money?.word).toBe("money");
    expect(money?.inUnits.test(`he would have owed ${text} to the promoter`)).toBe(isMoney);
  });

  it("tells a figure ('four years') from a rough amount ('in a few weeks') in the units asked", () => {
    const [long] = amountsAsked("How long was the doctor sentenced for?");
    const inUnits = long?.inUnits ?? /$^/;
    expect(amountGiven(inUnits, "The doctor is sentenced to four years in county jail.")).toBe("figure");
    expect(amountGiven(inUnits, "A four-year sentence was sought.")).toBe("figure");
    expect(amountGiven(inUnits, "He will be back in a few weeks when the doctor is sentenced.")).toBe("rough");
    expect(amountGiven(inUnits, "Within several  days, then three months later.")).toBe("figure");
    expect(amountGiven(inUnits, "He is sentenced on 29 November.")).toBeNull();
    const [money] = amountsAsked("How much money did he owe?");
    expect(amountGiven(money?.inUnits ?? /$^/, "he owed $40 million")).toBe("figure");
  });

  it.each([
    "Where was the rig at the time of the fire?",
    "Was it the first time the dome failed?",
    "How big is the fund?",
  ])("finds none in %s", (question) => {
    expect(amountsAsked(question)).toEqual([]);
  });
});

describe("answers to a measure question", () => {
  const corpus = {
    "a.txt":
      "date 2010-07-21\nA boat cuts through a sheen of oil near the Deepwater Horizon rig, far off the Louisiana coast, Tuesday, July 20, 2010.\n",
    "b.txt": "date 2010-05-01\nThe Deepwater Horizon rig blew up and sank 50 miles out, off the coast of Louisiana.\n",
  };

  it("quotes the passage that gives the distance, not a caption whose only number is its date", async () => {
    const { index } = await openCorpus({ corpusDir: tempCorpus(corpus), dataDir: null });
    const answer = answerQuestion(index, "How far off the coast was the Deepwater Horizon rig?");
    expect(answer.results[0]?.text).toContain("50 miles out");
    expect(answer.results.map((r) => r.text).join(" ")).not.toContain("A boat cuts");
  });

  it("reads a measure word the corpus lacks ('how bad') as no word of the question, not an unknown name", async () => {
    const texts = await answerTexts(
      {
        "a.txt": "date 2010-06-02\nThe damage to the Louisiana marshes is severe, officials said.\n",
        "b.txt": "date 2010-06-03\nThe marshes draw birdwatchers every spring.\n",
      },
      "How bad is the damage to the marshes?",
    );
    expect(texts[0]).toContain("damage to the Louisiana marshes is severe");
  });

  it("reads 'how big' and 'how large' as no word of the question, though the corpus has it: an answer gives the amount", async () => {
    const { index } = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt": "date 2009-06-08\nIata is projecting a $9bn annual loss for the airline industry this year.\n",
        "b.txt": "date 2009-06-09\nThe big airlines at the large Iata meeting blamed the downturn.\n",
      }),
      dataDir: null,
    });
    const terms = (question: string) => rankPassages(index, question, {}).terms;
    expect(terms("how big a loss was Iata projecting?")).toEqual(terms("what loss was Iata projecting?"));
    expect(terms("How large a loss did the airlines make?")).not.toContain(index.analyzer.processWord("large"));
    // Other measures stay words when the corpus has them: answers say them ("as far as 40 miles").
    expect(terms("how big were the airlines, and how far did the meeting go?")).toContain(
      index.analyzer.processWord("far"),
    );
  });

  it("reads an amount in the measure's units as the measure word ('100-ton' says how heavy)", async () => {
    const texts = await answerTexts(
      {
        "a.txt":
          "date 2010-05-08\nCrystals blocked an opening at the top of the 100-ton steel box placed over the leak.\n",
        "b.txt": "date 2010-05-09\nOfficials said the containment box had run into problems over the weekend.\n",
        "c.txt": "date 2010-05-10\nEngineers weighed lowering a smaller containment dome over the well.\n",
      },
      "How heavy was the containment box lowered over the leak?",
    );
    expect(texts[0]).toContain("100-ton steel box");
  });

  it("answers a measure noun ('jail time') with an amount in its units", async () => {
    const texts = await answerTexts(
      {
        "a.txt": "date 2011-09-27\nIf convicted, the maximum sentence is four years in prison.\n",
        "b.txt": "date 2011-09-28\nThe doctor's lawyers met him in jail on Monday.\n",
        "c.txt": "date 2011-09-29\nThe jury will be told the maximum penalty before it deliberates on Friday.\n",
      },
      "whats the max jail time if the doctor is convicted",
    );
    expect(texts[0]).toContain("the maximum sentence is four years in prison");
  });

  it("answers 'how long' with a figure before a rough amount ('in a few weeks') that only says when", async () => {
    const texts = await answerTexts(
      {
        "a.txt": "date 2011-11-08\nThe jurors will be back in a few weeks when the doctor is sentenced.\n",
        "b.txt":
          "date 2011-11-30\nOn Tuesday in a Los Angeles court the doctor is sentenced to four years in county jail.\n",
        // The corpus writes "long", so the question keeps it as a word an amount of time stands for.
        "c.txt": "date 2011-11-07\nThe long trial ended with a guilty verdict.\n",
      },
      "How long was the doctor sentenced for?",
    );
    expect(texts[0]).toContain("four years in county jail");
  });

  it("finds a passage that gives the measure in its units though it shares only common words with the question", async () => {
    // "Off" and "coast" in every report make them common words, never looked up; only "rig" and
    // "drilling" are, and the passage that says how far has neither.
    const files: Record<string, string> = {
      "answer.txt": "date 2010-07-06\nThe leaking wellhead is nearly 50 miles off the Louisiana coast.\n",
    };
    for (let i = 0; i < 80; i++)
      files[`boats-${i}.txt`] =
        `date 2010-05-${String((i % 28) + 1).padStart(2, "0")}\nBoats ${i} sailed off the coast.\n`;
    for (let i = 0; i < 12; i++) files[`rig-${i}.txt`] = `date 2010-04-${10 + i}\nThe rig ${i} was drilling for BP.\n`;
    const { index } = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
    const texts = (question: string) =>
      rankPassages(index, question, {}).candidates.map((c) => index.passageText(c.hit.passage));
    expect(texts("How far off the coast was the rig drilling?")).toContain(
      "The leaking wellhead is nearly 50 miles off the Louisiana coast.",
    );
  });

  it("answers 'how much money' with a sum, not with the passage that says 'money'", async () => {
    const texts = await answerTexts(
      {
        "a.txt": "date 2011-10-26\nThe contract shows Jackson would have owed $40 million to the promoter.\n",
        "b.txt": "date 2011-10-27\nFans said Jackson owed his money and his music to them.\n",
        "c.txt": "date 2011-10-28\nThe promoter spoke to the jury about the contract on Friday.\n",
      },
      "How much money did Jackson owe the promoter?",
    );
    expect(texts[0]).toContain("$40 million");
  });

  it("answers 'how much did X pay' only with a sum of money, never with a count", async () => {
    const corpus = {
      "a.txt": "date 2010-04-29\nBP paid a visit to the families of the 11 rig workers in Houston.\n",
      "b.txt": "date 2010-04-30\nThe families of the rig workers met BP officials in Houston.\n",
      "c.txt": "date 2010-05-01\nThe well was capped in July.\n",
    };
    // A visit paid to the families of 11 workers is no sum paid to them.
    expect(await answerTexts(corpus, "how much did bp pay the families of the 11 rig workers")).toEqual([]);
    const paid = await answerTexts(
      { ...corpus, "d.txt": "date 2010-06-01\nBP paid the families of the rig workers $2 million each.\n" },
      "how much did bp pay the families of the 11 rig workers",
    );
    expect(paid[0]).toContain("$2 million");
    // "How much oil" asks no sum: a count still answers it.
    expect(sumOfMoneyAsked("how much oil did BP spill")).toBeNull();
    expect(sumOfMoneyAsked("How much will the clean-up cost?")).not.toBeNull();
  });

  it("answers 'how big is the fund' with a sum, not a span of time, and reads a scraped pound sign ('# 600,000')", async () => {
    const corpus = {
      "a.txt": "date 2010-06-25\nHe has two years to sort out the escrow fund and the sale of assets.\n",
      "b.txt": "date 2010-06-18\nBP agreed to set up a $20bn escrow fund for those affected by the spill.\n",
      "c.txt": "date 2010-07-27\nThe outgoing boss will claim a pension worth about # 600,000 a year.\n",
      "d.txt": "date 2010-07-28\nThe outgoing boss will draw his pension in two years.\n",
    };
    expect((await answerTexts(corpus, "how big is the escrow fund"))[0]).toContain("$20bn");
    expect(await answerTexts(corpus, "how big a pension does the outgoing boss get")).toEqual([
      "The outgoing boss will claim a pension worth about # 600,000 a year.",
    ]);
    expect(sumOfMoneyAsked("how large a charge did BP book")).not.toBeNull();
    expect(sumOfMoneyAsked("how big is the oil slick")).toBeNull();
    // A rank is no sum.
    expect(amountGiven(sumOfMoneyAsked("how big is the fund") ?? /$^/, "the #1 fund in Britain")).toBeNull();
  });

  it("answers 'how many … died' with a count of what happened, not a yearly statistic, unless a rate is asked", async () => {
    const corpus = {
      "a.txt":
        "date 2009-04-25\nWorldwide, seasonal flu kills between 250,000 and 500,000 people in an average year.\n",
      "b.txt":
        "date 2009-06-23\nMore than 230 people have been killed by the flu worldwide, from 52,000 confirmed cases.\n",
    };
    expect(await answerTexts(corpus, "how many people have been killed by flu worldwide")).toEqual([
      "More than 230 people have been killed by the flu worldwide, from 52,000 confirmed cases.",
    ]);
    expect((await answerTexts(corpus, "how many people does flu kill worldwide each year"))[0]).toMatch(/average year/);
  });

  it("answers 'how many … altogether' with the whole amount, not a rate a day", async () => {
    const corpus = {
      "a.txt": "date 2010-08-23\nWe now know that 53,000 barrels were escaping each day from the well.\n",
      "b.txt":
        "date 2010-08-06\nIn the gulf spill, 4.9 million barrels escaped from the well, according to an analysis this week.\n",
      "c.txt": "date 2010-08-07\nThe well was capped in July.\n",
    };
    const total = await answerTexts(corpus, "How many barrels escaped from the well altogether?");
    expect(total[0]).toContain("4.9 million barrels");
    expect(total.join(" ")).not.toContain("53,000");
    // Asked without "in total", a rate may answer.
    expect((await answerTexts(corpus, "How many barrels escaped from the well?")).join(" ")).toContain("53,000");
  });

  it("answers 'how many' with a count, not with the digits of a date or a time", async () => {
    const texts = await answerTexts(
      {
        "a.txt":
          "date 2009-04-29\nCAIRO | Wed Apr 29, 2009 11:31 pm IST Egypt ordered the cull of all pigs on 29 April.\n",
        "b.txt": "date 2009-05-10\nAbout 300,000 pigs have been culled in Egypt.\n",
        "c.txt": "date 2009-05-11\nFarmers in Cairo protested against the order.\n",
      },
      "How many pigs did Egypt order culled?",
    );
    expect(texts[0]).toContain("300,000 pigs");
    expect(texts.join(" ")).not.toContain("ordered the cull");
    // A time of day written with a point, as "10am" or on a wire's 24-hour clock is no count either.
    const calls = await answerTexts(
      {
        "a.txt":
          "date 2009-04-28\nNHS Direct said it started receiving calls about swine flu at around 3.30 pm on Sunday.\n",
        "b.txt": "date 2009-04-28\nNHS Direct said the line had received almost 1,400 calls about swine flu.\n",
        "c.txt": "date 2009-04-29\nNHS Direct took more calls from 10am about swine flu.\n",
        "d.txt": "date 2009-04-30\nNHS Direct took swine flu calls from 0910 local time until 2230 GMT.\n",
      },
      "how many swine flu calls did NHS Direct get",
    );
    expect(calls[0]).toContain("1,400 calls");
    expect(calls.join(" ")).not.toMatch(/3\.30 pm|10am|0910/);
  });
});
