import { ConfigError, loadConfigOrReport } from "../config.js";
import { CorpusError } from "../corpus/load.js";
import { type OpenedLive, openLiveCorpus } from "../live/open.js";
import { createLogger } from "../logger.js";
import { keepShortLivedObjectsYoung } from "../ops/v8-settings.js";
import { Metrics } from "../ops/metrics.js";
import { type OpsServer, startOpsServer } from "../ops/server.js";
import { LiveCorpus } from "../sitrep.js";
import { SitrepDatabase } from "../store/database.js";
import { DataDirLockedError } from "../store/errors.js";
import { createBot, makeRedactor } from "./bot.js";
import { errorForLog } from "./interaction-handler.js";
import { fetchRecommendedShards, planShards, type ShardPlan } from "./shards.js";

/**
 * `npm start` (and each child of `npm run start:sharded`): configuration, shards, corpus, health
 * server, bot, and signals. Everything else lives in createBot.
 */

/** Until the token is known there is nothing to hide. */
let redact = (text: string): string => text;

async function main(): Promise<number> {
  keepShortLivedObjectsYoung();
  const config = loadConfigOrReport(["DISCORD_TOKEN"]);
  if (!config) return 1;
  const token = config.DISCORD_TOKEN as string;
  const logger = createLogger(config.LOG_LEVEL);
  redact = makeRedactor([token, ...passwordOf(config.DATABASE_URL)]);
  if (config.REGISTER_COMMANDS_ON_START && !config.DISCORD_CLIENT_ID) {
    process.stderr.write(
      "REGISTER_COMMANDS_ON_START is set, so DISCORD_CLIENT_ID is required too (see .env.example).\n",
    );
    return 1;
  }

  let shards: ShardPlan;
  try {
    shards = await planShards(config, process.env, () =>
      fetchRecommendedShards(token, config.DISCORD_API_BASE_URL ?? null),
    );
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  // Before any slow work: a second process on the same SQLite DATA_DIR stops here.
  let database: SitrepDatabase | null = null;
  try {
    database = await SitrepDatabase.open({ databaseUrl: config.DATABASE_URL ?? null, dataDir: config.DATA_DIR });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    // Questions do not need the database: answer them, with digests and saved buttons off.
    logger.error({ err: errorForLog(error, redact) }, "the database could not be opened: digests are off");
  }

  let live: LiveCorpus;
  let liveCorpus: OpenedLive;
  try {
    liveCorpus = await openLiveCorpus({
      corpusDir: config.CORPUS_DIR,
      dataDir: config.DATA_DIR,
      maxReportBytes: config.MAX_REPORT_BYTES,
      databaseUrl: config.DATABASE_URL ?? null,
      logger: logger.child({ component: "corpus" }),
    });
    const { opened, role } = liveCorpus;
    live = new LiveCorpus(opened);
    logger.info(
      {
        reports: opened.corpus.reports.length,
        rejected: opened.corpus.rejected.length,
        fromSnapshot: opened.fromSnapshot,
        role,
      },
      "corpus opened",
    );
  } catch (error) {
    if (error instanceof CorpusError) {
      process.stderr.write(`${error.message}\n`);
      await database?.close();
      return 1;
    }
    throw error;
  }

  const metrics = new Metrics(() => ({ hash: live.current.corpus.hash, reports: live.current.corpus.reports.length }));
  const bot = createBot({
    token,
    live,
    logger,
    shards,
    metrics,
    liveCorpus: () => liveCorpus.start(live),
    apiBaseUrl: config.DISCORD_API_BASE_URL ?? null,
    register:
      config.REGISTER_COMMANDS_ON_START && config.DISCORD_CLIENT_ID
        ? { clientId: config.DISCORD_CLIENT_ID, guildId: config.DISCORD_GUILD_ID ?? null }
        : null,
    database,
    // Scheduled digests: their state is in the database; new reports come from the live corpus.
    digests:
      config.DIGESTS_ENABLED && database
        ? { dataDir: config.DATA_DIR, scheduler: { leaseMs: config.DIGEST_LEASE_SECONDS * 1000 } }
        : null,
  });

  let ops: OpsServer | null = null;
  if (config.METRICS_PORT !== undefined) {
    try {
      ops = await startOpsServer({
        host: config.METRICS_HOST,
        port: config.METRICS_PORT,
        metrics,
        health: () => bot.health(),
      });
      logger.info({ url: ops.url, shards: shards.ids }, "serving /healthz and /metrics");
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    logger.info({ signal }, "shutting down");
    bot
      .stop()
      .then(() => ops?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: errorForLog(error, redact) }, "shutdown failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // A child of `npm run start:sharded` whose manager is gone (killed) must not run on unsupervised.
  if (process.env.SHARDING_MANAGER === "true" && process.connected) {
    process.on("disconnect", () => shutdown("SIGTERM"));
  }
  // A stray rejection inside a library must not take the bot down mid-conversation; log it instead.
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: errorForLog(reason, redact) }, "unhandled rejection");
  });

  try {
    await bot.start();
  } catch (error) {
    logger.fatal({ err: errorForLog(error, redact) }, "could not start");
    await bot.stop().catch(() => undefined);
    await ops?.close();
    return 1;
  }
  return -1;
}

/** The password in DATABASE_URL, to keep out of logs. */
function passwordOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

main().then(
  (code) => {
    // -1: running; the signal handlers decide when to exit.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`Sitrep could not start: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  },
);
