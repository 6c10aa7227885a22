import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUTTON_TTL_MS,
  ButtonStateStore,
  buildCustomId,
  CUSTOM_ID_MAX,
  decodeInline,
  encodeInline,
  isExpired,
  parseCustomId,
  stateRoom,
} from "../../src/bot/custom-id.js";
import { RateLimitedError } from "../../src/bot/errors.js";
import { decodeAskState, encodeAskState } from "../../src/bot/features/ask.js";
import { RateLimiter } from "../../src/bot/rate-limit.js";
import { ButtonStateTable } from "../../src/store/button-states.js";
import { SitrepDatabase } from "../../src/store/database.js";
import { BACKENDS } from "../support/stores.js";

/** Text deflate cannot shrink, so it never fits inline. */
function incompressible(length: number): string {
  return randomBytes(length).toString("base64").slice(0, length);
}

describe("custom ids", () => {
  const issuedAt = Date.UTC(2024, 5, 1, 12, 0, 0);

  it("round-trip command, action, time, argument and state", () => {
    const raw = buildCustomId({ command: "ask", action: "p", issuedAt, arg: "2", state: "jWyJhIl0" });
    expect(raw).toBe(`s1:ask:p:${(issuedAt / 1000).toString(36)}:2:jWyJhIl0`);
    expect(parseCustomId(raw)).toEqual({ command: "ask", action: "p", issuedAt, arg: "2", state: "jWyJhIl0" });
  });

  it("reject other formats and versions", () => {
    for (const raw of ["", "ask:p:1", "s0:ask:p:abc:1:x", "s1:ask:p:ABC!:1:x", "s1::p:abc:1:x", "s1:ask:p:abc:1:x:y"]) {
      expect(parseCustomId(raw)).toBeNull();
    }
  });

  it("expire after the TTL (and when issued in the future)", () => {
    const id = { command: "ask", action: "p", issuedAt, arg: "0", state: "" };
    expect(isExpired(id, issuedAt + BUTTON_TTL_MS - 1000)).toBe(false);
    expect(isExpired(id, issuedAt + BUTTON_TTL_MS + 1000)).toBe(true);
    expect(isExpired(id, issuedAt - 3_600_000)).toBe(true);
  });

  it("carry any ask state inline when it fits, else a store key, always within 100 characters (property)", () => {
    const store = new ButtonStateStore();
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", minLength: 1, maxLength: 300 }),
        fc.option(fc.constant("2017-06-01"), { nil: null }),
        fc.option(fc.constant("2017-06-30"), { nil: null }),
        fc.option(fc.string({ maxLength: 100 }), { nil: null }),
        (question, since, until, source) => {
          const params = { question, since, until, source };
          const room = stateRoom("timeline", "p", "99", issuedAt);
          const state = store.put(encodeAskState(params), room, issuedAt);
          const raw = buildCustomId({ command: "timeline", action: "p", issuedAt, arg: "99", state });
          expect(raw.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
          const parsed = parseCustomId(raw);
          expect(decodeAskState(store.get(parsed?.state ?? "", issuedAt))).toEqual(params);
        },
      ),
    );
  });

  it("short questions travel inline, so they survive a restart without any store", () => {
    const value = encodeAskState({ question: "Who holds the Old City?", since: null, until: null, source: null });
    const inline = encodeInline(value, 60);
    expect(inline?.startsWith("j")).toBe(true);
    expect(decodeInline(inline ?? "")).toEqual(["Who holds the Old City?"]);
    expect(new ButtonStateStore().get(inline ?? "")).toEqual(["Who holds the Old City?"]);
    expect(decodeInline("jnot json")).toBeUndefined();
  });

  it("stays bounded", () => {
    const store = new ButtonStateStore(null, 3);
    const values = [1, 2, 3, 4].map((n) => incompressible(100 + n));
    const keys = values.map((v) => store.put([v], 20, issuedAt));
    expect(store.size).toBe(3);
    expect(store.get(keys[0] ?? "", issuedAt)).toBeUndefined();
    expect(store.get(keys[3] ?? "", issuedAt)).toEqual([values[3]]);
  });
});

describe("RateLimiter", () => {
  it("allows a burst, then one per refill interval, and says how long to wait", () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 0.5 }, () => now);
    expect([1, 2, 3].map(() => limiter.take("u").ok)).toEqual([true, true, true]);
    const refused = limiter.take("u");
    expect(refused).toEqual({ ok: false, retryAfterMs: 2000 });
    expect(limiter.take("other").ok).toBe(true);
    now = 1000;
    expect(limiter.take("u")).toEqual({ ok: false, retryAfterMs: 1000 });
    now = 2000;
    expect(limiter.take("u").ok).toBe(true);
    expect(new RateLimitedError(1200).message).toBe("You're asking too fast — try again in 2 s.");
  });

  it("forgets users whose bucket is full again", () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1 }, () => now);
    for (let i = 0; i < 1200; i++) limiter.take(`user${i}`);
    now = 10_000;
    limiter.take("late");
    expect(limiter.trackedUsers).toBeLessThan(10);
  });
});

describe.each(BACKENDS)("long button states in the $name store", (backend) => {
  const issuedAt = Date.UTC(2024, 5, 1, 12, 0, 0);
  it.skipIf(backend.skip)("survive a restart (written when made), reach another process, and expire", async () => {
    const config = backend.config();
    const long = [incompressible(250)];
    const firstDb = await SitrepDatabase.open(config);
    const first = new ButtonStateStore(new ButtonStateTable(firstDb));
    const key = first.put(long, 40, issuedAt);
    expect(key.startsWith("k")).toBe(true);
    // No save at shutdown: a crash right after the reply must not lose the state.
    await first.flush();
    if (backend.name === "postgres") {
      // Another process, running meanwhile, is sent the click: it asks the store.
      const otherDb = await SitrepDatabase.open(backend.same(config));
      const other = new ButtonStateStore(new ButtonStateTable(otherDb));
      expect(other.get(key, issuedAt + 10)).toBeUndefined();
      expect(await other.resolve(key, issuedAt + 10)).toEqual(long);
      expect(await other.resolve(key, issuedAt + BUTTON_TTL_MS + 1)).toBeUndefined();
      await otherDb.close();
    }
    await firstDb.close();

    const secondDb = await SitrepDatabase.open(config);
    try {
      const second = new ButtonStateStore(new ButtonStateTable(secondDb));
      await second.load(issuedAt + 1000);
      expect(second.get(key, issuedAt + 1000)).toEqual(long);
      expect(second.get(key, issuedAt + BUTTON_TTL_MS + 1)).toBeUndefined();
      const late = new ButtonStateStore(new ButtonStateTable(secondDb));
      await late.load(issuedAt + BUTTON_TTL_MS + 1);
      expect(late.size).toBe(0);
      expect(await late.resolve(key, issuedAt + 1000)).toBeUndefined();
    } finally {
      await secondDb.close();
    }
  });
});
