import { config as loadDotenv } from "dotenv";
import * as z from "zod";
import { DEFAULT_MAX_REPORT_BYTES } from "./corpus/limits.js";

/**
 * The environment, validated once at start by one schema. A bad or missing variable stops the
 * program with a message that names it, says what it should look like and points to .env.example.
 */

const snowflake = z.string().regex(/^\d{17,20}$/, "a Discord ID: 17 to 20 digits, e.g. 123456789012345678");
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** `0,1`, `0-3` or `0-3,8`: shard ids, each once, in order. */
export function parseShardIds(text: string): number[] | null {
  const ids = new Set<number>();
  for (const part of text.split(",")) {
    const range = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return null;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

const shardIds = z.string().transform((text, ctx) => {
  const ids = parseShardIds(text);
  if (ids === null) {
    ctx.addIssue({ code: "custom", message: "shard ids such as 0,1 or 0-3 (ranges ascending)" });
    return z.NEVER;
  }
  return ids;
});

const port = z.coerce
  .number({ message: "a TCP port, 0 to 65535" })
  .int()
  .min(0)
  .max(65_535, { message: "a TCP port, 0 to 65535" });

/** A yes/no variable: `true`/`1` or `false`/`0`; anything else is a mistake to name, not a quiet no. */
const flag = (byDefault: "true" | "false") =>
  z
    .enum(["true", "false", "1", "0"], { message: "true or false" })
    .default(byDefault)
    .transform((v) => v === "true" || v === "1");

const configShape = z.object({
  DISCORD_TOKEN: optional(
    z
      .string()
      .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, "a bot token: three dot-separated parts from the Developer Portal"),
  ),
  DISCORD_CLIENT_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  CORPUS_DIR: optional(z.string()).default("corpus"),
  DATA_DIR: optional(z.string()).default("data"),
  /** PostgreSQL for state shared by several processes; unset: SQLite at DATA_DIR/sitrep.db. */
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "a PostgreSQL URL such as postgres://sitrep:secret@db:5432/sitrep"),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  DISCORD_API_BASE_URL: optional(z.url({ message: "a URL such as http://127.0.0.1:8080/api" })),
  REGISTER_COMMANDS_ON_START: flag("false"),
  DIGESTS_ENABLED: flag("true"),
  MAX_REPORT_BYTES: z.coerce
    .number({ message: "a positive number of bytes" })
    .int()
    .positive({ message: "a positive number of bytes" })
    .default(DEFAULT_MAX_REPORT_BYTES),
  /** Read where the corpus is loaded (src/corpus/load.ts); checked here so a typo stops the start. */
  FOLLOW_EXTERNAL_LINKS: flag("false"),
  SHARD_COUNT: optional(
    z.union(
      [
        z.literal("auto"),
        z.coerce
          .number()
          .int()
          .min(1, { message: "a number of shards (1 or more) or auto" })
          .max(100_000, { message: "a number of shards (1 or more) or auto" }),
      ],
      { message: "a number of shards (1 or more) or auto" },
    ),
  ),
  SHARD_IDS: optional(shardIds),
  METRICS_PORT: optional(port),
  METRICS_HOST: optional(z.string()).default("127.0.0.1"),
  /** How long a process's claim on a digest run lasts unrenewed: after it, another may finish the run. */
  DIGEST_LEASE_SECONDS: z.coerce
    .number({ message: "a number of seconds, 1 or more" })
    .int()
    .min(1, { message: "a number of seconds, 1 or more" })
    .default(120),
});

export const configSchema = configShape.superRefine((config, ctx) => {
  if (config.SHARD_IDS === undefined) return;
  if (config.SHARD_COUNT === undefined) {
    ctx.addIssue({ code: "custom", path: ["SHARD_IDS"], message: "set together with SHARD_COUNT" });
    return;
  }
  const count = config.SHARD_COUNT;
  if (typeof count === "number" && config.SHARD_IDS.some((id) => id >= count)) {
    ctx.addIssue({ code: "custom", path: ["SHARD_IDS"], message: `shard ids below SHARD_COUNT (${count})` });
  }
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Requirement = "DISCORD_TOKEN" | "DISCORD_CLIENT_ID";

/**
 * Parses `env` (process.env plus .env by default). `require` names variables that are optional in
 * general but needed by the program that is starting (the bot needs a token).
 */
export function loadConfig(env: NodeJS.ProcessEnv | null = null, require: Requirement[] = []): Config {
  if (env === null) loadDotenv({ quiet: true });
  const source = env ?? process.env;
  const result = configSchema.safeParse(source);
  const problems = result.success ? [] : problemsOf(result.error.issues, source);
  for (const name of require) {
    if (!source[name]?.trim()) problems.push(`  ${name}: required to run this, but not set`);
  }
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(
      `Configuration problem:\n${problems.join("\n")}\nSet it in the environment or in .env (see .env.example for every variable).`,
    );
  }
  return result.data;
}

/** One line per problem, naming the variable and what it should be. */
function problemsOf(issues: readonly z.core.$ZodIssue[], source: NodeJS.ProcessEnv): string[] {
  return issues.map((issue) => {
    const name = issue.path.join(".");
    const value = source[name];
    // Never echo a secret back, even a malformed one.
    const got =
      value === undefined
        ? "not set"
        : name.includes("TOKEN") || name === "DATABASE_URL"
          ? "set, but malformed"
          : `got "${value}"`;
    return `  ${name}: should be ${issue.message.replace(/^Invalid input: /, "")} (${got})`;
  });
}

const cliConfigSchema = configShape.pick({
  CORPUS_DIR: true,
  DATA_DIR: true,
  MAX_REPORT_BYTES: true,
  FOLLOW_EXTERNAL_LINKS: true,
});

/**
 * What the CLI reads of the environment (no .env file: a script's environment is its own): the
 * folders, and the size limit and link rule, which the corpus's snapshot key and contents depend
 * on, so the CLI and a bot sharing a DATA_DIR read the corpus alike instead of replacing each
 * other's snapshot. The same checks as the bot's start.
 */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): z.infer<typeof cliConfigSchema> {
  const result = cliConfigSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    `configuration problem:\n${problemsOf(result.error.issues, env).join("\n")}\nSet it in the environment (see .env.example for every variable).`,
  );
}

/** For a program's entry point: the configuration, or null once its problems are printed to stderr. */
export function loadConfigOrReport(require: Requirement[]): Config | null {
  try {
    return loadConfig(null, require);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return null;
  }
}
