/**
 * Loopback Discord API v10 emulator (REST + gateway on one port) for driving
 * the real discord.js Client in end-to-end tests:
 *
 *   const emu = await DiscordEmulator.start();
 *   const guild = emu.addGuild({ name: "Newsroom" });
 *   const channel = emu.addTextChannel(guild.id, { name: "general" });
 *   const client = new Client({ intents, partials: [Partials.Channel], ...emu.clientOptions() });
 *   const ready = once(client, Events.ClientReady); // attach before login()
 *   await client.login(emu.token); await ready;
 *   const handle = emu.injectCommand({ name: "ask", channelId: channel.id, options: { question: "…" } });
 *   const view = await handle.waitForSettled(); // what the user sees
 *   await client.destroy(); await emu.stop();
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientOptions } from "discord.js";
import { WorldEvents } from "./events.js";
import { Gateway, type GatewayLogEntry, Intent } from "./gateway.js";
import { InteractionHandle } from "./interactions.js";
import { channelPayload, memberPayload, messagePayload, newMessage, userPayload } from "./payloads.js";
import { RestApi } from "./rest.js";
import { DEFAULT_EVERYONE_PERMISSIONS, type InteractionRecord, WorldState } from "./state.js";
import type {
  AccessDenial,
  EmulatedChannel,
  EmulatedGuild,
  EmulatedMessage,
  EmulatedUser,
  FailRule,
  HoldRule,
  InteractionEvent,
  InteractionKind,
  InteractionView,
  Json,
  JsonObject,
  RecordedFile,
  RecordedRequest,
  ResponseHold,
} from "./types.js";
import { waitUntil } from "./wait.js";

export type { GatewayLogEntry } from "./gateway.js";
export { Intent, shardOf } from "./gateway.js";
export { InteractionHandle, textOf } from "./interactions.js";
export type * from "./types.js";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  botUsername?: string;
  /** Window for the initial interaction callback; Discord's is 3 s. */
  interactionDeadlineMs?: number;
  /** Lifetime of the interaction token for edits/follow-ups; Discord's is 15 min. */
  interactionTokenLifetimeMs?: number;
  heartbeatIntervalMs?: number;
  /** Privileged intents enabled in the (emulated) developer portal. Default none. */
  allowedPrivilegedIntents?: number;
  /** The shard count GET /gateway/bot recommends. Default 1. */
  recommendedShards?: number;
}

/** An option value, or a raw option object for full control (types, nesting, focus). */
export type OptionInput = string | number | boolean;
export interface RawOption {
  name: string;
  type: number;
  value?: OptionInput;
  focused?: boolean;
  options?: RawOption[];
}

interface InteractionBase {
  /** Defaults to the emulator's default user. */
  user?: EmulatedUser | string;
  locale?: string;
  /** Per-interaction override of the 3 s callback deadline. */
  deadlineMs?: number;
  authorizingIntegrationOwners?: Record<string, string>;
  /** Override the computed app_permissions (bitfield as bigint or decimal string). */
  appPermissions?: bigint | string;
  /**
   * Deliver to every connected session, whatever its shard: the same interaction reaching two
   * processes at once (as in a shard handover). Only the first callback is accepted, as on Discord.
   */
  everyShard?: boolean;
}

/** Where a command runs: a guild text channel, or the bot's DM with the user. */
export type InteractionPlace = { channelId: string; dm?: never } | { dm: true; channelId?: never };

export type CommandSpec = InteractionBase &
  InteractionPlace & {
    name: string;
    subcommand?: string;
    options?: Record<string, OptionInput> | RawOption[];
  };

export type AutocompleteSpec = CommandSpec & {
  /** Name of the option being typed; its value is the partial input. */
  focused: string;
};

export type ButtonSpec = InteractionBase & {
  customId: string;
  /** The message carrying the button (an emulator message or its id). */
  message: EmulatedMessage | string;
};

export type InjectInteractionSpec =
  | ({ kind: "command" } & CommandSpec)
  | ({ kind: "autocomplete" } & AutocompleteSpec)
  | ({ kind: "button" } & ButtonSpec);

export type MessageSpec = {
  content: string;
  /** Defaults to the emulator's default user. */
  author?: EmulatedUser | string;
  /** Prefixes `<@BOT>` and lists the bot in `mentions`, like a real @-mention. */
  mentionBot?: boolean;
  /** Makes this a reply (type 19) to an existing message; pings its author like Discord's default. */
  replyTo?: EmulatedMessage | string;
} & InteractionPlace;

const DISCORD_DEADLINE_MS = 3_000;
const TOKEN_LIFETIME_MS = 15 * 60_000;

export class DiscordEmulator {
  readonly token: string;
  readonly port: number;
  /** Pass as `rest.api`; discord.js appends `/v10`. */
  readonly restBase: string;
  readonly gatewayUrl: string;
  /** A plain (non-bot) user that injections default to. */
  readonly defaultUser: EmulatedUser;

  private constructor(
    private readonly server: Server,
    private readonly world: WorldState,
    private readonly gateway: Gateway,
    private readonly rest: RestApi,
    private readonly worldEvents: WorldEvents,
    private readonly options: Required<Omit<EmulatorOptions, "port" | "token" | "botUsername" | "recommendedShards">>,
    token: string,
    port: number,
  ) {
    this.token = token;
    this.port = port;
    this.restBase = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.defaultUser = world.addUser({ username: "tester", globalName: "Test User" });
  }

  static async start(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
    const token = options.token ?? `emulator.${randomBytes(12).toString("hex")}`;
    const world = new WorldState(options.botUsername ?? "sitrep-test");
    let port = 0;
    const url = (): string => `ws://127.0.0.1:${port}`;
    const gateway = new Gateway(world, {
      token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
      url,
    });
    const worldEvents = new WorldEvents(world, gateway);
    const rest = new RestApi(world, worldEvents, {
      token,
      gatewayUrl: url,
      recommendedShards: options.recommendedShards ?? 1,
    });
    const server = createServer((req, res) => {
      void rest.handle(req, res);
    });
    server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    return new DiscordEmulator(
      server,
      world,
      gateway,
      rest,
      worldEvents,
      {
        interactionDeadlineMs: options.interactionDeadlineMs ?? DISCORD_DEADLINE_MS,
        interactionTokenLifetimeMs: options.interactionTokenLifetimeMs ?? TOKEN_LIFETIME_MS,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
        allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
      },
      token,
      port,
    );
  }

  async stop(): Promise<void> {
    await this.gateway.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  get botUser(): EmulatedUser {
    return this.world.botUser;
  }

  /** Every REST request, in arrival order (including rejected and injected failures). */
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  /** Requests that matched no emulated route — usually a missing emulator feature. */
  unknownRequests(): RecordedRequest[] {
    return this.rest.requests.filter((r) => r.route === null);
  }

  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log;
  }

  /** Query strings the gateway saw on connect (e.g. `v=10&encoding=json`). */
  gatewayQueries(): URLSearchParams[] {
    return this.gateway.connectionQueries();
  }

  /**
   * discord.js options that point a Client at the emulator. The identify
   * throttler is replaced because the default one sleeps ~5 s between
   * identifies, which makes re-identify tests crawl.
   */
  clientOptions(): Pick<ClientOptions, "rest" | "ws"> {
    return {
      rest: { api: this.restBase },
      ws: {
        buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }),
      },
    };
  }

  // ── World building ──────────────────────────────────────────────────

  addUser(opts: { username: string; bot?: boolean; globalName?: string }): EmulatedUser {
    return this.world.addUser(opts);
  }

  /**
   * Adds a guild the bot is in; connected clients on its shard receive GUILD_CREATE. `shard: [id,
   * count]` picks an id that Discord would route to that shard.
   */
  addGuild(opts: { name: string; ownerId?: string; shard?: [number, number] }): EmulatedGuild {
    const guild = this.world.addGuild({
      name: opts.name,
      ownerId: opts.ownerId ?? this.defaultUser.id,
      ...(opts.shard ? { shard: opts.shard } : {}),
    });
    this.worldEvents.guildCreate(guild);
    return guild;
  }

  addTextChannel(guildId: string, opts: { name: string; topic?: string }): EmulatedChannel {
    const channel = this.world.addTextChannel(guildId, opts);
    this.worldEvents.channel("CHANNEL_CREATE", channel);
    return channel;
  }

  /** The DM channel between the bot and a user (created on first use). */
  dmChannel(user: EmulatedUser | string): EmulatedChannel {
    return this.world.dmChannelFor(this.resolveUser(user).id);
  }

  /** Later requests to the channel get 404/10003. `silent` skips CHANNEL_DELETE, simulating a stale cache. */
  deleteChannel(channelId: string, opts: { silent?: boolean } = {}): void {
    const channel = this.world.requireChannel(channelId);
    channel.deleted = true;
    if (channel.guildId) {
      const guild = this.world.guilds.get(channel.guildId);
      if (guild) guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    }
    this.world.changed();
    if (!opts.silent) this.worldEvents.channel("CHANNEL_DELETE", channel);
  }

  /**
   * 50001: the bot can no longer see the channel; 50013: it can see but not
   * send. Also pushes a CHANNEL_UPDATE with a member overwrite so discord.js's
   * local permission checks agree (unless `silent`).
   */
  denyAccess(channelId: string, code: AccessDenial, opts: { silent?: boolean } = {}): void {
    const channel = this.world.denyAccess(channelId, code);
    if (!opts.silent) this.worldEvents.channel("CHANNEL_UPDATE", channel);
  }

  /**
   * Denies the bot `permissions` (Discord's bits) in a server channel, as a member overwrite:
   * discord.js's own checks see it (CHANNEL_UPDATE), and REST refuses a message with files
   * without Attach Files (50013), as Discord does.
   */
  denyBotPermissions(channelId: string, permissions: bigint): void {
    this.worldEvents.channel("CHANNEL_UPDATE", this.world.denyBot(channelId, permissions));
  }

  // ── Gateway control ─────────────────────────────────────────────────

  /** op 7 RECONNECT to every connected client. */
  forceReconnect(): void {
    this.gateway.forceReconnect();
  }

  /** op 9 INVALID_SESSION; `resumable: false` forces a fresh IDENTIFY. */
  invalidateSession(resumable: boolean): void {
    this.gateway.invalidateSession(resumable);
  }

  /** Server-side close of every gateway socket with `code` (4000 → resume, 4004 → fatal). */
  closeGatewayConnections(code: number, reason?: string): void {
    this.gateway.closeConnections(code, reason);
  }

  /** [shard id, shard count] of every connected session. */
  connectedShards(): Array<[number, number]> {
    return this.gateway.connectedShards();
  }

  /** Sockets that have identified or resumed. */
  get connectedSessionCount(): number {
    return this.gateway.connectedSessionCount;
  }

  /** Sessions connected or still resumable (a clean client.destroy() drops it to 0). */
  get liveSessionCount(): number {
    return this.gateway.liveSessionCount;
  }

  /** Gateway socket closes with their close codes. */
  get gatewayCloses(): ReadonlyArray<{ at: number; code: number; sessionId: string | null }> {
    return this.gateway.closes;
  }

  /** Resolves once exactly `count` gateway sockets are open (0 = all clients gone). */
  waitForOpenConnections(count: number, timeoutMs = 2_000): Promise<true> {
    return waitUntil(
      this.world,
      () => this.gateway.openConnectionCount === count || undefined,
      timeoutMs,
      `${count} open gateway connection(s)`,
      () => `open: ${this.gateway.openConnectionCount}`,
    );
  }

  // ── REST control ────────────────────────────────────────────────────

  /** Fails the next matching request(s) with `status` (429s carry Retry-After and X-RateLimit-* headers). */
  failNext(rule: FailRule): void {
    this.rest.failNext(rule);
  }

  /**
   * Matching requests are carried out (a message is stored and sent to the gateway) but their
   * responses wait until `release()`, or until the caller hangs up: a post that reached Discord
   * from a process that never heard back, for crash tests.
   */
  holdResponses(rule: HoldRule): ResponseHold {
    return this.rest.holdResponses(rule);
  }

  commands(guildId?: string): JsonObject[] {
    return guildId ? (this.world.guildCommands.get(guildId) ?? []) : this.world.globalCommands;
  }

  // ── Injection ───────────────────────────────────────────────────────

  injectInteraction(spec: InjectInteractionSpec): InteractionHandle {
    switch (spec.kind) {
      case "command":
        return this.injectCommand(spec);
      case "autocomplete":
        return this.injectAutocomplete(spec);
      case "button":
        return this.injectButton(spec);
    }
  }

  /** INTERACTION_CREATE type 2 (chat input). */
  injectCommand(spec: CommandSpec): InteractionHandle {
    return this.inject("command", spec, this.channelFor(spec, spec.user), this.commandData(spec, null), {});
  }

  /** INTERACTION_CREATE type 4 with `focused: true` on `spec.focused`. */
  injectAutocomplete(spec: AutocompleteSpec): InteractionHandle {
    return this.inject(
      "autocomplete",
      spec,
      this.channelFor(spec, spec.user),
      this.commandData(spec, spec.focused),
      {},
    );
  }

  /** INTERACTION_CREATE type 3 for a button (component_type 2) on an existing message. */
  injectButton(spec: ButtonSpec): InteractionHandle {
    const messageId = typeof spec.message === "string" ? spec.message : spec.message.id;
    const message = this.world.messages.get(messageId);
    if (!message) throw new Error(`injectButton: unknown message ${messageId}`);
    const channel = this.world.requireChannel(message.channel_id);
    const handle = this.inject(
      "button",
      spec,
      channel,
      { custom_id: spec.customId, component_type: 2 },
      { message: messagePayload(message) },
    );
    // For component interactions `@original` is the message the component is on.
    handle.record.originalMessageId = message.id;
    return handle;
  }

  /** MESSAGE_CREATE from a user (or another bot) into a guild channel or the bot's DM. */
  injectMessage(spec: MessageSpec): EmulatedMessage {
    const author = this.resolveUser(spec.author);
    const channel = this.channelFor(spec, author);
    if (channel.deleted) throw new Error(`injectMessage: channel ${channel.id} is deleted`);
    const mentions: EmulatedUser[] = [];
    let content = spec.content;
    if (spec.mentionBot) {
      content = `<@${this.world.botUser.id}> ${content}`;
      mentions.push(this.world.botUser);
    }
    const extra: Record<string, Json> = {};
    let type = 0;
    if (spec.replyTo) {
      const refId = typeof spec.replyTo === "string" ? spec.replyTo : spec.replyTo.id;
      const referenced = this.world.messages.get(refId);
      if (!referenced) throw new Error(`injectMessage: unknown replyTo message ${refId}`);
      type = 19;
      const reference: JsonObject = { type: 0, message_id: referenced.id, channel_id: channel.id };
      if (channel.guildId) reference.guild_id = channel.guildId;
      extra.message_reference = reference;
      extra.referenced_message = messagePayload(referenced);
      const repliedTo = this.world.users.get(referenced.author.id);
      if (repliedTo && !mentions.some((u) => u.id === repliedTo.id)) mentions.push(repliedTo);
    }
    const message = newMessage(this.world, { channel, author, content, mentions, type, extra });
    this.world.storeMessage(message);
    this.worldEvents.message("MESSAGE_CREATE", message);
    return message;
  }

  // ── Inspection ──────────────────────────────────────────────────────

  /** Messages visible in a channel (ephemeral ones excluded), oldest first. */
  messagesIn(channelId: string): EmulatedMessage[] {
    return this.world.messagesIn(channelId);
  }

  message(id: string): EmulatedMessage | undefined {
    return this.world.messages.get(id);
  }

  /** The file uploaded as an attachment (by the attachment's id): name, size, content type and bytes. */
  attachmentFile(attachmentId: string): RecordedFile | undefined {
    return this.world.attachmentFiles.get(attachmentId);
  }

  /** Accepted callback, edits and follow-ups for an interaction, in order. */
  interactionResponses(interactionId: string): InteractionEvent[] {
    return [...this.requireInteraction(interactionId).events];
  }

  /** What the invoking user finally sees for an interaction. */
  interactionView(interactionId: string): InteractionView {
    return InteractionHandle.viewOf(this.world, this.requireInteraction(interactionId));
  }

  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(predicate: (req: RecordedRequest) => boolean, timeoutMs = 2_000): Promise<RecordedRequest> {
    return waitUntil(
      this.world,
      () => this.rest.requests.find(predicate),
      timeoutMs,
      "matching REST request",
      () => this.describeRecentRequests(),
    );
  }

  /** Resolves with the first gateway log entry (past or future) matching `predicate`. */
  waitForGateway(predicate: (entry: GatewayLogEntry) => boolean, timeoutMs = 2_000): Promise<GatewayLogEntry> {
    return waitUntil(
      this.world,
      () => this.gateway.log.find(predicate),
      timeoutMs,
      "matching gateway event",
      () =>
        this.gateway.log
          .slice(-10)
          .map((e) => `${e.direction} op=${e.op} t=${e.t ?? "-"} s=${e.s ?? "-"}`)
          .join("\n"),
    );
  }

  describeRecentRequests(count = 10): string {
    return this.rest.requests
      .slice(-count)
      .map((r) => `${r.method} ${r.path} → ${r.status}${r.route === null ? " (unknown route)" : ""}`)
      .join("\n");
  }

  // ── Internals ───────────────────────────────────────────────────────

  private resolveUser(user: EmulatedUser | string | undefined): EmulatedUser {
    if (user === undefined) return this.defaultUser;
    return this.world.requireUser(typeof user === "string" ? user : user.id);
  }

  private channelFor(place: InteractionPlace, user: EmulatedUser | string | undefined): EmulatedChannel {
    if (place.dm) return this.world.dmChannelFor(this.resolveUser(user).id);
    return this.world.requireChannel(place.channelId);
  }

  private requireInteraction(id: string): InteractionRecord {
    const record = this.world.interactions.get(id);
    if (!record) throw new Error(`unknown interaction ${id}`);
    return record;
  }

  private commandData(spec: CommandSpec, focused: string | null): JsonObject {
    const channel = this.channelFor(spec, spec.user);
    const registered = this.world.commandByName(spec.name, channel.guildId);
    let options = toRawOptions(spec.options ?? {}, focused);
    if (spec.subcommand) options = [{ name: spec.subcommand, type: 1, options }];
    const data: JsonObject = {
      id: registered?.id ?? this.world.ids.next(),
      name: spec.name,
      type: 1,
      options: options as unknown as Json,
    };
    if (registered?.guild_id) data.guild_id = registered.guild_id;
    return data;
  }

  private inject(
    kind: InteractionKind,
    spec: InteractionBase,
    channel: EmulatedChannel,
    data: JsonObject,
    extra: JsonObject,
  ): InteractionHandle {
    const user = this.resolveUser(spec.user);
    const id = this.world.ids.next();
    const token = `emu_${kind}_${randomBytes(24).toString("base64url")}`;
    const inGuild = channel.type === 0 && channel.guildId !== null;
    const appPermissions =
      spec.appPermissions !== undefined ? BigInt(spec.appPermissions) : this.world.botPermissionsIn(channel);
    const payload: JsonObject = {
      id,
      application_id: this.world.applicationId,
      type: kind === "command" ? 2 : kind === "button" ? 3 : 4,
      token,
      version: 1,
      data,
      channel_id: channel.id,
      app_permissions: appPermissions.toString(),
      locale: spec.locale ?? "en-US",
      // discord.js reduces over this unconditionally; omitting it throws.
      entitlements: [],
      authorizing_integration_owners:
        spec.authorizingIntegrationOwners ?? (inGuild ? { "0": channel.guildId } : { "0": "0" }),
      context: inGuild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      ...extra,
    };
    if (inGuild && channel.guildId) {
      const guild = this.world.guilds.get(channel.guildId);
      payload.guild_id = channel.guildId;
      payload.guild_locale = "en-US";
      payload.guild = { id: channel.guildId, locale: "en-US", features: [] };
      payload.channel = {
        ...channelPayload(this.world, channel),
        permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
      };
      payload.member = memberPayload(user, guild?.joinedAt ?? new Date().toISOString(), DEFAULT_EVERYONE_PERMISSIONS);
    } else {
      payload.channel = channelPayload(this.world, channel);
      payload.user = userPayload(user);
    }
    const now = Date.now();
    const record: InteractionRecord = {
      id,
      token,
      kind,
      payload,
      userId: user.id,
      channelId: channel.id,
      guildId: inGuild ? channel.guildId : null,
      createdAt: now,
      deadlineAt: now + (spec.deadlineMs ?? this.options.interactionDeadlineMs),
      tokenExpiresAt: now + this.options.interactionTokenLifetimeMs,
      ack: null,
      ephemeral: false,
      originalMessageId: null,
      originalDeleted: false,
      thinking: false,
      followupIds: [],
      autocompleteChoices: null,
      events: [],
    };
    this.world.interactions.set(id, record);
    const handle = new InteractionHandle(this.world, record);
    // Interactions need no intent; every live session on the server's shard (DMs: shard 0) receives them.
    this.gateway.dispatch(
      "INTERACTION_CREATE",
      inGuild ? channel.guildId : null,
      () => JSON.parse(JSON.stringify(payload)) as JsonObject,
      spec.everyShard ?? false,
    );
    return handle;
  }
}

function inferOptionType(value: OptionInput): number {
  if (typeof value === "boolean") return 5;
  if (typeof value === "number") return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function toRawOptions(input: Record<string, OptionInput> | RawOption[], focused: string | null): RawOption[] {
  const list: RawOption[] = Array.isArray(input)
    ? input.map((o) => ({ ...o }))
    : Object.entries(input).map(([name, value]) => ({ name, type: inferOptionType(value), value }));
  if (focused !== null) {
    const target = list.find((o) => o.name === focused);
    if (target) target.focused = true;
    else list.push({ name: focused, type: 3, value: "", focused: true });
  }
  return list;
}

export const DEFAULT_TEST_INTENTS = Intent.Guilds | Intent.GuildMessages | Intent.DirectMessages;
