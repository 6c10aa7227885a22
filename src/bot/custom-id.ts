import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/**
 * Button state travels in the custom id, so a button keeps working after a restart:
 *
 *   s1:<command>:<action>:<issued>:<arg>:<state>
 *
 * `s1` is the format version (an unknown version reads as expired), `issued` the issue time in base-36
 * seconds (buttons expire after BUTTON_TTL_MS), `arg` a page number or a passage range, and `state` the
 * query: `j` + base64url(JSON) or `z` + base64url(deflate(JSON)) when that fits in 100 characters,
 * otherwise `k` + a key into a small store kept in the shared database (button_states). Base64url and
 * base-36 never contain `:`, so splitting is unambiguous.
 */

export const CUSTOM_ID_VERSION = "s1";
export const CUSTOM_ID_MAX = 100;
export const BUTTON_TTL_MS = 24 * 60 * 60 * 1000;

export interface CustomId {
  command: string;
  action: string;
  /** Milliseconds since the epoch, to the second. */
  issuedAt: number;
  arg: string;
  state: string;
}

const SEPARATOR = ":";

export function buildCustomId(id: CustomId): string {
  const out = customIdOrNull(id);
  if (out === null) throw new Error(`custom id for ${id.command}:${id.action} is over ${CUSTOM_ID_MAX} characters`);
  return out;
}

/** Like buildCustomId, but null instead of an error when the id would be too long. */
export function customIdOrNull(id: CustomId): string | null {
  const issued = Math.floor(id.issuedAt / 1000).toString(36);
  const out = [CUSTOM_ID_VERSION, id.command, id.action, issued, id.arg, id.state].join(SEPARATOR);
  return out.length <= CUSTOM_ID_MAX ? out : null;
}

/** Null for anything this version did not make (old formats, other bots' ids, garbage). */
export function parseCustomId(raw: string): CustomId | null {
  const parts = raw.split(SEPARATOR);
  if (parts.length !== 6 || parts[0] !== CUSTOM_ID_VERSION) return null;
  const [, command, action, issued, arg, state] = parts as [string, string, string, string, string, string];
  const seconds = Number.parseInt(issued, 36);
  if (!command || !action || !Number.isFinite(seconds) || !/^[0-9a-z]+$/.test(issued)) return null;
  return { command, action, issuedAt: seconds * 1000, arg, state };
}

/** Room left for `state` once the other parts are known (arg at its longest). */
export function stateRoom(command: string, action: string, longestArg: string, issuedAt: number): number {
  return CUSTOM_ID_MAX - buildCustomId({ command, action, issuedAt, arg: longestArg, state: "" }).length;
}

export function isExpired(id: CustomId, now: number, ttlMs = BUTTON_TTL_MS): boolean {
  return now - id.issuedAt > ttlMs || id.issuedAt - now > 60_000;
}

/** Inline encoding of `value`, or null when it does not fit in `room` characters. */
export function encodeInline(value: unknown, room: number): string | null {
  const json = Buffer.from(JSON.stringify(value), "utf8");
  const plain = `j${json.toString("base64url")}`;
  if (plain.length <= room) return plain;
  const packed = `z${deflateRawSync(json, { level: 9 }).toString("base64url")}`;
  return packed.length <= room ? packed : null;
}

/** The value of an inline state, undefined for store keys and anything malformed. */
export function decodeInline(state: string): unknown {
  try {
    const bytes = Buffer.from(state.slice(1), "base64url");
    if (state.startsWith("j")) return JSON.parse(bytes.toString("utf8"));
    if (state.startsWith("z")) return JSON.parse(inflateRawSync(bytes, { maxOutputLength: 4096 }).toString("utf8"));
  } catch {
    return undefined;
  }
  return undefined;
}

interface StoredState {
  value: unknown;
  at: number;
}

/** Where long states are kept beyond this process: the shared store's button_states (ButtonStateTable). */
export interface ButtonStateBackend {
  put(state: { key: string; value: string; at: number }): Promise<void>;
  get(key: string): Promise<{ key: string; value: string; at: number } | null>;
  recent(since: number, limit: number): Promise<{ key: string; value: string; at: number }[]>;
  prune(before: number): Promise<number>;
}

/**
 * States too long for a custom id, keyed by a hash of the state. Bounded in memory (oldest out first)
 * and written through to the shared store when one is given, so long questions keep their buttons
 * across a restart or a crash, and on another process of the same bot.
 */
export class ButtonStateStore {
  private readonly entries = new Map<string, StoredState>();
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly backend: ButtonStateBackend | null = null,
    private readonly maxEntries = 5_000,
    private readonly ttlMs = BUTTON_TTL_MS,
    /** Told when a write to the store fails (the state still works here, from memory). */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** A state token for `value`: inline when it fits in `room`, else a store key. */
  put(value: unknown, room: number, now = Date.now()): string {
    const inline = encodeInline(value, room);
    if (inline) return inline;
    const json = JSON.stringify(value);
    const key = createHash("sha256").update(json).digest("base64url").slice(0, 16);
    this.remember(key, { value, at: now });
    if (this.backend) {
      const write = this.backend.put({ key, value: json, at: now }).catch(this.onError);
      this.writes.add(write);
      void write.finally(() => this.writes.delete(write));
    }
    return `k${key}`;
  }

  /** The value behind a state token, from memory; undefined when it is unknown here, expired or malformed. */
  get(state: string, now = Date.now()): unknown {
    if (!state.startsWith("k")) return decodeInline(state);
    const entry = this.entries.get(state.slice(1));
    if (!entry || now - entry.at > this.ttlMs) return undefined;
    return entry.value;
  }

  /** Like get, and asks the shared store for a key this process has not seen (made by another one). */
  async resolve(state: string, now = Date.now()): Promise<unknown> {
    const known = this.get(state, now);
    if (known !== undefined || !state.startsWith("k") || !this.backend) return known;
    let saved: { value: string; at: number } | null;
    try {
      saved = await this.backend.get(state.slice(1));
    } catch (error) {
      this.onError(error);
      return undefined;
    }
    if (!saved || now - saved.at > this.ttlMs) return undefined;
    const value = parseJson(saved.value);
    if (value !== undefined) this.remember(state.slice(1), { value, at: saved.at });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Loads the newest live states from the store (start-up) and forgets the expired ones there. */
  async load(now = Date.now()): Promise<void> {
    if (!this.backend) return;
    await this.backend.prune(now - this.ttlMs);
    for (const saved of await this.backend.recent(now - this.ttlMs, this.maxEntries)) {
      const value = parseJson(saved.value);
      if (value !== undefined) this.remember(saved.key, { value, at: saved.at });
    }
  }

  /** Waits for the writes still on their way to the store (shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }

  private remember(key: string, entry: StoredState): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
