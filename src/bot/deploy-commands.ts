import { ConfigError, loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { CommandLoadError, loadCommands } from "./commands.js";
import { registerCommands } from "./register.js";

/**
 * `npm run deploy-commands`: registers the commands in commands/ globally, or in one server when
 * DISCORD_GUILD_ID is set (instant, handy while developing; global changes can take a while to appear).
 */
async function main(): Promise<number> {
  try {
    const config = loadConfig(null, ["DISCORD_TOKEN", "DISCORD_CLIENT_ID"]);
    const logger = createLogger(config.LOG_LEVEL);
    const { scope, names } = await registerCommands({
      token: config.DISCORD_TOKEN,
      clientId: config.DISCORD_CLIENT_ID as string,
      guildId: config.DISCORD_GUILD_ID ?? null,
      api: config.DISCORD_API_BASE_URL ?? null,
      commands: await loadCommands(),
      logger,
    });
    process.stdout.write(`Registered ${names.map((n) => `/${n}`).join(", ")} (${scope}).\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CommandLoadError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    const status = (error as { status?: unknown }).status;
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Could not register the commands${typeof status === "number" ? ` (HTTP ${status})` : ""}: ${detail}\n`,
    );
    return 1;
  }
}

process.exitCode = await main();
