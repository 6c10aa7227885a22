import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { type Client, Events, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot/bot.js";
import { loadCommands } from "../../src/bot/commands.js";
import { registerCommands } from "../../src/bot/register.js";
import type { Command } from "../../src/bot/types.js";
import type { Delivery, DigestStore } from "../../src/digest/index.js";
import { watchCorpusFolder } from "../../src/live/watch.js";
import { createLogger } from "../../src/logger.js";
import { LiveCorpus, openCorpus } from "../../src/sitrep.js";
import { SEED_CORPUS } from "../helpers/corpus.js";
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedMessage,
  type EmulatedUser,
  type InteractionHandle,
  type OptionInput,
  type RawOption,
  textOf,
} from "../support/discord-emulator/index.js";

/**
 * Digests end to end: the real bot (discord.js client, /digest, the Discord transport) against the
 * emulator, with real SQLite in a temporary DATA_DIR, a copy of the bundled corpus in a temporary
 * folder and the real corpus watcher. Schedules run every second or two, which the bot allows here
 * only because the test lowers the minimum interval (production keeps one hour).
 *
 * Tests run in order and share one world: the server digest posts, survives a restart, then loses
 * its channel; a DM digest follows.
 */

const EVERY_2S = "*/2 * * * * *";
const EVERY_1S = "* * * * * *";

/** Reports dropped into the corpus folder while the bot runs; each lead is the digest's quote. */
const NEW_REPORTS = [
  {
    file: "005_rubble.txt",
    title: "Engineers begin clearing rubble from the Old City",
    quote: "Engineers began clearing rubble from the streets of the Old City of Mosul on Tuesday, after the battle.",
  },
  {
    file: "006_return.txt",
    title: "Families return to east Mosul markets",
    quote: "Hundreds of families returned to the reopened markets of east Mosul on Thursday, traders said.",
  },
  {
    file: "007_water.txt",
    title: "Water supply restored in parts of west Mosul",
    quote: "Water engineers restored the supply to four districts of west Mosul on Saturday after weeks of repairs.",
  },
  {
    file: "008_schools.txt",
    title: "Schools reopen for thousands of Mosul children",
    quote: "Thousands of children went back to school in Mosul on Sunday for the first time in three years.",
  },
] as const;

interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

describe("digests end to end", () => {
  let emu: DiscordEmulator;
  let guild: EmulatedGuild;
  let news: EmulatedChannel;
  let general: EmulatedChannel;
  let editor: EmulatedUser;
  let reader: EmulatedUser;
  let commands: Map<string, Command>;
  let bot: Bot;
  let work: string;
  let corpusDir: string;
  let dataDir: string;
  let serverDigest = "";
  let dmDigest = "";
  const managers = new Set<string>();
  const logText: string[] = [];
  const logs = (): LogRecord[] => logText.map((line) => JSON.parse(line) as LogRecord);
  const logger = createLogger("info", { write: (line: string) => logText.push(line) });

  async function startBot(): Promise<Bot> {
    // As `npm start` does: open the corpus, then the bot with digests on CORPUS_DIR and DATA_DIR.
    const live = new LiveCorpus(await openCorpus({ corpusDir, dataDir }));
    const started = createBot({
      token: emu.token,
      live,
      logger,
      commands,
      clientOptions: emu.clientOptions(),
      // Two users run many commands here; the per-user limit has its own test in e2e.test.ts.
      rateLimit: { capacity: 100, refillPerSecond: 10 },
      liveCorpus: () => watchCorpusFolder({ live, corpusDir, dataDir, debounceMs: 50, pollMs: 250 }),
      digests: {
        dataDir,
        minIntervalMs: 1_000,
        scheduler: { retryDelaysMs: [100, 200], maxSleepMs: 1_000 },
      },
    });
    await started.start();
    grantManageServer(started.client as Client);
    await started.digests?.started;
    return started;
  }

  /**
   * The emulator gives every member @everyone's permissions, which lack Manage Server. Discord
   * computes a member's permissions from their roles; here the editor's are raised on the way in,
   * before discord.js builds the interaction (the raw packet is the object it then handles).
   */
  function grantManageServer(client: Client): void {
    client.on(
      Events.Raw,
      (packet: { t?: string; d?: { member?: { user?: { id?: string }; permissions?: string } } }) => {
        const member = packet.t === "INTERACTION_CREATE" ? packet.d?.member : undefined;
        if (!member?.permissions || !managers.has(member.user?.id ?? "")) return;
        member.permissions = (BigInt(member.permissions) | PermissionFlagsBits.ManageGuild).toString();
      },
    );
  }

  const store = (): DigestStore => {
    const system = bot.digests;
    if (!system) throw new Error("digests did not start");
    return system.store;
  };

  function digest(
    subcommand: string,
    options: Record<string, OptionInput> | RawOption[],
    where: { user?: EmulatedUser; channel?: EmulatedChannel; dm?: boolean } = {},
  ): InteractionHandle {
    const place = where.dm ? { dm: true as const } : { channelId: (where.channel ?? general).id };
    return emu.injectCommand({ name: "digest", subcommand, options, user: where.user ?? editor, ...place });
  }

  /** The first ephemeral message the user sees (the reply or a follow-up). */
  async function ephemeralText(handle: InteractionHandle, ms = 4_000): Promise<string> {
    const view = await handle.waitFor(
      (v) => [v.original, ...v.followups].some((m) => m !== null && (m.flags & 64) !== 0 && !(m.flags & 128)),
      ms,
      "an ephemeral message",
    );
    return [view.original, ...view.followups]
      .filter((m): m is EmulatedMessage => m !== null && (m.flags & 64) !== 0)
      .map(textOf)
      .join("\n");
  }

  const posts = (channel: EmulatedChannel | string): EmulatedMessage[] =>
    emu.messagesIn(typeof channel === "string" ? channel : channel.id).filter((m) => m.author.id === emu.botUser.id);

  async function until<T>(
    check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
    ms: number,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  /** Written whole, then renamed in: the watcher never sees half a report. */
  function dropReport(n: number): (typeof NEW_REPORTS)[number] {
    const report = NEW_REPORTS[n] as (typeof NEW_REPORTS)[number];
    const text = ["---", `title: ${report.title}`, `date: 2017-07-${10 + n}`, "---", report.quote];
    text.push("Officials said the work would take many months to finish across the city.", "");
    const hidden = path.join(corpusDir, `.${report.file}.tmp`);
    writeFileSync(hidden, text.join("\n"));
    renameSync(hidden, path.join(corpusDir, report.file));
    return report;
  }

  const runs = (id: string): Promise<Delivery[]> => store().deliveries(id, 50);
  /** The id `/digest subscribe`'s reply gives the new digest ("" when it set none up). */
  const subscribedId = (reply: string): string => /Digest \*\*(\w+)\*\* set up/.exec(reply)?.[1] ?? "";

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), "sitrep-digest-e2e-"));
    corpusDir = path.join(work, "corpus");
    dataDir = path.join(work, "data");
    mkdirSync(corpusDir);
    for (const file of readdirSync(SEED_CORPUS).filter((f) => f.endsWith(".txt"))) {
      copyFileSync(path.join(SEED_CORPUS, file), path.join(corpusDir, file));
    }
    emu = await DiscordEmulator.start();
    guild = emu.addGuild({ name: "Newsroom" });
    general = emu.addTextChannel(guild.id, { name: "general" });
    news = emu.addTextChannel(guild.id, { name: "news" });
    editor = emu.addUser({ username: "editor" });
    reader = emu.addUser({ username: "reader" });
    managers.add(editor.id);
    commands = await loadCommands();
    await registerCommands({ token: emu.token, clientId: emu.applicationId, api: emu.restBase, commands, logger });
    bot = await startBot();
  });

  afterAll(async () => {
    await bot?.stop();
    await emu?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("registers /digest for servers and DMs, for Manage Server by default", () => {
    const registered = emu.commands().find((c) => c.name === "digest");
    expect(registered).toMatchObject({
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      contexts: [0, 1, 2],
      integration_types: [0, 1],
    });
    const subcommands = (registered?.options as { name: string }[]).map((o) => o.name);
    expect(subcommands).toEqual(["subscribe", "list", "unsubscribe", "pause", "resume", "preview"]);
  });

  it("refuses invalid schedules and time zones with a valid example, and members without Manage Server", async () => {
    const schedule = await ephemeralText(digest("subscribe", { schedule: "every morning" }, { channel: news }));
    expect(schedule).toContain('Schedule "every morning" is not valid');
    expect(schedule).toContain('"daily 09:00"');
    const zone = await ephemeralText(
      digest("subscribe", { schedule: "daily 09:00", timezone: "Europe/Londn" }, { channel: news }),
    );
    expect(zone).toContain('Time zone "Europe/Londn" is not known');
    expect(zone).toContain('"Europe/London"');
    const member = await ephemeralText(digest("subscribe", { schedule: "daily 09:00" }, { user: reader }));
    expect(member).toBe("Managing digests in this server needs the Manage Server permission.");
    expect(await ephemeralText(digest("pause", { id: "abcd" }, { user: reader }))).toContain("Manage Server");
    expect(await store().listSubscriptions()).toEqual([]);
    expect(posts(news)).toEqual([]);
  });

  it("subscribes with a seconds-level schedule and answers with the next run in the chosen zone", async () => {
    // Set up from #general to post in #news (a channel option, type 7).
    const handle = digest("subscribe", [
      { name: "schedule", type: 3, value: EVERY_2S },
      { name: "timezone", type: 3, value: "asia/tokyo" },
      { name: "channel", type: 7, value: news.id },
    ]);
    const text = await ephemeralText(handle);
    serverDigest = subscribedId(text);
    expect(serverDigest).toMatch(/^\w{4}$/);
    // Echoed schedules are escaped, so their stars stay stars instead of turning into italics.
    expect(text).toContain(`cron "${EVERY_2S.replace(/\*/g, "\\*")}" (Asia/Tokyo)`);
    expect(text).toContain(`posted in <#${news.id}>`);
    expect(text).toMatch(/The first one is due \d{4}-\d\d-\d\d \d\d:\d\d Asia\/Tokyo\./);
    expect(await store().getSubscription(serverDigest)).toMatchObject({ guildId: guild.id, channelId: news.id });
  });

  it("says when a channel's digests will go without their picture (Sitrep lacks Attach Files there)", async () => {
    const noFiles = emu.addTextChannel(guild.id, { name: "no-files" });
    emu.denyBotPermissions(noFiles.id, PermissionFlagsBits.AttachFiles);
    const client = bot.client as Client;
    await until(
      () =>
        client.guilds.cache
          .get(guild.id)
          ?.channels.cache.get(noFiles.id)
          ?.permissionsFor(client.user?.id ?? "")
          ?.has(PermissionFlagsBits.AttachFiles) === false,
      2_000,
      "the overwrite to reach the bot",
    );
    const subscribe = (channel: EmulatedChannel) =>
      ephemeralText(
        digest("subscribe", [
          { name: "schedule", type: 3, value: "daily 09:00" },
          { name: "channel", type: 7, value: channel.id },
        ]),
      );
    const warned = await subscribe(noFiles);
    expect(warned).toContain("set up");
    expect(warned).toContain("Sitrep lacks Attach Files there, so digests go without their timeline picture");
    const plain = await subscribe(news);
    expect(plain).toContain("set up");
    expect(plain).not.toContain("Attach Files");
    for (const text of [warned, plain]) {
      expect(await ephemeralText(digest("unsubscribe", { id: subscribedId(text) }))).toContain("stopped and removed");
    }
  });

  it("posts nothing while nothing is new, and records the skipped runs", async () => {
    await until(
      async () => (await runs(serverDigest)).filter((r) => r.status === "skipped").length >= 1,
      5_000,
      "a skipped run",
    );
    expect(posts(news)).toEqual([]);
  });

  it("posts a dropped-in report once, with its title and a verbatim quote, and nothing more after", async () => {
    const report = dropReport(0);
    // The post lands in the channel a moment before the bot reads Discord's answer and marks the run.
    const [post] = await until(
      async () =>
        posts(news).length > 0 && (await runs(serverDigest)).some((r) => r.status === "delivered") && posts(news),
      15_000,
      "the digest post, marked delivered",
    );
    const text = textOf(post as EmulatedMessage);
    expect(text).toContain(`**${report.title}** — 2017-07-10`);
    expect(text).toContain(`> “${report.quote}”`);
    expect(text).toContain("1 new report since");
    expect(text).not.toContain("Iraqi forces have managed to push");
    const delivered = (await runs(serverDigest)).find((r) => r.status === "delivered");
    expect(delivered?.messageIds).toEqual([post?.id]);
    expect(text).toContain(`sitrep-digest:${serverDigest}:${delivered?.scheduledAt}`);
    // Sent with a nonce Discord enforces, and with mentions off.
    const request = emu.requests.find((r) => r.method === "POST" && r.path === `/channels/${news.id}/messages`);
    expect(request?.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect((request?.body as { nonce: string }).nonce).toMatch(/^d\w+\.1$/);

    // Two more periods with nothing new: skipped, not posted.
    await until(
      async () => (await runs(serverDigest)).findIndex((r) => r.status === "delivered") >= 2,
      15_000,
      "two skipped runs after the post",
    );
    expect((await runs(serverDigest)).slice(0, 2).map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(posts(news)).toHaveLength(1);
  });

  it("posts the next dropped-in report in the next digest", async () => {
    const report = dropReport(1);
    const second = await until(async () => posts(news)[1], 15_000, "the second digest post");
    const text = textOf(second);
    expect(text).toContain(`**${report.title}**`);
    expect(text).toContain(`> “${report.quote}”`);
    expect(text).not.toContain(NEW_REPORTS[0].title);
    expect(posts(news)).toHaveLength(2);
    // Questions are served from the reloaded corpus too.
    const reports = emu.injectCommand({ name: "reports", channelId: general.id, user: reader });
    const listed = await reports.waitFor((v) => v.original !== null, 4_000, "the /reports answer");
    expect(textOf(listed.original as EmulatedMessage)).toMatch(/^Reports\n7 reports/);
  });

  it("after a restart, never posts a delivered run again, even one whose delivery mark was lost", async () => {
    await bot.stop();
    expect(logs().some((l) => l.msg === "stopped")).toBe(true);
    const [, second] = posts(news);
    // A crash between the post and its mark: the run is left "recorded" though its message is out.
    const db = new Database(path.join(dataDir, "sitrep.db"));
    const lost = db
      .prepare(
        `UPDATE deliveries SET status = 'recorded', message_ids = '[]'
         WHERE subscription_id = ? AND message_ids = ? RETURNING scheduled_at AS scheduledAt`,
      )
      .get(serverDigest, JSON.stringify([second?.id])) as { scheduledAt: number } | undefined;
    db.close();
    expect(lost).toBeDefined();

    const before = logText.length;
    bot = await startBot();
    const finished = await store().getDelivery(serverDigest, lost?.scheduledAt ?? 0);
    expect(finished).toMatchObject({ status: "delivered", messageIds: [second?.id] });
    const delivered = logs()
      .slice(before)
      .find((l) => l.msg === "digest delivered");
    expect(delivered).toMatchObject({ foundSent: true, reconciled: true });
    // The missed runs became one catch-up run, with nothing new to say.
    await until(async () => (await runs(serverDigest))[0]?.status === "skipped", 4_000, "a run after the restart");
    await sleep(2_100);
    expect(posts(news)).toHaveLength(2);
  });

  it("pauses the digest when its channel is deleted, and /digest list shows why", async () => {
    emu.deleteChannel(news.id);
    dropReport(2);
    const paused = await until(
      async () =>
        (await store().getSubscription(serverDigest))?.status === "paused" &&
        (await store().getSubscription(serverDigest)),
      15_000,
      "the digest to pause",
    );
    expect(paused.pausedReason).toContain("The channel was deleted or Sitrep was removed from the server");
    expect(paused.pausedReason).toContain("10003");
    expect(logs().some((l) => l.msg === "digest paused: cannot post" && l.code === 10003)).toBe(true);
    const list = await ephemeralText(digest("list", {}, { user: reader }));
    expect(list).toContain(`**${serverDigest}** · cron`);
    expect(list).toContain("**Paused:** The channel was deleted or Sitrep was removed from the server");
    expect(list).toContain("Last run:");
    expect(list).toContain("failed (channel-gone: Unknown Channel)");
  });

  it("in a DM, anyone can subscribe and the digest is posted in that DM", async () => {
    const text = await ephemeralText(digest("subscribe", { schedule: EVERY_1S }, { user: reader, dm: true }));
    dmDigest = subscribedId(text);
    expect(text).toContain("posted in this conversation");
    const report = dropReport(3);
    const dm = emu.dmChannel(reader).id;
    const post = await until(async () => posts(dm)[0], 15_000, "the DM digest");
    expect(textOf(post)).toContain(`> “${report.quote}”`);
    // It starts from its own creation: the report dropped before it is not repeated.
    expect(textOf(post)).not.toContain(NEW_REPORTS[2].title);
    expect(await store().getSubscription(dmDigest)).toMatchObject({ guildId: null, channelId: dm });
  });

  it("autocompletes time zones and the ids of this server's or this DM's digests", async () => {
    const zones = emu.injectAutocomplete({
      name: "digest",
      subcommand: "subscribe",
      channelId: general.id,
      user: editor,
      options: { schedule: "daily 09:00", timezone: "new york" },
      focused: "timezone",
    });
    const zoneChoices = (await zones.waitFor((v) => v.autocompleteChoices !== null)).autocompleteChoices ?? [];
    expect(zoneChoices[0]).toEqual({ name: "America/New_York", value: "America/New_York" });

    const inServer = emu.injectAutocomplete({
      name: "digest",
      subcommand: "resume",
      channelId: general.id,
      user: editor,
      options: { id: "" },
      focused: "id",
    });
    const serverChoices = (await inServer.waitFor((v) => v.autocompleteChoices !== null)).autocompleteChoices;
    expect(serverChoices).toEqual([{ name: expect.stringMatching(/\(paused\)$/), value: serverDigest }]);

    const inDm = emu.injectAutocomplete({
      name: "digest",
      subcommand: "pause",
      dm: true,
      user: reader,
      options: { id: dmDigest.slice(0, 2) },
      focused: "id",
    });
    const dmChoices = (await inDm.waitFor((v) => v.autocompleteChoices !== null)).autocompleteChoices;
    expect(dmChoices?.map((c) => c.value)).toEqual([dmDigest]);
  });

  it("/digest preview answers only to the caller, for a topic or for a digest's next post", async () => {
    const before = posts(general).length;
    const handle = digest("preview", { topic: "Mosul" }, { user: reader });
    // The footer of the last part says nothing was posted: wait for all the parts.
    await handle.waitFor(() => handle.visibleText().includes("nothing was posted"), 5_000, "the whole preview");
    const text = await ephemeralText(handle);
    expect(text).toContain("Preview: the next digest");
    expect(text).toContain("Preview · nothing was posted");
    expect(text).toContain(`**${NEW_REPORTS[0].title}**`);
    expect(text).not.toContain("sitrep-digest:");
    expect(handle.view().ephemeral).toBe(true);
    expect(posts(general)).toHaveLength(before);

    await until(async () => (await runs(dmDigest))[0]?.status === "skipped", 4_000, "the DM digest to be up to date");
    const nothing = await ephemeralText(digest("preview", { id: dmDigest }, { user: reader, dm: true }));
    expect(nothing).toContain("Nothing new since this digest's last post");
    const both = await ephemeralText(digest("preview", { id: dmDigest, topic: "Mosul" }, { user: reader, dm: true }));
    expect(both).toContain("not both");
  });

  it("pauses, resumes and unsubscribes by id, within the caller's scope only", async () => {
    const elsewhere = await ephemeralText(digest("pause", { id: dmDigest }));
    expect(elsewhere).toContain(`No digest “${dmDigest}” here.`);
    const paused = await ephemeralText(digest("pause", { id: dmDigest }, { user: reader, dm: true }));
    expect(paused).toContain(`Digest **${dmDigest}**`);
    expect(paused).toContain("is paused");
    expect(await ephemeralText(digest("list", {}, { user: reader, dm: true }))).toContain(
      "**Paused:** Paused by hand.",
    );
    const resumed = await ephemeralText(digest("resume", { id: dmDigest }, { user: reader, dm: true }));
    expect(resumed).toContain("resumed");
    expect((await store().getSubscription(dmDigest))?.status).toBe("active");
    const removed = await ephemeralText(digest("unsubscribe", { id: dmDigest }, { user: reader, dm: true }));
    expect(removed).toContain("stopped and removed");
    expect(await ephemeralText(digest("list", {}, { user: reader, dm: true }))).toContain(
      "No digests in this conversation yet.",
    );
    expect(emu.unknownRequests()).toEqual([]);
  });
});
