import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Client,
  Events,
  GatewayIntentBits,
  type GuildBasedChannel,
  Partials,
  PermissionFlagsBits,
  PermissionsBitField,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordDigestTransport, missingPostPermissions } from "../../src/bot/digest-transport.js";
import { digestReport } from "./support/digests.js";
import { pngFacts } from "../helpers/png.js";
import type { Digest } from "../../src/digest/build.js";
import {
  classifyDeliveryError,
  DeliveryError,
  type DigestTarget,
  pauseReasonFor,
  runKey,
} from "../../src/digest/transport.js";
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedMessage,
} from "../support/discord-emulator/index.js";

/** The Discord transport alone, on a real discord.js client against the emulator: parts, nonces, findSent, errors. */

const FROM = Date.UTC(2025, 2, 29, 9, 0);

function digestOf(
  reports: number,
  quote = "A sentence about the battle for the city, told at length. ".repeat(8),
): Digest {
  return {
    topic: null,
    from: FROM,
    to: FROM + 3_600_000,
    reports: Array.from({ length: reports }, (_, i) => digestReport(i, {}, quote)),
    moreReports: 0,
    newReports: reports,
    timeline: null,
    catchUp: null,
  };
}

/** A digest with a two-event timeline, so it carries the timeline's picture. */
function digestWithTimeline(): Digest {
  const quote = "Iraqi forces began the offensive to retake Mosul on October 17, 2016.";
  const source = {
    reportId: "r0",
    reportTitle: "Report 0",
    reportFile: "r0.txt",
    reportDate: "2017-06-28",
    reportDateSource: "header" as const,
    quote,
    start: 0,
    end: quote.length,
  };
  const events = ["2016-10-17", "2017-06-27"].map((day) => ({
    date: day,
    precision: "day" as const,
    day,
    quote,
    reportId: "r0",
    reportDate: "2017-06-28",
    sources: [source],
    disputedDates: [],
  }));
  return { ...digestOf(30), timeline: { topic: null, since: null, until: null, events } };
}

async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("missingPostPermissions", () => {
  const channel = (thread: boolean, ...flags: bigint[]) =>
    ({ isThread: () => thread, permissionsFor: () => new PermissionsBitField(flags) }) as unknown as GuildBasedChannel;
  const { ViewChannel, SendMessages, SendMessagesInThreads, EmbedLinks, ReadMessageHistory } = PermissionFlagsBits;

  it("asks for Send Messages in a channel and Send Messages in Threads in a thread", () => {
    expect(missingPostPermissions(channel(true, ViewChannel, SendMessagesInThreads, EmbedLinks), "1")).toEqual([]);
    expect(missingPostPermissions(channel(false, ViewChannel, SendMessagesInThreads, EmbedLinks), "1")).toEqual([
      "Send Messages",
    ]);
    expect(missingPostPermissions(channel(true, ViewChannel, SendMessages, EmbedLinks), "1")).toEqual([
      "Send Messages in Threads",
    ]);
  });

  it("asks for Read Message History only when told to", () => {
    const posting = channel(false, ViewChannel, SendMessages, EmbedLinks);
    expect(missingPostPermissions(posting, "1")).toEqual([]);
    expect(missingPostPermissions(posting, "1", true)).toEqual(["Read Message History"]);
    expect(missingPostPermissions(channel(false, ReadMessageHistory), "1", true)).toEqual([
      "View Channel",
      "Send Messages",
      "Embed Links",
    ]);
  });
});

describe("DiscordDigestTransport", () => {
  let emu: DiscordEmulator;
  let client: Client<true>;
  let guild: EmulatedGuild;
  let transport: DiscordDigestTransport;
  let scheduledAt = FROM;

  const target = (channel: EmulatedChannel | string, guildId: string | null = guild.id): DigestTarget => ({
    subscriptionId: "k7dx",
    guildId,
    channelId: typeof channel === "string" ? channel : channel.id,
    timezone: "UTC",
  });
  /** A fresh run each time, so keys and nonces never collide between tests. */
  const nextRun = () => runKey("k7dx", (scheduledAt += 60_000), 1);
  const footer = (m: EmulatedMessage | undefined) =>
    ((m?.embeds[0] as { footer?: { text?: string } } | undefined)?.footer?.text as string) ?? "";

  beforeAll(async () => {
    emu = await DiscordEmulator.start();
    guild = emu.addGuild({ name: "Newsroom" });
    const c = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      ...emu.clientOptions(),
    });
    const ready = once(c, Events.ClientReady);
    await c.login(emu.token);
    await ready;
    client = c as Client<true>;
    transport = new DiscordDigestTransport(client);
  });

  afterAll(async () => {
    await client?.destroy();
    await emu?.stop();
  });

  it("posts a long digest as parts in order, each with its nonce, the run key on the last", async () => {
    const channel = emu.addTextChannel(guild.id, { name: "news" });
    const run = nextRun();
    const sent = await transport.send(target(channel), digestOf(30), run);
    const posted = emu.messagesIn(channel.id);
    expect(sent.messageIds.length).toBeGreaterThan(1);
    expect(posted.map((m) => m.id)).toEqual(sent.messageIds);
    posted.forEach((m, i) => {
      expect(footer(m).startsWith(`Part ${i + 1}/${posted.length}`)).toBe(true);
      expect(footer(m).includes(run.key)).toBe(i === posted.length - 1);
    });
    const bodies = emu.requests
      .filter((r) => r.method === "POST" && r.path === `/channels/${channel.id}/messages`)
      .map((r) => r.body as { nonce: string; enforce_nonce: boolean; allowed_mentions: unknown });
    expect(bodies.map((b) => b.nonce)).toEqual(posted.map((_, i) => `${run.nonce}.${i + 1}`));
    expect(bodies.every((b) => b.enforce_nonce && JSON.stringify(b.allowed_mentions) === '{"parse":[]}')).toBe(true);
  });

  it("shows the timeline's picture on the last part: a PNG attachment the embed displays", async () => {
    const channel = emu.addTextChannel(guild.id, { name: "pictures" });
    const sent = await transport.send(target(channel), digestWithTimeline(), nextRun());
    const posted = emu.messagesIn(channel.id);
    expect(posted.map((m) => m.id)).toEqual(sent.messageIds);
    expect(posted.map((m) => m.attachments.length)).toEqual([...posted.slice(1).map(() => 0), 1]);
    const last = posted[posted.length - 1];
    expect(last?.attachments[0]).toMatchObject({ filename: "timeline.png", content_type: "image/png" });
    expect((last?.embeds[0] as { image?: { url?: string } }).image?.url).toBe("attachment://timeline.png");
    const file = emu.attachmentFile(last?.attachments[0]?.id as string);
    expect(pngFacts(file?.bytes ?? Buffer.alloc(0))).toMatchObject({ corner: "#ffffff" });
  }, 60_000);

  it("posts the digest without its picture where Sitrep lacks Attach Files, instead of failing it", async () => {
    const channel = emu.addTextChannel(guild.id, { name: "no-files" });
    emu.denyBotPermissions(channel.id, PermissionFlagsBits.AttachFiles);
    const cached = () => client.channels.cache.get(channel.id) as GuildBasedChannel | undefined;
    await until(() => cached()?.permissionsFor(client.user)?.has(PermissionFlagsBits.AttachFiles) === false);
    const sent = await transport.send(target(channel), digestWithTimeline(), nextRun());
    const posted = emu.messagesIn(channel.id);
    expect(posted.map((m) => m.id)).toEqual(sent.messageIds);
    expect(posted.flatMap((m) => m.attachments)).toEqual([]);
    expect(posted.flatMap((m) => m.embeds).filter((e) => (e as { image?: unknown }).image)).toEqual([]);
  }, 60_000);

  it("findSent finds every part of a run among later messages, and nothing for a run not posted", async () => {
    const channel = emu.addTextChannel(guild.id, { name: "briefing" });
    const run = nextRun();
    const sent = await transport.send(target(channel), digestOf(30), run);
    const other = nextRun();
    await transport.send(target(channel), digestOf(1), other);
    emu.injectMessage({ channelId: channel.id, content: "thanks!" });
    expect(await transport.findSent(target(channel), run)).toEqual(sent);
    expect(await transport.findSent(target(channel), nextRun())).toBeNull();
    const single = await transport.findSent(target(channel), other);
    expect(single?.messageIds).toHaveLength(1);
  });

  it("posts in a DM channel by id", async () => {
    const user = emu.addUser({ username: "reader" });
    const dm = emu.dmChannel(user);
    const sent = await transport.send(target(dm, null), digestOf(1), nextRun());
    expect(emu.messagesIn(dm.id).map((m) => m.id)).toEqual(sent.messageIds);
  });

  it("turns lost channels and missing permissions into the failures that pause a digest", async () => {
    const gone = emu.addTextChannel(guild.id, { name: "gone" });
    emu.deleteChannel(gone.id);
    const deleted = await failure(transport.send(target(gone), digestOf(1), nextRun()));
    expect(deleted).toMatchObject({ kind: "channel-gone", code: 10003, status: 404 });
    expect(pauseReasonFor(classifyDeliveryError(deleted))).toContain("The channel was deleted");

    // Denied without telling the client: Discord's answer decides.
    const hidden = emu.addTextChannel(guild.id, { name: "hidden" });
    emu.denyAccess(hidden.id, 50001, { silent: true });
    expect(await failure(transport.send(target(hidden), digestOf(1), nextRun()))).toMatchObject({
      kind: "no-access",
      code: 50001,
    });
    const muted = emu.addTextChannel(guild.id, { name: "muted" });
    emu.failNext({ method: "POST", pathPattern: `/channels/${muted.id}/messages`, status: 403, code: 50013 });
    expect(await failure(transport.send(target(muted), digestOf(1), nextRun()))).toMatchObject({
      kind: "no-permission",
      code: 50013,
      status: 403,
    });
    // Known to the client: refused before posting anything (no embed-less, empty-looking digest).
    const locked = emu.addTextChannel(guild.id, { name: "locked" });
    emu.denyAccess(locked.id, 50013);
    await until(() => {
      const channel = client.channels.cache.get(locked.id);
      if (!channel || channel.isDMBased()) return false;
      return !channel.permissionsFor(client.user)?.has(PermissionFlagsBits.SendMessages);
    });
    const before = emu.requests.length;
    expect(await failure(transport.send(target(locked), digestOf(1), nextRun()))).toMatchObject({
      kind: "no-permission",
      code: 50013,
    });
    expect(emu.requests.slice(before).some((r) => r.method === "POST")).toBe(false);
    // A request Discord refuses for its content is not worth retrying, nor a reason to pause.
    const news = emu.addTextChannel(guild.id, { name: "news2" });
    emu.failNext({ method: "POST", pathPattern: `/channels/${news.id}/messages`, status: 400, code: 50035 });
    const bad = await failure(transport.send(target(news), digestOf(1), nextRun()));
    expect(bad.kind).toBe("permanent");
    expect(pauseReasonFor(classifyDeliveryError(bad))).toBeNull();
  });
});
