import { slashCommand } from "../src/bot/commands.js";
import { ExpiredError } from "../src/bot/errors.js";
import { askParams, askReply, decodeAskState, sourceChoices } from "../src/bot/features/ask.js";
import { contextReply, pageOf } from "../src/bot/features/context.js";
import { defer, send } from "../src/bot/send.js";
import type { Command } from "../src/bot/types.js";
import { MAX_QUESTION_LENGTH } from "../src/search/answer.js";

const data = slashCommand("ask", "Answer a question with verbatim quotes from the reports")
  .addStringOption((o) =>
    o
      .setName("question")
      .setDescription("What you want to know, e.g. How many people have fled Mosul?")
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_LENGTH),
  )
  .addStringOption((o) => o.setName("since").setDescription("Only reports published on or after this day (YYYY-MM-DD)"))
  .addStringOption((o) =>
    o.setName("until").setDescription("Only reports published on or before this day (YYYY-MM-DD)"),
  )
  .addStringOption((o) =>
    o.setName("source").setDescription("Only this report (start typing its title)").setAutocomplete(true),
  );

export default {
  data,

  async execute(interaction, context) {
    const params = askParams(context.live.current.corpus, {
      question: interaction.options.getString("question", true),
      since: interaction.options.getString("since"),
      until: interaction.options.getString("until"),
      source: interaction.options.getString("source"),
    });
    // Searching can outlast Discord's 3 s window on a big corpus: always acknowledge first.
    await defer(interaction, "reply");
    await send({ interaction }, await askReply(context, params, 0));
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    const choices = focused.name === "source" ? sourceChoices(context.live.current.corpus, String(focused.value)) : [];
    await interaction.respond(choices);
  },

  async button(interaction, id, context) {
    if (id.action === "c") {
      await send({ interaction }, contextReply(context, id, "ask"));
      return;
    }
    const page = pageOf(id);
    const saved = decodeAskState(await context.buttonStates.resolve(id.state, context.now()));
    if (page === null || !saved) throw new ExpiredError("ask");
    const params = askParams(context.live.current.corpus, saved);
    await defer(interaction, "update");
    await send({ update: interaction }, await askReply(context, params, page));
  },
} satisfies Command;
