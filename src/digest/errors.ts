/**
 * Errors worded for the person who typed the command: any front end can show `message` as it is.
 * Everything else thrown by the digest modules is a bug or an infrastructure failure, to be logged.
 */
export class DigestError extends Error {
  override name = "DigestError";
}

/** A schedule or time zone that cannot be used; the message shows a valid example. */
export class ScheduleError extends DigestError {
  override name = "ScheduleError";
}

/** No subscription with that id in this server or DM. Deliberately the same for "exists elsewhere". */
export class SubscriptionNotFoundError extends DigestError {
  override name = "SubscriptionNotFoundError";
}
