import type { Interaction, Message, RepliableInteraction } from "discord.js";
import type { Logger } from "../logger.js";
import { isExpired, parseCustomId } from "./custom-id.js";
import { ExpiredError, GENERIC_ERROR_MESSAGE, RateLimitedError, UserError, userMessageOf } from "./errors.js";
import { renderError } from "./render/error.js";
import { send } from "./send.js";
import type { BotContext, Command } from "./types.js";

/**
 * The one error boundary. Every interaction and every DM/mention goes through `handleInteraction` or
 * `guard`: errors the user can fix get their specific message, anything else is logged with enough
 * context to find it and answered with a generic message — never a stack trace, never a secret.
 */

export interface HandlerDeps {
  commands: Map<string, Command>;
  context: BotContext;
  /** Removes secrets (the bot token, interaction tokens in webhook URLs) from text before it is logged. */
  redact: (text: string) => string;
  stopping: () => boolean;
}

export const RESTARTING_MESSAGE = "Sitrep is restarting — try again in a moment.";

/** An error as a log field: type, message, Discord code and status, stack — all with secrets removed. */
export function errorForLog(error: unknown, redact: (text: string) => string): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redact(String(error)) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  // The class, which `name` often is not (discord.js errors are named "DiscordAPIError[10062]").
  const type = e.constructor.name || e.name;
  const out: Record<string, unknown> = { type, message: redact(e.message) };
  if (e.name !== type) out.name = e.name;
  if (e.code !== undefined) out.code = e.code;
  if (typeof e.status === "number") out.status = e.status;
  if (typeof e.method === "string") out.method = e.method;
  if (typeof e.url === "string") out.url = redact(e.url);
  if (e.stack) out.stack = redact(e.stack);
  return out;
}

/** Admits one interaction under the request limits or throws the "too fast" error (shown only to the user). */
export function takeRateToken(context: BotContext, userId: string): void {
  const admission = context.limits.admitInteraction(userId);
  if (!admission.ok) throw new RateLimitedError(admission.retryAfterMs, admission.scope);
}

/**
 * Runs `work`; on failure logs what needs logging and hands the user-facing message to `tell`. A failure
 * to tell (the interaction expired, the channel is gone) is logged, never thrown.
 */
export async function guard(
  log: Logger,
  redact: (text: string) => string,
  work: () => Promise<void>,
  tell: (message: string) => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const message = userMessageOf(error);
    if (message === null) log.error({ err: errorForLog(error, redact) }, "request failed");
    else log.info({ reason: message, kind: error instanceof Error ? error.name : "unknown" }, "user error");
    try {
      await tell(message ?? GENERIC_ERROR_MESSAGE);
    } catch (tellError) {
      log.warn({ err: errorForLog(tellError, redact) }, "could not deliver the error message");
    }
  }
}

function logFor(interaction: Interaction, deps: HandlerDeps): Logger {
  const command = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : undefined;
  return deps.context.logger.child({
    interactionId: interaction.id,
    kind: interaction.isButton() ? "button" : interaction.isAutocomplete() ? "autocomplete" : "command",
    command: command ?? (interaction.isButton() ? interaction.customId.split(":")[1] : undefined),
    userId: interaction.user.id,
    guildId: interaction.guildId ?? null,
  });
}

export async function handleInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  const log = logFor(interaction, deps);
  const { context, commands } = deps;

  if (interaction.isAutocomplete()) {
    const command = commands.get(interaction.commandName);
    try {
      if (command?.autocomplete && !deps.stopping()) await command.autocomplete(interaction, context);
      else await interaction.respond([]);
    } catch (error) {
      log.warn({ err: errorForLog(error, deps.redact) }, "autocomplete failed");
      if (!interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
    return;
  }
  if (!interaction.isRepliable()) return;
  const repliable: RepliableInteraction = interaction;
  const started = Date.now();

  await guard(
    log,
    deps.redact,
    async () => {
      if (deps.stopping()) throw new UserError(RESTARTING_MESSAGE);
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) throw new UserError(`/${interaction.commandName} is not a Sitrep command any more; see /help.`);
        takeRateToken(context, interaction.user.id);
        await command.execute(interaction, context);
      } else if (interaction.isButton()) {
        const id = parseCustomId(interaction.customId);
        const command = id ? commands.get(id.command) : undefined;
        if (!id || !command?.button) throw new ExpiredError(id?.command ?? "ask");
        if (isExpired(id, context.now(), context.buttonTtlMs)) throw new ExpiredError(id.command);
        takeRateToken(context, interaction.user.id);
        await command.button(interaction, id, context);
      } else {
        throw new UserError("Sitrep does not handle this kind of interaction.");
      }
      log.debug({ ms: Date.now() - started }, "answered");
    },
    (message) => send({ interaction: repliable }, renderError(message)),
  );
}

/** Who sent a message, for logs. */
export function messageLog(message: Message, context: BotContext): Logger {
  return context.logger.child({
    messageId: message.id,
    kind: message.inGuild() ? "mention" : "dm",
    userId: message.author.id,
    guildId: message.guildId ?? null,
    channelId: message.channelId,
  });
}
