import { once } from "node:events";
import path from "node:path";
import { type Shard, ShardingManager } from "discord.js";
import { loadConfigOrReport } from "../config.js";
import { createLogger } from "../logger.js";
import { fetchRecommendedShards } from "./shards.js";

/**
 * `npm run start:sharded`: discord.js's ShardingManager runs one process per shard on this
 * machine, each the ordinary `npm start` program (main.ts) told its shard through SHARDS and
 * SHARD_COUNT. SHARD_COUNT (default `auto`, Discord's recommendation) is the total across all
 * machines; SHARD_IDS (default: all) the ones this machine runs. With METRICS_PORT set, the process
 * of shard N serves /healthz and /metrics on METRICS_PORT + N.
 *
 * More than one process shares state only through PostgreSQL (DATABASE_URL); see the README.
 */

async function main(): Promise<number> {
  const config = loadConfigOrReport(["DISCORD_TOKEN"]);
  if (!config) return 1;
  const token = config.DISCORD_TOKEN as string;
  const logger = createLogger(config.LOG_LEVEL).child({ component: "sharding-manager" });
  const totalShards =
    config.SHARD_COUNT === undefined || config.SHARD_COUNT === "auto"
      ? await fetchRecommendedShards(token, config.DISCORD_API_BASE_URL ?? null)
      : config.SHARD_COUNT;
  const shardList = config.SHARD_IDS ?? Array.from({ length: totalShards }, (_, id) => id);
  const outside = shardList.filter((id) => id >= totalShards);
  if (outside.length > 0) {
    process.stderr.write(`SHARD_IDS ${outside.join(", ")} are not below the shard count (${totalShards}).\n`);
    return 1;
  }

  if (shardList.length > 1 && !config.DATABASE_URL) {
    process.stderr.write(
      `start:sharded would run ${shardList.length} processes on one SQLite DATA_DIR, which only one process may use. ` +
        "Set DATABASE_URL to a PostgreSQL database they share (README: Running at scale), or run one shard.\n",
    );
    return 1;
  }

  // The same program `npm start` runs, next to this one: dist/…/main.js when built, main.ts under tsx.
  const file = path.join(import.meta.dirname, `main${path.extname(import.meta.filename)}`);
  const manager = new ShardingManager(file, {
    token,
    totalShards,
    shardList,
    mode: "process",
    respawn: true,
    // Under tsx the children need its loader too.
    execArgv: process.execArgv,
  });
  const metricsPort = config.METRICS_PORT;
  manager.on("shardCreate", (shard: Shard) => {
    // Shard#env is the child's environment (typed `unknown` in discord.js's declarations).
    const env = shard.env as NodeJS.ProcessEnv;
    if (metricsPort !== undefined && metricsPort !== 0) env.METRICS_PORT = String(metricsPort + shard.id);
    shard.on("death", (child) => {
      const code = "exitCode" in child ? child.exitCode : null;
      logger.warn({ shard: shard.id, code }, "shard process exited");
    });
    logger.info({ shard: shard.id, totalShards }, "starting shard process");
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    logger.info({ signal }, "stopping shard processes");
    // Each child finishes its replies in flight on SIGTERM (main.ts), then exits.
    const exits = [...manager.shards.values()].flatMap((shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null) return [];
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      return [exited];
    });
    Promise.all(exits).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  // Discord allows one IDENTIFY per 5 s per bucket; the manager's default spacing respects it.
  await manager.spawn({ timeout: 60_000 });
  logger.info({ shards: shardList, totalShards }, "all shard processes ready");
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `Sitrep could not start its shards: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
