import type { Message } from "discord.js";
import { askParams, askReply } from "./features/ask.js";
import { guard, type HandlerDeps, messageLog, takeRateToken } from "./interaction-handler.js";
import { renderError } from "./render/error.js";
import { send } from "./send.js";

/**
 * Questions outside slash commands: any message in the bot's DMs, or `@Sitrep <question>` in a server.
 * Without the privileged MessageContent intent Discord still delivers the text of exactly these
 * messages, which is why no privileged intent is needed.
 */

export const EMPTY_MENTION_REPLY =
  "Ask me about the reports, e.g. “How many people have fled Mosul?” — or use /ask, /timeline and /help.";

/** The question in `content` for bot `botId`, or null when the message is not addressed to the bot. */
export function questionIn(content: string, botId: string, inGuild: boolean): string | null {
  const mention = new RegExp(`<@!?${botId}>`, "g");
  if (inGuild && !mention.test(content)) return null;
  return content.replace(mention, " ").replace(/\s+/g, " ").trim();
}

export async function handleMessage(message: Message, deps: HandlerDeps): Promise<void> {
  const botId = message.client.user.id;
  // Never answer bots (including itself) or webhooks: two bots answering each other never stop.
  if (message.author.bot || message.author.id === botId || message.webhookId || message.system) return;
  if (deps.stopping()) return;
  const question = questionIn(message.content, botId, message.inGuild());
  if (question === null) return;
  const { context } = deps;
  const log = messageLog(message, context);
  await guard(
    log,
    deps.redact,
    async () => {
      if (question === "") {
        await send({ message }, { content: EMPTY_MENTION_REPLY });
        return;
      }
      takeRateToken(context, message.author.id);
      const params = askParams(context.live.current.corpus, { question });
      await send({ message }, await askReply(context, params, 0));
      log.debug("answered");
    },
    (text) => send({ message }, renderError(text)),
  );
}
