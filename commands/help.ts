import { slashCommand } from "../src/bot/commands.js";
import { renderHelp } from "../src/bot/render/help.js";
import { send } from "../src/bot/send.js";
import type { Command } from "../src/bot/types.js";

const data = slashCommand("help", "What Sitrep does, with examples");

export default {
  data,

  async execute(interaction, context) {
    const reports = context.live.current.corpus.reports.length;
    await send({ interaction }, { ...renderHelp(reports, interaction.client.user.username), ephemeral: true });
  },
} satisfies Command;
