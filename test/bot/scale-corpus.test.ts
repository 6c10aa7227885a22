import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { PostgresCorpusCoordinator } from "../../src/live/postgres.js";
import { openSharedCorpus, SharedLiveCorpus } from "../../src/live/shared.js";
import { createLogger } from "../../src/logger.js";
import { corpusFolderKey, LiveCorpus, snapshotPathFor } from "../../src/sitrep.js";
import { ROOT } from "../helpers/dist.js";

/**
 * One corpus, many readers, on a real PostgreSQL: two "processes" (each its own coordinator
 * connection, corpus holder and live corpus service) share a corpus folder and a DATA_DIR.
 */

const postgresUrl = inject("postgresUrl");

interface Member {
  live: LiveCorpus;
  service: SharedLiveCorpus;
  fromSnapshot: boolean;
}

const started: SharedLiveCorpus[] = [];
afterEach(async () => {
  for (const service of started.splice(0)) await service.stop();
});

function setup() {
  const work = mkdtempSync(path.join(tmpdir(), "sitrep-shared-corpus-"));
  const corpusDir = path.join(work, "corpus");
  cpSync(path.join(ROOT, "corpus"), corpusDir, { recursive: true });
  // Each test a corpus folder of its own, so their locks and announcements do not meet.
  return { work, corpusDir, dataDir: path.join(work, "data") };
}

async function join(corpusDir: string, dataDir: string): Promise<Member> {
  const logger = createLogger("silent");
  const coordinator = await PostgresCorpusCoordinator.connect({
    url: postgresUrl ?? "",
    corpusKey: corpusFolderKey(corpusDir),
    logger,
  });
  const options = { coordinator, corpusDir, dataDir, logger, retryMs: 300, debounceMs: 50, pollMs: 300 };
  const { opened, role } = await openSharedCorpus(options);
  const live = new LiveCorpus(opened);
  const service = await SharedLiveCorpus.start({ ...options, live, role });
  started.push(service);
  return { live, service, fromSnapshot: opened.fromSnapshot };
}

describe.skipIf(postgresUrl === null)("one corpus, many readers (PostgreSQL)", () => {
  it("one process indexes; the other starts from its snapshot and follows each new version", async () => {
    const { work, corpusDir, dataDir } = setup();
    try {
      const first = await join(corpusDir, dataDir);
      const second = await join(corpusDir, dataDir);
      expect([first.service.role, second.service.role]).toEqual(["indexer", "reader"]);
      expect(first.fromSnapshot).toBe(false);
      // The reader never indexed: parse and index came from the indexer's snapshot.
      expect(second.fromSnapshot).toBe(true);

      writeFileSync(
        path.join(corpusDir, "bridge.txt"),
        "date 2017-07-20\nThe Fifth Bridge in Mosul reopened on Thursday.\n",
      );
      await expect
        .poll(() => [first, second].map((m) => m.live.current.corpus.reports.length), { timeout: 10_000 })
        .toEqual([6, 6]);
      expect(second.live.current.corpus.hash).toBe(first.live.current.corpus.hash);
      expect(second.live.current.fromSnapshot).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("never serves a snapshot that does not match the files, and takes over when the indexer goes", async () => {
    const { work, corpusDir, dataDir } = setup();
    try {
      const indexer = await join(corpusDir, dataDir);
      const reader = await join(corpusDir, dataDir);
      const served = reader.live.current;
      // The indexer stops (its session, and so its lock, ends) before it sees this report…
      await indexer.service.stop();
      started.splice(started.indexOf(indexer.service), 1);
      // …and a truncated snapshot lies where the snapshot goes.
      writeFileSync(snapshotPathFor(dataDir, corpusDir), '{"format":"sitrep-snapshot","corpusHash":"');
      writeFileSync(
        path.join(corpusDir, "clinic.txt"),
        "date 2017-07-22\nA field clinic opened in Zanjili on Saturday.\n",
      );
      // The reader takes the lock over, indexes the folder itself and serves the new report.
      await expect.poll(() => reader.service.role, { timeout: 10_000 }).toBe("indexer");
      await expect.poll(() => reader.live.current.corpus.reports.length, { timeout: 10_000 }).toBe(6);
      expect(reader.live.current).not.toBe(served);
      expect(reader.live.current.fromSnapshot).toBe(false);

      // A newcomer reads the new indexer's snapshot: whole and of these very files.
      const newcomer = await join(corpusDir, dataDir);
      expect(newcomer.service.role).toBe("reader");
      expect(newcomer.fromSnapshot).toBe(true);
      expect(newcomer.live.current.corpus.hash).toBe(reader.live.current.corpus.hash);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
