import {
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  InteractionContextType,
  PermissionFlagsBits,
} from "discord.js";
import { slashCommand } from "../src/bot/commands.js";
import { mayAttachFiles, missingPostPermissions } from "../src/bot/digest-transport.js";
import { UserError } from "../src/bot/errors.js";
import {
  renderDigest,
  renderNothingToPreview,
  renderSubscribed,
  renderSubscriptionChange,
  renderSubscriptions,
} from "../src/bot/render/digest.js";
import { defer, send } from "../src/bot/send.js";
import type { BotContext, Command } from "../src/bot/types.js";
import type { DigestService, Scope } from "../src/digest/service.js";
import { MAX_QUESTION_LENGTH } from "../src/search/answer.js";

/**
 * /digest: scheduled digests of new reports, for a server channel or a DM. Managing them
 * (subscribe, unsubscribe, pause, resume) needs Manage Server in a server: Discord hides the command
 * from other members by default, and the check is repeated here because a server can grant the
 * command to anyone in its integration settings. /digest list and preview only read, so whoever the
 * server lets use the command may run them. Anyone may manage digests in their own DMs with Sitrep.
 */

const ID_DESCRIPTION = "The digest's id, as shown by /digest list";

const data = slashCommand("digest", "Scheduled digests of new reports, posted in a channel or in your DMs")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName("subscribe")
      .setDescription("Post a digest of new reports on a schedule")
      .addStringOption((o) =>
        o
          .setName("schedule")
          .setDescription('"daily 09:00", "weekly monday 09:00" or cron like "0 9 * * 1-5"; at most hourly')
          .setRequired(true)
          .setMaxLength(100),
      )
      .addStringOption((o) =>
        o
          .setName("timezone")
          .setDescription("IANA time zone for the schedule, e.g. Europe/London (default UTC)")
          .setAutocomplete(true)
          .setMaxLength(64),
      )
      .addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("Where to post (default: this channel; in DMs, always this conversation)")
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) =>
        o
          .setName("topic")
          .setDescription("Only reports about this, e.g. Mosul offensive")
          .setMaxLength(MAX_QUESTION_LENGTH),
      ),
  )
  .addSubcommand((s) => s.setName("list").setDescription("This server's (or this DM's) digests and their state"))
  .addSubcommand((s) =>
    s
      .setName("unsubscribe")
      .setDescription("Stop a digest and remove it")
      .addStringOption((o) => o.setName("id").setDescription(ID_DESCRIPTION).setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName("pause")
      .setDescription("Pause a digest; resuming it later covers the paused time")
      .addStringOption((o) => o.setName("id").setDescription(ID_DESCRIPTION).setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName("resume")
      .setDescription("Resume a paused digest")
      .addStringOption((o) => o.setName("id").setDescription(ID_DESCRIPTION).setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((s) =>
    s
      .setName("preview")
      .setDescription("Show now, only to you, what a digest would post")
      .addStringOption((o) =>
        o.setName("id").setDescription("A digest's next post so far (its id)").setAutocomplete(true),
      )
      .addStringOption((o) =>
        o
          .setName("topic")
          .setDescription("Or: reports of the last 24 hours about this")
          .setMaxLength(MAX_QUESTION_LENGTH),
      ),
  );

const MANAGING = new Set(["subscribe", "unsubscribe", "pause", "resume"]);

const DIGESTS_UNAVAILABLE = "Digests are not available right now.";

function service(context: BotContext): DigestService {
  if (!context.digests) throw new UserError(DIGESTS_UNAVAILABLE);
  return context.digests;
}

/**
 * The server, or the DM with Sitrep. Not a group DM, nor a server Sitrep is not in (a user install
 * used there): Sitrep could not post in either.
 */
function scopeOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): Scope {
  if (interaction.inGuild()) {
    if (!interaction.inCachedGuild()) {
      throw new UserError(
        "Sitrep is not a member of this server, so it cannot post digests here. " +
          "Invite it to the server, or set up a digest in your DMs with Sitrep.",
      );
    }
    return { guildId: interaction.guildId, channelId: interaction.channelId };
  }
  if (interaction.context === InteractionContextType.PrivateChannel || !interaction.channelId) {
    throw new UserError("Digests can be set up in servers and in your DMs with Sitrep, not in group DMs.");
  }
  return { guildId: null, channelId: interaction.channelId };
}

function requireManager(interaction: ChatInputCommandInteraction): void {
  if (!interaction.inGuild()) return;
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError("Managing digests in this server needs the Manage Server permission.");
  }
}

/**
 * Refuses a server channel Sitrep could not post in, now rather than at the first run. Returns
 * whether its digests there go without their picture (Sitrep lacks Attach Files).
 */
function checkCanPost(interaction: ChatInputCommandInteraction, channelId: string): { withoutPicture: boolean } {
  if (!interaction.inCachedGuild()) return { withoutPicture: false };
  // A server's channels that Sitrep can see are all cached (sent when it connects), so a channel
  // missing here is one it cannot see, or one of another server.
  const channel = interaction.guild.channels.cache.get(channelId);
  if (!channel) throw new UserError(`Sitrep cannot see <#${channelId}>. Pick a text channel it can read.`);
  const me = interaction.guild.members.me;
  const missing = me ? missingPostPermissions(channel, me, true) : [];
  if (missing.length > 0) {
    throw new UserError(`Sitrep cannot post digests in <#${channelId}>: it needs ${missing.join(", ")} there.`);
  }
  return { withoutPicture: me !== null && !mayAttachFiles(channel, me) };
}

async function subscribe(interaction: ChatInputCommandInteraction, digests: DigestService, scope: Scope) {
  // The raw id rather than getChannel(): it needs no resolved channel data, and Discord has already
  // checked the type against the option's channel types.
  const picked = interaction.options.get("channel")?.value;
  // In a DM the digest always goes to that DM; a channel option there could only name another place.
  const channelId = scope.guildId === null || typeof picked !== "string" ? scope.channelId : picked;
  const posting = scope.guildId === null ? { withoutPicture: false } : checkCanPost(interaction, channelId);
  const { subscription } = await digests.subscribe({
    guildId: scope.guildId,
    channelId,
    schedule: interaction.options.getString("schedule", true),
    timezone: interaction.options.getString("timezone"),
    topic: interaction.options.getString("topic"),
    createdBy: interaction.user.id,
  });
  await send({ interaction }, renderSubscribed(subscription, posting));
}

async function preview(interaction: ChatInputCommandInteraction, digests: DigestService, scope: Scope) {
  const id = interaction.options.getString("id");
  const topic = interaction.options.getString("topic");
  if (id && topic) {
    throw new UserError("Give an id (a digest's next post) or a topic (the last 24 hours), not both.");
  }
  // The timeline of a digest can take a moment on a large corpus.
  await defer(interaction, "ephemeral-reply");
  const timeZone = id ? (await digests.get(id, scope)).timezone : "UTC";
  const digest = await digests.preview(id ? { id } : { topic }, scope);
  if (!digest) {
    await send({ interaction }, renderNothingToPreview(id ? "subscription" : "topic", topic));
    return;
  }
  for (const message of renderDigest(digest, { timeZone, preview: true })) await send({ interaction }, message);
}

export default {
  data,

  async execute(interaction, context) {
    const digests = service(context);
    const subcommand = interaction.options.getSubcommand(true);
    const scope = scopeOf(interaction);
    if (MANAGING.has(subcommand)) requireManager(interaction);
    switch (subcommand) {
      case "subscribe":
        await subscribe(interaction, digests, scope);
        return;
      case "list": {
        const { problem } = digests.storeHealth();
        for (const message of renderSubscriptions(await digests.list(scope), scope.guildId !== null, problem)) {
          await send({ interaction }, message);
        }
        return;
      }
      case "unsubscribe": {
        const id = interaction.options.getString("id", true);
        const view = await digests.get(id, scope);
        await digests.unsubscribe(id, scope);
        await send({ interaction }, renderSubscriptionChange("unsubscribed", view));
        return;
      }
      case "pause":
        await send(
          { interaction },
          renderSubscriptionChange("paused", await digests.pause(interaction.options.getString("id", true), scope)),
        );
        return;
      case "resume":
        await send(
          { interaction },
          renderSubscriptionChange("resumed", await digests.resume(interaction.options.getString("id", true), scope)),
        );
        return;
      case "preview":
        await preview(interaction, digests, scope);
        return;
      default:
        throw new UserError(`/digest ${subcommand} is not a Sitrep command any more; see /help.`);
    }
  },

  async autocomplete(interaction, context) {
    const digests = context.digests;
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value);
    if (!digests) {
      await interaction.respond([]);
      return;
    }
    if (focused.name === "timezone") {
      await interaction.respond(digests.timeZones(typed).map((zone) => ({ name: zone, value: zone })));
      return;
    }
    if (focused.name === "id") {
      let scope: Scope;
      try {
        scope = scopeOf(interaction);
      } catch {
        // A group DM or a server without Sitrep has no digests to offer.
        await interaction.respond([]);
        return;
      }
      const choices = (await digests.autocomplete(scope, typed)).map((c) => ({ name: c.label, value: c.id }));
      await interaction.respond(choices);
      return;
    }
    await interaction.respond([]);
  },
} satisfies Command;
