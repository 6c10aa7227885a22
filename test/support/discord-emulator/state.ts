import { EventEmitter } from "node:events";
import type {
  AccessDenial,
  EmulatedChannel,
  EmulatedGuild,
  EmulatedMessage,
  EmulatedRole,
  EmulatedUser,
  InteractionEvent,
  InteractionKind,
  JsonObject,
  PermissionOverwrite,
  RecordedFile,
} from "./types.js";

const DISCORD_EPOCH = 1_420_070_400_000n;

/**
 * Real-looking snowflakes matter: @discordjs/rest only recognises 17–19 digit
 * ids as major parameters, so short fake ids silently merge rate-limit buckets.
 */
export class SnowflakeGenerator {
  private last = 0n;

  next(): string {
    let id = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    if (id <= this.last) id = this.last + 1n;
    this.last = id;
    return id.toString();
  }

  /** A later id whose server would be on `shard` of `count`: (id >> 22) % count === shard. */
  nextOnShard(shard: number, count: number): string {
    let stamp = BigInt(this.next()) >> 22n;
    while (stamp % BigInt(count) !== BigInt(shard)) stamp += 1n;
    const id = stamp << 22n;
    this.last = id;
    return id.toString();
  }
}

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  Administrator: 1n << 3n,
} as const;

/** Roughly what @everyone gets in a freshly created server. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.MentionEveryone |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads;

/** What Discord reports as app_permissions inside a DM. */
export const DM_PERMISSIONS =
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.MentionEveryone |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands;

export interface StoredCommand extends JsonObject {
  id: string;
  application_id: string;
  name: string;
  type: number;
  version: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  kind: InteractionKind;
  payload: JsonObject;
  userId: string;
  channelId: string;
  guildId: string | null;
  createdAt: number;
  /** Initial callback must arrive before this (ms epoch). */
  deadlineAt: number;
  /** Webhook (edit/follow-up) calls are rejected after this. */
  tokenExpiresAt: number;
  ack: { type: number; at: number } | null;
  ephemeral: boolean;
  /** The message `@original` refers to. For components: the message the component sits on. */
  originalMessageId: string | null;
  originalDeleted: boolean;
  thinking: boolean;
  followupIds: string[];
  autocompleteChoices: JsonObject[] | null;
  events: InteractionEvent[];
}

/**
 * The emulated "server side" world. Pure data plus a change emitter; the
 * gateway and REST modules mutate it and announce changes so tests can await.
 */
export class WorldState {
  readonly ids = new SnowflakeGenerator();
  readonly events = new EventEmitter();
  readonly users = new Map<string, EmulatedUser>();
  readonly guilds = new Map<string, EmulatedGuild>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly messages = new Map<string, EmulatedMessage>();
  /** The bytes behind every attachment, by attachment id. */
  readonly attachmentFiles = new Map<string, RecordedFile>();
  readonly deletedMessages = new Set<string>();
  readonly channelMessageOrder = new Map<string, string[]>();
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly dmChannelByUser = new Map<string, string>();
  readonly botUser: EmulatedUser;
  readonly applicationId: string;

  constructor(botUsername: string) {
    this.events.setMaxListeners(0);
    const id = this.ids.next();
    // A bot user's id equals its application's id on real Discord; code
    // that mixes client.user.id and client.application.id relies on it.
    this.applicationId = id;
    this.botUser = {
      id,
      username: botUsername,
      global_name: null,
      discriminator: "0",
      avatar: null,
      bot: true,
      public_flags: 0,
    };
    this.users.set(id, this.botUser);
  }

  changed(): void {
    this.events.emit("change");
  }

  addUser(opts: { username: string; bot?: boolean; globalName?: string }): EmulatedUser {
    const user: EmulatedUser = {
      id: this.ids.next(),
      username: opts.username,
      global_name: opts.globalName ?? null,
      discriminator: "0",
      avatar: null,
      public_flags: 0,
    };
    if (opts.bot) user.bot = true;
    this.users.set(user.id, user);
    return user;
  }

  addGuild(opts: { name: string; ownerId: string; shard?: [number, number] }): EmulatedGuild {
    const id = opts.shard ? this.ids.nextOnShard(opts.shard[0], opts.shard[1]) : this.ids.next();
    const everyone: EmulatedRole = {
      // The @everyone role always shares the guild's id; discord.js relies on it.
      id,
      name: "@everyone",
      permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
    };
    const guild: EmulatedGuild = {
      id,
      name: opts.name,
      ownerId: opts.ownerId,
      joinedAt: new Date().toISOString(),
      roles: [everyone],
      channelIds: [],
    };
    this.guilds.set(id, guild);
    return guild;
  }

  addTextChannel(guildId: string, opts: { name: string; topic?: string }): EmulatedChannel {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`addTextChannel: unknown guild ${guildId}`);
    const channel: EmulatedChannel = {
      id: this.ids.next(),
      type: 0,
      name: opts.name,
      guildId,
      recipientId: null,
      position: guild.channelIds.length,
      topic: opts.topic ?? null,
      permissionOverwrites: [],
      lastMessageId: null,
      deleted: false,
      denied: null,
    };
    guild.channelIds.push(channel.id);
    this.channels.set(channel.id, channel);
    return channel;
  }

  dmChannelFor(userId: string): EmulatedChannel {
    const existing = this.dmChannelByUser.get(userId);
    if (existing) {
      const channel = this.channels.get(existing);
      if (channel) return channel;
    }
    const channel: EmulatedChannel = {
      id: this.ids.next(),
      type: 1,
      name: null,
      guildId: null,
      recipientId: userId,
      position: 0,
      topic: null,
      permissionOverwrites: [],
      lastMessageId: null,
      deleted: false,
      denied: null,
    };
    this.channels.set(channel.id, channel);
    this.dmChannelByUser.set(userId, channel.id);
    return channel;
  }

  requireUser(id: string): EmulatedUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  requireChannel(id: string): EmulatedChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`unknown channel ${id}`);
    return channel;
  }

  /** Bot permissions in a channel, following Discord's role → overwrite order. */
  botPermissionsIn(channel: EmulatedChannel): bigint {
    if (channel.type === 1) return DM_PERMISSIONS;
    const guild = channel.guildId ? this.guilds.get(channel.guildId) : undefined;
    if (!guild) return 0n;
    const everyone = guild.roles.find((r) => r.id === guild.id);
    let perms = everyone ? BigInt(everyone.permissions) : 0n;
    if (perms & Permission.Administrator) return (1n << 50n) - 1n;
    const apply = (o: PermissionOverwrite | undefined): void => {
      if (!o) return;
      perms &= ~BigInt(o.deny);
      perms |= BigInt(o.allow);
    };
    apply(channel.permissionOverwrites.find((o) => o.id === guild.id));
    apply(channel.permissionOverwrites.find((o) => o.type === 1 && o.id === this.botUser.id));
    return perms;
  }

  /** Installs a member overwrite for the bot, so discord.js's own permission checks agree with REST. */
  denyAccess(channelId: string, code: AccessDenial): EmulatedChannel {
    const channel = this.requireChannel(channelId);
    channel.denied = code;
    if (channel.type === 0) {
      const deny =
        code === 50001
          ? Permission.ViewChannel | Permission.SendMessages
          : Permission.SendMessages | Permission.EmbedLinks | Permission.AttachFiles;
      channel.permissionOverwrites = channel.permissionOverwrites.filter(
        (o) => !(o.type === 1 && o.id === this.botUser.id),
      );
      channel.permissionOverwrites.push({ id: this.botUser.id, type: 1, allow: "0", deny: deny.toString() });
    }
    this.changed();
    return channel;
  }

  /** Denies the bot `permissions` in a server channel by its member overwrite (kept with any it has). */
  denyBot(channelId: string, permissions: bigint): EmulatedChannel {
    const channel = this.requireChannel(channelId);
    const own = channel.permissionOverwrites.find((o) => o.type === 1 && o.id === this.botUser.id);
    if (own) own.deny = (BigInt(own.deny) | permissions).toString();
    else channel.permissionOverwrites.push({ id: this.botUser.id, type: 1, allow: "0", deny: permissions.toString() });
    this.changed();
    return channel;
  }

  storeMessage(message: EmulatedMessage): EmulatedMessage {
    this.messages.set(message.id, message);
    let order = this.channelMessageOrder.get(message.channel_id);
    if (!order) {
      order = [];
      this.channelMessageOrder.set(message.channel_id, order);
    }
    if (!order.includes(message.id)) order.push(message.id);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.lastMessageId = message.id;
    this.changed();
    return message;
  }

  deleteMessage(id: string): void {
    this.messages.delete(id);
    this.deletedMessages.add(id);
    this.changed();
  }

  /** Messages everybody in the channel can see (ephemeral ones excluded), oldest first. */
  messagesIn(channelId: string): EmulatedMessage[] {
    const order = this.channelMessageOrder.get(channelId) ?? [];
    const out: EmulatedMessage[] = [];
    for (const id of order) {
      const message = this.messages.get(id);
      if (message && (message.flags & 64) === 0) out.push(message);
    }
    return out;
  }

  commandByName(name: string, guildId: string | null): StoredCommand | undefined {
    const scoped = guildId ? this.guildCommands.get(guildId)?.find((c) => c.name === name) : undefined;
    return scoped ?? this.globalCommands.find((c) => c.name === name);
  }

  interactionByToken(token: string): InteractionRecord | undefined {
    for (const record of this.interactions.values()) {
      if (record.token === token) return record;
    }
    return undefined;
  }
}
