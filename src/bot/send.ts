import {
  AttachmentBuilder,
  type BaseMessageOptions,
  type ButtonInteraction,
  type Message,
  MessageFlags,
  type RepliableInteraction,
  type SendableChannels,
} from "discord.js";
import { fitMessage, type ReplyData, type ReplyFile } from "./render/reply.js";

/**
 * The one way Sitrep sends anything. Every message, edit and follow-up passes through `toMessageOptions`,
 * which applies Discord's limits and `allowedMentions: { parse: [] }`: quoted reports can contain
 * `@everyone` or `<@&role>`, and nothing Sitrep sends may ever ping.
 */

type NoPings = { parse: never[] };

export type CreateOptions = Pick<BaseMessageOptions, "content" | "embeds" | "components" | "files"> & {
  allowedMentions: NoPings;
  flags?: MessageFlags.Ephemeral;
};

/**
 * Edits replace the whole message, so every part is present (empty when the new data lacks it);
 * `attachments: []` drops the files the message had, so only the new ones remain.
 */
export type EditOptions = Required<Pick<BaseMessageOptions, "content" | "embeds" | "components" | "files">> & {
  attachments: never[];
  allowedMentions: NoPings;
};

function attachments(files: readonly ReplyFile[]): AttachmentBuilder[] {
  return files.map(
    (f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.description ? { description: f.description } : {}) }),
  );
}

/** Builder output → options for a new message. */
export function toMessageOptions(data: ReplyData): CreateOptions {
  const fitted = fitMessage(data);
  const options: CreateOptions = { allowedMentions: { parse: [] } };
  if (fitted.content !== undefined) options.content = fitted.content;
  if (fitted.embeds !== undefined) options.embeds = fitted.embeds;
  if (fitted.components !== undefined) options.components = fitted.components;
  if (fitted.files !== undefined && fitted.files.length > 0) options.files = attachments(fitted.files);
  if (fitted.ephemeral) options.flags = MessageFlags.Ephemeral;
  return options;
}

/** Builder output → options for an edit (ephemerality cannot change in an edit). */
export function toEditOptions(data: ReplyData): EditOptions {
  const fitted = fitMessage(data);
  return {
    content: fitted.content ?? "",
    embeds: fitted.embeds ?? [],
    components: fitted.components ?? [],
    files: attachments(fitted.files ?? []),
    attachments: [],
    allowedMentions: { parse: [] },
  };
}

type DeferKind = "reply" | "ephemeral-reply" | "update";
const deferrals = new WeakMap<object, DeferKind>();

/**
 * Acknowledges now and answers later (Discord shows "thinking…" for a reply; nothing for an update).
 * Needed whenever the answer could take longer than Discord's 3 s window.
 */
export async function defer(interaction: RepliableInteraction, kind: DeferKind): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  if (kind === "update") {
    if (!interaction.isMessageComponent()) throw new Error("only component interactions can defer an update");
    await interaction.deferUpdate();
  } else {
    await interaction.deferReply(kind === "ephemeral-reply" ? { flags: MessageFlags.Ephemeral } : {});
  }
  deferrals.set(interaction, kind);
}

/** For interactions deferred without `defer`: discord.js only records ephemerality for deferReply. */
function inferDeferral(interaction: RepliableInteraction): DeferKind {
  if (interaction.ephemeral === null || interaction.ephemeral === undefined) return "update";
  return interaction.ephemeral ? "ephemeral-reply" : "reply";
}

export type SendTarget =
  /** Reply to an interaction, whatever state it is in (fresh, deferred, already answered). */
  | { interaction: RepliableInteraction }
  /** Replace the message a button sits on. */
  | { update: ButtonInteraction }
  /** Reply to a user's message (DMs and mentions). */
  | { message: Message };

/**
 * A new message in a channel outside any interaction (a scheduled digest), returning it for its id.
 * With a `nonce`, Discord deduplicates a retry of the same post for a few minutes (`enforce_nonce`).
 */
export async function post(channel: SendableChannels, data: ReplyData, nonce?: string): Promise<Message> {
  const { flags: _ephemeralIsImpossibleHere, ...options } = toMessageOptions(data);
  return channel.send(nonce === undefined ? options : { ...options, nonce, enforceNonce: true });
}

export async function send(target: SendTarget, data: ReplyData): Promise<void> {
  if ("update" in target) {
    const interaction = target.update;
    if (!interaction.deferred && !interaction.replied) await interaction.update(toEditOptions(data));
    else if ((deferrals.get(interaction) ?? inferDeferral(interaction)) === "update" && !interaction.replied)
      await interaction.editReply(toEditOptions(data));
    else await interaction.followUp(toMessageOptions(data));
    return;
  }
  if ("message" in target) {
    const { flags: _ephemeralIsImpossibleHere, ...options } = toMessageOptions(data);
    await target.message.reply({ ...options, allowedMentions: { parse: [], repliedUser: false } });
    return;
  }
  const interaction = target.interaction;
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(toMessageOptions(data));
    return;
  }
  const deferred = deferrals.get(interaction) ?? inferDeferral(interaction);
  const thinking = interaction.deferred && !interaction.replied && deferred !== "update";
  if (!thinking) {
    await interaction.followUp(toMessageOptions(data));
    return;
  }
  if (data.ephemeral && deferred === "reply") {
    // A public "thinking…" cannot turn private, and the first follow-up would inherit it: remove it first.
    await interaction.deleteReply();
    await interaction.followUp(toMessageOptions(data));
    return;
  }
  await interaction.editReply(toEditOptions(data));
}
