import {
  type APIMessage,
  type Client,
  type GuildBasedChannel,
  type GuildMemberResolvable,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  type SendableChannels,
} from "discord.js";
import { reportsPerDay } from "../chart/report-counts.js";
import type { Digest } from "../digest/build.js";
import {
  classifyDeliveryError,
  DeliveryError,
  type DeliveryFailureKind,
  type DigestTarget,
  type DigestTransport,
  type RunKey,
  type SentMessages,
} from "../digest/transport.js";
import type { Logger } from "../logger.js";
import { timelinePicture } from "./features/timeline.js";
import { digestPartOf, renderDigest } from "./render/digest.js";
import { post } from "./send.js";

/**
 * Posts digests to Discord: a server text channel or a DM channel, by id. Follows the contract of
 * src/digest/transport.ts: each part is sent with the nonce `${run.nonce}.${part}` and
 * `enforce_nonce`, so a retry within Discord's nonce window returns the message already created
 * instead of posting it again; the run key is in the last message's footer, and `findSent` looks for
 * it among the channel's recent messages by Sitrep, which covers retries after that window and
 * restarts.
 *
 * Errors: discord.js's DiscordAPIError carries Discord's JSON code and the HTTP status, which is what
 * the scheduler classifies (10003 deleted channel, 50001 no access, 50013 no permission → the
 * subscription is paused with the reason; 5xx, 429 and network errors → retried). They are rethrown
 * as DeliveryError with that classification, keeping the original as the cause.
 */

/**
 * The permissions `member` lacks to post a digest in a server channel or thread, by name; empty when
 * none is missing or Discord's data cannot tell. Posting in a thread takes Send Messages in Threads,
 * not Send Messages. Read Message History is only for findSent, so only `/digest subscribe` asks
 * for it (`history`); a post without it still goes out.
 */
export function missingPostPermissions(
  channel: GuildBasedChannel,
  member: GuildMemberResolvable,
  history = false,
): string[] {
  const permissions = channel.permissionsFor(member);
  if (!permissions) return [];
  const needed: [string, bigint][] = [
    ["View Channel", PermissionFlagsBits.ViewChannel],
    channel.isThread()
      ? ["Send Messages in Threads", PermissionFlagsBits.SendMessagesInThreads]
      : ["Send Messages", PermissionFlagsBits.SendMessages],
    ["Embed Links", PermissionFlagsBits.EmbedLinks],
  ];
  if (history) needed.push(["Read Message History", PermissionFlagsBits.ReadMessageHistory]);
  return needed.filter(([, flag]) => !permissions.has(flag)).map(([name]) => name);
}

/**
 * Whether Sitrep may attach the timeline's picture in `channel`: Attach Files, where Discord's data
 * can tell (a DM, or a server channel of a server this client has not cached, is taken as yes, and
 * Discord's answer to the post decides).
 */
export function mayAttachFiles(channel: SendableChannels | GuildBasedChannel, member: GuildMemberResolvable): boolean {
  if (channel.isDMBased()) return true;
  return channel.permissionsFor(member)?.has(PermissionFlagsBits.AttachFiles) ?? true;
}

export interface DiscordDigestTransportOptions {
  /** Recent messages scanned by findSent. Default 50 (Discord allows up to 100 per request). */
  scanLimit?: number;
  /** Messages one digest may take at most. Default 10. */
  maxMessages?: number;
  /** Where a timeline picture that could not be drawn is reported (the digest goes without it). */
  logger?: Logger;
}

export class DiscordDigestTransport implements DigestTransport {
  private readonly scanLimit: number;
  private readonly maxMessages: number | undefined;
  private readonly logger: Logger | null;

  constructor(
    private readonly client: Client<true>,
    options: DiscordDigestTransportOptions = {},
  ) {
    this.scanLimit = Math.min(100, Math.max(1, options.scanLimit ?? 50));
    this.maxMessages = options.maxMessages;
    this.logger = options.logger ?? null;
  }

  async send(target: DigestTarget, digest: Digest, run: RunKey): Promise<SentMessages> {
    return withDeliveryErrors(async () => {
      const channel = await this.channel(target);
      // A channel that denies Attach Files gets the digest without its picture: the picture is an
      // extra, and a post carrying it would be refused (50013), pausing the digest over it.
      const attach = mayAttachFiles(channel, this.client.user);
      if (digest.timeline && !attach) {
        this.logger?.warn(
          { subscriptionId: target.subscriptionId, channelId: target.channelId },
          "digest posted without its timeline picture: Sitrep lacks Attach Files in the channel",
        );
      }
      const picture =
        digest.timeline && attach
          ? await timelinePicture(digest.timeline, reportsPerDay(digest), "light", this.logger)
          : null;
      const messages = renderDigest(digest, {
        timeZone: target.timezone,
        runKey: run.key,
        timelinePicture: picture,
        ...(this.maxMessages === undefined ? {} : { maxMessages: this.maxMessages }),
      });
      const messageIds: string[] = [];
      // In order, one at a time: the key is on the last part, so its presence means all were posted.
      for (const [i, data] of messages.entries()) {
        const message = await post(channel, data, `${run.nonce}.${i + 1}`);
        messageIds.push(message.id);
      }
      return { messageIds };
    });
  }

  async findSent(target: DigestTarget, run: RunKey): Promise<SentMessages | null> {
    return withDeliveryErrors(async () => {
      // Straight to REST: a DM channel may not be cached, and nothing here needs message objects.
      const recent = (await this.client.rest.get(Routes.channelMessages(target.channelId), {
        query: new URLSearchParams({ limit: String(this.scanLimit) }),
      })) as APIMessage[];
      const own = recent.filter((m) => m.author.id === this.client.user.id);
      const at = own.findIndex((m) => footerOf(m).includes(run.key));
      const last = own[at];
      if (!last) return null;
      // Newest first: the earlier parts are the bot's messages just below the last one.
      const ids = [last.id];
      const part = digestPartOf(footerOf(last));
      for (let want = (part?.part ?? 1) - 1, i = at + 1; want >= 1 && i < own.length; i++) {
        const earlier = own[i] as APIMessage;
        const found = digestPartOf(footerOf(earlier));
        if (found?.part !== want || found.of !== part?.of) break;
        ids.unshift(earlier.id);
        want--;
      }
      return { messageIds: ids };
    });
  }

  private async channel(target: DigestTarget): Promise<SendableChannels> {
    // Any process may deliver any digest, also to a server on a shard another process runs, which
    // this client has never cached: discord.js then builds the channel without its server.
    const channel = await this.client.channels.fetch(target.channelId, { allowUnknownGuild: true });
    if (!channel?.isSendable()) {
      throw new DeliveryError(`channel ${target.channelId} is not one Sitrep can post in`, "no-access");
    }
    // Without the server's roles the permissions cannot be worked out here; Discord's answer to
    // the post (50001, 50013) is the check then.
    if (!channel.isDMBased() && this.client.guilds.cache.has(channel.guildId)) {
      // Without Embed Links a digest would arrive as empty messages; better to pause and say why.
      const missing = missingPostPermissions(channel, this.client.user);
      if (missing.length > 0) {
        const kind = missing.includes("View Channel") ? "no-access" : "no-permission";
        throw new DeliveryError(`missing ${missing.join(", ")} in channel ${target.channelId}`, kind, {
          code: kind === "no-access" ? 50001 : 50013,
        });
      }
    }
    return channel;
  }
}

function footerOf(message: APIMessage): string {
  return message.embeds.map((e) => e.footer?.text ?? "").join("\n");
}

/** Discord's JSON error codes that mean a digest cannot reach its channel until someone acts. */
const DISCORD_CODE_KINDS: ReadonlyMap<number, DeliveryFailureKind> = new Map<number, DeliveryFailureKind>([
  [RESTJSONErrorCodes.UnknownChannel, "channel-gone"],
  [RESTJSONErrorCodes.UnknownGuild, "channel-gone"],
  [RESTJSONErrorCodes.MissingAccess, "no-access"],
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser, "no-access"],
  [RESTJSONErrorCodes.MissingPermissions, "no-permission"],
]);

/** Rethrows Discord's errors as DeliveryError, classified by code and status (see the class comment). */
async function withDeliveryErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    const failure = classifyDeliveryError(error);
    const details: ConstructorParameters<typeof DeliveryError>[2] = { cause: error };
    if (failure.code !== null) details.code = failure.code;
    if (failure.status !== null) details.status = failure.status;
    if (failure.retryAfterMs !== null) details.retryAfterMs = failure.retryAfterMs;
    const kind = (typeof failure.code === "number" ? DISCORD_CODE_KINDS.get(failure.code) : undefined) ?? failure.kind;
    // Discord's own wording ("Unknown Channel"); shown in /digest list next to a failed run.
    throw new DeliveryError(failure.message, kind, details);
  }
}
