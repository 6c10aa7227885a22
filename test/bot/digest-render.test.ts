import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_DIGEST_MESSAGES,
  digestPartOf,
  packBlocks,
  renderDigest,
  renderSubscribed,
  renderSubscriptions,
} from "../../src/bot/render/digest.js";
import { fitMessage, limitProblems, type ReplyData } from "../../src/bot/render/reply.js";
import { toMessageOptions } from "../../src/bot/send.js";
import type { DateSource } from "../../src/corpus/types.js";
import type { Digest, DigestReport } from "../../src/digest/build.js";
import type { SubscriptionView } from "../../src/digest/service.js";
import type { TimelineEvent } from "../../src/timeline/types.js";
import { hostileText } from "./support/arbitraries.js";
import { messageProblems } from "./support/checks.js";
import { digestReport } from "./support/digests.js";

const KEY = "sitrep-digest:k7dx:1743325200000";
const FROM = Date.UTC(2025, 2, 29, 9, 0);
const TO = Date.UTC(2025, 2, 30, 9, 0);

function event(date: string, quote: string, title = "Report 0"): TimelineEvent {
  const source = {
    reportId: "r0",
    reportTitle: title,
    reportFile: "r0.txt",
    reportDate: "2017-06-28",
    reportDateSource: "header" as DateSource,
    quote,
    start: 0,
    end: quote.length,
  };
  return {
    date,
    precision: "day",
    day: date,
    quote,
    reportId: "r0",
    reportDate: "2017-06-28",
    sources: [source],
    disputedDates: [],
  };
}

function digest(reports: DigestReport[], events: TimelineEvent[] = [], extra: Partial<Digest> = {}): Digest {
  return {
    topic: null,
    from: FROM,
    to: TO,
    reports,
    moreReports: 0,
    newReports: reports.length,
    timeline: events.length > 0 ? { topic: null, since: null, until: null, events } : null,
    catchUp: null,
    ...extra,
  };
}

/** Within every limit, balanced, ping-free, unchanged by the last-resort fit, mentions off on the wire. */
function expectSendable(data: ReplyData): void {
  expect(messageProblems(data)).toEqual([]);
  expect(fitMessage(data)).toEqual(data);
  const options = toMessageOptions(data);
  expect(options.allowedMentions).toEqual({ parse: [] });
  expect(limitProblems(options as ReplyData)).toEqual([]);
}

const description = (m: ReplyData | undefined) => m?.embeds?.[0]?.description ?? "";
const footer = (m: ReplyData | undefined) => m?.embeds?.[0]?.footer?.text ?? "";

describe("renderDigest", () => {
  it("lists each new report with its date and one quote, then the timeline; the run key ends the footer", () => {
    const messages = renderDigest(
      digest(
        [
          digestReport(1, { title: "Iraqi forces push into the Old City", source: "Wire" }),
          digestReport(2, { title: "West Mosul", date: "2017-06-27", dateSource: "inferred" }),
        ],
        [event("2016-10-17", "The offensive began on October 17, 2016.", "West Mosul")],
        { catchUp: { missedRuns: 2 } },
      ),
      { timeZone: "Europe/London", runKey: KEY },
    );
    expect(messages).toHaveLength(1);
    const [message] = messages;
    const text = description(message);
    expect(message?.embeds?.[0]?.title).toBe("Digest: new reports");
    expect(text).toContain("2 new reports since 2025-03-29 09:00 Europe/London (to 2025-03-30 10:00 Europe/London).");
    expect(text).toContain("Catch-up: this digest also covers 2 scheduled digests missed while Sitrep was offline.");
    expect(text).toContain(
      "**Iraqi forces push into the Old City** — 2017-06-28 · Wire\n> “Quote number 1 from the report.”",
    );
    expect(text).toContain("**West Mosul** — 2017-06-27 (inferred)");
    expect(text).toContain(
      "**Timeline of the events they add**\n**2016-10-17** “The offensive began on October 17, 2016.” — West Mosul",
    );
    expect(text.indexOf("Old City")).toBeLessThan(text.indexOf("Timeline"));
    expect(footer(message)).toBe(`2 new reports · quotes are verbatim · ${KEY}`);
    expect(message?.ephemeral).toBeUndefined();
    expectSendable(message as ReplyData);
  });

  it("splits a long digest across messages in order, with part numbers and the key only on the last", () => {
    const long = "A sentence that goes on and on about the battle for the city. ".repeat(12);
    const reports = Array.from({ length: 30 }, (_, i) => digestReport(i, {}, `${long}End ${i}.`));
    const events = Array.from({ length: 8 }, (_, i) => event(`2017-06-${String(10 + i)}`, `Event ${i} happened.`));
    const messages = renderDigest(digest(reports, events), { runKey: KEY });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(DEFAULT_MAX_DIGEST_MESSAGES);
    const all = messages.map(description).join("\n\n");
    const positions = reports.map((r) => all.indexOf(`**${r.title}**`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(all.indexOf("**Timeline")).toBeGreaterThan(positions[positions.length - 1] as number);
    messages.forEach((m, i) => {
      expect(digestPartOf(footer(m))).toEqual({ part: i + 1, of: messages.length });
      expect(footer(m).includes(KEY)).toBe(i === messages.length - 1);
      expect(m.embeds?.[0]?.title === undefined).toBe(i > 0);
      expectSendable(m);
    });
  });

  it("leaves out and counts the last reports when a digest would need too many messages", () => {
    const quote = "Word ".repeat(200);
    const reports = Array.from({ length: 100 }, (_, i) => digestReport(i, {}, quote));
    const messages = renderDigest(digest(reports, [], { moreReports: 20 }), { runKey: KEY, maxMessages: 3 });
    expect(messages).toHaveLength(3);
    const all = messages.map(description).join("\n\n");
    const shown = reports.filter((r) => all.includes(`**${r.title}**`)).length;
    expect(shown).toBeGreaterThan(3);
    expect(all).toContain(`…and ${100 - shown + 20} more new reports.`);
    expect(all).toContain("120 new reports since");
    expect(footer(messages[2])).toContain(KEY);
  });

  it("previews are ephemeral, titled as previews and carry no run key", () => {
    const messages = renderDigest(digest([digestReport(1)], [], { topic: "oil @everyone" }), { preview: true });
    expect(messages.every((m) => m.ephemeral === true)).toBe(true);
    expect(messages[0]?.embeds?.[0]?.title).toBe("Preview: the next digest");
    expect(description(messages[0])).toContain("1 new report about “oil @\u200beveryone”");
    expect(footer(messages[0])).toBe("Preview · nothing was posted · quotes are verbatim");
    expect(toMessageOptions(messages[0] as ReplyData).flags).toBe(64);
  });

  it("any digest, however hostile or huge, becomes sendable messages in order, key last (property)", () => {
    const reportArb = fc.record({
      title: hostileText(120),
      quote: fc.option(hostileText(3000), { nil: null }),
      source: fc.option(hostileText(60), { nil: null }),
      inferred: fc.boolean(),
      dated: fc.boolean(),
    });
    const eventArb = fc.record({ quote: hostileText(2000), title: hostileText(60) });
    fc.assert(
      fc.property(
        fc.array(reportArb, { maxLength: 60 }),
        fc.array(eventArb, { maxLength: 12 }),
        fc.option(hostileText(300), { nil: null }),
        fc.nat(500),
        fc.integer({ min: 1, max: 12 }),
        (raw, rawEvents, topic, more, maxMessages) => {
          // Each title starts with a marker, to follow the reports' order through the escaping.
          const reports = raw.map((r, i) =>
            digestReport(
              i,
              {
                title: `R${i}R ${r.title}`,
                source: r.source,
                date: r.dated ? "2017-06-28" : null,
                dateSource: r.inferred ? "inferred" : "header",
                excerpt: r.quote === null ? null : { text: r.quote, start: 0, end: 0, passageId: 0, reason: "topic" },
              },
              "",
            ),
          );
          const events = rawEvents.map((e, i) => event(`2017-06-${String(10 + (i % 18))}`, e.quote, e.title));
          const messages = renderDigest(digest(reports, events, { topic, moreReports: more }), {
            runKey: KEY,
            timeZone: "America/New_York",
            maxMessages,
          });
          expect(messages.length).toBeGreaterThanOrEqual(1);
          expect(messages.length).toBeLessThanOrEqual(maxMessages);
          messages.forEach((m, i) => {
            expectSendable(m);
            expect(footer(m).includes(KEY)).toBe(i === messages.length - 1);
          });
          const all = messages.map(description).join("\n\n");
          const positions = reports.map((_, i) => all.indexOf(`**R${i}R`)).filter((p) => p >= 0);
          // The reports shown are the first ones, in order; the rest are counted.
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          for (let i = 0; i < positions.length; i++) expect(all).toContain(`**R${i}R`);
          const left = reports.length - positions.length + more;
          if (left > 0) expect(all).toContain(`…and ${left} more new report`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("packs blocks without splitting them and never over the budget", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 150 }), { maxLength: 60 }),
        fc.integer({ min: 150, max: 600 }),
        (blocks, budget) => {
          const pages = packBlocks(blocks, budget);
          for (const page of pages) expect(page.length).toBeLessThanOrEqual(budget);
          expect(pages.join("\n\n")).toBe(blocks.filter((b) => b !== "").join("\n\n"));
        },
      ),
    );
  });
});

function view(overrides: Partial<SubscriptionView> = {}): SubscriptionView {
  return {
    id: "k7dx",
    guildId: "111111111111111111",
    channelId: "222222222222222222",
    schedule: "daily 09:00",
    timezone: "Europe/London",
    topic: null,
    status: "active",
    pausedReason: null,
    pausedAt: null,
    createdBy: "333333333333333333",
    createdAt: FROM,
    lastRunAt: null,
    lastPostAt: null,
    coveredSeq: 0,
    coveredUntil: FROM,
    description: "every day at 09:00 (Europe/London)",
    nextRun: new Date(TO),
    lastDelivery: null,
    ...overrides,
  };
}

describe("/digest replies", () => {
  it("subscribe confirms the id, the schedule, the channel and the next run in the digest's zone", () => {
    const data = renderSubscribed(view({ topic: "oil spill" }));
    expect(data.ephemeral).toBe(true);
    expect(data.content).toContain("Digest **k7dx** set up: every day at 09:00 (Europe/London) about “oil spill”");
    expect(data.content).toContain("posted in <#222222222222222222>");
    expect(data.content).toContain("The first one is due 2025-03-30 10:00 Europe/London.");
  });

  it("list shows next run, last post and last run, and paused digests with their reason", () => {
    const paused = view({
      id: "ab12",
      status: "paused",
      nextRun: null,
      pausedReason: "The channel was deleted (Discord error 10003), so this digest is paused.",
      lastPostAt: FROM,
      lastDelivery: {
        subscriptionId: "ab12",
        scheduledAt: TO,
        coveredFrom: FROM,
        coveredTo: TO,
        seqFrom: 1,
        seqTo: 2,
        status: "failed",
        messageIds: [],
        attempts: 1,
        error: "channel-gone: Unknown Channel",
        missedRuns: 0,
        claimedBy: null,
        leaseUntil: null,
        recordedAt: TO,
        updatedAt: TO,
      },
    });
    const [message, ...rest] = renderSubscriptions([view(), paused], true);
    expect(rest).toEqual([]);
    expect(message?.ephemeral).toBe(true);
    const text = description(message);
    expect(message?.embeds?.[0]?.title).toBe("Digests in this server (2)");
    expect(text).toContain("**k7dx** · every day at 09:00 (Europe/London) · <#222222222222222222>");
    expect(text).toContain("Next run: 2025-03-30 10:00 Europe/London");
    expect(text).toContain("Last post: never · Last run: none yet");
    expect(text).toContain("**Paused:** The channel was deleted (Discord error 10003), so this digest is paused.");
    expect(text).toContain("Last run: 2025-03-30 10:00 Europe/London, failed (channel-gone: Unknown Channel)");
    expect(limitProblems(message as ReplyData)).toEqual([]);
  });

  it("list says how to start when there is none, and splits 25 long entries within limits", () => {
    expect(renderSubscriptions([], false)[0]?.content).toContain("No digests in this conversation yet.");
    // A store that takes no writes is said first, on an empty list as on a full one.
    const problem = "The database at data/sitrep.db does not take writes (readonly); digests cannot be recorded.";
    expect(renderSubscriptions([], false, problem)[0]?.content).toMatch(/^⚠️ The database at data\/sitrep\.db/);
    const [first] = renderSubscriptions([view()], true, problem);
    expect(first?.embeds?.[0]?.description).toMatch(/^⚠️ The database at .*digests cannot be recorded\.\n\n/);
    const many = Array.from({ length: 25 }, (_, i) =>
      view({ id: `id${i}`, topic: "t".repeat(300), status: "paused", pausedReason: "r".repeat(400) }),
    );
    const messages = renderSubscriptions(many, true);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
    expect(
      messages
        .map(description)
        .join("\n")
        .match(/\*\*id\d+\*\*/g),
    ).toHaveLength(25);
  });
});
