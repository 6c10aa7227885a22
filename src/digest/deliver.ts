import type { Logger } from "../logger.js";
import type { Digest } from "./build.js";
import type { Claim, Delivery, DeliveryStatus, DigestStore, Subscription } from "./store.js";
import {
  classifyDeliveryError,
  type DigestTarget,
  type DigestTransport,
  pauseReasonFor,
  runKey,
  type SentMessages,
} from "./transport.js";

/**
 * Posting one recorded run exactly once: the protocol between the delivery log and the transport.
 *
 * - The run is already in the log ("recorded") and held by this scheduler's claim (a lease).
 * - Before each send an attempt is counted and the lease renewed, in one statement that succeeds
 *   only while the claim is still ours: a process whose lease ran out (it hung, or lost the
 *   database) finds the run taken over and sends nothing.
 * - attempts > 0 means "may have been sent": before sending again, the transport's findSent looks
 *   for the run's key in the channel, so a crash or a timeout between the send and the mark never
 *   posts twice; whoever takes a dead process's run over does the same.
 * - After the send, the run is marked delivered and the covered cursor moves, in one transaction.
 * - Transient failures are retried after the given delays; a lost channel or permission pauses the
 *   subscription with a reason; anything else fails the run (its reports stay for the next run).
 */

export interface RunOutcome {
  subscriptionId: string;
  scheduledAt: number;
  /** "interrupted": a stop during a retry wait, or the lease was lost; the run stays recorded. */
  status: DeliveryStatus | "interrupted";
  messageIds: string[];
  /** Attempts counted for this run so far, across restarts. */
  attempts: number;
  missedRuns: number;
  /** Finished a run recorded earlier (by a previous process, usually). */
  reconciled: boolean;
  /** Found already posted by findSent instead of being sent again. */
  foundSent: boolean;
  paused: boolean;
  error: string | null;
}

/** A run that has failed to finish this many times across restarts is given up. */
export const MAX_TOTAL_ATTEMPTS = 12;

export interface DeliveryContext {
  store: DigestStore;
  transport: DigestTransport;
  logger: Logger;
  now(): number;
  claim: Claim;
  /** Waits before each retry of a transient failure; its length bounds the retries. */
  retryDelays: readonly number[];
  sleep(ms: number): Promise<void>;
  stopping(): boolean;
  /** Told every outcome (the scheduler's onRun). */
  report(outcome: RunOutcome): RunOutcome;
}

export async function deliverRun(
  context: DeliveryContext,
  subscription: Subscription,
  run: Delivery,
  digest: Digest,
  reconciled: boolean,
): Promise<RunOutcome> {
  const { store, transport, logger, claim } = context;
  const target: DigestTarget = {
    subscriptionId: subscription.id,
    guildId: subscription.guildId,
    channelId: subscription.channelId,
    timezone: subscription.timezone,
  };
  const log = { subscription: subscription.id, scheduledAt: new Date(run.scheduledAt).toISOString() };
  let attempts = run.attempts;
  // attempts > 0: an earlier attempt may have posted before it failed or its process died.
  let maybeSent = attempts > 0;
  const finish = (status: RunOutcome["status"], extra: OutcomeExtra) =>
    context.report(outcomeOf({ ...run, attempts }, status, { reconciled, ...extra }));
  for (let retry = 0; ; retry++) {
    if (context.stopping()) return finish("interrupted", {});
    const key = runKey(subscription.id, run.scheduledAt, attempts + 1);
    try {
      let sent: SentMessages | null = null;
      let foundSent = false;
      if (maybeSent && transport.findSent) {
        sent = await transport.findSent(target, key);
        foundSent = sent !== null;
      } else if (maybeSent) {
        logger.warn(log, "digest may already have been posted; sending again (the transport has no findSent)");
      }
      if (!sent) {
        if (!(await store.markAttempt(subscription.id, run.scheduledAt, context.now(), claim))) {
          logger.warn(log, "digest run taken over by another process (lease ran out); not sending");
          return finish("interrupted", { error: "lease lost" });
        }
        attempts++;
        maybeSent = true;
        sent = await transport.send(target, digest, key);
      }
      await store.markDelivered(subscription.id, run.scheduledAt, sent.messageIds, context.now());
      logger.info({ ...log, messages: sent.messageIds.length, foundSent, reconciled }, "digest delivered");
      return finish("delivered", { foundSent, messageIds: sent.messageIds });
    } catch (error) {
      if (!store.isOpen) throw error;
      const failure = classifyDeliveryError(error);
      const now = context.now();
      const pauseReason = pauseReasonFor(failure);
      const detail = `${failure.kind}: ${failure.message}`;
      if (pauseReason) {
        await store.markFailed(subscription.id, run.scheduledAt, detail, now, pauseReason);
        logger.warn({ ...log, code: failure.code, reason: pauseReason }, "digest paused: cannot post");
        return finish("failed", { error: detail, paused: true });
      }
      const delay = context.retryDelays[retry];
      if (failure.kind === "transient" && delay !== undefined && attempts < MAX_TOTAL_ATTEMPTS) {
        await store.noteError(subscription.id, run.scheduledAt, detail, now);
        const wait = Math.max(delay, failure.retryAfterMs ?? 0);
        logger.warn({ ...log, error: detail, retryInMs: wait }, "digest delivery failed; retrying");
        await context.sleep(wait);
        continue;
      }
      await store.markFailed(subscription.id, run.scheduledAt, detail, now);
      logger.error({ ...log, error: detail, attempts }, "digest delivery failed; giving up on this run");
      return finish("failed", { error: detail });
    }
  }
}

export interface OutcomeExtra {
  reconciled?: boolean;
  foundSent?: boolean;
  messageIds?: string[];
  paused?: boolean;
  error?: string;
}

export function outcomeOf(
  run: Pick<Delivery, "subscriptionId" | "scheduledAt" | "attempts" | "missedRuns">,
  status: RunOutcome["status"],
  extra: OutcomeExtra,
): RunOutcome {
  return {
    subscriptionId: run.subscriptionId,
    scheduledAt: run.scheduledAt,
    status,
    messageIds: extra.messageIds ?? [],
    attempts: run.attempts,
    missedRuns: run.missedRuns,
    reconciled: extra.reconciled ?? false,
    foundSent: extra.foundSent ?? false,
    paused: extra.paused ?? false,
    error: extra.error ?? null,
  };
}
