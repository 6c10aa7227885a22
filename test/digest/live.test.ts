import { existsSync, mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digest/build.js";
import { startDigestSystem } from "../../src/digest/index.js";
import { DigestScheduler } from "../../src/digest/scheduler.js";
import { DigestStore, type SeenChanges } from "../../src/digest/store.js";
import {
  type CorpusWatcher,
  diffCorpora,
  type ReloadEvent,
  watchCorpus,
  watchCorpusFolder,
} from "../../src/live/watch.js";
import { createLogger } from "../../src/logger.js";
import { answerQuestion } from "../../src/search/answer.js";
import { LiveCorpus, openCorpus } from "../../src/sitrep.js";
import { tempCorpus, tempDir } from "../helpers/corpus.js";
import { FakeTransport, MORE_REPORTS, REPORTS } from "./fixtures.js";

const watchers: CorpusWatcher[] = [];
const stores: DigestStore[] = [];
/** Sightings still being written when a test ends: the store closes only after them. */
const writes: Promise<unknown>[] = [];
afterEach(async () => {
  for (const w of watchers.splice(0)) await w.stop();
  await Promise.allSettled(writes.splice(0));
  for (const s of stores.splice(0)) await s.close();
});

async function setup(options: { events?: boolean; files?: Record<string, string | Uint8Array> } = {}) {
  const dir = tempCorpus(options.files ?? REPORTS);
  const open = () => openCorpus({ corpusDir: dir, dataDir: null });
  const live = new LiveCorpus(await open());
  const store = await DigestStore.open({ file: path.join(tempDir(), "sitrep.db") });
  stores.push(store);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => logs.push(JSON.parse(line)) });
  // As the digest system subscribes: sightings of the served corpus, then of every reload.
  await store.recordSeen(live.current.corpus.reports, Date.now());
  const watcher = await watchCorpus({
    live,
    dir,
    open,
    logger,
    debounceMs: 50,
    pollMs: 200,
    events: options.events ?? true,
  });
  watchers.push(watcher);
  const sightings = new WeakMap<ReloadEvent, Promise<SeenChanges>>();
  watcher.onReload((event) => {
    const written = store.recordSeen(event.opened.corpus.reports, event.at);
    writes.push(written);
    sightings.set(event, written);
  });
  return { dir, live, store, watcher, logs, seenIn: (event: ReloadEvent) => sightings.get(event) };
}

/** The next reload, or a failure after `ms`. */
function nextReload(watcher: CorpusWatcher, ms = 5000): Promise<ReloadEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no reload within ${ms} ms`));
    }, ms);
    const off = watcher.onReload((event) => {
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

const ask = (live: LiveCorpus, q: string) => answerQuestion(live.current.index, q).results.map((r) => r.reportId);

describe("live corpus", () => {
  it("records first sightings at start, then picks up a dropped-in report without a restart", async () => {
    const { dir, live, store, watcher, seenIn } = await setup();
    expect(await store.maxSeenSeq()).toBe(1);
    const seqBefore = await store.maxSeenSeq();
    const old = live.current;

    const reload = nextReload(watcher);
    const droppedAt = Date.now();
    writeFileSync(path.join(dir, "spill", "cap-fitted.txt"), MORE_REPORTS["spill/cap-fitted.txt"] ?? "");
    const event = await reload;

    expect(event.diff).toMatchObject({ added: ["spill/cap-fitted"], changed: [], removed: [] });
    expect((await seenIn(event))?.added).toEqual(["spill/cap-fitted"]);
    expect(event.previous).toBe(old);
    expect(live.current).toBe(event.opened);
    expect(live.current.corpus.reports).toHaveLength(4);
    expect(ask(live, "containment cap")).toContain("spill/cap-fitted");

    const seen = await store.firstSeen("spill/cap-fitted");
    expect(seen?.firstSeenAt).toBeGreaterThanOrEqual(droppedAt);
    expect(seen?.seq).toBe(seqBefore + 1);
    // A digest for the window since the previous sightings holds it, quoted verbatim.
    const ids = await store.reportIdsSeenBetween(seqBefore, await store.maxSeenSeq());
    const digest = await buildDigest(live.current, ids, { from: droppedAt - 1, to: Date.now() });
    expect(digest?.reports.map((r) => r.reportId)).toEqual(["spill/cap-fitted"]);
    expect(digest?.reports[0]?.excerpt?.text).toMatch(/^BP fitted a new containment cap/);
  });

  it("rejects a binary or empty file with its reason, and keeps serving the rest", async () => {
    const { dir, live, watcher, logs } = await setup();
    const reload = nextReload(watcher);
    writeFileSync(path.join(dir, "photo.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    writeFileSync(path.join(dir, "empty.txt"), "");
    let event = await reload;
    // The two files may land in one reload or two.
    while (event.opened.corpus.rejected.length < 2) event = await nextReload(watcher);

    const rejected = live.current.corpus.rejected.map((r) => [r.file, r.reason]);
    expect(rejected).toEqual(
      expect.arrayContaining([
        ["photo.txt", expect.stringMatching(/binary/)],
        ["empty.txt", "empty file"],
      ]),
    );
    expect(live.current.corpus.reports).toHaveLength(3);
    expect(ask(live, "earthquake Haiti")).toContain("quake/haiti-quake");
    expect(logs.filter((l) => l.msg === "corpus file rejected").map((l) => l.file)).toEqual(
      expect.arrayContaining(["photo.txt", "empty.txt"]),
    );
  });

  it("drops a deleted report from the index", async () => {
    const { dir, live, store, watcher } = await setup();
    expect(ask(live, "earthquake Haiti")).toContain("quake/haiti-quake");
    const reload = nextReload(watcher);
    unlinkSync(path.join(dir, "quake", "haiti-quake.txt"));
    const event = await reload;
    expect(event.diff.removed).toEqual(["quake/haiti-quake"]);
    expect(live.current.corpus.reports.map((r) => r.id)).not.toContain("quake/haiti-quake");
    expect(ask(live, "earthquake Haiti")).not.toContain("quake/haiti-quake");
    expect((await store.firstSeen("quake/haiti-quake"))?.removedAt).not.toBeNull();
  });

  it("an edited report is changed, not new; a moved one keeps its first sighting", async () => {
    const { dir, store, watcher, seenIn } = await setup();
    const first = await store.firstSeen("spill/well-leaks");
    let reload = nextReload(watcher);
    writeFileSync(
      path.join(dir, "spill", "well-leaks.txt"),
      `${REPORTS["spill/well-leaks.txt"]}Shrimpers said the slick had reached their fishing grounds.\n`,
    );
    let event = await reload;
    expect(event.diff.changed).toEqual(["spill/well-leaks"]);
    expect((await seenIn(event))?.added).toEqual([]);
    expect(await store.firstSeen("spill/well-leaks")).toEqual(first);

    reload = nextReload(watcher);
    renameSync(path.join(dir, "quake", "haiti-quake.txt"), path.join(dir, "haiti-quake-moved.txt"));
    event = await reload;
    expect((await seenIn(event))?.renamed).toEqual([{ from: "quake/haiti-quake", to: "haiti-quake-moved" }]);
    expect((await seenIn(event))?.added).toEqual([]);
  });

  it("notices changes by polling alone when file events are off", async () => {
    const { dir, live, watcher } = await setup({ events: false });
    const reload = nextReload(watcher);
    writeFileSync(path.join(dir, "aid.txt"), MORE_REPORTS["quake/aid-arrives.txt"] ?? "");
    await reload;
    expect(live.current.corpus.reports.map((r) => r.id)).toContain("aid");
  });

  it("keeps the previous corpus when the folder disappears, and recovers when it is back", async () => {
    const { dir, live, watcher, logs } = await setup();
    const served = live.current;
    rmSync(dir, { recursive: true, force: true });
    expect(await watcher.check()).toBeNull();
    expect(live.current).toBe(served);
    expect(logs.some((l) => l.msg === "corpus reload failed; still serving the previous corpus")).toBe(true);

    const reload = nextReload(watcher);
    writeFiles(dir, { ...REPORTS, ...MORE_REPORTS });
    const event = await reload;
    expect(event.opened.corpus.reports).toHaveLength(5);
  });

  it("picks up a report dropped in after the corpus was opened but before the watcher started", async () => {
    const dir = tempCorpus(REPORTS);
    const open = () => openCorpus({ corpusDir: dir, dataDir: null });
    const live = new LiveCorpus(await open());
    // The gap a bot has between opening its corpus and starting the watcher (it logs in meanwhile).
    writeFiles(dir, MORE_REPORTS);
    const logger = createLogger("silent");
    const watcher = await watchCorpus({ live, dir, open, logger, debounceMs: 50, pollMs: 0 });
    watchers.push(watcher);
    const event = await nextReload(watcher);
    expect([...event.diff.added].sort()).toEqual(
      Object.keys(MORE_REPORTS)
        .map((f) => f.replace(/\.txt$/, ""))
        .sort(),
    );
    expect(live.current.corpus.reports).toHaveLength(5);
  });

  it("reports a reload only when the content changed", async () => {
    const { dir, watcher } = await setup();
    const file = path.join(dir, "quake", "haiti-quake.txt");
    writeFileSync(file, REPORTS["quake/haiti-quake.txt"] ?? "");
    expect(await watcher.check()).toBeNull();
    expect(watcher.reloads).toBe(0);
    expect(await watcher.reload()).not.toBeNull();
  });
});

describe("live corpus and scheduler together", () => {
  it("a report dropped in while the bot runs is in the next scheduled digest, and only that one", async () => {
    const { dir, live, store, watcher } = await setup();
    let now = Date.parse("2025-06-02T08:00:00Z");
    const clock = { now: () => now, setTimeout: () => null, clearTimeout: () => undefined };
    const made = await store.createSubscription(
      { guildId: "g", channelId: "c", schedule: "daily 09:00", timezone: "UTC", topic: null, createdBy: "u" },
      now,
    );
    if (!made.created) throw new Error("expected a new subscription");
    const { id } = made.subscription;
    const transport = new FakeTransport();
    const scheduler = new DigestScheduler({ store, corpus: live, transport, clock });
    expect(await scheduler.start()).toEqual([]);

    const reload = nextReload(watcher);
    writeFileSync(path.join(dir, "aid.txt"), MORE_REPORTS["quake/aid-arrives.txt"] ?? "");
    await reload;
    now = Date.parse("2025-06-02T09:00:05Z");
    const outcomes = await scheduler.tick();
    await scheduler.stop();
    expect(outcomes).toEqual([expect.objectContaining({ subscriptionId: id, status: "delivered" })]);
    expect(transport.posted[0]?.digest.reports.map((r) => r.reportId)).toEqual(["aid"]);
  });
});

describe("diffCorpora", () => {
  it("compares by id and content hash, and lists only new rejections", async () => {
    const a = await openCorpus({ corpusDir: tempCorpus({ ...REPORTS, "bad.bin": "x" }), dataDir: null });
    const b = await openCorpus({
      corpusDir: tempCorpus({
        "spill/rig-explodes.txt": REPORTS["spill/rig-explodes.txt"] ?? "",
        "spill/well-leaks.txt": `${REPORTS["spill/well-leaks.txt"]}More.\n`,
        "bad.bin": "x",
        "empty.txt": "",
      }),
      dataDir: null,
    });
    expect(diffCorpora(a.corpus, b.corpus)).toEqual({
      added: [],
      changed: ["spill/well-leaks"],
      removed: ["quake/haiti-quake"],
      rejected: [{ file: "empty.txt", reason: "empty file" }],
    });
  });
});

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

describe("startDigestSystem", () => {
  it("opens DATA_DIR/sitrep.db, records sightings, serves the service and stops cleanly", async () => {
    const dir = tempCorpus(REPORTS);
    const dataDir = tempDir();
    const live = new LiveCorpus(await openCorpus({ corpusDir: dir, dataDir }));
    const transport = new FakeTransport();
    // The live corpus runs on its own; the digest system only subscribes to it.
    const watcher = await watchCorpusFolder({ live, corpusDir: dir, dataDir, debounceMs: 50, pollMs: 200 });
    watchers.push(watcher);
    const system = await startDigestSystem({
      live,
      updates: watcher,
      dataDir,
      transport,
      logger: createLogger("silent"),
    });
    await system.started;
    expect(existsSync(path.join(dataDir, "sitrep.db"))).toBe(true);
    expect(await system.store.maxSeenSeq()).toBe(1);
    const scope = { guildId: "g", channelId: "c" };
    const { subscription } = await system.service.subscribe({ ...scope, schedule: "daily 09:00", createdBy: "u" });
    expect((await system.service.list(scope)).map((s) => s.id)).toEqual([subscription.id]);

    const reload = nextReload(watcher);
    writeFileSync(path.join(dir, "aid.txt"), MORE_REPORTS["quake/aid-arrives.txt"] ?? "");
    await reload;
    expect((await system.service.preview({ id: subscription.id }, scope))?.reports.map((r) => r.reportId)).toEqual([
      "aid",
    ]);
    await system.stop();
    expect(system.store.isOpen).toBe(false);
    // Stopped digests leave the live corpus serving: a later reload still swaps the corpus.
    const after = nextReload(watcher);
    writeFileSync(path.join(dir, "cap.txt"), MORE_REPORTS["spill/cap-fitted.txt"] ?? "");
    await after;
    expect(live.current.corpus.reports.map((r) => r.id)).toContain("cap");
  });
});
