import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordEmulator, type EmulatedChannel } from "../support/discord-emulator/index.js";
import { buildOnce, freePorts, killAll, type Run, startBuilt, TOKEN } from "../support/processes.js";

/**
 * `npm run start:sharded` as built (node dist/src/bot/sharded.js): discord.js's ShardingManager
 * starts one real process per shard against the emulator; each server is answered once, by the
 * process running its shard, and each process serves its own /metrics on METRICS_PORT + shard id.
 */

const QUESTION = "How many militants are left in Mosul?";

describe("npm run start:sharded", () => {
  let emu: DiscordEmulator;
  let work: string;
  const runs: Run[] = [];

  beforeAll(async () => {
    [emu] = await Promise.all([DiscordEmulator.start({ token: TOKEN, heartbeatIntervalMs: 1_000 }), buildOnce()]);
    work = mkdtempSync(path.join(tmpdir(), "sitrep-sharded-"));
  }, 120_000);

  afterAll(async () => {
    killAll(runs);
    await emu?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("runs one process per shard, each answering only its own servers, and stops them all on SIGTERM", async () => {
    const guilds = [emu.addGuild({ name: "Zero", shard: [0, 2] }), emu.addGuild({ name: "One", shard: [1, 2] })];
    const channels: EmulatedChannel[] = guilds.map((g) => emu.addTextChannel(g.id, { name: "general" }));
    const metricsPort = await freePorts(2);
    const manager = startBuilt("src/bot/sharded.js", {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE_URL: emu.restBase,
      CORPUS_DIR: "corpus",
      DATA_DIR: path.join(work, "data"),
      DIGESTS_ENABLED: "false",
      SHARD_COUNT: "2",
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: "info",
    });
    runs.push(manager);
    await expect
      .poll(() => manager.logs().some((l) => l.msg === "all shard processes ready"), { timeout: 60_000, interval: 250 })
      .toBe(true);
    expect(emu.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);

    for (const channel of channels) {
      const handle = emu.injectCommand({ name: "ask", channelId: channel.id, options: { question: QUESTION } });
      const view = await handle.waitForSettled(10_000);
      expect(view.original?.embeds[0]?.description).toContain("militants");
      expect(handle.responses().filter((e) => e.kind === "callback")).toHaveLength(1);
    }
    // Each shard's process counted exactly the question from its own server.
    for (const shard of [0, 1]) {
      const health = (await (await fetch(`http://127.0.0.1:${metricsPort + shard}/healthz`)).json()) as {
        shards: Record<string, string>;
      };
      expect(health.shards).toEqual({ [String(shard)]: "ready" });
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort + shard}/metrics`)).text();
      expect(metrics).toContain('sitrep_interactions_total{kind="ask",outcome="ok"} 1');
    }

    manager.child.kill("SIGTERM");
    expect(await manager.exit).toBe(0);
    await emu.waitForOpenConnections(0, 10_000);
    expect(manager.output()).not.toContain(TOKEN);
  }, 120_000);
});
