import { DigestError } from "../digest/errors.js";
import { QuestionError } from "../search/answer.js";
import type { RefusalScope } from "./rate-limit.js";
import { quoteUserInput } from "./render/markdown.js";

/**
 * A problem the user can fix (a bad date, an unknown source, asking too fast). Its message is shown to
 * them as is, so it must be worded for them and have any echoed input escaped (see quoteUserInput).
 */
export class UserError extends Error {
  override name = "UserError";
}

const TOO_FAST: Record<RefusalScope, string> = {
  user: "You're asking too fast",
  channel: "Sitrep is answering a lot in this channel",
  global: "Sitrep is very busy right now",
};

export class RateLimitedError extends UserError {
  override name = "RateLimitedError";

  constructor(
    readonly retryAfterMs: number,
    readonly scope: RefusalScope = "user",
  ) {
    super(`${TOO_FAST[scope]} — try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`);
  }
}

/** A button whose state is gone (too old, made by another version, or a store entry lost in a crash). */
export class ExpiredError extends UserError {
  override name = "ExpiredError";

  constructor(command: string) {
    super(`This result has expired — run /${command} again.`);
  }
}

export const GENERIC_ERROR_MESSAGE =
  "Something went wrong on our side and it has been logged. Please try again in a moment.";

/** The message to show for `error` when it is the user's to fix, else null. */
export function userMessageOf(error: unknown): string | null {
  if (error instanceof UserError) return error.message;
  // The domain's own wording is written for the person who asked (length limit, empty question).
  if (error instanceof QuestionError) return error.message;
  // Also written for people, but it echoes what they typed (a schedule, a zone) unescaped.
  if (error instanceof DigestError) return quoteUserInput(error.message, 1800);
  return null;
}
