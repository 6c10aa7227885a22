import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DigestError, ScheduleError, SubscriptionNotFoundError } from "../../src/digest/errors.js";
import { DigestService } from "../../src/digest/service.js";
import { DigestStore } from "../../src/digest/store.js";
import { LiveCorpus, type OpenedCorpus } from "../../src/sitrep.js";
import { BACKENDS } from "../support/stores.js";
import { MORE_REPORTS, openTemp, REPORTS } from "./fixtures.js";

let before: OpenedCorpus;
let after: OpenedCorpus;
beforeAll(async () => {
  before = (await openTemp(REPORTS)).opened;
  after = (await openTemp({ ...REPORTS, ...MORE_REPORTS })).opened;
});

const stores: DigestStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const SERVER_A = { guildId: "100000000000000001", channelId: "200000000000000001" };
const SERVER_B = { guildId: "100000000000000002", channelId: "200000000000000002" };
const DM = { guildId: null, channelId: "300000000000000001" };

describe.each(BACKENDS)("DigestService on $name", (backend) => {
  async function setup() {
    const store = await DigestStore.open(backend.config());
    stores.push(store);
    let now = Date.parse("2025-06-02T08:00:00Z");
    const live = new LiveCorpus(before);
    await store.recordSeen(before.corpus.reports, now);
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

  describe.skipIf(backend.skip)("DigestService", () => {
    it("subscribes with a normalised schedule and tells when the first digest comes", async () => {
      const { service, scheduler } = await setup();
      const { subscription, nextRun } = await service.subscribe({
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

    it("refuses bad input with messages meant for the user", async () => {
      const { service } = await setup();
      const base = { ...SERVER_A, createdBy: "u1" };
      await expect(service.subscribe({ ...base, schedule: "dayly 9" })).rejects.toThrow(ScheduleError);
      await expect(service.subscribe({ ...base, schedule: "daily 09:00", timezone: "Nowhere/City" })).rejects.toThrow(
        /Time zone "Nowhere\/City" is not known/,
      );
      await expect(service.subscribe({ ...base, schedule: "daily 09:00", topic: "the and of" })).rejects.toThrow(
        DigestError,
      );
      await service.subscribe({ ...base, schedule: "daily 09:00", topic: "Oil" });
      await expect(service.subscribe({ ...base, schedule: "daily 9:00", topic: "oil" })).rejects.toThrow(
        /already exists/,
      );
    });

    it("limits the subscriptions of one server", async () => {
      const store = await DigestStore.open(backend.config());
      stores.push(store);
      const service = new DigestService({ store, corpus: new LiveCorpus(before), maxPerScope: 2 });
      for (const hour of [7, 8]) await service.subscribe({ ...SERVER_A, schedule: `daily ${hour}:00`, createdBy: "u" });
      await expect(service.subscribe({ ...SERVER_A, schedule: "daily 9:00", createdBy: "u" })).rejects.toThrow(
        /already has 2 digests/,
      );
    });

    it("keeps servers and DMs apart", async () => {
      const { service } = await setup();
      const a = (await service.subscribe({ ...SERVER_A, schedule: "daily 09:00", createdBy: "u1" })).subscription;
      const otherChannel = (
        await service.subscribe({
          ...SERVER_A,
          channelId: "200000000000000009",
          schedule: "daily 10:00",
          createdBy: "u1",
        })
      ).subscription;
      const b = (await service.subscribe({ ...SERVER_B, schedule: "daily 09:00", createdBy: "u2" })).subscription;
      const dm = (await service.subscribe({ ...DM, schedule: "daily 09:00", createdBy: "u3" })).subscription;

      expect((await service.list(SERVER_A)).map((s) => s.id)).toEqual([a.id, otherChannel.id]);
      expect((await service.list(SERVER_B)).map((s) => s.id)).toEqual([b.id]);
      expect((await service.list(DM)).map((s) => s.id)).toEqual([dm.id]);
      expect(await service.list({ guildId: null, channelId: "somebody-else" })).toEqual([]);

      for (const [id, scope] of [
        [b.id, SERVER_A],
        [a.id, SERVER_B],
        [dm.id, SERVER_A],
        [a.id, DM],
      ] as const) {
        await expect(service.unsubscribe(id, scope)).rejects.toThrow(SubscriptionNotFoundError);
        await expect(service.pause(id, scope)).rejects.toThrow(SubscriptionNotFoundError);
        await expect(service.preview({ id }, scope)).rejects.toThrow(/No digest/);
      }
      expect(await service.list(SERVER_B)).toHaveLength(1);
      expect((await service.unsubscribe(` ${b.id.toUpperCase()} `, SERVER_B)).id).toBe(b.id);
      expect(await service.list(SERVER_B)).toEqual([]);
    });

    it("pauses and resumes, showing the reason and no next run while paused", async () => {
      const { service, setNow } = await setup();
      const { subscription } = await service.subscribe({ ...SERVER_A, schedule: "daily 09:00", createdBy: "u1" });
      const paused = await service.pause(subscription.id, SERVER_A, "Paused by @ana.");
      expect(paused).toMatchObject({ status: "paused", pausedReason: "Paused by @ana.", nextRun: null });
      expect((await service.list(SERVER_A))[0]?.pausedReason).toBe("Paused by @ana.");
      setNow("2025-06-04T12:00:00Z");
      const resumed = await service.resume(subscription.id, SERVER_A);
      expect(resumed).toMatchObject({ status: "active", pausedReason: null });
      // Runs missed while paused are not made up for: the next is tomorrow's.
      expect(resumed.nextRun?.toISOString()).toBe("2025-06-05T09:00:00.000Z");
    });

    it("previews a subscription's next digest and a topic, without recording anything", async () => {
      const { service, store, live, setNow } = await setup();
      const { subscription } = await service.subscribe({
        ...SERVER_A,
        schedule: "daily 09:00",
        topic: "earthquake",
        createdBy: "u1",
      });
      expect(await service.preview({ id: subscription.id }, SERVER_A)).toBeNull();
      setNow("2025-06-02T08:30:00Z");
      live.replace(after);
      await store.recordSeen(after.corpus.reports, Date.parse("2025-06-02T08:30:00Z"));
      const preview = await service.preview({ id: subscription.id }, SERVER_A);
      expect(preview?.reports.map((r) => r.reportId)).toEqual(["quake/aid-arrives"]);
      expect(preview?.from).toBe(Date.parse("2025-06-02T08:00:00Z"));
      expect(await store.deliveries(subscription.id)).toEqual([]);

      const byTopic = await service.preview({ topic: "oil", sinceMs: 10 * 60 * 1000 }, SERVER_B);
      expect(byTopic?.reports.map((r) => r.reportId)).toEqual(["spill/cap-fitted"]);
      // Without a topic, a day's worth: everything first seen since yesterday 08:30.
      expect((await service.preview({ topic: null }, SERVER_B))?.reports).toHaveLength(5);
    });

    it("offers ids and time zones for autocomplete", async () => {
      const { service } = await setup();
      const { subscription } = await service.subscribe({
        ...SERVER_A,
        schedule: "daily 09:00",
        topic: "oil",
        createdBy: "u1",
      });
      await service.subscribe({ ...SERVER_B, schedule: "daily 09:00", createdBy: "u1" });
      const choices = await service.autocomplete(SERVER_A, "");
      expect(choices).toEqual([
        { id: subscription.id, label: `${subscription.id} — every day at 09:00 (UTC) about “oil”` },
      ]);
      expect(await service.autocomplete(SERVER_A, "oil")).toHaveLength(1);
      expect(await service.autocomplete(SERVER_A, "cricket")).toEqual([]);
      expect(service.timeZones("berlin")).toContain("Europe/Berlin");
    });
  });
});
