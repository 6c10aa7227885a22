import type { WorldState } from "./state.js";
import type { EmulatedChannel, EmulatedGuild, EmulatedMessage, EmulatedUser, Json, JsonObject } from "./types.js";

/** Wire-format builders. Field sets follow what discord.js 14 structures read. */

export function userPayload(user: EmulatedUser): JsonObject {
  const out: JsonObject = {
    id: user.id,
    username: user.username,
    global_name: user.global_name,
    discriminator: user.discriminator,
    avatar: user.avatar,
    public_flags: user.public_flags,
    avatar_decoration_data: null,
  };
  if (user.bot) out.bot = true;
  return out;
}

export function channelPayload(world: WorldState, channel: EmulatedChannel): JsonObject {
  if (channel.type === 1) {
    const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: 1,
      flags: 0,
      last_message_id: channel.lastMessageId,
      recipients: recipient ? [userPayload(recipient)] : [],
    };
  }
  return {
    id: channel.id,
    type: 0,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: null,
    topic: channel.topic,
    nsfw: false,
    flags: 0,
    rate_limit_per_user: 0,
    last_message_id: channel.lastMessageId,
    permission_overwrites: channel.permissionOverwrites.map((o) => ({ ...o })),
  };
}

/** Member object without `user`, as embedded in MESSAGE_CREATE. */
export function partialMemberPayload(joinedAt: string): JsonObject {
  return {
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    nick: null,
    avatar: null,
    banner: null,
    flags: 0,
    communication_disabled_until: null,
  };
}

export function memberPayload(user: EmulatedUser, joinedAt: string, permissions?: bigint): JsonObject {
  const out: JsonObject = { ...partialMemberPayload(joinedAt), user: userPayload(user) };
  if (permissions !== undefined) out.permissions = permissions.toString();
  return out;
}

export function guildCreatePayload(world: WorldState, guild: EmulatedGuild): JsonObject {
  const channels = guild.channelIds
    .map((id) => world.channels.get(id))
    .filter((c): c is EmulatedChannel => c !== undefined && !c.deleted)
    .map((c) => channelPayload(world, c));
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: "en-US",
    features: [],
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    max_members: 500000,
    max_video_channel_users: 25,
    roles: guild.roles.map((r) => ({ ...r })),
    emojis: [],
    stickers: [],
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: 2,
    voice_states: [],
    // Discord always includes the current user's own member; discord.js needs
    // it for guild.members.me and channel.permissionsFor(client.user).
    members: [memberPayload(world.botUser, guild.joinedAt)],
    channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function messagePayload(message: EmulatedMessage): JsonObject {
  return JSON.parse(JSON.stringify(message)) as JsonObject;
}

export function newMessage(
  world: WorldState,
  init: {
    channel: EmulatedChannel;
    author: EmulatedUser;
    content?: string;
    embeds?: JsonObject[];
    components?: JsonObject[];
    attachments?: JsonObject[];
    flags?: number;
    type?: number;
    mentions?: EmulatedUser[];
    extra?: Record<string, Json>;
  },
): EmulatedMessage {
  const message: EmulatedMessage = {
    id: world.ids.next(),
    channel_id: init.channel.id,
    author: userPayload(init.author) as unknown as EmulatedUser,
    content: init.content ?? "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (init.mentions ?? []).map((u) => userPayload(u) as unknown as EmulatedUser),
    mention_roles: [],
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    components: init.components ?? [],
    pinned: false,
    type: init.type ?? 0,
    flags: init.flags ?? 0,
  };
  if (init.channel.guildId) message.guild_id = init.channel.guildId;
  if (init.extra) Object.assign(message, init.extra);
  return message;
}
