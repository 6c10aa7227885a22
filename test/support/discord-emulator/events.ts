import { type Gateway, Intent } from "./gateway.js";
import { channelPayload, guildCreatePayload, messagePayload, partialMemberPayload } from "./payloads.js";
import type { WorldState } from "./state.js";
import type { EmulatedChannel, EmulatedGuild, EmulatedMessage, JsonObject } from "./types.js";

/** Gateway fan-out for world changes, applying Discord's intent rules per session. */
export class WorldEvents {
  constructor(
    private readonly world: WorldState,
    private readonly gateway: Gateway,
  ) {}

  message(t: "MESSAGE_CREATE" | "MESSAGE_UPDATE", message: EmulatedMessage): void {
    const channel = this.world.channels.get(message.channel_id);
    if (!channel) return;
    // Ephemeral messages only exist for their recipient's client, never on the gateway.
    if (message.flags & 64) return;
    const inGuild = channel.type === 0;
    const botId = this.world.botUser.id;
    const mentionsBot = message.mentions.some((u) => u.id === botId);
    const guild = channel.guildId ? this.world.guilds.get(channel.guildId) : undefined;
    this.gateway.dispatch(t, channel.guildId, (session) => {
      const needed = inGuild ? Intent.GuildMessages : Intent.DirectMessages;
      if (!(session.intents & needed)) return null;
      const d = messagePayload(message);
      // discord.js needs channel_type to build a partial DM channel it has never seen.
      d.channel_type = channel.type;
      if (inGuild && guild) {
        d.guild_id = guild.id;
        d.member = partialMemberPayload(guild.joinedAt);
      }
      // Without the privileged MESSAGE_CONTENT intent Discord blanks guild
      // messages unless they mention the bot or are the bot's own.
      const exempt = !inGuild || mentionsBot || message.author.id === botId;
      if (!(session.intents & Intent.MessageContent) && !exempt) {
        d.content = "";
        d.embeds = [];
        d.attachments = [];
        d.components = [];
      }
      return d;
    });
  }

  messageDelete(message: EmulatedMessage): void {
    const channel = this.world.channels.get(message.channel_id);
    if (!channel || message.flags & 64) return;
    const needed = channel.type === 0 ? Intent.GuildMessages : Intent.DirectMessages;
    this.gateway.dispatch("MESSAGE_DELETE", channel.guildId, (session) => {
      if (!(session.intents & needed)) return null;
      const d: JsonObject = { id: message.id, channel_id: channel.id };
      if (channel.guildId) d.guild_id = channel.guildId;
      return d;
    });
  }

  guildCreate(guild: EmulatedGuild): void {
    this.gateway.dispatch("GUILD_CREATE", guild.id, (session) =>
      session.intents & Intent.Guilds ? guildCreatePayload(this.world, guild) : null,
    );
  }

  channel(t: "CHANNEL_CREATE" | "CHANNEL_UPDATE" | "CHANNEL_DELETE", channel: EmulatedChannel): void {
    // Discord no longer sends CHANNEL_* for DMs.
    if (channel.type !== 0) return;
    this.gateway.dispatch(t, channel.guildId, (session) =>
      session.intents & Intent.Guilds ? channelPayload(this.world, channel) : null,
    );
  }
}
