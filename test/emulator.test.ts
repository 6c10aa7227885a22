import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  Routes,
  type TextChannel,
} from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type EmulatedUser,
  textOf,
} from "./support/discord-emulator/index.js";

/**
 * Drives the real discord.js v14 Client against the loopback emulator. No
 * Sitrep code is involved; the tiny inline handlers stand in for the bot.
 */

type Handler = (interaction: Interaction) => Promise<unknown>;

function defined<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

describe("discord emulator with a real discord.js Client", () => {
  let emu: DiscordEmulator;
  let client: Client;
  let guild: EmulatedGuild;
  let general: EmulatedChannel;
  let alice: EmulatedUser;
  const handlers = new Map<string, Handler>();
  const received: Message[] = [];

  /** Key under which an interaction's one-shot handler is registered. */
  const keyOf = (i: Interaction): string => {
    if (i.isChatInputCommand()) return i.commandName;
    if (i.isAutocomplete()) return `autocomplete:${i.commandName}`;
    if (i.isButton()) return `button:${i.customId}`;
    return "other";
  };

  /** Rejects if `promise` does not settle in time, so a broken payload fails fast instead of hanging. */
  function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Registers a one-shot handler and returns what it resolves/rejects with. */
  function handleOnce<T>(key: string, fn: (i: Interaction) => Promise<T>): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      handlers.set(key, async (i) => {
        handlers.delete(key);
        try {
          resolve(await fn(i));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });
    return within(result, 3_000, `handler for ${key} (was the interaction delivered?)`);
  }

  /** `once` with a deadline. */
  function eventWithin(event: string, ms = 3_000): Promise<unknown[]> {
    return within(once(client, event), ms, `client event ${event}`);
  }

  function newClient(): Client {
    return new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel],
      ...emu.clientOptions(),
    });
  }

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ heartbeatIntervalMs: 1_000 });
    guild = emu.addGuild({ name: "Newsroom" });
    general = emu.addTextChannel(guild.id, { name: "general" });
    alice = emu.addUser({ username: "alice" });

    client = newClient();
    client.on(Events.InteractionCreate, (i) => {
      const handler = handlers.get(keyOf(i));
      if (handler) void handler(i);
    });
    client.on(Events.MessageCreate, (message) => {
      received.push(message);
      if (message.author.bot) return;
      const mentioned = client.user !== null && message.mentions.users.has(client.user.id);
      if (message.channel.type === ChannelType.DM) {
        void message.reply(`dm echo: ${message.content}`);
      } else if (mentioned) {
        const question = message.content.replace(/<@!?\d+>/g, "").trim();
        void message.reply(`guild answer: ${question}`);
      }
    });
    // Attach before login(): the ready event can fire before login() resolves.
    const ready = eventWithin(Events.ClientReady);
    await client.login(emu.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await emu?.stop();
  });

  it("logs in over plain JSON and caches the guild, channel and own member", async () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(emu.botUser.id);
    expect(client.application?.id).toBe(emu.applicationId);
    const cachedGuild = client.guilds.cache.get(guild.id);
    expect(cachedGuild?.name).toBe("Newsroom");
    const channel = client.channels.cache.get(general.id) as TextChannel | undefined;
    expect(channel?.type).toBe(ChannelType.GuildText);
    const me = cachedGuild?.members.me;
    expect(me).toBeTruthy();
    expect(channel?.permissionsFor(client.user?.id ?? "")?.has(PermissionFlagsBits.SendMessages)).toBe(true);

    // Without zlib-sync installed discord.js must not ask for compression.
    const query = emu.gatewayQueries()[0];
    expect(query?.get("encoding")).toBe("json");
    expect(query?.get("v")).toBe("10");
    expect(query?.has("compress")).toBe(false);
    const identify = defined(
      emu.gatewayLog.find((e) => e.direction === "in" && e.op === 2),
      "an IDENTIFY frame",
    );
    expect((identify.d as { intents: number }).intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect((identify.d as { token: string }).token).toBe("[redacted]");
    const app = await client.application?.fetch();
    expect(app?.id).toBe(emu.applicationId);
  });

  it("rejects a wrong token with 401 and records the request", async () => {
    const other = new Client({ intents: [GatewayIntentBits.Guilds], ...emu.clientOptions() });
    await expect(other.login("not-the-token")).rejects.toThrow(/token/i);
    await other.destroy();
    const last = emu.requests.at(-1);
    expect(last?.path).toBe("/gateway/bot");
    expect(last?.status).toBe(401);
  });

  it("registers commands and hands their ids to injected interactions", async () => {
    await client.application?.commands.set([
      {
        name: "ask",
        description: "Ask about the reports",
        options: [{ name: "question", description: "q", type: 3, required: true, autocomplete: true }],
      },
    ]);
    const stored = emu.commands();
    expect(stored.map((c) => c.name)).toEqual(["ask"]);
    const put = await emu.waitForRequest((r) => r.method === "PUT" && r.route === "bulkOverwriteGlobalCommands");
    expect(put.status).toBe(200);

    const seen = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("ok");
      return i.commandId;
    });
    emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "anything" } });
    expect(await seen).toBe(stored[0]?.id);
  });

  it("records a chat-input reply in a guild channel", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      expect(i.guildId).toBe(guild.id);
      expect(i.user.id).toBe(alice.id);
      await i.reply(`answer to: ${i.options.getString("question", true)}`);
    });
    const handle = emu.injectCommand({
      name: "ask",
      channelId: general.id,
      user: alice,
      options: { question: "what happened in Lyon?" },
    });
    await done;
    const view = await handle.waitForSettled();
    expect(view.callbackType).toBe(4);
    expect(view.original?.content).toBe("answer to: what happened in Lyon?");
    expect(view.original?.interaction_metadata?.id).toBe(handle.id);
    const callback = emu.requests.find((r) => r.path === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(callback?.status).toBe(204);
    expect(callback?.query.with_response).toBe("false");
    expect(callback?.body).toMatchObject({ type: 4, data: { content: "answer to: what happened in Lyon?" } });
    expect(callback?.headers.authorization).toBeUndefined();
    expect(emu.messagesIn(general.id).at(-1)?.id).toBe(view.original?.id);
  });

  it("returns an InteractionCallbackResponse body for withResponse", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      const response = await i.reply({ content: "with body", withResponse: true });
      return response.resource?.message?.content;
    });
    const handle = emu.injectCommand({ name: "ask", dm: true, options: { question: "x" } });
    expect(await done).toBe("with body");
    expect(handle.payload.context).toBe(1);
    expect(handle.payload.user).toBeTruthy();
    expect(handle.payload.member).toBeUndefined();
  });

  it("supports deferReply then editReply on @original", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(30);
      await i.editReply({ content: "final answer", embeds: [{ title: "Sources", description: "[1] report" }] });
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "slow" } });
    const thinking = await handle.waitFor((v) => v.thinking, 2_000, "thinking state");
    expect(thinking.original?.flags).toBe(64 | 128);
    await done;
    const view = await handle.waitForSettled();
    expect(view.ephemeral).toBe(true);
    expect(view.original?.content).toBe("final answer");
    expect(textOf(defined(view.original, "original response"))).toContain("[1] report");
    expect(handle.responses().map((e) => e.kind)).toEqual(["callback", "edit_original"]);
    const edit = emu.requests.find((r) => r.method === "PATCH" && r.path.includes(handle.token));
    expect(edit?.path.endsWith("/messages/@original")).toBe(true);
    // discord.js percent-encodes the `@`; the emulator decodes it for routing.
    expect(edit?.rawPath.endsWith("/messages/%40original")).toBe(true);
    // Ephemeral responses never show up in the channel history.
    expect(emu.messagesIn(general.id).some((m) => m.id === view.original?.id)).toBe(false);
  });

  it("turns the first follow-up after a defer into the original response", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.deferReply();
      await i.followUp("part one");
      await i.followUp("part two");
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "long" } });
    await done;
    const view = handle.view();
    expect(view.original?.content).toBe("part one");
    expect(view.followups.map((m) => m.content)).toEqual(["part two"]);
    expect(handle.visibleText()).toBe("part one\npart two");
  });

  it("sends files as multipart and stores them as attachments", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply({ content: "see file", files: [{ attachment: Buffer.from("hello world"), name: "report.txt" }] });
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "file" } });
    await done;
    const callback = emu.requests.find((r) => r.path === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(callback?.headers["content-type"]).toMatch(/^multipart\/form-data/);
    expect(callback?.body).toMatchObject({ type: 4, data: { content: "see file" } });
    expect(callback?.files).toEqual([
      {
        field: "files[0]",
        name: "report.txt",
        size: 11,
        contentType: expect.any(String),
        bytes: Buffer.from("hello world"),
      },
    ]);
    const attachment = handle.view().original?.attachments[0];
    expect(attachment).toMatchObject({ filename: "report.txt", size: 11 });
    expect(attachment).not.toHaveProperty("width");
    expect(emu.attachmentFile(attachment?.id as string)?.bytes.toString()).toBe("hello world");
  });

  it("rejects an edit that would leave the response empty with 50006", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("something");
      return i.editReply({ content: "" }).then(
        () => null,
        (err: unknown) => err,
      );
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "empty" } });
    expect(((await done) as DiscordAPIError).code).toBe(50006);
    expect(handle.view().original?.content).toBe("something");
  });

  it("answers a second acknowledgement with 40060", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("first");
      // discord.js guards against double replies locally, so go through REST
      // directly, as a second process handling the same interaction would.
      return i.client.rest
        .post(Routes.interactionCallback(i.id, i.token), {
          body: { type: 4, data: { content: "second" } },
          auth: false,
        })
        .then(
          () => null,
          (err: unknown) => err,
        );
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "twice" } });
    const err = await done;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(40060);
    expect((err as DiscordAPIError).status).toBe(400);
    expect(handle.view().original?.content).toBe("first");
  });

  it("answers a callback after the deadline with 10062", async () => {
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await sleep(150);
      await i.reply("too late");
    });
    const handle = emu.injectCommand({
      name: "ask",
      channelId: general.id,
      options: { question: "late" },
      deadlineMs: 50,
    });
    const err = await done.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10062);
    expect(handle.view().acknowledged).toBe(false);
  });

  it("responds to autocomplete with the focused option", async () => {
    const done = handleOnce("autocomplete:ask", async (i) => {
      if (!i.isAutocomplete()) throw new Error("expected autocomplete");
      const focused = i.options.getFocused(true);
      await i.respond([
        { name: `${focused.value} earthquake`, value: "quake" },
        { name: `${focused.value} election`, value: "election" },
      ]);
      return focused.name;
    });
    const handle = emu.injectAutocomplete({
      name: "ask",
      channelId: general.id,
      focused: "question",
      options: { question: "tur" },
    });
    expect(await done).toBe("question");
    const view = await handle.waitForAck();
    expect(view.callbackType).toBe(8);
    expect(view.autocompleteChoices).toEqual([
      { name: "tur earthquake", value: "quake" },
      { name: "tur election", value: "election" },
    ]);
  });

  it("updates the message a button sits on", async () => {
    const replied = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId("more").setLabel("More").setStyle(ButtonStyle.Primary),
      );
      await i.reply({ content: "summary", components: [row] });
    });
    const command = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "q" } });
    await replied;
    const withButton = defined(command.view().original, "message with button");
    expect(withButton.components[0]).toMatchObject({ type: 1, components: [{ custom_id: "more", label: "More" }] });

    const updated = handleOnce("button:more", async (i) => {
      if (!i.isButton()) throw new Error("expected button");
      await i.update({ content: "full details", components: [] });
      return i.message.id;
    });
    const button = emu.injectButton({ customId: "more", message: withButton, user: alice });
    expect(await updated).toBe(withButton.id);
    const view = await button.waitForAck();
    expect(view.callbackType).toBe(7);
    expect(emu.message(withButton.id)?.content).toBe("full details");
    expect(emu.message(withButton.id)?.components).toEqual([]);
  });

  it("receives a DM (channel type DM) and replies to it", async () => {
    const incoming = emu.injectMessage({ dm: true, author: alice, content: "hello bot" });
    const dm = emu.dmChannel(alice);
    const reply = await emu.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${dm.id}/messages`);
    expect(reply.status).toBe(200);
    const got = received.find((m) => m.id === incoming.id);
    expect(got?.channel.type).toBe(ChannelType.DM);
    const answer = emu.messagesIn(dm.id).at(-1);
    expect(answer?.content).toBe("dm echo: hello bot");
    expect(answer?.type).toBe(19);
    expect(answer?.message_reference?.message_id).toBe(incoming.id);

    // channel.send on the partial DM channel works too.
    const channel = await client.channels.fetch(dm.id);
    if (!channel?.isSendable()) throw new Error("DM channel not sendable");
    await channel.send("proactive");
    expect(emu.messagesIn(dm.id).at(-1)?.content).toBe("proactive");
  });

  it("returns the first message again for a nonce sent with enforce_nonce, as Discord does", async () => {
    const channel = await client.channels.fetch(general.id);
    if (!channel?.isSendable()) throw new Error("general not sendable");
    const before = emu.messagesIn(general.id).length;
    const first = await channel.send({ content: "once", nonce: "run-1.1", enforceNonce: true });
    const again = await channel.send({ content: "once", nonce: "run-1.1", enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(emu.messagesIn(general.id)).toHaveLength(before + 1);
    // Without enforce_nonce, or with another nonce, each send is a message.
    await channel.send({ content: "twice", nonce: "run-1.1" });
    await channel.send({ content: "once more", nonce: "run-2.1", enforceNonce: true });
    expect(emu.messagesIn(general.id)).toHaveLength(before + 3);
  });

  it("answers a guild mention; other guild messages arrive without content", async () => {
    const bystander = emu.injectMessage({ channelId: general.id, author: alice, content: "just chatting" });
    const otherBot = emu.addUser({ username: "otherbot", bot: true });
    const fromBot = emu.injectMessage({ channelId: general.id, author: otherBot, content: "beep", mentionBot: true });
    const mention = emu.injectMessage({
      channelId: general.id,
      author: alice,
      content: "what about Lyon?",
      mentionBot: true,
    });

    const reply = await emu.waitForRequest(
      (r) =>
        r.method === "POST" &&
        r.path === `/channels/${general.id}/messages` &&
        (r.body as { message_reference?: { message_id?: string } } | null)?.message_reference?.message_id ===
          mention.id,
    );
    expect(reply.status).toBe(200);
    expect((reply.body as { content: string }).content).toBe("guild answer: what about Lyon?");

    // No MessageContent intent: Discord blanks guild messages that don't mention the bot.
    expect(received.find((m) => m.id === bystander.id)?.content).toBe("");
    expect(received.find((m) => m.id === mention.id)?.content).toBe(`<@${emu.botUser.id}> what about Lyon?`);
    expect(received.find((m) => m.id === fromBot.id)?.author.bot).toBe(true);
    // The bot's own reply comes back over the gateway, as on Discord.
    await emu.waitForGateway(
      (e) => e.t === "MESSAGE_CREATE" && (e.d as { author: { id: string } }).author.id === emu.botUser.id,
    );
  });

  it("resumes after op 7 and replays an interaction sent while disconnected", async () => {
    const resumed = eventWithin(Events.ShardResume);
    emu.forceReconnect();
    await emu.waitForOpenConnections(0);
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("after reconnect");
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "r" } });
    const [, replayed] = (await resumed) as [number, number];
    expect(replayed).toBeGreaterThanOrEqual(1);
    await done;
    expect(handle.view().original?.content).toBe("after reconnect");
    expect(emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 6)).toHaveLength(1);
    expect(emu.gatewayCloses.at(-1)?.code).toBe(4200);
  });

  it("resumes on the same socket after a resumable op 9", async () => {
    const resumed = eventWithin(Events.ShardResume);
    emu.invalidateSession(true);
    await resumed;
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("still here");
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "s" } });
    await done;
    expect(handle.view().original?.content).toBe("still here");
  });

  it("re-identifies after a non-resumable op 9", async () => {
    const identifiesBefore = emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 2).length;
    const reready = eventWithin(Events.ShardReady);
    emu.invalidateSession(false);
    await reready;
    expect(emu.gatewayLog.filter((e) => e.direction === "in" && e.op === 2)).toHaveLength(identifiesBefore + 1);
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("fresh session");
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "n" } });
    await done;
    expect(handle.view().original?.content).toBe("fresh session");
  });

  it("retries a reply that got a 429 and succeeds", async () => {
    emu.failNext({
      method: "POST",
      pathPattern: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 429,
      retryAfter: 0.2,
    });
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("after rate limit");
    });
    const handle = emu.injectCommand({ name: "ask", channelId: general.id, options: { question: "rl" } });
    await done;
    const attempts = emu.requests.filter((r) => r.path === `/interactions/${handle.id}/${handle.token}/callback`);
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]?.injectedFailure).toBe(true);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    expect(handle.view().original?.content).toBe("after rate limit");
  });

  it("retries transient 5xx and surfaces injected Discord error codes", async () => {
    const channel = client.channels.cache.get(general.id) as TextChannel;
    emu.failNext({ method: "POST", pathPattern: `/channels/${general.id}/messages`, status: 502 });
    await channel.send("survives a 502");
    expect(emu.messagesIn(general.id).at(-1)?.content).toBe("survives a 502");

    emu.failNext({ method: "POST", pathPattern: `/channels/${general.id}/messages`, status: 403, code: 50013 });
    const err = await channel.send("nope").catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(50013);
  });

  it("reports deleted and inaccessible channels like Discord", async () => {
    const doomed = emu.addTextChannel(guild.id, { name: "doomed" });
    const locked = emu.addTextChannel(guild.id, { name: "locked" });
    await emu.waitForGateway((e) => e.t === "CHANNEL_CREATE" && (e.d as { id: string }).id === locked.id);
    // Sent is not yet handled: wait until the client has cached both (a fixed 20 ms was too short under load).
    await expect
      .poll(() => client.channels.cache.has(doomed.id) && client.channels.cache.has(locked.id), { timeout: 10_000 })
      .toBe(true);
    const doomedChannel = client.channels.cache.get(doomed.id) as TextChannel;
    const lockedChannel = client.channels.cache.get(locked.id) as TextChannel;
    expect(doomedChannel).toBeTruthy();

    emu.deleteChannel(doomed.id, { silent: true });
    const gone = await doomedChannel.send("hello?").catch((e: unknown) => e);
    expect((gone as DiscordAPIError).code).toBe(10003);
    expect((gone as DiscordAPIError).status).toBe(404);

    emu.denyAccess(locked.id, 50013);
    const denied = await lockedChannel.send("hello?").catch((e: unknown) => e);
    expect((denied as DiscordAPIError).code).toBe(50013);
    expect(
      lockedChannel.permissionsFor(defined(client.user, "client user").id)?.has(PermissionFlagsBits.SendMessages),
    ).toBe(false);

    // Interactions in a locked channel still work and report the missing permission.
    const done = handleOnce("ask", async (i) => {
      if (!i.isChatInputCommand()) throw new Error("expected chat input");
      await i.reply("via interaction");
      return i.appPermissions.has(PermissionFlagsBits.SendMessages);
    });
    emu.injectCommand({ name: "ask", channelId: locked.id, options: { question: "l" } });
    expect(await done).toBe(false);
  });

  it("rejects oversized messages with Discord's form errors", async () => {
    const channel = client.channels.cache.get(general.id) as TextChannel;
    const err = await channel.send("x".repeat(2001)).catch((e: unknown) => e);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect((err as DiscordAPIError).message).toContain("content[BASE_TYPE_MAX_LENGTH]");
  });

  it("closes cleanly on client.destroy()", async () => {
    expect(emu.unknownRequests()).toEqual([]);
    // heartbeat_interval is 1 s, so by now discord.js has heartbeated and been acked.
    await emu.waitForGateway((e) => e.direction === "out" && e.op === 11, 1_500);
    await client.destroy();
    await emu.waitForOpenConnections(0);
    expect(emu.gatewayCloses.at(-1)?.code).toBe(1000);
    expect(emu.liveSessionCount).toBe(0);
  });
});
