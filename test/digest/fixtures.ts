import { vi } from "vitest";
import type { Digest } from "../../src/digest/build.js";
import type { DigestTarget, DigestTransport, RunKey, SentMessages } from "../../src/digest/transport.js";
import { type OpenedCorpus, openCorpus } from "../../src/sitrep.js";
import { tempCorpus } from "../helpers/corpus.js";

/** Small dated reports on two stories, so topics have something to tell apart. */
export const REPORTS: Record<string, string> = {
  "spill/rig-explodes.txt": [
    "---",
    "title: Oil rig explodes in the Gulf of Mexico",
    "date: 2010-04-21",
    "source: Wire",
    "---",
    "The Deepwater Horizon oil rig exploded on April 20, 2010, killing eleven workers on board.",
    "Coast guard crews searched the Gulf of Mexico for survivors through the night.",
    "",
  ].join("\n"),
  "spill/well-leaks.txt": [
    "---",
    "title: Wrecked well leaks oil into the Gulf",
    "date: 2010-04-26",
    "---",
    "Engineers tried to activate the blowout preventer on April 25, 2010, without success.",
    "Oil continued to leak from the wrecked well into the Gulf of Mexico, officials said.",
    "",
  ].join("\n"),
  "quake/haiti-quake.txt": [
    "---",
    "title: Earthquake devastates Haiti",
    "date: 2010-01-13",
    "---",
    "A magnitude 7.0 earthquake struck Haiti on January 12, 2010, flattening much of the capital.",
    "Rescue teams dug through collapsed buildings in Port-au-Prince looking for survivors.",
    "",
  ].join("\n"),
};

export const MORE_REPORTS: Record<string, string> = {
  "spill/cap-fitted.txt": [
    "---",
    "title: Cap fitted on leaking oil well",
    "date: 2010-07-16",
    "---",
    "BP fitted a new containment cap on the leaking oil well on July 15, 2010, stopping the flow of oil.",
    "Engineers will watch the pressure inside the well for several days.",
    "",
  ].join("\n"),
  "quake/aid-arrives.txt": [
    "---",
    "title: Aid reaches Haiti quake survivors",
    "date: 2010-01-16",
    "---",
    "The first large shipments of food and water reached earthquake survivors in Haiti on January 15, 2010.",
    "Aid workers said roads blocked by rubble slowed deliveries to Port-au-Prince.",
    "",
  ].join("\n"),
};

export async function openTemp(
  files: Record<string, string | Uint8Array>,
): Promise<{ dir: string; opened: OpenedCorpus }> {
  const dir = tempCorpus(files);
  return { dir, opened: await openCorpus({ corpusDir: dir, dataDir: null }) };
}

export interface Posted {
  target: DigestTarget;
  digest: Digest;
  run: RunKey;
  messageIds: string[];
}

/**
 * A transport that "posts" into an in-memory channel log, as Discord would keep it, and can look a
 * run up there by its key. `failWith` queues errors for the next sends.
 */
export class FakeTransport implements DigestTransport {
  readonly posted: Posted[] = [];
  readonly failures: Error[] = [];
  private next = 1;
  /** Runs after a message is posted, before send returns: simulate dying right after the post. */
  afterPost: (() => void | Promise<void>) | null = null;
  /** Runs before a message is posted: simulate dying before the request reaches Discord. */
  beforePost: (() => void | Promise<void>) | null = null;

  readonly send = vi.fn(async (target: DigestTarget, digest: Digest, run: RunKey): Promise<SentMessages> => {
    await this.beforePost?.();
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    const messageIds = [`m${this.next++}`];
    this.posted.push({ target, digest, run, messageIds });
    await this.afterPost?.();
    return { messageIds };
  });

  readonly findSent = vi.fn(async (_target: DigestTarget, run: RunKey): Promise<SentMessages | null> => {
    const found = this.posted.find((p) => p.run.key === run.key);
    return found ? { messageIds: found.messageIds } : null;
  });

  failWith(...errors: Error[]): this {
    this.failures.push(...errors);
    return this;
  }
}

/** A transport without findSent. */
export function blindTransport(fake: FakeTransport): DigestTransport {
  return { send: (target, digest, run) => fake.send(target, digest, run) };
}

/** Advances fake timers until `promise` settles (retries wait on the clock). */
export async function settle<T>(promise: Promise<T>, stepMs = 1000, maxSteps = 500): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < maxSteps && !done; i++) await vi.advanceTimersByTimeAsync(stepMs);
  return tracked;
}
