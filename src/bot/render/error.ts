import type { ReplyData } from "./reply.js";

/** Errors are short, plain and only for the person who ran into them. */
export function renderError(message: string): ReplyData {
  return { content: message, ephemeral: true };
}
