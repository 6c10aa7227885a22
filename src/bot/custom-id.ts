import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { writeAtomically } from "../sitrep.js";

/**
 * Button state travels in the custom id, so a button keeps working after a restart:
 *
 *   s1:<command>:<action>:<issued>:<arg>:<state>
 *
 * `s1` is the format version (an unknown version reads as expired), `issued` the issue time in base-36
 * seconds (buttons expire after BUTTON_TTL_MS), `arg` a page number or a passage range, and `state` the
 * query: `j` + base64url(JSON) or `z` + base64url(deflate(JSON)) when that fits in 100 characters,
 * otherwise `k` + a key into a small store that is saved to the data folder on shutdown. Base64url and
 * base-36 never contain `:`, so splitting is unambiguous.
 */

const CUSTOM_ID_VERSION = "s1";
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

/** The saved file: a list of [key, state, saved at] entries. */
const savedStatesSchema = z.array(z.unknown());
const savedStateSchema = z.tuple([z.string().min(1).max(64), z.unknown(), z.number().int().nonnegative()]);

interface StoredState {
  value: unknown;
  at: number;
}

/**
 * States too long for a custom id, keyed by a hash of the state. Bounded (oldest out first) and saved to
 * a file on shutdown, so even long questions keep their buttons across a planned restart.
 */
export class ButtonStateStore {
  private readonly entries = new Map<string, StoredState>();

  constructor(
    private readonly file: string | null = null,
    private readonly maxEntries = 5_000,
    private readonly ttlMs = BUTTON_TTL_MS,
  ) {}

  /** A state token for `value`: inline when it fits in `room`, else a store key. */
  put(value: unknown, room: number, now = Date.now()): string {
    const inline = encodeInline(value, room);
    if (inline) return inline;
    const key = createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return `k${key}`;
  }

  /** The value behind a state token; undefined when it is unknown, expired or malformed. */
  get(state: string, now = Date.now()): unknown {
    if (!state.startsWith("k")) return decodeInline(state);
    const entry = this.entries.get(state.slice(1));
    if (!entry || now - entry.at > this.ttlMs) return undefined;
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }

  async load(now = Date.now()): Promise<void> {
    if (!this.file) return;
    let saved: unknown;
    try {
      saved = JSON.parse(await readFile(this.file, "utf8"));
    } catch {
      return;
    }
    const file = savedStatesSchema.safeParse(saved);
    if (!file.success) return;
    for (const item of file.data) {
      // One bad entry (a hand edit, another version) loses that button, not the others.
      const entry = savedStateSchema.safeParse(item);
      if (!entry.success) continue;
      const [key, value, at] = entry.data;
      if (now - at <= this.ttlMs) this.entries.set(key, { value, at });
    }
  }

  async save(now = Date.now()): Promise<void> {
    if (!this.file) return;
    const live = [...this.entries].filter(([, e]) => now - e.at <= this.ttlMs).map(([k, e]) => [k, e.value, e.at]);
    await writeAtomically(this.file, JSON.stringify(live));
  }
}
