import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DiscordEmulator, type EmulatedChannel } from "../support/discord-emulator/index.js";
import { freePorts, killAll, type Run, startBuilt, TOKEN } from "../support/processes.js";

/**
 * `npm run start:sharded` as built (node dist/src/bot/sharded.js): discord.js's ShardingManager
 * starts one real process per shard against the emulator; each server is answered once, by the
 * process running its shard, and each process serves its own /metrics on METRICS_PORT + shard id.
 */

const QUESTION = "How many militants are left in Mosul?";

const postgresUrl = inject("postgresUrl");

describe("npm run start:sharded", () => {
  it("refuses several shard processes on one SQLite DATA_DIR", async () => {
    const run = startBuilt("src/bot/sharded.js", { DISCORD_TOKEN: TOKEN, SHARD_COUNT: "2", DATA_DIR: "unused" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain("Set DATABASE_URL to a PostgreSQL database they share");
  }, 120_000);
});

describe.skipIf(postgresUrl === null)("npm run start:sharded on PostgreSQL", () => {
  let emu: DiscordEmulator;
  let work: string;
  let databaseUrl: string;
  const runs: Run[] = [];

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ token: TOKEN, heartbeatIntervalMs: 1_000 });
    work = mkdtempSync(path.join(tmpdir(), "sitrep-sharded-"));
    // A database of its own on the run's server.
    const admin = new pg.Client({ connectionString: postgresUrl ?? "" });
    await admin.connect();
    const name = `sharded_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
    const url = new URL(postgresUrl ?? "");
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
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
      DATABASE_URL: databaseUrl,
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
