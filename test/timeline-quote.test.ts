import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openCorpus } from "../src/sitrep.js";
import { buildTimeline, otherDaysNamed } from "../src/timeline/build.js";
import { isUnrealised, isUnrealisedAround } from "../src/temporal/eventness.js";
import {
  afterDateline,
  afterRunOn,
  countWords,
  isCaption,
  isGarbled,
  isQuestion,
  isSignpost,
  isTruncated,
} from "../src/corpus/sentences.js";
import { findPassageMentions } from "../src/timeline/mentions.js";
import { tempCorpus } from "./helpers/corpus.js";

/**
 * The protocol's one-day, one-quote timeline of a few short reports: which sentence the day quotes.
 * `day`: the protocol's span, that one day.
 */
async function onlyDayEvent(files: Record<string, string>, day: string | null = null) {
  const opened = await openCorpus({ corpusDir: tempCorpus(files), dataDir: null });
  const span = { since: day, until: day };
  const [event] = (await buildTimeline(opened, { dates: 1, perDate: 1, granularity: "day", ...span })).events;
  return event;
}

describe("afterDateline", () => {
  it("skips a wire dateline and anything before it at the head", () => {
    const wire = "WASHINGTON | Thu May 27, 2010 3:54 pm EDT WASHINGTON (Reuters) - Obama took responsibility.";
    expect(wire.slice(afterDateline(wire))).toBe("Obama took responsibility.");
    const bullets = "\\* Helix to use same equipment HOUSTON, Dec 8 (Reuters) - Helix Energy said on Wednesday.";
    expect(bullets.slice(afterDateline(bullets))).toBe("Helix Energy said on Wednesday.");
    const cnn = "CAIRO, Egypt (CNN) -- Protesters returned to the square.";
    expect(cnn.slice(afterDateline(cnn))).toBe("Protesters returned to the square.");
  });

  it("skips a page's update or date stamp, a blog post's byline stamp, a photo credit and a live blog's entry time", () => {
    const bbc = "13 July 2010 Last updated at 09:43 GMT Help BP has installed a new sealing cap.";
    expect(bbc.slice(afterDateline(bbc))).toBe("BP has installed a new sealing cap.");
    const credit = "Swine flu spreads Photograph: Ismael Francisco\\/AFP\\/Getty images Raul Castro spoke on Friday.";
    expect(credit.slice(afterDateline(credit))).toBe("Raul Castro spoke on Friday.");
    const blog = "7.30 pm CDT: The Washington Post has more details on the top kill.";
    expect(blog.slice(afterDateline(blog))).toBe("The Washington Post has more details on the top kill.");
    const ap = "(AP Photo\\/Charles Dharapak) (Charles Dharapak - AP) President Obama warned Sunday of a disaster.";
    expect(ap.slice(afterDateline(ap))).toBe("President Obama warned Sunday of a disaster.");
    const audio =
      "Sarah Boseley: ` The only deaths are in Mexico, USA and Canada ' Link to this audio Swine flu originated in Mexico in April.";
    expect(audio.slice(afterDateline(audio))).toBe("Swine flu originated in Mexico in April.");
    const dash = "-- A $20 billion fund that BP set up in August for individuals.";
    expect(dash.slice(afterDateline(dash))).toBe("A $20 billion fund that BP set up in August for individuals.");
    const place = "AP NEW ORLEANS -- Engineers removed a temporary cap Thursday.";
    expect(place.slice(afterDateline(place))).toBe("Engineers removed a temporary cap Thursday.");
    // A dash inside the sentence is the writer's.
    expect(afterDateline("Engineers removed the cap -- a month after it was fitted.")).toBe(0);
  });

  it("skips an agency's or photographer's credit a caption left at the head, a dateline with its state in lower case, a BBC byline and a page's own links", () => {
    const cases = {
      "(AP) The Obama administration is lifting the moratorium.": "The Obama administration is lifting the moratorium.",
      "AP It took three months to cap the well.": "It took three months to cap the well.",
      "NOAA, via AP NEW ORLEANS -- The tropical storm could send oil ashore.":
        "The tropical storm could send oil ashore.",
      "AP BILOXI, Mississippi -- This time, it's not a hurricane.": "This time, it's not a hurricane.",
      "PENSACOLA BEACH, Fla. -- Tar balls washed up on Friday.": "Tar balls washed up on Friday.",
      "AP Photo\\/Dave Martin According to government estimates, the oil is gone.":
        "According to government estimates, the oil is gone.",
      "AP Photo\\/BP PLC BP's underwater robots cut the pipe.": "BP's underwater robots cut the pipe.",
      "REUTERS\\/Sean Gardner An ultra-low latency network opened.": "An ultra-low latency network opened.",
      "Article | What do you call a disaster that threatens the coast?":
        "What do you call a disaster that threatens the coast?",
      "” This Story: Read + | Watch + | A series of investigations warned of problems.":
        "A series of investigations warned of problems.",
      "Article | MIAMI -- BP advanced on the final lap.": "BP advanced on the final lap.",
      "By Finlo Rohrer BBC News, Washington Some experts believe winds could help.":
        "Some experts believe winds could help.",
      "May 25, 2010 - 4:00 PM | by: Malini Wilkes Passing around pictures at work.": "Passing around pictures at work.",
      "(Alex Brandon\\/associated Press) Natural gas from the wellhead burns.": "Natural gas from the wellhead burns.",
      "(Photos By Gerald Herbert) Kyle Schonekas spoke for the captain.": "Kyle Schonekas spoke for the captain.",
      "AFP\\/Getty Images NEW ORLEANS -- The best solution is a cap.": "The best solution is a cap.",
      "ATLANTA | Thu Oct 21, 2010 12:25 am EDT ATLANTA Oct 21 (Reuters Legal) - Groups sued.": "Groups sued.",
      "By Joe Lynam, BBC business correspondent BP's shareholders would probably prefer it.":
        "BP's shareholders would probably prefer it.",
    };
    for (const [text, own] of Object.entries(cases)) expect(text.slice(afterDateline(text))).toBe(own);
    // The agency as the sentence's subject, and a name before a dash, are the writer's.
    for (const text of ["Reuters reported that BP would pay.", "US President Barack Obama -- who visited -- said so."])
      expect(afterDateline(text)).toBe(0);
    const hour = "2pm: It's showdown time for BP's chief executive.";
    expect(hour.slice(afterDateline(hour))).toBe("It's showdown time for BP's chief executive.");
    const byline =
      "Susan Watts | 18:00 UK time, Saturday, 25 April 2009 Experts are clearly extremely concerned about the new virus.";
    expect(byline.slice(afterDateline(byline))).toBe("Experts are clearly extremely concerned about the new virus.");
    const time = "12:13 UK time, Thursday, 10 June 2010 Mr Obama's blunt criticism of BP has prompted accusations.";
    expect(time.slice(afterDateline(time))).toBe("Mr Obama's blunt criticism of BP has prompted accusations.");
    const stamp = "Friday, September 3, 2010; 7:43 PM The blowout preventer was raised from the sea floor.";
    expect(stamp.slice(afterDateline(stamp))).toBe("The blowout preventer was raised from the sea floor.");
    const headed =
      "Oil spill panel calls for tighter federal rules Tuesday, January 11, 2011; 9:16 PM The commission said Tuesday.";
    expect(headed.slice(afterDateline(headed))).toBe("The commission said Tuesday.");
    // A date that opens the sentence's own words is no stamp.
    expect(afterDateline("Friday, September 3, 2010, was the day the preventer was raised.")).toBe(0);
    // A credit naming an agency alone ends with it; one naming a photographer gives no edge to cut at.
    const agency = "Photograph: Associated Press The Gulf oil spill has surpassed the Exxon Valdez.";
    expect(agency.slice(afterDateline(agency))).toBe("The Gulf oil spill has surpassed the Exxon Valdez.");
    expect(afterDateline("Photograph: Graeme Robertson Oil washed up on the beach at dawn.")).toBe(0);
  });

  it("leaves a sentence without a dateline, or one that is all dateline, whole", () => {
    expect(afterDateline("BP said on Friday that the cap held.")).toBe(0);
    expect(afterDateline("NEW YORK (Reuters) - ")).toBe(0);
    // A wire name deep in the sentence is a citation, not a dateline.
    const late = `${"The cap held, officials said, ".repeat(8)}according to a report (Reuters) - later denied.`;
    expect(afterDateline(late)).toBe(0);
  });
});

describe("afterRunOn", () => {
  const cut = (text: string) => text.slice(afterRunOn(text, 0));

  it("finds where a caption or headline run into the lead without its stop ends", () => {
    expect(
      cut(
        "Ms Fleming had health problems before contracting the flu virus The family of the first person in Europe to die has suffered a double tragedy.",
      ),
    ).toBe("The family of the first person in Europe to die has suffered a double tragedy.");
    // Headline, then caption, then lead: the last end within the first words.
    expect(
      cut(
        "Mexico and China in swine flu row Mexico's ambassador says he was denied access to citizens at a hotel A row is growing between Mexico and China over the quarantine.",
      ),
    ).toBe("A row is growing between Mexico and China over the quarantine.");
    // A Q&A column's head, then its question.
    expect(
      cut(
        "The BP oil spill and religious environmental ethics Q: The catastrophic oil spill in the Gulf of Mexico is a widening crisis.",
      ),
    ).toBe("The catastrophic oil spill in the Gulf of Mexico is a widening crisis.");
  });

  it("cuts only at a word's start, within the first 30 words, leaving 8 or more", () => {
    const word = fc.constantFrom("the", "The", "virus", "A", "school", "It", "closed", "in", "Dorset", "flu", "Many");
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), (words) => {
        const text = words.join(" ");
        const at = afterRunOn(text, 0);
        if (at === 0) return;
        expect(text[at - 1]).toBe(" ");
        expect(countWords(text.slice(0, at))).toBeLessThanOrEqual(30);
        expect(countWords(text.slice(at))).toBeGreaterThanOrEqual(8);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves a sentence whole where the capital is part of it, or too little would stay", () => {
    const whole = [
      "Doctors said the new influenza A virus spreads like seasonal flu among children in schools.",
      "The officials read The Times and the Guardian every morning before the briefing began.",
      "Crowds gathered outside the hospital The doctors waited.",
      "He said so.",
    ];
    for (const text of whole) expect(cut(text)).toBe(text);
  });
});

describe("a reader's quote after a run-on caption", () => {
  const report =
    "date 2009-06-15 Ms Fleming had health problems before contracting the flu virus The family of the first person in Europe to die after being diagnosed with swine flu said on Monday that her baby had died too.";

  it("starts at the lead in a reader's timeline, verbatim, and keeps the caption in the protocol's", async () => {
    const opened = await openCorpus({ corpusDir: tempCorpus({ "a.txt": report }), dataDir: null });
    const [reader] = (await buildTimeline(opened, { dates: 1 })).events;
    expect(reader?.quote).toMatch(/^The family of the first person in Europe to die/);
    const source = reader?.sources[0];
    expect(source && opened.corpus.reports[0]?.text.slice(source.start, source.end)).toBe(reader?.quote);
    const [protocol] = (await buildTimeline(opened, { dates: 1, granularity: "day" })).events;
    expect(protocol?.quote).toMatch(/^Ms Fleming had health problems/);
  });

  it("keeps a head that names a date, which may be the entry's", async () => {
    const opened = await openCorpus({
      corpusDir: tempCorpus({
        "a.txt":
          "date 2010-07-26 Mr Hayward attended a meeting of the BP board on Monday Many say that from a public relations point of view Mr Dudley has the advantage of being American.",
      }),
      dataDir: null,
    });
    const [event] = (await buildTimeline(opened, { dates: 1 })).events;
    expect(event?.quote).toMatch(/^Mr Hayward attended a meeting of the BP board on Monday/);
  });
});

describe("isUnrealised", () => {
  it("tells a forecast or plan from a report of what happened", () => {
    expect(isUnrealised("BP said two relief wells are still on course for completion by August.")).toBe(true);
    expect(isUnrealised("The army is on track to retake the city by July.")).toBe(true);
    expect(isUnrealised("The permanent fix remains slated for mid-August.")).toBe(true);
    expect(isUnrealised("The wells are unlikely to be ready until August.")).toBe(true);
    expect(isUnrealised("The army had hoped to take Mosul by the end of the year.")).toBe(true);
    expect(isUnrealised("A pair of relief wells won't be completed until August.")).toBe(true);
    expect(isUnrealised("When that well is complete later this month, BP can pump in more mud.")).toBe(true);
    expect(isUnrealised("Later that month, the well was sealed for good.")).toBe(false);
    expect(isUnrealised("The relief wells wo n't be ready until August, BP said.")).toBe(true);
    expect(isUnrealised("The relief well was completed on 19 September.")).toBe(false);
    expect(isUnrealised("The course of the spill was tracked by satellites.")).toBe(false);
    // A condition is a hypothesis: the oil may never linger until August.
    expect(isUnrealised("Especially if it lingers until August, the spill could change everything.")).toBe(true);
    expect(isUnrealised("Unless the cap holds until August, fishing stays closed.")).toBe(true);
    expect(isUnrealised("The lifeguard said the beach stayed open.")).toBe(false);
    // A prediction named as a noun is one too.
    expect(isUnrealised("Early predictions of 750,000 UK dead were alarming.")).toBe(true);
  });
});

describe("isUnrealisedAround", () => {
  it("reads a date set off on its own with the clause after it", () => {
    const hope = "By late June, the oil giant hopes it can keep most of the oil from the ocean.";
    const at = hope.indexOf("late June");
    expect(isUnrealisedAround(hope, at, at + "late June".length)).toBe(true);
    const told = "By late June, the oil giant had kept most of the oil from the ocean, it said, and hopes for more.";
    expect(isUnrealisedAround(told, at, at + "late June".length)).toBe(false);
    // A clause with more than the date is read alone, as isUnrealisedAt reads it.
    const pushed =
      "Troops pushed towards the river on Tuesday, leading the minister to declare that victory will come.";
    const tuesday = pushed.indexOf("Tuesday");
    expect(isUnrealisedAround(pushed, tuesday, tuesday + "Tuesday".length)).toBe(false);
  });
});

describe("isSignpost", () => {
  it("is a sentence announcing what follows", () => {
    expect(
      isSignpost("Here are some facts from the U.S. Centers for Disease Control about how swine flu spreads:"),
    ).toBe(true);
    expect(isSignpost("Below is a timeline of the spill and its impact.")).toBe(true);
    expect(isSignpost("The following is a look at how the spill has weighed on the company.")).toBe(true);
    expect(isSignpost("“Here is what we know,” the minister said.")).toBe(true);
    expect(isSignpost("Here in Venice, fishermen tied up their boats on Monday.")).toBe(false);
    expect(isSignpost("Following the explosion, BP shares fell 13 percent.")).toBe(false);
  });

  it("is a sentence inviting the reader", () => {
    expect(isSignpost("Share your photos of the BP oil spill From wildlife affected by the spill to protests")).toBe(
      true,
    );
    expect(isSignpost("Send us your comments and experiences using the form below:")).toBe(true);
    expect(isSignpost("Tell us your experiences by filling in the form below.")).toBe(true);
    expect(isSignpost("Click on the cards below to see this week's leading gaffers.")).toBe(true);
    expect(isSignpost("Read more")).toBe(true);
    expect(
      isSignpost("You can follow the testimony of Tony Hayward on the BBC News website on Thursday 17 June."),
    ).toBe(true);
    expect(isSignpost("You can watch Mr Gibbs here.")).toBe(true);
    expect(isSignpost("You can see how terrible the damage is, the fisherman said.")).toBe(false);
    expect(isSignpost("Shares of BP fell 5 percent on Monday.")).toBe(false);
    expect(isSignpost("Sending divers to the wellhead took a week, officials told us.")).toBe(false);
  });

  it("is a paper's correction of an earlier article, not a report that said something", () => {
    for (const correction of [
      "A Page One article misstated the date of Attorney General Eric H. Holder Jr.'s statement on the spill.",
      "This summary of investigations prompted by the oil spill omitted one bill.",
      "The article about oil-related incidents in the Gulf said that the agency received 12,087 reports.",
      "A photo caption said that the fisherman isn't on the water much anymore.",
      "Correction: An earlier version of this story gave the wrong date for the hearing.",
    ])
      expect(isSignpost(correction), correction).toBe(true);
    for (const news of [
      "The commission's report said that Interior should include NOAA in leasing decisions.",
      "A recent report by the inspector general said that regulators accepted gifts.",
      "The article was published on Tuesday.",
    ])
      expect(isSignpost(news), news).toBe(false);
  });
});

describe("isTruncated", () => {
  it("is a teaser its page cut off mid-word, not a sentence that trails off on purpose or ends whole", () => {
    expect(isTruncated("Choppy seas halted the cleanup around the rig that exploded and toppled into th...")).toBe(
      true,
    );
    expect(isTruncated("Officials said the search would end, saying they belie…")).toBe(true);
    expect(isTruncated("Coast Guard officials suspended the search on Friday.")).toBe(false);
    expect(isTruncated("“We'll see ... ” he said.")).toBe(false);
    expect(isTruncated("The list went on: oil, gas, tar ...")).toBe(false);
  });
});

describe("isQuestion", () => {
  it("tells a question from a statement, with or without a closing quote", () => {
    expect(isQuestion("Who's blamed by BP for the Deepwater Horizon oil spill?")).toBe(true);
    expect(isQuestion("“Where is the oil going?”")).toBe(true);
    expect(isQuestion("BP asked whether the cap would hold.")).toBe(false);
  });
});

describe("isCaption", () => {
  it("tells a photo caption from a report of what happened", () => {
    expect(
      isCaption("April 26: Weathered oil is seen on the surface of the Gulf of Mexico near the coast of Louisiana."),
    ).toBe(true);
    expect(isCaption("April 21: In this aerial photo taken in the Gulf of Mexico, the rig is seen burning.")).toBe(
      true,
    );
    expect(isCaption("May 29: This image made from video released by BP shows the gushing oil well.")).toBe(true);
    expect(isCaption("April 22: The Deepwater Horizon rig can be seen burning off the coast of Louisiana.")).toBe(true);
    expect(isCaption("A frame grab, taken from a BP live video feed, shows activity during the top kill.")).toBe(true);
    expect(isCaption("BP chief executive Tony Hayward, left, listens to chairman Carl-Henric Svanberg.")).toBe(true);
    expect(isCaption("Credit: Reuters\\/Bob Laura\\/U.")).toBe(true);
    expect(isCaption("FILE: President Obama talks with Adm. Thad Allen aboard Marine One on May 2.")).toBe(true);
    expect(isCaption("FILE PHOTO: Tony Hayward at a hearing in Washington on June 17.")).toBe(true);
    expect(isCaption("The file was handed to the committee on May 2.")).toBe(false);
    expect(
      isCaption(
        "Credit: Reuters\\/Cynthia Goldsmith\\/Handout LOS ANGELES | Wed Apr 29, 2009 9:12 pm EDT LOS ANGELES (Reuters) - About 30 Marines on a military base have been quarantined.",
      ),
    ).toBe(false);
    expect(isCaption("June 2: Underwater robots swarm the blowout preventer, bottom left, as oil gushes.")).toBe(true);
    // "Seen as" is "regarded as"; a left turn is no position in a picture.
    expect(isCaption("The spill is seen as an environmental catastrophe for the Gulf coast.")).toBe(false);
    // Under a picture's date, "seen as" and "shown" describe the picture.
    expect(isCaption("April 29: Oil from the spill can be seen as a dark blue swirl advancing toward the coast.")).toBe(
      true,
    );
    expect(isCaption("July 17, 2010: The containment stack is shown at the site of the oil spill.")).toBe(true);
    // A picture's date with its year and a colon heads a caption; a chronology writes a dash, or no year.
    expect(isCaption("June 15, 2010: President Obama speaks from the Oval Office on the oil spill.")).toBe(true);
    expect(isCaption("April 20, 2010 - Explosion and fire on BP's Deepwater Horizon rig kills 11 workers.")).toBe(
      false,
    );
    expect(isCaption("2 May: BP starts drilling the first of two relief wells.")).toBe(false);
    expect(isCaption("June 16 - Hayward is seen as the face of the company by the committee.")).toBe(false);
    expect(isCaption("Oil reached the coast of Louisiana on Monday, the Coast Guard said.")).toBe(false);
    expect(isCaption("Crews turned left, then sailed to the rig.")).toBe(false);
    // A credit after the words it credits, and a caption's correction note; a credit at the head is
    // followed by the lead.
    expect(
      isCaption(
        "Guards install floating dams May 27, 2010 on Grand Isle, Louisiana Photograph: Mario Tama\\/Getty Images",
      ),
    ).toBe(true);
    expect(isCaption("Illustration: Eric Gay\\/AP (This caption was amended on 6 May 2010.")).toBe(true);
    expect(isCaption("Photograph: Lee Celano\\/Reuters The White House has warned BP.")).toBe(false);
    expect(
      isCaption("A turtle covered in oil Photograph: Lee Celano\\/reuters BP said today it expects the cost to rise."),
    ).toBe(false);
  });
});

describe("isGarbled", () => {
  it("tells text that lost its letters in decoding from English, however terse", () => {
    expect(isGarbled("Vi # t Nam ngn c m c a kh u Ch nh ph nhi u n c ch cents u n i h # nhanh ch ng.")).toBe(true);
    expect(isGarbled("i u nay la c cents n thi t, vi virus co th bi n th thanh chung khac.")).toBe(true);
    // Quote marks the source tokenised apart, a pound sign read as "#", an initial: still English.
    expect(isGarbled("` Top kill ' operations continued over the night and are ongoing.")).toBe(false);
    expect(isGarbled("BP put $20bn (# 13.5 bn) in a fund, J. Smith said, and I agree it is a start.")).toBe(false);
    expect(isGarbled("He's gonna ` fix ' Washington politics, isn ' t he, with ` change ' ?")).toBe(false);
    // Too short to tell.
    expect(isGarbled("Ch ng ta th y g?")).toBe(false);
  });
});

describe("a date's quote", () => {
  it("starts after a leading date and its comma, which the entry's date already says", async () => {
    const dir = tempCorpus({
      "a.txt": "date 2017-06-28 On Tuesday, Iraqi forces pushed towards the banks of the River Tigris.",
      "b.txt": "date 2017-05-04 Meanwhile, on May 3, BP began drilling a relief well in the Gulf of Mexico.",
      "c.txt": "date 2010-04-21 April 20 was the day the Deepwater Horizon rig exploded in the Gulf.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const { events } = await buildTimeline(opened, { dates: 3, perDate: 1, granularity: "day" });
    const quoteOf = (date: string) => events.find((e) => e.date === date)?.quote;
    expect(quoteOf("2017-06-27")).toBe("Iraqi forces pushed towards the banks of the River Tigris.");
    expect(quoteOf("2017-05-03")).toBe("BP began drilling a relief well in the Gulf of Mexico.");
    // A date that is the sentence's subject is part of what it tells.
    expect(quoteOf("2010-04-20")).toBe("April 20 was the day the Deepwater Horizon rig exploded in the Gulf.");
    for (const event of events) {
      const source = event.sources[0];
      expect(source && readFileSync(path.join(dir, source.reportFile), "utf8").slice(source.start, source.end)).toBe(
        event.quote,
      );
    }
  });

  it("quotes no hope for a month in a reader's timeline, even one whose date stands apart from it", async () => {
    const told = "Officials said the flow slowed in June.";
    const dir = tempCorpus({
      "a.txt": "date 2010-07-05 By late June, the company hopes it can stop the leak from the broken well.",
      "b.txt": `date 2010-07-10 ${told}`,
      "c.txt": "date 2010-07-12 By late June, the company hopes it can stop the leak from the broken well at last.",
      "d.txt": "date 2010-07-14 By late June, BP hopes it can stop the leak from the broken well.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const { events } = await buildTimeline(opened, { granularity: "any" });
    const june = events.find((e) => e.date === "2010-06" || e.disputedDates.some((d) => d.date === "2010-06"));
    expect(june?.quote).toBe(told);
  });

  it("keeps a leading date in a reader's timeline where cutting it would open the quote in lower case", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2010-06-10 By early May, the administration had revised its estimate upwards to 5,000 barrels a day.",
      "b.txt": "date 2017-06-28 On Tuesday, Iraqi forces pushed towards the banks of the River Tigris.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const reader = await buildTimeline(opened, { granularity: "any" });
    const quoteOf = (events: typeof reader.events, date: string) =>
      events.find((e) => e.date === date || e.disputedDates.some((d) => d.date === date))?.quote;
    expect(quoteOf(reader.events, "2010-05")).toBe(
      "By early May, the administration had revised its estimate upwards to 5,000 barrels a day.",
    );
    // A capital after the cut reads as a sentence: the entry's own date says the rest.
    expect(quoteOf(reader.events, "2017-06-27")).toBe("Iraqi forces pushed towards the banks of the River Tigris.");
    const protocol = await buildTimeline(opened, { dates: 2, perDate: 1, granularity: "day" });
    expect(protocol.events.map((e) => e.quote)).not.toContain(
      "By early May, the administration had revised its estimate upwards to 5,000 barrels a day.",
    );
  });

  it("prefers what a day's reports told to what was written of it beforehand", async () => {
    const event = await onlyDayEvent({
      "a.txt":
        "date 2010-06-16 BP's chief executive, Tony Hayward, faces a congressional committee in Washington tomorrow, where lawmakers from both parties have lined up questions about the spill.",
      "b.txt":
        "date 2010-06-17 Tony Hayward was grilled for hours by a congressional committee in Washington on Thursday about the spill.",
    });
    expect(event?.date).toBe("2010-06-17");
    expect(event?.quote).toMatch(/^Tony Hayward was grilled/);
  });

  it("prefers the sentence that tells what happened to a photo caption naming the day", async () => {
    const event = await onlyDayEvent({
      "a.txt":
        "date 2010-04-26 April 26: Weathered oil is seen on the surface of the Gulf of Mexico near the coast of Louisiana.",
      "b.txt":
        "date 2010-04-26 Oil from the leaking well reached the Gulf of Mexico coast of Louisiana on Monday, the Coast Guard said.",
    });
    expect(event?.date).toBe("2010-04-26");
    expect(event?.quote).toMatch(/^Oil from the leaking well reached/);
  });

  it("prefers the sentence that tells what happened to a question about it", async () => {
    const event = await onlyDayEvent({
      "a.txt":
        "date 2010-09-08 Who among BP, Transocean and Halliburton bears the blame for the oil spill, asked the inquiry on Wednesday?",
      "b.txt": "date 2010-09-08 BP blamed failures by Transocean for the oil spill on Wednesday.",
    });
    expect(event?.date).toBe("2010-09-08");
    expect(event?.quote).toBe("BP blamed failures by Transocean for the oil spill on Wednesday.");
  });

  it("prefers a whole sentence to a teaser its page cut off", async () => {
    const event = await onlyDayEvent({
      "a.txt":
        "date 2010-04-24 Choppy seas, strong winds and rain halted Saturday's cleanup of an oil spill around the massive oil drilling rig that exploded and toppled into th...",
      "b.txt":
        "date 2010-04-24 Rough seas halted the cleanup around the drilling rig on Saturday, the Coast Guard said.",
    });
    expect(event?.date).toBe("2010-04-24");
    expect(event?.quote).toBe(
      "Rough seas halted the cleanup around the drilling rig on Saturday, the Coast Guard said.",
    );
  });

  it("prefers what the reports tell to a signpost introducing them", async () => {
    const event = await onlyDayEvent({
      "a.txt":
        "date 2009-04-30 Here are some facts released on Thursday about how the swine flu virus spreads from human to human.",
      "b.txt": "date 2009-04-30 The swine flu virus spreads from human to human, the World Health Organization said.",
    });
    expect(event?.date).toBe("2009-04-30");
    // The signpost names the day and the other does not, which alone would make the signpost the quote.
    expect(event?.quote).toBe("The swine flu virus spreads from human to human, the World Health Organization said.");
  });

  it("quotes what happened in a month, in a reader's timeline, not the deadlines that named it before", async () => {
    const forecast = "A pair of relief wells drilled to plug the leaking well won't be completed until August.";
    const told = "Officials recalled that the well was finally plugged in August.";
    const dir = tempCorpus({
      "a.txt": `date 2010-07-02 Oil kept leaking into the Gulf of Mexico on Friday. ${forecast}`,
      "b.txt":
        "date 2010-07-05 Tar balls washed ashore in Texas on Monday. BP said the relief wells drilled to plug the leaking well would be done in August.",
      "c.txt": `date 2010-09-20 The government declared the well dead on Sunday. ${told}`,
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    for (const granularity of ["days-first", "any"] as const) {
      const { events } = await buildTimeline(opened, { granularity });
      expect(events.map((e) => e.quote)).not.toContain(forecast);
      const august = events.find((e) => e.date === "2010-08" || e.disputedDates.some((d) => d.date === "2010-08"));
      expect(august?.quote).toBe(told);
    }
  });

  it("prefers a sentence that says its day to one dated only by a count from the sentence before", async () => {
    const event = await onlyDayEvent(
      {
        "a.txt":
          "date 2010-05-05 The Deepwater Horizon drilling rig exploded in the Gulf of Mexico on April 20.\n\nThe burning rig sank into the Gulf of Mexico two days later, leaving oil spreading towards the Louisiana coast.",
        "b.txt": "date 2010-05-06 The Deepwater Horizon drilling rig sank on April 22, officials said.",
      },
      "2010-04-22",
    );
    expect(event?.date).toBe("2010-04-22");
    expect(event?.quote).toBe("The Deepwater Horizon drilling rig sank on April 22, officials said.");
  });

  it("prefers the sentence that tells the day to one that recounts other days around it", async () => {
    const event = await onlyDayEvent({
      "a.txt": "date 2010-07-16 BP closed the new cap on the leaking well on Thursday, engineers said.",
      "b.txt": "date 2010-07-20 BP closed the new cap on the leaking well on July 15, after the spill began April 20.",
    });
    expect(event?.date).toBe("2010-07-15");
    expect(event?.quote).toBe("BP closed the new cap on the leaking well on Thursday, engineers said.");
  });
});

describe("otherDaysNamed", () => {
  it("counts the distinct days a sentence names besides the entry's own", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2010-07-20 The oil stopped on July 15, after leaking since April 20 (and again on April 20) and in May.",
    });
    const { corpus } = await openCorpus({ corpusDir: dir, dataDir: null });
    const [report] = corpus.reports;
    const passage = corpus.passages.at(0);
    expect(report && passage).toBeTruthy();
    if (!report || !passage) return;
    const mentions = findPassageMentions(report, passage, undefined);
    // April 20 twice is one other day; "May" is no day.
    expect(otherDaysNamed("2010-07-15", mentions)).toBe(1);
    expect(otherDaysNamed("2010-04-20", mentions)).toBe(1);
    expect(otherDaysNamed("2010-06-01", mentions)).toBe(2);
  });
});

describe("a date's quote, garbled", () => {
  it("is never text that lost its letters in decoding", async () => {
    const dir = tempCorpus({
      "a.txt":
        "date 2009-04-28 Vi # t Nam ngn c m c a kh u Ch nh ph nhi u n c swine flu WHO n i h # nhanh ch ng.\n\nThe WHO raised its swine flu alert on Monday.",
    });
    const opened = await openCorpus({ corpusDir: dir, dataDir: null });
    const { events } = await buildTimeline(opened, { dates: 2, perDate: 2, granularity: "day" });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.quote).not.toMatch(/Vi # t Nam/);
    expect(events.map((e) => e.quote)).toContain("The WHO raised its swine flu alert on Monday.");
  });
});
