import { describe, expect, it } from "vitest";
import { parseReport } from "../src/corpus/parse.js";
import { answerQuestion } from "../src/search/answer.js";
import { openCorpus } from "../src/sitrep.js";
import { tempCorpus } from "./helpers/corpus.js";

/** Thomson Reuters' footer of product links, as its pages were scraped. */
const REUTERS_FOOTER =
  "An ultra-low latency infrastructure for electronic trading and data distribution A connected approach to governance, risk and compliance Our next generation legal research platform";

/** The text of every line the parser kept out, by kind. */
function leftOut(text: string): [string, string][] {
  return parseReport(text).boilerplate.map((b) => [b.kind, text.slice(b.start, b.end)]);
}

describe("boilerplate out of passages and date evidence", () => {
  it("drops reader comments, with their timestamps, and everything after the first", () => {
    const text = [
      "date 2011-03-09",
      "The ceasefire held through the night, officials said.",
      "",
      "March 9, 2011 at 11:45 am | Reply The ceasefire will never hold, mark my words.",
      "I agree with the comment above about the ceasefire.",
      "At 20:08 1st Jun 2010, nautonier wrote: The ceasefire is a sham.",
    ].join("\n");
    const kinds = leftOut(text);
    expect(kinds.map(([k]) => k)).toEqual(["reader-comment", "reader-comment", "reader-comment"]);
    expect(kinds[0]?.[1]).toMatch(/^March 9, 2011 at 11:45 am \| Reply/);
  });

  it("drops each line a comment is signed in, mid-line or glued to the one before", () => {
    const text = [
      "date 2010-06-14",
      "The president visited the Gulf coast on Monday, officials said.",
      "“Go away” Posted by: cavys | June 14, 2010 12:48 PM | Report abuse From Day one, he has golfed.",
      "The spill reached the Florida coast on Tuesday, officials said.",
      "Sam wrote: January 28, 2011 at 12:44 pm | Reply The president should speak.",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 12)}`)).toEqual([
      "reader-comment: “Go away” Po",
      "reader-comment: Sam wrote: J",
    ]);
  });

  it("drops the readers' views that follow a closed debate", () => {
    const text = [
      "date 2009-04-30",
      "Cases rose to 18.",
      "This debate is now closed.",
      "Wash your hands, people.",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t}`)).toEqual([
      "reader-comment: This debate is now closed.",
      "reader-comment: Wash your hands, people.",
    ]);
  });

  it("drops a Reuters page's comments from its invitation to comment on, glued to the credit or not", () => {
    const glued = [
      "date 2010-04-30",
      "Shares closed up 2 percent on Friday.",
      "(Reporting by Dena Aubin; Editing by Theodore d'Afflisio) We welcome comments that advance the story through relevant opinion, anecdotes, links and data.",
      "Views expressed in the comments do not represent those of Reuters.",
      "I am considering buying Transocean today.",
      "This discussion is now closed.",
    ].join("\n");
    const parsed = parseReport(glued);
    expect(leftOut(glued).map(([k, t]) => `${k}: ${t.slice(0, 24)}`)).toEqual([
      "byline: (Reporting by Dena Aubin",
      "reader-comment: We welcome comments that",
      "reader-comment: Views expressed in the c",
      "reader-comment: I am considering buying ",
      "reader-comment: This discussion is now c",
    ]);
    // The credit before the invitation is a line of its own (a wire credit).
    expect(parsed.lines.map((l) => l.content)).toContain("(Reporting by Dena Aubin; Editing by Theodore d'Afflisio)");
    // A page without the invitation opens its comments with the disclaimer.
    const bare = [
      "date 2010-07-29",
      "Its London shares closed up 2.7 percent.",
      "Views expressed in the comments do not represent those of Reuters.",
      "The lawyers are the only true winners today.",
    ].join("\n");
    expect(leftOut(bare).map(([k]) => k)).toEqual(["reader-comment", "reader-comment"]);
    // A sentence that welcomes comments on something else is the article's.
    const told = ["date 2010-05-01", "The agency said it would welcome comments from the public on the plan."].join(
      "\n",
    );
    expect(leftOut(told)).toEqual([]);
  });

  it("drops a wire story's credits and notes and the site's footer, not prose set in parentheses", () => {
    const text = [
      "date 2010-08-02",
      "The dead zone is one of the largest ever.",
      `More information, including maps, can be found here (Reporting by Deborah Zabarenko, editing by Doina Chiacu) ${REUTERS_FOOTER}`,
      "(Reporting by Tom Bergin; Editing by Louise Heavens)",
      `(ID: nLB679804) ($1 = 0.7336 euro) (Compiled by David Cutler, London Editorial Reference Unit; Editing by Pascal Fletcher) ${REUTERS_FOOTER}`,
      "(For a WHO map of the spread of cases, go to: here) (For more Reuters swine flu coverage, please click here: here)",
      REUTERS_FOOTER,
      "(Some 59 percent of the oil is gone, by the government's count, though scientists dispute that.)",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 20)}`)).toEqual([
      "social-prompt: An ultra-low latency",
      "byline: (Reporting by Tom Be",
      "byline: (ID: nLB679804) ($1 ",
      "social-prompt: An ultra-low latency",
      "byline: (For a WHO map of th",
      "social-prompt: An ultra-low latency",
    ]);
  });

  it("drops a page's prompts to its readers and a blog's chrome, not a report of what readers sent", () => {
    const text = [
      "date 2009-04-29",
      "Mexico has closed its schools.",
      "Tell us your experiences by filling in the form below.",
      "The BBC may edit your comments and not all emails will be published.",
      "Please ensure you have read the terms and conditions.",
      "For the latest updates across BBC blogs, You can stay up to date with Fergus's Medical Files via these feeds.",
      "This is my blog for discussion of medical and health issues, especially research and ethics.",
      "Readers told us their experiences of the closures in Mexico City.",
      `“Tell us your story,” the officer said to each family at the shelter, ${"where the queue ran round the block and the volunteers handed out water and masks to everyone who asked, ".repeat(4)}officials said.`,
      `200 families were told “tell us your story” at the shelter, ${"where the queue ran round the block and the volunteers handed out water and masks to everyone who asked, ".repeat(4)}officials said.`,
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 16)}`)).toEqual([
      "social-prompt: Tell us your exp",
      "social-prompt: The BBC may edit",
      "social-prompt: Please ensure yo",
      "social-prompt: For the latest u",
      "social-prompt: This is my blog ",
    ]);
  });

  it("cuts a media player's notice, with the player's title, from the text glued after it", () => {
    const text = [
      "date 2010-07-06",
      "Rig worker: Fault found earlier You must enable javascript to play content A worker tells Panorama a key part was broken.",
      "To play this content JavaScript must be turned on and the latest Flash player installed.",
    ].join("\n");
    expect(leftOut(text)).toEqual([
      ["label", "Rig worker: Fault found earlier You must enable javascript to play content"],
      ["label", "To play this content JavaScript must be turned on and the latest Flash player installed."],
    ]);
    expect(parseReport(text).lines.map((l) => l.content)).toContain("A worker tells Panorama a key part was broken.");
  });

  it("never answers from a site's footer", async () => {
    const reports: Record<string, string> = {};
    ["Tom Bergin", "Erwin Seba", "Ros Krasny"].forEach((reporter, i) => {
      reports[`2010-06-0${i + 1}.txt`] =
        `date 2010-06-0${i + 1}\nBP shares moved in London trading on day ${i + 1} of the month.\n(Reporting by ${reporter}) ${REUTERS_FOOTER}\n`;
    });
    const { index } = await openCorpus({ corpusDir: tempCorpus(reports), dataDir: null });
    expect(answerQuestion(index, "what is the best infrastructure for electronic trading").results).toEqual([]);
  });

  it("drops a page's promotions of its feeds and products and its rights notice", () => {
    const text = [
      "date 2010-05-04",
      "The well is still leaking.",
      "Follow the latest environment news, comment and analysis on Twitter",
      "Find out more and buy the ebook on Kindle from Amazon UK and US or iTunes UK or US",
      "Fox Forum is on Twitter.",
      "Content and Programming Copyright 2010 Fox News Network, LLC.",
      "All materials herein are protected by United States copyright law and may not be reproduced.",
      "Listen to File on 4, BBC Radio 4 2000 BST, Tuesday 9 June 2009, repeated 1700, Sunday 14 June 2009.",
      "-- Watch “Hannity” weeknights at 9 p.m. ET!",
      "Listen to Billy Nugesser: “We are dying a slow death here.”",
      "The company said it would follow the latest advice on Twitter and elsewhere.",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 12)}`)).toEqual([
      "social-prompt: Follow the l",
      "social-prompt: Find out mor",
      "social-prompt: Fox Forum is",
      "social-prompt: Content and ",
      "social-prompt: All material",
      "social-prompt: Listen to Fi",
      "social-prompt: -- Watch “Ha",
    ]);
  });

  it("cuts the Guardian's footer of contacts from the article's last line", () => {
    const text = [
      "date 2010-06-19",
      "She was a consultant on the film Letters for publication should be sent to: letters@guardian.co.uk If you need help using the site: userhelp@guardian.co.uk Call the main Guardian and Observer switchboard: BP hives off toxic assets",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 28)}`)).toEqual([
      "social-prompt: Letters for publication shou",
    ]);
    expect(parseReport(text).lines.map((l) => l.content)).toContain("She was a consultant on the film");
  });

  it("drops the readers' views below a page's 'selection of your comments', not a form's notice", () => {
    const text = [
      "date 2009-05-06",
      "Some 26 people have died of the virus in Mexico.",
      "In the UK, delivery begins of leaflets on how to prevent its spread This debate is now closed.",
      "A selection of your comments appear below.",
      "In readiness for the severe bout of flu destined to hit us this winter, why don't companies have gel?",
    ].join("\n");
    expect(leftOut(text).map(([k, t]) => `${k}: ${t.slice(0, 24)}`)).toEqual([
      "reader-comment: A selection of your comm",
      "reader-comment: In readiness for the sev",
    ]);
    const essay = [
      "date 2010-01-19",
      "If a deity exists, why didn't he prevent this?",
      "Below is a selection of your comments.",
      "God does not exist.",
    ];
    expect(leftOut(essay.join("\n")).map(([, t]) => t)).toEqual([
      "Below is a selection of your comments.",
      "God does not exist.",
    ]);
    const form = [
      "date 2010-01-19",
      "A selection of your comments may be published, displaying your name and location.",
      "Rescuers pulled a girl from the rubble on Tuesday.",
    ];
    // The form's notice is a prompt of its own, and the report goes on after it.
    expect(leftOut(form.join("\n")).map(([k]) => k)).toEqual(["social-prompt"]);
  });

  it("drops dateline lines and datelines inside a line, and the caption between a dateline and a photo credit", () => {
    const text = [
      "date 2010-07-16",
      "4:41 pm BST",
      "BP under pressure over drilling ban Friday 16 July 2010 19.07 BST A rig in the North Sea at dusk.",
      "Photograph: Michael St Maur Sheil\\/Corbis The government was trying to fight off pressure to ban drilling.",
    ].join("\n");
    expect(leftOut(text)).toEqual([
      ["dateline", "4:41 pm BST"],
      ["dateline", "Friday 16 July 2010 19.07 BST"],
      ["photo-caption", "A rig in the North Sea at dusk."],
      ["photo-caption", "Photograph: Michael St Maur Sheil\\/Corbis"],
    ]);
  });

  it("drops a print edition's note, which stamps the page and tells no event", () => {
    const note =
      "A version appeared on p7 of the Main section section of the Guardian on 00.38 BST on Saturday 2 May 2009.";
    const text = ["date 2009-05-02", "Swine flu cases rose to 15 in Britain on Friday.", "", note].join("\n");
    expect(leftOut(text)).toEqual([["dateline", note]]);
    // The same note with the page's promotions glued after it, a line of 350 characters.
    const glued = `A version appeared on p16 of the Main section section of the Guardian on 00.53 BST on Saturday 17 July 2010 The latest news and comment from our team of reporters, writers and editors in the US Auto update every minute On | Off moorehn: PSA: the comment section here is trying to find out what you want to read.`;
    const long = ["date 2010-07-17", "The cap held for a second day.", "", glued].join("\n");
    expect(leftOut(long)).toEqual([["dateline", glued]]);
    // After a related article's headline glued before it, with no full stop between.
    const headed =
      "The US and Europe ignore it This article appeared on p20 of the Main section section of the Observer on 00.04 BST on Sunday 30 May 2010.";
    const ended = ["date 2010-05-30", "The cap held for a second day.", "", headed].join("\n");
    expect(leftOut(ended)).toEqual([["dateline", headed]]);
    // The web edition's note, stamped with a time; a sentence that says a version appeared is kept.
    const web = "A version appeared in the Guardian on 12.46 BST on Sunday 30 May 2010 The latest news and comment";
    const told = "Earlier, a version appeared in the New York Times, officials said.";
    expect(leftOut(["date 2010-05-30", "The cap held.", "", web, "", told].join("\n"))).toEqual([["dateline", web]]);
    // A sign-up prompt and a contributors' credit as long.
    const prompt =
      "Sign Up Be sure to fill in everything with an \\* Providing your contact information helps us verify your stories to include in CNN coverage.";
    const credit =
      "CNN's Mary Rogers, Ben Wedeman, Fred Pleitgen, Housam Ahmed, Nic Robertson, Ian Lee and Saad Abedine contributed to this report.";
    const prompted = ["date 2011-02-01", "Protesters returned to the square.", "", prompt, "", credit].join("\n");
    expect(leftOut(prompted).map(([kind]) => kind)).toEqual(["social-prompt", "byline"]);
  });

  it("drops related-article link lines and agency photo captions, keeps sentences that give a date", () => {
    const text = [
      "date 2017-06-28",
      "Read more about Suleiman and his gradual rise to the top.",
      "Smoke rises from clashes in the Old City of Mosul, Iraq June 27, 2017.",
      "The offensive began on October 17, 2016.",
      "Forces reached the river Tuesday June 27, 2017.",
      "BP Chief Executive Bob Dudley speaks at a press conference in London, Tuesday, Nov. 2, 2010.",
      "The hearing is set for Tuesday, July 20, 2010.",
      "U.S. President Barack Obama talks after touring the Coast Guard Venice Center while in Venice, Louisiana, May 2, 2010.",
      "The president said on Sunday, May 2, 2010.",
    ].join("\n");
    expect(leftOut(text).map(([k]) => k)).toEqual(["related-link", "photo-caption", "photo-caption", "photo-caption"]);
  });

  it("cuts a fragment glued after a full stop, so the README's example quotes clean text", () => {
    const text =
      "date 2017-05-20\nThe UN warned more could flee the final Isis strongholds.s with US-led allied militia\n";
    expect(leftOut(text)).toEqual([["label", "s with US-led allied militia"]]);
  });

  it("never answers from, or dates a report by, a caption or a comment", async () => {
    const dir = tempCorpus({
      "undated.txt": [
        "Rescue teams searched the collapsed hotel for survivors.",
        "",
        "Rescuers search the rubble in Port-au-Prince, Haiti January 14, 2010.",
        "",
        "January 15, 2010 at 9:12 am | Reply Pray for the survivors of the hotel.",
      ].join("\n"),
    });
    const { corpus, index } = await openCorpus({ corpusDir: dir, dataDir: null });
    expect(corpus.reports[0]?.date).toBeNull();
    const texts = answerQuestion(index, "survivors of the hotel").results.map((r) => r.text);
    expect(texts).toEqual(["Rescue teams searched the collapsed hotel for survivors."]);
  });
});
