import { writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot/bot.js";
import { loadCommands } from "../../src/bot/commands.js";
import { registerCommands } from "../../src/bot/register.js";
import { type CorpusWatcher, watchCorpusFolder } from "../../src/live/watch.js";
import { createLogger } from "../../src/logger.js";
import { answerQuestion } from "../../src/search/answer.js";
import { LiveCorpus, type OpenedCorpus, openCorpus } from "../../src/sitrep.js";
import { tempCorpus, tempDir } from "../helpers/corpus.js";
import { DiscordEmulator, type EmulatedChannel, textOf } from "../support/discord-emulator/index.js";

/**
 * The real bot against the emulator while the live corpus reloads a large batch of new reports:
 * the reload runs in time slices, so interactions are acknowledged while it is still running.
 */

const PLACES = ["Mosul", "Raqqa", "Aleppo", "Falluja", "Tikrit", "Ramadi", "Homs", "Idlib"];

/** A generated report: 600 distinct sentences naming places and numbers (a long read, few files). */
function generatedReport(n: number): string {
  const sentences = Array.from({ length: 600 }, (_, i) => {
    const place = PLACES[(n + i) % PLACES.length] ?? "Mosul";
    return `Report ${n} line ${i}: officials in ${place} said ${n * 600 + i} families returned to their homes.`;
  });
  return `date 2017-07-${String((n % 28) + 1).padStart(2, "0")}\n\n${sentences.join("\n\n")}\n`;
}

/** The live corpus, noting when each new corpus was swapped in. */
class SwapTimes extends LiveCorpus {
  swappedAt: number[] = [];
  override replace(opened: OpenedCorpus): void {
    this.swappedAt.push(performance.now());
    super.replace(opened);
  }
}

describe("the bot during a large reload", () => {
  let emu: DiscordEmulator;
  let general: EmulatedChannel;
  let bot: Bot;
  let live: SwapTimes;
  let watcher: CorpusWatcher;
  let corpusDir: string;
  const logger = createLogger("silent");

  beforeAll(async () => {
    corpusDir = tempCorpus({ "first.txt": generatedReport(0) });
    const dataDir = tempDir();
    emu = await DiscordEmulator.start();
    const guild = emu.addGuild({ name: "Newsroom" });
    general = emu.addTextChannel(guild.id, { name: "general" });
    live = new SwapTimes(await openCorpus({ corpusDir, dataDir }));
    const commands = await loadCommands();
    await registerCommands({ token: emu.token, clientId: emu.applicationId, api: emu.restBase, commands, logger });
    bot = createBot({ token: emu.token, live, logger, commands, clientOptions: emu.clientOptions() });
    await bot.start();
    watcher = await watchCorpusFolder({ live, corpusDir, dataDir, logger, pollMs: 0, events: false });
    await watcher.check();
  });

  afterAll(async () => {
    await watcher?.stop();
    await bot?.stop();
    await emu?.stop();
  });

  it("acknowledges /help while 20 long new reports (12,000 passages) are parsed and indexed", async () => {
    for (let n = 1; n <= 20; n++) writeFileSync(path.join(corpusDir, `new-${n}.txt`), generatedReport(n));
    const swapsBefore = live.swappedAt.length;
    const reloading = watcher.check();
    // Asked once the reload is past reading the folder (20 files, a few milliseconds) and into
    // parsing: a reload that held the event loop would delay this very timer until it ended. Not
    // later: on a quiet machine the whole reload, 12,000 passages, took under 500 ms.
    await sleep(100);
    expect(live.swappedAt).toHaveLength(swapsBefore);
    const user = emu.addUser({ username: "reader" });
    const help = emu.injectCommand({ name: "help", channelId: general.id, user });
    const view = await help.waitFor(
      (v) => v.original !== null && (v.original.flags & 64) !== 0,
      3_000,
      "the ephemeral help",
    );
    const answeredAt = performance.now();
    expect(view.original ? textOf(view.original) : "").toContain("/ask question:");
    const event = await reloading;
    expect(event?.diff.added).toHaveLength(20);
    // The help was shown before the new corpus was swapped in: reading, parsing and indexing gave
    // way to the interaction.
    expect(live.swappedAt).toHaveLength(swapsBefore + 1);
    expect(answeredAt).toBeLessThan(live.swappedAt[swapsBefore] ?? 0);
    expect(
      answerQuestion(live.current.index, "Report 20 line 7 officials families returned").results[0]?.reportId,
    ).toBe("new-20");
  });
});
