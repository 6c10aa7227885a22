import type { InteractionRecord, WorldState } from "./state.js";
import type { EmulatedMessage, InteractionEvent, InteractionView, JsonObject } from "./types.js";
import { waitUntil } from "./wait.js";

/** Test-side handle on one injected interaction. */
export class InteractionHandle {
  constructor(
    private readonly world: WorldState,
    readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  /** The INTERACTION_CREATE `d` that was dispatched. */
  get payload(): JsonObject {
    return this.record.payload;
  }

  static viewOf(world: WorldState, rec: InteractionRecord): InteractionView {
    const live = (id: string | null): EmulatedMessage | null => {
      if (!id) return null;
      const message = world.messages.get(id);
      return message ? structuredClone(message) : null;
    };
    return {
      acknowledged: rec.ack !== null,
      callbackType: rec.ack?.type ?? null,
      thinking: rec.thinking,
      ephemeral: rec.ephemeral,
      original: rec.originalDeleted ? null : live(rec.originalMessageId),
      followups: rec.followupIds.map(live).filter((m): m is EmulatedMessage => m !== null),
      autocompleteChoices: rec.autocompleteChoices ? structuredClone(rec.autocompleteChoices) : null,
    };
  }

  /** Snapshot of what the invoking user sees right now. */
  view(): InteractionView {
    return InteractionHandle.viewOf(this.world, this.record);
  }

  /** Accepted callback, edits and follow-ups, in order. */
  responses(): InteractionEvent[] {
    return [...this.record.events];
  }

  /** All visible text (original + follow-ups), for loose content assertions. */
  visibleText(): string {
    const view = this.view();
    return [view.original, ...view.followups]
      .filter((m): m is EmulatedMessage => m !== null)
      .map(textOf)
      .join("\n");
  }

  waitFor(
    predicate: (view: InteractionView) => boolean,
    timeoutMs = 2_000,
    what = "interaction view predicate",
  ): Promise<InteractionView> {
    return waitUntil(
      this.world,
      () => {
        const view = this.view();
        return predicate(view) ? view : undefined;
      },
      timeoutMs,
      `${what} (interaction ${this.id})`,
      () => JSON.stringify({ view: this.view(), events: this.record.events.map((e) => e.kind) }, null, 2),
    );
  }

  waitForAck(timeoutMs = 2_000): Promise<InteractionView> {
    return this.waitFor((v) => v.acknowledged, timeoutMs, "acknowledgement");
  }

  /** Acknowledged and no longer "thinking…". */
  waitForSettled(timeoutMs = 2_000): Promise<InteractionView> {
    return this.waitFor((v) => v.acknowledged && !v.thinking, timeoutMs, "settled response");
  }

  /** Makes the 3 s callback window close now; the next callback gets 10062. */
  expire(): void {
    this.record.deadlineAt = Date.now() - 1;
  }

  /** Makes the 15 min token lapse now; edits/follow-ups get 401/50027. */
  expireToken(): void {
    this.record.tokenExpiresAt = Date.now() - 1;
  }
}

/** Human-visible text of a message: content, embed text and component labels. */
export function textOf(message: EmulatedMessage): string {
  const parts: string[] = [];
  if (message.content) parts.push(message.content);
  for (const embed of message.embeds) {
    const e = embed as Record<string, unknown>;
    const author = e.author as { name?: string } | undefined;
    if (author?.name) parts.push(author.name);
    if (typeof e.title === "string") parts.push(e.title);
    if (typeof e.description === "string") parts.push(e.description);
    for (const field of (e.fields as Array<{ name?: string; value?: string }> | undefined) ?? []) {
      if (field.name) parts.push(field.name);
      if (field.value) parts.push(field.value);
    }
    const footer = e.footer as { text?: string } | undefined;
    if (footer?.text) parts.push(footer.text);
  }
  const walk = (components: unknown[]): void => {
    for (const raw of components) {
      const c = raw as Record<string, unknown>;
      if (typeof c.label === "string") parts.push(c.label);
      // Components V2 text displays carry their text in `content`.
      if (c.type === 10 && typeof c.content === "string") parts.push(c.content);
      if (Array.isArray(c.components)) walk(c.components);
    }
  };
  walk(message.components);
  return parts.join("\n");
}
