import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DigestStore } from "../../src/digest/store.js";
import { openCorpus } from "../../src/sitrep.js";
import { DiscordEmulator, type EmulatedChannel, type InteractionHandle } from "../support/discord-emulator/index.js";
import { ROOT } from "../helpers/dist.js";
import { freePorts, killAll, type Run, startBuilt, TOKEN, waitFor } from "../support/processes.js";

/**
 * Two Sitrep processes as production runs them (node dist/src/bot/main.js), one shard of two each,
 * on one real PostgreSQL, one corpus folder and one DATA_DIR, against the emulator:
 * each server is answered by its own shard only; a duplicated /digest subscribe makes one
 * subscription; a new report reaches both processes (one indexes, the other loads its snapshot);
 * a digest is posted once while both schedulers run, and once more after its poster is killed
 * mid-post. (SQLite mode's refusal of a second process on one DATA_DIR is in main.test.ts.)
 */

const postgresUrl = inject("postgresUrl");

const NEW_REPORT = {
  file: "009_bridge.txt",
  text: "date 2017-07-20\nEngineers reopened the Fifth Bridge across the Tigris in Mosul on Thursday, ending weeks of ferry crossings.\n",
  question: "When did the Fifth Bridge across the Tigris reopen?",
  words: "Fifth Bridge",
};
const SECOND_REPORT = {
  file: "010_clinic.txt",
  text: "date 2017-07-22\nA field clinic opened in the Zanjili district of Mosul on Saturday, run by volunteer surgeons.\n",
  words: "Zanjili",
};

interface Bot {
  run: Run;
  shard: number;
  metricsUrl: string;
}

/** One value from Prometheus text, or null. */
function sample(text: string, line: RegExp): number | null {
  const match = text.split("\n").find((l) => line.test(l));
  return match === undefined ? null : Number(match.split(" ").pop());
}

const corpusHashOf = (text: string): string | null =>
  /^sitrep_corpus_info\{hash="([0-9a-f]+)"\} 1$/m.exec(text)?.[1] ?? null;

describe.skipIf(postgresUrl === null)("two Sitrep processes, two shards, one PostgreSQL", () => {
  let emu: DiscordEmulator;
  let work: string;
  let corpusDir: string;
  let dataDir: string;
  let databaseUrl: string;
  let admin: pg.Client;
  let channels: EmulatedChannel[];
  let subscriptionId: string;
  const bots: Bot[] = [];
  const runs: Run[] = [];

  const metrics = async (bot: Bot): Promise<string> => (await fetch(`${bot.metricsUrl}/metrics`)).text();
  const store = () => DigestStore.open({ databaseUrl });
  const botMessages = (channelId: string) => emu.messagesIn(channelId).filter((m) => m.author.id === emu.botUser.id);
  /** Digest posts (their footer carries the run key) quoting `words`. */
  const digestsAbout = (channelId: string, words: string) =>
    botMessages(channelId).filter(
      (m) => JSON.stringify(m.embeds).includes(words) && JSON.stringify(m.embeds).includes("sitrep-digest:"),
    );

  function startBot(shard: number, port: number): Bot {
    const run = startBuilt("src/bot/main.js", {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE_URL: emu.restBase,
      DATABASE_URL: databaseUrl,
      CORPUS_DIR: corpusDir,
      DATA_DIR: dataDir,
      SHARD_COUNT: "2",
      SHARD_IDS: String(shard),
      METRICS_PORT: String(port),
      DIGEST_LEASE_SECONDS: "3",
      LOG_LEVEL: "info",
    });
    runs.push(run);
    return { run, shard, metricsUrl: `http://127.0.0.1:${port}` };
  }

  async function healthy(bot: Bot): Promise<boolean> {
    try {
      return (await fetch(`${bot.metricsUrl}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }

  beforeAll(async () => {
    emu = await DiscordEmulator.start({ token: TOKEN });
    const guilds = [emu.addGuild({ name: "Zero", shard: [0, 2] }), emu.addGuild({ name: "One", shard: [1, 2] })];
    channels = guilds.map((g) => emu.addTextChannel(g.id, { name: "news" }));
    work = mkdtempSync(path.join(tmpdir(), "sitrep-scale-"));
    corpusDir = path.join(work, "corpus");
    dataDir = path.join(work, "data");
    cpSync(path.join(ROOT, "corpus"), corpusDir, { recursive: true });

    // A database of its own on the run's server.
    const name = `scale_${process.pid}_${Date.now()}`;
    admin = new pg.Client({ connectionString: postgresUrl ?? "" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgresUrl ?? "");
    url.pathname = `/${name}`;
    databaseUrl = url.toString();

    // A digest every second in the server on shard 1, created after the bundled reports were seen,
    // so only reports dropped in later are news.
    const digests = await store();
    const { corpus } = await openCorpus({ corpusDir, dataDir: null });
    await digests.recordSeen(corpus.reports, Date.now());
    const created = await digests.createSubscription(
      {
        guildId: guilds[1]?.id ?? null,
        channelId: channels[1]?.id ?? "",
        schedule: "* * * * * *",
        timezone: "UTC",
        topic: null,
        createdBy: emu.defaultUser.id,
      },
      Date.now(),
    );
    subscriptionId = created.created ? created.subscription.id : created.twin.id;
    await digests.close();

    const port = await freePorts(2);
    bots.push(startBot(0, port), startBot(1, port + 1));
    for (const bot of bots) await waitFor(() => healthy(bot), 60_000, `shard ${bot.shard} healthy`);
  }, 180_000);

  afterAll(async () => {
    killAll(runs);
    await admin?.end();
    await emu?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("answers each server once, from the process running its shard", async () => {
    expect(emu.connectedShards().sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const channel of channels) {
      const handle = emu.injectCommand({
        name: "ask",
        channelId: channel.id,
        options: { question: "How many militants are left in Mosul?" },
      });
      await handle.waitForSettled(10_000);
      expect(handle.responses().filter((e) => e.kind === "callback")).toHaveLength(1);
    }
    for (const bot of bots) {
      expect(sample(await metrics(bot), /^sitrep_interactions_total\{kind="ask",outcome="ok"\}/)).toBe(1);
    }
  });

  it("makes one subscription of one /digest subscribe delivered to both processes at once", async () => {
    const handle: InteractionHandle = emu.injectCommand({
      name: "digest",
      subcommand: "subscribe",
      dm: true,
      everyShard: true,
      options: { schedule: "daily 09:00", timezone: "Europe/London" },
    });
    await handle.waitForSettled(10_000);
    // Both processes worked on it (the second's answer is refused by Discord, as already acknowledged).
    await expect
      .poll(async () => {
        const counts = await Promise.all(
          bots.map(async (bot) => sample(await metrics(bot), /^sitrep_interactions_total\{kind="digest",/) ?? 0),
        );
        return counts;
      })
      .toEqual([1, 1]);
    const digests = await store();
    try {
      const dm = emu.dmChannel(emu.defaultUser);
      const inDm = (await digests.listSubscriptions()).filter((s) => s.channelId === dm.id);
      expect(inDm).toHaveLength(1);
      expect(inDm[0]).toMatchObject({ schedule: "daily 09:00", timezone: "Europe/London" });
    } finally {
      await digests.close();
    }
  });

  it("answers from a report dropped into the corpus in both processes within 15 s; only one indexes it", async () => {
    const before = corpusHashOf(await metrics(bots[0] as Bot));
    writeFileSync(path.join(corpusDir, NEW_REPORT.file), NEW_REPORT.text);
    const dropped = Date.now();
    await expect
      .poll(
        async () => {
          const hashes = await Promise.all(bots.map(async (bot) => corpusHashOf(await metrics(bot))));
          return hashes[0] !== before && hashes[0] === hashes[1];
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    expect(Date.now() - dropped).toBeLessThan(15_000);
    for (const channel of channels) {
      const handle = emu.injectCommand({
        name: "ask",
        channelId: channel.id,
        options: { question: NEW_REPORT.question },
      });
      const view = await handle.waitForSettled(10_000);
      expect(JSON.stringify(view.original?.embeds ?? [])).toContain(NEW_REPORT.words);
    }
    const indexers = bots.filter((bot) =>
      bot.run.logs().some((l) => l.msg === "indexing the corpus for every process"),
    );
    const readers = bots.filter((bot) =>
      bot.run.logs().some((l) => l.msg === "corpus reloaded from the indexing process's snapshot"),
    );
    expect(indexers).toHaveLength(1);
    expect(readers).toHaveLength(1);
    expect(readers[0]).not.toBe(indexers[0]);
  });

  it("posts the digest of the new report exactly once while both schedulers run", async () => {
    const channel = channels[1] as EmulatedChannel;
    await expect.poll(() => digestsAbout(channel.id, NEW_REPORT.words).length, { timeout: 15_000 }).toBe(1);
    // Several more due runs pass with both schedulers running: nothing is posted twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(digestsAbout(channel.id, NEW_REPORT.words)).toHaveLength(1);
    const digests = await store();
    try {
      const delivered = (await digests.deliveries(subscriptionId, 100)).filter((d) => d.status === "delivered");
      expect(delivered).toHaveLength(1);
    } finally {
      await digests.close();
    }
  });

  it("after a SIGKILL of the process posting a digest, the other completes that run, once", async () => {
    const channel = channels[1] as EmulatedChannel;
    // The post reaches Discord, but its poster never hears back: it is killed first.
    const hold = emu.holdResponses({ method: "POST", pathPattern: `/channels/${channel.id}/messages` });
    writeFileSync(path.join(corpusDir, SECOND_REPORT.file), SECOND_REPORT.text);
    await hold.first;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const claim = await db
      .query<{ claimed_by: string; scheduled_at: string }>(
        "SELECT claimed_by, scheduled_at FROM deliveries WHERE status = 'recorded' AND claimed_by IS NOT NULL",
      )
      .finally(() => db.end());
    const owner = claim.rows[0]?.claimed_by ?? "";
    const pid = Number(owner.split(":")[1]);
    const poster = bots.find((bot) => bot.run.child.pid === pid);
    if (!poster) throw new Error(`no process holds the run (claim: ${owner})`);
    poster.run.child.kill("SIGKILL");
    await poster.run.exit;
    hold.release();
    expect(digestsAbout(channel.id, SECOND_REPORT.words)).toHaveLength(1);

    const digests = await store();
    try {
      await expect
        .poll(
          async () =>
            (await digests.deliveries(subscriptionId, 100)).filter(
              (d) => d.status === "delivered" && d.scheduledAt === Number(claim.rows[0]?.scheduled_at),
            ).length,
          { timeout: 20_000, interval: 250 },
        )
        .toBe(1);
    } finally {
      await digests.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(digestsAbout(channel.id, SECOND_REPORT.words)).toHaveLength(1);
    const survivor = bots.find((bot) => bot !== poster);
    expect(survivor?.run.child.exitCode).toBeNull();
  }, 60_000);
});
