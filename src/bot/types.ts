import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { DigestService } from "../digest/service.js";
import type { Logger } from "../logger.js";
import type { LiveCorpus, OpenedCorpus } from "../sitrep.js";
import type { Timeline, TimelineOptions } from "../timeline/types.js";
import type { ButtonStateStore, CustomId } from "./custom-id.js";
import type { RequestLimits } from "./rate-limit.js";

/** What every command handler gets besides its interaction. */
export interface BotContext {
  /** Read `live.current` once per request: the index can be swapped while the bot runs. */
  readonly live: LiveCorpus;
  readonly logger: Logger;
  readonly limits: RequestLimits;
  readonly buttonStates: ButtonStateStore;
  readonly buildTimeline: (opened: OpenedCorpus, options: TimelineOptions) => Promise<Timeline>;
  readonly now: () => number;
  /** How long buttons keep working. */
  readonly buttonTtlMs: number;
  /**
   * Waited before each search or timeline is computed. Zero in production; tests raise it to make a
   * reply slower than Discord's 3 s window.
   */
  readonly workDelayMs: number;
  /**
   * Scheduled digests, for /digest. Null when the bot runs without them, and until they have started
   * (the digest system needs a connected client to post).
   */
  digests: DigestService | null;
}

/** A slash command's definition: a SlashCommandBuilder, or anything with the same name and JSON. */
export interface CommandData {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** One module in commands/: `export default { data, execute } satisfies Command`. */
export interface Command {
  data: CommandData;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  /** This command's buttons (custom ids `s1:<name>:…`), already parsed and checked for expiry. */
  button?(interaction: ButtonInteraction, id: CustomId, context: BotContext): Promise<void>;
}
