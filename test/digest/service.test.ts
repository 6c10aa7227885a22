import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DigestError, ScheduleError, SubscriptionNotFoundError } from "../../src/digest/errors.js";
import { DigestService } from "../../src/digest/service.js";
import { DigestStore } from "../../src/digest/store.js";
import { LiveCorpus, type OpenedCorpus } from "../../src/sitrep.js";
import { tempDir } from "../helpers/corpus.js";
import { MORE_REPORTS, openTemp, REPORTS } from "./fixtures.js";

let before: OpenedCorpus;
let after: OpenedCorpus;
beforeAll(async () => {
  before = (await openTemp(REPORTS)).opened;
  after = (await openTemp({ ...REPORTS, ...MORE_REPORTS })).opened;
});

const stores: DigestStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const SERVER_A = { guildId: "100000000000000001", channelId: "200000000000000001" };
const SERVER_B = { guildId: "100000000000000002", channelId: "200000000000000002" };
const DM = { guildId: null, channelId: "300000000000000001" };

function setup() {
  const store = DigestStore.open(path.join(tempDir(), "sitrep.db"));
  stores.push(store);
  let now = Date.parse("2025-06-02T08:00:00Z");
  const live = new LiveCorpus(before);
  store.recordSeen(before.corpus.reports, now);
  const scheduler = { wake: vi.fn() };
  const service = new DigestService({ store, corpus: live, now: () => now, scheduler });
  return {
    store,
    live,
    service,
    scheduler,
    setNow: (iso: string) => {
      now = Date.parse(iso);
    },
  };
}

describe("DigestService", () => {
  it("subscribes with a normalised schedule and tells when the first digest comes", () => {
    const { service, scheduler } = setup();
    const { subscription, nextRun } = service.subscribe({
      ...SERVER_A,
      schedule: "weekly MON 9:30",
      timezone: "europe/london",
      topic: "  oil  spill ",
      createdBy: "u1",
    });
    expect(subscription).toMatchObject({
      guildId: SERVER_A.guildId,
      channelId: SERVER_A.channelId,
      schedule: "weekly monday 09:30",
      timezone: "Europe/London",
      topic: "oil spill",
      status: "active",
      description: "every Monday at 09:30 (Europe/London)",
      lastDelivery: null,
    });
    expect(nextRun?.toISOString()).toBe("2025-06-02T08:30:00.000Z");
    expect(scheduler.wake).toHaveBeenCalled();
  });

  it("refuses bad input with messages meant for the user", () => {
    const { service } = setup();
    const base = { ...SERVER_A, createdBy: "u1" };
    expect(() => service.subscribe({ ...base, schedule: "dayly 9" })).toThrow(ScheduleError);
    expect(() => service.subscribe({ ...base, schedule: "daily 09:00", timezone: "Nowhere/City" })).toThrow(
      /Time zone "Nowhere\/City" is not known/,
    );
    expect(() => service.subscribe({ ...base, schedule: "daily 09:00", topic: "the and of" })).toThrow(DigestError);
    service.subscribe({ ...base, schedule: "daily 09:00", topic: "Oil" });
    expect(() => service.subscribe({ ...base, schedule: "daily 9:00", topic: "oil" })).toThrow(/already exists/);
  });

  it("limits the subscriptions of one server", () => {
    const store = DigestStore.open(path.join(tempDir(), "sitrep.db"));
    stores.push(store);
    const service = new DigestService({ store, corpus: new LiveCorpus(before), maxPerScope: 2 });
    for (const hour of [7, 8]) service.subscribe({ ...SERVER_A, schedule: `daily ${hour}:00`, createdBy: "u" });
    expect(() => service.subscribe({ ...SERVER_A, schedule: "daily 9:00", createdBy: "u" })).toThrow(
      /already has 2 digests/,
    );
  });

  it("keeps servers and DMs apart", () => {
    const { service } = setup();
    const a = service.subscribe({ ...SERVER_A, schedule: "daily 09:00", createdBy: "u1" }).subscription;
    const otherChannel = service.subscribe({
      ...SERVER_A,
      channelId: "200000000000000009",
      schedule: "daily 10:00",
      createdBy: "u1",
    }).subscription;
    const b = service.subscribe({ ...SERVER_B, schedule: "daily 09:00", createdBy: "u2" }).subscription;
    const dm = service.subscribe({ ...DM, schedule: "daily 09:00", createdBy: "u3" }).subscription;

    expect(service.list(SERVER_A).map((s) => s.id)).toEqual([a.id, otherChannel.id]);
    expect(service.list(SERVER_B).map((s) => s.id)).toEqual([b.id]);
    expect(service.list(DM).map((s) => s.id)).toEqual([dm.id]);
    expect(service.list({ guildId: null, channelId: "somebody-else" })).toEqual([]);

    for (const [id, scope] of [
      [b.id, SERVER_A],
      [a.id, SERVER_B],
      [dm.id, SERVER_A],
      [a.id, DM],
    ] as const) {
      expect(() => service.unsubscribe(id, scope)).toThrow(SubscriptionNotFoundError);
      expect(() => service.pause(id, scope)).toThrow(SubscriptionNotFoundError);
      expect(() => service.preview({ id }, scope)).toThrow(/No digest/);
    }
    expect(service.list(SERVER_B)).toHaveLength(1);
    expect(service.unsubscribe(` ${b.id.toUpperCase()} `, SERVER_B).id).toBe(b.id);
    expect(service.list(SERVER_B)).toEqual([]);
  });

  it("pauses and resumes, showing the reason and no next run while paused", () => {
    const { service, setNow } = setup();
    const { subscription } = service.subscribe({ ...SERVER_A, schedule: "daily 09:00", createdBy: "u1" });
    const paused = service.pause(subscription.id, SERVER_A, "Paused by @ana.");
    expect(paused).toMatchObject({ status: "paused", pausedReason: "Paused by @ana.", nextRun: null });
    expect(service.list(SERVER_A)[0]?.pausedReason).toBe("Paused by @ana.");
    setNow("2025-06-04T12:00:00Z");
    const resumed = service.resume(subscription.id, SERVER_A);
    expect(resumed).toMatchObject({ status: "active", pausedReason: null });
    // Runs missed while paused are not made up for: the next is tomorrow's.
    expect(resumed.nextRun?.toISOString()).toBe("2025-06-05T09:00:00.000Z");
  });

  it("previews a subscription's next digest and a topic, without recording anything", () => {
    const { service, store, live, setNow } = setup();
    const { subscription } = service.subscribe({
      ...SERVER_A,
      schedule: "daily 09:00",
      topic: "earthquake",
      createdBy: "u1",
    });
    expect(service.preview({ id: subscription.id }, SERVER_A)).toBeNull();
    setNow("2025-06-02T08:30:00Z");
    live.replace(after);
    store.recordSeen(after.corpus.reports, Date.parse("2025-06-02T08:30:00Z"));
    const preview = service.preview({ id: subscription.id }, SERVER_A);
    expect(preview?.reports.map((r) => r.reportId)).toEqual(["quake/aid-arrives"]);
    expect(preview?.from).toBe(Date.parse("2025-06-02T08:00:00Z"));
    expect(store.deliveries(subscription.id)).toEqual([]);

    const byTopic = service.preview({ topic: "oil", sinceMs: 10 * 60 * 1000 }, SERVER_B);
    expect(byTopic?.reports.map((r) => r.reportId)).toEqual(["spill/cap-fitted"]);
    // Without a topic, a day's worth: everything first seen since yesterday 08:30.
    expect(service.preview({ topic: null }, SERVER_B)?.reports).toHaveLength(5);
  });

  it("offers ids and time zones for autocomplete", () => {
    const { service } = setup();
    const { subscription } = service.subscribe({
      ...SERVER_A,
      schedule: "daily 09:00",
      topic: "oil",
      createdBy: "u1",
    });
    service.subscribe({ ...SERVER_B, schedule: "daily 09:00", createdBy: "u1" });
    const choices = service.autocomplete(SERVER_A, "");
    expect(choices).toEqual([
      { id: subscription.id, label: `${subscription.id} — every day at 09:00 (UTC) about “oil”` },
    ]);
    expect(service.autocomplete(SERVER_A, "oil")).toHaveLength(1);
    expect(service.autocomplete(SERVER_A, "cricket")).toEqual([]);
    expect(service.timeZones("berlin")).toContain("Europe/Berlin");
  });
});
