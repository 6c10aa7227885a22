import { REST, type RESTGetAPIGatewayBotResult, Routes } from "discord.js";
import { type Config, ConfigError } from "../config.js";

/**
 * Which Discord shards this process runs. Always handed to the Client explicitly: discord.js's
 * Client otherwise reads SHARDS and SHARD_COUNT from the environment itself, and SHARD_COUNT=2
 * alone would make every process run every shard, so every interaction would be handled twice.
 *
 * - Under `npm run start:sharded`, discord.js's ShardingManager starts one child per shard with
 *   SHARDING_MANAGER=true, SHARDS=<id> and SHARD_COUNT=<total>: the child runs exactly that shard.
 * - Otherwise SHARD_COUNT (a number, or `auto` for Discord's recommendation) and SHARD_IDS (default:
 *   all of them) pick the shards, so different machines can run different ranges.
 */

export interface ShardPlan {
  /** Shard ids this process runs, ascending. */
  ids: number[];
  /** Shards across every process of the bot. */
  count: number;
}

/** Discord's recommended shard count (GET /gateway/bot), through DISCORD_API_BASE_URL when set. */
export async function fetchRecommendedShards(token: string, apiBaseUrl: string | null): Promise<number> {
  const rest = new REST(apiBaseUrl ? { api: apiBaseUrl } : {}).setToken(token);
  const result = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return result.shards;
}

/** What the ShardingManager put in a child's environment: SHARDS is one id or a JSON list of ids. */
function managerShards(env: NodeJS.ProcessEnv): number[] | null {
  if (env.SHARDING_MANAGER !== "true" || env.SHARDS === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.SHARDS);
  } catch {
    parsed = null;
  }
  const ids = Array.isArray(parsed) ? parsed : [parsed];
  if (ids.length === 0 || !ids.every((id): id is number => Number.isInteger(id) && (id as number) >= 0)) {
    throw new ConfigError(`SHARDS from the sharding manager should be shard ids, got "${env.SHARDS}"`);
  }
  return ids;
}

export async function planShards(
  config: Pick<Config, "SHARD_COUNT" | "SHARD_IDS">,
  env: NodeJS.ProcessEnv,
  recommended: () => Promise<number>,
): Promise<ShardPlan> {
  const fromManager = managerShards(env);
  let count: number;
  if (config.SHARD_COUNT === undefined) count = 1;
  else if (config.SHARD_COUNT === "auto") count = await recommended();
  else count = config.SHARD_COUNT;
  const ids = fromManager ?? config.SHARD_IDS ?? Array.from({ length: count }, (_, id) => id);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    throw new ConfigError(
      `Configuration problem:\n  SHARD_IDS: should be shard ids below the shard count (${count}${config.SHARD_COUNT === "auto" ? ", Discord's recommendation" : ""}), got ${outside.join(", ")}`,
    );
  }
  return { ids, count };
}
