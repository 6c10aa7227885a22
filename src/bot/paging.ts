import { type ButtonInteraction, type Message, MessageFlags } from "discord.js";
import type { ReplyData } from "./render/reply.js";
import { defer, send } from "./send.js";

/**
 * Page buttons. Only the person who asked turns the pages of a public answer; anyone else who clicks
 * gets the page they asked for as their own ephemeral copy (whose buttons are then theirs), so one
 * person cannot page through, and so rewrite, an answer someone else is reading.
 */

/** Who a message of the bot answers: the user of its slash command, or the author of the message it replies to. */
function askerOf(message: Message): string | null {
  return message.interactionMetadata?.user.id ?? message.mentions.repliedUser?.id ?? null;
}

/** Whether `interaction`'s clicker may turn the page of the message itself. */
function mayTurnPage(interaction: ButtonInteraction): boolean {
  const { message } = interaction;
  if (message.flags.has(MessageFlags.Ephemeral)) return true;
  const asker = askerOf(message);
  return asker === null || asker === interaction.user.id;
}

/** Shows page `render()`: in place for the asker, as an ephemeral copy for anyone else. */
export async function showPage(
  interaction: ButtonInteraction,
  render: () => Promise<ReplyData> | ReplyData,
): Promise<void> {
  if (mayTurnPage(interaction)) {
    await defer(interaction, "update");
    await send({ update: interaction }, await render());
    return;
  }
  await defer(interaction, "ephemeral-reply");
  await send({ interaction }, { ...(await render()), ephemeral: true });
}
