import { REST, Routes } from "discord.js";
import type { Logger } from "../logger.js";
import { commandsJson } from "./commands.js";
import type { Command } from "./types.js";

export interface RegisterOptions {
  /** Not needed when `rest` is given. */
  token?: string;
  clientId: string;
  /** Register to this one server (instant) instead of globally (can take a while to show up). */
  guildId?: string | null;
  /** REST base, e.g. DISCORD_API_BASE_URL; discord.js appends the version. */
  api?: string | null;
  /** An existing REST client (the bot's own, already pointed at the right API); else one is made. */
  rest?: REST;
  commands: Map<string, Command>;
  logger?: Logger;
}

/** Overwrites the application's commands with ours, globally or in one guild. */
export async function registerCommands(options: RegisterOptions): Promise<{ scope: string; names: string[] }> {
  const own = options.rest === undefined;
  const rest = options.rest ?? new REST(options.api ? { api: options.api } : {}).setToken(options.token ?? "");
  const body = commandsJson(options.commands);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.clientId, options.guildId)
    : Routes.applicationCommands(options.clientId);
  try {
    await rest.put(route, { body });
  } finally {
    if (own) {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  }
  const scope = options.guildId ? `guild ${options.guildId}` : "global";
  const names = body.map((c) => c.name);
  options.logger?.info({ scope, commands: names }, "registered slash commands");
  return { scope, names };
}
