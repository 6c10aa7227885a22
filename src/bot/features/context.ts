import type { CustomId } from "../custom-id.js";
import { ExpiredError } from "../errors.js";
import { renderContext } from "../render/context.js";
import { corpusTag } from "../render/format.js";
import type { ReplyData } from "../render/reply.js";
import type { BotContext } from "../types.js";

/**
 * "Show context": the custom id names a passage range and the corpus it came from. Passage ids are only
 * meaningful within one corpus, so after the corpus changes the button reads as expired.
 */
export function contextReply(context: BotContext, id: CustomId, command: string): ReplyData {
  const match = /^(\d+)-(\d+)$/.exec(id.arg);
  const { corpus } = context.live.current;
  if (!match || id.state !== corpusTag(corpus)) throw new ExpiredError(command);
  const reply = renderContext(corpus, Number(match[1]), Number(match[2]));
  if (!reply) throw new ExpiredError(command);
  return reply;
}

/** Page number from a pager button, or null when it is not one. */
export function pageOf(id: CustomId): number | null {
  if (id.action !== "p" || !/^\d{1,4}$/.test(id.arg)) return null;
  return Number(id.arg);
}
