import { once } from "node:events";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot/bot.js";
import { loadCommands } from "../../src/bot/commands.js";
import { fetchRecommendedShards, planShards } from "../../src/bot/shards.js";
import type { Command } from "../../src/bot/types.js";
import { createLogger } from "../../src/logger.js";
import { Metrics } from "../../src/ops/metrics.js";
import { type OpsServer, startOpsServer } from "../../src/ops/server.js";
import { LiveCorpus, openCorpus } from "../../src/sitrep.js";
import { SEED_CORPUS } from "../helpers/corpus.js";
import {
  DiscordEmulator,
  type EmulatedChannel,
  type EmulatedGuild,
  type InteractionHandle,
  shardOf,
} from "../support/discord-emulator/index.js";

/**
 * Shards in one machine's worth of bots: two real bots (discord.js clients) each running one shard
 * of two against the emulator, which routes a server's events to (guild_id >> 22) % 2 and DMs to
 * shard 0 as Discord does. Each bot counts what it handled in its own prom-client registry, read
 * over real HTTP from its /metrics.
 */

const QUESTION = "How many militants are left in Mosul?";

interface Process {
  bot: Bot;
  metrics: Metrics;
  ops: OpsServer;
}

async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}

/** The value of one sample in Prometheus text, or null when it is absent. */
function sample(metricsText: string, name: string, labels: Record<string, string>): number | null {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of metricsText.split("\n")) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",").filter(Boolean).sort();
    if (want.every((w) => have.includes(w))) return Number(match[3]);
  }
  return null;
}

describe("sharding: each server's events reach one process, DMs shard 0", () => {
  let emu: DiscordEmulator;
  let live: LiveCorpus;
  let commands: Map<string, Command>;
  const processes: Process[] = [];
  let guilds: EmulatedGuild[];
  let channels: EmulatedChannel[];
  const logger = createLogger("silent");

  async function startShard(id: number): Promise<Process> {
    const metrics = new Metrics(() => ({
      hash: live.current.corpus.hash,
      reports: live.current.corpus.reports.length,
    }));
    const bot = createBot({
      token: emu.token,
      live,
      logger,
      commands,
      metrics,
      shards: { ids: [id], count: 2 },
      clientOptions: emu.clientOptions(),
    });
    const ops = await startOpsServer({ host: "127.0.0.1", port: 0, metrics, health: () => bot.health() });
    return { bot, metrics, ops };
  }

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ heartbeatIntervalMs: 1_000, recommendedShards: 2 });
    guilds = [emu.addGuild({ name: "Shard zero", shard: [0, 2] }), emu.addGuild({ name: "Shard one", shard: [1, 2] })];
    channels = guilds.map((g) => emu.addTextChannel(g.id, { name: "general" }));
    live = new LiveCorpus(await openCorpus({ corpusDir: SEED_CORPUS, dataDir: null }));
    commands = await loadCommands();
    // The trap discord.js sets: its Client reads SHARD_COUNT from the environment. With it set and
    // our plan passed explicitly, each bot must still run only its own shard.
    process.env.SHARD_COUNT = "2";
    try {
      processes.push(await startShard(0), await startShard(1));
      const health = await get(`${processes[0]?.ops.url}/healthz`);
      // Not connected yet: orchestrators must not route to it.
      expect(health.status).toBe(503);
      await Promise.all(processes.map((p) => p.bot.start()));
    } finally {
      delete process.env.SHARD_COUNT;
    }
  });

  afterAll(async () => {
    for (const p of processes) {
      await p.bot.stop();
      await p.ops.close();
    }
    await emu?.stop();
  });

  const metricsOf = async (p: Process | undefined): Promise<string> => {
    if (!p) throw new Error("no such process");
    return (await get(`${p.ops.url}/metrics`)).body;
  };

  it("each process identifies only its own shard, and sees only its own servers", () => {
    expect(emu.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shardOf(guilds[0]?.id ?? null, 2)).toBe(0);
    expect(shardOf(guilds[1]?.id ?? null, 2)).toBe(1);
    expect([...(processes[0]?.bot.client?.guilds.cache.keys() ?? [])]).toEqual([guilds[0]?.id]);
    expect([...(processes[1]?.bot.client?.guilds.cache.keys() ?? [])]).toEqual([guilds[1]?.id]);
  });

  it("answers each server's /ask once, from the shard that server is on", async () => {
    const handles: InteractionHandle[] = channels.map((channel) =>
      emu.injectCommand({ name: "ask", channelId: channel.id, options: { question: QUESTION } }),
    );
    for (const handle of handles) {
      const view = await handle.waitForSettled(15_000);
      expect(view.original?.embeds[0]?.description).toContain("militants");
      // One callback: a second process answering would add a second (rejected) callback.
      expect(handle.responses().filter((e) => e.kind === "callback")).toHaveLength(1);
    }
    for (const [index, p] of processes.entries()) {
      const text = await metricsOf(p);
      expect(sample(text, "sitrep_interactions_total", { kind: "ask", outcome: "ok" }), `shard ${index}`).toBe(1);
      expect(sample(text, "sitrep_interaction_duration_seconds_count", { kind: "ask" })).toBe(1);
    }
  });

  it("sends DMs to shard 0 only, and a server mention to its own shard", async () => {
    const before = await Promise.all(processes.map(metricsOf));
    const dm = emu.dmChannel(emu.defaultUser);
    const mentionChannel = channels[1];
    if (!mentionChannel) throw new Error("no channel on shard 1");
    const botMessages = (channelId: string) =>
      emu.messagesIn(channelId).filter((m) => m.author.id === emu.botUser.id).length;
    const [dmBefore, mentionBefore] = [botMessages(dm.id), botMessages(mentionChannel.id)];
    emu.injectMessage({ dm: true, content: QUESTION });
    await emu.waitForRequest((r) => r.method === "POST" && r.path.endsWith(`/channels/${dm.id}/messages`), 15_000);
    emu.injectMessage({ channelId: mentionChannel.id, content: QUESTION, mentionBot: true });
    await emu.waitForRequest(
      (r) => r.method === "POST" && r.path.endsWith(`/channels/${mentionChannel.id}/messages`),
      5_000,
    );
    const after = await Promise.all(processes.map(metricsOf));
    const messages = (i: number, texts: string[]): number =>
      sample(texts[i] ?? "", "sitrep_interactions_total", { kind: "message", outcome: "ok" }) ?? 0;
    expect(messages(0, after) - messages(0, before)).toBe(1);
    expect(messages(1, after) - messages(1, before)).toBe(1);
    expect(botMessages(dm.id) - dmBefore).toBe(1);
    expect(botMessages(mentionChannel.id) - mentionBefore).toBe(1);
  });

  it("an interaction delivered to every shard reaches both processes; Discord accepts one answer", async () => {
    const channel = channels[0];
    if (!channel) throw new Error("no channel");
    const before = await Promise.all(processes.map(metricsOf));
    const handle = emu.injectCommand({ name: "help", channelId: channel.id, everyShard: true });
    await handle.waitForSettled(15_000);
    await expect
      .poll(async () => {
        const after = await Promise.all(processes.map(metricsOf));
        return after.map((text, i) => {
          const count = (t: string | undefined) =>
            sample(t ?? "", "sitrep_interaction_duration_seconds_count", { kind: "help" });
          return (count(text) ?? 0) - (count(before[i]) ?? 0);
        });
      })
      .toEqual([1, 1]);
    expect(handle.responses().filter((e) => e.kind === "callback")).toHaveLength(1);
    const refused = emu.requests.filter((r) => r.path.includes(`/interactions/${handle.id}/`) && r.status === 400);
    // The second process's callback (and its error notice) are refused as already acknowledged.
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => (r.response as { code?: number } | null)?.code))).toEqual(new Set([40060]));
  });

  it("holds a post's response while the message is already delivered, until released", async () => {
    const channel = channels[1];
    if (!channel) throw new Error("no channel");
    const hold = emu.holdResponses({ method: "POST", pathPattern: `/channels/${channel.id}/messages` });
    const count = emu.messagesIn(channel.id).length;
    const client = processes[1]?.bot.client;
    const target = client?.channels.cache.get(channel.id);
    if (!target?.isSendable()) throw new Error("channel not cached");
    let answered = false;
    const sent = target.send("held").then(() => {
      answered = true;
    });
    await hold.first;
    expect(emu.messagesIn(channel.id)).toHaveLength(count + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    hold.release();
    await sent;
    expect(answered).toBe(true);
  });

  it("serves /healthz and /metrics over HTTP on 127.0.0.1: shard status and the corpus version", async () => {
    const p = processes[1];
    if (!p) throw new Error("no shard 1");
    expect(p.ops.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await get(`${p.ops.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.type).toBe("application/json");
    expect(JSON.parse(health.body)).toMatchObject({
      status: "ok",
      ok: true,
      shards: { "1": "ready" },
      shardCount: 2,
      corpus: { hash: live.current.corpus.hash, reports: live.current.corpus.reports.length },
      digests: "disabled",
    });
    const metrics = await get(`${p.ops.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(metrics.body, "sitrep_shard_status", { shard: "1", state: "ready" })).toBe(1);
    expect(sample(metrics.body, "sitrep_shard_status", { shard: "1", state: "disconnected" })).toBe(0);
    expect(sample(metrics.body, "sitrep_shard_status", { shard: "0", state: "ready" })).toBeNull();
    expect(sample(metrics.body, "sitrep_corpus_info", { hash: live.current.corpus.hash })).toBe(1);
    expect(sample(metrics.body, "sitrep_corpus_reports", {})).toBe(live.current.corpus.reports.length);
    expect(sample(metrics.body, "sitrep_digests_total", { outcome: "posted" })).toBe(0);
    expect(sample(metrics.body, "sitrep_process_resident_memory_bytes", {})).toBeGreaterThan(0);
    expect((await get(`${p.ops.url}/nothing`)).status).toBe(404);
    expect((await fetch(`${p.ops.url}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("a dropped shard shows as disconnected and unhealthy", async () => {
    const p = processes[1];
    if (!p) throw new Error("no shard 1");
    // A server-side close the client will not resume from: the session is gone for good.
    emu.closeGatewayConnections(4004, "Authentication failed");
    await expect.poll(async () => (await get(`${p.ops.url}/healthz`)).status, { timeout: 5_000 }).toBe(503);
    expect(sample(await metricsOf(p), "sitrep_shard_status", { shard: "1", state: "ready" })).toBe(0);
  });
});

describe("planShards", () => {
  it("runs the shards the sharding manager hands a child, whatever SHARD_IDS says", async () => {
    const env = { SHARDING_MANAGER: "true", SHARDS: "3", SHARD_COUNT: "4" };
    expect(await planShards({ SHARD_COUNT: 4, SHARD_IDS: [0, 1] }, env, () => Promise.resolve(1))).toEqual({
      ids: [3],
      count: 4,
    });
    expect(await planShards({ SHARD_COUNT: 4 }, { ...env, SHARDS: "[1,2]" }, () => Promise.resolve(1))).toEqual({
      ids: [1, 2],
      count: 4,
    });
  });

  it("defaults to every shard of SHARD_COUNT, or one shard", async () => {
    const never = () => Promise.reject(new Error("not asked"));
    expect(await planShards({}, {}, never)).toEqual({ ids: [0], count: 1 });
    expect(await planShards({ SHARD_COUNT: 3 }, {}, never)).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(await planShards({ SHARD_COUNT: 8, SHARD_IDS: [4, 5] }, {}, never)).toEqual({ ids: [4, 5], count: 8 });
  });

  it("asks Discord (GET /gateway/bot) for auto, and refuses ids beyond its answer", async () => {
    const emu = await DiscordEmulator.start({ recommendedShards: 3 });
    try {
      const recommended = () => fetchRecommendedShards(emu.token, emu.restBase);
      expect(await planShards({ SHARD_COUNT: "auto" }, {}, recommended)).toEqual({ ids: [0, 1, 2], count: 3 });
      await expect(planShards({ SHARD_COUNT: "auto", SHARD_IDS: [2, 3, 4] }, {}, recommended)).rejects.toThrow(
        /SHARD_IDS: should be shard ids below the shard count \(3, Discord's recommendation\), got 3, 4/,
      );
    } finally {
      await emu.stop();
    }
  });
});

describe("emulator sharding", () => {
  it("refuses an IDENTIFY for a shard outside its count with 4010", async () => {
    const emu = await DiscordEmulator.start();
    try {
      for (const shard of [
        [2, 2],
        [0, 0],
        [-1, 2],
      ]) {
        const socket = new WebSocket(`${emu.gatewayUrl}/?v=10&encoding=json`);
        await once(socket, "message");
        socket.send(JSON.stringify({ op: 2, d: { token: emu.token, intents: 1, properties: {}, shard } }));
        const [code] = (await once(socket, "close")) as [number];
        expect(code, JSON.stringify(shard)).toBe(4010);
      }
    } finally {
      await emu.stop();
    }
  });
});
