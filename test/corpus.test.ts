import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CorpusError, EXTERNAL_LINK_REASON, loadCorpus, readCorpusFiles } from "../src/corpus/load.js";
import { MAX_PASSAGE_LENGTH, splitSentences } from "../src/corpus/sentences.js";
import { SEED_CORPUS, tempCorpus, tempDir } from "./helpers/corpus.js";

const PROSE = "Iraqi forces pushed into the Old City on Tuesday. Thousands of civilians fled the fighting.\n";

describe("loadCorpus: dates", () => {
  it("reads the first-line header with the body on the same line", async () => {
    const dir = tempCorpus({ "a.txt": ` date 2017-06-28 ${PROSE}` });
    const [report] = (await loadCorpus(dir)).reports;
    expect(report?.date).toBe("2017-06-28");
    expect(report?.dateSource).toBe("header");
    expect(report?.text.slice(report.bodyStart).startsWith("Iraqi forces")).toBe(true);
  });

  it("reads the header on a line of its own, as Timeline17 writes it", async () => {
    const dir = tempCorpus({ "a.txt": `date 2010-04-20\n${PROSE}` });
    const [report] = (await loadCorpus(dir)).reports;
    expect(report?.date).toBe("2010-04-20");
    const first = report?.passages.at(0);
    expect(first && report?.text.slice(first.start, first.end)).toBe(
      "Iraqi forces pushed into the Old City on Tuesday.",
    );
  });

  it("reads YAML front matter: title, date, source and url", async () => {
    const dir = tempCorpus({
      "b.md": `---\ntitle: Mosul falls\ndate: 2017-07-10\nsource: Wire\nurl: https://example.org/x\n---\n${PROSE}`,
    });
    const [report] = (await loadCorpus(dir)).reports;
    expect(report).toMatchObject({
      title: "Mosul falls",
      date: "2017-07-10",
      dateSource: "frontmatter",
      source: "Wire",
      url: "https://example.org/x",
    });
  });

  it("leaves a report without a date undated, never guessing", async () => {
    const dir = tempCorpus({ "c.txt": PROSE });
    const [report] = (await loadCorpus(dir)).reports;
    expect(report).toMatchObject({ date: null, dateSource: "none" });
  });

  it("loads a report with an impossible date as undated, with a warning", async () => {
    const dir = tempCorpus({
      "d.txt": `date 2017-13-45 ${PROSE}`,
      "e.md": `---\ndate: 2017-02-30\n---\n${PROSE} More.`,
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.reports).toHaveLength(2);
    for (const report of corpus.reports) {
      expect(report.date).toBeNull();
      expect(report.dateSource).toBe("none");
      expect(report.warnings.join(" ")).toMatch(/impossible date/);
    }
  });

  it("warns about malformed front matter and still loads the body", async () => {
    const dir = tempCorpus({ "f.md": `---\ntitle: [unclosed\n---\n${PROSE}` });
    const [report] = (await loadCorpus(dir)).reports;
    expect(report?.warnings.join(" ")).toMatch(/front matter is not valid YAML/);
    expect(report?.passages.length).toBe(2);
  });
});

describe("loadCorpus: bad input is rejected with a reason and the rest loads", () => {
  it("rejects each kind of bad file specifically", async () => {
    const dir = tempCorpus({
      "good.txt": PROSE,
      "empty.txt": "",
      "blank.md": "   \n\n\t\n",
      "binary.txt": new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]),
      "latin1.txt": new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]),
      "big.txt": `${"x".repeat(2000)}.`,
      "copy.txt": PROSE,
      "scan.pdf": "%PDF-1.4",
      "notes/README": "no extension",
    });
    const corpus = await loadCorpus(dir, { maxReportBytes: 1000 });
    const reasons = Object.fromEntries(corpus.rejected.map((r) => [r.file, r.reason]));
    expect(corpus.reports.map((r) => r.file)).toEqual(["copy.txt"]);
    expect(reasons).toEqual({
      "big.txt": expect.stringMatching(/over the 1000 B limit/),
      "binary.txt": expect.stringMatching(/binary file/),
      "blank.md": expect.stringMatching(/blank file/),
      "empty.txt": expect.stringMatching(/empty file/),
      "good.txt": "duplicate of copy.txt",
      "latin1.txt": expect.stringMatching(/not valid UTF-8/),
      "notes/README": expect.stringMatching(/unsupported no extension/),
      "scan.pdf": expect.stringMatching(/unsupported extension \.pdf/),
    });
  });

  it.skipIf(process.getuid?.() === 0)("rejects an unreadable file", async () => {
    const dir = tempCorpus({ "good.txt": PROSE, "locked.txt": "Secret. Text." });
    chmodSync(path.join(dir, "locked.txt"), 0o000);
    const corpus = await loadCorpus(dir);
    expect(corpus.rejected).toEqual([
      { file: "locked.txt", reason: expect.stringMatching(/cannot be read \(EACCES\)/) },
    ]);
  });

  it("rejects a file it cannot open, as root too (a link to nothing)", async () => {
    const dir = tempCorpus({ "good.txt": PROSE });
    const { symlinkSync } = await import("node:fs");
    symlinkSync(path.join(dir, "missing-target.txt"), path.join(dir, "dangling.txt"));
    const corpus = await loadCorpus(dir);
    expect(corpus.rejected).toEqual([{ file: "dangling.txt", reason: "file cannot be read (ENOENT)" }]);
    expect(corpus.reports).toHaveLength(1);
  });

  it("rejects something that is not a regular file (a named pipe)", async () => {
    const dir = tempCorpus({ "good.txt": PROSE });
    const { execFileSync } = await import("node:child_process");
    execFileSync("mkfifo", [path.join(dir, "pipe.txt")]);
    const corpus = await loadCorpus(dir);
    expect(corpus.rejected).toEqual([{ file: "pipe.txt", reason: "not a regular file (a named pipe)" }]);
    expect(corpus.reports).toHaveLength(1);
  });

  it("rejects UTF-16 text with a way out, with or without a byte-order mark", async () => {
    const text = "date 2017-01-01 Iraqi forces entered the Old City. Civilians fled.";
    const le = Buffer.from(text, "utf16le");
    const be = Buffer.from(le).swap16();
    const dir = tempCorpus({
      "le-bom.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      "be-bom.txt": Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      "le-plain.txt": le,
      "be-plain.txt": be,
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.reports).toEqual([]);
    expect(corpus.rejected.map((r) => r.reason)).toEqual(
      Array.from({ length: 4 }, () => "UTF-16 text: convert the file to UTF-8"),
    );
  });

  it("never changes a file", async () => {
    const dir = tempCorpus({ "a.txt": ` date 2017-13-45 ${PROSE}`, "b.bin": new Uint8Array([0, 1, 2]) });
    const before = ["a.txt", "b.bin"].map((f) => [
      readFileSync(path.join(dir, f)),
      statSync(path.join(dir, f)).mtimeMs,
    ]);
    await loadCorpus(dir);
    const after = ["a.txt", "b.bin"].map((f) => [readFileSync(path.join(dir, f)), statSync(path.join(dir, f)).mtimeMs]);
    expect(after).toEqual(before);
  });

  it("fails with a CorpusError for a missing folder", async () => {
    await expect(loadCorpus("/nonexistent/sitrep")).rejects.toThrow(CorpusError);
  });

  it("reads subfolders and gives them path ids", async () => {
    const dir = tempCorpus({ "iraq/mosul.md": PROSE, "top.txt": "Another report. It is short." });
    const corpus = await loadCorpus(dir);
    expect(corpus.reports.map((r) => r.id)).toEqual(["iraq/mosul", "top"]);
  });
});

describe("loadCorpus: boilerplate", () => {
  it("keeps gallery captions, gallery labels, prompts and bylines out of the passages", async () => {
    const corpus = await loadCorpus(SEED_CORPUS);
    const all = corpus.reports.flatMap((r) => r.passages.toArray().map((p) => r.text.slice(p.start, p.end)));
    expect(all.some((t) => /^\d+\/22\b/.test(t))).toBe(false);
    expect(all.some((t) => /In pictures:|Click to follow|The Independent Online|Additional reporting by/.test(t))).toBe(
      false,
    );
    const kinds = new Set(corpus.reports.flatMap((r) => r.boilerplate.map((b) => b.kind)));
    expect(kinds).toEqual(
      new Set(["photo-caption", "gallery-label", "social-prompt", "byline", "label", "repeated-paragraph"]),
    );
  });

  it("drops a block repeated across reports everywhere, and a single repeated paragraph from the later report only", async () => {
    const gallery =
      "A soldier stands at a checkpoint near the city at dawn\n\nFamilies walk past the ruins of the old market at noon\n\nSmoke rises over the western districts of the city tonight\n";
    const wire = "The United Nations said 50,000 residents were still trapped in the Old City.";
    const dir = tempCorpus({
      "a.txt": `date 2017-06-01 First report begins here with its own words.\n\n${gallery}\nIt goes on.\n\n${wire}\n`,
      "b.txt": `date 2017-06-02 Second report has a different opening sentence.\n\n${gallery}\nIt carries on.\n\n${wire}\n`,
    });
    const corpus = await loadCorpus(dir);
    const [a, b] = corpus.reports;
    const textOf = (r: typeof a) => r?.passages.toArray().map((p) => r.text.slice(p.start, p.end)) ?? [];
    expect(textOf(a)).toEqual(["First report begins here with its own words.", "It goes on.", wire]);
    expect(textOf(b)).toEqual(["Second report has a different opening sentence.", "It carries on."]);
    expect(b?.boilerplate.map((x) => x.kind)).toEqual([
      "repeated-block",
      "repeated-block",
      "repeated-block",
      "repeated-paragraph",
    ]);
  });

  it("keeps an article printed in two reports in the first one only, as it keeps a repeated paragraph", async () => {
    // A wire story in two feeds, or an update that repeats the story: a run of prose, not a box of links.
    const story = [
      "In a new lawsuit filed in Louisiana District Court on Wednesday, an actor and a friend claim they were tricked into selling shares.",
      "The company had developed a technology that separated oil from water and sold its machines to BP for the clean-up.",
      "The two men say they were misled about the deal and are asking the court for damages and a share of the profits.",
    ].join("\n");
    const dir = tempCorpus({
      "a.txt": `date 2010-12-22\nThe first feed opens with its own words.\n${story}\n`,
      "b.txt": `date 2010-12-23\nThe second feed opens with other words.\n${story}\n`,
    });
    const corpus = await loadCorpus(dir);
    const [a, b] = corpus.reports;
    const textOf = (r: typeof a) => r?.passages.toArray().map((p) => r.text.slice(p.start, p.end)) ?? [];
    // Dropped from both as a block, the story was in no passage at all.
    expect(textOf(a).some((text) => text.includes("tricked into selling shares"))).toBe(true);
    expect(textOf(b)).toEqual(["The second feed opens with other words."]);
    expect(b?.boilerplate.map((x) => x.kind)).toEqual([
      "repeated-paragraph",
      "repeated-paragraph",
      "repeated-paragraph",
    ]);
  });

  it("detects a headline as the title, else uses the first sentence", async () => {
    const corpus = await loadCorpus(SEED_CORPUS);
    const titles = Object.fromEntries(corpus.reports.map((r) => [r.id, r.title]));
    expect(titles["003_348ec045e6fa3069"]).toBe("Iraqi Troops Fight in Strategic Areas of West Mosul");
    expect(titles["004_ceb49da1b8e02d70"]).toMatch(/^Iraqi forces ‘only seven miles away’ from Mosul/);
    expect(titles["002_65310d27e48b504e"]).toMatch(/^Iraq will announce imminently a final victory.*…$/);
  });

  it("titles a headline scraped with its page's bullets by its first item, without the bullet", async () => {
    const titles = await titlesOf({
      "bullets.txt":
        "cents US government challenged over claims oil has evaporated cents Tests show oil is affecting phytoplankton\nGovernment scientists said this month that most of the oil had gone.\n",
      "after.txt":
        "City slashes another # 5bn off BP's value cents Cost of rescue efforts rises\nShares fell again on Tuesday as the bill grew.\n",
    });
    expect(titles).toEqual([
      "City slashes another # 5bn off BP's value",
      "US government challenged over claims oil has evaporated",
    ]);
  });

  it("titles a report that opens with its picture's caption by the sentence after it", async () => {
    const [title] = await titlesOf({
      "caption.txt":
        "date 2010-04-27\nApril 26: Weathered oil is seen on the surface of the Gulf of Mexico near the coast of Louisiana.\nBP said on Tuesday it would drill a relief well to stop the leak from its blown-out well in the Gulf.\n",
    });
    expect(title).toMatch(/^BP said on Tuesday it would drill a relief well/);
  });

  it("titles a report by its lead's own words, not the wire dateline before them", async () => {
    const [title] = await titlesOf({
      "wire.txt":
        "GENEVA | Wed Apr 29, 2009 7:31 pm EDT GENEVA (Reuters) - The World Health Organization said on Wednesday the world is at the brink of a pandemic.\n\nVaccine makers were on standby.\n",
    });
    expect(title).toMatch(/^The World Health Organization said on Wednesday/);
  });

  it("titles a wire story by its headline without the wire's version slug ('UPDATE 1-') or a picture's credit after it", async () => {
    const titles = await titlesOf({
      "a.txt":
        "date 2010-05-08\nUPDATE 1-Oil catcher dome hits snag near leak site\n\nThe dome was lowered on Friday.\n",
      "b.txt":
        "date 2010-07-16\nWRAPUP 11-BP says test shuts off oil leak from Gulf well\n\nThe test began on Thursday.\n",
      "c.txt":
        "date 2010-07-17\nBP to raise $50 billion for oil spill costs Credit: Reuters\\/Walter Shinn\\/U.\n\nThe company said so on Friday.\n",
    });
    expect(titles).toEqual([
      "BP says test shuts off oil leak from Gulf well",
      "BP to raise $50 billion for oil spill costs",
      "Oil catcher dome hits snag near leak site",
    ]);
  });

  it("titles a BBC page by its lead, not the byline glued to it", async () => {
    const titles = await titlesOf({
      "a.txt":
        "date 2010-05-01\nBy Richard Black Environment correspondent, BBC News The already threatened manatee could be a casualty of the spill. Divers went out.\n",
      "b.txt":
        "date 2010-05-02\nBy Finlo Rohrer BBC News, Washington Some experts believe high winds could cause helpful dispersal. Others do not.\n",
      "c.txt":
        "date 2010-05-03\nBy Laura Trevelyan BBC News, New Orleans Laura Trevelyan describes the atmosphere at the hearing. It was tense.\n",
    });
    expect(titles).toEqual([
      // Where the place ends and a name begins cannot be told: the place stays, as a dateline.
      "New Orleans Laura Trevelyan describes the atmosphere at the hearing.",
      "Some experts believe high winds could cause helpful dispersal.",
      "The already threatened manatee could be a casualty of the spill.",
    ]);
  });

  it("titles a report by its lead, not a dateline whose state ends in a full stop before the wire credit", async () => {
    const [title] = await titlesOf({
      "wire.txt":
        "date 2010-05-30\nBOOTHVILLE, La. -- BOOTHVILLE, La. (AP) -- The reality that the Gulf oil leak could keep flowing for months was setting in.\nChurches prayed.\n",
    });
    expect(title).toMatch(/^The reality that the Gulf oil leak/);
  });

  it("joins a wire story's stock code broken across two lines at its dot ('(HLX.' / 'N) is putting …')", async () => {
    const text =
      "date 2010-12-08\nHOUSTON, Dec 8 (Reuters) - Helix Energy Solutions Group Inc (HLX.\nN) is putting finishing touches on a spill response system.\nThe rig was owned by Transocean Ltd RIGN.\nN), based in Switzerland.\nStay away from BP.\nThe company said so.\n";
    expect(await passagesOf(text)).toEqual([
      "HOUSTON, Dec 8 (Reuters) - Helix Energy Solutions Group Inc (HLX.\nN) is putting finishing touches on a spill response system.",
      "The rig was owned by Transocean Ltd RIGN.\nN), based in Switzerland.",
      "Stay away from BP.",
      "The company said so.",
    ]);
  });

  it("joins a line a splitter broke after a party and state ('Rep. Michele Bachmann (R-Minn.)' / 'called …')", async () => {
    const text =
      "date 2010-06-18\nRep. Michele Bachmann (R-Minn.)\ncalled the escrow account a redistribution of wealth fund.\nThe vote was held (on Friday.)\nThe House adjourned.\n";
    expect(await passagesOf(text)).toEqual([
      "Rep. Michele Bachmann (R-Minn.)\ncalled the escrow account a redistribution of wealth fund.",
      "The vote was held (on Friday.)",
      "The House adjourned.",
    ]);
  });

  it("leaves out correction notes, contributors' credits and a graphic's sources", async () => {
    const text =
      "date 2010-05-08\nThe slick grew.\ncents This article was amended on 8 May 2010 to correct the figure.\nCNN's Frederik Pleitgen, Nic Robertson and Ian Lee contributed to this report.\n-- Reuters' Ed Stoddard contributed reporting\nSOURCES: BP, Gulf Coast Claims Facility, NOAA | The Washington Post - Oct. 20, 2010\nSOURCES: State and federal campaign disclosure records; Internal Reserve Service | The Washington Post - June 30, 2010\n";
    expect(await passagesOf(text)).toEqual(["The slick grew."]);
  });

  it("leaves out a publisher's disclaimer and the linked release before it", async () => {
    const text =
      "date 2009-05-04\nThe WHO counted 985 infections in 20 countries.\nCDC Recommends Flocked Swabs for Collection... \\* Reuters is not responsible for the content in this press release.\nwashingtonpost.com is not responsible for any content posted by third parties.\n";
    expect(await passagesOf(text)).toEqual(["The WHO counted 985 infections in 20 countries."]);
  });
});

/** The titles of a corpus of `files`, sorted. */
async function titlesOf(files: Record<string, string>): Promise<string[]> {
  return (await loadCorpus(tempCorpus(files))).reports.map((r) => r.title).sort();
}

/** The passages of one report made of `text`, as text. */
async function passagesOf(text: string): Promise<string[]> {
  const corpus = await loadCorpus(tempCorpus({ "report.txt": text }));
  return [...(corpus.reports[0]?.passages ?? [])].map((p) => text.slice(p.start, p.end));
}

describe("splitSentences", () => {
  const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

  it("loads a report whose one line holds 200,000 sentences (more than a call's arguments may number)", async () => {
    const dir = tempCorpus({
      "a.txt": `date 2020-01-01\n${"Yes. It is. ".repeat(100_000)}\n`,
      "b.txt": "date 2020-01-02\nThe ceasefire held.\n",
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.reports.map((r) => r.file)).toEqual(["a.txt", "b.txt"]);
    expect(corpus.passages.length).toBe(200_001);
  });

  it("keeps a closing quote mark that stands apart after the stop with its sentence", () => {
    expect(split("I used to say to her: ` Study right now! '")).toEqual(["I used to say to her: ` Study right now! '"]);
    expect(split("` I'm not sure what I have to submit. ' ' I don't trust them.")).toEqual([
      "` I'm not sure what I have to submit. ' '",
      "I don't trust them.",
    ]);
    expect(split("Our motto was ` All hands on deck. '” Then the leak began.")).toEqual([
      "Our motto was ` All hands on deck. '”",
      "Then the leak began.",
    ]);
    // A quote mark that opens the next word opens the next sentence.
    expect(split("Prices rose. 'Buy' signals followed.")).toEqual(["Prices rose.", "'Buy' signals followed."]);
  });

  it("makes each item of a bulleted list a sentence of its own, without its bullet", () => {
    // The Guardian's "•" reached Timeline17 as "cents".
    expect(
      split(
        "City slashes another # 5bn off BP's value cents Cost of rescue efforts exceeds $6m a day cents Drilling begins",
      ),
    ).toEqual([
      "City slashes another # 5bn off BP's value",
      "Cost of rescue efforts exceeds $6m a day",
      "Drilling begins",
    ]);
    expect(split("• First item • Second item.")).toEqual(["First item", "Second item."]);
    // A wire story's summary points, as scraped.
    expect(split(String.raw`\* Child dies in Texas of swine flu \* Death is first outside Mexico`)).toEqual([
      "Child dies in Texas of swine flu",
      "Death is first outside Mexico",
    ]);
    // A price is no bullet, nor a word in lower case after it.
    expect(split("Shares rose 5 cents To close higher. The bid was 2 cents, cents but not more.")).toEqual([
      "Shares rose 5 cents To close higher.",
      "The bid was 2 cents, cents but not more.",
    ]);
  });

  it("never starts a sentence at a wire credit ('La. (AP) --'): it continues its dateline", () => {
    expect(split("PENSACOLA BEACH, Fla. (AP) -- Tar balls washed ashore. (Photo) It rained.")).toEqual([
      "PENSACOLA BEACH, Fla. (AP) -- Tar balls washed ashore.",
      "(Photo) It rained.",
    ]);
  });

  it("survives titles, initials and dotted acronyms", () => {
    expect(split("Lt. Gen. Abdul-Wahab al-Saadi spoke. U.S. troops and George W. Bush were named. It ended.")).toEqual([
      "Lt. Gen. Abdul-Wahab al-Saadi spoke.",
      "U.S. troops and George W. Bush were named.",
      "It ended.",
    ]);
  });

  it("survives decimals and numbers", () => {
    expect(split("It freed an estimated 1.5million residents. About 0.4 sq mile remained.")).toEqual([
      "It freed an estimated 1.5million residents.",
      "About 0.4 sq mile remained.",
    ]);
  });

  it("keeps closing quotes with their sentence", () => {
    expect(split("“An announcement is imminent,” said Sofge. “They are desperate.” He left.")).toEqual([
      "“An announcement is imminent,” said Sofge.",
      "“They are desperate.”",
      "He left.",
    ]);
  });

  it("splits where scraped text lost the space after a full stop", () => {
    expect(split("The city fell.The army advanced into Mosul.")).toEqual([
      "The city fell.",
      "The army advanced into Mosul.",
    ]);
  });

  it("cuts an over-long sentence at whitespace, else at a code point", () => {
    expect(splitSentences("abc def ghi", 0, 11, 8).map((s) => "abc def ghi".slice(s.start, s.end))).toEqual([
      "abc def",
      "ghi",
    ]);
    const emoji = "😀".repeat(10);
    const pieces = splitSentences(emoji, 0, emoji.length, 5).map((s) => emoji.slice(s.start, s.end));
    expect(pieces.join("")).toBe(emoji);
    for (const piece of pieces) expect(piece).toMatch(/^(?:😀)+$/u);
  });

  it("returns trimmed spans inside the range, in order, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 400 }), (text) => {
        let previousEnd = 0;
        for (const span of splitSentences(text)) {
          expect(span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(span.end).toBeGreaterThan(span.start);
          const piece = text.slice(span.start, span.end);
          expect(piece).toBe(piece.trim());
          previousEnd = span.end;
        }
      }),
    );
  });
});

describe("loadCorpus: links and files outside the corpus", () => {
  const SECRET = "db_password = hunter2-not-for-quoting. It must never be quoted.\n";

  function outsideFile(): string {
    const outside = tempDir("sitrep-outside-");
    writeFileSync(path.join(outside, "config.txt"), SECRET);
    return outside;
  }

  it("rejects a link to a file outside the corpus folder, with the reason, and never reads it", async () => {
    const outside = outsideFile();
    const dir = tempCorpus({ "good.txt": PROSE });
    symlinkSync(path.join(outside, "config.txt"), path.join(dir, "leak.txt"));
    const corpus = await loadCorpus(dir);
    expect(corpus.reports.map((r) => r.file)).toEqual(["good.txt"]);
    expect(corpus.rejected).toEqual([{ file: "leak.txt", reason: EXTERNAL_LINK_REASON }]);
    expect(JSON.stringify(corpus)).not.toContain("hunter2");
  });

  it("rejects a linked folder outside the corpus folder", async () => {
    const outside = outsideFile();
    const dir = tempCorpus({ "good.txt": PROSE });
    symlinkSync(outside, path.join(dir, "elsewhere"));
    const corpus = await loadCorpus(dir);
    expect(corpus.rejected).toEqual([{ file: "elsewhere", reason: EXTERNAL_LINK_REASON }]);
    expect(JSON.stringify(corpus)).not.toContain("hunter2");
  });

  it("follows links that stay inside the corpus folder", async () => {
    const dir = tempCorpus({ "archive/2017/a.txt": PROSE });
    symlinkSync(path.join(dir, "archive/2017/a.txt"), path.join(dir, "latest.txt"));
    symlinkSync(path.join(dir, "archive/2017"), path.join(dir, "this-year"));
    const corpus = await loadCorpus(dir);
    // The linked folder was already read as archive/2017; the linked file is the same bytes again.
    expect(corpus.reports.map((r) => r.file)).toEqual(["archive/2017/a.txt"]);
    expect(corpus.rejected).toEqual([{ file: "latest.txt", reason: "duplicate of archive/2017/a.txt" }]);
  });

  it("follows an outside link only when asked to", async () => {
    const outside = outsideFile();
    const dir = tempCorpus({ "good.txt": PROSE });
    symlinkSync(path.join(outside, "config.txt"), path.join(dir, "shared.txt"));
    const corpus = await loadCorpus(dir, { followExternalLinks: true });
    expect(corpus.reports.map((r) => r.file)).toEqual(["good.txt", "shared.txt"]);
  });

  it.skipIf(!existsSync("/proc/self/status"))(
    "refuses /proc files even when outside links are allowed: the limit holds for the bytes read",
    async () => {
      const dir = tempCorpus({ "good.txt": PROSE });
      symlinkSync("/proc/self/status", path.join(dir, "status.txt"));
      const generated = await loadCorpus(dir, { followExternalLinks: true });
      expect(generated.rejected).toEqual([
        { file: "status.txt", reason: "not a regular file (generated when read, as in /proc)" },
      ]);
      // stat says 0 bytes; what is read is over 100, and that is what counts.
      const small = await loadCorpus(dir, { followExternalLinks: true, maxReportBytes: 100 });
      expect(small.rejected).toEqual([
        { file: "status.txt", reason: "file is over 100 B, over the 100 B limit for a report" },
      ]);
      expect(JSON.stringify([generated, small])).not.toMatch(/VmRSS|TracerPid/);
    },
  );

  it.skipIf(!existsSync("/dev/null"))("rejects a device", async () => {
    const dir = tempCorpus({ "good.txt": PROSE });
    symlinkSync("/dev/null", path.join(dir, "null.txt"));
    const corpus = await loadCorpus(dir, { followExternalLinks: true });
    expect(corpus.rejected).toEqual([{ file: "null.txt", reason: "not a regular file (a device)" }]);
  });
});

describe("loadCorpus: a report without sentence breaks", () => {
  it("becomes many bounded passages, each verbatim, together covering the text", async () => {
    const words = ["militants", "advanced", "through", "the", "old", "city", "while", "civilians", "fled"];
    const line = Array.from({ length: 300_000 }, (_, i) => words[i % words.length]).join(" ");
    expect(line.length).toBeGreaterThan(1_900_000);
    const dir = tempCorpus({ "one-line.txt": `date 2017-01-01\n${line}\n` });
    const [report, ...others] = (await loadCorpus(dir)).reports;
    expect(others).toEqual([]);
    if (!report) throw new Error("the one-line report did not load");
    expect(report.passages.length).toBeGreaterThan(line.length / MAX_PASSAGE_LENGTH);
    for (const p of report.passages) {
      expect(p.end - p.start).toBeLessThanOrEqual(MAX_PASSAGE_LENGTH);
      // Cut at whitespace: no word is split in two.
      expect(report.text[p.start - 1] ?? " ").toMatch(/\s/);
      expect(report.text[p.end] ?? " ").toMatch(/\s/);
    }
    const covered = report.passages
      .toArray()
      .map((p) => report.text.slice(p.start, p.end))
      .join(" ");
    expect(covered).toBe(line);
  });
});

describe("readCorpusFiles: texts decoded in batches", () => {
  it("gives every file its own text exactly, whatever its characters, across batch boundaries", async () => {
    const samples = [
      "plain ASCII report",
      "café in Mosul, naïve Ç",
      "Isis’s fighters — “quoted”",
      "a four-byte 𝔘 and an emoji 🙂 between",
      "\uFEFFa byte-order mark first",
      "   \u00A0\u2003 leading spaces",
    ];
    // Enough text (over 1 MiB for each kind) that each kind is decoded in more than one batch.
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) {
      const sample = samples[i % samples.length] ?? "";
      files[`r${String(i).padStart(2, "0")}.txt`] = `${sample} ${i}\n`.repeat(1 + ((i * 7919) % 4000));
    }
    files["blank.txt"] = " \u00A0\u3000\n";
    files["only-wide.txt"] = "日本語のテキスト";
    const dir = tempCorpus(files);
    const read = await readCorpusFiles(dir);
    expect(read.rejected).toEqual([{ file: "blank.txt", reason: "blank file (only whitespace)" }]);
    expect(read.files.map((f) => f.file)).toEqual(
      Object.keys(files)
        .filter((f) => f !== "blank.txt")
        .sort(),
    );
    for (const file of read.files) expect(file.text).toBe(readFileSync(path.join(dir, file.file), "utf8"));
  });

  it("keeps a byte-order mark that opens a batch, as reading the file alone keeps it", async () => {
    const dir = tempCorpus({ "a.txt": "\uFEFFa report with a byte-order mark\n", "b.txt": "then “another”\n" });
    const read = await readCorpusFiles(dir);
    expect(read.files.map((f) => f.text)).toEqual(["\uFEFFa report with a byte-order mark\n", "then “another”\n"]);
  });
});

describe("readCorpusFiles: signatures", () => {
  it("trusts a file's signature at once with settleMs 0, even one stamped after the clock's current millisecond", async () => {
    const dir = tempCorpus({ "a.txt": "date 2017-01-01\nThe river rose.\n" });
    // A timestamp ahead of Date.now(), as a file changed within the current millisecond has.
    const ahead = new Date(Date.now() + 1000);
    utimesSync(path.join(dir, "a.txt"), ahead, ahead);
    const [trusted] = (await readCorpusFiles(dir, { settleMs: 0 })).files;
    expect(trusted?.signature).not.toBe("");
    const [unsettled] = (await readCorpusFiles(dir)).files;
    expect(unsettled?.signature).toBe("");
  });
});

describe("loadCorpus: hash", () => {
  it("changes when a report or the alias file changes, and not otherwise", async () => {
    const dir = tempCorpus({ "a.txt": PROSE });
    const first = (await loadCorpus(dir)).hash;
    expect((await loadCorpus(dir)).hash).toBe(first);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path.join(dir, "aliases.yml"), "- [IS, Isis]\n");
    const second = (await loadCorpus(dir)).hash;
    expect(second).not.toBe(first);
    writeFileSync(path.join(dir, "a.txt"), `${PROSE}More text.`);
    expect((await loadCorpus(dir)).hash).not.toBe(second);
  });

  it("reports a malformed alias file and loads the reports anyway", async () => {
    const dir = tempCorpus({ "a.txt": PROSE, "aliases.yml": "just: a mapping\n" });
    const corpus = await loadCorpus(dir);
    expect(corpus.rejected).toEqual([{ file: "aliases.yml", reason: expect.stringMatching(/alias file ignored/) }]);
    expect(corpus.reports).toHaveLength(1);
  });
});
