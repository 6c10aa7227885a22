import { slashCommand } from "../src/bot/commands.js";
import { ExpiredError } from "../src/bot/errors.js";
import { pageOf } from "../src/bot/features/context.js";
import { corpusTag } from "../src/bot/render/format.js";
import { renderReports } from "../src/bot/render/reports.js";
import { showPage } from "../src/bot/paging.js";
import { send } from "../src/bot/send.js";
import type { BotContext, Command } from "../src/bot/types.js";

const data = slashCommand("reports", "The reports Sitrep knows: titles, dates, sizes, and files it could not load");

function reportsPage(context: BotContext, page: number) {
  const { corpus } = context.live.current;
  // Listing is in-memory and quick, so no deferral; nothing to carry in the buttons but the page.
  return renderReports(corpus, page, { issuedAt: context.now(), state: "", corpusTag: corpusTag(corpus) });
}

export default {
  data,

  async execute(interaction, context) {
    await send({ interaction }, reportsPage(context, 0));
  },

  async button(interaction, id, context) {
    const page = pageOf(id);
    if (page === null) throw new ExpiredError("reports");
    await showPage(interaction, () => reportsPage(context, page));
  },
} satisfies Command;
