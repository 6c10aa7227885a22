import type { Digest } from "./build.js";

/**
 * What the scheduler needs from a front end to post a digest, and the errors it understands.
 * The Discord implementation lives with the bot; nothing here knows Discord types.
 *
 * Idempotency contract (how a crash between "sent" and "marked delivered" never posts twice):
 * - Every run has a stable key. `send` is called with it on every attempt of that run, including
 *   after a restart. The transport should make the key visible on what it posts (e.g. an embed
 *   footer or a hidden marker in the last message of the digest) and pass `run.nonce` (plus a part
 *   number, e.g. `${run.nonce}.${i}`) as Discord's message nonce with `enforce_nonce: true`, which
 *   deduplicates a retry that lands within a few minutes.
 * - `findSent(target, run)` looks for a complete earlier post of that run (e.g. the bot's recent
 *   messages in the channel whose footer carries `run.key`) and returns its message ids, or null.
 *   The scheduler calls it before re-sending a run that may already have been sent: on restart
 *   (reconciliation) and before each retry after an error (a timed-out request may have posted).
 * - Without `findSent`, delivery is at-least-once across crashes: a run interrupted between the
 *   send and the mark is sent again (with the same nonce).
 */

export interface DigestTarget {
  subscriptionId: string;
  /** Null for a DM channel. */
  guildId: string | null;
  channelId: string;
  /** The subscription's zone, for showing times. */
  timezone: string;
}

export interface RunKey {
  subscriptionId: string;
  /** The run's scheduled time, epoch ms. */
  scheduledAt: number;
  /** Stable and unique per run: "sitrep-digest:k7dx:1743325200000". */
  key: string;
  /** At most 20 characters, for a message nonce (Discord allows 25, leaving room for a part number). */
  nonce: string;
  /** 1 for the first attempt of this run, counted across restarts. */
  attempt: number;
}

export interface SentMessages {
  messageIds: string[];
}

export interface DigestTransport {
  send(target: DigestTarget, digest: Digest, run: RunKey): Promise<SentMessages>;
  findSent?(target: DigestTarget, run: RunKey): Promise<SentMessages | null>;
}

export function runKey(subscriptionId: string, scheduledAt: number, attempt: number): RunKey {
  return {
    subscriptionId,
    scheduledAt,
    key: `sitrep-digest:${subscriptionId}:${scheduledAt}`,
    nonce: `d${subscriptionId.slice(0, 8)}${Math.floor(scheduledAt / 1000).toString(36)}`,
    attempt,
  };
}

/**
 * - "channel-gone": the channel (or the server) no longer exists for Sitrep.
 * - "no-access": Sitrep cannot see the channel, or the user's DMs are closed.
 * - "no-permission": Sitrep can see but not post.
 * (Which platform errors are which is the transport's knowledge: src/bot/digest-transport.ts.)
 * - "transient": a 5xx, a 429, a timeout or a network error; worth retrying.
 * - "permanent": anything else (a 400 from a bad message, a bug); retrying will not help.
 */
export type DeliveryFailureKind = "channel-gone" | "no-access" | "no-permission" | "transient" | "permanent";

/** What a transport throws. Errors of other types are classified by their `code` and `status`. */
export class DeliveryError extends Error {
  override name = "DeliveryError";
  readonly kind: DeliveryFailureKind;
  /** The platform's error code (Discord JSON error codes such as 10003). */
  readonly code: number | string | null;
  /** HTTP status, when there was a response. */
  readonly status: number | null;
  /** How long the platform asked us to wait (a 429). */
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    kind: DeliveryFailureKind,
    details: { code?: number | string; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.code = details.code ?? null;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_SOCKET",
]);

export interface ClassifiedFailure {
  kind: DeliveryFailureKind;
  code: number | string | null;
  status: number | null;
  retryAfterMs: number | null;
  message: string;
}

/**
 * Reads what a transport throws. A platform's own error codes are the transport's to classify (it
 * throws a DeliveryError with the kind, as src/bot/digest-transport.ts does for Discord); anything
 * else is judged by its HTTP status or network error code.
 */
export function classifyDeliveryError(error: unknown): ClassifiedFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DeliveryError) {
    return { kind: error.kind, code: error.code, status: error.status, retryAfterMs: error.retryAfterMs, message };
  }
  const fields = (error && typeof error === "object" ? error : {}) as {
    code?: unknown;
    status?: unknown;
    name?: unknown;
    cause?: { code?: unknown };
  };
  const code = typeof fields.code === "number" || typeof fields.code === "string" ? fields.code : null;
  const status = typeof fields.status === "number" ? fields.status : null;
  const base = { code, status, retryAfterMs: null, message };
  if (status !== null && (status >= 500 || status === 429 || status === 408)) return { ...base, kind: "transient" };
  const causeCode = fields.cause && typeof fields.cause.code === "string" ? fields.cause.code : null;
  if (
    (typeof code === "string" && NETWORK_CODES.has(code)) ||
    (causeCode !== null && NETWORK_CODES.has(causeCode)) ||
    fields.name === "AbortError" ||
    fields.name === "TimeoutError"
  ) {
    return { ...base, kind: "transient" };
  }
  return { ...base, kind: "permanent" };
}

/** Why a subscription was paused, for the people who read /digest list. Null: do not pause. */
export function pauseReasonFor(failure: ClassifiedFailure): string | null {
  const code = failure.code === null ? "" : ` (error ${failure.code})`;
  switch (failure.kind) {
    case "channel-gone":
      return `The channel was deleted or Sitrep was removed from the server${code}, so this digest is paused.`;
    case "no-access":
      return `Sitrep can no longer see this channel${code}. Give it access to the channel, then resume the digest.`;
    case "no-permission":
      return (
        `Sitrep is not allowed to post in this channel${code}. ` +
        "Give it Send Messages and Embed Links, then resume the digest."
      );
    default:
      return null;
  }
}
