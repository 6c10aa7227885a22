import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorForLog } from "../src/bot/interaction-handler.js";
import { createLogger } from "../src/logger.js";
import { openCorpus, snapshotPathFor } from "../src/sitrep.js";
import { SEED_CORPUS, tempDir } from "./helpers/corpus.js";

interface Line {
  level: number;
  msg: string;
  [key: string]: unknown;
}

function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Line[] } {
  const out: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => out.push(line) });
  return { logger, lines: () => out.map((l) => JSON.parse(l) as Line) };
}

/** A pid no process has: above the kernel's limit. */
const DEAD_PID = 4_194_305;

describe("openCorpus: crash leftovers and failed writes", () => {
  it("removes the temporary files of processes that are gone, and keeps a running one's", async () => {
    const dataDir = tempDir("sitrep-data-");
    const snapshot = path.basename(snapshotPathFor(dataDir, SEED_CORPUS));
    const leftovers = [`${snapshot}.${DEAD_PID}.tmp`, `button-states.json.${process.pid}.tmp`];
    const running = `${snapshot}.${process.ppid}.tmp`;
    for (const name of [...leftovers, running]) writeFileSync(path.join(dataDir, name), "half a file");
    const { logger, lines } = capture();
    await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    expect(readdirSync(dataDir).sort()).toEqual([running, snapshot].sort());
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: "removed leftover temporary files", removed: [...leftovers].sort() }),
    );
  });

  it("logs a snapshot it could not save, with the error's class, and leaves no temporary file", async () => {
    const dataDir = tempDir("sitrep-data-");
    // A folder where the snapshot file should go: the rename fails.
    mkdirSync(path.join(snapshotPathFor(dataDir, SEED_CORPUS), "in-the-way"), { recursive: true });
    const { logger, lines } = capture();
    const opened = await openCorpus({ corpusDir: SEED_CORPUS, dataDir, logger });
    expect(opened.corpus.reports.length).toBeGreaterThan(0);
    const warning = lines().find((l) => l.msg.startsWith("could not save the index snapshot"));
    expect(warning).toMatchObject({ level: 40, err: { type: "Error", code: expect.stringMatching(/^E/) } });
    expect(readdirSync(dataDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(existsSync(path.join(snapshotPathFor(dataDir, SEED_CORPUS), "in-the-way"))).toBe(true);
  });
});

describe("logger", () => {
  it("keeps the real error class in `type`", () => {
    const { logger, lines } = capture();
    logger.error({ err: errorForLog(new RangeError("out of range"), (t) => t) }, "failed");
    logger.error({ err: new TypeError("raw") }, "failed raw");
    expect(lines().map((l) => (l.err as { type: string }).type)).toEqual(["RangeError", "TypeError"]);
  });
});
