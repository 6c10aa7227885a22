import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from "discord.js";
import * as z from "zod";
import type { Command } from "./types.js";

/**
 * The one command loader, used by the bot and by `npm run deploy-commands`, so what is registered and
 * what is served cannot drift apart. Each module in commands/ default-exports a Command; the shape is
 * checked when it loads, and so is the rule that every command works in servers and in DMs.
 */

export const COMMANDS_DIR = path.resolve(import.meta.dirname, "../../commands");

const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];
const ANY_INSTALL = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];

/** A slash command usable in servers, the bot's DMs and group DMs, whether installed to a server or a user. */
export function slashCommand(name: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setDescription(description)
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL);
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", "a function");

const commandSchema = z.object({
  data: z.object({ name: z.string(), toJSON: fn }),
  execute: fn,
  autocomplete: fn.optional(),
  button: fn.optional(),
});

const jsonSchema = z.object({
  name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, "1 to 32 lowercase letters, digits, - or _"),
  description: z.string().min(1).max(100),
  contexts: z
    .array(z.number())
    .refine((c) => EVERYWHERE.every((x) => c.includes(x)), "must include Guild, BotDM and PrivateChannel"),
  integration_types: z
    .array(z.number())
    .refine((t) => ANY_INSTALL.every((x) => t.includes(x)), "must include GuildInstall and UserInstall"),
});

export class CommandLoadError extends Error {
  override name = "CommandLoadError";
}

/** Checks one module's default export; throws a CommandLoadError naming the file and the problem. */
export function validateCommand(value: unknown, file: string): Command {
  const shape = commandSchema.safeParse(value);
  if (!shape.success) {
    throw new CommandLoadError(`${file}: not a command module (${z.prettifyError(shape.error).replace(/\n/g, " ")})`);
  }
  const command = value as Command;
  const json = jsonSchema.safeParse(command.data.toJSON());
  if (!json.success) throw new CommandLoadError(`${file}: ${z.prettifyError(json.error).replace(/\n/g, " ")}`);
  return command;
}

function isCommandFile(name: string): boolean {
  return /\.(ts|js|mjs)$/.test(name) && !/\.d\.ts$|\.test\.|^[._]/.test(name);
}

export async function loadCommands(dir = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(dir)).filter(isCommandFile).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    const command = validateCommand(module.default, file);
    if (commands.has(command.data.name)) throw new CommandLoadError(`${file}: a second /${command.data.name}`);
    commands.set(command.data.name, command);
  }
  if (commands.size === 0) throw new CommandLoadError(`no command modules in ${dir}`);
  return commands;
}

export function commandsJson(commands: Map<string, Command>): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [...commands.values()].map((c) => c.data.toJSON());
}
