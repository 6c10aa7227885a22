import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, type BotOptions, createBot } from "../../src/bot/bot.js";
import { SitrepDatabase } from "../../src/store/database.js";
import { loadCommands } from "../../src/bot/commands.js";
import { buildCustomId, parseCustomId } from "../../src/bot/custom-id.js";
import { GENERIC_ERROR_MESSAGE } from "../../src/bot/errors.js";
import { registerCommands } from "../../src/bot/register.js";
import type { Command } from "../../src/bot/types.js";
import { createLogger } from "../../src/logger.js";
import { LiveCorpus, type OpenedCorpus, openCorpus } from "../../src/sitrep.js";
import { buildTimeline } from "../../src/timeline/build.js";
import { SEED_CORPUS } from "../helpers/corpus.js";
import { type PngFacts, pngFacts } from "../helpers/png.js";
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedMessage,
  type EmulatedUser,
  type InteractionHandle,
  type RecordedRequest,
  textOf,
} from "../support/discord-emulator/index.js";

/**
 * The real bot (real discord.js Client, real commands, real index over the seed corpus) against the
 * Discord emulator. Tests run in order and share one emulator; bot A serves until the restart test,
 * then bot B (slow on purpose, to exercise deferral and shutdown) takes over.
 */

const MILITANTS = "How many militants are left in Mosul?";
/**
 * Four answers, so two pages of three. (MILITANTS has one: a "how many" question takes answers only
 * from passages with a number, so "Baghdadi has left the fighting in Mosul" is none of them.)
 */
const PAGED = "Militants left fighting in Mosul";
/** Too long to travel inline in a custom id: its buttons depend on the persisted state store. */
const LONG_QUESTION = "Where are the Iraqi forces fighting Isis militants in Mosul and how many civilians fled?";
const WEST_MOSUL = "Iraqi Troops Fight in Strategic Areas of West Mosul";
const SLOW_MS = 700;

interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

describe("Sitrep bot end to end", () => {
  let emu: DiscordEmulator;
  let guild: EmulatedGuild;
  let general: EmulatedChannel;
  let seed: OpenedCorpus;
  let live: LiveCorpus;
  let commands: Map<string, Command>;
  let bot: Bot;
  let work: string;
  const logText: string[] = [];
  const logs = (): LogRecord[] => logText.map((line) => JSON.parse(line) as LogRecord);
  const logger = createLogger("debug", { write: (line: string) => logText.push(line) });
  let userCount = 0;
  /** Saved by early tests, clicked after the restart. */
  const old: {
    short?: EmulatedMessage;
    long?: EmulatedMessage;
    context?: EmulatedMessage;
    /** Who asked for `short` and `long`: only they turn those pages in place. */
    askers?: Map<EmulatedMessage, EmulatedUser>;
  } = { askers: new Map() };

  /** A fresh user per test keeps the per-user rate limit out of the way. */
  const freshUser = (): EmulatedUser => emu.addUser({ username: `reader${++userCount}` });

  /** The store a restarted bot opens again: SQLite in the data folder, as `npm start` does. */
  const openDatabase = () => SitrepDatabase.open({ dataDir: path.join(work, "data") });

  function botOptions(extra: Partial<BotOptions> = {}): BotOptions {
    return {
      token: emu.token,
      live,
      logger,
      commands,
      clientOptions: emu.clientOptions(),
      buildTimeline: async (opened, options) => {
        if (options.topic === "explode") throw new Error(`timeline exploded (token ${emu.token} must not leak)`);
        return buildTimeline(opened, options);
      },
      ...extra,
    };
  }

  function ask(user: EmulatedUser, options: Record<string, string>, extra: { deadlineMs?: number } = {}) {
    return emu.injectCommand({ name: "ask", channelId: general.id, user, options, ...extra });
  }

  function click(message: EmulatedMessage, label: string, user: EmulatedUser): InteractionHandle {
    const button = buttons(message).find((b) => b.label === label);
    if (!button) throw new Error(`no "${label}" button on ${message.id}: ${JSON.stringify(buttons(message))}`);
    return emu.injectButton({ customId: button.custom_id, message, user });
  }

  function buttons(message: EmulatedMessage): { label: string; custom_id: string; disabled?: boolean }[] {
    return message.components.flatMap(
      (row) => (row.components as unknown as { label: string; custom_id: string; disabled?: boolean }[]) ?? [],
    );
  }

  function description(message: EmulatedMessage | null | undefined): string {
    const embed = message?.embeds[0] as { description?: string } | undefined;
    return embed?.description ?? "";
  }

  function footer(message: EmulatedMessage | null | undefined): string {
    return ((message?.embeds[0] as { footer?: { text?: string } } | undefined)?.footer?.text as string) ?? "";
  }

  /**
   * The timeline picture on a message, checked as Discord would show it: one PNG attachment named
   * timeline.png that the embed displays, whose bytes are a PNG of the size the attachment states.
   */
  function picture(message: EmulatedMessage | null | undefined): PngFacts {
    expect(message?.attachments).toHaveLength(1);
    const attachment = message?.attachments[0] ?? {};
    expect(attachment).toMatchObject({ filename: "timeline.png", content_type: "image/png" });
    expect((message?.embeds[0] as { image?: { url?: string } } | undefined)?.image?.url).toBe(
      "attachment://timeline.png",
    );
    const file = emu.attachmentFile(attachment.id as string);
    if (!file) throw new Error(`no bytes recorded for attachment ${attachment.id as string}`);
    const facts = pngFacts(file.bytes);
    expect(attachment).toMatchObject({ size: file.bytes.length, width: facts.width, height: facts.height });
    expect(facts.width).toBeGreaterThanOrEqual(1000);
    expect(facts.height).toBeGreaterThanOrEqual(400);
    return facts;
  }

  /**
   * Waits until the user sees a final answer (not "thinking…") and returns it. The default waits of
   * these helpers are deadlines for a hung bot, generous for a busy machine; Discord's own windows
   * are checked where they matter (callback times, waitForAck).
   */
  async function answered(handle: InteractionHandle, ms = 15_000): Promise<EmulatedMessage> {
    const view = await handle.waitFor((v) => v.acknowledged && !v.thinking && v.original !== null, ms, "an answer");
    return view.original as EmulatedMessage;
  }

  /** The bot's reply to `message`, once it has been posted. */
  async function replyTo(message: EmulatedMessage, ms = 15_000): Promise<EmulatedMessage> {
    await emu.waitForRequest(
      (r) =>
        r.method === "POST" &&
        r.path === `/channels/${message.channel_id}/messages` &&
        r.status === 200 &&
        JSON.stringify(r.body).includes(`"message_id":"${message.id}"`),
      ms,
    );
    const reply = emu
      .messagesIn(message.channel_id)
      .find((m) => m.author.id === emu.botUser.id && m.message_reference?.message_id === message.id);
    if (!reply) throw new Error(`no reply to message ${message.id} in channel ${message.channel_id}`);
    return reply;
  }

  /** An ephemeral message shown to the user: the reply itself, or a follow-up. */
  async function ephemeralText(handle: InteractionHandle, ms = 10_000): Promise<string> {
    const view = await handle.waitFor(
      (v) => [v.original, ...v.followups].some((m) => m !== null && (m.flags & 64) !== 0 && !(m.flags & 128)),
      ms,
      "an ephemeral message",
    );
    const message = [view.original, ...view.followups].find((m) => m !== null && (m.flags & 64) !== 0);
    return message ? textOf(message) : "";
  }

  /** Waits for a button's deferred update to be applied to its message. */
  async function edited(handle: InteractionHandle, ms = 15_000): Promise<void> {
    await handle.waitFor(() => handle.responses().some((e) => e.kind === "edit_original"), ms, "the message update");
  }

  function callbacks(handle: InteractionHandle): number[] {
    return handle
      .responses()
      .filter((e) => e.kind === "callback")
      .map((e) => e.callbackType ?? -1);
  }

  async function until(check: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await sleep(10);
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "sitrep-bot-e2e-"));
    emu = await DiscordEmulator.start({ heartbeatIntervalMs: 1_000 });
    guild = emu.addGuild({ name: "Newsroom" });
    general = emu.addTextChannel(guild.id, { name: "general" });
    seed = await openCorpus({ corpusDir: SEED_CORPUS, dataDir: path.join(work, "data") });
    live = new LiveCorpus(seed);
    commands = await loadCommands();
    // What `npm run deploy-commands` does, against the emulator.
    await registerCommands({ token: emu.token, clientId: emu.applicationId, api: emu.restBase, commands, logger });
    bot = createBot(botOptions({ database: await openDatabase() }));
    await bot.start();
  });

  afterAll(async () => {
    await bot?.stop();
    await emu?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("registers every command for servers and DMs, guild and user installs", () => {
    const registered = emu.commands();
    expect(registered.map((c) => c.name).sort()).toEqual(["ask", "digest", "help", "reports", "timeline"]);
    for (const command of registered) {
      expect(command.contexts).toEqual([0, 1, 2]);
      expect(command.integration_types).toEqual([0, 1]);
    }
    const askOptions = registered.find((c) => c.name === "ask")?.options as { name: string; [k: string]: unknown }[];
    expect(askOptions.find((o) => o.name === "question")).toMatchObject({ required: true, max_length: 300 });
    expect(askOptions.find((o) => o.name === "source")).toMatchObject({ autocomplete: true });
  });

  it("/ask defers, then answers with quotes, bold matches, sources and dates, paged with buttons", async () => {
    const user = freshUser();
    const handle = ask(user, { question: PAGED });
    const message = await answered(handle);
    expect(callbacks(handle)).toEqual([5]);
    expect(handle.responses().map((e) => e.kind)).toEqual(["callback", "edit_original"]);
    const text = description(message);
    expect(text).toContain("fewer than 300 **militants** **left** in **Mosul**");
    expect(text).toContain("— Iraqi forces have managed to push the last remnants of Isis in Mosul");
    // Undated: its one full date is a photo caption's, which is not evidence of publication.
    expect(text).toContain(`— ${WEST_MOSUL} · undated`);
    expect(footer(message)).toMatch(/^Page 1\/2 · 6 quotes/);
    expect(buttons(message).map((b) => b.label)).toEqual([
      "Show context 1",
      "Show context 2",
      "Show context 3",
      "◀ Previous",
      "Next ▶",
    ]);
    old.short = message;
    old.askers?.set(message, user);

    const next = click(message, "Next ▶", user);
    await next.waitFor((v) => footer(v.original).startsWith("Page 2/2"), 3_000, "page 2");
    expect(callbacks(next)).toEqual([6]);
    const page2 = next.view().original as EmulatedMessage;
    expect(description(page2)).toMatch(/^\*\*4\.\*\* “/);
    expect(buttons(page2).find((b) => b.label === "Next ▶")?.disabled).toBe(true);

    const context = click(message, "Show context 1", user);
    const shown = await ephemeralText(context);
    expect(callbacks(context)).toEqual([4]);
    expect(shown).toContain("Context — Iraqi forces have managed to push");
    expect(shown).toContain("**There are thought to be fewer than 300 militants left in Mosul");
    expect(shown).toContain("Those that are left, however, are intent on fighting to the death.");
    old.context = message;
  });

  it("pages a public answer only for its asker; anyone else gets their own ephemeral copy", async () => {
    const asker = freshUser();
    const other = freshUser();
    const message = await answered(ask(asker, { question: PAGED }));
    expect(footer(message)).toMatch(/^Page 1\/2/);

    const ephemeral = (m: EmulatedMessage | null) => m !== null && (m.flags & 64) !== 0 && !(m.flags & 128);
    const theirs = click(message, "Next ▶", other);
    const copy = await theirs.waitFor((v) => [v.original, ...v.followups].some(ephemeral), 3_000, "a copy");
    expect(footer([copy.original, ...copy.followups].find(ephemeral))).toMatch(/^Page 2\/2/);
    expect(footer(emu.message(message.id))).toMatch(/^Page 1\/2/);

    // The mention's reply belongs to the one who mentioned.
    const mentioned = emu.injectMessage({ channelId: general.id, author: asker, mentionBot: true, content: PAGED });
    const reply = await replyTo(mentioned);
    const stranger = click(reply, "Next ▶", other);
    await stranger.waitFor((v) => [v.original, ...v.followups].some(ephemeral), 3_000, "a copy");
    expect(footer(emu.message(reply.id))).toMatch(/^Page 1\/2/);

    const own = click(message, "Next ▶", asker);
    await own.waitFor(() => footer(emu.message(message.id)).startsWith("Page 2/2"), 3_000, "page 2 in place");
  });

  it("pages a long question whose state is kept in the store", async () => {
    const user = freshUser();
    const message = await answered(ask(user, { question: LONG_QUESTION }));
    const next = buttons(message).find((b) => b.label === "Next ▶");
    expect(parseCustomId(next?.custom_id ?? "")?.state.startsWith("k")).toBe(true);
    old.long = message;
    old.askers?.set(message, user);
  });

  it("autocompletes sources by title and restricts /ask to the chosen report", async () => {
    const user = freshUser();
    const complete = emu.injectAutocomplete({
      name: "ask",
      channelId: general.id,
      user,
      options: { question: "militants", source: "west" },
      focused: "source",
    });
    const view = await complete.waitFor((v) => v.autocompleteChoices !== null, 3_000, "choices");
    const choices = view.autocompleteChoices as { name: string; value: string }[];
    expect(choices).toEqual([{ name: `${WEST_MOSUL} · undated`, value: expect.any(String) }]);
    const message = await answered(ask(user, { question: PAGED, source: choices[0]?.value ?? "" }));
    expect(description(message)).toContain(`Only in: ${WEST_MOSUL}`);
    expect(description(message).match(/^— /gm)?.every(Boolean)).toBe(true);
    expect(description(message)).not.toContain("Iraqi forces have managed");
  });

  it("refuses bad input with specific ephemeral messages, before doing any work", async () => {
    const user = freshUser();
    const cases: [Record<string, string>, RegExp][] = [
      [{ question: "x".repeat(301) }, /The question is 301 characters long; the limit is 300/],
      [{ question: "\u200b\u2060\u3164".repeat(100) }, /^The question is empty\./],
      [
        { question: MILITANTS, since: "June 2017" },
        /`since` must be a date written YYYY-MM-DD, e\.g\. 2017-06-28 \(got “June 2017”\)/,
      ],
      [{ question: MILITANTS, until: "2017-02-30" }, /`until` must be a date written YYYY-MM-DD/],
      [
        { question: MILITANTS, source: "The Daily <@&1> Planet" },
        /No report matches source “The Daily \\<@&1\\> Planet”/,
      ],
    ];
    for (const [options, expected] of cases) {
      const handle = ask(freshUser(), options);
      expect(await ephemeralText(handle)).toMatch(expected);
      expect(callbacks(handle)).toEqual([4]);
      const body = handle.responses()[0]?.body as { data: { flags: number; allowed_mentions: unknown } };
      expect(body.data.flags).toBe(64);
      expect(body.data.allowed_mentions).toEqual({ parse: [] });
    }
    expect(user).toBeDefined();
  });

  it("says when no report covers a question, with near misses clearly labelled", async () => {
    const message = await answered(ask(freshUser(), { question: "What did the militants eat for breakfast?" }));
    const text = description(message);
    expect(text.startsWith("No report covers this.")).toBe(true);
    if (text.includes("Closest")) expect(text).toContain("**Closest passages (not answers)**");
    expect(text).not.toMatch(/\*\*1\.\*\*/);
  });

  it("/timeline shows dated events in order with quotes and sources, paged, with context", async () => {
    const user = freshUser();
    const handle = emu.injectCommand({ name: "timeline", channelId: general.id, user });
    // The first picture starts the chart thread, which loads Vega: slow on a busy machine.
    const message = await answered(handle, 15_000);
    expect(callbacks(handle)).toEqual([5]);
    expect(picture(message).corner).toBe("#ffffff");
    const text = description(message);
    const dates = [...text.matchAll(/^\*\*\d+\. (?:week of )?([\d-]+)\*\*/gm)].map((m) => m[1] ?? "");
    expect(dates.length).toBe(5);
    expect([...dates].sort()).toEqual(dates);
    expect(text).toMatch(/“[^”]+”\n— .+ · \d{4}-\d{2}-\d{2}/);
    expect(footer(message)).toMatch(/^Page 1\/\d+ · \d+ events, oldest first/);
    const next = click(message, "Next ▶", user);
    await next.waitFor((v) => footer(v.original).startsWith("Page 2/"), 10_000, "timeline page 2");
    expect(description(next.view().original)).toMatch(/^\*\*6\. /);
    // The page's edit replaces the picture rather than adding a second one.
    expect(picture(next.view().original).width).toBe(picture(message).width);
    const context = click(message, "Show context 1", user);
    expect(await ephemeralText(context)).toMatch(/^Context — /);
  });

  it("/timeline with topic and range; an unexpected failure is logged with context, answered generically", async () => {
    const user = freshUser();
    const topical = await answered(
      emu.injectCommand({
        name: "timeline",
        channelId: general.id,
        user,
        options: { topic: "Mosul", since: "2016-01-01", theme: "dark" },
      }),
      10_000,
    );
    expect(picture(topical).corner).toBe("#313338");
    expect((topical.embeds[0] as { title?: string }).title).toBe("Timeline: Mosul");
    expect(description(topical)).toMatch(/^Reports published 2016-01-01 to now/);

    const boom = emu.injectCommand({ name: "timeline", channelId: general.id, user, options: { topic: "explode" } });
    expect(await ephemeralText(boom)).toBe(GENERIC_ERROR_MESSAGE);
    // The public "thinking…" is removed so the error is only seen by the user.
    expect(boom.view().original).toBeNull();
    const failure = logs().find((r) => r.msg === "request failed" && r.interactionId === boom.id);
    expect(failure).toMatchObject({
      level: 50,
      command: "timeline",
      userId: user.id,
      guildId: guild.id,
      interactionId: boom.id,
    });
    expect(JSON.stringify(failure)).toContain("timeline exploded (token [redacted] must not leak)");
  });

  it("/reports lists titles, dates and passage counts; /help explains with examples", async () => {
    const user = freshUser();
    const reports = await answered(emu.injectCommand({ name: "reports", channelId: general.id, user }));
    const text = description(reports);
    expect(text).toMatch(/^5 reports/);
    expect(text).toContain(`${WEST_MOSUL} — undated · 14 passages`);
    const help = emu.injectCommand({ name: "help", channelId: general.id, user });
    const shown = await ephemeralText(help);
    expect(shown).toContain("Sitrep answers questions about 5 dated news reports");
    expect(shown).toContain("/ask question: How many people have fled Mosul?");
  });

  it("/digest says digests are not available when the bot runs without them", async () => {
    const user = freshUser();
    const handle = emu.injectCommand({ name: "digest", subcommand: "list", channelId: general.id, user });
    expect(await ephemeralText(handle)).toBe("Digests are not available right now.");
    const zones = emu.injectAutocomplete({
      name: "digest",
      subcommand: "subscribe",
      channelId: general.id,
      user,
      options: { schedule: "daily 09:00", timezone: "lon" },
      focused: "timezone",
    });
    expect((await zones.waitFor((v) => v.autocompleteChoices !== null)).autocompleteChoices).toEqual([]);
  });

  it("works as a user-installed app in DMs: slash commands and plain messages", async () => {
    const user = freshUser();
    const slash = emu.injectCommand({ name: "ask", dm: true, user, options: { question: MILITANTS } });
    expect(description(await answered(slash))).toContain("**militants**");

    const question = emu.injectMessage({ dm: true, author: user, content: MILITANTS });
    const reply = await replyTo(question);
    expect(reply.channel_id).toBe(emu.dmChannel(user).id);
    expect(description(reply)).toContain("fewer than 300 **militants**");

    // Typed as people chat: a greeting, Discord's markup and a custom emoji around the question.
    const chatty = emu.injectMessage({
      dm: true,
      author: freshUser(),
      content: `hey sitrep, **${MILITANTS}** <:pepeThink:123456789012345678> <:catJam:223456789012345678> https://example.com/live-updates-thread thx`,
    });
    expect(description(await replyTo(chatty))).toContain("fewer than 300 **militants**");

    // Waits for the reply to this very message: the previous reply's ids or nonce may contain "400" too.
    const tooLong = emu.injectMessage({ dm: true, author: user, content: "y".repeat(400) });
    expect((await replyTo(tooLong)).content).toMatch(/The question is 400 characters long; the limit is 300/);
  });

  it("answers @mentions in a server as replies, and ignores other bots and unaddressed messages", async () => {
    const user = freshUser();
    const otherBot = emu.addUser({ username: "otherbot", bot: true });
    const before = emu.messagesIn(general.id).length;
    const fromBot = emu.injectMessage({
      channelId: general.id,
      author: otherBot,
      mentionBot: true,
      content: MILITANTS,
    });
    emu.injectMessage({ channelId: general.id, author: user, content: "just chatting about Mosul" });
    const question = emu.injectMessage({ channelId: general.id, author: user, mentionBot: true, content: MILITANTS });
    await emu.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${general.id}/messages` && r.status === 200,
      4_000,
    );
    await sleep(150);
    const replies = emu
      .messagesIn(general.id)
      .slice(before)
      .filter((m) => m.author.id === emu.botUser.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.message_reference).toMatchObject({ message_id: question.id });
    expect(replies[0]?.message_reference).not.toMatchObject({ message_id: fromBot.id });
    expect(description(replies[0])).toContain("**militants**");
    expect(replies[0]?.mentions).toEqual([]);
  });

  it("quotes a report containing @everyone and role mentions without pinging anyone; live corpus swaps", async () => {
    const dir = mkdtempSync(path.join(work, "hostile-"));
    writeFileSync(
      path.join(dir, "evacuation.md"),
      "---\ntitle: Evacuation **order** for @everyone\ndate: 2017-07-01\n---\n" +
        "Officials told @everyone in the Old City, residents of <@&123456789012345678> districts and **all** " +
        "__zones__ alike, to evacuate before the assault.\n",
    );
    for (let i = 1; i <= 11; i++) {
      writeFileSync(
        path.join(dir, `filler-${String(i).padStart(2, "0")}.md`),
        `---\ntitle: Filler ${i}\ndate: 2017-01-${String(i).padStart(2, "0")}\n---\nNothing happened on day ${i}.\n`,
      );
    }
    writeFileSync(path.join(dir, "empty.txt"), "");
    live.replace(await openCorpus({ corpusDir: dir, dataDir: path.join(work, "hostile-data") }));
    try {
      const user = freshUser();
      const handle = ask(user, { question: "Who was told to evacuate?" });
      const message = await answered(handle);
      const text = description(message);
      expect(text).toContain(
        "“Officials **told** @\u200beveryone in the Old City, residents of \\<@&123456789012345678\\> districts and " +
          "\\*\\*all\\*\\* \\_\\_zones\\_\\_ alike, to **evacuate** before the assault.”",
      );
      expect(text).toContain("— Evacuation \\*\\*order\\*\\* for @\u200beveryone · 2017-07-01");
      const edit = emu.requests.find((r) => r.method === "PATCH" && r.path.includes(handle.token));
      expect((edit?.body as { allowed_mentions?: unknown } | undefined)?.allowed_mentions).toEqual({ parse: [] });
      expect(message.mention_everyone).toBe(false);
      expect(message.mentions).toEqual([]);

      // A context button made for the seed corpus cannot open passages of another corpus.
      const stale = click(old.context as EmulatedMessage, "Show context 1", user);
      expect(await ephemeralText(stale)).toBe("This result has expired — run /ask again.");

      const reports = await answered(emu.injectCommand({ name: "reports", channelId: general.id, user }));
      expect(description(reports)).toMatch(/^12 reports, 1 file not loaded/);
      expect(footer(reports)).toMatch(/^Page 1\/2/);
      const next = click(reports, "Next ▶", user);
      await next.waitFor((v) => footer(v.original).startsWith("Page 2/2"), 3_000, "reports page 2");
      expect(description(next.view().original)).toContain("**Not loaded**\n✗ empty.txt — empty file");
    } finally {
      live.replace(seed);
    }
  });

  it("rate-limits a user who asks too fast, with a clear reply", async () => {
    const user = freshUser();
    const handles = Array.from({ length: 6 }, () => emu.injectCommand({ name: "help", channelId: general.id, user }));
    const texts = await Promise.all(handles.map((h) => ephemeralText(h)));
    expect(texts.slice(0, 5).every((t) => t.includes("Sitrep answers questions"))).toBe(true);
    expect(texts[5]).toMatch(/^You're asking too fast — try again in \d+ s\.$/);
  });

  it("50 mentions in quick succession make at most 2 posts, questions and empty mentions alike", async () => {
    for (const content of [MILITANTS, ""]) {
      const user = freshUser();
      const channel = emu.addTextChannel(guild.id, { name: `flood-${userCount}` });
      const sent = Array.from({ length: 50 }, () =>
        emu.injectMessage({ channelId: channel.id, author: user, mentionBot: true, content }),
      );
      const ids = new Set(sent.map((m) => m.id));
      // Every mention handled: answered, told once, or refused without a word.
      const outcomes = new Set(["answered", "user error", "refused silently: over the limit, already told"]);
      await until(() => logs().filter((r) => ids.has(String(r.messageId)) && outcomes.has(r.msg)).length === 50, 8_000);
      await sleep(200);
      const posts = emu.messagesIn(channel.id).filter((m) => m.author.id === emu.botUser.id);
      expect(posts.length, content || "empty mention").toBeGreaterThanOrEqual(1);
      expect(posts.length, content || "empty mention").toBeLessThanOrEqual(2);
      const first = content ? description(posts[0]) : (posts[0]?.content ?? "");
      expect(first).toContain(content ? "**militants**" : "Ask me about the reports");
    }
  });

  it("retries a reply that hits a 429, and survives a failing edit with an ephemeral error", async () => {
    emu.failNext({
      method: "POST",
      pathPattern: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 429,
      retryAfter: 0.2,
    });
    emu.failNext({ method: "PATCH", pathPattern: "/messages/@original", status: 429, retryAfter: 0.3 });
    const handle = ask(freshUser(), { question: MILITANTS });
    const message = await answered(handle, 5_000);
    expect(description(message)).toContain("**militants**");
    const mine = (r: RecordedRequest) =>
      r.path.includes(handle.token) || r.path.includes(`/interactions/${handle.id}/`);
    expect(emu.requests.filter(mine).map((r) => `${r.method} ${r.status}`)).toEqual([
      "POST 429",
      "POST 204",
      "PATCH 429",
      "PATCH 200",
    ]);

    // One attempt and @discordjs/rest's three retries.
    emu.failNext({ method: "PATCH", pathPattern: "/messages/@original", status: 500, times: 4 });
    const broken = ask(freshUser(), { question: MILITANTS });
    expect(await ephemeralText(broken, 5_000)).toBe(GENERIC_ERROR_MESSAGE);
    expect(broken.view().original).toBeNull();
    const patches = emu.requests.filter((r) => r.method === "PATCH" && r.path.includes(broken.token));
    expect(patches.map((r) => r.status)).toEqual([500, 500, 500, 500]);
  });

  it("keeps answering across a gateway reconnect and a new session", async () => {
    const resumesBefore = emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 6).length;
    emu.forceReconnect();
    const during = ask(freshUser(), { question: MILITANTS });
    expect(description(await answered(during, 5_000))).toContain("**militants**");
    await emu.waitForGateway(
      (e) => e.direction === "in" && e.op === 6 && emu.gatewayLog.filter((x) => x.op === 6).length > resumesBefore,
      3_000,
    );
    // discord.js handles RESUMED asynchronously; invalidating before it has would race its own handler.
    await until(() => logs().some((r) => r.msg === "gateway resumed"));

    const identifies = emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 2).length;
    emu.invalidateSession(false);
    await emu.waitForGateway(
      () => emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 2).length > identifies,
      5_000,
    );
    await emu.waitForGateway((e) => e.t === "READY" && emu.connectedSessionCount === 1, 3_000);
    const after = ask(freshUser(), { question: MILITANTS });
    expect(description(await answered(after, 5_000))).toContain("**militants**");
  });

  it("restarts: old buttons keep working, expired ones say so; the new bot registers on start-up", async () => {
    await bot.stop();
    expect(emu.connectedSessionCount).toBe(0);
    // Long button states come back from the database the new process opens.
    bot = createBot(
      botOptions({
        database: await openDatabase(),
        workDelayMs: SLOW_MS,
        register: { clientId: emu.applicationId, guildId: guild.id },
      }),
    );
    await bot.start();
    expect(
      emu
        .commands(guild.id)
        .map((c) => c.name)
        .sort(),
    ).toEqual(["ask", "digest", "help", "reports", "timeline"]);

    const user = freshUser();
    const askerOf = (message: EmulatedMessage | undefined): EmulatedUser => {
      const asker = message && old.askers?.get(message);
      if (!asker) throw new Error("an earlier test did not record this message's asker");
      return asker;
    };
    const short = click(old.short as EmulatedMessage, "Next ▶", askerOf(old.short));
    await edited(short);
    expect(callbacks(short)).toEqual([6]);
    expect(footer(short.view().original)).toMatch(/^Page 2\/2/);

    const long = click(old.long as EmulatedMessage, "Next ▶", askerOf(old.long));
    await edited(long);
    expect(footer(long.view().original)).toMatch(/^Page 2\/2/);
    expect(description(long.view().original)).toMatch(/^\*\*4\.\*\* /);

    const lost = emu.injectButton({
      customId: buildCustomId({
        command: "ask",
        action: "p",
        issuedAt: Date.now(),
        arg: "1",
        state: "kAAAAAAAAAAAAAAAA",
      }),
      message: old.short as EmulatedMessage,
      user,
    });
    expect(await ephemeralText(lost)).toBe("This result has expired — run /ask again.");

    const stale = buttons(old.short as EmulatedMessage).find((b) => b.label === "Next ▶")?.custom_id ?? "";
    const parsed = parseCustomId(stale);
    const yesterday = buildCustomId({
      ...(parsed as NonNullable<typeof parsed>),
      issuedAt: Date.now() - 25 * 3_600_000,
    });
    const expired = emu.injectButton({ customId: yesterday, message: old.short as EmulatedMessage, user });
    expect(await ephemeralText(expired)).toBe("This result has expired — run /ask again.");
  });

  it("defers a slow answer within Discord's window, then edits @original", async () => {
    const started = Date.now();
    const handle = ask(freshUser(), { question: MILITANTS }, { deadlineMs: 400 });
    await answered(handle, 4_000);
    const [callback, edit] = handle.responses();
    expect(callback).toMatchObject({ kind: "callback", callbackType: 5 });
    expect((callback?.at ?? Infinity) - started).toBeLessThan(400);
    expect(edit?.kind).toBe("edit_original");
    expect((edit?.at ?? 0) - started).toBeGreaterThanOrEqual(SLOW_MS - 50);
    const patch = emu.requests.find(
      (r) => r.method === "PATCH" && r.path.endsWith(`${handle.token}/messages/@original`),
    );
    expect(patch?.status).toBe(200);
  });

  it("shuts down cleanly: the in-flight reply completes first, then the gateway closes", async () => {
    const handle = ask(freshUser(), { question: MILITANTS });
    await handle.waitForAck(2_000);
    expect(bot.inFlight).toBe(1);
    await bot.stop();
    const stoppedAt = Date.now();
    const edit = handle.responses().find((e) => e.kind === "edit_original");
    expect(edit).toBeDefined();
    expect(edit?.at ?? Infinity).toBeLessThanOrEqual(stoppedAt);
    expect(description(handle.view().original)).toContain("**militants**");
    expect(emu.connectedSessionCount).toBe(0);
    expect(logs().some((r) => r.msg === "stopped")).toBe(true);
  });

  it("sent every message with allowed_mentions.parse == [] and never logged the token", () => {
    const messageRequests = emu.requests.filter(
      (r) =>
        r.status < 300 &&
        ((r.method === "POST" && /\/callback$/.test(r.path) && [4, 7].includes((r.body as { type: number }).type)) ||
          (r.method === "PATCH" && r.path.startsWith("/webhooks/")) ||
          (r.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(r.path)) ||
          (r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path))),
    );
    expect(messageRequests.length).toBeGreaterThan(30);
    for (const r of messageRequests) {
      const body = r.body as { data?: { allowed_mentions?: unknown }; allowed_mentions?: unknown };
      expect(body.data?.allowed_mentions ?? body.allowed_mentions, `${r.method} ${r.path}`).toMatchObject({
        parse: [],
      });
    }
    expect(emu.unknownRequests()).toEqual([]);
    const all = logText.join("");
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(emu.token);
    expect(all).not.toMatch(/emu_(command|button|autocomplete)_/);
  });
});
