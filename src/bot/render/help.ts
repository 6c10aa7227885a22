import type { APIEmbed } from "discord.js";
import { MAX_QUESTION_LENGTH } from "../../search/answer.js";
import { EMBED_COLOR } from "./format.js";
import { quoteUserInput } from "./markdown.js";
import type { ReplyData } from "./reply.js";
import { counted } from "../../counted.js";

export function renderHelp(reportCount: number, botName = "Sitrep"): ReplyData {
  const mention = `@${quoteUserInput(botName, 32)}`;
  const embed: APIEmbed = {
    color: EMBED_COLOR,
    title: "Sitrep — answers from the news reports, quoted",
    description: [
      `Sitrep answers questions about ${counted(reportCount, "dated news report")}. ` +
        "Every answer is a verbatim quote with its source and publication date; it never paraphrases " +
        "or guesses. When no report covers a question it says so and shows the closest passages, " +
        "clearly marked as not answers.",
      "",
      "**Commands**",
      "`/ask question:` — quotes that answer a question (up to " +
        `${MAX_QUESTION_LENGTH} characters). Options: \`since\`, \`until\` (YYYY-MM-DD) and \`source\` (one report).`,
      "`/timeline` — dated events in order, each with a short quote, and a picture of them on a time axis. " +
        "Options: `topic`, `since`, `until`, `theme` (light or dark picture).",
      "`/reports` — the reports loaded, their dates and sizes, and any files that could not be loaded.",
      "`/digest subscribe schedule: daily 09:00` — new reports posted on a schedule, here or in your DMs; " +
        "also `list`, `preview`, `pause`, `resume`, `unsubscribe`. In a server, managing digests needs " +
        "Manage Server.",
      "`/help` — this message.",
      "",
      "**Examples**",
      "`/ask question: How many people have fled Mosul?`",
      "`/ask question: What did Abadi say? since: 2017-06-01`",
      "`/timeline topic: Mosul offensive`",
      `You can also mention me with a question — “${mention} Who controls the Old City?” — or send me ` +
        "a direct message. Ask as you would ask a colleague: “hey, can you tell me when the offensive began?” " +
        "reads as “when did the offensive begin?”, and a typo or two is fine.",
      "",
      "**Reading answers**",
      "Matched words are in **bold**. “(inferred)” marks a publication date worked out from the text " +
        "rather than stated. Use the buttons to page through long answers and to show the sentences " +
        "around a quote; they keep working for 24 hours.",
    ].join("\n"),
  };
  return { embeds: [embed] };
}
