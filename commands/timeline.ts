import { slashCommand } from "../src/bot/commands.js";
import { ExpiredError } from "../src/bot/errors.js";
import { contextReply, pageOf } from "../src/bot/features/context.js";
import { decodeTimelineState, MAX_TOPIC_LENGTH, timelineParams, timelineReply } from "../src/bot/features/timeline.js";
import { defer, send } from "../src/bot/send.js";
import type { Command } from "../src/bot/types.js";

const data = slashCommand("timeline", "Dated events in order, each with a short quote and its source")
  .addStringOption((o) =>
    o.setName("topic").setDescription("Only events about this, e.g. Mosul offensive").setMaxLength(MAX_TOPIC_LENGTH),
  )
  .addStringOption((o) => o.setName("since").setDescription("Only events on or after this day (YYYY-MM-DD)"))
  .addStringOption((o) => o.setName("until").setDescription("Only events on or before this day (YYYY-MM-DD)"));

export default {
  data,

  async execute(interaction, context) {
    const params = timelineParams({
      topic: interaction.options.getString("topic"),
      since: interaction.options.getString("since"),
      until: interaction.options.getString("until"),
    });
    await defer(interaction, "reply");
    await send({ interaction }, await timelineReply(context, params, 0));
  },

  async button(interaction, id, context) {
    if (id.action === "c") {
      await send({ interaction }, contextReply(context, id, "timeline"));
      return;
    }
    const page = pageOf(id);
    const params = decodeTimelineState(await context.buttonStates.resolve(id.state, context.now()));
    if (page === null || !params) throw new ExpiredError("timeline");
    await defer(interaction, "update");
    await send({ update: interaction }, await timelineReply(context, params, page));
  },
} satisfies Command;
