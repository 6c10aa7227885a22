import type { Message } from "discord.js";
import { askParams, askReply } from "./features/ask.js";
import { RateLimitedError } from "./errors.js";
import { guard, type HandlerDeps, messageLog } from "./interaction-handler.js";
import { renderError } from "./render/error.js";
import { send } from "./send.js";

/**
 * Questions outside slash commands: any message in the bot's DMs, or `@Sitrep <question>` in a server.
 * Without the privileged MessageContent intent Discord still delivers the text of exactly these
 * messages, which is why no privileged intent is needed.
 */

const EMPTY_MENTION_REPLY =
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
  // Before any reply, the help text included: every reply here is a post others see.
  const admission = context.limits.admitMessage(message.author.id, message.channelId);
  if (!admission.ok && !admission.notify) {
    log.debug({ scope: admission.scope }, "refused silently: over the limit, already told");
    return;
  }
  await guard(
    log,
    deps.redact,
    async () => {
      if (!admission.ok) throw new RateLimitedError(admission.retryAfterMs, admission.scope);
      if (question === "") {
        await send({ message }, { content: EMPTY_MENTION_REPLY });
        log.debug("answered");
        return;
      }
      const params = askParams(context.live.current.corpus, { question });
      await send({ message }, await askReply(context, params, 0));
      log.debug("answered");
    },
    (text) => send({ message }, renderError(text)),
  );
}
