import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot/bot.js";
import { loadCommands } from "../../src/bot/commands.js";
import { createLogger } from "../../src/logger.js";
import { LiveCorpus, openCorpus } from "../../src/sitrep.js";
import { buildTimeline } from "../../src/timeline/build.js";
import { SEED_CORPUS, tempCorpus } from "../helpers/corpus.js";
import { DiscordEmulator, type EmulatedChannel } from "../support/discord-emulator/index.js";

/**
 * A /timeline over a corpus big enough that building it takes a while (the seed reports, many
 * times over) must not hold up anyone else: the real bot against the emulator, /help sent while the
 * timeline is being built.
 */

/** Copies of the seed reports; each copy's lines carry their own tag, so none repeats as boilerplate. */
const COPIES = 40;

function seedCopies(): Record<string, string> {
  const files: Record<string, string> = {};
  const seeds = readdirSync(SEED_CORPUS).filter((f) => f.endsWith(".txt"));
  for (const file of seeds) {
    const lines = readFileSync(path.join(SEED_CORPUS, file), "utf8").split("\n");
    for (let copy = 0; copy < COPIES; copy++) {
      // The tag goes at the end of each line: a leading "date …" header still dates the report.
      files[`copy${copy}/${file}`] = lines.map((line) => (line.trim() ? `${line} copy${copy}q` : line)).join("\n");
    }
  }
  return files;
}

describe("a big /timeline on the real bot", () => {
  let emu: DiscordEmulator;
  let general: EmulatedChannel;
  let bot: Bot;
  let started: () => void = () => undefined;
  const timelineStarted = new Promise<void>((resolve) => (started = resolve));
  /** When the timeline's build finished (0: not yet). */
  let builtAt = 0;

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ heartbeatIntervalMs: 1_000 });
    const guild = emu.addGuild({ name: "Newsroom" });
    general = emu.addTextChannel(guild.id, { name: "general" });
    const opened = await openCorpus({ corpusDir: tempCorpus(seedCopies()), dataDir: null });
    bot = createBot({
      token: emu.token,
      live: new LiveCorpus(opened),
      logger: createLogger("silent"),
      commands: await loadCommands(),
      clientOptions: emu.clientOptions(),
      // The real timeline, watched: the test learns when its build starts and ends.
      buildTimeline: async (corpus, options) => {
        started();
        const timeline = await buildTimeline(corpus, options);
        builtAt = Date.now();
        return timeline;
      },
    });
    await bot.start();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await emu?.stop();
  });

  it("acknowledges /help while the timeline is still being built, then posts the timeline", async () => {
    const timeline = emu.injectCommand({
      name: "timeline",
      channelId: general.id,
      user: emu.addUser({ username: "a" }),
    });
    await timelineStarted;
    const help = emu.injectCommand({ name: "help", channelId: general.id, user: emu.addUser({ username: "b" }) });
    await help.waitForAck(20_000);
    const helpAt = Date.now();
    expect(builtAt, "the timeline was built before /help was acknowledged").toBe(0);
    const view = await timeline.waitFor(
      (v) => v.acknowledged && !v.thinking && v.original !== null,
      60_000,
      "the timeline",
    );
    expect(builtAt).toBeGreaterThanOrEqual(helpAt);
    expect(JSON.stringify(view.original?.embeds)).toMatch(/2014-06-10/);
  }, 90_000);
});
